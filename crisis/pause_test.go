package crisis_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/validation"
)

func entry(key string, c channel.Channel, at time.Time) calendar.Entry {
	return calendar.Entry{
		ID:      uuid.NewSHA1(uuid.NameSpaceURL, []byte(key)),
		Channel: c,
		At:      at,
		Text:    "Spring menu: " + key,
		Owner:   eva,
		Status:  calendar.StatusScheduled,
	}
}

func sampleCalendar() []calendar.Entry {
	return []calendar.Entry{
		entry("before", channel.Instagram, after("-1h")),
		entry("ig-1030", channel.Instagram, after("30m")),
		entry("x-1100", channel.X, after("1h")),
		entry("ig-2300", channel.Instagram, after("13h")),
	}
}

func pauseWindows(t *testing.T, p *crisis.Plan, inc *crisis.Incident, asOf time.Time) []crisis.PauseWindow {
	t.Helper()
	ws, err := inc.PauseWindows(p, asOf)
	require.NoError(t, err)
	return ws
}

func TestPauseWindows(t *testing.T) {
	p := samplePlan()
	inc, err := crisis.Open(p, "high", opened)
	require.NoError(t, err)

	ws := pauseWindows(t, p, inc, after("5m"))
	require.Len(t, ws, 1)
	pw := ws[0]
	assert.Equal(t, opened, pw.Window.From)
	assert.Equal(t, after("12h"), pw.Window.To, "at most 12 hours at high")
	assert.False(t, pw.Final)
	assert.Equal(t, "high", pw.Level)
	assert.Equal(t, []channel.Channel{channel.Instagram}, pw.Channels)
	assert.Equal(t, calendar.ResumeAtRate, pw.Policy.Resume)

	// As of 30 minutes in, only the high level had happened.
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventEscalate, At: after("1h"), Level: "critical"}))
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventResolve, At: after("5h")}))
	ws = pauseWindows(t, p, inc, after("30m"))
	require.Len(t, ws, 1)
	assert.Equal(t, "high", ws[0].Level)

	// Leaving the pausing levels ends the pause.
	inc2, _ := crisis.Open(p, "high", opened)
	require.NoError(t, inc2.Record(p, crisis.Event{Kind: crisis.EventDeEscalate, At: after("2h"), Level: "moderate"}))
	ws = pauseWindows(t, p, inc2, after("3h"))
	require.Len(t, ws, 1)
	assert.Equal(t, after("2h"), ws[0].Window.To)
	assert.True(t, ws[0].Final)

	// A moderate incident never pauses.
	inc3, _ := crisis.Open(p, "moderate", opened)
	assert.Empty(t, pauseWindows(t, p, inc3, after("3h")))

	// Critical pauses everything, then high only Instagram: X's pause ends
	// when the incident leaves critical; Instagram's goes on, for at most
	// critical's 48 hours.
	inc4, _ := crisis.Open(p, "critical", opened)
	require.NoError(t, inc4.Record(p, crisis.Event{Kind: crisis.EventDeEscalate, At: after("1h"), Level: "high"}))
	ws = pauseWindows(t, p, inc4, after("2h"))
	require.Len(t, ws, 2, "same start: in the plan's order of channels")
	assert.Equal(t, []channel.Channel{channel.Instagram}, ws[0].Channels)
	assert.Equal(t, opened, ws[0].Window.From)
	assert.Equal(t, after("48h"), ws[0].Window.To)
	assert.False(t, ws[0].Final)
	assert.Equal(t, "critical", ws[0].Level)
	assert.Equal(t, []channel.Channel{channel.X}, ws[1].Channels)
	assert.Equal(t, opened, ws[1].Window.From)
	assert.Equal(t, after("1h"), ws[1].Window.To)
	assert.True(t, ws[1].Final)
}

// An escalation from a level that pauses some channels to one that pauses
// more pauses the others from the escalation on: Instagram (paused at high)
// from the opening, X (paused only at critical) from the escalation.
func TestPauseWidensAtEscalation(t *testing.T) {
	p := samplePlan()
	inc, err := crisis.Open(p, "high", opened)
	require.NoError(t, err)
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventEscalate, At: after("30m"), Level: "critical"}))
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventResolve, At: after("6h")}))

	ws := pauseWindows(t, p, inc, after("6h"))
	require.Len(t, ws, 2)
	ig, x := ws[0], ws[1]
	assert.Equal(t, []channel.Channel{channel.Instagram}, ig.Channels)
	assert.Equal(t, opened, ig.Window.From, "Instagram pauses from the opening")
	assert.Equal(t, after("6h"), ig.Window.To)
	assert.Equal(t, []channel.Channel{channel.X}, x.Channels)
	assert.Equal(t, after("30m"), x.Window.From, "X pauses from the escalation, not from the opening")
	assert.Equal(t, after("6h"), x.Window.To)
	for _, w := range ws {
		assert.Equal(t, "critical", w.Level)
		assert.Equal(t, calendar.ResumeSkip, w.Policy.Resume)
		assert.True(t, w.Final)
	}

	// The calendar: an X post before the escalation goes out; the ones
	// after it, and every Instagram post in the incident, are held.
	cal := []calendar.Entry{
		entry("ig-1010", channel.Instagram, after("10m")),
		entry("x-1015", channel.X, after("15m")),
		entry("x-1045", channel.X, after("45m")),
		entry("ig-1200", channel.Instagram, after("2h")),
		entry("x-1700", channel.X, after("7h")),
	}
	out, changes, err := inc.ApplyToCalendar(p, cal, after("6h"), nil)
	require.NoError(t, err)
	var cancelled []uuid.UUID
	for _, c := range changes {
		assert.Equal(t, calendar.ChangeCancelled, c.Kind)
		cancelled = append(cancelled, c.EntryID)
	}
	assert.Equal(t, []uuid.UUID{cal[0].ID, cal[2].ID, cal[3].ID}, cancelled, "in order of their old instants")
	assert.Equal(t, cal[1], out[1], "X at 10:15 is before the escalation")
	assert.Equal(t, cal[4], out[4], "after the resolution")

	// The timeline has a pause item per window.
	items, err := inc.Timeline(p, after("6h"))
	require.NoError(t, err)
	var pauses []crisis.Item
	for _, it := range items {
		if it.Kind == crisis.ItemPause {
			pauses = append(pauses, it)
		}
	}
	require.Len(t, pauses, 2)
	assert.Equal(t, opened, pauses[0].At)
	assert.Equal(t, []channel.Channel{channel.Instagram}, pauses[0].Channels)
	assert.Equal(t, after("30m"), pauses[1].At)
	assert.Equal(t, []channel.Channel{channel.X}, pauses[1].Channels)
}

