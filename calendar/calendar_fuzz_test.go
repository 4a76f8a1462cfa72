package calendar_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// textAsICS is what a TEXT value must read back as: line breaks as LF,
// other control characters and invalid UTF-8 as U+FFFD.
func textAsICS(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if (r < ' ' && r != '\t' && r != '\n') || r == 0x7f {
			return '\uFFFD'
		}
		return r
	}, s)
}

// FuzzWriteICS: whatever the text, every physical line is at most 75
// octets of valid UTF-8 ended by CRLF, no CR or LF appears unescaped, and
// the unfolded file reads back the text with no extra property.
func FuzzWriteICS(f *testing.F) {
	f.Add("Sale!\r\nX-EVIL:1", "Launch; day, one", "pillar\\")
	f.Add(strings.Repeat("🎉", 40), strings.Repeat("é", 50), "")
	f.Add("\x00\x1b\xff\xfe", "\r", "\n")
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		f.Fatal(err)
	}
	rule, err := calendar.ParseRule("FREQ=WEEKLY;BYDAY=MO")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, name, pillar string) {
		if len(text) > 5000 || len(name) > 5000 || len(pillar) > 5000 {
			return
		}
		e := calendar.Entry{ID: idOf("fuzz-entry"), Channel: channel.Facebook, At: calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid), Text: text, Status: calendar.StatusDraft}
		cal := calendar.Calendar{
			Name:       name,
			Entries:    []calendar.Entry{e},
			Milestones: []calendar.Milestone{{ID: idOf("fuzz-m"), Name: name + "x", At: e.At}},
			Routines: []calendar.Routine{{ID: idOf("fuzz-r"), Channel: channel.X, Pillar: pillar, Owner: ana,
				Recurrence: calendar.Recurrence{Start: e.At, Rule: rule}}},
		}
		var buf bytes.Buffer
		if err := calendar.WriteICS(&buf, cal, icsStamp, &calendar.ICSOptions{Names: map[uuid.UUID]string{ana: text}}); err != nil {
			if buf.Len() != 0 {
				t.Fatal("wrote output for invalid input")
			}
			return // the text broke a channel limit: a validation error
		}
		ics := buf.String()
		if !strings.HasSuffix(ics, "\r\n") {
			t.Fatal("no final CRLF")
		}
		for _, l := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) || strings.ContainsAny(l, "\r\n") {
				t.Fatalf("bad physical line %q", l)
			}
		}
		lines := unfold(ics)
		allowed := map[string]bool{"BEGIN": true, "END": true, "VERSION": true, "PRODID": true, "CALSCALE": true, "METHOD": true,
			"X-WR-CALNAME": true, "TZID": true, "DTSTART": true, "TZOFFSETFROM": true, "TZOFFSETTO": true, "TZNAME": true,
			"UID": true, "DTSTAMP": true, "DURATION": true, "RRULE": true, "SUMMARY": true, "DESCRIPTION": true, "STATUS": true,
			"TRANSP": true, "X-TANDEM-CHANNEL": true, "X-TANDEM-STATUS": true, "X-TANDEM-KIND": true}
		for _, l := range lines {
			head, _, ok := strings.Cut(l, ":")
			n, _, _ := strings.Cut(head, ";")
			if !ok || !allowed[n] {
				t.Fatalf("unexpected line %q", l)
			}
		}
		if text != "" {
			// The routine's description comes first, the entry's last.
			if got := property(lines, "DESCRIPTION"); len(got) != 2 || got[1] != textAsICS(text) {
				t.Fatalf("DESCRIPTION %q, want %q", got, textAsICS(text))
			}
		}
		if got := property(lines, "SUMMARY"); len(got) != 3 || got[2] != textAsICS(name+"x") {
			t.Fatalf("SUMMARY %q, want %q last", got, textAsICS(name+"x"))
		}
	})
}

// FuzzWriteCSV: NeutralizeCell leaves no cell starting like a formula;
// under each policy WriteCSV either refuses a message or writes it so that
// it reads back through encoding/csv as exactly the text (after the
// apostrophe, under CSVFormulaApostrophe), and under the default policy no
// message it writes starts like a formula.
func FuzzWriteCSV(f *testing.F) {
	for _, s := range []string{"=1+1", "+34", "-", "@x", "\tx", "\rx", "plain", "'q", "a,b\n\"c\"", "a\r\nb", "\x00", "\u0085"} {
		f.Add(s)
	}
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := calendar.NeutralizeCell(s)
		if n != s && n != "'"+s {
			t.Fatalf("NeutralizeCell(%q) = %q", s, n)
		}
		if n != "" && strings.ContainsRune("=+-@\t\r", rune(n[0])) {
			t.Fatalf("NeutralizeCell(%q) = %q still starts like a formula", s, n)
		}
		e := calendar.Entry{ID: idOf("csv"), Channel: channel.Facebook, At: calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid), Text: s, Status: calendar.StatusScheduled}
		for _, policy := range []calendar.CSVFormulaPolicy{"", calendar.CSVFormulaApostrophe, calendar.CSVFormulaVerbatim} {
			var buf bytes.Buffer
			if err := calendar.WriteCSV(&buf, []calendar.Entry{e}, madrid, e.At.AddDate(0, 0, -1), &calendar.CSVOptions{Formulas: policy}); err != nil {
				if buf.Len() != 0 {
					t.Fatal("wrote output for refused input")
				}
				continue
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatalf("%q: %v", buf.String(), err)
			}
			want := s
			if policy == calendar.CSVFormulaApostrophe {
				want = n
			}
			if len(rows) != 1 || rows[0][1] != want {
				t.Fatalf("policy %q: read back %q, want %q", policy, rows, want)
			}
			if policy == "" && strings.ContainsRune("=+-@\t\r", rune(rows[0][1][0])) {
				t.Fatalf("default policy wrote %q, which starts like a formula", rows[0][1])
			}
		}
	})
}

