package calendar_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/")

// hostile is text that tries to break out of an iCalendar property. (A
// backslash followed by n, or two backslashes, are tested in
// TestWriteICSFolding only: python-icalendar 4 unescapes with sequential
// string replaces and misreads the correctly escaped \\n and \\\\.)
const hostile = "Sale!\r\nX-INJECTED:1\r\nEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:evil;x=1,y C:\\temp\\ 🎉🇪🇸👩‍👩‍👧 " +
	"a long line that goes on and on well past the seventy-five octet limit of RFC 5545 with ñ and 日本語 and more 🎉🎉🎉🎉🎉"

// sampleCalendar is a small calendar over several zones and DST changes.
func sampleCalendar(t testing.TB) calendar.Calendar {
	t.Helper()
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		return loc
	}
	madrid, ny, lordHowe, santiago := zone("Europe/Madrid"), zone("America/New_York"), zone("Australia/Lord_Howe"), zone("America/Santiago")
	rule := func(s string) calendar.Rule {
		r, err := calendar.ParseRule(s)
		require.NoError(t, err)
		return r
	}
	ig := calendar.Routine{
		ID: idOf("routine-ig"), Channel: channel.Instagram, Account: "cafeaurora", Pillar: "behind the scenes", Format: "reel", Owner: ana,
		Recurrence: calendar.Recurrence{
			Start:   wall(madrid, 2026, 1, 5, 10, 0),
			Rule:    rule("FREQ=WEEKLY;BYDAY=MO,WE,FR"),
			ExDates: []time.Time{wall(madrid, 2026, 4, 3, 10, 0)},
			RDates:  []time.Time{wall(madrid, 2026, 4, 4, 12, 0)},
		},
	}
	li := calendar.Routine{
		ID: idOf("routine-li"), Channel: channel.LinkedIn, Pillar: "thought leadership", Owner: bea,
		Recurrence: calendar.Recurrence{Start: wall(ny, 2026, 1, 6, 8, 30), Rule: rule("FREQ=MONTHLY;BYDAY=1TU,3TU;COUNT=20")},
		From:       wall(ny, 2026, 3, 1, 0, 0),
		Until:      wall(ny, 2026, 11, 1, 0, 0),
	}
	lh := calendar.Routine{
		ID: idOf("routine-lh"), Channel: channel.X, Pillar: "island news",
		Recurrence: calendar.Recurrence{Start: wall(lordHowe, 2026, 3, 30, 2, 15), Rule: rule("FREQ=DAILY;INTERVAL=3")},
		Until:      wall(lordHowe, 2026, 12, 31, 0, 0),
	}
	scl := calendar.Routine{
		ID: idOf("routine-scl"), Channel: channel.Facebook, Pillar: "community",
		Recurrence: calendar.Recurrence{Start: wall(santiago, 2026, 1, 3, 0, 30), Rule: rule("FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20261231T000000Z")},
	}
	e1 := post("entry-1", channel.Instagram, wall(madrid, 2026, 3, 29, 10, 0), "Spring menu, new dishes; see you at 10!\nLink in bio.")
	e1.Link = "https://example.com/menu?a=1,2;b=3"
	e1.RoutineID = ig.ID
	// Two accounts publish it, the chef's with a first comment and a
	// picture of her own; media of known and unknown types.
	e1.Accounts = []string{"cafeaurora", "chef.ana"}
	e1.FirstComment = "#spring #menu"
	e1.Media = []channel.Media{
		{Kind: channel.Image, URL: "https://cdn.example.com/menu/cover.JPG", AltText: "The spring menu, on a slate; five dishes"},
		{Kind: channel.Video, URL: "https://cdn.example.com/menu/kitchen.mp4?v=2", Duration: 45 * time.Second, Thumbnail: "https://cdn.example.com/menu/kitchen.jpg"},
	}
	e1.Variants = []calendar.Variant{{Account: "chef.ana", Text: "I cooked the spring menu, see you at 10!",
		Media: []channel.Media{{Kind: channel.Image, URL: "https://cdn.example.com/ana/plate.webp", AltText: "Ana plating the first dish"}}}}
	e2 := post("entry-2", channel.X, wall(ny, 2026, 11, 1, 1, 30).Add(time.Hour), hostile) // the second 01:30
	e2.Status = calendar.StatusDraft
	e3 := post("entry-3", channel.Facebook, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), "UTC post")
	e3.Status = calendar.StatusCancelled
	e3.Accounts = []string{"cafeaurora", "chef.ana", "aurora.events"}
	e3.Media = []channel.Media{{Kind: channel.Image, URL: "https://cdn.example.com/media/8841"}}
	e4 := post("entry-4", channel.YouTube, wall(madrid, 2026, 4, 10, 18, 0), "How we roast our beans, from the sack to the cup.")
	e4.Accounts = []string{"cafeaurora"}
	e4.Title = "Roasting day at Café Aurora: a whole morning with the roasters"
	e4.Media = []channel.Media{{Kind: channel.Video, URL: "https://cdn.example.com/roast.mov", Duration: 8*time.Minute + 30*time.Second}}
	return calendar.Calendar{
		Name:     "Café Aurora, 2026",
		Routines: []calendar.Routine{ig, li, lh, scl},
		Entries:  []calendar.Entry{e1, e2, e3, e4},
		Milestones: []calendar.Milestone{
			calendar.NewDayMilestone(idOf("launch"), "Launch; day one, finally", calendar.LocalDate{Year: 2026, Month: 9, Day: 6}, santiago),
			{ID: idOf("report"), Name: "Q1 report", At: wall(madrid, 2026, 4, 1, 9, 0)},
		},
		Blackouts: []calendar.Blackout{calendar.NewDayBlackout(calendar.LocalDate{Year: 2026, Month: 10, Day: 25}, calendar.LocalDate{Year: 2026, Month: 10, Day: 25}, madrid, "company day")},
	}
}

