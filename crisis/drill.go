package crisis

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// Response is one thing the team does during a drill, at a delay after an
// incident opens. The same script answers every incident the drill opens.
type Response struct {
	// After is the delay from the incident's opening; zero or positive.
	After Duration `json:"after"`
	// Kind, By, Level, Channel and Step are the event's (see [Event]).
	Kind    EventKind       `json:"kind"`
	By      string          `json:"by,omitempty"`
	Level   string          `json:"level,omitempty"`
	Channel channel.Channel `json:"channel,omitempty"`
	Step    string          `json:"step,omitempty"`
}

func (r Response) event(opened time.Time) Event {
	return Event{Kind: r.Kind, At: opened.Add(time.Duration(r.After)), By: r.By, Level: r.Level, Channel: r.Channel, Step: r.Step, Note: "drill response"}
}

// Validate reports a negative delay and the problems of the event it makes.
func (r Response) Validate() error {
	var list validation.ErrorList
	if r.After < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("after"), r.After.String(), "must not be negative"))
	}
	list = list.Merge(nil, r.event(time.Unix(0, 0)).Validate())
	return list.Err()
}

// DrillOptions configures [Drill]. The zero value runs the drill without
// any response from the team.
type DrillOptions struct {
	// Responses is the team's script, in any order; it is applied to each
	// incident, relative to its opening, in order of delay.
	Responses []Response
	// Until is when the drill ends; the timeline shows where every item
	// stands then. Zero means the end of the last bucket of signals or the
	// last response, whichever is later.
	Until time.Time
}

// EntryKind is the kind of a line on a drill's timeline.
type EntryKind string

// The kinds of drill timeline entry: an alert, an incident opening, the
// events of [EventKind], the notifications that fired and the deadlines of
// [ItemKind].
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
)

var entryKinds = []EntryKind{EntryAlert, EntryOpen, EntryAcknowledge, EntryEscalate, EntryDeEscalate, EntryPublish,
	EntryComplete, EntryResolve, EntryNotify, EntryFirstResponse, EntryStatement, EntryPlaybook, EntryPause}

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
	// Incident numbers the incident from 1, in order of opening.
	Incident int `json:"incident"`
	// Kind says what the line is.
	Kind EntryKind `json:"kind"`
	// Level is the level involved.
	Level string `json:"level,omitempty"`
	// Who lists the people notified, or who acted.
	Who []string `json:"who,omitempty"`
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
	// Incidents are the incidents opened, with the events of the drill.
	Incidents []Incident `json:"incidents"`
	// Timeline merges alerts, events, notifications and deadlines, in
	// order of instant.
	Timeline []Entry `json:"timeline"`
	// End is the instant the drill's timeline is seen at.
	End time.Time `json:"end"`
}

// Drill runs the plan against a recorded or synthetic series of signals
// and returns the timeline that would have happened: the alerts, the
// incidents they open (the first alert opens one; a later alert of a
// higher level escalates it; an alert after resolution opens a new one),
// the team's scripted responses, who was notified when, and which deadlines
// were met or missed. It is deterministic, so a test can assert on it.
//
// A signal the detector refuses, or a scripted response that is illegal
// when it comes due, ends the drill with an error saying which.
func Drill(p *Plan, signals iter.Seq[Signal], opts *DrillOptions) (*DrillReport, error) {
	var o DrillOptions
	if opts != nil {
		o = *opts
	}
	for i, r := range o.Responses {
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("crisis: drill response %d: %w", i, err)
		}
	}
	script := slices.Clone(o.Responses)
	slices.SortStableFunc(script, func(a, b Response) int { return int(a.After - b.After) })
	det, err := NewDetector(p)
	if err != nil {
		return nil, err
	}
	dr := &drill{p: p, script: script, until: o.Until}
	var buf []Alert
	var end time.Time
	for s := range signals {
		if !o.Until.IsZero() && !s.At.Before(o.Until) {
			break
		}
		if buf, err = det.Observe(s, buf[:0]); err != nil {
			return nil, fmt.Errorf("crisis: drill signal %s %s: %w", s.Channel, s.At.Format(time.RFC3339), err)
		}
		if err := dr.alerts(buf); err != nil {
			return nil, err
		}
		end = later(end, s.At.Add(det.Bucket()))
	}
	if !end.IsZero() {
		if !o.Until.IsZero() && o.Until.Before(end) {
			end = o.Until
		}
		if buf, err = det.Advance(end, buf[:0]); err != nil {
			return nil, err
		}
		if err := dr.alerts(buf); err != nil {
			return nil, err
		}
	}
	if err := dr.respond(o.Until, true); err != nil {
		return nil, err
	}
	if o.Until.IsZero() {
		end = later(end, dr.last)
	} else {
		end = o.Until
	}
	return dr.report(end)
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
	until   time.Time
	rep     DrillReport
	alertOf []int // incident number of each alert
	cur     *Incident
	next    int // the next response of the script for cur
	last    time.Time
}

