package strategy

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// The workload defaults of the team.capacity rule.
const (
	// DefaultPostTime is the time one post takes when Workload.PostTime is
	// zero.
	DefaultPostTime = 30 * time.Minute
	// DefaultHandlingTime is the time one interaction takes when
	// Workload.HandlingTime is zero.
	DefaultHandlingTime = 5 * time.Minute
	// MaxLoadWeeks bounds the weeks the calendar rules look at: the last
	// MaxLoadWeeks weeks before the goal's deadline.
	MaxLoadWeeks = 157
)

// checkTeamRoles: someone holds each role.
func checkTeamRoles(ctx *checkContext, r *Reporter) {
	for _, role := range roles {
		held := false
		for _, m := range ctx.plan.Team {
			if m.Holds(role) {
				held = true
				break
			}
		}
		if !held {
			r.Report(validation.NewPath("team"), "nobody on the team holds the %s role", role)
		}
	}
}

// checkTeamAssignments: every live assignment has an owner who is a
// community manager, a due date, and was set by a strategist.
func checkTeamAssignments(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	for i, a := range p.Assignments {
		if a.Status == AssignmentCancelled {
			continue
		}
		ap := validation.NewPath("assignments").Index(i)
		if a.Owner == uuid.Nil {
			r.Report(ap.Child("owner"), "assignment %q has no owner", a.Title)
		} else if j, ok := ctx.ix.members[a.Owner]; ok && !p.Team[j].Holds(RoleCommunityManager) {
			r.Report(ap.Child("owner"), "assignment %q is owned by %s, who is not a community manager", a.Title, p.Team[j].Name)
		}
		if a.Due.IsZero() {
			r.Report(ap.Child("due"), "assignment %q has no due date", a.Title)
		}
		if j, ok := ctx.ix.members[a.SetBy]; ok && !p.Team[j].Holds(RoleStrategist) {
			r.Report(ap.Child("setBy"), "assignment %q was set by %s, who is not a strategist", a.Title, p.Team[j].Name)
		}
	}
}

// weeklyLoad is the calendar's posts per local week (Monday to Sunday, in
// the plan's zone) over the plan's period.
type weeklyLoad struct {
	// weeks are the Mondays of the period, in order.
	weeks []calendar.LocalDate
	// posts counts the posts of each week.
	posts map[calendar.LocalDate]int
	// full counts the weeks wholly inside the period, and fullPosts the
	// posts of each channel in them.
	full      int
	fullPosts map[channel.Channel]int
}

func monday(d calendar.LocalDate) calendar.LocalDate {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}

// weekly returns the plan's weekly load, or nil when the plan has no zone,
// no deadline or nothing that starts before it. The period runs from the
// first campaign or routine to the goal's deadline, at most MaxLoadWeeks.
func (ctx *checkContext) weekly() *weeklyLoad {
	if ctx.loadDone {
		return ctx.load
	}
	ctx.loadDone = true
	p := ctx.plan
	loc, err := p.Location()
	if err != nil || p.Goal.Deadline.IsZero() {
		return nil
	}
	to := p.Goal.Deadline.In(loc)
	var from time.Time
	earliest := func(t time.Time) {
		if !t.IsZero() && (from.IsZero() || t.Before(from)) {
			from = t
		}
	}
	var routines []calendar.Routine
	for _, rt := range p.Routines {
		if rt.Validate() != nil {
			continue // plan.valid reports it
		}
		routines = append(routines, rt)
		start := rt.Recurrence.Start
		if rt.From.After(start) {
			start = rt.From
		}
		earliest(start)
	}
	for _, c := range p.Campaigns {
		earliest(c.Start)
	}
	if from.IsZero() || !from.Before(to) {
		return nil
	}
	from = from.In(loc)
	if limit := calendar.DateOf(to).AddDays(-7 * MaxLoadWeeks).In(loc); from.Before(limit) {
		from = limit
	}
	first, last := monday(calendar.DateOf(from)), calendar.DateOf(to)
	load := &weeklyLoad{posts: map[calendar.LocalDate]int{}, fullPosts: map[channel.Channel]int{}}
	full := map[calendar.LocalDate]bool{}
	for w := first; w.Compare(last) <= 0; w = w.AddDays(7) {
		load.weeks = append(load.weeks, w)
		if !w.In(loc).Before(from) && !w.AddDays(7).In(loc).After(to) {
			full[w] = true
			load.full++
		}
	}
	count := func(c channel.Channel, t time.Time) {
		w := monday(calendar.DateOf(t.In(loc)))
		load.posts[w]++
		if full[w] {
			load.fullPosts[c]++
		}
	}
	// Slots a blackout skips are not posts (see checkCalendarSkipped).
	if slots, err := calendar.Slots(routines, validBlackouts(p), calendar.Window{From: from, To: to}); err == nil {
		for s := range slots {
			count(s.Channel, s.At)
		}
	} else {
		ctx.loadErr = err // reported by the rules that use the load
	}
	for _, e := range p.Entries {
		// An entry that fills a routine's slot is counted with the slot.
		if e.RoutineID != uuid.Nil || e.Status == calendar.StatusCancelled || e.Status == calendar.StatusFailed || e.At.IsZero() {
			continue
		}
		if !e.At.Before(from) && e.At.Before(to) {
			count(e.Channel, e.At)
		}
	}
	ctx.load = load
	return load
}

