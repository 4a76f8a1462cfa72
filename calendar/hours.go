package calendar

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
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
	// Holidays in strictly increasing order hold no repeat; otherwise a
	// set finds the repeats, in linear time either way.
	strictly := true
	for i, d := range h.Holidays {
		if !d.IsValid() {
			list = append(list, validation.Invalid(p.Child("holidays").Index(i), d.String(), "is not a valid date"))
		}
		if i > 0 && h.Holidays[i-1].Compare(d) >= 0 {
			strictly = false
		}
	}
	if !strictly {
		seen := make(map[LocalDate]bool, len(h.Holidays))
		for i, d := range h.Holidays {
			if d.IsValid() && seen[d] {
				list = append(list, validation.Duplicate(p.Child("holidays").Index(i), d.String()))
			}
			seen[d] = true
		}
	}
	return list
}

// schedule is a checked BusinessHours ready to walk: holidays sorted, and
// the wall-clock length of each weekday's ranges, in minutes (dayMin) and
// of the whole week (weekMin). On a day that no change of UTC offset
// touches, the open time is exactly the wall-clock length.
type schedule struct {
	h        BusinessHours
	holidays []LocalDate
	dayMin   [7]int64
	weekMin  int64
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
	sc := schedule{h: h, holidays: hol}
	for wd, ranges := range h.Week {
		for _, r := range ranges {
			sc.dayMin[wd] += int64(r.End.minutes() - r.Start.minutes())
		}
		sc.weekMin += sc.dayMin[wd]
	}
	return sc, nil
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

// ErrBusinessRange is returned, wrapped, by [BusinessHours.AddBusiness]
// and [BusinessHours.BusinessBetween] for an instant whose local date is
// outside the years 1 to 9999, a due time after 9999-12-31, and open time
// that does not fit in a time.Duration (about 292 years).
var ErrBusinessRange = errors.New("calendar: business time out of range")

// AddBusiness returns the instant at which d of open time has passed after
// t: with Mon–Fri 09:00–17:00, Friday 16:45 plus 30 minutes is Monday
// 09:15. Time before t, closed hours and holidays do not count; a zero d
// returns t. The result is in the schedule's zone and never before t.
//
// It returns ErrNegativeDuration for d < 0, an error matching
// ErrNoBusinessTime for a schedule without open hours, and one matching
// ErrBusinessRange when t is outside the years 1 to 9999 or the result
// would be after 9999-12-31. Its cost does not grow with d: whole weeks
// are counted arithmetically (see [BusinessHours.BusinessBetween]), and it
// ends for any d.
func (h BusinessHours) AddBusiness(t time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, fmt.Errorf("%w: %v", ErrNegativeDuration, d)
	}
	s, err := h.schedule()
	if err != nil {
		return time.Time{}, err
	}
	t = t.In(h.Location)
	if err := inBusinessYears(t); err != nil {
		return time.Time{}, err
	}
	if d == 0 {
		return t, nil
	}
	first := dayNumber(DateOf(t))
	due, used := s.consume(first, t, d)
	if !due.IsZero() {
		return due, nil
	}
	rem := d - used
	// Find the first day D after the first with open time from the day
	// after the first through D of at least rem: gallop by a number of
	// weeks the nominal week suggests, then bisect. Every step counts its
	// days exactly, whatever their number.
	last := dayNumber(LocalDate{Year: 9999, Month: time.December, Day: 31})
	lo, sumLo := first, businessSum{} // open time of days first+1 .. lo
	step := int64(7)
	if s.weekMin > 0 {
		step = (int64(rem/time.Minute)/s.weekMin + 1) * 7
	}
	var hi int64
	var sumHi businessSum
	for {
		hi = min(lo+step, last)
		if hi <= lo {
			return time.Time{}, fmt.Errorf("%w: %v of business time after %s is not reached by 9999-12-31", ErrBusinessRange, d, t.Format(time.RFC3339))
		}
		sumHi = sumLo.plus(s.fullDays(lo+1, hi, t, time.Time{}))
		if sumHi.cmp(rem) >= 0 {
			break
		}
		lo, sumLo = hi, sumHi
		step *= 2
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		sumMid := sumLo.plus(s.fullDays(lo+1, mid, t, time.Time{}))
		if sumMid.cmp(rem) >= 0 {
			hi = mid
		} else {
			lo, sumLo = mid, sumMid
		}
	}
	// sumLo < rem <= sumHi, both under rem's size, so the difference fits.
	left := rem - sumLo.mustDuration()
	due, _ = s.consume(hi, t, left)
	if due.IsZero() {
		// Unreachable: day hi holds at least left of open time.
		return time.Time{}, fmt.Errorf("%w: internal error adding %v to %s", ErrBusinessRange, d, t.Format(time.RFC3339))
	}
	return due, nil
}

