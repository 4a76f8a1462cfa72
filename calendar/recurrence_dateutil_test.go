package calendar_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
)

// requireExternal reports whether tests that need an outside program must
// fail, instead of skip, when it is missing (.ci/run sets it).
func requireExternal() bool { return os.Getenv("TANDEM_REQUIRE_EXTERNAL") == "1" }

// findDateutil returns a Python interpreter that can import dateutil and
// zoneinfo: $TANDEM_PYTHON, Debian's /usr/bin/python3 (where apt installs
// python3-dateutil), or python3 on the PATH.
func findDateutil() (string, error) {
	var candidates []string
	if p := os.Getenv("TANDEM_PYTHON"); p != "" {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, "/usr/bin/python3")
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if exec.Command(p, "-c", "import dateutil.rrule, zoneinfo").Run() == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no python3 with dateutil among %v (apt-get install python3-dateutil)", candidates)
}

type dateutilCase struct {
	Start string `json:"start"`
	Zone  string `json:"zone"`
	Rule  string `json:"rule"`
	To    int64  `json:"to"`
	Max   int    `json:"max"`
}

type dateutilResult struct {
	Insts     []int64 `json:"insts"`
	Truncated bool    `json:"truncated"`
	Error     string  `json:"error"`
}

// TestBetweenMatchesDateutil compares Between with python-dateutil's
// rrule, an independent implementation, on seeded random rules in the six
// test zones and UTC (2000 a run; see dateutilCases), sent to one
// Python process in one batch. Both sides are reduced to sorted,
// de-duplicated instants; dateutil's wall times are mapped to instants by
// RFC 5545 §3.3.5 (see testdata/dateutil_rrule.py, which also adjusts for
// dateutil leaving out a DTSTART that does not match the rule).
//
// Where the two may legitimately differ, the comparison is narrowed, each
// time for a stated reason:
//
//   - COUNT: dateutil counts wall times, tandem counts distinct instants,
//     so where two wall times meet in one instant (an hourly rule across a
//     spring-forward gap) tandem's set runs on further. dateutil's set
//     must then be a prefix of tandem's.
//   - dateutil's output is capped at 300 wall times per rule; when it hits
//     the cap only instants well before its last one are compared.
func TestBetweenMatchesDateutil(t *testing.T) {
	python, err := findDateutil()
	if err != nil {
		if requireExternal() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	n := dateutilCases(t)
	t0 := time.Now()
	rng := rand.New(rand.NewPCG(5545, 2009))
	recs := make([]calendar.Recurrence, 0, n)
	ends := make([]time.Time, 0, n)
	cases := make([]dateutilCase, 0, n)
	sparse := 0 // rules left out for dateutil's sake
	for len(recs) < n {
		rec, to := randomRecurrence(rng)
		if rec.Validate() != nil {
			continue
		}
		// dateutil only stops on an instance past the window (or past
		// UNTIL, or at COUNT); for a rule that has stopped matching it
		// scans on to the year 9999. Leave out rules with no instance
		// after the window; the engine's handling of those is tested by
		// TestBetweenImpossibleRulesEnd.
		//
		// dateutil also walks every empty period up to that instance, a
		// second at a time for FREQ=SECONDLY: a SECONDLY rule limited to
		// January, from a February start, costs it seconds of CPU. Leave
		// out rules whose next instance comes more than a window (or a
		// month, if longer) after the window: sub-daily rules that match
		// rarely. Their window holds the start only, and the engine's
		// scan of such rules is tested by TestBetweenImpossibleRulesEnd.
		endless := rec
		endless.Rule.Count, endless.Rule.Until = 0, time.Time{}
		after := to.Add(48 * time.Hour)
		next, ok := endless.Next(after)
		if !ok || next.Sub(after) > max(to.Sub(rec.Start), 31*24*time.Hour) {
			sparse++
			continue
		}
		recs = append(recs, rec)
		ends = append(ends, to)
		cases = append(cases, dateutilCase{
			Start: rec.Start.Format("2006-01-02T15:04:05"),
			Zone:  rec.Start.Location().String(),
			Rule:  rec.Rule.String(),
			To:    to.Unix(),
			Max:   300,
		})
	}
	input, err := json.Marshal(cases)
	require.NoError(t, err)
	if d := os.Getenv("DUMP_DATEUTIL"); d != "" {
		os.WriteFile(d, input, 0o644)
		t.Logf("generated in %v", time.Since(t0))
		return
	}
	results := runDateutil(t, python, input)
	require.Len(t, results, n)

	compared, timeouts, failures := 0, 0, 0
	for i, res := range results {
		c, rec := cases[i], recs[i]
		if res.Error == "timeout" {
			// dateutil scans until the year 9999 for a rule that has
			// stopped matching; tandem's answer is checked by the
			// impossible-rule tests instead.
			timeouts++
			continue
		}
		require.Empty(t, res.Error, "dateutil failed on %+v", c)
		var got []int64
		for x := range rec.Between(rec.Start, ends[i]) {
			got = append(got, x.Unix())
			if len(got) > 5000 {
				break
			}
		}
		want := res.Insts
		switch {
		case res.Truncated:
			cutoff := want[len(want)-1] - 4*3600
			want = slices.DeleteFunc(slices.Clone(want), func(x int64) bool { return x >= cutoff })
			got = slices.DeleteFunc(got, func(x int64) bool { return x >= cutoff })
		case rec.Rule.Count > 0 && len(got) > len(want):
			got = got[:len(want)]
		}
		if !slices.Equal(want, got) {
			if failures++; failures <= 15 {
				t.Errorf("case %d: %s in %s from %s until %s:\n dateutil %v\n tandem   %v",
					i, c.Rule, c.Zone, c.Start, ends[i].UTC().Format(time.RFC3339), formatUnix(want, rec.Start.Location()), formatUnix(got, rec.Start.Location()))
			}
			continue
		}
		compared++
	}
	t.Logf("compared %d rules with dateutil (%d dateutil timeouts skipped, %d sparse rules left out)", compared, timeouts, sparse)
	require.Zero(t, failures, "rules where tandem and dateutil differ")
	require.Less(t, timeouts, n/100, "too many dateutil timeouts")
}

// dateutilCases is the number of rules TestBetweenMatchesDateutil
// compares: 2000 by default (about 1.5 s), or $TANDEM_DATEUTIL_CASES (the
// generator is seeded, so a larger number compares the same rules and
// more).
func dateutilCases(t *testing.T) int {
	s := os.Getenv("TANDEM_DATEUTIL_CASES")
	if s == "" {
		return 2000
	}
	n, err := strconv.Atoi(s)
	require.NoError(t, err, "TANDEM_DATEUTIL_CASES")
	require.Positive(t, n, "TANDEM_DATEUTIL_CASES")
	return n
}

func formatUnix(xs []int64, loc *time.Location) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = time.Unix(x, 0).In(loc).Format("2006-01-02T15:04:05-0700")
	}
	return out
}

