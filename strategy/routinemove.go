package strategy

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// routineHorizonDays is how far after the as-of instant the routine.move
// rule looks for a routine's coming posts: four weeks, so that a routine
// that publishes every other week still counts as publishing, and its
// posts a week are its posts in them divided by four, rounded up.
const routineHorizonDays = 28

// routineGroupBy is the name of the grouping of an account's posts by the
// routine whose slot they filled.
const routineGroupBy = "routine"

// reviewRoutines returns the routine.move recommendations: for each brand
// account with routines, its posts (of formula f at age) grouped by the
// routine whose slot each filled, against the account's own median; a
// routine whose posts do worse (lower; higher for a formula lowerIsBetter)
// with the evidence kpi.WhatWorks requires (kpi.EvidenceSupported: at
// least MinPosts posts and a 95% interval for their median wholly on the
// worse side of the account's) and that still publishes in the four weeks
// after asOf is recommended to move, to the slots ProposeRoutines finds in
// the account's best times (its other routines' slots left out; lowest
// scores first when lower is better) when the times show a better one.
func reviewRoutines(plan *Strategy, ix *channel.AccountIndex, posts kpi.PostResults, f kpi.Formula, age kpi.Age, works kpi.WhatWorksOptions, asOf time.Time, objectives []uuid.UUID, lower bool) ([]Recommendation, error) {
	if len(plan.Routines) == 0 {
		return nil, nil
	}
	planLoc, err := plan.Location()
	if err != nil {
		return nil, err
	}
	// The routines of each brand account, in plan order.
	type accountKey struct {
		ch     channel.Channel
		handle string
	}
	var order []channel.Account
	byAccount := map[accountKey][]int{}
	for i, r := range plan.Routines {
		a, err := ix.Resolve(channel.AccountRef{Channel: r.Channel, Handle: r.Account})
		if err != nil {
			return nil, fmt.Errorf("routine %s: %w", r.ID, err)
		}
		k := accountKey{a.Channel, strings.ToLower(a.Handle)}
		if _, ok := byAccount[k]; !ok {
			order = append(order, a)
		}
		byAccount[k] = append(byAccount[k], i)
	}
	routineOf := make(map[uuid.UUID]uuid.UUID, len(plan.Entries))
	for _, e := range plan.Entries {
		if e.RoutineID != uuid.Nil {
			routineOf[e.ID] = e.RoutineID
		}
	}
	var out []Recommendation
	for _, a := range order {
		routines := byAccount[accountKey{a.Channel, strings.ToLower(a.Handle)}]
		recs, err := moveRoutines(plan, ix, a, routines, routineOf, posts, f, age, works, asOf, planLoc, objectives, lower)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", a, err)
		}
		out = append(out, recs...)
	}
	return out, nil
}