var icsStamp = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func writeSample(t testing.TB, cal calendar.Calendar) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, calendar.WriteICS(&buf, cal, icsStamp, &calendar.ICSOptions{Names: teamNames}))
	return buf.String()
}

func TestWriteICSGolden(t *testing.T) {
	got := writeSample(t, sampleCalendar(t))
	path := filepath.Join("testdata", "sample.ics")
	if *updateGolden {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run TestWriteICSGolden -update to create it")
	assert.Equal(t, string(want), got)
}

// checkICSLines asserts the physical form of an iCalendar file: CRLF line
// ends only, at most 75 octets a line, valid UTF-8, no control characters
// but tab.
func checkICSLines(t testing.TB, ics string) {
	t.Helper()
	require.True(t, strings.HasSuffix(ics, "\r\n"), "ends with CRLF")
	lines := strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n")
	for i, l := range lines {
		require.LessOrEqual(t, len(l), 75, "line %d is %d octets: %q", i, len(l), l)
		require.True(t, utf8.ValidString(l), "line %d splits a UTF-8 sequence: %q", i, l)
		require.False(t, strings.ContainsAny(l, "\r\n\x00\x7f"), "line %d holds a bare CR or LF: %q", i, l)
		for _, r := range l {
			require.False(t, r < ' ' && r != '\t', "line %d holds control character %U", i, r)
		}
	}
}

// unfold joins folded lines (RFC 5545 §3.1).
func unfold(ics string) []string {
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(ics, "\r\n ", ""), "\r\n"), "\r\n")
}

// unescapeText undoes TEXT escaping.
func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// property returns the unescaped values of every property called name.
func property(lines []string, name string) []string {
	var out []string
	for _, l := range lines {
		// The value starts after the first colon that is not inside a
		// parameter; tandem writes no quoted parameters.
		head, value, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		if n, _, _ := strings.Cut(head, ";"); n == name {
			out = append(out, unescapeText(value))
		}
	}
	return out
}

