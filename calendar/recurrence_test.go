package calendar_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/validation"
)

func mustRule(t testing.TB, s string) calendar.Rule {
	t.Helper()
	r, err := calendar.ParseRule(s)
	require.NoError(t, err)
	return r
}

func collect(seq func(func(time.Time) bool)) []time.Time {
	var out []time.Time
	for x := range seq {
		out = append(out, x)
	}
	return out
}

func TestRecurrenceValidate(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	mon10 := time.Date(2026, 1, 5, 10, 0, 0, 0, madrid)
	tests := []struct {
		name string
		rec  calendar.Recurrence
		code validation.Code
		path string
	}{
		{"valid", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=WEEKLY;BYDAY=MO,WE,FR")}, "", ""},
		{"no rule", calendar.Recurrence{Start: mon10}, "", ""},
		{"utc start", calendar.Recurrence{Start: mon10.UTC(), Rule: mustRule(t, "FREQ=DAILY")}, "", ""},
		{"zero start", calendar.Recurrence{Rule: mustRule(t, "FREQ=DAILY")}, validation.CodeRequired, "start"},
		{"local start", calendar.Recurrence{Start: mon10.In(time.Local), Rule: mustRule(t, "FREQ=DAILY")}, validation.CodeInvalid, "start"},
		{"fixed zone start", calendar.Recurrence{Start: mon10.In(time.FixedZone("CET", 3600)), Rule: mustRule(t, "FREQ=DAILY")}, validation.CodeInvalid, "start"},
		{"fixed zone named like a real one", calendar.Recurrence{Start: mon10.In(time.FixedZone("UTC", 3600))}, validation.CodeInvalid, "start"},
		{"start after 9999", calendar.Recurrence{Start: mon10.AddDate(9000, 0, 0)}, validation.CodeOutOfRange, "start"},
		{"bad rule", calendar.Recurrence{Start: mon10, Rule: calendar.Rule{Freq: calendar.Daily, Interval: -1}}, validation.CodeOutOfRange, "rule.interval"},
		{"bad rule part", calendar.Recurrence{Start: mon10, Rule: calendar.Rule{Freq: calendar.Weekly, ByHour: []int{9, 30}}}, validation.CodeOutOfRange, "rule.byhour[1]"},
		{"zero exdate", calendar.Recurrence{Start: mon10, ExDates: []time.Time{mon10, {}}}, validation.CodeRequired, "exdates[1]"},
		{"zero rdate", calendar.Recurrence{Start: mon10, RDates: []time.Time{{}}}, validation.CodeRequired, "rdates[0]"},
		// Impossible once the start fills in what the rule leaves out.
		{"february 30th from the start's day", calendar.Recurrence{Start: time.Date(2026, 1, 30, 9, 0, 0, 0, madrid), Rule: mustRule(t, "FREQ=YEARLY;BYMONTH=2")},
			validation.CodeConflict, "rule"},
		{"hourly every 24 hours never at 05:00 from 10:00", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=HOURLY;INTERVAL=24;BYHOUR=5")},
			validation.CodeConflict, "rule.byhour"},
		{"every 90 minutes never at :15 from :00", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=MINUTELY;INTERVAL=90;BYMINUTE=15")},
			validation.CodeConflict, "rule.byminute"},
		{"every 60 seconds never at :30 from :00", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=SECONDLY;INTERVAL=60;BYSECOND=30")},
			validation.CodeConflict, "rule.bysecond"},
		{"every 7 days never on a Tuesday from a Monday", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=DAILY;INTERVAL=7;BYDAY=TU")},
			validation.CodeConflict, "rule.byday"},
		{"every 168 hours never on a Tuesday from a Monday", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=HOURLY;INTERVAL=168;BYDAY=TU")},
			validation.CodeConflict, "rule.byday"},
		{"one second a period, second position", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=SECONDLY;BYMONTH=12;BYSETPOS=-5")},
			validation.CodeConflict, "rule.bysetpos"},
		{"two minutes an hour, fifth position", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=HOURLY;BYMINUTE=0,30;BYSETPOS=5,-3")},
			validation.CodeConflict, "rule.bysetpos"},
		{"one position in reach", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=HOURLY;BYMINUTE=0,30;BYSETPOS=5,-2")}, "", ""},
		{"every 2 days reaches every weekday", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=DAILY;INTERVAL=2;BYDAY=TU")}, "", ""},
		{"every 25 hours reaches 05:00", calendar.Recurrence{Start: mon10, Rule: mustRule(t, "FREQ=HOURLY;INTERVAL=25;BYHOUR=5")}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rec.Validate()
			if tt.code == "" {
				assert.NoError(t, err)
				return
			}
			assert.True(t, validation.Has(err, tt.code, tt.path), "want %s at %q in %v", tt.code, tt.path, err)
		})
	}
}

func TestValidateWindow(t *testing.T) {
	a := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.NoError(t, calendar.ValidateWindow(a, a))
	assert.NoError(t, calendar.ValidateWindow(a, a.Add(time.Hour)))
	assert.True(t, validation.Has(calendar.ValidateWindow(a, a.Add(-time.Hour)), validation.CodeOrder, "to"))
	assert.True(t, validation.Has(calendar.ValidateWindow(time.Time{}, a), validation.CodeRequired, "from"))
}

func TestBetweenWindow(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := time.Date(2026, 1, 5, 10, 0, 0, 0, madrid)
	rec := calendar.Recurrence{Start: start, Rule: mustRule(t, "FREQ=DAILY;COUNT=5")}
	day := func(d int) time.Time { return time.Date(2026, 1, d, 10, 0, 0, 0, madrid) }

	assertInstants(t, []time.Time{day(5), day(6), day(7), day(8), day(9)}, collect(rec.Between(start.AddDate(-1, 0, 0), start.AddDate(1, 0, 0))))
	// from is inclusive, to exclusive.
	assertInstants(t, []time.Time{day(6), day(7)}, collect(rec.Between(day(6), day(8))))
	// Empty windows.
	assert.Empty(t, collect(rec.Between(day(8), day(6))))
	assert.Empty(t, collect(rec.Between(day(6), day(6))))
	assert.Empty(t, collect(rec.Between(day(10), day(30))))
	assert.Empty(t, collect(rec.Between(day(1), day(5))))
	// A window in another location gives instants in Start's location.
	for x := range rec.Between(day(6).UTC(), day(8).UTC()) {
		assert.Equal(t, madrid, x.Location())
	}
	// Breaking out early is fine.
	for range rec.Between(start, start.AddDate(1, 0, 0)) {
		break
	}
	// The zero Recurrence has no instances.
	assert.Empty(t, collect(calendar.Recurrence{}.Between(start, start.AddDate(1, 0, 0))))
}

func TestBetweenStartNotMatchingRule(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	// A Tuesday start for a Monday rule: the start is the first instance
	// and counts toward COUNT (RFC 5545: DTSTART is always the first).
	start := time.Date(2026, 1, 6, 9, 0, 0, 0, ny)
	rec := calendar.Recurrence{Start: start, Rule: mustRule(t, "FREQ=WEEKLY;BYDAY=MO;COUNT=3")}
	got := collect(rec.Between(start, start.AddDate(1, 0, 0)))
	assertInstants(t, []time.Time{start, time.Date(2026, 1, 12, 9, 0, 0, 0, ny), time.Date(2026, 1, 19, 9, 0, 0, 0, ny)}, got)

	// Rule instances before the start are not in the set.
	rec = calendar.Recurrence{Start: time.Date(2026, 1, 10, 9, 0, 0, 0, ny), Rule: mustRule(t, "FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=3")}
	got = collect(rec.Between(rec.Start.AddDate(-1, 0, 0), rec.Start.AddDate(1, 0, 0)))
	assertInstants(t, []time.Time{rec.Start, time.Date(2026, 1, 15, 9, 0, 0, 0, ny), time.Date(2026, 2, 1, 9, 0, 0, 0, ny)}, got)
}

func TestBetweenExAndRDates(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, madrid) }
	rec := calendar.Recurrence{
		Start: day(2, 10),
		Rule:  mustRule(t, "FREQ=DAILY;COUNT=5"), // 2, 3, 4, 5, 6 March
		// The start itself, an instance, and a date that is no instance.
		ExDates: []time.Time{day(4, 10), day(2, 10), day(20, 10)},
		// Out of order, a duplicate of an instance, one twice, one before
		// the start; given in UTC.
		RDates: []time.Time{day(10, 18).UTC(), day(3, 10), day(1, 8), day(10, 18), day(5, 12)},
	}
	got := collect(rec.Between(day(1, 0), day(31, 0)))
	assertInstants(t, []time.Time{day(1, 8), day(3, 10), day(5, 10), day(5, 12), day(6, 10), day(10, 18)}, got)
	for _, x := range got {
		assert.Equal(t, madrid, x.Location())
	}
	// EXDATEs do not give COUNT back; RDATEs do not use it up.
	assert.Len(t, got, 6)

	first, ok := rec.First()
	require.True(t, ok)
	assert.True(t, first.Equal(day(1, 8)))
	next, ok := rec.Next(day(5, 10))
	require.True(t, ok)
	assert.True(t, next.Equal(day(5, 12)))
	_, ok = rec.Next(day(10, 18))
	assert.False(t, ok)
}

