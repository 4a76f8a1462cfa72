package calendar

import "time"

// Date returns the instant at which the wall clock in loc reads
// year-month-day hour:min:sec.nsec, resolving the two cases that time.Date
// leaves unspecified the way RFC 5545 §3.3.5 requires:
//
//   - A wall time that does not exist because the clocks jump forward (a
//     gap) is read with the offset in effect before the gap. In
//     America/New_York, 02:30 on the spring-forward day becomes 03:30 EDT.
//   - A wall time that occurs twice because the clocks fall back (an
//     overlap) means its first occurrence. In America/New_York, 01:30 on
//     the fall-back day is 01:30 EDT, not 01:30 EST.
//
// Out-of-range values are normalised as time.Date does (October 32 is
// November 1) before the wall time is resolved. loc must not be nil.
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
		// Usual case: no change nearby. The check below still guards the
		// rare zone that changes and changes back within the window.
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
	case okEarly:
		return early.In(loc)
	case okLate:
		return late.In(loc)
	default:
		// Gap: use the offset before the gap.
		return early.In(loc)
	}
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
