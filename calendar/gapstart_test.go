package calendar_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// gapStarts are starts written inside a DST gap, in zones with a
// one-hour gap at 02:00, a 30-minute one (Lord Howe) and gaps at midnight
// (Santiago, Beirut).
var gapStarts = []struct {
	zone, start string
	// first and later: the wall clock of the first instance and of the
	// next days' ones.
	first, later string
}{
	{"Europe/Madrid", "2027-03-28T02:30:00", "03:30", "02:30"},
	{"America/New_York", "2027-03-14T02:30:00", "03:30", "02:30"},
	{"Australia/Lord_Howe", "2027-10-03T02:15:00", "02:45", "02:15"},
	{"America/Santiago", "2027-09-05T00:30:00", "01:30", "00:30"},
	{"Asia/Beirut", "2027-03-28T00:30:00", "01:30", "00:30"},
}

// TestGapStartKeepsWallTime: a start written inside a DST gap is the
// instant after the gap, and the rule repeats the wall time written (RFC
// 5545 computes every instance from DTSTART's local time): 02:30 on the
// spring-forward day is 03:30, and 02:30 on the days after. JSON and the
// .ics keep the wall time written.
func TestGapStartKeepsWallTime(t *testing.T) {
	for _, c := range gapStarts {
		t.Run(c.zone, func(t *testing.T) {
			var rec calendar.Recurrence
			doc := fmt.Sprintf(`{"start":%q,"zone":%q,"rule":"FREQ=DAILY"}`, c.start, c.zone)
			require.NoError(t, json.Unmarshal([]byte(doc), &rec))
			var got []string
			for x := range rec.Between(rec.Start, rec.Start.AddDate(0, 0, 3)) {
				got = append(got, x.Format("15:04"))
			}
			assert.Equal(t, []string{c.first, c.later, c.later, c.later}, got)

			b, err := json.Marshal(rec)
			require.NoError(t, err)
			assert.JSONEq(t, doc, string(b))
			var back calendar.Recurrence
			require.NoError(t, json.Unmarshal(b, &back))
			assert.True(t, back.Start.Equal(rec.Start))
			assert.True(t, back.StartInGap)

			// The start is a shift: the wall time asked for is not the
			// instant's.
			var shifts []string
			for s := range rec.WallClockShifts(calendar.Window{From: rec.Start, To: rec.Start.Add(time.Hour)}) {
				shifts = append(shifts, s.Wall()+" "+string(s.Kind))
			}
			assert.Equal(t, []string{c.start + " gap"}, shifts)

			// The .ics writes DTSTART as the wall time written.
			r := calendar.Routine{ID: idOf("gap"), Channel: channel.Instagram, Recurrence: rec}
			require.NoError(t, r.Validate())
			var buf bytes.Buffer
			require.NoError(t, calendar.WriteICS(&buf, calendar.Calendar{Routines: []calendar.Routine{r}}, rec.Start, nil))
			assert.Contains(t, buf.String(), "DTSTART;TZID="+c.zone+":"+strings.NewReplacer("-", "", ":", "").Replace(c.start))
		})
	}
}

// TestGapStartInGo: StartInGap is refused on an instant that no gap wall
// time gives, and without it a Go-built start keeps the instant's own
// wall clock.
func TestGapStartInGo(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := calendar.Date(2027, 3, 28, 2, 30, 0, 0, madrid) // 03:30 CEST
	rec := calendar.Recurrence{Start: start, Rule: mustRule(t, "FREQ=DAILY;COUNT=2")}
	var got []string
	for x := range rec.Between(start, start.AddDate(0, 0, 3)) {
		got = append(got, x.Format("15:04"))
	}
	assert.Equal(t, []string{"03:30", "03:30"}, got)
	rec.StartInGap = true
	got = got[:0]
	for x := range rec.Between(start, start.AddDate(0, 0, 3)) {
		got = append(got, x.Format("15:04"))
	}
	assert.Equal(t, []string{"03:30", "02:30"}, got)
	require.NoError(t, rec.Validate())
	rec.Start = start.Add(time.Hour) // 04:30: no gap wall time gives it
	assert.Error(t, rec.Validate())
}

// TestGapStartMatchesDateutil compares gap starts with python-dateutil,
// which computes every instance from DTSTART's wall time too.
func TestGapStartMatchesDateutil(t *testing.T) {
	python, err := findDateutil()
	if err != nil {
		if requireExternal() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	var cases []dateutilCase
	var recs []calendar.Recurrence
	var ends []time.Time
	for _, c := range gapStarts {
		for _, rule := range []string{"FREQ=DAILY", "FREQ=WEEKLY;COUNT=20", "FREQ=MONTHLY;INTERVAL=6;COUNT=6", "FREQ=YEARLY;BYMONTH=3,9,10;BYDAY=SU;BYSETPOS=1,-1", "FREQ=HOURLY;INTERVAL=5;COUNT=40", "FREQ=DAILY;BYHOUR=0,2,10"} {
			var rec calendar.Recurrence
			require.NoError(t, json.Unmarshal([]byte(fmt.Sprintf(`{"start":%q,"zone":%q,"rule":%q}`, c.start, c.zone, rule)), &rec))
			to := rec.Start.AddDate(2, 0, 0)
			recs, ends = append(recs, rec), append(ends, to)
			cases = append(cases, dateutilCase{Start: c.start, Zone: c.zone, Rule: rule, To: to.Unix(), Max: 5000})
		}
	}
	input, err := json.Marshal(cases)
	require.NoError(t, err)
	results := runDateutil(t, python, input)
	require.Len(t, results, len(cases))
	for i, res := range results {
		require.Empty(t, res.Error, "%+v", cases[i])
		require.False(t, res.Truncated, "%+v", cases[i])
		var got []int64
		for x := range recs[i].Between(recs[i].Start, ends[i]) {
			got = append(got, x.Unix())
		}
		assert.True(t, slices.Equal(res.Insts, got), "%s %s %s:\n dateutil %v\n tandem   %v", cases[i].Zone, cases[i].Start, cases[i].Rule,
			formatUnix(res.Insts, recs[i].Start.Location()), formatUnix(got, recs[i].Start.Location()))
	}
}