// moveRoutines is reviewRoutines for one account a and its routines
// (indexes into plan.Routines).
func moveRoutines(plan *Strategy, ix *channel.AccountIndex, a channel.Account, routines []int, routineOf map[uuid.UUID]uuid.UUID, posts kpi.PostResults, f kpi.Formula, age kpi.Age, works kpi.WhatWorksOptions, asOf time.Time, planLoc *time.Location, objectives []uuid.UUID, lower bool) ([]Recommendation, error) {
	own := accountPosts(ix, posts, a)
	if len(own) == 0 {
		return nil, nil
	}
	index := make(map[uuid.UUID]int, len(routines))
	for _, i := range routines {
		index[plan.Routines[i].ID] = i
	}
	grouping := kpi.Grouping{By: routineGroupBy, Key: func(k kpi.PostKey) (string, bool) {
		id, ok := routineOf[k.Entry]
		if _, mine := index[id]; !ok || !mine {
			return "", false
		}
		return id.String(), true
	}}
	ww, err := own.WhatWorks(f, age, []kpi.Grouping{grouping}, works)
	if err != nil {
		return nil, err
	}
	loc := planLoc
	if a.Zone != "" {
		if loc, err = a.Location(); err != nil {
			return nil, err
		}
	}
	start := asOf.In(loc)
	horizon := start.AddDate(0, 0, routineHorizonDays)
	// The slots each routine of the account fills in the coming weeks, on
	// the audience's clock, and how many posts it has in them.
	slotsOf := make(map[uuid.UUID][]kpi.HourSlot, len(routines))
	coming := make(map[uuid.UUID]int, len(routines))
	for _, i := range routines {
		r := plan.Routines[i]
		var slots []kpi.HourSlot
		for t := range r.Between(start, horizon) {
			coming[r.ID]++
			t = t.In(loc)
			s := kpi.HourSlot{Weekday: t.Weekday(), Hour: t.Hour()}
			if !slices.Contains(slots, s) {
				slots = append(slots, s)
			}
		}
		slotsOf[r.ID] = slots
	}
	groups := make(map[string]kpi.Group, len(ww.Groupings[0].Groups))
	for _, g := range ww.Groupings[0].Groups {
		groups[g.Key] = g
	}
	var best *kpi.BestTimes
	var out []Recommendation
	for _, i := range routines {
		r := plan.Routines[i]
		g, ok := groups[r.ID.String()]
		if !ok || g.Lift.Evidence != kpi.EvidenceSupported || g.Lift.Difference.IsZero() || better(g.Lift.Difference, lower) || g.Interval == nil {
			continue
		}
		if coming[r.ID] == 0 {
			// It publishes no more: nothing to move.
			continue
		}
		if best == nil {
			bt, err := plan.bestTimes(ix, posts, f, age, a, planLoc)
			if err != nil {
				return nil, err
			}
			best = &bt
		}
		// The account's routines keep their slots: a new slot is one no
		// routine of the account fills.
		free := *best
		free.Slots = slices.DeleteFunc(slices.Clone(best.Slots), func(s kpi.SlotScore) bool {
			for _, slots := range slotsOf {
				if slices.Contains(slots, s.Slot) {
					return true
				}
			}
			return false
		})
		if lower {
			// RankTimes ranks the highest first; here the lowest is best.
			slices.Reverse(free.Slots)
		}
		perWeek := (coming[r.ID] + 3) / 4
		msg := fmt.Sprintf("routine %s of %s (%s) does worse on %s: median %s over %d posts (95%%: %s to %s) against the account's %s over %d posts, %s %s",
			routineLabel(r), a, slotList(slotsOf[r.ID]), f, g.Median.StringFixed(2), g.Posts, g.Interval.Low.StringFixed(2), g.Interval.High.StringFixed(2),
			ww.Baseline.StringFixed(2), ww.Posts, g.Lift.Difference.Abs().StringFixed(2), moreOrLess(g.Lift.Difference))
		proposed, chosen, err := ProposeRoutines(free, perWeek, a.Ref(), start, plan.CalendarRules.Channels[a.Channel])
		switch {
		case errors.Is(err, ErrNoTimeEvidence):
			msg += ": move it; the posts' times show no slot better than another, so try times its account has not used"
		case errors.Is(err, ErrTooFewSlots):
			msg += fmt.Sprintf(": move it; too few better slots keep the channel's rules for %d post(s) a week (%v)", perWeek, err)
		case err != nil:
			return nil, err
		default:
			slots := make([]kpi.HourSlot, len(chosen))
			for i, c := range chosen {
				slots[i] = c.Slot
			}
			msg += fmt.Sprintf(": move it to the best free slots by the account's post times: %s", slotList(slots))
		}
		out = append(out, Recommendation{Rule: "routine.move", Routine: r.ID, Routines: proposed, Objectives: slices.Clone(objectives), Message: msg})
	}
	return out, nil
}

// routineLabel names a routine for a message: its pillar and format when
// it has them, and its ID.
func routineLabel(r calendar.Routine) string {
	var parts []string
	for _, p := range []string{r.Pillar, r.Format} {
		if p != "" {
			parts = append(parts, fmt.Sprintf("%q", p))
		}
	}
	if len(parts) == 0 {
		return r.ID.String()
	}
	return strings.Join(parts, " ") + " (" + r.ID.String() + ")"
}

// slotList prints slots as "Mon 10:00, Thu 10:00", at most listNamed.
func slotList(slots []kpi.HourSlot) string {
	if len(slots) == 0 {
		return "no coming slot"
	}
	names := make([]string, 0, min(len(slots), listNamed))
	for _, s := range slots[:min(len(slots), listNamed)] {
		names = append(names, s.String())
	}
	text := strings.Join(names, ", ")
	if more := len(slots) - len(names); more > 0 {
		text += fmt.Sprintf(" and %d more", more)
	}
	return text
}