func TestWriteICSForm(t *testing.T) {
	cal := sampleCalendar(t)
	ics := writeSample(t, cal)
	checkICSLines(t, ics)
	lines := unfold(ics)

	// Hostile text comes back whole, with line breaks as \n, and adds no
	// property or component.
	assert.Contains(t, property(lines, "DESCRIPTION"), strings.ReplaceAll(hostile, "\r\n", "\n"))
	assert.Empty(t, property(lines, "X-INJECTED"))
	// Components, counted on whole lines: the escaped text holds the
	// words BEGIN:VEVENT too, inside a DESCRIPTION.
	count := func(line string) int {
		n := 0
		for _, l := range lines {
			if l == line {
				n++
			}
		}
		return n
	}
	assert.Equal(t, 4+4+2+1, count("BEGIN:VEVENT"), "routines, entries, milestones, blackout")
	assert.Equal(t, 4+4+2+1, count("END:VEVENT"))
	assert.Equal(t, 1, count("END:VCALENDAR"))
	assert.Contains(t, property(lines, "SUMMARY"), "Launch; day one, finally")
	assert.Contains(t, property(lines, "X-WR-CALNAME"), "Café Aurora, 2026")

	// Stable UIDs and the caller's stamp.
	assert.Contains(t, property(lines, "UID"), "entry-"+idOf("entry-1").String()+"@tandem")
	for _, s := range property(lines, "DTSTAMP") {
		assert.Equal(t, "20260101T000000Z", s)
	}
	assert.Equal(t, ics, writeSample(t, cal), "the same calendar gives the same bytes")

	// The second 01:30 of New York's fall-back night is written in UTC.
	assert.Contains(t, lines, "DTSTART:20261101T063000Z")
	assert.Contains(t, lines, "DTSTART;TZID=Europe/Madrid:20260329T100000")
	assert.Contains(t, lines, "DTSTART;VALUE=DATE:20260906")
	assert.Contains(t, lines, "DTSTART:20260601T120000Z", "UTC needs no VTIMEZONE")

	// The active period is folded into the rule: the LinkedIn routine
	// starts at its first instance from March 1, with the skipped
	// instances taken off COUNT (Jan 6, Jan 20, Feb 3, Feb 17), and stops
	// before November 1.
	assert.Contains(t, lines, "DTSTART;TZID=America/New_York:20260303T083000")
	assert.Contains(t, lines, "RRULE:FREQ=MONTHLY;COUNT=16;BYDAY=1TU,3TU")
	assert.Contains(t, lines, "RRULE:FREQ=DAILY;INTERVAL=3;UNTIL=20261230T125959Z")

	// One VTIMEZONE per zone used, UTC excluded.
	assert.Equal(t, []string{"America/New_York", "America/Santiago", "Australia/Lord_Howe", "Europe/Madrid"}, property(lines, "TZID"))
	// Lord Howe's half-hour shift and Santiago's midnight change.
	assert.Contains(t, ics, "BEGIN:DAYLIGHT\r\nDTSTART:20261004T020000\r\nTZOFFSETFROM:+1030\r\nTZOFFSETTO:+1100\r\n")
	assert.Contains(t, ics, "BEGIN:DAYLIGHT\r\nDTSTART:20260906T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0300\r\n")
	assert.Contains(t, ics, "BEGIN:STANDARD\r\nDTSTART:20260405T000000\r\nTZOFFSETFROM:-0300\r\nTZOFFSETTO:-0400\r\n")
}

func TestWriteICSFolding(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	for _, text := range []string{
		strings.Repeat("a", 200),
		strings.Repeat("é", 100),
		strings.Repeat("🎉", 60),
		strings.Repeat("日本語", 40),
		strings.Repeat(`\;,`, 50),
		"x" + strings.Repeat("é", 80),
		`a literal \n, \N, \\n and \\ are not line breaks`,
		"tab\tand\x00nul\x1b",
	} {
		e := post("fold", channel.Facebook, wall(madrid, 2026, 3, 2, 10, 0), text)
		ics := writeSample(t, calendar.Calendar{Entries: []calendar.Entry{e}})
		checkICSLines(t, ics)
		want := strings.Map(func(r rune) rune {
			if r < ' ' && r != '\t' {
				return '\uFFFD' // control characters a content line cannot carry
			}
			return r
		}, text)
		assert.Equal(t, []string{want}, property(unfold(ics), "DESCRIPTION"))
	}
}

