package calendar_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// roundTrip marshals v, decodes it into a new *T and marshals that again:
// both encodings must be identical, and the decoded value is returned for
// field checks.
func roundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	first, err := json.Marshal(v)
	require.NoError(t, err)
	var back T
	require.NoError(t, json.Unmarshal(first, &back), "%s", first)
	second, err := json.Marshal(back)
	require.NoError(t, err)
	require.JSONEq(t, string(first), string(second))
	return back
}

func TestJSONRoundTrip(t *testing.T) {
	cal := sampleCalendar(t)
	back := roundTrip(t, cal)
	require.Len(t, back.Entries, len(cal.Entries))
	for i, e := range cal.Entries {
		assert.True(t, e.At.Equal(back.Entries[i].At), "entry %d instant", i)
		assert.Equal(t, e.At.Location().String(), back.Entries[i].At.Location().String())
		b := back.Entries[i]
		b.At = e.At
		assert.Equal(t, e, b)
	}
	for i, r := range cal.Routines {
		b := back.Routines[i]
		assert.True(t, r.Recurrence.Start.Equal(b.Recurrence.Start))
		assert.Equal(t, r.Recurrence.Rule.String(), b.Recurrence.Rule.String())
		assert.True(t, r.From.Equal(b.From) && r.Until.Equal(b.Until))
		// Same instants from the decoded routine.
		from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		var a, c []time.Time
		for x := range r.Between(from, to) {
			a = append(a, x)
		}
		for x := range b.Between(from, to) {
			c = append(c, x)
		}
		require.Len(t, c, len(a))
		for k := range a {
			assert.True(t, a[k].Equal(c[k]))
		}
	}
	for i, m := range cal.Milestones {
		assert.True(t, m.At.Equal(back.Milestones[i].At))
		assert.Equal(t, m.AllDay, back.Milestones[i].AllDay)
	}
	require.NoError(t, back.Validate())

	madrid := mustZone(t, "Europe/Madrid")
	hours := nineToFive(t, "Europe/Madrid")
	rules := calendar.Rules{
		Channels:  map[channel.Channel]calendar.ChannelRules{channel.X: {Location: madrid, MinSpacing: calendar.Duration(time.Hour), DailyCap: 4, AllowedHours: &hours}},
		Blackouts: cal.Blackouts,
	}
	roundTrip(t, rules)
	roundTrip(t, calendar.PausePolicy{Resume: calendar.ResumeNextFreeSlot, RatePerHour: 3})
	roundTrip(t, calendar.Window{From: wall(madrid, 2026, 3, 1, 0, 0), To: wall(madrid, 2026, 3, 2, 0, 0)})
	roundTrip(t, calendar.Draft{ID: idOf("d"), Channel: channel.X, Text: "t", CampaignID: idOf("c"), Pillar: "p"})
	slot := roundTrip(t, calendar.Slot{At: wall(madrid, 2026, 3, 1, 10, 0), Channel: channel.X, RoutineID: idOf("r"), Pillar: "p"})
	assert.Equal(t, "Europe/Madrid", slot.At.Location().String())

	entries, w := pauseFixture(t)
	_, changes, err := calendar.Pause(entries, w, calendar.PausePolicy{Resume: calendar.ResumeAtRate}, nil)
	require.NoError(t, err)
	roundTrip(t, changes)
	conflicts, err := calendar.Conflicts(entries, calendar.Rules{Channels: map[channel.Channel]calendar.ChannelRules{channel.X: {MinSpacing: calendar.Duration(2 * time.Hour)}}})
	require.NoError(t, err)
	require.NotEmpty(t, conflicts)
	roundTrip(t, conflicts)
	roundTrip(t, calendar.Fill{Scheduled: entries[:2], Unplaced: []calendar.Draft{{ID: idOf("u"), Channel: channel.X, Text: "u"}}})
}

// A half-built value encodes (a draft can be logged or stored), and what it
// wrote is refused on the way back in: decoding stays strict.
func TestZeroValuesEncodeAndDecodeStrictly(t *testing.T) {
	for _, tt := range []struct {
		name string
		v    any
		back any
	}{
		{"Entry", calendar.Entry{}, new(calendar.Entry)},
		{"Routine", calendar.Routine{}, new(calendar.Routine)},
		{"Recurrence", calendar.Recurrence{}, new(calendar.Recurrence)},
		{"LocalDate", calendar.LocalDate{}, new(calendar.LocalDate)},
	} {
		b, err := json.Marshal(tt.v)
		require.NoError(t, err, tt.name)
		assert.Error(t, json.Unmarshal(b, tt.back), "%s: %s decodes", tt.name, b)
	}
}
