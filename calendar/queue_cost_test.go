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

// A long queue waiting for another pillar is not scanned again for every
// slot, nor its IDs compared pairwise (50,000 drafts and 100,000 slots
// were 5e9 steps).
func TestFillQueueLongQueueOtherPillar(t *testing.T) {
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	rule, err := calendar.ParseRule("FREQ=MINUTELY")
	require.NoError(t, err)
	rs := []calendar.Routine{{ID: uuid.New(), Channel: channel.Instagram, Pillar: "b", Recurrence: calendar.Recurrence{Start: start, Rule: rule}}}
	const n = 50_000
	var queue []calendar.Draft
	for range n {
		queue = append(queue, calendar.Draft{ID: uuid.New(), Channel: channel.Instagram, Text: "x", Pillar: "a"})
	}
	queue = append(queue, calendar.Draft{ID: uuid.New(), Channel: channel.Instagram, Text: "y", Pillar: "b"}, calendar.Draft{ID: uuid.New(), Channel: channel.Instagram, Text: "z"})
	w := calendar.Window{From: start, To: start.Add(100_000 * time.Minute)}
	slots, err := calendar.Slots(rs, nil, w)
	require.NoError(t, err)
	var fill calendar.Fill
	budget.Check(t, "FillQueue", budget.For(inputSize(t, queue, rs, w)), func() {
		fill, err = calendar.FillQueue(queue, slots, calendar.Rules{}, nil)
	})
	require.NoError(t, err)
	require.Len(t, fill.Scheduled, 2)
	require.Equal(t, "y", fill.Scheduled[0].Text, "the first draft the slot's pillar takes")
	require.Equal(t, "z", fill.Scheduled[1].Text)
	require.True(t, start.Add(time.Minute).Equal(fill.Scheduled[1].At))
	require.Len(t, fill.Unplaced, n)
}
