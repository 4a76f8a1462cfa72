package calendar

import (
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/internal/civil"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// WallClockKind says why a wall time does not name exactly one instant in
// its zone.
type WallClockKind string

// The kinds of [WallClockShift].
const (
	// WallClockGap: the wall time does not exist, because the clocks jump
	// over it (02:30 on a spring-forward night). tandem reads it with the
	// offset before the gap, so the post moves later by the gap's length
	// (02:30 becomes 03:30).
	WallClockGap WallClockKind = "gap"
	// WallClockRepeated: the wall time occurs twice, because the clocks
	// fall back over it (01:30 on New York's fall-back night). tandem
	// takes the first occurrence, as RFC 5545 says; calendar clients that
	// read the exported file may take the second.
	WallClockRepeated WallClockKind = "repeated"
)

var allWallClockKinds = []WallClockKind{WallClockGap, WallClockRepeated}

// IsValid reports whether k is a known kind.
func (k WallClockKind) IsValid() bool { return slices.Contains(allWallClockKinds, k) }

// String returns the kind's identifier, such as "gap".
func (k WallClockKind) String() string { return string(k) }

// MarshalText encodes a known kind (or the zero kind, as ""); an unknown
// one is an error.
func (k WallClockKind) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.WallClockKind", k, allWallClockKinds)
}

// UnmarshalText accepts exactly the identifiers of the known kinds.
func (k *WallClockKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.WallClockKind", text, allWallClockKinds, k)
}

// wallClockKindOf names a civil kind; "" for a unique wall time.
func wallClockKindOf(k civil.Kind) WallClockKind {
	switch k {
	case civil.Gap:
		return WallClockGap
	case civil.Repeated:
		return WallClockRepeated
	}
	return ""
}

// WallClockShift is one instance of a recurrence whose wall time does not
// name exactly one instant: it fell in a DST gap, or in the hour repeated
// when the clocks fall back. Date, Hour, Minute and Second are the wall
// time the recurrence asked for (its rule, or its start); At is the instant
// tandem uses. JSON writes the wall time, At as wall time plus zone, and
// the kind:
//
//	{"wall":"2026-03-08T02:30:00","at":"2026-03-08T03:30:00","zone":"America/New_York","kind":"gap"}
type WallClockShift struct {
	// Date is the local date of the wall time.
	Date LocalDate
	// Hour, Minute and Second are the wall-clock time of day asked for.
	Hour, Minute, Second int
	// At is the instant tandem uses, in the recurrence's zone: for a gap,
	// the wall time read with the offset before the gap (later than the
	// wall time says); for a repeated wall time, its first occurrence
	// (or, for a start given as the second occurrence, that instant).
	At time.Time
	// Kind says which case it is.
	Kind WallClockKind
}

// Wall returns the wall time asked for as 2006-01-02T15:04:05.
func (s WallClockShift) Wall() string {
	return fmt.Sprintf("%sT%02d:%02d:%02d", s.Date, s.Hour, s.Minute, s.Second)
}

// String says what happened, for people:
//
//	2026-03-08 02:30 does not exist in America/New_York (DST gap): the slot is at 03:30 EDT
//	2026-11-01 01:30 occurs twice in America/New_York: the slot is at the first, 01:30 EDT
func (s WallClockShift) String() string {
	wall := fmt.Sprintf("%s %02d:%02d", s.Date, s.Hour, s.Minute)
	if s.Second != 0 {
		wall += fmt.Sprintf(":%02d", s.Second)
	}
	at := s.At.Format("15:04 MST")
	switch s.Kind {
	case WallClockGap:
		return fmt.Sprintf("%s does not exist in %s (DST gap): the slot is at %s", wall, s.At.Location(), at)
	case WallClockRepeated:
		which := "the first"
		if !civil.Date(s.Date.Year, s.Date.Month, s.Date.Day, s.Hour, s.Minute, s.Second, 0, s.At.Location()).Equal(s.At) {
			which = "the second"
		}
		return fmt.Sprintf("%s occurs twice in %s: the slot is at %s, %s", wall, s.At.Location(), which, at)
	}
	return fmt.Sprintf("%s in %s: the slot is at %s", wall, s.At.Location(), at)
}

