package calendar

import (
	"time"

	"github.com/tandemsocial/tandem/validation"
)

// MinYear and MaxYear bound the years of every instant a calendar value
// holds (entries, routines' starts, active periods, exception and extra
// dates, blackouts, milestones, windows): RFC 5545 and the JSON form write
// four-digit years, so a value outside them could not be written and read
// back. Because an instant is written in more than one zone (its own, the
// zone of the value beside it, UTC in the .ics), it must fall within these
// years in every zone: from 0001-01-02 to 9999-12-30 in UTC, a day of
// margin for the zones' offsets. Validate refuses one outside with
// out_of_range at its field.
const (
	MinYear = 1
	MaxYear = 9999
)

// minInstant and maxInstant are the bounds of a calendar instant t:
// minInstant <= t < maxInstant.
var (
	minInstant = time.Date(MinYear, 1, 2, 0, 0, 0, 0, time.UTC)
	maxInstant = time.Date(MaxYear, 12, 31, 0, 0, 0, 0, time.UTC)
)

// inYears reports whether t is within the years MinYear to MaxYear in
// every zone.
func inYears(t time.Time) bool { return !t.Before(minInstant) && t.Before(maxInstant) }

// yearsError is the error at p for an instant outside the years.
func yearsError(p *validation.Path, t time.Time) *validation.FieldError {
	return validation.OutOfRange(p, t.UTC().Format(time.RFC3339), "must be within the years 0001 to 9999 in every zone: from 0001-01-02 to 9999-12-30 UTC")
}
