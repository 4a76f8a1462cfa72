package crisis

import (
	"container/heap"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/member"
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

// MaxDrillResponses is the most responses (played or refused) one drill
// plays. Only a script whose responses keep moving an incident between
// levels, each timed from the level the other reached, comes near it.
const MaxDrillResponses = 10_000

// MaxDrillCues is the most responses one drill schedules (played, refused
// or lapsed because the incident moved on): every alert and level change
// schedules each script response timed from it, so a long script over a
// long series of alerts would otherwise schedule their product.
const MaxDrillCues = 100_000

// ErrRunawayScript: a drill's script played more than [MaxDrillResponses]
// responses (it keeps moving an incident between levels), or scheduled
// more than [MaxDrillCues].
var ErrRunawayScript = errors.New("crisis: drill script does not settle")

// Drill runs the plan against a recorded or synthetic series of signals
// and returns the timeline that would have happened: the alerts, the
// incidents they open (the first alert opens one; a later alert of a
// higher level escalates it; an alert after resolution opens a new one),
// the team's scripted responses, who was notified when, and which deadlines
// were met or missed. It is deterministic, so a test can assert on it.
//
// Incidents are numbered from 1 in order of opening, the same way in the
// report's entries, its printed timeline and its errors.
//
// A scripted response that the incident refuses when it comes due is an
// [EntryRefused] line saying why (see [DrillReport.Refused]); the drill goes
// on. A script that names a level the plan does not have, a name in Names
// that a printed line cannot carry (a control character, invalid UTF-8)
// and a nil signal series are refused before the drill starts, with a
// *validation.Error whose paths are responses[i]…, names[<id>] and
// signals. A signal the detector refuses ends the drill with an error
// saying which, as if Until were the end of the last bucket it accepted; a
// script that never settles ends it with [ErrRunawayScript].
//
// The report always comes back, never nil, also with an error: it holds
// everything up to the point where the drill stopped (nothing, when the plan
// or the script is invalid).
func Drill(p *Plan, signals iter.Seq[Signal], opts *DrillOptions) (*DrillReport, error) {
	var o DrillOptions
	if opts != nil {
		o = *opts
	}
	if err := checkDrill(p, signals, &o); err != nil {
		return &DrillReport{}, err
	}
	det, err := NewDetector(p)
	if err != nil {
		return &DrillReport{}, err
	}
	dr := &drill{p: p, script: slices.Clone(o.Responses), until: o.Until, names: maps.Clone(o.Names)}
	var buf []Alert
	var end time.Time
	var sigErr, stop error // a signal the detector refused; a drill that cannot go on
	for s := range signals {
		if !o.Until.IsZero() && !s.At.Before(o.Until) {
			break
		}
		if buf, err = det.Observe(s, buf[:0]); err != nil {
			sigErr = fmt.Errorf("crisis: drill signal %s %s: %w", s.Channel, s.At.Format(time.RFC3339), err)
			// The drill ends where the accepted signals end.
			if dr.until.IsZero() || end.Before(dr.until) {
				dr.until = end
			}
			break
		}
		if stop = dr.alerts(buf); stop != nil {
			break
		}
		end = later(end, s.At.Add(det.Bucket()))
	}
	if stop == nil && !end.IsZero() {
		if !dr.until.IsZero() && dr.until.Before(end) {
			end = dr.until
		}
		if buf, err = det.Advance(end, buf[:0]); err != nil {
			stop = err
		} else {
			stop = dr.alerts(buf)
		}
	}
	if stop == nil {
		stop = dr.respond(time.Time{}, true)
	}
	if dr.until.IsZero() {
		end = later(end, dr.last)
	} else {
		end = dr.until
	}
	rep, err := dr.report(end)
	return rep, errors.Join(sigErr, stop, err)
}

// checkDrill reports what Drill cannot run with: no signal series, a
// script response that is invalid or names a level not on the ladder, a
// name that the printed report could not carry.
func checkDrill(p *Plan, signals iter.Seq[Signal], o *DrillOptions) error {
	var list validation.ErrorList
	if signals == nil {
		list = append(list, validation.Required(validation.NewPath("signals"), "a series of signals is required (an empty one is fine)"))
	}
	list = append(list, member.CheckNames(nil, o.Names)...)
	rp := validation.NewPath("responses")
	for i, r := range o.Responses {
		list = list.Merge(rp.Index(i), r.Validate())
		if p == nil {
			continue
		}
		for _, f := range []struct{ name, level string }{{"onLevel", r.OnLevel}, {"level", r.Level}} {
			if _, _, ok := p.Level(f.level); f.level != "" && !ok {
				list = append(list, validation.NotFound(rp.Index(i).Child(f.name), f.level, fmt.Sprintf("level %q is not on the ladder", f.level)))
			}
		}
	}
	return list.Err()
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// drill is the state of a running drill.
type drill struct {
	p       *Plan
	script  []Response
	names   map[uuid.UUID]string
	until   time.Time // zero: no end
	seen    []Alert
	alertOf []int // the incident number of each alert
	incs    []*drillIncident
	refused []Entry
	queue   cues // a heap: the earliest instant, then the lowest seq, first
	seq     int
	played  int
	last    time.Time
}

// drillIncident is an incident of the drill as it goes: the incident, its
// course (kept up to date event by event instead of replayed for each one)
// and the stretch it is in, which counts its level changes and its
// resolution.
type drillIncident struct {
	inc     *Incident
	c       *course
	stretch int
}

// cue is a response scheduled for one moment of one incident.
type cue struct {
	at      time.Time
	seq     int
	r       int // index in the script
	inc     int // index in drill.incs
	stretch int // the stretch it belongs to; -1 for the opening, which never lapses
}

// current returns the incident that alerts bear on, or nil when there is
// none or the last one is resolved.
func (dr *drill) current() *drillIncident {
	if n := len(dr.incs); n > 0 && dr.incs[n-1].c.state != StateResolved {
		return dr.incs[n-1]
	}
	return nil
}

// schedule queues the responses timed from a moment of incident i: an
// anchor reached at level at instant at.
func (dr *drill) schedule(i int, a Anchor, level string, at time.Time) error {
	stretch := dr.incs[i].stretch
	if a == AnchorOpen {
		stretch = -1
	}
	for ri, r := range dr.script {
		if r.anchor() != a || r.OnLevel != "" && r.OnLevel != level {
			continue
		}
		if dr.seq >= MaxDrillCues {
			return fmt.Errorf("%w: more than %d scheduled responses", ErrRunawayScript, MaxDrillCues)
		}
		heap.Push(&dr.queue, cue{at: at.Add(time.Duration(r.After)), seq: dr.seq, r: ri, inc: i, stretch: stretch})
		dr.seq++
	}
	return nil
}

// cues is a min-heap of cues by instant, then by seq (container/heap).
type cues []cue

func (q cues) Len() int { return len(q) }
func (q cues) Less(i, j int) bool {
	if c := q[i].at.Compare(q[j].at); c != 0 {
		return c < 0
	}
	return q[i].seq < q[j].seq
}
func (q cues) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *cues) Push(x any)   { *q = append(*q, x.(cue)) }
func (q *cues) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// moved schedules what follows incident i reaching level at instant at by
// kind (an escalation or a de-escalation).
func (dr *drill) moved(i int, kind EventKind, level string, at time.Time) error {
	dr.incs[i].stretch++
	if err := dr.schedule(i, AnchorLevel, level, at); err != nil {
		return err
	}
	if kind == EventEscalate {
		return dr.schedule(i, AnchorEscalation, level, at)
	}
	return nil
}

// respond plays the responses due before t (all of them, with all), up to
// until if set.
func (dr *drill) respond(t time.Time, all bool) error {
	for len(dr.queue) > 0 {
		d := dr.queue[0]
		if !all && !d.at.Before(t) || !dr.until.IsZero() && d.at.After(dr.until) {
			return nil
		}
		heap.Pop(&dr.queue)
		ru := dr.incs[d.inc]
		if d.stretch >= 0 && d.stretch != ru.stretch {
			continue // lapsed: the incident left the stretch the response answers
		}
		if dr.played++; dr.played > MaxDrillResponses {
			return fmt.Errorf("%w: more than %d responses", ErrRunawayScript, MaxDrillResponses)
		}
		r := dr.script[d.r]
		e := r.event(d.at)
		dr.last = later(dr.last, e.At)
		level := ru.c.level().Name
		if err := ru.c.apply(e); err != nil {
			en := Entry{At: e.At, Incident: d.inc + 1, Kind: EntryRefused, Level: level, Detail: r.String() + ": " + err.Error()}
			if r.By != uuid.Nil {
				en.Who = []uuid.UUID{r.By}
			}
			dr.refused = append(dr.refused, en)
			continue
		}
		ru.inc.Events = append(ru.inc.Events, e)
		switch e.Kind {
		case EventEscalate, EventDeEscalate:
			if err := dr.moved(d.inc, e.Kind, e.Level, e.At); err != nil {
				return err
			}
		case EventResolve:
			ru.stretch++
		}
	}
	return nil
}

// alerts takes the detector's alerts in order, with the responses due
// before each.
func (dr *drill) alerts(as []Alert) error {
	for _, a := range as {
		if err := dr.respond(a.At, false); err != nil {
			return err
		}
		dr.seen = append(dr.seen, a)
		cur := dr.current()
		if cur == nil {
			num := len(dr.incs) + 1
			inc, err := OpenFromAlert(dr.p, a)
			if err != nil {
				return fmt.Errorf("crisis: drill incident %d: %w", num, err)
			}
			c, err := inc.replay(dr.p, time.Time{})
			if err != nil {
				return fmt.Errorf("crisis: drill incident %d: %w", num, err)
			}
			c.names = dr.names
			dr.incs = append(dr.incs, &drillIncident{inc: inc, c: c})
			dr.alertOf = append(dr.alertOf, num)
			for _, an := range []Anchor{AnchorOpen, AnchorLevel, AnchorAlert} {
				if err := dr.schedule(num-1, an, a.Level, a.At); err != nil {
					return err
				}
			}
			continue
		}
		i := len(dr.incs) - 1
		dr.alertOf = append(dr.alertOf, i+1)
		to, _, _ := dr.p.Level(a.Level)
		if to.Rank > cur.c.level().Rank {
			e := Event{Kind: EventEscalate, At: a.At, Level: a.Level, Note: "alert: " + triggers(a)}
			if err := cur.c.apply(e); err != nil {
				return fmt.Errorf("crisis: drill incident %d: %w", i+1, err)
			}
			cur.inc.Events = append(cur.inc.Events, e)
			if err := dr.moved(i, EventEscalate, a.Level, a.At); err != nil {
				return err
			}
		}
		if err := dr.schedule(i, AnchorAlert, a.Level, a.At); err != nil {
			return err
		}
	}
	return nil
}

func triggers(a Alert) string {
	names := make([]string, 0, len(a.Evidence))
	for _, e := range a.Evidence {
		if e.Fired {
			names = append(names, e.Trigger)
		}
	}
	return strings.Join(names, ", ")
}

// report builds the report as of end. It always returns one; on error it
// holds what could be built.
func (dr *drill) report(end time.Time) (*DrillReport, error) {
	rep := &DrillReport{Alerts: dr.seen, End: end, Names: dr.names}
	for _, ru := range dr.incs {
		rep.Incidents = append(rep.Incidents, *ru.inc)
	}
	loc, err := time.LoadLocation(dr.p.Zone)
	if err != nil {
		return rep, err
	}
	rep.End = end.In(loc)
	var tl []Entry
	for i, a := range rep.Alerts {
		tl = append(tl, Entry{At: a.At, Incident: dr.alertOf[i], Kind: EntryAlert, Level: a.Level, Detail: evidenceText(a)})
	}
	for n, inc := range rep.Incidents {
		num := n + 1
		tl = append(tl, Entry{At: inc.Opened, Incident: num, Kind: EntryOpen, Level: inc.Level})
		for _, e := range inc.Events {
			en := Entry{At: e.At, Incident: num, Kind: EntryKind(e.Kind), Level: e.Level}
			if e.By != uuid.Nil {
				en.Who = []uuid.UUID{e.By}
			}
			switch {
			case e.Channel != "":
				en.Detail = strings.TrimSpace(string(e.Channel) + " " + handleText(e.Account))
			case e.Step != "":
				en.Detail = e.Step
			case e.Kind == EventEscalate && strings.HasPrefix(e.Note, "alert: "):
				en.Detail = e.Note
			}
			tl = append(tl, en)
		}
		items, err := inc.Timeline(dr.p, end)
		if err != nil {
			return rep, fmt.Errorf("crisis: drill incident %d: %w", num, err)
		}
		for _, it := range items {
			en := Entry{At: it.At, Incident: num, Kind: EntryKind(it.Kind), Level: it.Level, Status: it.Status}
			switch it.Kind {
			case ItemNotify:
				if it.Status != StatusNotified {
					continue
				}
				en.Who = it.Notify
			case ItemPause:
				en.Detail = fmt.Sprintf("%s until %s, then %s", joinPaused(it.Channels, it.Accounts), it.Until.In(loc).Format("2006-01-02 15:04"), it.Policy.Resume)
			default:
				if it.Status == StatusCancelled {
					continue
				}
				switch {
				case it.Channel != "":
					en.Detail = strings.TrimSpace(string(it.Channel) + " " + handleText(it.Account))
				case it.Name != "":
					en.Detail = it.Name
					en.Who = []uuid.UUID{it.Owner}
				}
				if !it.Done.IsZero() {
					en.Detail = strings.TrimSpace(en.Detail + " done " + it.Done.In(loc).Format("15:04"))
				}
			}
			tl = append(tl, en)
		}
	}
	tl = append(tl, dr.refused...)
	for i := range tl {
		tl[i].At = tl[i].At.In(loc)
	}
	rank := func(k EntryKind) int { return slices.Index(entryKinds, k) }
	slices.SortStableFunc(tl, func(a, b Entry) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if a.Incident != b.Incident {
			return a.Incident - b.Incident
		}
		return rank(a.Kind) - rank(b.Kind)
	})
	rep.Timeline = tl
	return rep, nil
}

