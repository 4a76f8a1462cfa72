package calendar

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Clock is a wall-clock time of day, such as 09:30. 24:00 is allowed as
// the end of a [ClockRange], meaning the end of the day.
type Clock struct {
	Hour, Minute int
}

// ParseClock reads "HH:MM" (24-hour clock; "24:00" is the end of the day).
func ParseClock(s string) (Clock, error) {
	var c Clock
	if len(s) != 5 || s[2] != ':' || !isDigits(s[:2]) || !isDigits(s[3:]) {
		return c, fmt.Errorf("calendar: %q is not a time of day of the form 15:04", s)
	}
	c = Clock{Hour: int(s[0]-'0')*10 + int(s[1]-'0'), Minute: int(s[3]-'0')*10 + int(s[4]-'0')}
	if !c.IsValid() {
		return Clock{}, fmt.Errorf("calendar: %q is not a time of day between 00:00 and 24:00", s)
	}
	return c, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsValid reports whether c is between 00:00 and 24:00 inclusive.
func (c Clock) IsValid() bool {
	if c.Hour == 24 {
		return c.Minute == 0
	}
	return c.Hour >= 0 && c.Hour < 24 && c.Minute >= 0 && c.Minute < 60
}

// String prints c as 15:04.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

func (c Clock) minutes() int { return c.Hour*60 + c.Minute }

// on returns the instant at which the wall clock in loc reads c on day d,
// resolved with [Date]; 24:00 is the start of the next day.
func (c Clock) on(d LocalDate, loc *time.Location) time.Time {
	return Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, loc)
}

// ClockRange is the wall-clock span [Start, End) of one day, such as
// 09:00-17:00. It does not cross midnight: split a night shift in two.
// Its text form is "09:00-17:00".
type ClockRange struct {
	Start, End Clock
}

// ParseClockRange reads "HH:MM-HH:MM".
func ParseClockRange(s string) (ClockRange, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return ClockRange{}, fmt.Errorf("calendar: %q is not a range of the form 09:00-17:00", s)
	}
	start, err := ParseClock(a)
	if err != nil {
		return ClockRange{}, err
	}
	end, err := ParseClock(b)
	if err != nil {
		return ClockRange{}, err
	}
	return ClockRange{Start: start, End: end}, nil
}

// String prints r as 09:00-17:00.
func (r ClockRange) String() string { return r.Start.String() + "-" + r.End.String() }

