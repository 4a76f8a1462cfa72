// Package civil resolves local wall-clock times to instants the way RFC 5545
// §3.3.5 requires. It is the one implementation behind calendar.Date and
// every package that builds local times (kpi's day buckets, business hours),
// so that a gap or an overlap is read the same way everywhere.
package civil

import "time"

// Kind says how many instants a wall-clock reading names in a location.
type Kind uint8

const (
	// Unique: the wall time occurs once.
	Unique Kind = iota
	// Gap: the wall time does not occur, because the clocks jump over it
	// (02:30 on a spring-forward night).
	Gap
	// Repeated: the wall time occurs twice, because the clocks fall back
	// over it (01:30 on a fall-back night in New York).
	Repeated
)

// Date returns the instant at which the wall clock in loc reads
// year-month-day hour:min:sec.nsec. A wall time inside a gap (clocks jump
// forward) is read with the offset in effect before the gap; a wall time
// that occurs twice (clocks fall back) means its first occurrence.
// Out-of-range values are normalised as time.Date does. loc must not be nil.
func Date(year int, month time.Month, day, hour, min, sec, nsec int, loc *time.Location) time.Time {
	t, _ := Resolve(year, month, day, hour, min, sec, nsec, loc)
	return t
}

// Resolve is Date, and also says which case the wall time is: Unique, Gap
// (the instant is read with the offset before the gap) or Repeated (the
// instant is the first occurrence). It is the one place that decides
// whether a wall time is in a gap or an overlap; every other test of it in
// tandem agrees with it.
func Resolve(year int, month time.Month, day, hour, min, sec, nsec int, loc *time.Location) (time.Time, Kind) {
	// The wall clock read as if it were UTC; a real instant is this minus
	// the zone's offset at that instant.
	wall := time.Date(year, month, day, hour, min, sec, nsec, time.UTC)
	// The offsets in effect well before and well after the wall time. Real
	// zones never change offset twice within two days.
	_, before := wall.Add(-36 * time.Hour).In(loc).Zone()
	_, after := wall.Add(36 * time.Hour).In(loc).Zone()

	early := wall.Add(-time.Duration(before) * time.Second)
	if before == after {
		// Usual case: no change nearby. The check guards a zone that
		// changes and changes back within the window.
		if sameWall(early.In(loc), wall) {
			return early.In(loc), Unique
		}
		return time.Date(year, month, day, hour, min, sec, nsec, loc), Unique
	}
	late := wall.Add(-time.Duration(after) * time.Second)
	okEarly := sameWall(early.In(loc), wall)
	okLate := sameWall(late.In(loc), wall)
	switch {
	case okEarly && okLate:
		// Overlap: the first occurrence is the earlier instant.
		if late.Before(early) {
			return late.In(loc), Repeated
		}
		return early.In(loc), Repeated
	case okLate:
		return late.In(loc), Unique
	case okEarly:
		return early.In(loc), Unique
	default:
		// A gap, where RFC 5545 says to use the offset before the gap.
		return early.In(loc), Gap
	}
}

// KindOf reports whether the wall clock t shows in its own location is
// Repeated (it also reads so at another instant, before or after t) or
// Unique. The wall time of an instant is never in a gap.
func KindOf(t time.Time) Kind {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	_, k := Resolve(y, m, d, h, mi, s, t.Nanosecond(), t.Location())
	return k
}

// Midnight returns the instant the given local date begins in loc: Date at
// 00:00. Where midnight does not exist (a change at 00:00, as in
// America/Santiago) the day begins at the end of the gap.
func Midnight(year int, month time.Month, day int, loc *time.Location) time.Time {
	return Date(year, month, day, 0, 0, 0, 0, loc)
}

// sameWall reports whether t's wall clock in its own location reads the
// same as wall's clock in UTC.
func sameWall(t, wall time.Time) bool {
	y1, m1, d1 := t.Date()
	y2, m2, d2 := wall.Date()
	h1, i1, s1 := t.Clock()
	h2, i2, s2 := wall.Clock()
	return y1 == y2 && m1 == m2 && d1 == d2 && h1 == h2 && i1 == i2 && s1 == s2 && t.Nanosecond() == wall.Nanosecond()
}