func TestWriteICSBadInput(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	var buf bytes.Buffer
	bad := post("b", channel.X, wall(madrid, 2026, 3, 2, 10, 0).In(time.FixedZone("CET", 3600)), "x")
	bad.RoutineID = idOf("nope")
	dup := post("b", channel.X, wall(madrid, 2026, 3, 2, 10, 0), "x")
	err := calendar.WriteICS(&buf, calendar.Calendar{Entries: []calendar.Entry{bad, dup}}, time.Time{}, &calendar.ICSOptions{PostDuration: -1, Domain: "a b"})
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeInvalid, "calendar.entries[0].at"},
		{validation.CodeNotFound, "calendar.entries[0].routineId"},
		{validation.CodeDuplicate, "calendar.entries[1].id"},
		{validation.CodeRequired, "stamp"}, // a parameter since issue 12 item 15
		{validation.CodeOutOfRange, "options.postDuration"},
		{validation.CodeInvalid, "options.domain"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s %s in %v", want.code, want.path, err)
	}
	assert.Zero(t, buf.Len(), "nothing is written for invalid input")
}

func TestEntrySummary(t *testing.T) {
	e := calendar.Entry{Channel: channel.LinkedIn, Text: "  First line\r\nsecond"}
	assert.Equal(t, "LinkedIn: First line", calendar.EntrySummary(e))
	e.Text = strings.Repeat("ab", 40)
	assert.Equal(t, "LinkedIn: "+strings.Repeat("ab", 29)+"a…", calendar.EntrySummary(e))
	e.Text = ""
	assert.Equal(t, "LinkedIn post", calendar.EntrySummary(e))

	// The accounts' handles, the first two and a count of the others.
	e.Text = "Hello\nworld"
	e.Accounts = []string{"acme"}
	assert.Equal(t, "LinkedIn @acme: Hello", calendar.EntrySummary(e))
	e.Accounts = []string{"acme", "janeroe"}
	assert.Equal(t, "LinkedIn @acme, @janeroe: Hello", calendar.EntrySummary(e))
	e.Accounts = []string{"acme", "janeroe", "acme.events", "acme.jobs"}
	assert.Equal(t, "LinkedIn @acme, @janeroe +2: Hello", calendar.EntrySummary(e))
	e.Text = ""
	assert.Equal(t, "LinkedIn @acme, @janeroe +2 post", calendar.EntrySummary(e))

	// The title, when there is one, in place of the text.
	y := calendar.Entry{Channel: channel.YouTube, Accounts: []string{"acme"}, Title: "Roasting day", Text: "How we roast"}
	assert.Equal(t, "YouTube @acme: Roasting day", calendar.EntrySummary(y))
	y.Title = strings.Repeat("t", 61)
	assert.Equal(t, "YouTube @acme: "+strings.Repeat("t", 59)+"…", calendar.EntrySummary(y))
}

func TestEntryDescription(t *testing.T) {
	e := calendar.Entry{Channel: channel.Instagram, Text: "Spring menu\nLink in bio"}
	assert.Equal(t, e.Text, calendar.EntryDescription(e), "a text alone is the description")
	assert.Empty(t, calendar.EntryDescription(calendar.Entry{Channel: channel.Instagram}))

	e.Accounts = []string{"acme", "janeroe"}
	e.FirstComment = "#spring"
	e.Media = []channel.Media{
		{Kind: channel.Image, URL: "https://cdn.example.com/a.jpg", AltText: "A plate"},
		{Kind: channel.Video, URL: "https://cdn.example.com/b.mp4", Duration: 90 * time.Second, Thumbnail: "https://cdn.example.com/b.jpg"},
	}
	e.Variants = []calendar.Variant{
		{Account: "janeroe", Text: "My spring menu", Link: "https://example.com/jane", Media: []channel.Media{}},
		{Account: "acme", FirstComment: "#menu"},
	}
	assert.Equal(t, "Spring menu\nLink in bio\n\n"+
		"First comment: #spring\n"+
		"Image: https://cdn.example.com/a.jpg (alt: A plate)\n"+
		"Video: https://cdn.example.com/b.mp4 (1m30s; thumbnail https://cdn.example.com/b.jpg)\n\n"+
		"@janeroe:\nText: My spring menu\nLink: https://example.com/jane\nMedia: none\n\n"+
		"@acme:\nFirst comment: #menu", calendar.EntryDescription(e))

	y := calendar.Entry{Channel: channel.YouTube, Title: "Roasting day", Media: []channel.Media{{Kind: channel.Document, URL: "https://cdn.example.com/d.pdf"}}}
	assert.Equal(t, "Title: Roasting day\nDocument: https://cdn.example.com/d.pdf", calendar.EntryDescription(y), "no blank line before the parts without a text")
}

