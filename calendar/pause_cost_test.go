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

// ResumeNextFreeSlot walks each channel's slots once for all the held
// posts: a routine with COUNT, expanded from its start, was expanded again
// for every post (25 ms each here; 2,000 posts ran past 30 s).
func TestPauseNextFreeSlotManyHeldCountRule(t *testing.T) {
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	rs := []calendar.Routine{routine(t, "minutely", channel.Instagram, start, "FREQ=MINUTELY;COUNT=1000000")}
	p0 := start.AddDate(1, 0, 0)
	const n = 2000
	var es []calendar.Entry
	for i := range n {
		es = append(es, calendar.Entry{ID: uuid.New(), Channel: channel.Instagram, At: p0.Add(time.Duration(i) * time.Second), Text: "x", Status: calendar.StatusApproved})
	}
	w := calendar.Window{From: p0, To: p0.Add(time.Hour)}
	var changes []calendar.Change
	var err error
	budget.Check(t, "Pause", budget.ForJSON(t, es, rs, w), func() {
		_, changes, err = calendar.Pause(es, w, calendar.PausePolicy{Resume: calendar.ResumeNextFreeSlot, RatePerHour: 60}, &calendar.PauseOptions{Routines: rs})
	})
	require.NoError(t, err)
	require.Len(t, changes, n)
	for i, c := range changes {
		require.Equal(t, calendar.ChangeRescheduled, c.Kind, "%d: %s", i, c.Reason)
		// One minute apart from the end of the pause, one post a slot.
		require.True(t, w.To.Add(time.Duration(i)*time.Minute).Equal(c.After.At), "%d: %v", i, c.After.At)
	}
}
