package calendar

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Blackout is a span of time in which nothing is published: a national day
// of mourning, a product recall, a company event. It covers the instants
// [From, To) on the channels listed, or on every channel when Channels is
// empty.
//
// A blackout over whole local days is built with [NewDayBlackout]; it is
// stored as the instants those days start and end in their zone, so it
// follows the zone's DST rules (a blackout day of 23 or 25 hours).
type Blackout struct {
	// From is the first instant of the blackout.
	From time.Time
	// To is the instant it ends (excluded). It must not be before From.
	To time.Time
	// Reason says why, for the people who see a post refused.
	Reason string
	// Channels limits the blackout to some channels; empty means all.
	Channels []channel.Channel
}

// NewDayBlackout returns a blackout from the start of local day first to
// the end of local day last (inclusive) in loc.
func NewDayBlackout(first, last LocalDate, loc *time.Location, reason string, channels ...channel.Channel) Blackout {
	return Blackout{From: first.In(loc), To: last.AddDays(1).In(loc), Reason: reason, Channels: channels}
}

// Covers reports whether the blackout holds instant t on channel c.
func (b Blackout) Covers(c channel.Channel, t time.Time) bool {
	return b.Applies(c) && !t.Before(b.From) && t.Before(b.To)
}

// Applies reports whether the blackout concerns channel c.
func (b Blackout) Applies(c channel.Channel) bool {
	return len(b.Channels) == 0 || slices.Contains(b.Channels, c)
}

// Validate reports missing or zone-less ends, To before From, and unknown
// or repeated channels.
func (b Blackout) Validate() error { return b.validate(nil, nil).Err() }

// validate reports the problems of b at paths below p, loading zones
// through zones (which may be nil), as Window.Validate does for the ends.
func (b Blackout) validate(p *validation.Path, zones zoneCache) validation.ErrorList {
	var list validation.ErrorList
	list = list.Merge(p, ValidateWindow(b.From, b.To))
	list = append(list, checkZoned(p, "from", b.From, false, zones)...)
	list = append(list, checkZoned(p, "to", b.To, false, zones)...)
	list = append(list, checkChannels(p.Child("channels"), b.Channels)...)
	return list
}

// checkChannels reports unknown and repeated channels in a list.
func checkChannels(p *validation.Path, cs []channel.Channel) validation.ErrorList {
	var list validation.ErrorList
	for i, c := range cs {
		list = append(list, checkChannel(p.Index(i), c)...)
		if slices.Contains(cs[:i], c) {
			list = append(list, validation.Duplicate(p.Index(i), string(c)))
		}
	}
	return list
}

type blackoutJSON struct {
	From     string            `json:"from"`
	To       string            `json:"to"`
	Zone     string            `json:"zone"`
	Reason   string            `json:"reason,omitempty"`
	Channels []channel.Channel `json:"channels,omitempty"`
}

// MarshalJSON writes {"from","to","zone","reason","channels"}, both times
// as wall times in From's zone.
func (b Blackout) MarshalJSON() ([]byte, error) {
	from, to, zone, err := encodeSpan(b.From, b.To)
	if err != nil {
		return nil, err
	}
	return json.Marshal(blackoutJSON{From: from, To: to, Zone: zone, Reason: b.Reason, Channels: b.Channels})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (b *Blackout) UnmarshalJSON(data []byte) error {
	var j blackoutJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	from, to, err := decodeSpan(j.From, j.To, j.Zone)
	if err != nil {
		return err
	}
	*b = Blackout{From: from, To: to, Reason: j.Reason, Channels: j.Channels}
	return nil
}