// joinPaused lists what a pause holds: "x, linkedin @janeroe".
func joinPaused(cs []channel.Channel, as []channel.AccountRef) string {
	names := make([]string, 0, len(cs)+len(as))
	for _, c := range cs {
		names = append(names, string(c))
	}
	for _, a := range as {
		names = append(names, string(a.Channel)+" "+handleText(a.Handle))
	}
	return strings.Join(names, ", ")
}

// handleText writes a handle with its "@", and nothing for none.
func handleText(handle string) string {
	if handle == "" {
		return ""
	}
	return "@" + handle
}

func evidenceText(a Alert) string {
	var parts []string
	for _, e := range a.Evidence {
		s := fmt.Sprintf("%s %s≥%s", e.Trigger, e.Observed, e.Threshold)
		if !e.Fired {
			s = fmt.Sprintf("(%s %s of %s)", e.Trigger, e.Observed, e.Threshold)
		}
		parts = append(parts, s)
	}
	text := strings.Join(parts, "; ")
	if a.Uncertain {
		text += "; uncertain, took the higher level"
	}
	return text
}

// Missed returns the deadlines that were missed, met late or are overdue at
// the end of the drill.
func (r *DrillReport) Missed() []Entry {
	var out []Entry
	for _, e := range r.Timeline {
		if e.Status == StatusMissed || e.Status == StatusLate || e.Status == StatusOverdue {
			out = append(out, e)
		}
	}
	return out
}

