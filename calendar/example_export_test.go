package calendar_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// A routine exported to iCalendar: the recurring event, with its zone
// defined by a VTIMEZONE (left out of the printout here).
func ExampleWriteICS() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	rule, _ := calendar.ParseRule("FREQ=WEEKLY;BYDAY=MO,WE,FR")
	cal := calendar.Calendar{Routines: []calendar.Routine{{
		ID: uuid.MustParse("6f1c2b1e-0000-4000-8000-000000000001"), Channel: channel.Instagram, Pillar: "behind the scenes, weekly",
		Recurrence: calendar.Recurrence{Start: calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid), Rule: rule},
		Until:      calendar.Date(2026, 7, 1, 0, 0, 0, 0, madrid),
	}}}
	var buf bytes.Buffer
	if err := calendar.WriteICS(&buf, cal, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), nil); err != nil {
		fmt.Println(err)
		return
	}
	ics := buf.String()
	event := ics[strings.Index(ics, "BEGIN:VEVENT"):]
	fmt.Print(strings.ReplaceAll(event, "\r\n", "\n"))
	// Output:
	// BEGIN:VEVENT
	// UID:routine-6f1c2b1e-0000-4000-8000-000000000001@tandem
	// DTSTAMP:20260201T000000Z
	// DTSTART;TZID=Europe/Madrid:20260302T100000
	// DURATION:PT30M
	// RRULE:FREQ=WEEKLY;UNTIL=20260630T215959Z;BYDAY=MO,WE,FR
	// SUMMARY:Instagram routine: behind the scenes\, weekly
	// DESCRIPTION:Pillar: behind the scenes\, weekly
	// X-TANDEM-CHANNEL:instagram
	// END:VEVENT
	// END:VCALENDAR
}

// One channel account's posts as a bulk-upload CSV: local times in the
// account's zone, each message exactly as it will be published. A message
// that a spreadsheet would run as a formula is refused unless the caller
// says what to give up.
func ExampleWriteCSV() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	entries := []calendar.Entry{
		{ID: uuid.UUID{15: 1}, Channel: channel.Facebook, At: calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid),
			Text: "Spring menu, now served", Link: "https://example.com/menu", Status: calendar.StatusScheduled},
		{ID: uuid.UUID{15: 2}, Channel: channel.Facebook, At: calendar.Date(2026, 3, 3, 18, 30, 0, 0, madrid),
			Text: "-20% on every menu tonight", Status: calendar.StatusScheduled},
	}
	now := calendar.Date(2026, 3, 1, 9, 0, 0, 0, madrid)
	err := calendar.WriteCSV(os.Stdout, entries, madrid, now, nil)
	fmt.Println(err)

	// Published as written; whoever opens the file in a spreadsheet may
	// see the cell run.
	if err := calendar.WriteCSV(os.Stdout, entries, madrid, now, &calendar.CSVOptions{Formulas: calendar.CSVFormulaVerbatim}); err != nil {
		fmt.Println(err)
	}

	late := entries[:1]
	err = calendar.WriteCSV(os.Stdout, late, madrid, entries[0].At.Add(-5*time.Minute), nil)
	fmt.Println(err)
	// Output:
	// invalid: rows[1].message: row 2's message starts with "-", which a spreadsheet runs as a formula; reword it, or choose CSVOptions.Formulas (apostrophe: the apostrophe is published; verbatim: the cell may run)
	// 02/03/2026 10:00,"Spring menu, now served",https://example.com/menu
	// 03/03/2026 18:30,-20% on every menu tonight,
	// invalid: rows[0].at: row 1 is at 2026-03-02 10:00:00 CET; posts must be at least 10m0s after 2026-03-02 09:55 CET
}

// One account's posts for Sprout Social's bulk import: the documented
// header row, the date and 24-hour time in columns of their own, and the
// link inside the message. The post the founder's profile publishes is
// her variant of the entry; a post less than ten minutes after another is
// refused, naming the row.
func ExampleWriteCSV_sprout() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	launch := calendar.Entry{ID: uuid.UUID{15: 1}, Channel: channel.LinkedIn, Accounts: []string{"acmecoffee", "janeroe"},
		At: calendar.Date(2026, 3, 2, 9, 0, 0, 0, madrid), Text: "We opened our second café.", Link: "https://example.com/cafe",
		Variants: []calendar.Variant{{Account: "janeroe", Text: "We opened our second café: I could not be prouder."}},
		Status:   calendar.StatusScheduled}
	soon := calendar.Entry{ID: uuid.UUID{15: 2}, Channel: channel.LinkedIn, Accounts: []string{"janeroe"},
		At: calendar.Date(2026, 3, 2, 9, 5, 0, 0, madrid), Text: "Come by!", Status: calendar.StatusScheduled}
	now := calendar.Date(2026, 3, 1, 9, 0, 0, 0, madrid)
	opts := &calendar.CSVOptions{Dialect: calendar.CSVSprout, Account: "janeroe"}
	if err := calendar.WriteCSV(os.Stdout, []calendar.Entry{launch}, madrid, now, opts); err != nil {
		fmt.Println(err)
	}
	fmt.Println(calendar.WriteCSV(os.Stdout, []calendar.Entry{launch, soon}, madrid, now, opts))
	// Output:
	// date,time_24hr,message_text
	// 02/03/2026,09:00,"We opened our second café: I could not be prouder.
	// https://example.com/cafe"
	// invalid: rows[1].at: row 2 is 5m0s after row 1; Sprout needs posts at least 10m0s apart
}

// One file per account: an entry published from two accounts is in the
// group of each.
func ExampleGroupByAccount() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	at := func(day int) time.Time { return calendar.Date(2026, 3, day, 9, 0, 0, 0, madrid) }
	entries := []calendar.Entry{
		{ID: uuid.UUID{15: 1}, Channel: channel.LinkedIn, Accounts: []string{"acmecoffee", "janeroe"}, At: at(2), Text: "Both"},
		{ID: uuid.UUID{15: 2}, Channel: channel.LinkedIn, Accounts: []string{"janeroe"}, At: at(3), Text: "Founder"},
		{ID: uuid.UUID{15: 3}, Channel: channel.Instagram, At: at(4), Text: "The only Instagram account"},
	}
	for _, g := range calendar.GroupByAccount(entries) {
		account := "the only account"
		if g.Account != "" {
			account = "@" + g.Account
		}
		fmt.Printf("%s, %s: %d posts\n", g.Channel, account, len(g.Entries))
	}
	// Output:
	// instagram, the only account: 1 posts
	// linkedin, @acmecoffee: 1 posts
	// linkedin, @janeroe: 2 posts
}
