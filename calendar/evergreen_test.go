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

// evergreenSetup: two evergreen LinkedIn posts first published on 1 and 2
// March 2027, and a weekly Monday 09:00 routine from the company page.
func evergreenSetup(t *testing.T) (guide, recipe calendar.Entry, r calendar.Routine, madrid *time.Location) {
	madrid = mustZone(t, "Europe/Madrid")
	guide = post("guide", channel.LinkedIn, wall(madrid, 2027, 3, 1, 12, 0), "How to choose coffee for your office: the complete guide")
	guide.Status = calendar.StatusPublished
	guide.Evergreen = &calendar.Evergreen{MinGapDays: 21, MaxUses: 3}
	recipe = post("recipe", channel.LinkedIn, wall(madrid, 2027, 3, 2, 12, 0), "Cold brew at home in three steps, with the beans you already have")
	recipe.Status = calendar.StatusPublished
	recipe.Evergreen = &calendar.Evergreen{MinGapDays: 14, Until: calendar.LocalDate{Year: 2027, Month: 4, Day: 20}}
	r = routine(t, "evergreen-slot", channel.LinkedIn, wall(madrid, 2027, 3, 8, 9, 0), "FREQ=WEEKLY;BYDAY=MO")
	r.Account = "acme"
	return guide, recipe, r, madrid
}

func TestReuseEvergreen(t *testing.T) {
	guide, recipe, r, madrid := evergreenSetup(t)
	slots, err := calendar.Slots([]calendar.Routine{r}, nil, calendar.Window{From: wall(madrid, 2027, 3, 1, 0, 0), To: wall(madrid, 2027, 5, 1, 0, 0)})
	require.NoError(t, err)
	// The recipe did better: it comes first.
	got, err := calendar.ReuseEvergreen([]calendar.Entry{recipe, guide}, slots, calendar.Rules{}, []calendar.Entry{guide, recipe})
	require.NoError(t, err)
	var lines []string
	for _, e := range got {
		which := "guide"
		if e.ReuseOf == recipe.ID {
			which = "recipe"
		}
		lines = append(lines, fmt.Sprintf("%s %s %v", e.At.Format("Jan 2"), which, e.Accounts))
		assert.Equal(t, calendar.StatusScheduled, e.Status)
		assert.Nil(t, e.Evergreen)
		assert.Equal(t, r.ID, e.RoutineID)
	}
	assert.Equal(t, []string{
		// 8 Mar: the recipe is 6 days old (within the near-duplicate week
		// and its 14-day gap), the guide 7 days but 21 needed: free.
		// 15 Mar: free for the same reasons.
		"Mar 22 recipe [acme]", // 20 days after 2 Mar
		"Mar 29 guide [acme]",  // 28 days after 1 Mar
		// 5 Apr: the recipe is 14 days after 22 Mar.
		"Apr 5 recipe [acme]",
		// 12 Apr: the recipe waits 14 days, the guide 21.
		"Apr 19 recipe [acme]", // the last day before its Until (20 Apr)
		"Apr 26 guide [acme]",  // its third and last use

	}, lines)

	// The same call gives the same IDs; the reuses validate with their
	// originals.
	slots, _ = calendar.Slots([]calendar.Routine{r}, nil, calendar.Window{From: wall(madrid, 2027, 3, 1, 0, 0), To: wall(madrid, 2027, 5, 1, 0, 0)})
	again, err := calendar.ReuseEvergreen([]calendar.Entry{recipe, guide}, slots, calendar.Rules{}, []calendar.Entry{guide, recipe})
	require.NoError(t, err)
	assert.Equal(t, got, again)
	cal := calendar.Calendar{Routines: []calendar.Routine{r}, Entries: append([]calendar.Entry{guide, recipe}, got...)}
	require.NoError(t, cal.Validate())
}

// TestReuseEvergreenMaxUses: the guide's three uses are the original and
// two reuses; a booked reuse counts.
func TestReuseEvergreenMaxUses(t *testing.T) {
	guide, _, r, madrid := evergreenSetup(t)
	earlier := guide
	earlier.ID, earlier.ReuseOf, earlier.Evergreen = idOf("earlier-reuse"), guide.ID, nil
	earlier.At = wall(madrid, 2027, 3, 29, 9, 0)
	slots, err := calendar.Slots([]calendar.Routine{r}, nil, calendar.Window{From: wall(madrid, 2027, 3, 1, 0, 0), To: wall(madrid, 2027, 7, 1, 0, 0)})
	require.NoError(t, err)
	got, err := calendar.ReuseEvergreen([]calendar.Entry{guide}, slots, calendar.Rules{}, []calendar.Entry{guide, earlier})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "2027-04-19", calendar.DateOf(got[0].At).String(), "21 days after 29 Mar; then MaxUses is reached")
}

