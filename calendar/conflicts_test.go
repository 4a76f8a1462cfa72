package calendar_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

func TestConflicts(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	ny := mustZone(t, "America/New_York")
	hours := nineToFive(t, "Europe/Madrid")
	rules := calendar.Rules{
		Channels: map[channel.Channel]calendar.ChannelRules{
			channel.Instagram: {Location: madrid, MinSpacing: calendar.Duration(2 * time.Hour), DailyCap: 2, AllowedHours: &hours},
			channel.X:         {MinSpacing: calendar.Duration(30 * time.Minute)},
		},
		Blackouts: []calendar.Blackout{calendar.NewDayBlackout(calendar.LocalDate{Year: 2026, Month: 3, Day: 5}, calendar.LocalDate{Year: 2026, Month: 3, Day: 5}, madrid, "mourning")},
	}
	entries := []calendar.Entry{
		post("ig1", channel.Instagram, wall(madrid, 2026, 3, 2, 9, 0), "Our spring menu is here"),
		post("ig2", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "Meet the chef behind the menu"),
		// 23:30 in New York is 05:30 on March 3 in Madrid: counts for March 3 and is outside hours.
		post("ig3", channel.Instagram, wall(ny, 2026, 3, 2, 23, 30), "Late night special"),
		post("ig4", channel.Instagram, wall(madrid, 2026, 3, 5, 12, 0), "Weekend brunch"),
		post("ig5", channel.Instagram, wall(madrid, 2026, 3, 6, 12, 0), "Our SPRING menu is here!! https://example.com/menu"),
		post("x1", channel.X, wall(madrid, 2026, 3, 2, 9, 0), "a"),
		post("x2", channel.X, wall(madrid, 2026, 3, 2, 9, 20), "b"),
	}
	cancelled := post("ig6", channel.Instagram, wall(madrid, 2026, 3, 2, 9, 30), "cancelled")
	cancelled.Status = calendar.StatusCancelled
	entries = append(entries, cancelled)

	got, err := calendar.Conflicts(entries, rules)
	require.NoError(t, err)
	type row struct {
		kind    calendar.ConflictKind
		channel channel.Channel
		ids     []uuid.UUID
	}
	var rows []row
	for _, c := range got {
		rows = append(rows, row{c.Kind, c.Channel, c.Entries})
	}
	// Sorted by instant, then kind: both 09:00 pairs come first, too_close
	// before near_duplicate (the spring-menu repost on March 6 repeats
	// March 2's post).
	want := []row{
		{calendar.ConflictTooClose, channel.Instagram, []uuid.UUID{idOf("ig1"), idOf("ig2")}},
		{calendar.ConflictTooClose, channel.X, []uuid.UUID{idOf("x1"), idOf("x2")}},
		{calendar.ConflictNearDuplicate, channel.Instagram, []uuid.UUID{idOf("ig1"), idOf("ig5")}},
		{calendar.ConflictOutsideHours, channel.Instagram, []uuid.UUID{idOf("ig3")}},
		{calendar.ConflictInBlackout, channel.Instagram, []uuid.UUID{idOf("ig4")}},
	}
	assert.Equal(t, want, rows)

	// Cap: three posts on one Madrid day.
	capped := append(entries[:0:0], post("c1", channel.Instagram, wall(madrid, 2026, 3, 10, 9, 0), "one"),
		post("c2", channel.Instagram, wall(madrid, 2026, 3, 10, 12, 0), "two"),
		post("c3", channel.Instagram, wall(madrid, 2026, 3, 10, 15, 0), "three"),
		post("c4", channel.Instagram, wall(madrid, 2026, 3, 11, 9, 0), "four"))
	got, err = calendar.Conflicts(capped, rules)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, calendar.ConflictOverDailyCap, got[0].Kind)
	assert.Equal(t, []uuid.UUID{idOf("c1"), idOf("c2"), idOf("c3")}, got[0].Entries)

	// Deterministic whatever the input order.
	rev := append([]calendar.Entry(nil), entries...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	a, _ := calendar.Conflicts(entries, rules)
	b, _ := calendar.Conflicts(rev, rules)
	assert.Equal(t, a, b)
	_, err = json.Marshal(a)
	assert.NoError(t, err)
}