// newShift builds the shift of the instance t from wall-clock seconds.
func newShift(wall int64, t time.Time, k WallClockKind) WallClockShift {
	day := floorDiv(wall, secondsPerDay)
	sod := int(wall - day*secondsPerDay)
	y, m, d := civilFromDays(day)
	return WallClockShift{
		Date: LocalDate{Year: y, Month: time.Month(m), Day: d},
		Hour: sod / 3600, Minute: sod % 3600 / 60, Second: sod % 60,
		At: t, Kind: k,
	}
}

// WallClockShifts yields, in time order, every instance of r in window w
// (w.From <= instance < w.To) whose wall time is in a DST gap or in a
// repeated hour of Start's zone, with the wall time asked for, the instant
// tandem uses and the kind. These are the instances that move (a gap) or
// that other readers may place elsewhere (a repeated hour: calendar
// clients that read an exported file often take the second occurrence,
// where RFC 5545 and tandem take the first).
//
// The wall times considered are those the rule generates and Start's own;
// RDATEs are exact instants (and are exported in UTC), so they are never
// reported. An instance that two wall times give (an hourly rule's 02:30
// and 03:30 on a spring-forward day) is reported once, as the gap. An
// empty or inverted window yields nothing; r is expected to be valid.
//
// Only the instances within two days of one of the zone's transitions
// can be shifted, so a rule without COUNT is expanded there only, hopping
// from one DST change to the next: the cost follows the number of changes
// in the window, not its length (a SECONDLY rule over a year costs a few
// days of seconds). A rule with COUNT is counted from its start, so it is
// expanded over the whole window, at little more than Between's cost per
// instance. Either way the sequence allocates a small fixed amount
// whatever the window.
func (r Recurrence) WallClockShifts(w Window) iter.Seq[WallClockShift] {
	return func(yield func(WallClockShift) bool) {
		if !w.From.Before(w.To) || r.Start.IsZero() {
			return
		}
		fn := func(t time.Time, wall int64, k civil.Kind, ok bool) bool {
			if !ok || k == civil.Unique {
				return true
			}
			return yield(newShift(wall, t, wallClockKindOf(k)))
		}
		if r.Rule.Count > 0 {
			r.eachWall(w.From, w.To, fn)
			return
		}
		r.eachWallNearChanges(w.From, w.To, fn)
	}
}

// changeSlack is how near a transition an instant must be for its wall
// time to be in a gap or a repeated hour: gaps and overlaps are shorter
// than a day, and their instants lie beside the transition.
const changeSlack = time.Duration(offsetSlack) * time.Second

// nextChange returns the first transition T of loc with T+changeSlack
// after t, and false when the zone has none.
func nextChange(loc *time.Location, t time.Time) (time.Time, bool) {
	x := t.Add(-changeSlack).In(loc)
	for {
		end := zoneEnd(x)
		if end.IsZero() {
			return time.Time{}, false
		}
		if end.Add(changeSlack).After(t) {
			return end, true
		}
		x = end.In(loc)
	}
}

// eachWallNearChanges is eachWall for the instances in [from, to) within
// changeSlack of a transition of Start's zone, and maybe some others: one
// expansion that hops over the stretches between transitions (suspending
// and resuming past them, see expansion.resume). r must have no COUNT,
// which would have to count the instances hopped over.
func (r Recurrence) eachWallNearChanges(from, to time.Time, fn func(t time.Time, wall int64, k civil.Kind, ok bool) bool) {
	loc := r.Start.Location()
	change, ok := nextChange(loc, from)
	if !ok || !change.Add(-changeSlack).Before(to) {
		return
	}
	if near := change.Add(-changeSlack); near.After(from) {
		from = near
	}
	var e *expansion
	var hopTo int64 // wall seconds to resume at, after a hop
	spanEnd := change.Add(changeSlack)
	done := false
	r.walkWalls(from, to, &e, func(t time.Time, wall int64, k civil.Kind, ok bool) bool {
		if !fn(t, wall, k, ok) {
			done = true
			return false
		}
		if t.Before(spanEnd) || e.p == nil {
			return true
		}
		next, ok := nextChange(loc, t)
		if !ok {
			done = true
			return false // no more changes: nothing more can shift
		}
		spanEnd = next.Add(changeSlack)
		if near := next.Add(-changeSlack); near.After(t) {
			hopTo = near.Unix() - offsetSlack
			e.requestPause()
		}
		return true
	})
	for e != nil && e.suspended && !done {
		e.skipBelow = max(e.skipBelow, hopTo)
		e.resume(e.yield)
	}
}