// TestWriteICSAccountsAndMedia: each account an entry or routine names is
// an X-TANDEM-ACCOUNT (TEXT, escaped); each attachment of every post an
// ATTACH with its URL, with FMTTYPE only when the file's extension names
// a media type of the attachment's kind (RFC 5545 §3.8.1.1).
func TestWriteICSAccountsAndMedia(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	r := routine(t, "acct-routine", channel.LinkedIn, wall(madrid, 2026, 3, 2, 9, 0), "FREQ=WEEKLY;COUNT=3")
	r.Account = "acme"
	plain := routine(t, "plain-routine", channel.LinkedIn, wall(madrid, 2026, 3, 3, 9, 0), "FREQ=WEEKLY;COUNT=3")
	e := post("acct-entry", channel.LinkedIn, wall(madrid, 2026, 3, 2, 10, 0), "Deck inside")
	e.Accounts = []string{"acme", "odd;handle,x"}
	e.Media = []channel.Media{{Kind: channel.Document, URL: "https://cdn.example.com/deck.PDF"}}
	e.Variants = []calendar.Variant{{Account: "acme", Media: []channel.Media{
		{Kind: channel.Document, URL: "https://cdn.example.com/deck.pptx"},
	}}}
	// An Instagram carousel: a file whose name says nothing, a video
	// whose name says image, an image with a fragment, and the variant's
	// repeat of the entry's file.
	ig := post("acct-carousel", channel.Instagram, wall(madrid, 2026, 3, 2, 11, 0), "Carousel")
	ig.Accounts = []string{"acmecoffee", "janeroe"}
	ig.Media = []channel.Media{
		{Kind: channel.Image, URL: "https://cdn.example.com/get?file=deck.pdf"},
		{Kind: channel.Video, URL: "https://cdn.example.com/still.jpg"},
		{Kind: channel.Image, URL: "https://cdn.example.com/photo.png#crop"},
	}
	ig.Variants = []calendar.Variant{{Account: "janeroe", Media: []channel.Media{
		{Kind: channel.Image, URL: "https://cdn.example.com/photo.png#crop"},
		{Kind: channel.Image, URL: "https://cdn.example.com/jane.webp"},
	}}}
	ics := writeSample(t, calendar.Calendar{Routines: []calendar.Routine{r, plain}, Entries: []calendar.Entry{e, ig}})
	checkICSLines(t, ics)

	ev := vevent(t, ics, "routine-"+r.ID.String()+"@tandem")
	assert.Contains(t, ev, "SUMMARY:LinkedIn @acme routine: acct-routine")
	assert.Equal(t, []string{"X-TANDEM-ACCOUNT:acme"}, linesOf(ev, "X-TANDEM-ACCOUNT"))
	ev = vevent(t, ics, "routine-"+plain.ID.String()+"@tandem")
	assert.Contains(t, ev, "SUMMARY:LinkedIn routine: plain-routine")
	assert.Empty(t, linesOf(ev, "X-TANDEM-ACCOUNT"))

	ev = vevent(t, ics, "entry-"+e.ID.String()+"@tandem")
	assert.Equal(t, []string{`X-TANDEM-ACCOUNT:acme`, `X-TANDEM-ACCOUNT:odd\;handle\,x`}, linesOf(ev, "X-TANDEM-ACCOUNT"))
	assert.Equal(t, []string{"acme", "odd;handle,x"}, property(ev, "X-TANDEM-ACCOUNT"))
	assert.Equal(t, []string{
		"ATTACH;FMTTYPE=application/pdf:https://cdn.example.com/deck.PDF",
		"ATTACH;FMTTYPE=application/vnd.openxmlformats-officedocument.presentationml.presentation:https://cdn.example.com/deck.pptx",
	}, linesOf(ev, "ATTACH"), "the variant's after the entry's")
	ev = vevent(t, ics, "entry-"+ig.ID.String()+"@tandem")
	assert.Equal(t, []string{
		"ATTACH:https://cdn.example.com/get?file=deck.pdf",
		"ATTACH:https://cdn.example.com/still.jpg",
		"ATTACH;FMTTYPE=image/png:https://cdn.example.com/photo.png#crop",
		"ATTACH;FMTTYPE=image/webp:https://cdn.example.com/jane.webp",
	}, linesOf(ev, "ATTACH"), "each file once, the variant's after the entry's")
	ev = vevent(t, ics, "entry-"+e.ID.String()+"@tandem")
	assert.Contains(t, ev, `SUMMARY:LinkedIn @acme\, @odd\;handle\,x: Deck inside`)
}