func TestNearDuplicate(t *testing.T) {
	assert.Equal(t, "new menu café 2026", calendar.NormalizeText("  NEW menu!!! https://x.example/a   Café — 2026 🎉"))
	madrid := mustZone(t, "Europe/Madrid")
	base := "We are open late this Friday with live music and tapas for everyone"
	tests := []struct {
		name  string
		other string
		days  int
		want  bool
	}{
		{"same text other case and punctuation", "we are open LATE this friday, with live music and tapas for everyone!", 1, true},
		{"one word changed", "We are open late this Saturday with live music and tapas for everyone", 1, true},
		{"different text", "Our new brunch menu starts on Sunday morning at ten", 1, false},
		{"same text outside the window", base, 7, false},
		{"same text just inside the window", base, 6, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := []calendar.Entry{
				post("a", channel.Facebook, wall(madrid, 2026, 3, 2, 12, 0), base),
				post("b", channel.Facebook, wall(madrid, 2026, 3, 2+tt.days, 12, 0), tt.other),
				post("c", channel.Instagram, wall(madrid, 2026, 3, 2, 12, 0), base), // other channel
			}
			got, err := calendar.Conflicts(entries, calendar.Rules{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, len(got) == 1, "%v", got)
		})
	}
}

func TestRulesValidate(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	bad := calendar.Rules{
		Channels: map[channel.Channel]calendar.ChannelRules{
			channel.X:         {MinSpacing: calendar.Duration(-time.Minute), DailyCap: -1},
			channel.Instagram: {DailyCap: 3},
			"fax":             {},
		},
		Blackouts:           []calendar.Blackout{{From: wall(madrid, 2026, 3, 2, 0, 0), To: wall(madrid, 2026, 3, 1, 0, 0)}},
		DuplicateDays:       -1,
		DuplicateSimilarity: 101,
	}
	err := bad.Validate()
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeOutOfRange, "channels[x].minSpacing"},
		{validation.CodeOutOfRange, "channels[x].dailyCap"},
		{validation.CodeRequired, "channels[instagram].zone"},
		{validation.CodeNotSupported, "channels[fax]"},
		{validation.CodeOrder, "blackouts[0].to"},
		{validation.CodeOutOfRange, "duplicateDays"},
		{validation.CodeOutOfRange, "duplicateSimilarity"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s %s in %v", want.code, want.path, err)
	}
	_, err = calendar.Conflicts(nil, bad)
	assert.ErrorIs(t, err, validation.ErrInvalid)

	hours := nineToFive(t, "Europe/Madrid")
	good := calendar.Rules{
		Channels: map[channel.Channel]calendar.ChannelRules{
			channel.Instagram: {Location: madrid, MinSpacing: calendar.Duration(90 * time.Minute), DailyCap: 3, AllowedHours: &hours},
		},
		Blackouts:     []calendar.Blackout{{From: wall(madrid, 2026, 3, 1, 0, 0), To: wall(madrid, 2026, 3, 2, 0, 0), Reason: "r"}},
		DuplicateDays: 3,
	}
	b, err := json.Marshal(good)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"minSpacing":"1h30m0s"`)
	var back calendar.Rules
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, good.Channels, back.Channels)
	assert.True(t, back.Blackouts[0].From.Equal(good.Blackouts[0].From))
	assert.Equal(t, good.DuplicateDays, back.DuplicateDays)
}

// TestConflictsBlackoutSkip: Conflicts judges entries, not slots. A
// routine's slot in a blackout is skipped, not a conflict; an entry that
// fills it anyway is an in_blackout conflict, for a person to resolve.
func TestConflictsBlackoutSkip(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	r := routine(t, "reels", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=DAILY")
	strike := calendar.NewDayBlackout(calendar.LocalDate{Year: 2026, Month: 3, Day: 4}, calendar.LocalDate{Year: 2026, Month: 3, Day: 4}, madrid, "strike")
	rules := calendar.Rules{Blackouts: []calendar.Blackout{strike}}
	w := calendar.Window{From: wall(madrid, 2026, 3, 2, 0, 0), To: wall(madrid, 2026, 3, 7, 0, 0)}

	skipped, err := calendar.SkippedSlots([]calendar.Routine{r}, rules.Blackouts, w)
	require.NoError(t, err)
	var slot calendar.SkippedSlot
	n := 0
	for slot = range skipped {
		n++
	}
	require.Equal(t, 1, n)

	// No entries, no conflicts: the skipped slot is none.
	got, err := calendar.Conflicts(nil, rules)
	require.NoError(t, err)
	assert.Empty(t, got)

	// An entry filling the skipped slot is.
	e := post("fills", channel.Instagram, slot.Slot.At, "posted anyway")
	e.RoutineID = r.ID
	other := post("other", channel.Instagram, wall(madrid, 2026, 3, 5, 10, 0), "next day")
	got, err = calendar.Conflicts([]calendar.Entry{e, other}, rules)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, calendar.ConflictInBlackout, got[0].Kind)
	assert.Equal(t, []uuid.UUID{e.ID}, got[0].Entries)
	assert.Contains(t, got[0].Detail, "strike")
}
