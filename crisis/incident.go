package crisis

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/member"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// Event is something that happened to an incident. Which fields it needs
// depends on its kind:
//
//	kind          needs (By may name who acted on any event)
//	acknowledge   By
//	escalate      Level (higher than the current one)
//	de_escalate   Level (lower than the current one)
//	publish       Channel, By (the level's approver or backup approver);
//	              Account where the brand's accounts on Channel have
//	              statements of their own
//	complete      Step (a playbook step of the current level)
//	resolve       nothing
type Event struct {
	// Kind says what happened.
	Kind EventKind `json:"kind" validate:"enum"`
	// At is when it happened.
	At time.Time `json:"at"`
	// By is the team member who did it, by member ID.
	By uuid.UUID `json:"by,omitzero"`
	// Level is the level moved to, for escalate and de_escalate.
	Level string `json:"level,omitempty"`
	// Channel is the network a statement was published on.
	Channel channel.Channel `json:"channel,omitempty" validate:"omitempty,enum"`
	// Account is the handle of the brand's account on Channel the
	// statement was published from, for publish; empty means the brand's
	// only account there, or the network as a whole. The statement
	// published is the level's [Level.StatementFor] that account.
	Account string `json:"account,omitempty"`
	// Step is the name of the playbook step completed.
	Step string `json:"step,omitempty"`
	// Note is free text for the record.
	Note string `json:"note,omitempty"`
}

// Validate reports a missing instant, the fields the event's kind needs
// but lacks or does not use but has, and a malformed account handle
// (channel.CheckHandle).
func (e Event) Validate() error {
	list := validate.Struct(nil, e)
	if e.At.IsZero() {
		list = append(list, validation.Required(validation.NewPath("at"), ""))
	}
	if !e.Kind.IsValid() {
		return list.Err()
	}
	field := func(name string, needed, set bool) {
		switch {
		case needed && !set:
			list = append(list, validation.Required(validation.NewPath(name), fmt.Sprintf("a %s event needs %s", e.Kind, name)))
		case !needed && set:
			list = append(list, validation.Conflict(validation.NewPath(name), nil, fmt.Sprintf("a %s event does not use %s", e.Kind, name)))
		}
	}
	k := e.Kind
	if (k == EventAcknowledge || k == EventPublish) && e.By == uuid.Nil {
		list = append(list, validation.Required(validation.NewPath("by"), fmt.Sprintf("a %s event needs by", k)))
	}
	field("level", k == EventEscalate || k == EventDeEscalate, e.Level != "")
	field("channel", k == EventPublish, e.Channel != "")
	if e.Account != "" {
		if k != EventPublish {
			field("account", false, true)
		} else if fe := channel.CheckHandle(validation.NewPath("account"), e.Account); fe != nil {
			list = append(list, fe)
		}
	}
	field("step", k == EventComplete, e.Step != "")
	return list.Err()
}

// Incident is a crisis being handled under a plan. Open one with [Open] or
// [OpenFromAlert]; move it forward with [Incident.Record]. It holds only
// what happened; everything else (its state, its level, what is due) is
// derived from the plan and its events, so it round-trips through JSON
// unchanged and a host can store it as it is.
type Incident struct {
	// ID is derived from the plan, the level and the opening instant
	// (a name-based UUID), so the same incident always has the same ID.
	ID uuid.UUID `json:"id"`
	// Plan is the name of the plan the incident runs under.
	Plan string `json:"plan" validate:"required"`
	// Level is the level the incident opened at.
	Level string `json:"level" validate:"required"`
	// Opened is when the incident was opened.
	Opened time.Time `json:"opened"`
	// Began is when the trouble began: the alert's Since, or Opened for
	// an incident opened by hand. Time to detect is Opened − Began.
	Began time.Time `json:"began"`
	// Alert is the alert the incident was opened from, if any.
	Alert *Alert `json:"alert,omitempty"`
	// Events is what happened since, in order.
	Events []Event `json:"events,omitempty"`
}

// incidentSpace is the namespace of incident IDs.
func incidentSpace() uuid.UUID {
	return uuid.UUID{0x6b, 0x1d, 0x3c, 0x59, 0x2e, 0x4f, 0x5a, 0x10, 0x8e, 0x27, 0xc4, 0x0f, 0x93, 0x51, 0xd2, 0x6a}
}

// IncidentID returns the ID of the incident opened at level under the plan
// named plan at the instant opened: a name-based (SHA-1) UUID, the same
// every time.
func IncidentID(plan, level string, opened time.Time) uuid.UUID {
	return uuid.NewSHA1(incidentSpace(), []byte(plan+"\x00"+level+"\x00"+opened.UTC().Format(time.RFC3339Nano)))
}

