package calendar_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// sameTextPosts returns n posts on X with one text, step apart from start.
func sameTextPosts(n int, start time.Time, step time.Duration) []calendar.Entry {
	out := make([]calendar.Entry, n)
	for i := range out {
		out[i] = post(fmt.Sprint("same/", i), channel.X, start.Add(time.Duration(i)*step), "Our spring menu is here: five courses, one price")
	}
	return out
}

// TestNearDuplicateGroup: k mutually near-duplicate posts are one conflict
// that names all k, not k(k-1)/2 pairs (3,000 posts gave 4.5M conflicts).
// A group also joins posts that are near-duplicates only through others
// (a daily repost for a month, with a 7-day window), and posts on other
// channels or texts stay apart.
func TestNearDuplicateGroup(t *testing.T) {
	for _, zone := range []string{"Europe/Madrid", "America/New_York", "Australia/Sydney"} {
		t.Run(zone, func(t *testing.T) {
			loc := mustZone(t, zone)
			start := wall(loc, 2026, 3, 2, 9, 0)
			entries := sameTextPosts(3000, start, time.Minute)
			got, err := calendar.Conflicts(entries, calendar.Rules{})
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, calendar.ConflictNearDuplicate, got[0].Kind)
			assert.True(t, got[0].At.Equal(start))
			require.Len(t, got[0].Entries, 3000)
			for i, id := range got[0].Entries {
				require.Equal(t, entries[i].ID, id, "members in time order")
			}
			assert.Contains(t, got[0].Detail, "3000 near-duplicate texts")

			// A daily repost for 30 days, days apart in local time, plus
			// one other text and the same text on another channel.
			var month []calendar.Entry
			for d := range 30 {
				month = append(month, post(fmt.Sprint("daily/", d), channel.Instagram, start.AddDate(0, 0, d), "Brunch is back every Sunday"))
			}
			month = append(month,
				post("other", channel.Instagram, start.Add(time.Hour), "Live jazz tonight from nine"),
				post("elsewhere", channel.Facebook, start, "Brunch is back every Sunday"),
				post("elsewhere2", channel.Facebook, start.AddDate(0, 0, 8), "Brunch is back every Sunday")) // 8 days: outside the window
			got, err = calendar.Conflicts(month, calendar.Rules{})
			require.NoError(t, err)
			require.Len(t, got, 1)
			require.Len(t, got[0].Entries, 30)
			assert.Equal(t, channel.Instagram, got[0].Channel)
			assert.NotContains(t, got[0].Entries, idOf("other"))
		})
	}
}

// TestNearDuplicateGroupsApart: two runs of one text more than the window
// apart are two groups, each reported once.
func TestNearDuplicateGroupsApart(t *testing.T) {
	loc := mustZone(t, "Europe/Madrid")
	start := wall(loc, 2026, 3, 2, 9, 0)
	first := sameTextPosts(50, start, time.Hour)
	second := sameTextPosts(50, start.AddDate(0, 1, 0), time.Hour)
	for i := range second {
		second[i].ID = uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint("second/", i)))
	}
	got, err := calendar.Conflicts(append(first, second...), calendar.Rules{})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Len(t, got[0].Entries, 50)
	assert.Len(t, got[1].Entries, 50)
	assert.True(t, got[1].At.Equal(second[0].At))
}

// TestBlackoutConflictOncePerEntry: an entry under many blackouts is one
// in_blackout conflict that names the first and counts the others, so
// n entries under b blackouts are n conflicts, not n·b.
func TestBlackoutConflictOncePerEntry(t *testing.T) {
	loc := mustZone(t, "Europe/Madrid")
	day := calendar.LocalDate{Year: 2026, Month: 3, Day: 5}
	var rules calendar.Rules
	for i := range 300 {
		rules.Blackouts = append(rules.Blackouts, calendar.NewDayBlackout(day, day, loc, fmt.Sprint("reason ", i)))
	}
	var entries []calendar.Entry
	for i := range 300 {
		entries = append(entries, post(fmt.Sprint("b/", i), channel.X, wall(loc, 2026, 3, 5, 9, 0).Add(time.Duration(i)*time.Minute), fmt.Sprint("text ", i)))
	}
	got, err := calendar.Conflicts(entries, rules)
	require.NoError(t, err)
	require.Len(t, got, 300)
	for _, c := range got {
		assert.Equal(t, calendar.ConflictInBlackout, c.Kind)
		assert.Contains(t, c.Detail, "(reason 0)")
		assert.Contains(t, c.Detail, "and inside 299 more")
	}
}