// TestBetweenImpossibleRulesEnd runs rules that never (or almost never)
// match over windows of thousands of years: each sequence must end, with
// the start only, or with its rare instances.
func TestBetweenImpossibleRulesEnd(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := time.Date(2025, 1, 10, 10, 0, 0, 0, madrid)
	far := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		rule string
		want int // instances, the start included
	}{
		{"FREQ=HOURLY;INTERVAL=24;BYHOUR=5", 1},
		{"FREQ=MINUTELY;INTERVAL=1440;BYHOUR=5", 1},
		{"FREQ=SECONDLY;INTERVAL=86400;BYHOUR=5", 1},
		{"FREQ=YEARLY;BYMONTH=2", 1},                          // the 10th of February: every year
		{"FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", 1}, // 2025 + 4k is never a leap year
		{"FREQ=MONTHLY;INTERVAL=12;BYMONTH=3", 1},             // only Januaries are visited
		{"FREQ=DAILY;INTERVAL=7;BYDAY=TU", 1},                 // Fridays only
		{"FREQ=SECONDLY;BYMONTH=12;BYSETPOS=-5", 1},           // one second a period
		{"FREQ=MINUTELY;BYSECOND=0,30;BYSETPOS=3", 1},         // two seconds a period
		{"FREQ=DAILY;BYHOUR=9,10;BYSETPOS=-3", 1},             // two times a day
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			rule := mustRule(t, tt.rule)
			rec := calendar.Recurrence{Start: start, Rule: rule}
			got := collect(rec.Between(start, far))
			if tt.rule == "FREQ=YEARLY;BYMONTH=2" {
				assert.Len(t, got, 1+9999-2025+1) // the start and every 10 February
				return
			}
			assert.Len(t, got, tt.want)
		})
	}
	// Leap days every 4 years (8 across 2100): the cap never cuts a rule
	// that does match, however rarely.
	rec := calendar.Recurrence{Start: time.Date(2024, 2, 29, 10, 0, 0, 0, madrid), Rule: mustRule(t, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO")}
	got := collect(rec.Between(rec.Start, time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC)))
	for _, x := range got[1:] {
		assert.Equal(t, time.Monday, x.Weekday())
		assert.Equal(t, "02-29", x.Format("01-02"))
	}
	// 2044, 2072, 2112, 2140, …: a Monday leap day every 28 years, 40 or 12
	// across a century that is not a leap year.
	assert.Len(t, got, 1+14)
}

