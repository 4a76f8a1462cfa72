// Package civil resolves local wall-clock times to instants the way RFC 5545
// §3.3.5 requires. It is the one implementation behind calendar.Date and
// every package that builds local times (kpi's day buckets, business hours),
// so that a gap or an overlap is read the same way everywhere.
package civil

import "time"

// Date returns the instant at which the wall clock in loc reads
// year-month-day hour:min:sec.nsec. A wall time inside a gap (clocks jump
// forward) is read with the offset in effect before the gap; a wall time
// that occurs twice (clocks fall back) means its first occurrence.
// Out-of-range values are normalised as time.Date does. loc must not be nil.
func Date(year int, month time.Month, day, hour, min, sec, nsec int, loc *time.Location) time.Time {
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
			return early.In(loc)
		}
		return time.Date(year, month, day, hour, min, sec, nsec, loc)
	}
	late := wall.Add(-time.Duration(after) * time.Second)
	okEarly := sameWall(early.In(loc), wall)
	okLate := sameWall(late.In(loc), wall)
	switch {
	case okEarly && okLate:
		// Overlap: the first occurrence is the earlier instant.
		if late.Before(early) {
			return late.In(loc)
		}
		return early.In(loc)
	case okLate:
		return late.In(loc)
	default:
		// Either only the offset before the change fits, or neither does
		// (a gap), where RFC 5545 says to use the offset before the gap.
		return early.In(loc)
	}
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
