package calendar_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/civil"
)

// shiftText prints a shift as "wall kind UTC-instant".
func shiftText(s calendar.WallClockShift) string {
	return fmt.Sprintf("%s %s %s", s.Wall(), s.Kind, s.At.UTC().Format("2006-01-02T15:04Z"))
}

func collectShifts(seq func(func(calendar.WallClockShift) bool)) []string {
	out := []string{}
	for s := range seq {
		out = append(out, shiftText(s))
	}
	return out
}

func TestWallClockShifts(t *testing.T) {
	tests := []struct {
		name     string
		zone     string
		start    string // local wall time, read with Date
		rule     string
		from, to string // window, local dates
		want     []string
	}{
		{"new york daily 02:30 across spring forward", "America/New_York", "2026-03-01 02:30", "FREQ=DAILY", "2026-03-01", "2026-04-01",
			[]string{"2026-03-08T02:30:00 gap 2026-03-08T07:30Z"}},
		{"new york daily 01:30 across fall back", "America/New_York", "2026-10-01 01:30", "FREQ=DAILY", "2026-10-01", "2026-12-01",
			[]string{"2026-11-01T01:30:00 repeated 2026-11-01T05:30Z"}},
		{"new york daily 10:00 has no shift", "America/New_York", "2026-01-01 10:00", "FREQ=DAILY", "2026-01-01", "2027-01-01",
			[]string{}},
		{"madrid sunday 02:30 over a year", "Europe/Madrid", "2026-01-04 02:30", "FREQ=WEEKLY;BYDAY=SU", "2026-01-01", "2027-01-01",
			[]string{"2026-03-29T02:30:00 gap 2026-03-29T01:30Z", "2026-10-25T02:30:00 repeated 2026-10-25T00:30Z"}},
		{"madrid sunday 02:30 with COUNT ending before the fall back", "Europe/Madrid", "2026-01-04 02:30", "FREQ=WEEKLY;BYDAY=SU;COUNT=20", "2026-01-01", "2027-01-01",
			[]string{"2026-03-29T02:30:00 gap 2026-03-29T01:30Z"}},
		{"madrid sunday 02:30 with UNTIL before the spring gap", "Europe/Madrid", "2026-01-04 02:30", "FREQ=WEEKLY;BYDAY=SU;UNTIL=20260322T000000Z", "2026-01-01", "2027-01-01",
			[]string{}},
		// Lord Howe moves by 30 minutes, at 02:00 in October (02:00-02:30
		// skipped) and April (01:30-02:00 repeated).
		{"lord howe daily 02:15 across its 30-minute spring forward", "Australia/Lord_Howe", "2026-09-01 02:15", "FREQ=DAILY", "2026-09-01", "2026-11-01",
			[]string{"2026-10-04T02:15:00 gap 2026-10-03T15:45Z"}},
		{"lord howe daily 01:45 across its 30-minute fall back", "Australia/Lord_Howe", "2026-03-01 01:45", "FREQ=DAILY", "2026-03-01", "2026-05-01",
			[]string{"2026-04-05T01:45:00 repeated 2026-04-04T14:45Z"}},
		{"lord howe daily 01:15 is before the repeated half hour", "Australia/Lord_Howe", "2026-03-01 01:15", "FREQ=DAILY", "2026-03-01", "2026-05-01",
			[]string{}},
		// An hourly rule: 02:30 moves onto 03:30's instant (reported once,
		// as the gap); in November the repeated 01:30 is its first
		// occurrence and the second is never generated.
		{"new york hourly across spring forward", "America/New_York", "2026-03-08 00:30", "FREQ=HOURLY", "2026-03-08", "2026-03-09",
			[]string{"2026-03-08T02:30:00 gap 2026-03-08T07:30Z"}},
		{"new york hourly across fall back", "America/New_York", "2026-11-01 00:30", "FREQ=HOURLY", "2026-11-01", "2026-11-02",
			[]string{"2026-11-01T01:30:00 repeated 2026-11-01T05:30Z"}},
		{"madrid every 20 minutes through the gap", "Europe/Madrid", "2026-03-29 01:00", "FREQ=MINUTELY;INTERVAL=20;COUNT=8", "2026-03-29", "2026-03-30",
			[]string{"2026-03-29T02:00:00 gap 2026-03-29T01:00Z", "2026-03-29T02:20:00 gap 2026-03-29T01:20Z", "2026-03-29T02:40:00 gap 2026-03-29T01:40Z"}},
		{"madrid BYHOUR=2,9 from March", "Europe/Madrid", "2026-03-01 09:30", "FREQ=DAILY;BYHOUR=2,9;BYMINUTE=30", "2026-03-01", "2026-11-01",
			[]string{"2026-03-29T02:30:00 gap 2026-03-29T01:30Z", "2026-10-25T02:30:00 repeated 2026-10-25T00:30Z"}},
		// The start itself on a repeated wall time.
		{"new york start on the repeated 01:30", "America/New_York", "2026-11-01 01:30", "FREQ=WEEKLY;COUNT=2", "2026-10-01", "2026-12-01",
			[]string{"2026-11-01T01:30:00 repeated 2026-11-01T05:30Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustZone(t, tt.zone)
			st, err := time.Parse("2006-01-02 15:04", tt.start)
			require.NoError(t, err)
			rec := calendar.Recurrence{Start: calendar.Date(st.Year(), st.Month(), st.Day(), st.Hour(), st.Minute(), 0, 0, loc), Rule: mustRule(t, tt.rule)}
			require.NoError(t, rec.Validate())
			w := calendar.Window{From: dayIn(t, tt.from, loc), To: dayIn(t, tt.to, loc)}
			got := collectShifts(rec.WallClockShifts(w))
			assert.Equal(t, tt.want, got)
			// Every shift is an instance of Between, in its zone.
			for s := range rec.WallClockShifts(w) {
				n := 0
				for x := range rec.Between(s.At, s.At.Add(time.Second)) {
					assert.True(t, x.Equal(s.At))
					n++
				}
				assert.Equal(t, 1, n, "%s is an instance", shiftText(s))
				assert.Equal(t, loc, s.At.Location())
			}
		})
	}
}

