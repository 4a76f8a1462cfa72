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

// zonedPart is a part of the plan whose wall-clock behaviour depends on a
// zone of its own: where the zone is, what the part is, and the zone.
type zonedPart struct {
	path func() *validation.Path
	what string
	loc  *time.Location
}

// zonedParts lists every part of p that carries a zone of its own, in plan
// order. Parts without a zone (a zero time, a nil location) are left out.
func zonedParts(p *Strategy) []zonedPart {
	var out []zonedPart
	add := func(path func() *validation.Path, what string, loc *time.Location) {
		if loc != nil {
			out = append(out, zonedPart{path, what, loc})
		}
	}
	at := func(t time.Time) *time.Location {
		if t.IsZero() {
			return nil
		}
		return t.Location()
	}
	for i, r := range p.Routines {
		add(func() *validation.Path { return validation.NewPath("routines").Index(i).Child("recurrence", "zone") },
			fmt.Sprintf("routine %d (%s %s)", i, r.Channel, r.Pillar), at(r.Recurrence.Start))
	}
	for i, e := range p.Entries {
		add(func() *validation.Path { return validation.NewPath("entries").Index(i).Child("zone") },
			fmt.Sprintf("entry %d (%s)", i, e.Channel), at(e.At))
	}
	for i, m := range p.Milestones {
		add(func() *validation.Path { return validation.NewPath("milestones").Index(i).Child("zone") },
			fmt.Sprintf("milestone %q", m.Name), at(m.At))
	}
	for i, b := range p.CalendarRules.Blackouts {
		add(func() *validation.Path {
			return validation.NewPath("calendarRules", "blackouts").Index(i).Child("zone")
		},
			fmt.Sprintf("blackout %q", b.Reason), at(b.From))
	}
	chans := make([]channel.Channel, 0, len(p.CalendarRules.Channels))
	for c := range p.CalendarRules.Channels {
		chans = append(chans, c)
	}
	slices.Sort(chans)
	for _, c := range chans {
		add(func() *validation.Path {
			return validation.NewPath("calendarRules", "channels").Key(string(c)).Child("zone")
		},
			fmt.Sprintf("the %s publishing rules (daily cap days)", c), p.CalendarRules.Channels[c].Location)
	}
	if p.Crisis.Zone != "" {
		if loc, err := time.LoadLocation(p.Crisis.Zone); err == nil && p.Crisis.Zone != "Local" {
			add(func() *validation.Path { return validation.NewPath("crisis", "zone") }, "the crisis plan", loc)
		}
	}
	if p.Crisis.Hours != nil {
		add(func() *validation.Path { return validation.NewPath("crisis", "hours", "zone") }, "the crisis team's business hours", p.Crisis.Hours.Location)
	}
	add(func() *validation.Path { return validation.NewPath("community", "response", "hours", "zone") },
		"the community desk's business hours", p.Community.Response.Hours.Location)
	return out
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
	deadline := ctx.plan.Goal.Deadline
	for _, part := range zonedParts(ctx.plan) {
		if part.loc.String() == plan.String() {
			continue
		}
		note := ""
		if !deadline.IsZero() {
			note = dstNote(part.loc, plan, deadline.Year())
		}
		r.Report(part.path(), "%s keeps the wall clock of %s, the plan that of %s%s", part.what, part.loc, plan, note)
	}
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
