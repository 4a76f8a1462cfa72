package crisis

import (
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// Item is one obligation on an incident's timeline: a notification, a
// deadline for the first response, a holding statement or a playbook step.
type Item struct {
	// Kind says what the item is.
	Kind ItemKind `json:"kind"`
	// Level is the level the item belongs to.
	Level string `json:"level"`
	// At is the instant of a notification, or the deadline.
	At time.Time `json:"at"`
	// Status is where the item stands at the instant looked at.
	Status Status `json:"status"`
	// Done is when a deadline was met (or met late).
	Done time.Time `json:"done,omitzero"`
	// Round and Step number a notification: round 0 is the first run of
	// the escalation steps, step 0 the first step.
	Round int `json:"round,omitempty"`
	Step  int `json:"step,omitempty"`
	// Notify lists the team members a notification is for, by member ID.
	Notify []uuid.UUID `json:"notify,omitempty"`
	// Channel, Account and Text are a holding statement's.
	Channel channel.Channel `json:"channel,omitempty"`
	Account string          `json:"account,omitempty"`
	Text    string          `json:"text,omitempty"`
	// Until is when a pause ends, and Policy how it resumes.
	Until  time.Time             `json:"until,omitzero"`
	Policy *calendar.PausePolicy `json:"policy,omitempty"`
	// Channels are the channels a pause holds back as a whole, and
	// Accounts the accounts it holds back.
	Channels []channel.Channel    `json:"channels,omitempty"`
	Accounts []channel.AccountRef `json:"accounts,omitempty"`
	// Name, Action and Owner are a playbook step's; Owner is a member ID.
	Name   string    `json:"name,omitempty"`
	Action string    `json:"action,omitempty"`
	Owner  uuid.UUID `json:"owner,omitzero"`

	seg int // the segment the item belongs to
}

// Timeline returns every item of the incident as it stands at asOf,
// derived from the plan and the events up to asOf: when the first response
// is due, when each escalation step fires unless someone acknowledges,
// which holding statements apply and by when, the playbook steps with their
// deadlines, and the publishing pauses (see [Incident.PauseWindows]). Items
// are in order of their instant.
func (inc *Incident) Timeline(p *Plan, asOf time.Time) ([]Item, error) {
	c, err := inc.replay(p, asOf)
	if err != nil {
		return nil, err
	}
	return c.items(inc, asOf), nil
}

// Due returns what is due or overdue at instant at: the notifications that
// have fired at the current level while nobody acknowledged, every deadline
// not yet met (pending or overdue), and the publishing pauses while they
// are active.
func (inc *Incident) Due(p *Plan, at time.Time) ([]Item, error) {
	c, err := inc.replay(p, at)
	if err != nil {
		return nil, err
	}
	var out []Item
	for _, it := range c.items(inc, at) {
		switch it.Status {
		case StatusPending, StatusOverdue, StatusActive:
			out = append(out, it)
		case StatusNotified:
			if it.seg == len(c.segs)-1 && c.state == StateOpen {
				out = append(out, it)
			}
		}
	}
	return out, nil
}

// deadline returns the status of a deadline due at due, done at done (zero
// if not done), no longer possible from end (zero if still possible), seen
// at asOf.
func deadline(due, done, end, asOf time.Time) Status {
	switch {
	case !done.IsZero() && !done.After(due):
		return StatusMet
	case !done.IsZero():
		return StatusLate
	case !end.IsZero() && due.Before(end):
		return StatusMissed
	case !end.IsZero():
		return StatusCancelled
	case asOf.After(due):
		return StatusOverdue
	}
	return StatusPending
}

// firstResponse returns when the first response is due and the level whose
// target set it: the opening level's target, or an escalated level's
// target from its start if that is sooner and nothing was published yet.
func (c *course) firstResponse() (time.Time, string) {
	s0 := c.segs[0]
	l0 := c.p.Levels[s0.level]
	due, level := s0.start.Add(time.Duration(l0.FirstResponse)), l0.Name
	for _, s := range c.segs[1:] {
		if !c.first.IsZero() && !s.start.Before(c.first) {
			break
		}
		l := c.p.Levels[s.level]
		if d := s.start.Add(time.Duration(l.FirstResponse)); d.Before(due) {
			due, level = d, l.Name
		}
	}
	return due, level
}

func (c *course) items(inc *Incident, asOf time.Time) []Item {
	var out []Item
	due, lv := c.firstResponse()
	out = append(out, Item{Kind: ItemFirstResponse, Level: lv, At: due, Done: c.first,
		Status: deadline(due, c.first, c.resolved, asOf)})
	for si, s := range c.segs {
		l := c.p.Levels[s.level]
		t := s.start
		for r := 0; r <= l.Escalation.Repeat; r++ {
			for j, st := range l.Escalation.Steps {
				t = t.Add(time.Duration(st.After))
				it := Item{Kind: ItemNotify, Level: l.Name, At: t, Round: r, Step: j, Notify: slices.Clone(st.Notify), seg: si}
				switch {
				case !s.end.IsZero() && !t.Before(s.end),
					!s.acked.IsZero() && !s.acked.After(t):
					it.Status = StatusCancelled
				case !t.After(asOf):
					it.Status = StatusNotified
				default:
					it.Status = StatusScheduled
				}
				out = append(out, it)
			}
		}
		for _, ch := range c.p.Channels {
			for _, stmt := range l.Statements {
				if stmt.Channel != ch {
					continue
				}
				d := s.start.Add(time.Duration(l.FirstResponse))
				done := s.publish[statementKey(stmt)]
				out = append(out, Item{Kind: ItemStatement, Level: l.Name, At: d, Done: done, Channel: ch, Account: stmt.Account, Text: stmt.Text,
					Status: deadline(d, done, s.end, asOf), seg: si})
			}
		}
		for _, st := range l.Playbook {
			d := s.start.Add(time.Duration(st.Within))
			done := c.completed[st.Name]
			out = append(out, Item{Kind: ItemPlaybook, Level: l.Name, At: d, Done: done, Name: st.Name, Action: st.Action, Owner: st.Owner,
				Status: deadline(d, done, s.end, asOf), seg: si})
		}
	}
	for _, pw := range c.pauseWindows() {
		st := StatusActive
		if !asOf.Before(pw.Window.To) {
			st = StatusEnded
		}
		pol := pw.Policy
		out = append(out, Item{Kind: ItemPause, Level: pw.Level, At: pw.Window.From, Until: pw.Window.To, Policy: &pol,
			Channels: pw.Channels, Accounts: pw.Accounts, Status: st, seg: -1})
	}
	slices.SortStableFunc(out, func(a, b Item) int { return a.At.Compare(b.At) })
	return out
}