// checkTeamCapacity: the community managers' weekly hours cover the busiest
// week's posts and the expected inbox.
func checkTeamCapacity(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	load := ctx.weekly()
	if ctx.loadErr != nil {
		r.Report(validation.NewPath("routines"), "the weekly load cannot be counted: %v", ctx.loadErr)
		return
	}
	w := p.Community.Workload
	postTime, handling := w.PostTime.Std(), w.HandlingTime.Std()
	if postTime <= 0 {
		postTime = DefaultPostTime
	}
	if handling <= 0 {
		handling = DefaultHandlingTime
	}
	hours := decimal.Zero
	for _, m := range p.Team {
		if m.Holds(RoleCommunityManager) && validation.DecimalWithin(m.WeeklyHours) && m.WeeklyHours.IsPositive() && !m.WeeklyHours.GreaterThan(maxWeeklyHours) {
			hours = hours.Add(m.WeeklyHours)
		}
	}
	// Times are compared exactly, in nanoseconds as decimals: a large
	// inbox, post time or team would overflow a time.Duration and wrap
	// (2^43 interactions of 4 minutes wrapped below the team's 20 hours).
	ns := func(d time.Duration) decimal.Decimal { return decimal.NewFromInt(int64(d)) }
	available := hours.Mul(ns(time.Hour))
	inbox := decimal.NewFromInt(int64(max(w.InboxPerWeek, 0))).Mul(ns(handling))
	needs := func(posts int) decimal.Decimal { return decimal.NewFromInt(int64(posts)).Mul(ns(postTime)).Add(inbox) }
	busiest, most, over := calendar.LocalDate{}, -1, 0
	weeks := 0
	if load != nil {
		weeks = len(load.weeks)
		for _, wk := range load.weeks {
			n := load.posts[wk]
			if needs(n).GreaterThan(available) {
				over++
			}
			if n > most {
				busiest, most = wk, n
			}
		}
	}
	if load == nil || weeks == 0 {
		// No calendar to measure: judge the inbox alone.
		if inbox.GreaterThan(available) {
			r.Report(validation.NewPath("community", "workload"), "the expected inbox needs %s a week (%d interactions × %s) but community managers give %s",
				durationText(inbox), w.InboxPerWeek, handling, hoursText(hours))
		}
		return
	}
	if need := needs(most); need.GreaterThan(available) {
		r.Report(validation.NewPath("team"), "the week of %s needs %s of community management (%d posts × %s, %d interactions × %s) but community managers give %s a week; %d of %d weeks are over",
			busiest, durationText(need), most, postTime, w.InboxPerWeek, handling, hoursText(hours), over, weeks)
	}
}

func hoursText(h decimal.Decimal) string { return h.String() + "h" }

// durationText prints a time in nanoseconds as a time.Duration does, or in
// whole hours when it is longer than a time.Duration holds.
func durationText(ns decimal.Decimal) string {
	if ns.LessThanOrEqual(decimal.NewFromInt(math.MaxInt64)) {
		return time.Duration(ns.IntPart()).String()
	}
	return ns.DivRound(decimal.NewFromInt(int64(time.Hour)), 0).String() + "h"
}

