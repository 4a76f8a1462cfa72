package calendar

import (
	"fmt"
	"time"
)

// Duration is a time.Duration that JSON writes as a Go duration string
// ("1h30m") instead of a count of nanoseconds.
type Duration time.Duration

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// String prints d as time.Duration does: "1h30m0s".
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText writes d as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a Go duration string such as "90m" or "1h30m".
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := time.ParseDuration(string(text))
	if err != nil {
		return fmt.Errorf("calendar: %q is not a duration such as \"1h30m\"", text)
	}
	*d = Duration(v)
	return nil
}
