package strategy

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// ErrZone is wrapped by the error Strategy.Location returns for a plan
// whose Zone is not an IANA time zone name.
var ErrZone = errors.New("strategy: the plan's zone is not an IANA time zone")

// Location returns the plan's time zone: the team's wall clock, loaded from
// Zone. An empty Zone, "Local" (the machine's zone, which differs between
// machines) or an unknown name is an error wrapping ErrZone.
func (s *Strategy) Location() (*time.Location, error) {
	if s.Zone == "" || s.Zone == "Local" {
		return nil, fmt.Errorf("%w: %q", ErrZone, s.Zone)
	}
	loc, err := time.LoadLocation(s.Zone)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrZone, s.Zone, err)
	}
	return loc, nil
}

// partKind names a kind of zoned part of a plan.
type partKind uint8

const (
	partRoutine partKind = iota
	partEntry
	partMilestone
	partBlackout
	partChannelRules
	partCrisis
	partCrisisHours
	partCommunityHours
)

// zonedPart is a part of the plan whose wall-clock behaviour depends on a
// zone of its own: its kind, its index (or channel), and the zone. Its
// path and description are built only for a finding.
type zonedPart struct {
	kind partKind
	i    int
	c    channel.Channel
	loc  *time.Location
}

// path returns where the part's zone is written, in JSON names.
func (z zonedPart) path() *validation.Path {
	switch z.kind {
	case partRoutine:
		return validation.NewPath("routines").Index(z.i).Child("recurrence", "zone")
	case partEntry:
		return validation.NewPath("entries").Index(z.i).Child("zone")
	case partMilestone:
		return validation.NewPath("milestones").Index(z.i).Child("zone")
	case partBlackout:
		return validation.NewPath("calendarRules", "blackouts").Index(z.i).Child("zone")
	case partChannelRules:
		return validation.NewPath("calendarRules", "channels").Key(string(z.c)).Child("zone")
	case partCrisis:
		return validation.NewPath("crisis", "zone")
	case partCrisisHours:
		return validation.NewPath("crisis", "hours", "zone")
	}
	return validation.NewPath("community", "response", "hours", "zone")
}

// what describes the part for people.
func (z zonedPart) what(p *Strategy) string {
	switch z.kind {
	case partRoutine:
		return fmt.Sprintf("routine %d (%s %s)", z.i, p.Routines[z.i].Channel, p.Routines[z.i].Pillar)
	case partEntry:
		return fmt.Sprintf("entry %d (%s)", z.i, p.Entries[z.i].Channel)
	case partMilestone:
		return fmt.Sprintf("milestone %q", p.Milestones[z.i].Name)
	case partBlackout:
		return fmt.Sprintf("blackout %q", p.CalendarRules.Blackouts[z.i].Reason)
	case partChannelRules:
		return fmt.Sprintf("the %s publishing rules (daily cap days)", z.c)
	case partCrisis:
		return "the crisis plan"
	case partCrisisHours:
		return "the crisis team's business hours"
	}
	return "the community desk's business hours"
}

// eachZonedPart calls fn with every part of p that carries a zone of its
// own, in plan order. Parts without a zone (a zero time, a nil location)
// are left out.
func eachZonedPart(p *Strategy, fn func(zonedPart)) {
	at := func(t time.Time) *time.Location {
		if t.IsZero() {
			return nil
		}
		return t.Location()
	}
	add := func(z zonedPart) {
		if z.loc != nil {
			fn(z)
		}
	}
	for i, r := range p.Routines {
		add(zonedPart{kind: partRoutine, i: i, loc: at(r.Recurrence.Start)})
	}
	for i, e := range p.Entries {
		add(zonedPart{kind: partEntry, i: i, loc: at(e.At)})
	}
	for i, m := range p.Milestones {
		add(zonedPart{kind: partMilestone, i: i, loc: at(m.At)})
	}
	for i, b := range p.CalendarRules.Blackouts {
		add(zonedPart{kind: partBlackout, i: i, loc: at(b.From)})
	}
	chans := make([]channel.Channel, 0, len(p.CalendarRules.Channels))
	for c := range p.CalendarRules.Channels {
		chans = append(chans, c)
	}
	slices.Sort(chans)
	for _, c := range chans {
		add(zonedPart{kind: partChannelRules, c: c, loc: p.CalendarRules.Channels[c].Location})
	}
	if p.Crisis.Zone != "" && p.Crisis.Zone != "Local" {
		if loc, err := time.LoadLocation(p.Crisis.Zone); err == nil {
			add(zonedPart{kind: partCrisis, loc: loc})
		}
	}
	if p.Crisis.Hours != nil {
		add(zonedPart{kind: partCrisisHours, loc: p.Crisis.Hours.Location})
	}
	add(zonedPart{kind: partCommunityHours, loc: p.Community.Response.Hours.Location})
}

// checkPlanZones: every part that keeps a wall clock keeps the plan's.
// A routine written in "EST" (a real IANA zone, fixed at UTC−5) inside an
// America/New_York plan validates, and then posts at 11:00 New York time
// all summer; a crisis plan in another zone counts its review days on
// another calendar. Each such part is reported once, saying whether the
// two zones even agree on daylight saving time.
func checkPlanZones(ctx *checkContext, r *Reporter) {
	plan, err := ctx.plan.Location()
	if err != nil {
		return // plan.valid reports the plan's zone
	}
	name, deadline := plan.String(), ctx.plan.Goal.Deadline
	eachZonedPart(ctx.plan, func(part zonedPart) {
		if part.loc.String() == name {
			return
		}
		note := ""
		if !deadline.IsZero() {
			note = dstNote(part.loc, plan, deadline.Year())
		}
		r.Report(part.path(), "%s keeps the wall clock of %s, the plan that of %s%s", part.what(ctx.plan), part.loc, plan, note)
	})
}

// dstNote says how two zones differ in a year: whether one of them keeps
// daylight saving time and the other does not, or their offsets in January
// and July.
func dstNote(part, plan *time.Location, year int) string {
	jan, jul := time.Date(year, time.January, 15, 12, 0, 0, 0, time.UTC), time.Date(year, time.July, 15, 12, 0, 0, 0, time.UTC)
	offset := func(loc *time.Location, t time.Time) int { _, o := t.In(loc).Zone(); return o }
	pj, pu, lj, lu := offset(part, jan), offset(part, jul), offset(plan, jan), offset(plan, jul)
	switch {
	case pj == lj && pu == lu:
		return fmt.Sprintf(" (the same offsets in %d, but a change of rules in either zone would part them)", year)
	case (pj == pu) != (lj == lu):
		keeps, not := plan, part
		if pj != pu {
			keeps, not = part, plan
		}
		return fmt.Sprintf("; %s changes for daylight saving time and %s does not, so their clocks differ by an hour for part of the year", keeps, not)
	default:
		return fmt.Sprintf("; in %d they are %s apart in January and %s in July", year, time.Duration(pj-lj)*time.Second, time.Duration(pu-lu)*time.Second)
	}
}
