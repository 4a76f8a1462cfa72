package calendar

import (
	"time"

	"github.com/tandemsocial/tandem/internal/civil"
)

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
	return civil.Date(year, month, day, hour, min, sec, nsec, loc)
}