// MarshalText writes r as 09:00-17:00.
func (r ClockRange) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads 09:00-17:00.
func (r *ClockRange) UnmarshalText(text []byte) error {
	v, err := ParseClockRange(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// BusinessHours is a weekly opening schedule in an IANA zone, with
// holidays: when the community desk answers, when a channel may publish.
//
// Week is indexed by time.Weekday (Week[time.Monday]); each day holds
// ranges of wall-clock time in increasing order that do not overlap. Wall
// times are resolved in Location with [Date], so opening at 09:00 means
// 09:00 local on both sides of a DST change, a range that starts in a DST
// gap starts when the gap ends, and a day with a fall-back overlap is open
// for the real elapsed time between its ends.
//
// JSON:
//
//	{"zone":"Europe/Madrid","week":{"monday":["09:00-17:00"],…},"holidays":["2026-12-25"]}
type BusinessHours struct {
	// Location is the zone the wall-clock hours are read in.
	Location *time.Location
	// Week holds the opening ranges of each weekday.
	Week [7][]ClockRange
	// Holidays are local dates on which the schedule is closed all day.
	Holidays []LocalDate
}

// Weekdays returns a schedule open on the given ranges Monday to Friday in
// loc, without holidays.
func Weekdays(loc *time.Location, ranges ...ClockRange) BusinessHours {
	h := BusinessHours{Location: loc}
	for d := time.Monday; d <= time.Friday; d++ {
		h.Week[d] = slices.Clone(ranges)
	}
	return h
}

// ErrNoBusinessTime is returned by [BusinessHours.AddBusiness] and
// [BusinessHours.BusinessBetween] for a schedule that is never open.
var ErrNoBusinessTime = errors.New("calendar: the business hours are never open")

// ErrNegativeDuration is returned by [BusinessHours.AddBusiness] for a
// negative duration.
var ErrNegativeDuration = errors.New("calendar: negative business duration")

// Validate reports a missing or non-IANA zone, invalid, empty, unordered
// or overlapping ranges, a week without any open hours, and invalid or
// repeated holidays.
func (h BusinessHours) Validate() error { return h.validate(nil, true).Err() }

// validate checks h; withZoneName adds the (slower) check that Location is
// an IANA zone and not merely non-nil. Paths are built only for the
// problems found: valid hours checked without the zone name allocate
// nothing, which matters because every walk of the schedule checks it.
func (h BusinessHours) validate(p *validation.Path, withZoneName bool) validation.ErrorList {
	var list validation.ErrorList
	switch {
	case h.Location == nil:
		list = append(list, validation.Required(p.Child("zone"), ""))
	case withZoneName:
		if _, err := loadZone(h.Location.String()); err != nil || h.Location == time.Local {
			list = append(list, validation.Invalid(p.Child("zone"), h.Location.String(), "must be an IANA time zone"))
		}
	}
	open := false
	for wd, ranges := range h.Week {
		for i, r := range ranges {
			var detail string
			order := false
			switch {
			case !r.Start.IsValid() || r.Start.Hour == 24:
				detail = "start must be a time of day from 00:00 to 23:59"
			case !r.End.IsValid():
				detail = "end must be a time of day from 00:01 to 24:00"
			case r.End.minutes() <= r.Start.minutes():
				detail, order = "must end after it starts, on the same day", true
			case i > 0 && r.Start.minutes() < ranges[i-1].End.minutes():
				detail, order = "must start after the previous range ends", true
			default:
				open = true
				continue
			}
			rp := p.Child("week").Child(strings.ToLower(time.Weekday(wd).String())).Index(i)
			if order {
				list = append(list, validation.OutOfOrder(rp, r.String(), detail))
			} else {
				list = append(list, validation.Invalid(rp, r.String(), detail))
			}
		}
	}
	if !open {
		list = append(list, validation.Required(p.Child("week"), "must have at least one open range"))
	}
	for i, d := range h.Holidays {
		if !d.IsValid() {
			list = append(list, validation.Invalid(p.Child("holidays").Index(i), d.String(), "is not a valid date"))
		} else if slices.Contains(h.Holidays[:i], d) {
			list = append(list, validation.Duplicate(p.Child("holidays").Index(i), d.String()))
		}
	}
	return list
}

// schedule is a checked BusinessHours ready to walk: holidays sorted.
type schedule struct {
	h        BusinessHours
	holidays []LocalDate
}

// schedule checks h and sorts its holidays. Holidays already in order are
// used as they are (the schedule only reads them), so that the walks of
// valid hours allocate nothing.
func (h BusinessHours) schedule() (schedule, error) {
	if list := h.validate(nil, false); len(list) > 0 {
		return schedule{}, fmt.Errorf("%w: %w", ErrNoBusinessTime, list.Err())
	}
	hol := h.Holidays
	if !slices.IsSortedFunc(hol, LocalDate.Compare) {
		hol = slices.Clone(hol)
		slices.SortFunc(hol, LocalDate.Compare)
	}
	return schedule{h: h, holidays: hol}, nil
}

func (s schedule) holiday(d LocalDate) bool {
	_, found := slices.BinarySearchFunc(s.holidays, d, LocalDate.Compare)
	return found
}

// spans calls fn with each open span [start, end) of local day d, in
// order, until fn returns false. Spans emptied by a DST gap are skipped.
func (s schedule) spans(d LocalDate, fn func(start, end time.Time) bool) bool {
	if s.holiday(d) {
		return true
	}
	for _, r := range s.h.Week[d.Weekday()] {
		start, end := r.Start.on(d, s.h.Location), r.End.on(d, s.h.Location)
		if !start.Before(end) {
			continue
		}
		if !fn(start, end) {
			return false
		}
	}
	return true
}

// dayLimit bounds the days a walk may visit: enough for any duration the
// schedule can absorb, so that a walk always ends.
func (s schedule) dayLimit(d time.Duration) int {
	weekly := 0
	for _, ranges := range s.h.Week {
		for _, r := range ranges {
			weekly += r.End.minutes() - r.Start.minutes()
		}
	}
	// A DST change takes at most a few hours from a week; count each week
	// as at least one open minute to stay finite.
	perWeek := max(time.Duration(weekly)*time.Minute-3*time.Hour, time.Minute)
	weeks := int64(d/perWeek) + 2
	return len(s.holidays) + 14 + int(min(weeks, 1<<40))*7
}

// Open reports whether the schedule is open at instant t. An invalid
// schedule is never open.
func (h BusinessHours) Open(t time.Time) bool {
	s, err := h.schedule()
	if err != nil {
		return false
	}
	return s.open(t)
}

// nextOpen returns the first open instant at or after t, and false when
// none comes within a fortnight plus the holidays.
func (s schedule) nextOpen(t time.Time) (time.Time, bool) {
	var next time.Time
	day := DateOf(t.In(s.h.Location))
	for range len(s.holidays) + 15 {
		s.spans(day, func(start, end time.Time) bool {
			if end.After(t) {
				next = later(start, t)
				return false
			}
			return true
		})
		if !next.IsZero() {
			return next, true
		}
		day = day.AddDays(1)
	}
	return time.Time{}, false
}

func (s schedule) open(t time.Time) bool {
	open := false
	s.spans(DateOf(t.In(s.h.Location)), func(start, end time.Time) bool {
		open = !t.Before(start) && t.Before(end)
		return !open
	})
	return open
}

// AddBusiness returns the instant at which d of open time has passed after
// t: with Mon–Fri 09:00–17:00, Friday 16:45 plus 30 minutes is Monday
// 09:15. Time before t, closed hours and holidays do not count; a zero d
// returns t. The result is in the schedule's zone and never before t.
//
// It returns ErrNegativeDuration for d < 0, and an error matching
// ErrNoBusinessTime for a schedule without open hours. It visits each day
// at most once and never loops forever.
func (h BusinessHours) AddBusiness(t time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, fmt.Errorf("%w: %v", ErrNegativeDuration, d)
	}
	s, err := h.schedule()
	if err != nil {
		return time.Time{}, err
	}
	t = t.In(h.Location)
	if d == 0 {
		return t, nil
	}
	remaining := d
	var due time.Time
	day := DateOf(t)
	for range s.dayLimit(d) {
		s.spans(day, func(start, end time.Time) bool {
			if !end.After(t) {
				return true
			}
			start = later(start, t)
			if avail := end.Sub(start); avail < remaining {
				remaining -= avail
				return true
			}
			due = start.Add(remaining)
			return false
		})
		if !due.IsZero() {
			return due, nil
		}
		day = day.AddDays(1)
	}
	return time.Time{}, fmt.Errorf("%w: %v of business time not reached by %s", ErrNoBusinessTime, d, day)
}

// BusinessBetween returns the open time between a and b: the overlap of
// [a, b) with the open spans. When b is before a the result is the
// negative of BusinessBetween(b, a). An invalid schedule is an error
// matching ErrNoBusinessTime.
func (h BusinessHours) BusinessBetween(a, b time.Time) (time.Duration, error) {
	if b.Before(a) {
		d, err := h.BusinessBetween(b, a)
		return -d, err
	}
	s, err := h.schedule()
	if err != nil {
		return 0, err
	}
	var total time.Duration
	last := DateOf(b.In(h.Location))
	for day := DateOf(a.In(h.Location)); day.Compare(last) <= 0; day = day.AddDays(1) {
		s.spans(day, func(start, end time.Time) bool {
			start, end = later(start, a), earlier(end, b)
			if start.Before(end) {
				total += end.Sub(start)
			}
			return true
		})
	}
	return total, nil
}

func later(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

func earlier(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

type businessHoursJSON struct {
	Zone     string                  `json:"zone"`
	Week     map[string][]ClockRange `json:"week"`
	Holidays []LocalDate             `json:"holidays,omitempty"`
}

// MarshalJSON writes the zone name, the week keyed by lower-case weekday
// names (days without hours left out) and the holidays.
func (h BusinessHours) MarshalJSON() ([]byte, error) {
	j := businessHoursJSON{Week: map[string][]ClockRange{}, Holidays: h.Holidays}
	if h.Location != nil {
		j.Zone = h.Location.String()
	}
	for wd, ranges := range h.Week {
		if len(ranges) > 0 {
			j.Week[strings.ToLower(time.Weekday(wd).String())] = ranges
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes. An unknown zone or weekday
// is a *validation.Error naming the field.
func (h *BusinessHours) UnmarshalJSON(data []byte) error {
	var j businessHoursJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	var out BusinessHours
	var list validation.ErrorList
	if j.Zone != "" {
		loc, err := loadZone(j.Zone)
		if err != nil {
			list = append(list, validation.Invalid(validation.NewPath("zone"), j.Zone, err.Error()))
		}
		out.Location = loc
	}
	for name, ranges := range j.Week {
		wd, ok := parseWeekday(name)
		if !ok {
			list = append(list, validation.NotSupported(validation.NewPath("week").Key(name), name, weekdayNames()))
			continue
		}
		out.Week[wd] = ranges
	}
	out.Holidays = j.Holidays
	if err := list.Err(); err != nil {
		return err
	}
	*h = out
	return nil
}

func weekdayNames() []string {
	names := make([]string, 7)
	for i := range names {
		names[i] = strings.ToLower(time.Weekday(i).String())
	}
	return names
}

func parseWeekday(name string) (time.Weekday, bool) {
	i := slices.Index(weekdayNames(), name)
	return time.Weekday(i), i >= 0
}