// TestWriteICSOptionsConvention: the stamp is a parameter, the options a
// pointer that may be nil and whose zero value means the defaults.
func TestWriteICSOptionsConvention(t *testing.T) {
	cal := sampleCalendar(t)
	var nilOpts, zeroOpts bytes.Buffer
	require.NoError(t, calendar.WriteICS(&nilOpts, cal, icsStamp, nil))
	require.NoError(t, calendar.WriteICS(&zeroOpts, cal, icsStamp, &calendar.ICSOptions{}))
	assert.Equal(t, nilOpts.String(), zeroOpts.String())
	assert.Contains(t, nilOpts.String(), "\r\nDTSTAMP:20260101T000000Z\r\n")
	assert.Contains(t, nilOpts.String(), "\r\nPRODID:-//tandem//calendar//EN\r\n")

	var buf bytes.Buffer
	err := calendar.WriteICS(&buf, cal, time.Time{}, nil)
	assert.True(t, validation.Has(err, validation.CodeRequired, "stamp"), "%v", err)
	assert.Zero(t, buf.Len())
}

// vevent returns the unfolded lines of the VEVENT whose UID is uid.
func vevent(t testing.TB, ics, uid string) []string {
	t.Helper()
	lines := unfold(ics)
	for i, l := range lines {
		if l != "UID:"+uid {
			continue
		}
		var out []string
		for _, l := range lines[i:] {
			if l == "END:VEVENT" {
				return out
			}
			out = append(out, l)
		}
	}
	t.Fatalf("no VEVENT %s", uid)
	return nil
}