// checkCalendarConflicts: every conflict calendar.Conflicts finds among the
// entries under the plan's calendar rules.
func checkCalendarConflicts(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	conflicts, err := calendar.Conflicts(p.Entries, p.CalendarRules)
	if err != nil || len(conflicts) == 0 {
		return // invalid rules: plan.valid reports them
	}
	at := make(map[uuid.UUID]int, len(p.Entries))
	for i := len(p.Entries) - 1; i >= 0; i-- {
		at[p.Entries[i].ID] = i
	}
	entryPath := func(id uuid.UUID) string {
		if i, ok := at[id]; ok {
			return validation.NewPath("entries").Index(i).String()
		}
		return id.String()
	}
	for _, c := range conflicts {
		if r.onlyCount() {
			continue
		}
		path := "entries"
		if len(c.Entries) > 0 {
			path = entryPath(c.Entries[0])
		}
		msg := fmt.Sprintf("%s: %s", c.Kind, c.Detail)
		if len(c.Entries) > 2 {
			// A group (a day over its cap, near-duplicates): name its
			// first entries and count the rest.
			names := make([]string, 0, groupNamed)
			for _, id := range c.Entries[:min(len(c.Entries), groupNamed)] {
				names = append(names, entryPath(id))
			}
			msg += ": " + strings.Join(names, ", ")
			if rest := len(c.Entries) - groupNamed; rest > 0 {
				msg += fmt.Sprintf(" and %d more", rest)
			}
		}
		r.add(path, msg)
	}
}

// groupNamed is how many entries of a group a calendar.conflicts finding
// names before it counts the rest.
const groupNamed = 5

// checkCalendarFrequency: over the plan's whole weeks, each channel gets the
// posts a week its plan says, within 20% and half a post.
func checkCalendarFrequency(ctx *checkContext, r *Reporter) {
	load := ctx.weekly()
	if ctx.loadErr != nil {
		r.Report(validation.NewPath("routines"), "the posts a week cannot be counted: %v", ctx.loadErr)
		return
	}
	if load == nil || load.full == 0 {
		return
	}
	weeks := decimal.NewFromInt(int64(load.full))
	for i, c := range ctx.plan.Channels {
		if c.PostsPerWeek <= 0 {
			continue
		}
		planned := decimal.NewFromInt(int64(c.PostsPerWeek))
		avg := decimal.NewFromInt(int64(load.fullPosts[c.Channel])).DivRound(weeks, 1)
		diff := avg.Sub(planned).Abs()
		if diff.GreaterThanOrEqual(decimal.New(5, -1)) && diff.Mul(decimal.NewFromInt(5)).GreaterThan(planned) {
			r.Report(validation.NewPath("channels").Index(i).Child("postsPerWeek"),
				"routines and entries give %s %s posts a week on average over %d whole weeks; the plan says %d", avg, c.Channel, load.full, c.PostsPerWeek)
		}
	}
}

// validBlackouts returns the blackouts of the plan's calendar rules that
// validate (plan.valid reports the others).
func validBlackouts(p *Strategy) []calendar.Blackout {
	var out []calendar.Blackout
	for _, b := range p.CalendarRules.Blackouts {
		if b.Validate() == nil {
			out = append(out, b)
		}
	}
	return out
}

