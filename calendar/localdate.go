package calendar

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/validation"
)

// LocalDate is a day on the wall calendar, in no zone: a holiday, the first
// day of a blackout. [LocalDate.In] gives the instant it starts in a zone.
// The zero value is not a valid date. JSON writes it as "2006-01-02".
type LocalDate struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the local date of t in t's location.
func DateOf(t time.Time) LocalDate {
	y, m, d := t.Date()
	return LocalDate{y, m, d}
}

// ParseLocalDate reads a date in the form 2006-01-02.
func ParseLocalDate(s string) (LocalDate, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return LocalDate{}, fmt.Errorf("calendar: %q is not a date of the form 2006-01-02", validation.Excerpt(s))
	}
	if d := DateOf(t); d.IsValid() {
		return d, nil
	}
	return LocalDate{}, fmt.Errorf("calendar: %q is outside the years 0001 to 9999", s)
}

// IsValid reports whether d names a real day (no February 30) in years
// 1 to 9999.
func (d LocalDate) IsValid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Day() == d.Day
}

// String prints d as 2006-01-02.
func (d LocalDate) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// In returns the instant at which d starts in loc: local midnight, or the
// first instant of the day where midnight falls in a DST gap
// (America/Santiago, where the day can start at 01:00). loc must not be nil.
func (d LocalDate) In(loc *time.Location) time.Time {
	return Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before, for negative n).
func (d LocalDate) AddDays(n int) LocalDate {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week of d.
func (d LocalDate) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday()
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d LocalDate) Compare(e LocalDate) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MarshalText writes a valid date as 2006-01-02 and the zero LocalDate as
// the empty text (which UnmarshalText refuses); any other invalid date is
// an error.
func (d LocalDate) MarshalText() ([]byte, error) {
	if d == (LocalDate{}) {
		return []byte{}, nil
	}
	if !d.IsValid() {
		return nil, fmt.Errorf("calendar: %04d-%02d-%02d is not a valid date", d.Year, int(d.Month), d.Day)
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads a date of the form 2006-01-02.
func (d *LocalDate) UnmarshalText(text []byte) error {
	v, err := ParseLocalDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
