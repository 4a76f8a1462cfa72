package calendar_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

func TestFillQueue(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	routines := []calendar.Routine{
		routine(t, "tips", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=DAILY"),
		routine(t, "reels", channel.Instagram, wall(madrid, 2026, 3, 2, 11, 0), "FREQ=DAILY"),
		routine(t, "x", channel.X, wall(madrid, 2026, 3, 2, 12, 0), "FREQ=DAILY"),
	}
	rules := calendar.Rules{
		Channels: map[channel.Channel]calendar.ChannelRules{
			channel.Instagram: {Location: madrid, MinSpacing: calendar.Duration(90 * time.Minute), DailyCap: 1},
		},
		Blackouts: []calendar.Blackout{calendar.NewDayBlackout(calendar.LocalDate{Year: 2026, Month: 3, Day: 4}, calendar.LocalDate{Year: 2026, Month: 3, Day: 4}, madrid, "strike")},
	}
	booked := []calendar.Entry{post("booked", channel.Instagram, wall(madrid, 2026, 3, 3, 18, 0), "already there")}
	queue := draftsWithMedia([]calendar.Draft{
		{ID: idOf("d1"), Channel: channel.Instagram, Text: "one"},
		{ID: idOf("d2"), Channel: channel.Instagram, Text: "two", Pillar: "reels", Owner: bea},
		{ID: idOf("d3"), Channel: channel.Instagram, Text: "three"},
		{ID: idOf("d4"), Channel: channel.X, Text: "four"},
		{ID: idOf("d5"), Channel: channel.LinkedIn, Text: "no routine"},
	})
	seq, err := calendar.Slots(routines, nil, calendar.Window{From: wall(madrid, 2026, 3, 2, 0, 0), To: wall(madrid, 2026, 3, 6, 0, 0)})
	require.NoError(t, err)
	fill, err := calendar.FillQueue(queue, seq, rules, booked)
	require.NoError(t, err)
	owners := map[uuid.UUID]string{bea: "bea"}
	for _, k := range []string{"tips", "reels", "x"} {
		owners[idOf("member/owner-"+k)] = "owner-" + k
	}
	var got []string
	for _, e := range fill.Scheduled {
		got = append(got, fmt.Sprintf("%s %s %s %s %s", e.At.Format("01-02 15:04"), e.Channel, e.Text, owners[e.Owner], e.Status))
		// Drafts carry no media; an Instagram post needs an image.
		assert.NoError(t, withMedia(e).Validate())
	}
	// March 2: d1 takes 10:00 (tips); 11:00 (reels) breaks the cap. March 3
	// is capped by the booked post. March 4 is blacked out. March 5: the
	// reels draft waits for a reels slot, so d3 takes 10:00 (tips) and d2
	// finds no slot before the cap.
	assert.Equal(t, []string{
		"03-02 10:00 instagram one owner-tips scheduled",
		"03-02 12:00 x four owner-x scheduled",
		"03-05 10:00 instagram three owner-tips scheduled",
	}, got)
	require.Len(t, fill.Unplaced, 2)
	assert.Equal(t, idOf("d2"), fill.Unplaced[0].ID)
	assert.Equal(t, idOf("d5"), fill.Unplaced[1].ID)
	_, err = json.Marshal(fill)
	assert.NoError(t, err)

	_, err = calendar.FillQueue([]calendar.Draft{{Channel: "fax"}, queue[0], queue[0]}, seq, calendar.Rules{DuplicateDays: -1}, nil)
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeRequired, "queue[0].id"},
		{validation.CodeNotSupported, "queue[0].channel"},
		{validation.CodeRequired, "queue[0].text"},
		{validation.CodeDuplicate, "queue[2].id"},
		{validation.CodeOutOfRange, "rules.duplicateDays"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s %s in %v", want.code, want.path, err)
	}
}

// pauseFixture is a day of hourly scheduled posts on Instagram and X from
// 09:00 to 12:00 Madrid, and a draft at 10:30.
func pauseFixture(t *testing.T) ([]calendar.Entry, calendar.Window) {
	madrid := mustZone(t, "Europe/Madrid")
	var entries []calendar.Entry
	for h := 9; h <= 12; h++ {
		entries = append(entries, post(fmt.Sprint("ig", h), channel.Instagram, wall(madrid, 2026, 3, 2, h, 0), fmt.Sprint("ig ", h)))
		entries = append(entries, post(fmt.Sprint("x", h), channel.X, wall(madrid, 2026, 3, 2, h, 0), fmt.Sprint("x ", h)))
	}
	draft := post("draft", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 30), "")
	draft.Status = calendar.StatusDraft
	entries = append(entries, draft)
	return entries, calendar.Window{From: wall(madrid, 2026, 3, 2, 9, 30), To: wall(madrid, 2026, 3, 2, 11, 30)}
}

func describe(changes []calendar.Change) []string {
	var out []string
	for _, c := range changes {
		out = append(out, fmt.Sprintf("%s %s %s->%s %s->%s", c.Kind, c.Before.Text,
			c.Before.At.Format("15:04"), c.After.At.Format("15:04"), c.Before.Status, c.After.Status))
	}
	return out
}

func TestPauseSkip(t *testing.T) {
	entries, w := pauseFixture(t)
	before := append([]calendar.Entry(nil), entries...)
	out, changes, err := calendar.Pause(entries, w, calendar.PausePolicy{Resume: calendar.ResumeSkip}, &calendar.PauseOptions{Channels: []channel.Channel{channel.Instagram}})
	require.NoError(t, err)
	assert.Equal(t, before, entries, "the input is not modified")
	assert.Equal(t, []string{
		"cancelled ig 10 10:00->10:00 scheduled->cancelled",
		"cancelled ig 11 11:00->11:00 scheduled->cancelled",
	}, describe(changes))
	require.Len(t, out, len(entries))
	for i, e := range out {
		if e.Channel == channel.Instagram && (e.Text == "ig 10" || e.Text == "ig 11") {
			assert.Equal(t, calendar.StatusCancelled, e.Status)
			continue
		}
		assert.Equal(t, entries[i], e, "untouched")
	}
}

