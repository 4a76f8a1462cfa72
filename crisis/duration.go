package crisis

import "github.com/tandemsocial/tandem/calendar"

// Duration is a length of time that JSON writes as a Go duration string
// ("90m", "1h30m"). It is calendar's duration type, so plans, routines and
// crisis plans read and write durations the same way; convert it with
// time.Duration(d).
type Duration = calendar.Duration