// Open opens an incident by hand at the given level and instant. The plan
// must be valid.
func Open(p *Plan, level string, at time.Time) (*Incident, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if _, _, ok := p.Level(level); !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownLevel, level)
	}
	if at.IsZero() {
		return nil, validation.ErrorList{validation.Required(validation.NewPath("opened"), "an incident opens at an instant")}.Err()
	}
	return &Incident{ID: IncidentID(p.Name, level, at), Plan: p.Name, Level: level, Opened: at, Began: at}, nil
}

// OpenFromAlert opens an incident at the alert's level and instant; the
// trouble began at the alert's Since.
func OpenFromAlert(p *Plan, a Alert) (*Incident, error) {
	inc, err := Open(p, a.Level, a.At)
	if err != nil {
		return nil, err
	}
	if !a.Since.IsZero() && a.Since.Before(a.At) {
		inc.Began = a.Since
	}
	a.Evidence = slices.Clone(a.Evidence)
	inc.Alert = &a
	return inc, nil
}

// Validate reports the problems of the incident on its own: missing
// fields, a beginning after the opening, invalid events and events out of
// order. Whether its events are legal under its plan is checked when they
// are recorded and replayed.
func (inc *Incident) Validate() error {
	if inc == nil {
		return validation.ErrorList{validation.Required(nil, "an incident is required")}.Err()
	}
	list := validate.Struct(nil, inc)
	if inc.ID == uuid.Nil {
		list = append(list, validation.Required(validation.NewPath("id"), ""))
	}
	if inc.Opened.IsZero() {
		list = append(list, validation.Required(validation.NewPath("opened"), ""))
	}
	if inc.Began.IsZero() {
		list = append(list, validation.Required(validation.NewPath("began"), ""))
	} else if inc.Began.After(inc.Opened) {
		list = append(list, validation.Conflict(validation.NewPath("began"), inc.Began.Format(time.RFC3339), "the trouble cannot begin after the incident opened"))
	}
	ep := validation.NewPath("events")
	prev := inc.Opened
	for i, e := range inc.Events {
		list = list.Merge(ep.Index(i), e.Validate())
		if !e.At.IsZero() && e.At.Before(prev) {
			list = append(list, validation.OutOfOrder(ep.Index(i).Child("at"), e.At.Format(time.RFC3339), "events are in order, after the opening"))
		}
		if !e.At.IsZero() {
			prev = e.At
		}
	}
	return list.Err()
}

// segment is a stretch of an incident at one level.
type segment struct {
	level   int
	start   time.Time
	end     time.Time                        // zero while current
	acked   time.Time                        // when someone acknowledged at this level; zero if nobody has
	publish map[channel.AccountRef]time.Time // by statementKey
}

// statementKey is how a segment records a published statement: its
// channel and its account's handle in lower case.
func statementKey(s Statement) channel.AccountRef {
	return channel.AccountRef{Channel: s.Channel, Handle: strings.ToLower(s.Account)}
}

// where names a channel, or an account on it, in a message: "x",
// "@janeroe on linkedin".
func where(c channel.Channel, account string) string {
	if account == "" {
		return string(c)
	}
	return "@" + account + " on " + string(c)
}

// course is an incident replayed under its plan up to an instant.
type course struct {
	p                                      *Plan
	state                                  State
	segs                                   []segment
	first                                  time.Time // first statement published
	completed                              map[string]time.Time
	resolved                               time.Time
	last                                   time.Time // the last event, or the opening
	escalations, deEscalations, statements int
	names                                  map[uuid.UUID]string // prints people in errors; may be nil
}

func (c *course) seg() *segment { return &c.segs[len(c.segs)-1] }

func (c *course) level() Level { return c.p.Levels[c.seg().level] }

// replay runs the incident's events with At ≤ asOf (all of them for a zero
// asOf) under p.
func (inc *Incident) replay(p *Plan, asOf time.Time) (*course, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := inc.Validate(); err != nil {
		return nil, err
	}
	if inc.Plan != p.Name {
		return nil, fmt.Errorf("%w: incident of plan %q, plan %q", ErrPlanMismatch, inc.Plan, p.Name)
	}
	_, li, ok := p.Level(inc.Level)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownLevel, inc.Level)
	}
	c := &course{p: p, state: StateOpen, completed: map[string]time.Time{}, last: inc.Opened}
	c.segs = []segment{{level: li, start: inc.Opened, publish: map[channel.AccountRef]time.Time{}}}
	for i, e := range inc.Events {
		if !asOf.IsZero() && e.At.After(asOf) {
			break
		}
		if err := c.apply(e); err != nil {
			return nil, fmt.Errorf("events[%d]: %w", i, err)
		}
	}
	return c, nil
}

