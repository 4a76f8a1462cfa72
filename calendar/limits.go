package calendar

// MinYear and MaxYear bound the years of every instant a calendar value
// holds (entries, routines' starts, active periods, exception and extra
// dates and UNTIL, blackouts, milestones, windows), read in the value's
// own zone: RFC 5545 and the JSON form write four-digit years, so a value
// outside them could not be written and read back. Validate refuses one
// with out_of_range at its field.
const (
	MinYear = 1
	MaxYear = 9999
)
