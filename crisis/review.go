package crisis

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
)

// Review is the post-crisis review of a resolved incident: how fast the
// team detected, answered and resolved it, what it did, and when the review
// meeting is due.
type Review struct {
	// Incident is the incident's ID.
	Incident uuid.UUID `json:"incident"`
	// Level is the highest level the incident reached.
	Level string `json:"level"`
	// Began, Opened and Resolved are when the trouble began, when the
	// incident was opened and when it was resolved.
	Began    time.Time `json:"began"`
	Opened   time.Time `json:"opened"`
	Resolved time.Time `json:"resolved"`
	// FirstResponse is when the first holding statement was published;
	// zero if none was.
	FirstResponse time.Time `json:"firstResponse,omitzero"`
	// TimeToDetect is Opened − Began.
	TimeToDetect Duration `json:"timeToDetect"`
	// TimeToFirstResponse is FirstResponse − Opened; zero if nothing was
	// published.
	TimeToFirstResponse Duration `json:"timeToFirstResponse,omitempty"`
	// FirstResponseTarget is how long the plan allowed for the first
	// response (from the opening to its deadline).
	FirstResponseTarget Duration `json:"firstResponseTarget"`
	// FirstResponseMet is true when a statement was published by the
	// deadline.
	FirstResponseMet bool `json:"firstResponseMet"`
	// TimeToResolve is Resolved − Opened.
	TimeToResolve Duration `json:"timeToResolve"`
	// Escalations and DeEscalations count the level changes.
	Escalations   int `json:"escalations"`
	DeEscalations int `json:"deEscalations"`
	// Statements counts the holding statements published.
	Statements int `json:"statements"`
	// Notifications counts the escalation notifications that fired.
	Notifications int `json:"notifications"`
	// Missed counts the deadlines missed; Late those met late.
	Missed int `json:"missed"`
	Late   int `json:"late"`
	// MeetingDue is when the review meeting is due, by the review rule of
	// the highest level reached.
	MeetingDue time.Time `json:"meetingDue"`
}

// Review computes the post-crisis review of a resolved incident under p.
// An incident that is not resolved is [ErrNotResolved].
func (inc *Incident) Review(p *Plan) (Review, error) {
	c, err := inc.replay(p, time.Time{})
	if err != nil {
		return Review{}, err
	}
	if c.state != StateResolved {
		return Review{}, fmt.Errorf("%w: %s", ErrNotResolved, inc.ID)
	}
	top := c.segs[0].level
	for _, s := range c.segs {
		top = max(top, s.level)
	}
	due, _ := c.firstResponse()
	r := Review{
		Incident:            inc.ID,
		Level:               p.Levels[top].Name,
		Began:               inc.Began,
		Opened:              inc.Opened,
		Resolved:            c.resolved,
		FirstResponse:       c.first,
		TimeToDetect:        Duration(inc.Opened.Sub(inc.Began)),
		FirstResponseTarget: Duration(due.Sub(inc.Opened)),
		FirstResponseMet:    !c.first.IsZero() && !c.first.After(due),
		TimeToResolve:       Duration(c.resolved.Sub(inc.Opened)),
		Escalations:         c.escalations,
		DeEscalations:       c.deEscalations,
		Statements:          c.statements,
	}
	if !c.first.IsZero() {
		r.TimeToFirstResponse = Duration(c.first.Sub(inc.Opened))
	}
	for _, it := range c.items(inc, c.resolved) {
		switch it.Status {
		case StatusNotified:
			r.Notifications++
		case StatusMissed:
			r.Missed++
		case StatusLate:
			r.Late++
		}
	}
	r.MeetingDue, err = p.MeetingDue(p.Levels[top].Review, c.resolved)
	return r, err
}

// MeetingDue returns when a review meeting is due under rule for an
// incident resolved at resolved:
//
//   - in calendar days, the same wall-clock time rule.Within days later in
//     the plan's zone (a time that falls in a DST gap moves past it);
//   - in business days, the close of business on the rule.Within-th open
//     day of the plan's business hours after the day of resolution:
//     resolved on a Friday with "2 business days" and Mon–Fri hours, the
//     meeting is due by Tuesday's close.
func (p *Plan) MeetingDue(rule ReviewRule, resolved time.Time) (time.Time, error) {
	if err := rule.Validate(); err != nil {
		return time.Time{}, err
	}
	switch rule.Unit {
	case BusinessDays:
		if p.Hours == nil {
			return time.Time{}, fmt.Errorf("crisis: plan %q has no business hours to count business days in: %w", p.Name, calendar.ErrNoBusinessTime)
		}
		return nthBusinessClose(*p.Hours, resolved, rule.Within)
	default:
		loc, err := time.LoadLocation(p.Zone)
		if err != nil {
			return time.Time{}, err
		}
		t := resolved.In(loc)
		y, m, d := t.Date()
		h, mi, s := t.Clock()
		return calendar.Date(y, m, d+rule.Within, h, mi, s, t.Nanosecond(), loc), nil
	}
}

// nthBusinessClose returns the close of the n-th day after t's day on which
// h is open, using h's own business-time arithmetic. A week of a valid
// schedule has an open day, so the search ends within n weeks plus the
// holidays.
func nthBusinessClose(h calendar.BusinessHours, t time.Time, n int) (time.Time, error) {
	day := calendar.DateOf(t.In(h.Location))
	limit := 7*n + len(h.Holidays) + 7
	for range limit {
		day = day.AddDays(1)
		start := day.In(h.Location)
		open, err := h.BusinessBetween(start, day.AddDays(1).In(h.Location))
		if err != nil {
			return time.Time{}, err
		}
		if open == 0 {
			continue
		}
		if n--; n == 0 {
			return h.AddBusiness(start, open)
		}
	}
	return time.Time{}, fmt.Errorf("crisis: no open day found: %w", calendar.ErrNoBusinessTime)
}