func dayIn(t testing.TB, s string, loc *time.Location) time.Time {
	d, err := calendar.ParseLocalDate(s)
	require.NoError(t, err)
	return d.In(loc)
}

func TestWallClockShiftsSetAndWindow(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	start := wall(ny, 2026, 3, 1, 2, 30)
	gapDay := wall(ny, 2026, 3, 8, 2, 30) // 03:30 EDT
	rec := calendar.Recurrence{Start: start, Rule: mustRule(t, "FREQ=DAILY")}
	year := calendar.Window{From: start, To: start.AddDate(1, 0, 0)}
	assert.Equal(t, []string{"2026-03-08T02:30:00 gap 2026-03-08T07:30Z"}, collectShifts(rec.WallClockShifts(year)))

	// The window is half open, like Between's.
	assert.Len(t, collectShifts(rec.WallClockShifts(calendar.Window{From: gapDay, To: gapDay.Add(time.Second)})), 1)
	assert.Empty(t, collectShifts(rec.WallClockShifts(calendar.Window{From: start, To: gapDay})))
	assert.Empty(t, collectShifts(rec.WallClockShifts(calendar.Window{From: gapDay, To: gapDay})))
	assert.Empty(t, collectShifts(rec.WallClockShifts(calendar.Window{From: gapDay, To: start})))

	// An EXDATE removes the instance; an RDATE on a repeated wall time is
	// an exact instant and is not reported.
	rec.ExDates = []time.Time{gapDay}
	rec.RDates = []time.Time{wall(ny, 2026, 11, 1, 1, 30).Add(time.Hour)}
	assert.Empty(t, collectShifts(rec.WallClockShifts(year)))

	// A routine's active period narrows the window.
	r := calendar.Routine{ID: idOf("r"), Channel: channel.X, Recurrence: calendar.Recurrence{Start: start, Rule: mustRule(t, "FREQ=DAILY")}}
	assert.Len(t, collectShifts(r.WallClockShifts(year)), 1)
	r.From = wall(ny, 2026, 3, 9, 0, 0)
	assert.Empty(t, collectShifts(r.WallClockShifts(year)))
	r.From, r.Until = time.Time{}, wall(ny, 2026, 3, 8, 0, 0)
	assert.Empty(t, collectShifts(r.WallClockShifts(year)))

	// A start given as the second occurrence of its wall time.
	second := wall(ny, 2026, 11, 1, 1, 30).Add(time.Hour)
	rec = calendar.Recurrence{Start: second}
	got := collectShifts(rec.WallClockShifts(calendar.Window{From: second.Add(-time.Hour), To: second.Add(time.Hour)}))
	assert.Equal(t, []string{"2026-11-01T01:30:00 repeated 2026-11-01T06:30Z"}, got)

	// Stopping early stops.
	n := 0
	for range (calendar.Recurrence{Start: wall(ny, 2026, 1, 4, 1, 30), Rule: mustRule(t, "FREQ=DAILY")}).WallClockShifts(calendar.Window{From: start, To: start.AddDate(5, 0, 0)}) {
		n++
		break
	}
	assert.Equal(t, 1, n)
}