// TestWriteICSRepeatedWallTimes: a single instant whose wall time occurs
// twice is written in UTC, whichever occurrence it is, because readers
// disagree on which a TZID means (RFC 5545 says the first; ical.js,
// python-icalendar and libical take the second). RDATEs are always in
// UTC (libical ignores TZID on RDATE). A routine's DTSTART and EXDATEs keep
// the routine's wall clock: EXDATE is written with the wall time the rule
// generated, in DTSTART's form, so that a reader matches it with the
// instance it expands, however it reads that wall time.
func TestWriteICSRepeatedWallTimes(t *testing.T) {
	ny, madrid := mustZone(t, "America/New_York"), mustZone(t, "Europe/Madrid")
	nyFirst := wall(ny, 2026, 11, 1, 1, 30)      // 01:30 EDT, 05:30Z
	nySecond := nyFirst.Add(time.Hour)           // 01:30 EST, 06:30Z
	nyGap := wall(ny, 2026, 3, 8, 2, 30)         // 03:30 EDT, 07:30Z
	mdFirst := wall(madrid, 2026, 10, 25, 2, 30) // 02:30 CEST, 00:30Z
	mdSecond := mdFirst.Add(time.Hour)           // 02:30 CET, 01:30Z
	mdGap := wall(madrid, 2026, 3, 29, 2, 30)    // 03:30 CEST, 01:30Z

	daily := routine(t, "daily-0230", channel.X, wall(ny, 2026, 3, 1, 2, 30), "FREQ=DAILY;COUNT=30")
	daily.Recurrence.ExDates = []time.Time{nyGap, wall(ny, 2026, 3, 10, 2, 30), wall(ny, 2026, 6, 1, 2, 30)}
	daily.Recurrence.RDates = []time.Time{nyFirst, nySecond, wall(ny, 2026, 6, 1, 12, 0)}
	folded := routine(t, "folded", channel.X, wall(ny, 2026, 3, 1, 2, 30), "FREQ=DAILY")
	folded.From = wall(ny, 2026, 3, 8, 0, 0)
	cal := calendar.Calendar{
		Routines: []calendar.Routine{daily, folded},
		Entries: []calendar.Entry{
			post("ny-first", channel.X, nyFirst, "first"), post("ny-second", channel.X, nySecond, "second"), post("ny-gap", channel.X, nyGap, "gap"),
			post("md-first", channel.X, mdFirst, "first"), post("md-second", channel.X, mdSecond, "second"), post("md-gap", channel.X, mdGap, "gap"),
		},
		Milestones: []calendar.Milestone{{ID: idOf("m-first"), Name: "m", At: mdFirst}},
		Blackouts:  []calendar.Blackout{{From: nyFirst, To: nySecond, Reason: "overlap", Channels: []channel.Channel{channel.LinkedIn}}},
	}
	ics := writeSample(t, cal)
	checkICSLines(t, ics)
	for key, want := range map[string]string{
		"ny-first": "DTSTART:20261101T053000Z", "ny-second": "DTSTART:20261101T063000Z", "ny-gap": "DTSTART;TZID=America/New_York:20260308T033000",
		"md-first": "DTSTART:20261025T003000Z", "md-second": "DTSTART:20261025T013000Z", "md-gap": "DTSTART;TZID=Europe/Madrid:20260329T033000",
	} {
		assert.Contains(t, vevent(t, ics, "entry-"+idOf(key).String()+"@tandem"), want, key)
	}
	assert.Contains(t, vevent(t, ics, "milestone-"+idOf("m-first").String()+"@tandem"), "DTSTART:20261025T003000Z")
	lines := unfold(ics)
	assert.Contains(t, lines, "DTSTART:20261101T053000Z", "the blackout's start")
	assert.Contains(t, lines, "DTEND:20261101T063000Z", "the blackout's end")

	ev := vevent(t, ics, "routine-"+daily.ID.String()+"@tandem")
	assert.Contains(t, ev, "DTSTART;TZID=America/New_York:20260301T023000")
	// The instance that 02:30 on March 8 became (03:30 EDT) is excluded by
	// the wall time the rule asked for; June 1 is past COUNT and excludes
	// nothing, so it is left out.
	assert.Equal(t, []string{"EXDATE;TZID=America/New_York:20260308T023000", "EXDATE;TZID=America/New_York:20260310T023000"}, linesOf(ev, "EXDATE"))
	assert.Equal(t, []string{"RDATE:20260601T160000Z", "RDATE:20261101T053000Z", "RDATE:20261101T063000Z"}, linesOf(ev, "RDATE"))

	// From folded into the rule: the first instance is March 8's 02:30,
	// which tandem reads as 03:30; DTSTART keeps the rule's wall time, or
	// every later instance would move to 03:30.
	assert.Contains(t, vevent(t, ics, "routine-"+folded.ID.String()+"@tandem"), "DTSTART;TZID=America/New_York:20260308T023000")
}

// linesOf returns the lines of a component for property name.
func linesOf(lines []string, name string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, name+":") || strings.HasPrefix(l, name+";") {
			out = append(out, l)
		}
	}
	return out
}

