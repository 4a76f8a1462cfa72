package crisis

import "github.com/tandemsocial/tandem/internal/enum"

// Every enum of this package encodes through internal/enum, so it has the
// same String, MarshalText, strict UnmarshalText and IsValid behaviour as
// channel.Channel.

// Metric is a count carried by a [Signal] that volume, deviation and
// absolute triggers watch.
type Metric string

// The metrics a trigger can watch.
const (
	// MetricMentions counts all mentions.
	MetricMentions Metric = "mentions"
	// MetricNegative counts negative mentions.
	MetricNegative Metric = "negative"
	// MetricKeywordHits counts mentions that matched the keyword rule.
	MetricKeywordHits Metric = "keyword_hits"
)

var metrics = []Metric{MetricMentions, MetricNegative, MetricKeywordHits}

// IsValid reports whether m is a known metric.
func (m Metric) IsValid() bool { return enum.Valid(m, metrics) }

// String returns the identifier of m.
func (m Metric) String() string { return string(m) }

// MarshalText encodes m; an unknown value is an error.
func (m Metric) MarshalText() ([]byte, error) { return enum.Marshal("crisis.Metric", m, metrics) }

// UnmarshalText accepts exactly the known identifiers.
func (m *Metric) UnmarshalText(text []byte) error {
	return enum.Unmarshal("crisis.Metric", text, metrics, m)
}

// DayUnit says how the days of a [ReviewRule] are counted.
type DayUnit string

// The units of a review deadline.
const (
	// CalendarDays counts every day on the plan's wall clock.
	CalendarDays DayUnit = "calendar_days"
	// BusinessDays counts the working days of the plan's business hours,
	// skipping weekends and holidays.
	BusinessDays DayUnit = "business_days"
)

var dayUnits = []DayUnit{CalendarDays, BusinessDays}

// IsValid reports whether u is a known unit.
func (u DayUnit) IsValid() bool { return enum.Valid(u, dayUnits) }

// String returns the identifier of u.
func (u DayUnit) String() string { return string(u) }

// MarshalText encodes u; an unknown value is an error.
func (u DayUnit) MarshalText() ([]byte, error) { return enum.Marshal("crisis.DayUnit", u, dayUnits) }

// UnmarshalText accepts exactly the known identifiers.
func (u *DayUnit) UnmarshalText(text []byte) error {
	return enum.Unmarshal("crisis.DayUnit", text, dayUnits, u)
}

// State is where an incident stands.
type State string

// The states of an incident. The only moves are open → acknowledged (by
// acknowledge), acknowledged → open (by escalate, which pages the new
// level's people), and open or acknowledged → resolved.
const (
	// StateOpen: nobody has acknowledged the incident at its current level;
	// escalation steps fire.
	StateOpen State = "open"
	// StateAcknowledged: someone owns the incident; escalation stops.
	StateAcknowledged State = "acknowledged"
	// StateResolved: the incident is over; no event is accepted.
	StateResolved State = "resolved"
)

var states = []State{StateOpen, StateAcknowledged, StateResolved}

// IsValid reports whether s is a known state.
func (s State) IsValid() bool { return enum.Valid(s, states) }

// String returns the identifier of s.
func (s State) String() string { return string(s) }

// MarshalText encodes s; an unknown value is an error.
func (s State) MarshalText() ([]byte, error) { return enum.Marshal("crisis.State", s, states) }

// UnmarshalText accepts exactly the known identifiers.
func (s *State) UnmarshalText(text []byte) error {
	return enum.Unmarshal("crisis.State", text, states, s)
}

// EventKind is what happened to an incident.
type EventKind string

// The events of an incident.
const (
	// EventAcknowledge: someone (By) takes ownership; escalation stops.
	EventAcknowledge EventKind = "acknowledge"
	// EventEscalate: the incident moves to a higher Level; the new level's
	// escalation starts and the incident needs acknowledging again.
	EventEscalate EventKind = "escalate"
	// EventDeEscalate: the incident moves to a lower Level; an
	// acknowledgement carries over.
	EventDeEscalate EventKind = "de_escalate"
	// EventPublish: the current level's holding statement for Channel is
	// published, approved By the level's approver or backup approver.
	EventPublish EventKind = "publish"
	// EventComplete: the playbook Step of the current level is done.
	EventComplete EventKind = "complete"
	// EventResolve: the incident is over.
	EventResolve EventKind = "resolve"
)