// Refused returns the scripted responses that the incidents refused when
// they came due ([EntryRefused]), in order. Detail says which response and
// why.
func (r *DrillReport) Refused() []Entry {
	var out []Entry
	for _, e := range r.Timeline {
		if e.Kind == EntryRefused {
			out = append(out, e)
		}
	}
	return out
}

// Name returns the name r.Names gives the team member id, or the ID itself
// when it gives none.
func (r *DrillReport) Name(id uuid.UUID) string { return member.Name(r.Names, id) }

// Notified returns when the team member who (a member ID) was notified.
func (r *DrillReport) Notified(who uuid.UUID) []time.Time {
	var out []time.Time
	for _, e := range r.Timeline {
		if e.Kind == EntryNotify && slices.Contains(e.Who, who) {
			out = append(out, e.At)
		}
	}
	return out
}

// String prints the timeline, one entry per line, with times on the plan's
// wall clock and people by their names in r.Names (by member ID where it
// has none):
//
//	2026-01-06 16:25 CET  #1 alert       high      volume-spike 390≥360
//	2026-01-06 16:37 CET  #1 acknowledge           eva
func (r *DrillReport) String() string {
	var b strings.Builder
	for _, e := range r.Timeline {
		line := fmt.Sprintf("%s  #%d %-14s %-9s", e.At.Format("2006-01-02 15:04 MST"), e.Incident, e.Kind, e.Level)
		var rest []string
		if e.Status != "" {
			rest = append(rest, string(e.Status))
		}
		if len(e.Who) > 0 {
			rest = append(rest, member.Join(r.Names, e.Who, ", "))
		}
		if e.Detail != "" {
			rest = append(rest, e.Detail)
		}
		b.WriteString(strings.TrimRight(line+" "+strings.Join(rest, " · "), " "))
		b.WriteByte('\n')
	}
	return b.String()
}
