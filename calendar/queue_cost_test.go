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
	rs := []calendar.Routine{routine(t, "b", channel.Instagram, start, "FREQ=MINUTELY")}
	const n = 50_000
	var queue []calendar.Draft
	for range n {
		queue = append(queue, calendar.Draft{ID: uuid.New(), Channel: channel.Instagram, Text: "x", Pillar: "a", Media: queueImage})
	}
	queue = append(queue, calendar.Draft{ID: uuid.New(), Channel: channel.Instagram, Text: "y", Pillar: "b", Media: queueImage}, calendar.Draft{ID: uuid.New(), Channel: channel.Instagram, Text: "z", Media: queueImage})
	w := calendar.Window{From: start, To: start.Add(100_000 * time.Minute)}
	slots, err := calendar.Slots(rs, nil, w)
	require.NoError(t, err)
	var fill calendar.Fill
	budget.Check(t, "FillQueue", budget.ForJSON(t, queue, rs, w), func() {
		fill, err = calendar.FillQueue(queue, slots, calendar.Rules{}, nil)
	})
	require.NoError(t, err)
	require.Len(t, fill.Scheduled, 2)
	require.Equal(t, "y", fill.Scheduled[0].Text, "the first draft the slot's pillar takes")
	require.Equal(t, "z", fill.Scheduled[1].Text)
	require.True(t, start.Add(time.Minute).Equal(fill.Scheduled[1].At))
	require.Len(t, fill.Unplaced, n)
}

// Placing a post looks its blackouts up, not through them all: 20,000
// blackouts and 500,000 slots were 1e10 checks.
func TestFillQueueManyBlackouts(t *testing.T) {
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	rs := []calendar.Routine{routine(t, "b", channel.Instagram, start, "FREQ=MINUTELY")}
	var bs []calendar.Blackout
	for i := range 20_000 {
		f := start.AddDate(-3, 0, 0).Add(time.Duration(i) * time.Hour)
		bs = append(bs, calendar.Blackout{From: f, To: f.Add(time.Minute), Reason: "old"})
	}
	// Every slot is refused by the allowed hours, checked after the
	// blackouts: Sunday 00:00 to 00:01 only, and no slot on a Sunday.
	rng, err := calendar.ParseClockRange("00:00-00:01")
	require.NoError(t, err)
	hours := calendar.BusinessHours{Location: time.UTC}
	hours.Week[time.Sunday] = []calendar.ClockRange{rng}
	var booked []calendar.Entry
	rules := calendar.Rules{Blackouts: bs, Channels: map[channel.Channel]calendar.ChannelRules{channel.Instagram: {AllowedHours: &hours}}}
	queue := []calendar.Draft{{ID: uuid.New(), Channel: channel.Instagram, Text: "y", Media: queueImage}}
	w := calendar.Window{From: start, To: start.Add(500_000 * time.Minute)}
	all, err := calendar.Slots(rs, nil, w)
	slots := func(yield func(calendar.Slot) bool) {
		for s := range all {
			if s.At.Weekday() != time.Sunday && !yield(s) {
				return
			}
		}
	}
	require.NoError(t, err)
	var fill calendar.Fill
	budget.Check(t, "FillQueue", budget.ForJSON(t, queue, rs, bs, booked, w), func() {
		fill, err = calendar.FillQueue(queue, slots, rules, booked)
	})
	require.NoError(t, err)
	require.Len(t, fill.Unplaced, 1)
}

// Placed posts are appended in time order, not inserted before every
// post booked later (150,000 drafts before 150,000 booked posts moved
// 5e11 bytes).
func TestFillQueueBeforeManyBooked(t *testing.T) {
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	rs := []calendar.Routine{routine(t, "minutely", channel.Instagram, start, "FREQ=MINUTELY")}
	rs[0].Pillar = ""
	const n = 150_000
	var queue []calendar.Draft
	var booked []calendar.Entry
	later := start.AddDate(1, 0, 0)
	for i := range n {
		queue = append(queue, calendar.Draft{ID: uuid.New(), Channel: channel.Instagram, Text: "x", Media: queueImage})
		booked = append(booked, calendar.Entry{ID: uuid.New(), Channel: channel.Instagram, At: later.Add(time.Duration(i) * time.Minute), Text: "y", Status: calendar.StatusScheduled})
	}
	w := calendar.Window{From: start, To: start.Add(n * time.Minute)}
	slots, err := calendar.Slots(rs, nil, w)
	require.NoError(t, err)
	var fill calendar.Fill
	budget.Check(t, "FillQueue", budget.ForJSON(t, queue, rs, booked, w), func() {
		fill, err = calendar.FillQueue(queue, slots, calendar.Rules{}, booked)
	})
	require.NoError(t, err)
	require.Len(t, fill.Scheduled, n)
}

// queueImage is the image of the queue's Instagram drafts, which need one.
var queueImage = []channel.Media{{Kind: channel.Image, URL: "https://cdn.example/q.jpg"}}
