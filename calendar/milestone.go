package calendar

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Milestone is a dated point of the action plan on the calendar: a launch,
// a campaign's end, a report due.
//
// A milestone is either at an instant (At, in its zone) or, when AllDay is
// set, on the local date of At in At's zone; At must then be the start of
// that day ([LocalDate.In]). JSON writes At like [Entry.At].
type Milestone struct {
	// ID identifies the milestone; it is also the base of its iCalendar
	// UID.
	ID uuid.UUID
	// Name says what happens.
	Name string
	// At is the instant, or the start of the day for an all-day milestone.
	At time.Time
	// AllDay marks a milestone that is a whole local day.
	AllDay bool
	// CampaignID is the campaign the milestone belongs to; uuid.Nil for
	// none.
	CampaignID uuid.UUID
}

// NewDayMilestone returns an all-day milestone on day d in loc.
func NewDayMilestone(id uuid.UUID, name string, d LocalDate, loc *time.Location) Milestone {
	return Milestone{ID: id, Name: name, At: d.In(loc), AllDay: true}
}

// Day returns the local date of the milestone in At's zone.
func (m Milestone) Day() LocalDate { return DateOf(m.At) }

// Validate reports a missing ID or name, a missing or zone-less instant,
// and an all-day milestone whose At is not the start of its day.
func (m Milestone) Validate() error { return m.validate(nil, nil).Err() }

// validate reports the problems of m at paths below p, loading zones
// through zones (which may be nil); paths are built only for problems.
func (m Milestone) validate(p *validation.Path, zones zoneCache) validation.ErrorList {
	var list validation.ErrorList
	if m.ID == uuid.Nil {
		list = append(list, validation.Required(p.Child("id"), ""))
	}
	if m.Name == "" {
		list = append(list, validation.Required(p.Child("name"), ""))
	}
	zoned := checkZoned(p, "at", m.At, true, zones)
	list = append(list, zoned...)
	if len(zoned) == 0 && m.AllDay && !m.Day().In(m.At.Location()).Equal(m.At) {
		list = append(list, validation.Invalid(p.Child("at"), wallString(m.At), "an all-day milestone must be at the start of its local day"))
	}
	return list
}

type milestoneJSON struct {
	ID         uuid.UUID  `json:"id"`
	Name       string     `json:"name"`
	At         string     `json:"at,omitempty"`
	Zone       string     `json:"zone,omitempty"`
	AllDay     bool       `json:"allDay,omitempty"`
	CampaignID *uuid.UUID `json:"campaignId,omitempty"`
}

// MarshalJSON writes At as wall time plus zone name.
func (m Milestone) MarshalJSON() ([]byte, error) {
	at, zone, err := atZone.encode(m.At)
	if err != nil {
		return nil, err
	}
	return json.Marshal(milestoneJSON{ID: m.ID, Name: m.Name, At: at, Zone: zone, AllDay: m.AllDay, CampaignID: optionalID(m.CampaignID)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (m *Milestone) UnmarshalJSON(data []byte) error {
	var j milestoneJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	at, err := atZone.decode(j.At, j.Zone)
	if err != nil {
		return err
	}
	*m = Milestone{ID: j.ID, Name: j.Name, At: at, AllDay: j.AllDay, CampaignID: derefID(j.CampaignID)}
	return nil
}
