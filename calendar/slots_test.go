package calendar_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// routine builds a routine from RRULE text starting at start.
func routine(t *testing.T, key string, c channel.Channel, start time.Time, rule string) calendar.Routine {
	t.Helper()
	r, err := calendar.ParseRule(rule)
	require.NoError(t, err)
	rt := calendar.Routine{ID: idOf(key), Channel: c, Recurrence: calendar.Recurrence{Start: start, Rule: r}, Pillar: key, Owner: "owner-" + key}
	require.NoError(t, rt.Validate())
	return rt
}

func TestRoutine(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	r := routine(t, "ig", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=WEEKLY;BYDAY=MO,WE,FR")
	r.From = wall(madrid, 2026, 3, 25, 0, 0)
	r.Until = wall(madrid, 2026, 4, 4, 0, 0)
	require.NoError(t, r.Validate())
	var got []string
	for t := range r.Between(wall(madrid, 2026, 1, 1, 0, 0), wall(madrid, 2027, 1, 1, 0, 0)) {
		got = append(got, t.Format("Mon 01-02 15:04 -07"))
	}
	// 10:00 Madrid on both sides of the change on March 29.
	assert.Equal(t, []string{"Wed 03-25 10:00 +01", "Fri 03-27 10:00 +01", "Mon 03-30 10:00 +02", "Wed 04-01 10:00 +02", "Fri 04-03 10:00 +02"}, got)

	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"from":"2026-03-25T00:00:00","until":"2026-04-04T00:00:00"`)
	assert.Contains(t, string(b), `"zone":"Europe/Madrid"`)
	var back calendar.Routine
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.From.Equal(r.From) && back.Until.Equal(r.Until))
	assert.Equal(t, r.Recurrence.Rule.String(), back.Recurrence.Rule.String())
	assert.True(t, back.Recurrence.Start.Equal(r.Recurrence.Start))
	assert.Equal(t, r.Pillar, back.Pillar)

	err = json.Unmarshal([]byte(`{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","channel":"x","recurrence":{"start":"2026-03-02T10:00:00","zone":"Europe/Madrid","rule":"FREQ=WEEKLY;INTERVAL=0"}}`), &back)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "recurrence.rule.interval") || validation.Has(err, validation.CodeInvalid, "recurrence.rule.interval"), "%v", err)

	bad := r
	bad.ID = [16]byte{}
	bad.Channel = "fax"
	bad.Until = r.From.Add(-time.Hour)
	bad.Recurrence.Start = r.Recurrence.Start.Add(time.Millisecond).In(time.Local)
	err = bad.Validate()
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeRequired, "id"},
		{validation.CodeNotSupported, "channel"},
		{validation.CodeOrder, "until"},
		{validation.CodeInvalid, "recurrence.start"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s %s in %v", want.code, want.path, err)
	}
}

func TestSlots(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	ny := mustZone(t, "America/New_York")
	routines := []calendar.Routine{
		routine(t, "x-ny", channel.X, wall(ny, 2026, 3, 2, 5, 0), "FREQ=DAILY"), // 05:00 NY = 10:00 or 11:00 Madrid
		routine(t, "ig", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
		routine(t, "x-mad", channel.X, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=DAILY"),
	}
	w := calendar.Window{From: wall(madrid, 2026, 3, 6, 0, 0), To: wall(madrid, 2026, 3, 10, 0, 0)}
	seq, err := calendar.Slots(routines, w)
	require.NoError(t, err)
	var got []string
	for s := range seq {
		got = append(got, s.At.In(madrid).Format("01-02 15:04")+" "+string(s.Channel)+" "+s.Pillar)
		assert.Equal(t, "owner-"+s.Pillar, s.Owner)
	}
	// New York moves its clocks on March 8, Madrid on March 29: 05:00 in
	// New York is 11:00 in Madrid until March 7, then 10:00, when it ties
	// with the Madrid routine. Ties: channel order (instagram before x),
	// then routine ID.
	tie := []string{"x-mad", "x-ny"}
	if idOf("x-ny").String() < idOf("x-mad").String() {
		tie = []string{"x-ny", "x-mad"}
	}
	assert.Equal(t, []string{
		"03-06 10:00 instagram ig",
		"03-06 10:00 x x-mad",
		"03-06 11:00 x x-ny",
		"03-07 10:00 x x-mad",
		"03-07 11:00 x x-ny",
		"03-08 10:00 x " + tie[0],
		"03-08 10:00 x " + tie[1],
		"03-09 10:00 instagram ig",
		"03-09 10:00 x " + tie[0],
		"03-09 10:00 x " + tie[1],
	}, got)

	// Stopping early is allowed.
	n := 0
	for range seq {
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)

	_, err = calendar.Slots(routines, calendar.Window{From: w.To, To: w.From})
	assert.True(t, validation.Has(err, validation.CodeOrder, "to"), "%v", err)
	empty, err := calendar.Slots(nil, w)
	require.NoError(t, err)
	for range empty {
		t.Fatal("no routines, no slots")
	}
}

// TestSlotsManyRoutines checks the merge against a plain sort on routines
// long enough to need several refills of each routine's buffer.
func TestSlotsManyRoutines(t *testing.T) {
	zones := []string{"Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham"}
	rules := []string{"FREQ=DAILY;BYHOUR=9,13,18", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=HOURLY;INTERVAL=7", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1"}
	var routines []calendar.Routine
	for i := range 40 {
		loc := mustZone(t, zones[i%len(zones)])
		routines = append(routines, routine(t, "m"+string(rune('a'+i)), channel.All()[i%4], wall(loc, 2026, 1, 1+i%5, 8, i), rules[i%len(rules)]))
	}
	w := calendar.Window{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	seq, err := calendar.Slots(routines, w)
	require.NoError(t, err)
	count := 0
	var last time.Time
	for s := range seq {
		require.False(t, s.At.Before(last))
		last = s.At
		count++
	}
	want := 0
	for _, r := range routines {
		for range r.Between(w.From, w.To) {
			want++
		}
	}
	assert.Equal(t, want, count)
	assert.Greater(t, count, 10000)
}