var diffZones = []string{"America/New_York", "Europe/Madrid", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "UTC"}

// randomRecurrence builds a random rule that respects the N/A table of
// RFC 5545 §3.3.10, with a start around DST-sensitive hours, and the end
// of a window sized to the frequency.
func randomRecurrence(rng *rand.Rand) (calendar.Recurrence, time.Time) {
	loc, _ := time.LoadLocation(diffZones[rng.IntN(len(diffZones))])
	pick := func(p float64) bool { return rng.Float64() < p }
	hours := []int{0, 1, 2, 3, 23, 9, 10, 12, 18}
	start := calendar.Date(1995+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(31),
		hours[rng.IntN(len(hours))], []int{0, 15, 30, 45, rng.IntN(60)}[rng.IntN(5)], 0, 0, loc)
	if pick(0.1) {
		start = start.Add(time.Duration(rng.IntN(60)) * time.Second)
	}

	freqs := []struct {
		f    calendar.Frequency
		w    float64
		span time.Duration
	}{
		{calendar.Yearly, 0.15, 30 * 365 * 24 * time.Hour},
		{calendar.Monthly, 0.2, 6 * 365 * 24 * time.Hour},
		{calendar.Weekly, 0.2, 2 * 365 * 24 * time.Hour},
		{calendar.Daily, 0.2, 400 * 24 * time.Hour},
		{calendar.Hourly, 0.12, 30 * 24 * time.Hour},
		{calendar.Minutely, 0.08, 2 * 24 * time.Hour},
		{calendar.Secondly, 0.05, 3 * time.Hour},
	}
	x := rng.Float64()
	fi := 0
	for ; fi < len(freqs)-1 && x >= freqs[fi].w; fi++ {
		x -= freqs[fi].w
	}
	f := freqs[fi]
	r := calendar.Rule{Freq: f.f}
	yearly, monthly, weekly := f.f == calendar.Yearly, f.f == calendar.Monthly, f.f == calendar.Weekly
	subDaily := f.f == calendar.Hourly || f.f == calendar.Minutely || f.f == calendar.Secondly

	ints := func(n int, gen func() int) []int {
		out := make([]int, 0, n)
		for range n {
			out = append(out, gen())
		}
		return out
	}
	signed := func(max int) func() int {
		return func() int {
			v := 1 + rng.IntN(max)
			if pick(0.3) {
				return -v
			}
			return v
		}
	}
	switch {
	case pick(0.55):
	case pick(0.85):
		r.Interval = 2 + rng.IntN(4)
	default:
		r.Interval = 7 + rng.IntN(34)
	}
	if pick(0.3) {
		for _, m := range ints(1+rng.IntN(3), func() int { return 1 + rng.IntN(12) }) {
			r.ByMonth = append(r.ByMonth, time.Month(m))
		}
	}
	if yearly && pick(0.15) {
		// Weeks ±52 and ±53 are left out: dateutil miscounts the weeks of
		// the previous year for the first days of January (it takes this
		// year's length), so that 2022-01-01, in ISO week 52 of 2021,
		// comes out of BYWEEKNO=53; and it does not try negative weeks on
		// the last days of December that belong to week 1 of the next
		// year. tandem's week numbers are checked against ISO 8601
		// (time.Time.ISOWeek) in TestWeekno.
		r.ByWeekNo = ints(1+rng.IntN(2), signed(51))
	}
	if (yearly || subDaily) && pick(0.1) {
		r.ByYearDay = ints(1+rng.IntN(3), signed(366))
	}
	if !weekly && pick(0.25) {
		r.ByMonthDay = ints(1+rng.IntN(3), signed(31))
	}
	if pick(0.4) {
		ordinals := (monthly || yearly) && len(r.ByWeekNo) == 0 && pick(0.5)
		maxOrd := 5
		if yearly && len(r.ByMonth) == 0 {
			maxOrd = 53
		}
		for range 1 + rng.IntN(4) {
			d := calendar.WeekdayNum{Day: calendar.WeekdayOf(time.Weekday(rng.IntN(7)))}
			if ordinals {
				d.N = signed(maxOrd)()
				if maxOrd == 53 && pick(0.7) {
					d.N = signed(5)()
				}
			}
			r.ByDay = append(r.ByDay, d)
		}
	}
	if pick(0.25) {
		r.ByHour = ints(1+rng.IntN(3), func() int { return hours[rng.IntN(len(hours))] })
	}
	if pick(0.25) {
		r.ByMinute = ints(1+rng.IntN(3), func() int { return []int{0, 15, 30, 45, rng.IntN(60)}[rng.IntN(5)] })
	}
	if pick(0.1) {
		r.BySecond = ints(1+rng.IntN(2), func() int { return rng.IntN(60) })
	}
	if pick(0.15) && (len(r.ByMonth)+len(r.ByWeekNo)+len(r.ByYearDay)+len(r.ByMonthDay)+len(r.ByDay)+len(r.ByHour)+len(r.ByMinute)+len(r.BySecond) > 0) {
		r.BySetPos = ints(1+rng.IntN(2), signed(5))
	}
	if pick(0.2) {
		r.WeekStart = calendar.WeekdayOf(time.Weekday(rng.IntN(7)))
	}
	if weekly && len(r.BySetPos) > 0 {
		// dateutil starts the first WEEKLY period at DTSTART instead of at
		// the start of its week (WKST), so BYSETPOS counts from a shorter
		// first week; RFC 5545 says the set "starts at the beginning of
		// the interval". Starting on the week's first day avoids the case.
		wkst := time.Monday
		if r.WeekStart != "" {
			wkst = r.WeekStart.Std()
		}
		back := (int(start.Weekday()) - int(wkst) + 7) % 7
		start = calendar.Date(start.Year(), start.Month(), start.Day()-back, start.Hour(), start.Minute(), start.Second(), 0, loc)
	}
	to := start.Add(f.span)
	switch {
	case pick(0.45):
		r.Count = 1 + rng.IntN(40)
	case pick(0.35):
		r.Until = start.Add(time.Duration(rng.Int64N(int64(f.span)))).UTC().Truncate(time.Second)
	}
	return calendar.Recurrence{Start: start, Rule: r}, to
}

// runDateutil sends input, a JSON list of dateutilCase, to the python
// script that expands each with dateutil, and returns its results.
func runDateutil(t *testing.T, python string, input []byte) []dateutilResult {
	t.Helper()
	cmd := exec.Command(python, "testdata/dateutil_rrule.py")
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	output, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var results []dateutilResult
	require.NoError(t, json.Unmarshal(output, &results))
	return results
}
