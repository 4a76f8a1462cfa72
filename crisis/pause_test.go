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
		Owner:   "eva",
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

func TestPauseWindow(t *testing.T) {
	p := samplePlan()
	inc, err := crisis.Open(p, "high", opened)
	require.NoError(t, err)

	pw, ok, err := inc.PauseWindow(p, after("5m"))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, opened, pw.Window.From)
	assert.Equal(t, after("12h"), pw.Window.To, "at most 12 hours at high")
	assert.False(t, pw.Final)
	assert.Equal(t, []channel.Channel{channel.Instagram}, pw.Channels)
	assert.Equal(t, calendar.ResumeAtRate, pw.Policy.Resume)

	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventEscalate, At: after("1h"), Level: "critical"}))
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventResolve, At: after("5h")}))
	pw, ok, err = inc.PauseWindow(p, after("6h"))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, after("5h"), pw.Window.To)
	assert.True(t, pw.Final)
	assert.Equal(t, "critical", pw.Level)
	assert.Equal(t, []channel.Channel{channel.Instagram, channel.X}, pw.Channels)
	assert.Equal(t, calendar.ResumeSkip, pw.Policy.Resume)

	// As of 30 minutes in, only the high level had happened.
	pw, _, err = inc.PauseWindow(p, after("30m"))
	require.NoError(t, err)
	assert.Equal(t, "high", pw.Level)

	// Leaving the pausing levels ends the pause.
	inc2, _ := crisis.Open(p, "high", opened)
	require.NoError(t, inc2.Record(p, crisis.Event{Kind: crisis.EventDeEscalate, At: after("2h"), Level: "moderate"}))
	pw, ok, err = inc2.PauseWindow(p, after("3h"))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, after("2h"), pw.Window.To)
	assert.True(t, pw.Final)

	// A moderate incident never pauses.
	inc3, _ := crisis.Open(p, "moderate", opened)
	_, ok, err = inc3.PauseWindow(p, after("3h"))
	require.NoError(t, err)
	assert.False(t, ok)
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
