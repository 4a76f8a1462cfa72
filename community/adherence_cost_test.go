package community_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/budget"
)

// Rules with COUNT are expanded from their start: a hundred MINUTELY
// routines with COUNT=10000000 started 18 years before the window were 10
// million instances each (0.8 s a routine). Their slots are bounded with
// the calendar's, before anything is expanded.
func TestAdherenceCountRulesBounded(t *testing.T) {
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	rule, err := calendar.ParseRule("FREQ=MINUTELY;COUNT=10000000")
	require.NoError(t, err)
	var rs []calendar.Routine
	for range 100 {
		rs = append(rs, calendar.Routine{ID: uuid.New(), Channel: channel.Instagram, Recurrence: calendar.Recurrence{Start: start, Rule: rule}})
	}
	w := calendar.Window{From: time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2045, 1, 2, 0, 0, 0, 0, time.UTC)}
	budget.Check(t, "Adherence", budget.ForJSON(t, rs, w), func() { _, err = community.Adherence(rs, nil, w, nil) })
	require.ErrorIs(t, err, community.ErrTooManySlots)
	require.ErrorIs(t, err, calendar.ErrTooManySlots)
}

// Publications on another channel, or used already, are not looked at
// again for every slot (20,000 slots among 250,000 publications at the
// same time was 5e9 steps).
func TestAdherenceManySlotsManyPublications(t *testing.T) {
	start := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	rule, err := calendar.ParseRule("FREQ=DAILY")
	require.NoError(t, err)
	const n, others = 20_000, 250_000
	var rs []calendar.Routine
	for range n {
		rs = append(rs, calendar.Routine{ID: uuid.New(), Channel: channel.Instagram, Recurrence: calendar.Recurrence{Start: start, Rule: rule}})
	}
	var pubs []community.Publication
	for range others {
		pubs = append(pubs, community.Publication{Channel: channel.LinkedIn, At: start})
	}
	for range n {
		pubs = append(pubs, community.Publication{Channel: channel.Instagram, At: start})
	}
	w := calendar.Window{From: start, To: start.AddDate(0, 0, 1)}
	var rep *community.AdherenceReport
	budget.Check(t, "Adherence", budget.ForJSON(t, rs, pubs, w), func() { rep, err = community.Adherence(rs, pubs, w, nil) })
	require.NoError(t, err)
	require.Len(t, rep.Slots, n)
	for _, s := range rep.Slots {
		require.Equal(t, community.SlotOnTime, s.Status)
	}
	require.Len(t, rep.Extra, others)
}

// The matching is the rule Adherence documents, computed the plain way:
// each slot in time order scans the publications by time.
func TestAdherenceMatchesPlainScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	chans := []channel.Channel{channel.Instagram, channel.LinkedIn}
	rules := []string{"FREQ=DAILY", "FREQ=HOURLY;INTERVAL=5", "FREQ=DAILY;BYHOUR=9,10;BYMINUTE=0,20"}
	for round := range 300 {
		var rs []calendar.Routine
		for range 1 + rng.IntN(4) {
			rule, err := calendar.ParseRule(rules[rng.IntN(len(rules))])
			require.NoError(t, err)
			rs = append(rs, calendar.Routine{ID: uuid.New(), Channel: chans[rng.IntN(2)], Recurrence: calendar.Recurrence{Start: start.Add(time.Duration(rng.IntN(600)) * time.Minute), Rule: rule}})
		}
		var pubs []community.Publication
		for range rng.IntN(40) {
			p := community.Publication{Channel: chans[rng.IntN(2)], At: start.Add(time.Duration(rng.IntN(3*24*6)) * 10 * time.Minute)}
			if rng.IntN(3) == 0 {
				p.Routine = rs[rng.IntN(len(rs))].ID
			}
			pubs = append(pubs, p)
		}
		w := calendar.Window{From: start.AddDate(0, 0, 1), To: start.AddDate(0, 0, 2)}
		tol := time.Duration(rng.IntN(4)) * 20 * time.Minute
		opts := &community.AdherenceOptions{Tolerance: calendar.Duration(tol)}
		if tol == 0 {
			tol = 15 * time.Minute
		}
		rep, err := community.Adherence(rs, pubs, w, opts)
		require.NoError(t, err)

		// The plain way.
		type slot struct {
			r        int
			at, next time.Time
		}
		var slots []slot
		for i, r := range rs {
			var mine []time.Time
			for x := range r.Between(w.From, w.To) {
				mine = append(mine, x)
			}
			for j, x := range mine {
				s := slot{r: i, at: x}
				if j+1 < len(mine) {
					s.next = mine[j+1]
				} else {
					for y := range r.Between(x.Add(time.Nanosecond), x.AddDate(1, 0, 1)) {
						s.next = y
						break
					}
				}
				slots = append(slots, s)
			}
		}
		slices.SortStableFunc(slots, func(x, y slot) int { return cmp.Or(x.at.Compare(y.at), cmp.Compare(x.r, y.r)) })
		order := make([]int, len(pubs))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(x, y int) int { return pubs[x].At.Compare(pubs[y].At) })
		used := make([]bool, len(pubs))
		require.Len(t, rep.Slots, len(slots), "round %d", round)
		for i, s := range slots {
			r := rs[s.r]
			want := -1
			for _, k := range order {
				p := pubs[k]
				if p.At.Before(s.at.Add(-tol)) {
					continue
				}
				if !s.next.IsZero() && !p.At.Before(s.next.Add(-tol)) {
					break
				}
				if used[k] || p.Channel != r.Channel || (p.Routine != uuid.Nil && p.Routine != r.ID) {
					continue
				}
				used[k], want = true, k
				break
			}
			require.Equal(t, r.ID, rep.Slots[i].Routine, "round %d slot %d", round, i)
			require.True(t, s.at.Equal(rep.Slots[i].Slot), "round %d slot %d", round, i)
			require.Equal(t, want, rep.Slots[i].Publication, "round %d slot %d", round, i)
		}
	}
}