func TestPauseResumeAtRate(t *testing.T) {
	entries, w := pauseFixture(t)
	madrid := mustZone(t, "Europe/Madrid")
	rules := calendar.Rules{Channels: map[channel.Channel]calendar.ChannelRules{
		channel.X: {MinSpacing: calendar.Duration(45 * time.Minute)},
	}}
	out, changes, err := calendar.Pause(entries, w, calendar.PausePolicy{Resume: calendar.ResumeAtRate, RatePerHour: 2}, &calendar.PauseOptions{Rules: rules})
	require.NoError(t, err)
	// Instagram: 12:00 stays; the held 10:00 and 11:00 posts go 30 minutes
	// from everything: 11:30 is only 30 minutes before 12:00 (ok), then
	// 12:30. X needs 45 minutes: 12:45 and 13:30.
	assert.Equal(t, []string{
		"rescheduled ig 10 10:00->11:30 scheduled->scheduled",
		"rescheduled x 10 10:00->12:45 scheduled->scheduled",
		"rescheduled ig 11 11:00->12:30 scheduled->scheduled",
		"rescheduled x 11 11:00->13:30 scheduled->scheduled",
	}, describe(changes))
	for _, c := range changes {
		assert.Equal(t, madrid, c.After.At.Location(), "moved entries keep their zone")
	}
	// No burst: after the pause no channel has two posts closer than 30 minutes.
	conflicts, err := calendar.Conflicts(out, calendar.Rules{Channels: map[channel.Channel]calendar.ChannelRules{
		channel.Instagram: {MinSpacing: calendar.Duration(30 * time.Minute)},
		channel.X:         {MinSpacing: calendar.Duration(45 * time.Minute)},
	}})
	require.NoError(t, err)
	assert.Empty(t, conflicts)
}

func TestPauseNextFreeSlot(t *testing.T) {
	entries, w := pauseFixture(t)
	madrid := mustZone(t, "Europe/Madrid")
	routines := []calendar.Routine{
		routine(t, "ig-evening", channel.Instagram, wall(madrid, 2026, 3, 1, 18, 0), "FREQ=DAILY"),
		routine(t, "ig-noon", channel.Instagram, wall(madrid, 2026, 3, 1, 12, 0), "FREQ=DAILY"),
	}
	out, changes, err := calendar.Pause(entries, w, calendar.PausePolicy{Resume: calendar.ResumeNextFreeSlot}, &calendar.PauseOptions{
		Channels: []channel.Channel{channel.Instagram},
		Routines: routines,
		Horizon:  calendar.Duration(36 * time.Hour),
	})
	require.NoError(t, err)
	// 12:00 today is taken by the post that stays; the two held posts go
	// to 18:00 today and 12:00 tomorrow.
	assert.Equal(t, []string{
		"rescheduled ig 10 10:00->18:00 scheduled->scheduled",
		"rescheduled ig 11 11:00->12:00 scheduled->scheduled",
	}, describe(changes))
	assert.Equal(t, 3, changes[1].After.At.Day())
	moved := 0
	for _, e := range out {
		for _, c := range changes {
			if e.ID == c.EntryID {
				assert.Equal(t, c.After, e, "the new calendar holds the changed entry")
				moved++
			}
		}
	}
	assert.Equal(t, 2, moved)

	// With a horizon too short for any slot, the posts stay paused.
	_, changes, err = calendar.Pause(entries, w, calendar.PausePolicy{Resume: calendar.ResumeNextFreeSlot}, &calendar.PauseOptions{
		Channels: []channel.Channel{channel.Instagram},
		Routines: routines,
		Horizon:  calendar.Duration(time.Hour),
	})
	require.NoError(t, err)
	require.Len(t, changes, 2)
	for _, c := range changes {
		assert.Equal(t, calendar.ChangeHeld, c.Kind)
		assert.Equal(t, calendar.StatusPaused, c.After.Status)
		assert.True(t, c.After.At.Equal(c.Before.At))
		assert.NotEmpty(t, c.Reason)
	}
}

func TestPauseBadInput(t *testing.T) {
	entries, w := pauseFixture(t)
	_, _, err := calendar.Pause(entries, calendar.Window{From: w.To, To: w.From}, calendar.PausePolicy{Resume: "later", RatePerHour: -1},
		&calendar.PauseOptions{Channels: []channel.Channel{"fax"}, Horizon: calendar.Duration(-time.Hour)})
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeOrder, "window.to"},
		{validation.CodeNotSupported, "policy.resume"},
		{validation.CodeOutOfRange, "policy.ratePerHour"},
		{validation.CodeNotSupported, "channels[0]"},
		{validation.CodeOutOfRange, "horizon"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s %s in %v", want.code, want.path, err)
	}
	_, _, err = calendar.Pause(entries, w, calendar.PausePolicy{}, nil)
	assert.True(t, validation.Has(err, validation.CodeRequired, "policy.resume"), "%v", err)

	b, err := json.Marshal(calendar.PausePolicy{Resume: calendar.ResumeAtRate, RatePerHour: 4})
	require.NoError(t, err)
	assert.JSONEq(t, `{"resume":"resume_at_rate","ratePerHour":4}`, string(b))
	var p calendar.PausePolicy
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"resume":"asap"}`), &p), validation.ErrUnknownValue)
}