// TestWallClockShiftsMatchReference compares WallClockShifts with an
// independent reference: the same rule expanded from the same wall time
// in UTC, where no wall time is skipped or repeated, gives the wall times
// the rule asks for; each is then classified and resolved with
// civil.Resolve. Random rules in zones with 1-hour, 30-minute and midnight
// changes.
func TestWallClockShiftsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	rules := []string{
		"FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;BYDAY=SU,SA", "FREQ=WEEKLY;BYDAY=SU;BYHOUR=0,1,2,3;BYMINUTE=0,30",
		"FREQ=MONTHLY;BYDAY=-1SU,1SU", "FREQ=HOURLY;INTERVAL=5", "FREQ=HOURLY", "FREQ=MINUTELY;INTERVAL=45",
		"FREQ=YEARLY;BYMONTH=3,4,9,10,11;BYDAY=SU", "FREQ=DAILY;BYHOUR=0,2,23;BYMINUTE=15,45",
	}
	zones := []string{"America/New_York", "Europe/Madrid", "Australia/Lord_Howe", "America/Santiago", "Europe/Dublin", "Pacific/Chatham"}
	compared, gaps, repeats := 0, 0, 0
	for i := range 300 {
		loc := mustZone(t, zones[i%len(zones)])
		rule := rules[rng.IntN(len(rules))]
		y, m, d := 2025+rng.IntN(3), time.Month(1+rng.IntN(12)), 1+rng.IntN(28)
		h, mi := []int{0, 1, 2, 3, 23, rng.IntN(24)}[rng.IntN(6)], []int{0, 15, 30, 45}[rng.IntN(4)]
		rec := calendar.Recurrence{Start: calendar.Date(y, m, d, h, mi, 0, 0, loc), Rule: mustRule(t, rule)}
		if rec.Validate() != nil {
			continue
		}
		from := rec.Start.AddDate(0, rng.IntN(6), 0)
		to := from.AddDate(1, 0, 0)
		if rule[5] == 'H' || rule[5] == 'M' && rule[6] == 'I' {
			to = from.AddDate(0, 2, 0)
		}

		// The reference.
		sh, smi, ss := rec.Start.Clock()
		sy, sm, sd := rec.Start.Date()
		utcRec := calendar.Recurrence{Start: time.Date(sy, sm, sd, sh, smi, ss, 0, time.UTC), Rule: rec.Rule}
		var want []string
		seen := map[int64]bool{}
		if k := civil.KindOf(rec.Start); k == civil.Repeated && !rec.Start.Before(from) && rec.Start.Before(to) {
			want = append(want, shiftText(calendar.WallClockShift{Date: calendar.DateOf(rec.Start), Hour: sh, Minute: smi, Second: ss, At: rec.Start, Kind: calendar.WallClockRepeated}))
			seen[rec.Start.Unix()] = true
		}
		for wt := range utcRec.Between(from.Add(-48*time.Hour), to.Add(48*time.Hour)) {
			wy, wm, wd := wt.Date()
			wh, wmi, ws := wt.Clock()
			at, k := civil.Resolve(wy, wm, wd, wh, wmi, ws, 0, loc)
			if at.Before(from) || !at.Before(to) || !at.After(rec.Start) || seen[at.Unix()] {
				continue
			}
			seen[at.Unix()] = true
			if k == civil.Unique {
				continue
			}
			kind := calendar.WallClockGap
			if k == civil.Repeated {
				kind = calendar.WallClockRepeated
			}
			want = append(want, shiftText(calendar.WallClockShift{Date: calendar.LocalDate{Year: wy, Month: wm, Day: wd}, Hour: wh, Minute: wmi, Second: ws, At: at, Kind: kind}))
		}
		if want == nil {
			want = []string{}
		}
		got := collectShifts(rec.WallClockShifts(calendar.Window{From: from, To: to}))
		// The reference lists instants in wall order; a gap instant can
		// come after a later wall time's: compare as sets.
		assert.ElementsMatch(t, want, got, "%s from %s in %s over [%s, %s)", rule, rec.Start, loc, from, to)
		compared++
		for _, s := range got {
			switch {
			case strings.Contains(s, " gap "):
				gaps++
			case strings.Contains(s, " repeated "):
				repeats++
			}
		}
	}
	assert.Greater(t, compared, 250)
	assert.Greater(t, gaps, 100)
	assert.Greater(t, repeats, 60)
	t.Logf("%d recurrences, %d gaps, %d repeated", compared, gaps, repeats)
}