// checkCalendarSkipped: every routine slot that a blackout skips (it is not
// published; see calendar.SkippedSlots) up to the goal's deadline, at most
// MaxLoadWeeks before it, one finding per routine and blackout, at the
// routine, naming the blackout.
func checkCalendarSkipped(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	blackouts := validBlackouts(p)
	if len(blackouts) == 0 {
		return
	}
	// Skipped slots lie inside the blackouts: their span is the window.
	w := calendar.Window{From: blackouts[0].From, To: blackouts[0].To}
	for _, b := range blackouts[1:] {
		if b.From.Before(w.From) {
			w.From = b.From
		}
		if b.To.After(w.To) {
			w.To = b.To
		}
	}
	// The plan's period bounds the work, as it bounds the weekly load:
	// up to the goal's deadline, at most MaxLoadWeeks before it.
	if d := p.Goal.Deadline; !d.IsZero() {
		if d.Before(w.To) {
			w.To = d
		}
		if limit := d.AddDate(0, 0, -7*MaxLoadWeeks); limit.After(w.From) {
			w.From = limit
		}
	} else if limit := w.From.AddDate(0, 0, 7*MaxLoadWeeks); limit.Before(w.To) {
		w.To = limit
	}
	if !w.From.Before(w.To) {
		return
	}
	var routines []calendar.Routine
	for _, rt := range p.Routines {
		if rt.Validate() == nil {
			routines = append(routines, rt)
		}
	}
	skipped, err := calendar.SkippedSlots(routines, blackouts, w)
	if err != nil {
		r.Report(validation.NewPath("routines"), "the skipped slots cannot be listed: %v", err)
		return
	}
	loc, locErr := p.Location()
	show := func(t time.Time) string {
		if locErr == nil {
			t = t.In(loc)
		}
		return t.Format("2006-01-02 15:04 MST")
	}
	// Group by routine and blackout, in the order of the first skip.
	type group struct {
		routine     uuid.UUID
		blackout    calendar.Blackout
		first, last time.Time
		n           int
	}
	var groups []*group
	byKey := map[string]*group{}
	for s := range skipped {
		b := s.Blackout
		key := fmt.Sprintf("%x|%d|%d|%s|%v", s.Slot.RoutineID, b.From.UnixNano(), b.To.UnixNano(), b.Reason, b.Channels)
		g, seen := byKey[key]
		if !seen {
			g = &group{routine: s.Slot.RoutineID, blackout: b, first: s.Slot.At}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.last = s.Slot.At
		g.n++
	}
	for _, g := range groups {
		i, ok := ctx.ix.routines[g.routine]
		if !ok {
			continue
		}
		what := fmt.Sprintf("the blackout %q (%s to %s) skips ", g.blackout.Reason, show(g.blackout.From), show(g.blackout.To))
		if g.n == 1 {
			what += fmt.Sprintf("1 slot of this routine, at %s: it is not published", show(g.first))
		} else {
			what += fmt.Sprintf("%d slots of this routine, from %s to %s: they are not published", g.n, show(g.first), show(g.last))
		}
		r.Report(validation.NewPath("routines").Index(i), "%s", what)
	}
}

// maxWallClockExamples is how many shifted slots a calendar.wall_clock
// finding spells out; the rest are counted.
const maxWallClockExamples = 3

// checkCalendarWallClock: no routine slot between the routine's start (at
// most MaxLoadWeeks before the goal's deadline) and the deadline has a wall
// time that a DST change skips (tandem posts it later, RFC 5545 §3.3.5) or
// repeats (tandem posts the first, and calendar clients reading the .ics
// may take the second). Either way the
// post is not where the strategist wrote it, silently; one finding per
// routine, with the first slots affected.
func checkCalendarWallClock(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	deadline := p.Goal.Deadline
	if deadline.IsZero() {
		return
	}
	for i, rt := range p.Routines {
		if rt.Validate() != nil {
			continue // plan.valid reports it
		}
		to := deadline
		if !rt.Until.IsZero() && rt.Until.Before(to) {
			to = rt.Until
		}
		from := rt.Recurrence.Start
		if limit := deadline.AddDate(0, 0, -7*MaxLoadWeeks); from.Before(limit) {
			from = limit
		}
		if !from.Before(to) {
			continue
		}
		// The shifts are found by expanding the routine: Slots refuses,
		// at once, a window with more slots than it expands.
		w := calendar.Window{From: from, To: to}
		if _, err := calendar.Slots([]calendar.Routine{rt}, nil, w); err != nil {
			r.Report(validation.NewPath("routines").Index(i).Child("recurrence"), "the slots cannot be checked for daylight-saving changes: %v", err)
			continue
		}
		var examples []string
		n := 0
		for s := range rt.WallClockShifts(w) {
			if n < maxWallClockExamples {
				examples = append(examples, s.String())
			}
			n++
		}
		if n == 0 {
			continue
		}
		more := ""
		if n > len(examples) {
			more = fmt.Sprintf("; and %d more", n-len(examples))
		}
		r.Report(validation.NewPath("routines").Index(i).Child("recurrence"),
			"%d slot(s) of the %s %s routine fall on a daylight-saving change: %s%s (calendar clients reading the .ics may place a repeated time differently; pick a wall time outside the change)",
			n, rt.Channel, rt.Pillar, strings.Join(examples, "; "), more)
	}
}
