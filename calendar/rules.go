package calendar

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Rules are the publishing rules that [Conflicts], [FillQueue] and [Pause]
// respect: per-channel spacing, daily caps and allowed hours, blackouts,
// and what counts as a near-duplicate post.
type Rules struct {
	// Channels holds the rules of each channel; a channel without an
	// entry has no spacing, cap or hours rule.
	Channels map[channel.Channel]ChannelRules `json:"channels,omitempty"`
	// Blackouts are spans in which nothing is published: an entry in one
	// is a conflict, and a routine slot in one is skipped (pass them to
	// [Slots] too).
	Blackouts []Blackout `json:"blackouts,omitempty"`
	// DuplicateDays is the window, in calendar days, within which two
	// near-duplicate texts on one channel are a conflict. Zero means 7.
	DuplicateDays int `json:"duplicateDays,omitempty"`
	// DuplicateSimilarity is the word-bigram Jaccard similarity, in
	// percent, from which two texts are near-duplicates. Zero means 70.
	DuplicateSimilarity int `json:"duplicateSimilarity,omitempty"`
}

// ChannelRules are the publishing rules of one channel.
type ChannelRules struct {
	// Location is the zone whose local days the daily cap counts. It is
	// required when DailyCap is set.
	Location *time.Location
	// MinSpacing is the least time between two posts on the channel.
	MinSpacing Duration
	// DailyCap is the most posts per local day; zero means no cap.
	DailyCap int
	// AllowedHours, when set, are the only hours in which the channel
	// publishes.
	AllowedHours *BusinessHours
}

// Defaults of Rules.
const (
	DefaultDuplicateDays       = 7
	DefaultDuplicateSimilarity = 70
)

func (r Rules) duplicateDays() int {
	if r.DuplicateDays == 0 {
		return DefaultDuplicateDays
	}
	return r.DuplicateDays
}

func (r Rules) duplicateSimilarity() int {
	if r.DuplicateSimilarity == 0 {
		return DefaultDuplicateSimilarity
	}
	return r.DuplicateSimilarity
}

// Validate reports unknown channels, negative spacing or caps, a cap
// without a zone, invalid allowed hours and blackouts, and out-of-range
// duplicate settings.
func (r Rules) Validate() error { return r.validate(nil).Err() }

func (r Rules) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	for _, c := range sortedChannels(r.Channels) {
		list = append(list, r.Channels[c].validate(p.Child("channels").Key(string(c)), c)...)
	}
	var zones zoneCache
	if len(r.Blackouts) > 1 {
		zones = zoneCache{}
	}
	for i, b := range r.Blackouts {
		list = append(list, b.validate(p.Child("blackouts").Index(i), zones)...)
	}
	if r.DuplicateDays < 0 {
		list = append(list, validation.OutOfRange(p.Child("duplicateDays"), r.DuplicateDays, "must not be negative"))
	}
	if r.DuplicateSimilarity < 0 || r.DuplicateSimilarity > 100 {
		list = append(list, validation.OutOfRange(p.Child("duplicateSimilarity"), r.DuplicateSimilarity, "must be a percentage from 1 to 100 (0 means the default)"))
	}
	return list
}

func (cr ChannelRules) validate(p *validation.Path, c channel.Channel) validation.ErrorList {
	var list validation.ErrorList
	if !c.IsValid() {
		list = append(list, validation.NotSupported(p, string(c), channel.All()))
	}
	if cr.MinSpacing < 0 {
		list = append(list, validation.OutOfRange(p.Child("minSpacing"), cr.MinSpacing.String(), "must not be negative"))
	}
	if cr.DailyCap < 0 {
		list = append(list, validation.OutOfRange(p.Child("dailyCap"), cr.DailyCap, "must not be negative"))
	}
	switch {
	case cr.Location == nil && cr.DailyCap > 0:
		list = append(list, validation.Required(p.Child("zone"), "is required to count a daily cap in local days"))
	case cr.Location != nil:
		if _, err := loadZone(cr.Location.String()); err != nil || cr.Location == time.Local {
			list = append(list, validation.Invalid(p.Child("zone"), cr.Location.String(), "must be an IANA time zone"))
		}
	}
	if cr.AllowedHours != nil {
		list = append(list, cr.AllowedHours.validate(p.Child("allowedHours"), true)...)
	}
	return list
}

// sortedChannels returns the keys of m in channel.All order, then unknown
// keys sorted, so that every walk over m is deterministic.
func sortedChannels[V any](m map[channel.Channel]V) []channel.Channel {
	keys := make([]channel.Channel, 0, len(m))
	for c := range m {
		keys = append(keys, c)
	}
	slices.SortFunc(keys, compareChannels)
	return keys
}

// compareChannels orders channels as channel.All does; unknown ones last,
// by name.
func compareChannels(a, b channel.Channel) int {
	ia, ib := channelRank(a), channelRank(b)
	if ia != ib {
		return cmpInt(ia, ib)
	}
	return cmpString(string(a), string(b))
}

func channelRank(c channel.Channel) int {
	if i, ok := channelOrder[c]; ok {
		return i
	}
	return len(channelOrder)
}

// channelOrder maps each channel to its position in channel.All. It is
// built once and only read.
var channelOrder = func() map[channel.Channel]int {
	m := map[channel.Channel]int{}
	for i, c := range channel.All() {
		m[c] = i
	}
	return m
}()

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type channelRulesJSON struct {
	Zone         string         `json:"zone,omitempty"`
	MinSpacing   Duration       `json:"minSpacing,omitempty"`
	DailyCap     int            `json:"dailyCap,omitempty"`
	AllowedHours *BusinessHours `json:"allowedHours,omitempty"`
}

// MarshalJSON writes the zone by its IANA name and the spacing as a Go
// duration string.
func (cr ChannelRules) MarshalJSON() ([]byte, error) {
	j := channelRulesJSON{MinSpacing: cr.MinSpacing, DailyCap: cr.DailyCap, AllowedHours: cr.AllowedHours}
	if cr.Location != nil {
		j.Zone = cr.Location.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes; an unknown zone is a
// *validation.Error at "zone".
func (cr *ChannelRules) UnmarshalJSON(data []byte) error {
	var j channelRulesJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	out := ChannelRules{MinSpacing: j.MinSpacing, DailyCap: j.DailyCap, AllowedHours: j.AllowedHours}
	if j.Zone != "" {
		loc, err := loadZone(j.Zone)
		if err != nil {
			return validation.ErrorList{validation.Invalid(validation.NewPath("zone"), j.Zone, err.Error())}.Err()
		}
		out.Location = loc
	}
	*cr = out
	return nil
}

// channelState is what the checks of one channel need, resolved once.
type channelState struct {
	rules ChannelRules
	hours *schedule // nil: no allowed-hours rule
}

// compile resolves the per-channel rules once for a walk. Rules must be
// valid.
func (r Rules) compile() (map[channel.Channel]channelState, error) {
	out := make(map[channel.Channel]channelState, len(r.Channels))
	for c, cr := range r.Channels {
		st := channelState{rules: cr}
		if cr.AllowedHours != nil {
			s, err := cr.AllowedHours.schedule()
			if err != nil {
				return nil, fmt.Errorf("channel %s: %w", c, err)
			}
			st.hours = &s
		}
		out[c] = st
	}
	return out, nil
}
