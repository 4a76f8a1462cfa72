package calendar

import (
	"encoding/json"
	"iter"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Routine is a community manager's publishing routine: "Instagram, Monday,
// Wednesday and Friday at 10:00 Madrid time, behind-the-scenes reels,
// owned by Ana, from March to June". Ana is a team member, referred to by
// her member ID (strategy.Member.ID).
//
// The Recurrence carries the schedule; its Start is in the routine's named
// zone, so the routine keeps its wall-clock time across DST changes. From
// and Until narrow it to an active period: the routine's instances are the
// recurrence's instances t with From <= t < Until (a zero From or Until
// leaves that side open).
type Routine struct {
	// ID identifies the routine; it is also the base of its iCalendar UID.
	ID uuid.UUID
	// Channel is where the routine publishes.
	Channel channel.Channel
	// Account is the handle of the brand's account on Channel the routine
	// publishes from; empty means the brand's only account there (see
	// channel.Accounts.Resolve).
	Account string
	// Recurrence is when it publishes.
	Recurrence Recurrence
	// Pillar is the content pillar the routine serves ("product tips").
	Pillar string
	// Format is the kind of post ("reel", "carousel", "thread").
	Format string
	// Owner is the team member who publishes, by member ID
	// (strategy.Member.ID); uuid.Nil for nobody in particular. The
	// calendar does not know the team: strategy.Strategy.Validate checks
	// the ID against it.
	Owner uuid.UUID
	// From is the first instant the routine is active; zero: from the
	// recurrence's start.
	From time.Time
	// Until is the instant the routine stops (excluded); zero: no end.
	Until time.Time
}

// Between returns the routine's instances t with from <= t < to inside its
// active period, in increasing order, in the routine's zone.
func (r Routine) Between(from, to time.Time) iter.Seq[time.Time] {
	from, to = r.activeWindow(from, to)
	return r.Recurrence.Between(from, to)
}

// activeWindow narrows [from, to) to the routine's active period.
func (r Routine) activeWindow(from, to time.Time) (time.Time, time.Time) {
	if !r.From.IsZero() && r.From.After(from) {
		from = r.From
	}
	if !r.Until.IsZero() && r.Until.Before(to) {
		to = r.Until
	}
	return from, to
}

// Location returns the routine's zone: its recurrence start's location.
func (r Routine) Location() *time.Location { return r.Recurrence.Start.Location() }

// Validate reports a missing ID, an unknown channel, every problem of the
// recurrence (under "recurrence"), times that are not whole seconds (which
// iCalendar cannot carry), a start that is the second occurrence of a
// repeated wall time (which a TZID cannot name), active-period ends without
// an IANA zone, and an Until before From.
func (r Routine) Validate() error { return r.validate(nil, nil).Err() }

// validate reports the problems of r at paths below p, loading zones
// through zones (which may be nil); paths are built only for problems.
func (r Routine) validate(p *validation.Path, zones zoneCache) validation.ErrorList {
	var list validation.ErrorList
	if r.ID == uuid.Nil {
		list = append(list, validation.Required(p.Child("id"), ""))
	}
	if !r.Channel.IsValid() {
		list = append(list, checkChannel(p.Child("channel"), r.Channel)...)
	}
	if r.Account != "" {
		if fe := channel.CheckHandle(nil, r.Account); fe != nil {
			fe.Path = p.Child("account").String()
			list = append(list, fe)
		}
	}
	list = appendUnder(list, p, "recurrence", r.Recurrence.validate(zones))
	if st := r.Recurrence.Start; st.Nanosecond() != 0 {
		list = append(list, checkWholeSeconds(p.Child("recurrence").Child("start"), st)...)
	}
	if st := r.Recurrence.Start; !st.IsZero() {
		y, m, d := st.Date()
		h, mi, s := st.Clock()
		if !Date(y, m, d, h, mi, s, st.Nanosecond(), st.Location()).Equal(st) {
			list = append(list, validation.Invalid(p.Child("recurrence").Child("start"), wallString(st),
				"is the second occurrence of a repeated wall time; a routine's wall time must name its start (use the first occurrence)"))
		}
	}
	for i, t := range r.Recurrence.ExDates {
		if t.Nanosecond() != 0 {
			list = append(list, checkWholeSeconds(p.Child("recurrence").Child("exdates").Index(i), t)...)
		}
	}
	for i, t := range r.Recurrence.RDates {
		if t.Nanosecond() != 0 {
			list = append(list, checkWholeSeconds(p.Child("recurrence").Child("rdates").Index(i), t)...)
		}
	}
	list = append(list, checkZoned(p, "from", r.From, false, zones)...)
	list = append(list, checkZoned(p, "until", r.Until, false, zones)...)
	if !r.From.IsZero() && !r.Until.IsZero() && r.Until.Before(r.From) {
		list = append(list, validation.OutOfOrder(p.Child("until"), wallString(r.Until), "must not be before from"))
	}
	return list
}

func checkWholeSeconds(p *validation.Path, t time.Time) validation.ErrorList {
	if t.Nanosecond() != 0 {
		return validation.ErrorList{validation.Invalid(p, wallString(t), "must be a whole second: iCalendar has no fractions of a second")}
	}
	return nil
}

type routineJSON struct {
	ID         uuid.UUID       `json:"id"`
	Channel    channel.Channel `json:"channel"`
	Account    string          `json:"account,omitempty"`
	Recurrence Recurrence      `json:"recurrence"`
	Pillar     string          `json:"pillar,omitempty"`
	Format     string          `json:"format,omitempty"`
	Owner      uuid.UUID       `json:"owner,omitzero"`
	From       string          `json:"from,omitempty"`
	Until      string          `json:"until,omitempty"`
}

// MarshalJSON writes the recurrence as Recurrence does and the active
// period as wall times in the recurrence's zone:
//
//	{"id":…,"channel":"instagram","recurrence":{"start":"2026-03-02T10:00:00",
//	 "zone":"Europe/Madrid","rule":"FREQ=WEEKLY;BYDAY=MO,WE,FR"},"from":"2026-03-01T00:00:00"}
func (r Routine) MarshalJSON() ([]byte, error) {
	j := routineJSON{ID: r.ID, Channel: r.Channel, Account: r.Account, Recurrence: r.Recurrence, Pillar: r.Pillar, Format: r.Format, Owner: r.Owner}
	if !r.From.IsZero() {
		j.From = wallString(r.From.In(r.Location()))
	}
	if !r.Until.IsZero() {
		j.Until = wallString(r.Until.In(r.Location()))
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Routine) UnmarshalJSON(data []byte) error {
	var j struct {
		routineJSON
		Recurrence json.RawMessage `json:"recurrence"`
	}
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	out := Routine{ID: j.ID, Channel: j.Channel, Account: j.Account, Pillar: j.Pillar, Format: j.Format, Owner: j.Owner}
	var list validation.ErrorList
	if len(j.Recurrence) == 0 {
		return validation.ErrorList{validation.Required(validation.NewPath("recurrence"), "")}.Err()
	}
	if err := json.Unmarshal(j.Recurrence, &out.Recurrence); err != nil {
		return list.Merge(validation.NewPath("recurrence"), err).Err()
	}
	read := func(name, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, fe := parseWall(validation.NewPath(name), s, out.Location())
		if fe != nil {
			list = append(list, fe)
		}
		return t
	}
	out.From = read("from", j.From)
	out.Until = read("until", j.Until)
	if err := list.Err(); err != nil {
		return err
	}
	*r = out
	return nil
}