func TestRecurrenceJSON(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	ny := mustZone(t, "America/New_York")
	tests := []struct {
		name string
		rec  calendar.Recurrence
		json string
	}{
		{"weekly", calendar.Recurrence{Start: time.Date(2026, 1, 5, 10, 0, 0, 0, madrid), Rule: mustRule(t, "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0")},
			`{"start":"2026-01-05T10:00:00","zone":"Europe/Madrid","rule":"FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0"}`},
		{"no rule, with dates", calendar.Recurrence{
			Start:   time.Date(2026, 1, 5, 10, 0, 0, 500, madrid),
			ExDates: []time.Time{time.Date(2026, 1, 5, 10, 0, 0, 500, madrid)},
			RDates:  []time.Time{time.Date(2026, 7, 1, 9, 30, 0, 0, madrid)},
		}, `{"start":"2026-01-05T10:00:00.0000005","zone":"Europe/Madrid","exdates":["2026-01-05T10:00:00.0000005"],"rdates":["2026-07-01T09:30:00"]}`},
		{"second occurrence of a repeated hour keeps its offset", calendar.Recurrence{
			Start: time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC).In(ny), Rule: mustRule(t, "FREQ=DAILY;COUNT=2"),
		}, `{"start":"2026-11-01T01:30:00-05:00","zone":"America/New_York","rule":"FREQ=DAILY;COUNT=2"}`},
		{"utc", calendar.Recurrence{Start: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), Rule: mustRule(t, "FREQ=DAILY;UNTIL=20260110T000000Z")},
			`{"start":"2026-01-05T10:00:00","zone":"UTC","rule":"FREQ=DAILY;UNTIL=20260110T000000Z"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.rec)
			require.NoError(t, err)
			assert.JSONEq(t, tt.json, string(b))
			var back calendar.Recurrence
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.rec, back)
			assert.True(t, tt.rec.Start.Equal(back.Start))
		})
	}
}

func TestRecurrenceJSONErrors(t *testing.T) {
	tests := []struct {
		json string
		code validation.Code
		path string
	}{
		{`{"start":"2026-01-05T10:00:00","rule":"FREQ=DAILY"}`, validation.CodeRequired, "zone"},
		{`{"start":"2026-01-05T10:00:00","zone":"Mars/Olympus","rule":"FREQ=DAILY"}`, validation.CodeInvalid, "zone"},
		{`{"start":"2026-01-05T10:00:00","zone":"Local","rule":"FREQ=DAILY"}`, validation.CodeInvalid, "zone"},
		{`{"zone":"Europe/Madrid","rule":"FREQ=DAILY"}`, validation.CodeRequired, "start"},
		{`{"start":"05/01/2026 10:00","zone":"Europe/Madrid"}`, validation.CodeInvalid, "start"},
		{`{"start":"2026-01-05T10:00:00+05:00","zone":"Europe/Madrid"}`, validation.CodeInvalid, "start"},
		{`{"start":"2026-01-05T10:00:00","zone":"Europe/Madrid","rule":"FREQ=WEEKLY;BYDAY=MO,XX"}`, validation.CodeInvalid, "rule.byday[1]"},
		{`{"start":"2026-01-05T10:00:00","zone":"Europe/Madrid","rule":"FREQ=DAILY;UNTIL=20260301T000000"}`, validation.CodeInvalid, "rule.until"},
		{`{"start":"2026-01-05T10:00:00","zone":"Europe/Madrid","rule":"FREQ=HOURLY;INTERVAL=24;BYHOUR=5"}`, validation.CodeConflict, "rule.byhour"},
		{`{"start":"2026-01-05T10:00:00","zone":"Europe/Madrid","rule":5}`, validation.CodeInvalid, "rule"},
		{`{"start":"2026-01-05T10:00:00","zone":"Europe/Madrid","exdates":["x"]}`, validation.CodeInvalid, "exdates[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			var r calendar.Recurrence
			err := json.Unmarshal([]byte(tt.json), &r)
			assert.True(t, validation.Has(err, tt.code, tt.path), "want %s at %q in %v", tt.code, tt.path, err)
		})
	}
	// A Recurrence that JSON cannot carry is not written.
	_, err := json.Marshal(calendar.Recurrence{Start: time.Date(2026, 1, 5, 10, 0, 0, 0, time.FixedZone("X", 3600))})
	assert.Error(t, err)
	// A wall time in a gap reads as RFC 5545 §3.3.5 says.
	var r calendar.Recurrence
	require.NoError(t, json.Unmarshal([]byte(`{"start":"2026-03-29T02:30:00","zone":"Europe/Madrid"}`), &r))
	assert.Equal(t, "2026-03-29T03:30:00+02:00", r.Start.Format(time.RFC3339))
}

// TestBetweenSkipAhead checks that a window far from the start (where the
// engine begins near the window instead of at the start) gives the same
// instants as expanding from the start.
func TestBetweenSkipAhead(t *testing.T) {
	for _, zone := range []string{"America/Santiago", "Australia/Lord_Howe"} {
		loc := mustZone(t, zone)
		start := time.Date(2001, 3, 31, 0, 30, 0, 0, loc)
		for _, text := range []string{
			"FREQ=YEARLY;BYMONTH=4,9;BYDAY=1SA,1SU;BYHOUR=0,23;BYMINUTE=30",
			"FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=-1,1,15",
			"FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,SA;WKST=TU",
			"FREQ=DAILY;INTERVAL=11;BYSETPOS=1;BYHOUR=0,1,2",
			"FREQ=HOURLY;INTERVAL=7",
			"FREQ=MINUTELY;INTERVAL=97;BYHOUR=0,1,2,3",
			"FREQ=YEARLY;UNTIL=20300101T000000Z;BYWEEKNO=1,-1;BYDAY=MO,SU",
		} {
			rec := calendar.Recurrence{Start: start, Rule: mustRule(t, text)}
			from := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
			to := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
			var want []time.Time
			for x := range rec.Between(start, to) {
				if !x.Before(from) {
					want = append(want, x)
				}
			}
			got := collect(rec.Between(from, to))
			require.NotEmpty(t, want, text)
			assertInstants(t, want, got)
			assert.True(t, slices.IsSortedFunc(got, func(a, b time.Time) int { return a.Compare(b) }))
		}
	}
}

// TestBySetPosOutOfReach: positions larger than a period's set select
// nothing, and the positions in reach still select as before.
func TestBySetPosOutOfReach(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := time.Date(2026, 3, 28, 22, 0, 0, 0, madrid)
	rec := calendar.Recurrence{Start: start, Rule: mustRule(t, "FREQ=HOURLY;BYMINUTE=0,30;BYSETPOS=5,-2;COUNT=6")}
	want := []time.Time{start}
	for _, h := range []int{23, 24, 25, 27, 28} { // 02:00 on the 29th does not exist: 03:00 once
		want = append(want, calendar.Date(2026, 3, 28, h, 0, 0, 0, madrid))
	}
	assertInstants(t, want, collect(rec.Between(start, start.AddDate(0, 0, 2))))
}

// TestBetweenSubSecondBounds: with a start carrying nanoseconds, window
// bounds, RDATEs and EXDATEs in the same second as an instance are
// compared to the nanosecond.
func TestBetweenSubSecondBounds(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := time.Date(2026, 3, 2, 10, 0, 0, 500, madrid)
	day := func(d int, ns int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, ns, madrid) }
	rec := calendar.Recurrence{
		Start:   start,
		Rule:    mustRule(t, "FREQ=DAILY;COUNT=10"),
		RDates:  []time.Time{day(5, 499), day(6, 501)},
		ExDates: []time.Time{day(7, 499), day(8, 500)},
	}
	all := collect(rec.Between(start, day(20, 0)))
	want := []time.Time{day(2, 500), day(3, 500), day(4, 500), day(5, 499), day(5, 500), day(6, 500), day(6, 501), day(7, 500), day(9, 500), day(10, 500), day(11, 500)}
	require.Len(t, all, len(want))
	for i := range want {
		assert.True(t, want[i].Equal(all[i]), "%d: want %v, got %v", i, want[i], all[i])
	}
	for _, from := range []time.Time{day(4, 499), day(4, 500), day(4, 501), day(5, 499), day(5, 500), day(6, 501)} {
		for _, to := range []time.Time{day(9, 499), day(9, 500), day(9, 501), day(12, 0)} {
			var sub []time.Time
			for _, x := range all {
				if !x.Before(from) && x.Before(to) {
					sub = append(sub, x)
				}
			}
			got := collect(rec.Between(from, to))
			require.Len(t, got, len(sub), "from %v to %v", from, to)
			for i := range sub {
				assert.True(t, sub[i].Equal(got[i]), "from %v to %v: want %v, got %v", from, to, sub[i], got[i])
			}
		}
	}
}