// respond applies the current incident's responses due before t (all of
// them, with all, up to until if set).
func (dr *drill) respond(t time.Time, all bool) error {
	for dr.cur != nil && dr.next < len(dr.script) {
		r := dr.script[dr.next]
		e := r.event(dr.cur.Opened)
		if !all && !e.At.Before(t) || !dr.until.IsZero() && e.At.After(dr.until) {
			return nil
		}
		if err := dr.cur.Record(dr.p, e); err != nil {
			return fmt.Errorf("crisis: drill response %s after %s to incident %d: %w", r.Kind, r.After, len(dr.rep.Incidents), err)
		}
		dr.last = later(dr.last, e.At)
		dr.next++
	}
	return nil
}

func (dr *drill) alerts(as []Alert) error {
	for _, a := range as {
		if err := dr.respond(a.At, false); err != nil {
			return err
		}
		dr.rep.Alerts = append(dr.rep.Alerts, a)
		state, level := StateResolved, ""
		if dr.cur != nil {
			var err error
			if state, level, err = dr.cur.Status(dr.p); err != nil {
				return err
			}
		}
		if state == StateResolved {
			if dr.cur != nil {
				dr.rep.Incidents = append(dr.rep.Incidents, *dr.cur)
			}
			inc, err := OpenFromAlert(dr.p, a)
			if err != nil {
				return err
			}
			dr.cur, dr.next = inc, 0
			dr.alertOf = append(dr.alertOf, len(dr.rep.Incidents)+1)
			continue
		}
		dr.alertOf = append(dr.alertOf, len(dr.rep.Incidents)+1)
		to, _, _ := dr.p.Level(a.Level)
		from, _, _ := dr.p.Level(level)
		if to.Rank > from.Rank {
			e := Event{Kind: EventEscalate, At: a.At, Level: a.Level, Note: "alert: " + triggers(a)}
			if err := dr.cur.Record(dr.p, e); err != nil {
				return err
			}
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

func (dr *drill) report(end time.Time) (*DrillReport, error) {
	if dr.cur != nil {
		dr.rep.Incidents = append(dr.rep.Incidents, *dr.cur)
	}
	rep := &dr.rep
	rep.End = end
	loc, err := time.LoadLocation(dr.p.Zone)
	if err != nil {
		return nil, err
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
			if e.By != "" {
				en.Who = []string{e.By}
			}
			switch {
			case e.Channel != "":
				en.Detail = string(e.Channel)
			case e.Step != "":
				en.Detail = e.Step
			case e.Kind == EventEscalate && strings.HasPrefix(e.Note, "alert: "):
				en.Detail = e.Note
			}
			tl = append(tl, en)
		}
		items, err := inc.Timeline(dr.p, end)
		if err != nil {
			return nil, err
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
				en.Detail = fmt.Sprintf("%s until %s, then %s", joinChannels(it.Channels), it.Until.In(loc).Format("2006-01-02 15:04"), it.Policy.Resume)
			default:
				if it.Status == StatusCancelled {
					continue
				}
				switch {
				case it.Channel != "":
					en.Detail = string(it.Channel)
				case it.Name != "":
					en.Detail = it.Name
					en.Who = []string{it.Owner}
				}
				if !it.Done.IsZero() {
					en.Detail = strings.TrimSpace(en.Detail + " done " + it.Done.In(loc).Format("15:04"))
				}
			}
			tl = append(tl, en)
		}
	}
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

func joinChannels(cs []channel.Channel) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
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

// Notified returns when who (a person or role) was notified.
func (r *DrillReport) Notified(who string) []time.Time {
	var out []time.Time
	for _, e := range r.Timeline {
		if e.Kind == EntryNotify && slices.Contains(e.Who, who) {
			out = append(out, e.At)
		}
	}
	return out
}

// String prints the timeline, one entry per line, with times on the plan's
// wall clock:
//
//	2026-01-06 16:25 CET  #1 alert       high      volume-spike 390≥360
func (r *DrillReport) String() string {
	var b strings.Builder
	for _, e := range r.Timeline {
		line := fmt.Sprintf("%s  #%d %-14s %-9s", e.At.Format("2006-01-02 15:04 MST"), e.Incident, e.Kind, e.Level)
		var rest []string
		if e.Status != "" {
			rest = append(rest, string(e.Status))
		}
		if len(e.Who) > 0 {
			rest = append(rest, strings.Join(e.Who, ", "))
		}
		if e.Detail != "" {
			rest = append(rest, e.Detail)
		}
		b.WriteString(strings.TrimRight(line+" "+strings.Join(rest, " · "), " "))
		b.WriteByte('\n')
	}
	return b.String()
}