// fuzzJSON decodes data into a T; when it decodes, Validate must not
// panic, and a valid value must survive a JSON round trip unchanged.
func fuzzJSON[T interface{ Validate() error }](t *testing.T, data []byte) {
	var v T
	if json.Unmarshal(data, &v) != nil {
		return
	}
	if v.Validate() != nil {
		return
	}
	first, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("valid value does not marshal: %v", err)
	}
	var back T
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatalf("%s does not decode: %v", first, err)
	}
	second, err := json.Marshal(back)
	if err != nil || !bytes.Equal(first, second) {
		t.Fatalf("round trip changed %s into %s (%v)", first, second, err)
	}
}

func FuzzEntryJSON(f *testing.F) {
	f.Add([]byte(`{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","channel":"x","at":"2026-11-01T01:30:00-05:00","zone":"America/New_York","text":"hi","status":"scheduled"}`))
	f.Add([]byte(`{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","channel":"instagram","at":"2026-03-29T02:30:00","zone":"Europe/Madrid","status":"draft","link":"https://x.example"}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzJSON[calendar.Entry](t, data) })
}

func FuzzRoutineJSON(f *testing.F) {
	f.Add([]byte(`{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","channel":"x","recurrence":{"start":"2026-03-02T10:00:00","zone":"Europe/Madrid","rule":"FREQ=WEEKLY;BYDAY=MO"},"from":"2026-03-05T00:00:00","until":"2026-06-01T00:00:00"}`))
	f.Add([]byte(`{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","channel":"x","recurrence":{"start":"2026-04-05T02:30:00","zone":"Australia/Sydney","rule":"FREQ=DAILY;COUNT=3"}}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzJSON[calendar.Routine](t, data) })
}

func FuzzBusinessHoursJSON(f *testing.F) {
	f.Add([]byte(`{"zone":"Europe/Madrid","week":{"monday":["09:00-17:00"],"friday":["09:00-13:00","14:00-24:00"]},"holidays":["2026-12-25"]}`))
	f.Add([]byte(`{"zone":"America/Santiago","week":{"sunday":["00:00-01:00"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzJSON[calendar.BusinessHours](t, data) })
}

// FuzzAddBusiness: AddBusiness ends, never goes back in time, and
// BusinessBetween measures back the duration added.
func FuzzAddBusiness(f *testing.F) {
	f.Add(int64(1772812800), uint16(30), uint8(0), uint8(9), uint8(8), uint8(0b0111110), false)
	f.Add(int64(1775350000), uint16(600), uint8(5), uint8(0), uint8(2), uint8(1), true)
	f.Add(int64(1772812800), uint16(1), uint8(1), uint8(9), uint8(0), uint8(0b0001000), false)
	f.Fuzz(func(t *testing.T, unix int64, minutes uint16, zone, startHour, hours, days uint8, holiday bool) {
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		if err != nil {
			t.Fatal(err)
		}
		start := time.Unix(unix%(20*365*86400)+1767225600, 0).In(loc) // 2026 to 2046
		h := calendar.BusinessHours{Location: loc}
		r := calendar.ClockRange{Start: calendar.Clock{Hour: int(startHour) % 24}, End: calendar.Clock{Hour: min(int(startHour)%24+1+int(hours)%24, 24)}}
		for wd := range 7 {
			if days&(1<<wd) != 0 {
				h.Week[wd] = []calendar.ClockRange{r}
			}
		}
		if holiday {
			h.Holidays = []calendar.LocalDate{calendar.DateOf(start), calendar.DateOf(start).AddDays(1)}
		}
		d := time.Duration(minutes) * time.Minute
		if minutes%7 == 3 {
			// Durations of up to the largest: bounded, exact or ErrBusinessRange.
			d = time.Duration(uint64(unix)>>1) | time.Duration(minutes)
		}
		due, err := h.AddBusiness(start, d)
		if days&0x7f == 0 {
			if err == nil {
				t.Fatal("a schedule with no open hours must be an error")
			}
			return
		}
		if errors.Is(err, calendar.ErrBusinessRange) && d > 100*365*24*time.Hour/7 {
			return // beyond 9999 on a sparse schedule
		}
		if err != nil {
			t.Fatal(err)
		}
		if due.Before(start) {
			t.Fatalf("due %v before start %v", due, start)
		}
		back, err := h.BusinessBetween(start, due)
		if err != nil || back != d {
			t.Fatalf("BusinessBetween(%v, %v) = %v, %v; want %v", start, due, back, err, d)
		}
	})
}
