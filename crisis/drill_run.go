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

	"github.com/tandemsocial/tandem/internal/member"
	"github.com/tandemsocial/tandem/validation"
)

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
