package crisis

import (
	"fmt"
	"time"
)

// Duration is a length of time that reads and writes as a Go duration
// string ("90m", "1h30m") in JSON. Convert it with time.Duration(d).
type Duration time.Duration

// String returns the duration in Go's notation, such as "1h30m0s".
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText writes d as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText reads a Go duration string such as "1h30m". A bare number
// without a unit is an error, except "0".
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := time.ParseDuration(string(text))
	if err != nil {
		return fmt.Errorf("crisis: duration %q: %w", text, ErrBadDuration)
	}
	*d = Duration(v)
	return nil
}