var eventKinds = []EventKind{EventAcknowledge, EventEscalate, EventDeEscalate, EventPublish, EventComplete, EventResolve}

// IsValid reports whether k is a known event kind.
func (k EventKind) IsValid() bool { return enum.Valid(k, eventKinds) }

// String returns the identifier of k.
func (k EventKind) String() string { return string(k) }

// MarshalText encodes k; an unknown value is an error.
func (k EventKind) MarshalText() ([]byte, error) {
	return enum.Marshal("crisis.EventKind", k, eventKinds)
}

// UnmarshalText accepts exactly the known identifiers.
func (k *EventKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("crisis.EventKind", text, eventKinds, k)
}

// ItemKind is the kind of an obligation on an incident's timeline.
type ItemKind string

// The kinds of timeline item.
const (
	// ItemFirstResponse: the first public response (any holding
	// statement) is due.
	ItemFirstResponse ItemKind = "first_response"
	// ItemStatement: the level's holding statement for one channel is due.
	ItemStatement ItemKind = "statement"
	// ItemNotify: an escalation step notifies people unless someone
	// acknowledged first.
	ItemNotify ItemKind = "notify"
	// ItemPlaybook: a playbook step is due.
	ItemPlaybook ItemKind = "playbook"
	// ItemPause: scheduled publishing is paused from At until Until.
	ItemPause ItemKind = "pause"
)

var itemKinds = []ItemKind{ItemFirstResponse, ItemStatement, ItemNotify, ItemPlaybook, ItemPause}

// IsValid reports whether k is a known item kind.
func (k ItemKind) IsValid() bool { return enum.Valid(k, itemKinds) }

// String returns the identifier of k.
func (k ItemKind) String() string { return string(k) }

// MarshalText encodes k; an unknown value is an error.
func (k ItemKind) MarshalText() ([]byte, error) { return enum.Marshal("crisis.ItemKind", k, itemKinds) }

// UnmarshalText accepts exactly the known identifiers.
func (k *ItemKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("crisis.ItemKind", text, itemKinds, k)
}

// Status is where a timeline item stands at the instant it is looked at.
type Status string

// The statuses of a timeline item. Deadlines (first response, statements,
// playbook steps) are pending, overdue, met, late, missed or cancelled;
// notifications are scheduled, notified or cancelled; a pause is active or
// ended.
const (
	// StatusPending: a deadline not reached yet, not done yet.
	StatusPending Status = "pending"
	// StatusOverdue: a deadline passed, not done, still possible.
	StatusOverdue Status = "overdue"
	// StatusMet: done at or before its deadline.
	StatusMet Status = "met"
	// StatusLate: done after its deadline.
	StatusLate Status = "late"
	// StatusMissed: a deadline passed without it being done, and it can no
	// longer be done (the incident was resolved or changed level).
	StatusMissed Status = "missed"
	// StatusCancelled: no longer needed before its instant came (someone
	// acknowledged, the level changed, the incident was resolved).
	StatusCancelled Status = "cancelled"
	// StatusScheduled: a notification whose instant has not come.
	StatusScheduled Status = "scheduled"
	// StatusNotified: a notification whose instant came while nobody had
	// acknowledged: the people it names are to be told at that instant.
	StatusNotified Status = "notified"
	// StatusActive: a pause in effect at the instant looked at.
	StatusActive Status = "active"
	// StatusEnded: a pause over by the instant looked at.
	StatusEnded Status = "ended"
)

var statuses = []Status{StatusPending, StatusOverdue, StatusMet, StatusLate, StatusMissed, StatusCancelled, StatusScheduled, StatusNotified, StatusActive, StatusEnded}

// IsValid reports whether s is a known status.
func (s Status) IsValid() bool { return enum.Valid(s, statuses) }

// String returns the identifier of s.
func (s Status) String() string { return string(s) }

// MarshalText encodes s; an unknown value is an error.
func (s Status) MarshalText() ([]byte, error) { return enum.Marshal("crisis.Status", s, statuses) }

// UnmarshalText accepts exactly the known identifiers.
func (s *Status) UnmarshalText(text []byte) error {
	return enum.Unmarshal("crisis.Status", text, statuses, s)
}