func TestApplyToCalendar(t *testing.T) {
	p := samplePlan()
	cal := sampleCalendar()

	// High pauses Instagram for up to 12 hours and resumes at two posts
	// an hour.
	inc, _ := crisis.Open(p, "high", opened)
	out, changes, err := inc.ApplyToCalendar(p, cal, after("5m"), nil)
	require.NoError(t, err)
	require.Len(t, changes, 1)
	ch := changes[0]
	assert.Equal(t, cal[1].ID, ch.EntryID)
	assert.Equal(t, calendar.ChangeRescheduled, ch.Kind)
	assert.False(t, ch.After.At.Before(after("12h")), "moved past the pause: %s", ch.After.At)
	assert.Equal(t, calendar.StatusScheduled, out[1].Status)
	assert.Equal(t, cal[2], out[2], "X is not paused at high")
	assert.Equal(t, calendar.StatusScheduled, cal[1].Status, "the input calendar is not modified")
	assert.True(t, out[1].At.Sub(out[3].At).Abs() >= 30*time.Minute, "posts spaced at most two an hour")

	// Critical pauses everything and skips the held posts.
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventEscalate, At: after("10m"), Level: "critical"}))
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventResolve, At: after("3h")}))
	out, changes, err = inc.ApplyToCalendar(p, cal, after("3h"), &calendar.PauseOptions{Channels: []channel.Channel{channel.TikTok}})
	require.NoError(t, err)
	require.Len(t, changes, 2)
	for _, c := range changes {
		assert.Equal(t, calendar.ChangeCancelled, c.Kind)
	}
	assert.Equal(t, calendar.StatusCancelled, out[1].Status)
	assert.Equal(t, calendar.StatusCancelled, out[2].Status)
	assert.Equal(t, cal[0], out[0])
	assert.Equal(t, cal[3], out[3])

	// No pause, no change.
	mod, _ := crisis.Open(p, "moderate", opened)
	out, changes, err = mod.ApplyToCalendar(p, cal, after("1h"), nil)
	require.NoError(t, err)
	assert.Empty(t, changes)
	assert.Equal(t, cal, out)

	// The pause is part of the timeline.
	items, err := inc.Timeline(p, after("4h"))
	require.NoError(t, err)
	var pause *crisis.Item
	for i := range items {
		if items[i].Kind == crisis.ItemPause {
			pause = &items[i]
		}
	}
	require.NotNil(t, pause)
	assert.Equal(t, crisis.StatusEnded, pause.Status)
	assert.Equal(t, after("3h"), pause.Until)
}

func TestPauseValidation(t *testing.T) {
	for _, c := range []struct {
		name   string
		mutate func(p *crisis.Plan)
		code   validation.Code
		path   string
	}{
		{"no length", func(p *crisis.Plan) { p.Levels[2].Pause.For = 0 }, validation.CodeRequired, "levels[2].pause.for"},
		{"no policy", func(p *crisis.Plan) { p.Levels[2].Pause.Policy = calendar.PausePolicy{} }, validation.CodeRequired, "levels[2].pause.policy.resume"},
		{"unknown policy", func(p *crisis.Plan) { p.Levels[2].Pause.Policy.Resume = "later" }, validation.CodeNotSupported, "levels[2].pause.policy.resume"},
		{"inactive channel", func(p *crisis.Plan) { p.Levels[2].Pause.Channels = []channel.Channel{channel.Reddit} }, validation.CodeConflict, "levels[2].pause.channels[0]"},
		{"repeated channel", func(p *crisis.Plan) { p.Levels[2].Pause.Channels = []channel.Channel{channel.X, channel.X} }, validation.CodeDuplicate, "levels[2].pause.channels[1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := samplePlan()
			c.mutate(p)
			err := p.Validate()
			assert.True(t, validation.Has(err, c.code, c.path), "want %s at %s, got %v", c.code, c.path, err)
		})
	}
}