// TestReuseEvergreenNearDuplicate: another post that says nearly the same
// keeps the evergreen post out of the days around it, before and after.
func TestReuseEvergreenNearDuplicate(t *testing.T) {
	guide, _, r, madrid := evergreenSetup(t)
	guide.Evergreen.MinGapDays = 1
	guide.At = wall(madrid, 2027, 2, 20, 12, 0)
	w := calendar.Window{From: wall(madrid, 2027, 3, 1, 0, 0), To: wall(madrid, 2027, 3, 20, 0, 0)}
	slots, err := calendar.Slots([]calendar.Routine{r}, nil, w)
	require.NoError(t, err)
	got, err := calendar.ReuseEvergreen([]calendar.Entry{guide}, slots, calendar.Rules{}, []calendar.Entry{guide})
	require.NoError(t, err)
	require.Len(t, got, 2, "8 and 15 Mar: exactly a week apart is outside the near-duplicate window, as Conflicts counts it")
	assert.Equal(t, "2027-03-08", calendar.DateOf(got[0].At).String())

	same := post("same", channel.LinkedIn, wall(madrid, 2027, 3, 10, 12, 0), guide.Text+"!")
	slots, err = calendar.Slots([]calendar.Routine{r}, nil, w)
	require.NoError(t, err)
	got, err = calendar.ReuseEvergreen([]calendar.Entry{guide}, slots, calendar.Rules{}, []calendar.Entry{guide, same})
	require.NoError(t, err)
	assert.Empty(t, got, "8 and 15 Mar are both within a week of the near-duplicate on 10 Mar")
}

func TestReuseEvergreenRefuses(t *testing.T) {
	guide, _, r, madrid := evergreenSetup(t)
	plain := guide
	plain.Evergreen = nil
	bad := guide
	bad.Evergreen = &calendar.Evergreen{MinGapDays: 0, MaxUses: -1, Until: calendar.LocalDate{Year: 2027, Month: 2, Day: 30}}
	slots, _ := calendar.Slots([]calendar.Routine{r}, nil, calendar.Window{From: wall(madrid, 2027, 3, 1, 0, 0), To: wall(madrid, 2027, 4, 1, 0, 0)})
	_, err := calendar.ReuseEvergreen([]calendar.Entry{plain, bad}, slots, calendar.Rules{}, nil)
	assert.True(t, validation.Has(err, validation.CodeRequired, "best[0].evergreen"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "best[1].evergreen.minGapDays"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "best[1].evergreen.maxUses"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "best[1].evergreen.until"), "%v", err)

	// A reuse names an evergreen original of the calendar.
	stray := guide
	stray.ID, stray.Evergreen, stray.ReuseOf = idOf("stray"), nil, uuid.New()
	err = calendar.Calendar{Entries: []calendar.Entry{guide, stray}}.Validate()
	assert.True(t, validation.Has(err, validation.CodeNotFound, "entries[1].reuseOf"), "%v", err)
}

func TestEvergreenJSON(t *testing.T) {
	guide, recipe, _, _ := evergreenSetup(t)
	for _, e := range []calendar.Entry{guide, recipe} {
		data, err := json.Marshal(e)
		require.NoError(t, err)
		var back calendar.Entry
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, e.Evergreen, back.Evergreen)
	}
	data, _ := json.Marshal(recipe)
	assert.Contains(t, string(data), `"evergreen":{"minGapDays":14,"until":"2027-04-20"}`)
}

func FuzzReuseEvergreen(f *testing.F) {
	f.Add(21, 3, 14, 0, 7, "a b c d", "a b c d e")
	f.Add(1, 0, 1, 1, 0, "", "x")
	f.Fuzz(func(t *testing.T, gap1, uses1, gap2, uses2, dupDays int, text1, text2 string) {
		guide, recipe, r, madrid := evergreenSetup(t)
		guide.Evergreen = &calendar.Evergreen{MinGapDays: gap1, MaxUses: uses1}
		recipe.Evergreen = &calendar.Evergreen{MinGapDays: gap2, MaxUses: uses2}
		guide.Text, recipe.Text = text1, text2
		slots, err := calendar.Slots([]calendar.Routine{r}, nil, calendar.Window{From: wall(madrid, 2027, 3, 1, 0, 0), To: wall(madrid, 2028, 3, 1, 0, 0)})
		require.NoError(t, err)
		rules := calendar.Rules{DuplicateDays: dupDays}
		got, err := calendar.ReuseEvergreen([]calendar.Entry{recipe, guide}, slots, rules, []calendar.Entry{guide, recipe})
		if err != nil {
			return
		}
		count := map[uuid.UUID]int{guide.ID: 1, recipe.ID: 1}
		last := map[uuid.UUID]time.Time{guide.ID: guide.At, recipe.ID: recipe.At}
		for _, e := range got {
			g := guide.Evergreen
			if e.ReuseOf == recipe.ID {
				g = recipe.Evergreen
			}
			count[e.ReuseOf]++
			if g.MaxUses > 0 {
				require.LessOrEqual(t, count[e.ReuseOf], g.MaxUses)
			}
			require.GreaterOrEqual(t, calendar.DateOf(e.At).Compare(calendar.DateOf(last[e.ReuseOf]).AddDays(g.MinGapDays)), 0)
			last[e.ReuseOf] = e.At
		}
		if len(got) > 0 {
			cal := calendar.Calendar{Entries: append([]calendar.Entry{guide, recipe}, got...)}
			conflicts, err := calendar.Conflicts(cal.Entries, rules)
			require.NoError(t, err)
			for _, c := range conflicts {
				for _, id := range c.Entries {
					require.False(t, c.Kind == calendar.ConflictNearDuplicate && id != guide.ID && id != recipe.ID,
						"a reuse is never a near-duplicate: %+v", c)
				}
			}
		}
	})
}