// TestWriteICSBlackoutExdates: each routine instance that a blackout of
// the calendar skips on the routine's channel gets an EXDATE, in DTSTART's
// form at the wall time the rule generated; an RDATE in a blackout is left
// out; a rule-less routine keeps only the instants no blackout covers.
func TestWriteICSBlackoutExdates(t *testing.T) {
	madrid, ny := mustZone(t, "Europe/Madrid"), mustZone(t, "America/New_York")
	ig := routine(t, "ig", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=DAILY;COUNT=30")
	ig.Recurrence.RDates = []time.Time{wall(madrid, 2026, 3, 4, 18, 0), wall(madrid, 2026, 3, 5, 18, 0)}
	ig.Recurrence.ExDates = []time.Time{wall(madrid, 2026, 3, 4, 10, 0)} // also blacked out: one EXDATE
	x := routine(t, "x", channel.X, wall(ny, 2026, 3, 1, 2, 30), "FREQ=DAILY")
	x.From = wall(ny, 2026, 3, 3, 0, 0)
	single := calendar.Routine{ID: idOf("single"), Channel: channel.X, Recurrence: calendar.Recurrence{
		Start:  wall(madrid, 2026, 3, 4, 9, 0),
		RDates: []time.Time{wall(madrid, 2026, 3, 6, 9, 0), wall(madrid, 2026, 3, 7, 9, 0)},
	}}
	cal := calendar.Calendar{
		Routines: []calendar.Routine{ig, x, single},
		Blackouts: []calendar.Blackout{
			calendar.NewDayBlackout(calendar.LocalDate{Year: 2026, Month: 3, Day: 4}, calendar.LocalDate{Year: 2026, Month: 3, Day: 4}, madrid, "strike"),
			// X only: 03:00 to 04:00 EDT on March 8 holds the 03:30 that
			// 02:30 became; March 2 is before the routine's From.
			{From: wall(ny, 2026, 3, 8, 3, 0), To: wall(ny, 2026, 3, 8, 4, 0), Reason: "x outage", Channels: []channel.Channel{channel.X}},
			{From: wall(ny, 2026, 3, 2, 0, 0), To: wall(ny, 2026, 3, 3, 0, 0), Reason: "before from", Channels: []channel.Channel{channel.X}},
			// LinkedIn only: nothing here publishes there.
			{From: wall(madrid, 2026, 3, 10, 0, 0), To: wall(madrid, 2026, 3, 12, 0, 0), Reason: "li", Channels: []channel.Channel{channel.LinkedIn}},
		},
	}
	ics := writeSample(t, cal)
	checkICSLines(t, ics)

	ev := vevent(t, ics, "routine-"+ig.ID.String()+"@tandem")
	assert.Equal(t, []string{"EXDATE;TZID=Europe/Madrid:20260304T100000"}, linesOf(ev, "EXDATE"))
	assert.Equal(t, []string{"RDATE:20260305T170000Z"}, linesOf(ev, "RDATE"), "the RDATE of March 4 is blacked out")

	ev = vevent(t, ics, "routine-"+x.ID.String()+"@tandem")
	assert.Contains(t, ev, "DTSTART;TZID=America/New_York:20260303T023000")
	// 02:30 New York on March 4 is 08:30 in Madrid, inside the strike.
	assert.Equal(t, []string{"EXDATE;TZID=America/New_York:20260304T023000", "EXDATE;TZID=America/New_York:20260308T023000"}, linesOf(ev, "EXDATE"))

	ev = vevent(t, ics, "routine-"+single.ID.String()+"@tandem")
	assert.Contains(t, ev, "DTSTART;TZID=Europe/Madrid:20260306T090000", "the start is blacked out; the next instant starts")
	assert.Equal(t, []string{"RDATE:20260307T080000Z"}, linesOf(ev, "RDATE"))
	assert.Empty(t, linesOf(ev, "EXDATE"))

	// Every routine's instances in the file are its slots that no
	// blackout skips: Slots with the calendar's blackouts.
	for _, r := range cal.Routines {
		seq, err := calendar.Slots([]calendar.Routine{r}, cal.Blackouts, calendar.Window{From: wall(madrid, 2026, 1, 1, 0, 0), To: wall(madrid, 2027, 1, 1, 0, 0)})
		require.NoError(t, err)
		for s := range seq {
			for _, b := range cal.Blackouts {
				assert.False(t, b.Covers(s.Channel, s.At))
			}
		}
	}
}