// consume walks the open spans of day n after t and returns the instant at
// which d of open time has passed, or the zero time and the open time the
// day held after t when it holds less than d.
func (s schedule) consume(n int64, t time.Time, d time.Duration) (due time.Time, used time.Duration) {
	remaining := d
	s.spans(dateOfNumber(n), func(start, end time.Time) bool {
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
	return due, d - remaining
}

// BusinessBetween returns the open time between a and b: the overlap of
// [a, b) with the open spans. When b is before a the result is the
// negative of BusinessBetween(b, a). An invalid schedule is an error
// matching ErrNoBusinessTime; an instant outside the years 1 to 9999, or
// open time that does not fit in a time.Duration, one matching
// ErrBusinessRange.
//
// Its cost does not grow with the number of days between a and b: whole
// weeks count their wall-clock open time arithmetically, and only the days
// that a holiday or a change of UTC offset (a DST change, found through
// the zone's transitions) touches are walked, in the zone, with [Date].
func (h BusinessHours) BusinessBetween(a, b time.Time) (time.Duration, error) {
	if b.Before(a) {
		d, err := h.BusinessBetween(b, a)
		return -d, err
	}
	s, err := h.schedule()
	if err != nil {
		return 0, err
	}
	a, b = a.In(h.Location), b.In(h.Location)
	if err := inBusinessYears(a); err != nil {
		return 0, err
	}
	if err := inBusinessYears(b); err != nil {
		return 0, err
	}
	na, nb := dayNumber(DateOf(a)), dayNumber(DateOf(b))
	var total businessSum
	// The first and the last day are cut by a and b.
	total.add(s.actual(na, a, b))
	if nb > na {
		total.add(s.actual(nb, a, b))
		total = total.plus(s.fullDays(na+1, nb-1, a, b))
	}
	d, ok := total.duration()
	if !ok {
		return 0, fmt.Errorf("%w: the open time from %s to %s exceeds %v", ErrBusinessRange, a.Format(time.RFC3339), b.Format(time.RFC3339), time.Duration(math.MaxInt64))
	}
	return d, nil
}

// inBusinessYears checks that t's local date is in the years 1 to 9999.
func inBusinessYears(t time.Time) error {
	if y := t.Year(); y < 1 || y > 9999 {
		return fmt.Errorf("%w: %s is outside the years 0001 to 9999", ErrBusinessRange, t.Format(time.RFC3339))
	}
	return nil
}

// actual returns the open time of day n within [lo, hi) (a zero hi means
// no end): its spans resolved in the zone, so it is right on a day that
// a DST change touches; zero on a holiday.
func (s schedule) actual(n int64, lo, hi time.Time) time.Duration {
	var total time.Duration
	s.spans(dateOfNumber(n), func(start, end time.Time) bool {
		start = later(start, lo)
		if !hi.IsZero() {
			end = earlier(end, hi)
		}
		if start.Before(end) {
			total += end.Sub(start)
		}
		return true
	})
	return total
}

// fullDays returns the open time of days n1 through n2 (none when n2 < n1),
// each cut to [lo, hi) where a DST change could put part of it outside
// (a zero hi means no end).
//
// Invariant: on a day that no change of UTC offset touches, every wall
// time has exactly one instant, so a range's open time is its wall-clock
// length and the day's spans lie between lo and hi (lo's day is before n1
// and hi's after n2). Such a day contributes dayMin of its weekday; whole
// weeks contribute weekMin each. The holidays in [n1, n2] then take back
// their dayMin, and each day that an offset change touches (and is no
// holiday) trades its dayMin for its actual open time. The cost is
// O(log holidays + holidays in range + offset changes in range).
func (s schedule) fullDays(n1, n2 int64, lo, hi time.Time) businessSum {
	var sum businessSum
	if n2 < n1 {
		return sum
	}
	count := n2 - n1 + 1
	sum.min = count / 7 * s.weekMin
	for i := range count % 7 {
		sum.min += s.dayMin[weekdayOfNumber(n1+i)]
	}
	from, _ := slices.BinarySearchFunc(s.holidays, dateOfNumber(n1), LocalDate.Compare)
	for _, d := range s.holidays[from:] {
		if dayNumber(d) > n2 {
			break
		}
		sum.min -= s.dayMin[d.Weekday()]
	}
	s.offsetChangeDays(n1, n2, func(n int64) {
		if s.holiday(dateOfNumber(n)) {
			return
		}
		sum.min -= s.dayMin[weekdayOfNumber(n)]
		sum.add(s.actual(n, lo, hi))
	})
	return sum
}

// offsetChangeDays calls fn once, in increasing order, for each day of
// n1 through n2 that a change of the zone's UTC offset touches. A change
// at instant T moves the wall clock from the wall time just before T to
// the one at T; the wall times between the two (a gap or a repeat) are
// the only ones whose instant differs from a plain reading. The days that
// hold them are touched, and so is the day before when they begin at
// midnight, since its 24:00 is that midnight. The changes come from
// time.Time.ZoneBounds, so their number, not the number of days, bounds
// the cost.
func (s schedule) offsetChangeDays(n1, n2 int64, fn func(n int64)) {
	loc := s.h.Location
	// UTC offsets stay within a day, so changes more than three days
	// outside [n1, n2] in UTC touch no day in it.
	t := time.Unix((n1-3)*secondsPerDay, 0).In(loc)
	until := time.Unix((n2+4)*secondsPerDay, 0)
	done := n1 - 1 // the last day passed to fn
	for {
		end := zoneEnd(t)
		if end.IsZero() || !end.Before(until) {
			return
		}
		// The wall times the change moves across, earlier first: when the
		// clock went back, the wall time just before the change is later.
		low, high := end.Add(-time.Nanosecond), end
		if wallAfter(low, high) {
			low, high = high, low
		}
		from, to := dayNumber(DateOf(low)), dayNumber(DateOf(high))
		if h, m, sec := low.Clock(); h == 0 && m == 0 && sec == 0 && low.Nanosecond() == 0 {
			from--
		}
		for n := max(from, done+1); n <= min(to, n2); n++ {
			fn(n)
			done = n
		}
		t = end
	}
}

// wallAfter reports whether a's wall clock reads later than b's.
func wallAfter(a, b time.Time) bool {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	if c := (LocalDate{ya, ma, da}).Compare(LocalDate{yb, mb, db}); c != 0 {
		return c > 0
	}
	ha, mia, sa := a.Clock()
	hb, mib, sb := b.Clock()
	if x, y := (ha*60+mia)*60+sa, (hb*60+mib)*60+sb; x != y {
		return x > y
	}
	return a.Nanosecond() > b.Nanosecond()
}

// dayNumber numbers the days from 1970-01-01 (day 0).
func dayNumber(d LocalDate) int64 {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay
}

// dateOfNumber is the inverse of dayNumber.
func dateOfNumber(n int64) LocalDate { return DateOf(time.Unix(n*secondsPerDay, 0).UTC()) }

// weekdayOfNumber is the day of the week of day n (day 0 was a Thursday).
func weekdayOfNumber(n int64) time.Weekday {
	return time.Weekday(((n % 7) + 7 + int64(time.Thursday)) % 7)
}

// businessSum is an exact sum of open time: whole minutes plus a remainder
// in [0, 1 minute), so that sums over ten thousand years cannot overflow
// before they are checked against time.Duration.
type businessSum struct {
	min int64
	ns  time.Duration
}

func (b *businessSum) add(d time.Duration) {
	b.ns += d
	q, r := b.ns/time.Minute, b.ns%time.Minute
	if r < 0 {
		q, r = q-1, r+time.Minute
	}
	b.min += int64(q)
	b.ns = r
}

func (b businessSum) plus(c businessSum) businessSum {
	b.min += c.min
	b.add(c.ns)
	return b
}

// maxMinutes is the most whole minutes a time.Duration holds.
const maxMinutes = int64(math.MaxInt64 / int64(time.Minute))

// duration returns b as a time.Duration, and false when it does not fit.
func (b businessSum) duration() (time.Duration, bool) {
	if b.min < 0 || b.min > maxMinutes {
		return 0, false
	}
	m := time.Duration(b.min) * time.Minute
	if m > math.MaxInt64-b.ns {
		return 0, false
	}
	return m + b.ns, true
}

func (b businessSum) mustDuration() time.Duration {
	d, _ := b.duration()
	return d
}

// cmp compares b with d ≥ 0.
func (b businessSum) cmp(d time.Duration) int {
	var c businessSum
	c.add(d)
	if b.min != c.min {
		return cmpInt64(b.min, c.min)
	}
	return cmpInt64(int64(b.ns), int64(c.ns))
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
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
