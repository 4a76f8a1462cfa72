package kpi

import (
	"fmt"
	"time"
)

// civilDate is a calendar date with no time zone.
type civilDate struct {
	y int
	m time.Month
	d int
}

// dateOf returns the calendar date of t in loc.
func dateOf(t time.Time, loc *time.Location) civilDate {
	y, m, d := t.In(loc).Date()
	return civilDate{y, m, d}
}

// addDays returns c moved by n days (n may be negative).
func (c civilDate) addDays(n int) civilDate {
	y, m, d := time.Date(c.y, c.m, c.d+n, 0, 0, 0, 0, time.UTC).Date()
	return civilDate{y, m, d}
}

// addMonths returns the first day of the month n months after c's.
func (c civilDate) addMonths(n int) civilDate {
	y, m, d := time.Date(c.y, c.m+time.Month(n), 1, 0, 0, 0, 0, time.UTC).Date()
	return civilDate{y, m, d}
}

func (c civilDate) String() string { return fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d) }

// midnight returns the instant at which date c begins in loc: local
// midnight, read the way RFC 5545 §3.3.5 reads a wall time. Where midnight
// does not exist because the clocks jump forward at 00:00 (São Paulo in
// 2018, Beirut, Havana), it is read with the offset before the gap, which is
// the instant of the jump: the day begins at 01:00. Where midnight occurs
// twice, the day begins at its first occurrence. time.Date alone does not
// promise either.
func midnight(c civilDate, loc *time.Location) time.Time {
	wall := time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC)
	// Offsets in effect well before and well after; real zones never change
	// offset twice within three days.
	_, before := wall.Add(-36 * time.Hour).In(loc).Zone()
	_, after := wall.Add(36 * time.Hour).In(loc).Zone()
	early := wall.Add(-time.Duration(before) * time.Second).In(loc)
	late := wall.Add(-time.Duration(after) * time.Second).In(loc)
	okEarly, okLate := isMidnightOf(early, c), isMidnightOf(late, c)
	switch {
	case okEarly && okLate:
		if late.Before(early) {
			return late
		}
		return early
	case okLate:
		return late
	case okEarly:
		return early
	}
	if before == after {
		// A change and a change back within the window: let time.Date
		// decide, which is right away from the changes.
		return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, loc)
	}
	// Midnight falls in a gap: use the offset before the gap.
	return early
}

func isMidnightOf(t time.Time, c civilDate) bool {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return y == c.y && m == c.m && d == c.d && h == 0 && mi == 0 && s == 0 && t.Nanosecond() == 0
}
