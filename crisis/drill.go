package crisis

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// Anchor says what a scripted [Response]'s delay counts from. The zero
// value means [AnchorOpen], so a script written without anchors times
// every response from the incident's opening.
type Anchor string

// The moments a response can be timed from. A response timed from a level,
// an escalation or an alert is played once for each such moment of each
// incident (narrowed to one level by [Response.OnLevel]), and it belongs to
// the stretch of the incident at the level it is at then: if the incident
// changes level or is resolved before the response is due, the response
// lapses and is not played, because the team answers the latest page. A
// response timed from the opening is played once per incident, whatever
// happened since.
const (
	// AnchorOpen: the incident's opening. The same as the zero value.
	AnchorOpen Anchor = "open"
	// AnchorLevel: each moment the incident reaches a level: its opening,
	// each escalation and each de-escalation. The runbook line "within 10
	// minutes of any new level, the on-call acknowledges" is a response
	// timed from the level.
	AnchorLevel Anchor = "level"
	// AnchorEscalation: each escalation, by an alert of a higher level or
	// by a scripted escalate. Unlike AnchorLevel it leaves out the opening
	// and de-escalations (which keep the acknowledgement).
	AnchorEscalation Anchor = "escalation"
	// AnchorAlert: each alert that bears on the incident, the one that
	// opened it included; OnLevel narrows it to the alerts of one level.
	AnchorAlert Anchor = "alert"
)

var anchors = []Anchor{AnchorOpen, AnchorLevel, AnchorEscalation, AnchorAlert}

// IsValid reports whether a is a known anchor. The zero value is not
// (it is "not set", which a Response reads as AnchorOpen).
func (a Anchor) IsValid() bool { return enum.Valid(a, anchors) }

// String returns the identifier of a.
func (a Anchor) String() string { return string(a) }

// MarshalText encodes a; an unknown value is an error.
func (a Anchor) MarshalText() ([]byte, error) { return enum.Marshal("crisis.Anchor", a, anchors) }

// UnmarshalText accepts exactly the known identifiers.
func (a *Anchor) UnmarshalText(text []byte) error {
	return enum.Unmarshal("crisis.Anchor", text, anchors, a)
}

// Response is one thing the team does during a drill: an event, After a
// delay counted from the moment From names. The same script answers every
// incident the drill opens. People are member IDs (eva and carla below).
//
//	{After: 10m, From: AnchorLevel, Kind: EventAcknowledge, By: eva}         // every new level is acknowledged within 10 minutes
//	{After: 20m, From: AnchorLevel, OnLevel: "critical", Kind: EventPublish, // once critical, its X statement goes out within 20 minutes
//	 Channel: channel.X, By: carla}
//	{After: 6h, Kind: EventResolve}                                          // six hours after the opening, it is over
type Response struct {
	// After is the delay from the moment From names; zero or positive.
	After Duration `json:"after"`
	// From says what After counts from; the zero value means AnchorOpen.
	From Anchor `json:"from,omitempty"`
	// OnLevel narrows AnchorLevel and AnchorEscalation to the moments the
	// incident reaches this level, and AnchorAlert to the alerts of this
	// level. Empty means every level; the opening takes none.
	OnLevel string `json:"onLevel,omitempty"`
	// Kind, By, Level, Channel, Account and Step are the event's (see
	// [Event]); By is a member ID.
	Kind    EventKind       `json:"kind"`
	By      uuid.UUID       `json:"by,omitzero"`
	Level   string          `json:"level,omitempty"`
	Channel channel.Channel `json:"channel,omitempty"`
	Account string          `json:"account,omitempty"`
	Step    string          `json:"step,omitempty"`
}

// anchor returns what r's delay counts from, the zero value read as the
// opening.
func (r Response) anchor() Anchor {
	if r.From == "" {
		return AnchorOpen
	}
	return r.From
}

// event is the event r makes at instant at.
func (r Response) event(at time.Time) Event {
	return Event{Kind: r.Kind, At: at, By: r.By, Level: r.Level, Channel: r.Channel, Account: r.Account, Step: r.Step, Note: "drill response"}
}

// String describes r for people: "publish x, 20m0s after reaching
// critical".
func (r Response) String() string {
	what := string(r.Kind)
	for _, s := range []string{string(r.Channel), handleText(r.Account), r.Step, r.Level} {
		if s != "" {
			what += " " + s
		}
	}
	var from string
	switch a, on := r.anchor(), r.OnLevel; {
	case a == AnchorLevel && on != "":
		from = "reaching " + on
	case a == AnchorLevel:
		from = "each new level"
	case a == AnchorEscalation && on != "":
		from = "each escalation to " + on
	case a == AnchorEscalation:
		from = "each escalation"
	case a == AnchorAlert && on != "":
		from = "each " + on + " alert"
	case a == AnchorAlert:
		from = "each alert"
	default:
		from = "the opening"
	}
	return fmt.Sprintf("%s, %s after %s", what, r.After, from)
}

