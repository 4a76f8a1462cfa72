package calendar

import (
	"encoding/json"
	"time"

	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Window is the half-open span of instants [From, To): the caller's bound
// on every sequence, the span of a pause. Both ends are required and carry
// an IANA zone; To before From is invalid, To equal to From is an empty
// window. JSON writes both as wall times in From's zone.
type Window struct {
	From time.Time
	To   time.Time
}

// Contains reports whether From <= t < To.
func (w Window) Contains(t time.Time) bool {
	return !t.Before(w.From) && t.Before(w.To)
}

// Validate reports a missing or zone-less end and a To before From.
func (w Window) Validate() error {
	var list validation.ErrorList
	list = list.Merge(nil, ValidateWindow(w.From, w.To))
	list = append(list, checkZoned(nil, "from", w.From, false, nil)...)
	list = append(list, checkZoned(nil, "to", w.To, false, nil)...)
	return list.Err()
}

type windowJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
	Zone string `json:"zone"`
}

// MarshalJSON writes {"from":…,"to":…,"zone":…}, both wall times in From's
// zone.
func (w Window) MarshalJSON() ([]byte, error) {
	from, to, zone, err := encodeSpan(w.From, w.To)
	if err != nil {
		return nil, err
	}
	return json.Marshal(windowJSON{From: from, To: to, Zone: zone})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (w *Window) UnmarshalJSON(data []byte) error {
	var j windowJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	from, to, err := decodeSpan(j.From, j.To, j.Zone)
	if err != nil {
		return err
	}
	*w = Window{From: from, To: to}
	return nil
}

// encodeSpan writes two instants as wall times in one zone: From's, or
// To's when From is zero.
func encodeSpan(from, to time.Time) (fromText, toText, zone string, err error) {
	if !from.IsZero() && !to.IsZero() {
		to = to.In(from.Location())
	}
	fromText, zone, err = zonedField{"from", "zone"}.encode(from)
	if err != nil {
		return "", "", "", err
	}
	toText, toZone, err := zonedField{"to", "zone"}.encode(to)
	if zone == "" {
		zone = toZone
	}
	return fromText, toText, zone, err
}

// decodeSpan reads what encodeSpan writes.
func decodeSpan(fromText, toText, zone string) (from, to time.Time, err error) {
	from, err = zonedField{"from", "zone"}.decode(fromText, zoneIf(fromText, zone))
	if err != nil {
		return from, to, err
	}
	to, err = zonedField{"to", "zone"}.decode(toText, zoneIf(toText, zone))
	return from, to, err
}

// zoneIf returns zone when at is set, so that a shared zone field does not
// make an absent time look half-given.
func zoneIf(at, zone string) string {
	if at == "" {
		return ""
	}
	return zone
}