// apply moves the course forward by e, or says why e is illegal.
func (c *course) apply(e Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if e.At.Before(c.last) {
		return fmt.Errorf("%w: %s at %s is before %s", ErrEventOrder, e.Kind, e.At.Format(time.RFC3339), c.last.Format(time.RFC3339))
	}
	if c.state == StateResolved {
		return fmt.Errorf("%w: %s after the incident was resolved", ErrIllegalEvent, e.Kind)
	}
	cur := c.level()
	switch e.Kind {
	case EventAcknowledge:
		if c.state != StateOpen {
			return fmt.Errorf("%w: already acknowledged at level %q", ErrIllegalEvent, cur.Name)
		}
		c.state = StateAcknowledged
		c.seg().acked = e.At
	case EventEscalate, EventDeEscalate:
		to, li, ok := c.p.Level(e.Level)
		if !ok {
			return fmt.Errorf("%w: %q", ErrUnknownLevel, e.Level)
		}
		if e.Kind == EventEscalate && to.Rank <= cur.Rank || e.Kind == EventDeEscalate && to.Rank >= cur.Rank {
			return fmt.Errorf("%w: %s from %q to %q", ErrIllegalEvent, e.Kind, cur.Name, to.Name)
		}
		c.seg().end = e.At
		next := segment{level: li, start: e.At, publish: map[channel.AccountRef]time.Time{}}
		if e.Kind == EventEscalate {
			c.state = StateOpen
			c.escalations++
		} else {
			if c.state == StateAcknowledged {
				next.acked = e.At
			}
			c.deEscalations++
		}
		c.segs = append(c.segs, next)
	case EventPublish:
		if c.state != StateAcknowledged {
			return fmt.Errorf("%w: a statement is published once someone has acknowledged the incident", ErrIllegalEvent)
		}
		stmt, ok := cur.StatementFor(channel.AccountRef{Channel: e.Channel, Handle: e.Account})
		if !ok {
			return fmt.Errorf("%w: %s at level %q", ErrNoStatement, where(e.Channel, e.Account), cur.Name)
		}
		if e.By != cur.Approver && e.By != cur.BackupApprover {
			who := func(id uuid.UUID) string { return member.Name(c.names, id) }
			return fmt.Errorf("%w: %s; level %q is approved by %s or %s", ErrNotApprover, who(e.By), cur.Name, who(cur.Approver), who(cur.BackupApprover))
		}
		key := statementKey(stmt)
		if _, done := c.seg().publish[key]; done {
			return fmt.Errorf("%w: the %s statement of level %q is already published", ErrIllegalEvent, where(stmt.Channel, stmt.Account), cur.Name)
		}
		c.seg().publish[key] = e.At
		if c.first.IsZero() {
			c.first = e.At
		}
		c.statements++
	case EventComplete:
		if !slices.ContainsFunc(cur.Playbook, func(s PlaybookStep) bool { return s.Name == e.Step }) {
			return fmt.Errorf("%w: %q at level %q", ErrUnknownStep, e.Step, cur.Name)
		}
		if _, done := c.completed[e.Step]; done {
			return fmt.Errorf("%w: step %q is already complete", ErrIllegalEvent, e.Step)
		}
		c.completed[e.Step] = e.At
	case EventResolve:
		c.state = StateResolved
		c.resolved = e.At
		c.seg().end = e.At
	}
	c.last = e.At
	return nil
}

// Record checks each event against the incident's state under p, in
// order, and appends them all. An illegal event (see [State]) is
// [ErrIllegalEvent]; an event earlier than the last one is
// [ErrEventOrder]; an unknown level, a statement for a channel the level
// has none for, a publisher who is not an approver and an unknown playbook
// step have their own errors. With several events, the error says which
// (events[i] of the call). On error the incident is unchanged: none of
// the events is recorded.
//
// Record replays the incident's events to learn its state, so its cost
// grows with the events recorded before: record events that arrive
// together in one call (n events one call at a time cost n² steps;
// 8,000 of them took 56 s, in one call milliseconds).
func (inc *Incident) Record(p *Plan, events ...Event) error {
	c, err := inc.replay(p, time.Time{})
	if err != nil {
		return err
	}
	for i, e := range events {
		if err := c.apply(e); err != nil {
			if len(events) > 1 {
				return fmt.Errorf("events[%d]: %w", i, err)
			}
			return err
		}
	}
	inc.Events = append(inc.Events, events...)
	return nil
}

// Status returns the incident's state and current level under p, after
// every event.
func (inc *Incident) Status(p *Plan) (State, string, error) {
	c, err := inc.replay(p, time.Time{})
	if err != nil {
		return "", "", err
	}
	return c.state, c.level().Name, nil
}
