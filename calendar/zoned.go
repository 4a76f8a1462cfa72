package calendar

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/validation"
)

// This file holds the one way package calendar writes an instant that keeps
// its zone: the local wall time (wallString, parseWall) and the IANA zone
// name beside it, as Recurrence's JSON does.

// zoneName returns the IANA name of t's location and whether JSON can carry
// it (see zoneFaultOf): false for time.Local, for fixed zones and for names
// that, loaded again, give another offset at t. UTC counts as a zone.
func zoneName(t time.Time) (string, bool) {
	return t.Location().String(), zoneFaultOf(t, nil) == zoneOK
}

// checkZoned reports, at the field name below p, an instant that is
// missing, outside the years MinYear to MaxYear or carries no IANA zone, loading zones through zones (which may
// be nil). required says whether the zero time is a problem. The path is
// built only for a problem: a valid instant allocates nothing.
func checkZoned(p *validation.Path, name string, t time.Time, required bool, zones zoneCache) validation.ErrorList {
	if t.IsZero() {
		if required {
			return validation.ErrorList{validation.Required(p.Child(name), "")}
		}
		return nil
	}
	if !inYears(t) {
		return validation.ErrorList{yearsError(p.Child(name), t)}
	}
	if f := zoneFaultOf(t, zones); f != zoneOK {
		return validation.ErrorList{f.fieldError(p.Child(name), t)}
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
	return wallString(t), name, nil
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
	t, fe := parseWall(validation.NewPath(f.at), at, loc)
	if fe != nil {
		return time.Time{}, validation.ErrorList{fe}.Err()
	}
	return t, nil
}