// eachWall calls fn for each instance t of r in [from, to), in order,
// with the wall time (seconds, read as UTC) that made it and that wall
// time's kind: the wall time the rule generated, or Start's own. ok is
// false for an instance that only an RDATE gives. It stops when fn
// returns false. Allocations are Between's.
func (r Recurrence) eachWall(from, to time.Time, fn func(t time.Time, wall int64, k civil.Kind, ok bool) bool) {
	r.walkWalls(from, to, nil, fn)
}

// walkWalls is eachWall, returning the expansion it ran (nil when there
// was nothing to expand), which fn may have suspended; ep, when not nil,
// is set to it before the run.
func (r Recurrence) walkWalls(from, to time.Time, ep **expansion, fn func(t time.Time, wall int64, k civil.Kind, ok bool) bool) *expansion {
	if !from.Before(to) || r.Start.IsZero() {
		return nil
	}
	_, off := r.Start.Zone()
	startWall, startKind := r.Start.Unix()+int64(off), civil.KindOf(r.Start)
	if w, ok := gapWall(r.Start); ok && r.StartInGap {
		startWall, startKind = w, civil.Gap
	}
	e := newExpansion(r, from, to)
	e.observe = true
	if e.p != nil {
		e.rehot()
	}
	if ep != nil {
		*ep = e
	}
	start := instantOf(r.Start)
	e.run(func(t time.Time) bool {
		x := instantOf(t)
		switch {
		case e.pend.set && e.pend.sec == x.sec:
			return fn(t, e.pend.wall, e.pend.kind, true)
		case x == start:
			return fn(t, startWall, startKind, true)
		}
		_, off := t.Zone()
		return fn(t, x.sec+int64(off), civil.KindOf(t), false)
	})
	return e
}

// WallClockShifts is [Recurrence.WallClockShifts] for the routine's
// instances in w within its active period (From, Until).
func (r Routine) WallClockShifts(w Window) iter.Seq[WallClockShift] {
	if !r.From.IsZero() && r.From.After(w.From) {
		w.From = r.From
	}
	if !r.Until.IsZero() && r.Until.Before(w.To) {
		w.To = r.Until
	}
	return r.Recurrence.WallClockShifts(w)
}

type wallClockShiftJSON struct {
	Wall string        `json:"wall"`
	At   string        `json:"at,omitempty"`
	Zone string        `json:"zone,omitempty"`
	Kind WallClockKind `json:"kind"`
}

// MarshalJSON writes the wall time asked for, At as wall time plus zone
// name, and the kind. The zero value writes an empty wall time.
func (s WallClockShift) MarshalJSON() ([]byte, error) {
	at, zone, err := atZone.encode(s.At)
	if err != nil {
		return nil, err
	}
	j := wallClockShiftJSON{At: at, Zone: zone, Kind: s.Kind}
	if s.Date != (LocalDate{}) || s.Hour != 0 || s.Minute != 0 || s.Second != 0 {
		j.Wall = s.Wall()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes; a malformed wall time is a
// *validation.Error at "wall".
func (s *WallClockShift) UnmarshalJSON(data []byte) error {
	var j wallClockShiftJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	at, err := atZone.decode(j.At, j.Zone)
	if err != nil {
		return err
	}
	out := WallClockShift{At: at, Kind: j.Kind}
	if j.Wall != "" {
		w, err := time.Parse("2006-01-02T15:04:05", j.Wall)
		if err != nil {
			return validation.ErrorList{validation.Invalid(validation.NewPath("wall"), j.Wall, "must be a local date-time such as 2026-03-08T02:30:00")}.Err()
		}
		out.Date = DateOf(w)
		out.Hour, out.Minute, out.Second = w.Clock()
	}
	*s = out
	return nil
}