func TestWallClockShiftAllocs(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	rec := calendar.Recurrence{Start: wall(madrid, 2026, 1, 4, 2, 30), Rule: mustRule(t, "FREQ=DAILY;BYHOUR=2,9;BYMINUTE=30")}
	allocs := func(years int) float64 {
		w := calendar.Window{From: rec.Start, To: rec.Start.AddDate(years, 0, 0)}
		return testing.AllocsPerRun(20, func() {
			for range rec.WallClockShifts(w) {
			}
		})
	}
	assert.Equal(t, allocs(1), allocs(10), "a fixed number of allocations whatever the window")
}

func TestWallClockShiftJSON(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	rec := calendar.Recurrence{Start: wall(ny, 2026, 3, 1, 2, 30), Rule: mustRule(t, "FREQ=DAILY")}
	var s calendar.WallClockShift
	for s = range rec.WallClockShifts(calendar.Window{From: rec.Start, To: rec.Start.AddDate(0, 1, 0)}) {
	}
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"wall":"2026-03-08T02:30:00","at":"2026-03-08T03:30:00","zone":"America/New_York","kind":"gap"}`, string(b))
	var back calendar.WallClockShift
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, s.Wall(), back.Wall())
	assert.True(t, s.At.Equal(back.At))
	assert.Equal(t, s.At.Location().String(), back.At.Location().String())
	assert.Equal(t, s.Kind, back.Kind)
	assert.Equal(t, "2026-03-08 02:30 does not exist in America/New_York (DST gap): the slot is at 03:30 EDT", s.String())

	assert.Error(t, json.Unmarshal([]byte(`{"wall":"2026-03-08 02:30","kind":"gap"}`), &back))
	assert.Error(t, json.Unmarshal([]byte(`{"wall":"2026-03-08T02:30:00","kind":"moved"}`), &back))
	var k calendar.WallClockKind
	assert.Error(t, k.UnmarshalText([]byte("")))
	require.NoError(t, k.UnmarshalText([]byte("repeated")))
	assert.True(t, k.IsValid())
	assert.False(t, calendar.WallClockKind("moved").IsValid())
}

func BenchmarkWallClockShifts(b *testing.B) {
	madrid := mustZone(b, "Europe/Madrid")
	start := wall(madrid, 2026, 1, 5, 10, 0)
	rec := calendar.Recurrence{Start: start, Rule: mustRule(b, "FREQ=WEEKLY;BYDAY=MO,WE,FR")}
	w := calendar.Window{From: start, To: start.AddDate(10, 0, 0)}
	b.ReportAllocs()
	for range b.N {
		for range rec.WallClockShifts(w) {
		}
	}
}

// FuzzWallClockShifts: every shift is an instance of Between in the window,
// in time order; a gap's wall time is in a gap and resolves to At; a
// repeated wall time occurs twice and At shows it.
func FuzzWallClockShifts(f *testing.F) {
	for i, s := range fuzzRules {
		f.Add(s, uint8(i), int64(i)*7919*86400, uint32(86400*30*(i+1)))
	}
	f.Add("FREQ=DAILY;BYHOUR=1,2;BYMINUTE=30", uint8(0), int64(0), uint32(400*86400))
	f.Fuzz(func(t *testing.T, text string, zone uint8, startOff int64, length uint32) {
		rule, err := calendar.ParseRule(text)
		if err != nil {
			return
		}
		loc := mustZone(t, fuzzZones[int(zone)%len(fuzzZones)])
		base := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		start := time.Unix(base+int64(uint64(startOff)%(4_000_000_000)), 0).In(loc)
		w := calendar.Window{From: start, To: start.Add(time.Duration(int64(length)%(400*86400)) * time.Second)}
		rec := calendar.Recurrence{Start: start, Rule: rule}
		var shifts []calendar.WallClockShift
		for s := range rec.WallClockShifts(w) {
			if len(shifts) == 2000 {
				break
			}
			require.True(t, w.Contains(s.At), "%s outside the window", shiftText(s))
			require.True(t, len(shifts) == 0 || shifts[len(shifts)-1].At.Before(s.At), "not increasing at %s", shiftText(s))
			shifts = append(shifts, s)
		}
		// Every shift is an instance. Between is asked once per run of
		// shifts around one DST change (none two days apart), not once
		// per shift: a window of a nanosecond still costs Between the
		// day's instances, which for a SECONDLY rule is 86,400, and 2,000
		// such calls made one input run for 30 s.
		for i := 0; i < len(shifts); {
			j := i + 1
			for j < len(shifts) && shifts[j].At.Sub(shifts[j-1].At) < 48*time.Hour {
				j++
			}
			instances := map[int64]bool{}
			for x := range rec.Between(shifts[i].At, shifts[j-1].At.Add(time.Nanosecond)) {
				instances[x.UnixNano()] = true
			}
			for _, s := range shifts[i:j] {
				require.True(t, instances[s.At.UnixNano()], "%s is no instance", shiftText(s))
			}
			i = j
		}
		for _, s := range shifts {
			at, k := civil.Resolve(s.Date.Year, s.Date.Month, s.Date.Day, s.Hour, s.Minute, s.Second, 0, loc)
			switch s.Kind {
			case calendar.WallClockGap:
				require.Equal(t, civil.Gap, k, shiftText(s))
				require.True(t, at.Equal(s.At), shiftText(s))
			case calendar.WallClockRepeated:
				require.Equal(t, civil.Repeated, k, shiftText(s))
				y, m, d := s.At.Date()
				h, mi, sec := s.At.Clock()
				require.Equal(t, []int{s.Date.Year, int(s.Date.Month), s.Date.Day, s.Hour, s.Minute, s.Second}, []int{y, int(m), d, h, mi, sec})
			default:
				t.Fatalf("kind %q", s.Kind)
			}
		}
	})
}

// FuzzWallClockShiftJSON: decoding never panics, and whatever decodes
// with a kind (a null kind leaves the zero kind, which encodes as "" and
// decodes no more) encodes and decodes again to the same JSON.
func FuzzWallClockShiftJSON(f *testing.F) {
	f.Add([]byte(`{"wall":"2026-03-08T02:30:00","at":"2026-03-08T03:30:00","zone":"America/New_York","kind":"gap"}`))
	f.Add([]byte(`{"wall":"2026-11-01T01:30:00","at":"2026-11-01T01:30:00-05:00","zone":"America/New_York","kind":"repeated"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s calendar.WallClockShift
		if json.Unmarshal(data, &s) != nil || s.Kind == "" {
			return
		}
		first, err := json.Marshal(s)
		require.NoError(t, err)
		var back calendar.WallClockShift
		require.NoError(t, json.Unmarshal(first, &back), "%s", first)
		second, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(first), string(second))
	})
}
