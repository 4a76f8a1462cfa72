package calendar_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/budget"
)

// skipDrain runs SkippedSlots and counts what it yields.
func skipDrain(t *testing.T, rs []calendar.Routine, bs []calendar.Blackout, w calendar.Window) int {
	seq, err := calendar.SkippedSlots(rs, bs, w)
	require.NoError(t, err)
	n := 0
	for range seq {
		n++
	}
	return n
}

// Many routines under many short blackouts: each routine is compiled once,
// not once per blackout span (it was 2.3 GB for 1,000 × 1,000).
func TestSkippedSlotsManySpansManyRoutines(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, loc)
	rule, err := calendar.ParseRule("FREQ=DAILY")
	require.NoError(t, err)
	var rs []calendar.Routine
	for range 1000 {
		rs = append(rs, calendar.Routine{ID: uuid.New(), Channel: channel.Instagram, Recurrence: calendar.Recurrence{Start: start, Rule: rule}})
	}
	var bs []calendar.Blackout
	for i := range 1000 {
		f := time.Date(2027, 1, 1+2*i, 3, 0, 0, 0, loc) // no slot at 03:00
		bs = append(bs, calendar.Blackout{From: f, To: f.Add(time.Hour), Reason: "night"})
	}
	w := calendar.Window{From: start, To: start.AddDate(10, 0, 0)}
	n := -1
	budget.Check(t, "SkippedSlots", budget.ForJSON(t, rs, bs), func() { n = skipDrain(t, rs, bs, w) })
	require.Zero(t, n)
}

// A rule with COUNT is expanded from its start; under many blackout spans
// it is expanded once, not once per span (3,000 spans took minutes).
func TestSkippedSlotsCountRuleManySpans(t *testing.T) {
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	rs := []calendar.Routine{routine(t, "minutely", channel.Instagram, start, "FREQ=MINUTELY;COUNT=1000000")}
	var bs []calendar.Blackout
	for i := range 3000 {
		f := start.Add(time.Duration(i)*5*time.Minute + 30*time.Second + 400*24*time.Hour)
		bs = append(bs, calendar.Blackout{From: f, To: f.Add(time.Minute), Reason: "x"})
	}
	w := calendar.Window{From: start, To: start.AddDate(10, 0, 0)}
	n := -1
	budget.Check(t, "SkippedSlots", budget.ForJSON(t, rs, bs), func() { n = skipDrain(t, rs, bs, w) })
	require.Equal(t, 3000, n)

	// The same slots as one blackout at a time.
	one := 0
	for _, b := range bs[:50] {
		one += skipDrain(t, rs, []calendar.Blackout{b}, w)
	}
	require.Equal(t, 50, one)
}
