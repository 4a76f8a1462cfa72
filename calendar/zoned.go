package calendar

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/validation"
)

// This file holds the one way package calendar writes an instant that keeps
// its zone: the local wall time, and the IANA zone name beside it.

// wallLayout is the wall-clock form of an instant in JSON: local time
// without an offset. Fractional seconds appear only when present.
const wallLayout = "2006-01-02T15:04:05.999999999"

// offsetLayout is the same with the offset, written only when the wall time
// alone would name another instant (the second 01:30 of a fall-back night).
const offsetLayout = "2006-01-02T15:04:05.999999999Z07:00"

// zoneName returns the IANA name of t's location and whether that name,
// loaded again, gives t's offset at t: false for time.Local, for fixed zones
// and for names that no IANA zone has. UTC counts as a zone.
func zoneName(t time.Time) (string, bool) {
	loc := t.Location()
	name := loc.String()
	if loc == time.UTC || name == "UTC" {
		_, off := t.Zone()
		return "UTC", off == 0
	}
	if loc == time.Local || name == "" || name == "Local" {
		return name, false
	}
	loaded, err := time.LoadLocation(name)
	if err != nil {
		return name, false
	}
	_, want := t.In(loaded).Zone()
	_, got := t.Zone()
	return name, want == got
}

// checkZoned reports, at p, an instant that is missing or carries no IANA
// zone. required says whether the zero time is a problem.
func checkZoned(p *validation.Path, t time.Time, required bool) validation.ErrorList {
	if t.IsZero() {
		if required {
			return validation.ErrorList{validation.Required(p, "")}
		}
		return nil
	}
	if name, ok := zoneName(t); !ok {
		return validation.ErrorList{validation.Invalid(p, name,
			fmt.Sprintf("must carry an IANA time zone (not %q); load one with time.LoadLocation", name))}
	}
	return nil
}

// loadZone loads an IANA zone by name, refusing the names that depend on
// the machine ("" and "Local").
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%q is not an IANA time zone name", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not an IANA time zone name", name)
	}
	return loc, nil
}

// formatWall writes t as its local wall time, adding the offset only when
// the wall time alone would be read back as another instant.
func formatWall(t time.Time) string {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	if Date(y, m, d, h, mi, s, t.Nanosecond(), t.Location()).Equal(t) {
		return t.Format(wallLayout)
	}
	return t.Format(offsetLayout)
}

// parseWall reads a wall time written by formatWall in loc. Without an
// offset the wall time is resolved with [Date]; with one, the offset must be
// the zone's at that instant.
func parseWall(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.ParseInLocation(wallLayout, s, time.UTC); err == nil {
		y, m, d := t.Date()
		h, mi, sec := t.Clock()
		return Date(y, m, d, h, mi, sec, t.Nanosecond(), loc), nil
	}
	t, err := time.Parse(offsetLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a local time of the form 2006-01-02T15:04:05", s)
	}
	_, got := t.Zone()
	in := t.In(loc)
	if _, want := in.Zone(); want != got {
		return time.Time{}, fmt.Errorf("%q has an offset that %s does not have at that instant", s, loc)
	}
	return in, nil
}

// zonedField is one instant in JSON: the names of its wall-time field and
// of the zone field, for error paths.
type zonedField struct {
	at, zone string
}

// encode returns the wall time and zone name of t ("" and "" for the zero
// time), or an error when t carries no IANA zone.
func (f zonedField) encode(t time.Time) (at, zone string, err error) {
	if t.IsZero() {
		return "", "", nil
	}
	name, ok := zoneName(t)
	if !ok {
		return "", "", validation.ErrorList{validation.Invalid(validation.NewPath(f.zone), name,
			"is not an IANA time zone; JSON cannot carry it")}.Err()
	}
	return formatWall(t), name, nil
}

// decode reads a wall time in a named zone. Both empty is the zero time.
// Problems are validation errors at the field names of f.
func (f zonedField) decode(at, zone string) (time.Time, error) {
	if at == "" && zone == "" {
		return time.Time{}, nil
	}
	if at == "" {
		return time.Time{}, validation.ErrorList{validation.Required(validation.NewPath(f.at), "is required when a zone is given")}.Err()
	}
	if zone == "" {
		return time.Time{}, validation.ErrorList{validation.Required(validation.NewPath(f.zone), "an IANA zone name must accompany every time")}.Err()
	}
	loc, err := loadZone(zone)
	if err != nil {
		return time.Time{}, validation.ErrorList{validation.Invalid(validation.NewPath(f.zone), zone, err.Error())}.Err()
	}
	t, err := parseWall(at, loc)
	if err != nil {
		return time.Time{}, validation.ErrorList{validation.Invalid(validation.NewPath(f.at), at, err.Error())}.Err()
	}
	return t, nil
}