// Validate reports a negative delay, an unknown anchor, a level to wait
// for on the opening (which has none), and the problems of the event it
// makes. Whether its levels are on the plan's ladder is checked by
// [Drill].
func (r Response) Validate() error {
	var list validation.ErrorList
	if r.After < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("after"), r.After.String(), "must not be negative"))
	}
	if r.From != "" && !r.From.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("from"), r.From, anchors))
	}
	if r.OnLevel != "" && r.anchor() == AnchorOpen {
		list = append(list, validation.Conflict(validation.NewPath("onLevel"), r.OnLevel,
			"a response timed from the opening waits for no level; time it from a level, an escalation or an alert"))
	}
	list = list.Merge(nil, r.event(time.Unix(0, 0)).Validate())
	return list.Err()
}

// DrillOptions configures [Drill]. The zero value, or a nil pointer, runs
// the drill without any response from the team.
type DrillOptions struct {
	// Responses is the team's script, in any order (see [Response] and
	// [Anchor]). Responses due at the same instant are played in the
	// order of the moments they count from (at one instant: the opening,
	// the level, the escalation, the alert), then in the script's order.
	Responses []Response `json:"responses,omitempty"`
	// Until is when the drill ends; the timeline shows where every item
	// stands then. Zero means the end of the last bucket of signals or the
	// last response, whichever is later.
	Until time.Time `json:"until,omitzero"`
	// Names gives the team members' names by member ID, for the report's
	// printed timeline and the reasons of refused responses; a member
	// without a name there is printed by ID. The report keeps it.
	Names map[uuid.UUID]string `json:"names,omitempty"`
}

// EntryKind is the kind of a line on a drill's timeline.
type EntryKind string

// The kinds of drill timeline entry: an alert, an incident opening, the
// events of [EventKind], the notifications that fired, the deadlines of
// [ItemKind], and the scripted responses the incident refused.
const (
	EntryAlert         EntryKind = "alert"
	EntryOpen          EntryKind = "open"
	EntryAcknowledge   EntryKind = "acknowledge"
	EntryEscalate      EntryKind = "escalate"
	EntryDeEscalate    EntryKind = "de_escalate"
	EntryPublish       EntryKind = "publish"
	EntryComplete      EntryKind = "complete"
	EntryResolve       EntryKind = "resolve"
	EntryNotify        EntryKind = "notify"
	EntryFirstResponse EntryKind = "first_response"
	EntryStatement     EntryKind = "statement"
	EntryPlaybook      EntryKind = "playbook"
	EntryPause         EntryKind = "pause"
	// EntryRefused: a scripted response that was illegal when it came due
	// (acknowledging twice, publishing before anyone acknowledged or
	// without being an approver, anything after the resolution). Who is
	// the response's By, Level the incident's level then, and Detail the
	// response and the reason: the text of the error [Incident.Record]
	// returned (ErrIllegalEvent, ErrNotApprover, ErrNoStatement,
	// ErrUnknownStep…). The incident is unchanged and the drill goes on.
	EntryRefused EntryKind = "refused"
)

var entryKinds = []EntryKind{EntryAlert, EntryOpen, EntryAcknowledge, EntryEscalate, EntryDeEscalate, EntryPublish,
	EntryComplete, EntryResolve, EntryNotify, EntryFirstResponse, EntryStatement, EntryPlaybook, EntryPause, EntryRefused}

// IsValid reports whether k is a known entry kind.
func (k EntryKind) IsValid() bool { return enum.Valid(k, entryKinds) }

// String returns the identifier of k.
func (k EntryKind) String() string { return string(k) }

// MarshalText encodes k; an unknown value is an error.
func (k EntryKind) MarshalText() ([]byte, error) {
	return enum.Marshal("crisis.EntryKind", k, entryKinds)
}

// UnmarshalText accepts exactly the known identifiers.
func (k *EntryKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("crisis.EntryKind", text, entryKinds, k)
}

// Entry is one line of a drill's timeline.
type Entry struct {
	// At is when it happened, or when the deadline was.
	At time.Time `json:"at"`
	// Incident numbers the incident from 1, in order of opening: entry n
	// belongs to DrillReport.Incidents[n-1], and the report prints it as
	// #n.
	Incident int `json:"incident"`
	// Kind says what the line is.
	Kind EntryKind `json:"kind"`
	// Level is the level involved.
	Level string `json:"level,omitempty"`
	// Who lists the team members notified, or who acted, by member ID.
	Who []uuid.UUID `json:"who,omitempty"`
	// Status is a deadline's outcome or a notification's status at the end
	// of the drill.
	Status Status `json:"status,omitempty"`
	// Detail says more, for people.
	Detail string `json:"detail,omitempty"`
}

// DrillReport is what would have happened.
type DrillReport struct {
	// Alerts are the detector's alerts, in order.
	Alerts []Alert `json:"alerts"`
	// Incidents are the incidents opened, in order of opening, with the
	// events of the drill: incident n (as entries and errors number it)
	// is Incidents[n-1].
	Incidents []Incident `json:"incidents"`
	// Timeline merges alerts, events, refused responses, notifications
	// and deadlines, in order of instant.
	Timeline []Entry `json:"timeline"`
	// End is the instant the drill's timeline is seen at.
	End time.Time `json:"end"`
	// Names are the team members' names by member ID, from
	// DrillOptions.Names: String prints people with them.
	Names map[uuid.UUID]string `json:"names,omitempty"`
}
