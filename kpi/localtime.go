package kpi

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/internal/civil"
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
	return civil.Midnight(c.y, c.m, c.d, loc)
}
