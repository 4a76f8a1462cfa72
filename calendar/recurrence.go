package calendar

import (
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Recurrence is a recurring event: a start instant in a named time zone, an
// RFC 5545 rule, and exception and extra dates (EXDATE, RDATE). It expands
// to its instances with Between.
//
// # The recurrence set
//
// Following RFC 5545 §3.8.5, the set is the start, plus the instants the
// rule generates from it, plus RDates, minus ExDates, without duplicates:
//
//   - Start is always the first instance and counts toward the rule's COUNT,
//     even when it does not match the rule (the RFC calls such a set
//     undefined; tandem keeps the start and lets the rule add Count-1 more).
//   - The rule's instances before Start are not in the set.
//   - RDates are added whether or not they match the rule and do not count
//     toward COUNT; ExDates remove an instance (the start included) by
//     exact instant.
//   - A zero Rule means "no rule": the set is Start and RDates.
//
// # Wall clock and time zones
//
// A rule works on the wall clock of Start's location: the fields it does
// not give (the hour of a DAILY rule, the day of a MONTHLY one) are those of
// Start read in that location, DAILY and longer frequencies keep that wall
// time across DST changes (10:00 stays 10:00, never 24 hours later), and
// HOURLY, MINUTELY and SECONDLY rules also step through wall-clock time, as
// python-dateutil and libical do: every wall time the rule generates becomes
// one instance. Each wall time is then read as RFC 5545 §3.3.5 says, with
// Date: a time that does not exist because the clocks jump forward is read
// with the offset before the jump (02:30 becomes 03:30), and a time that
// occurs twice means its first occurrence. Because of that, two wall times
// can become the same instant (02:30 and 03:30 on a spring-forward day, for
// an hourly rule); the set holds it once, and COUNT counts instants, not
// wall times. An hourly rule therefore has one instance fewer on a
// spring-forward day and skips the repeated hour on a fall-back day.
//
// Dates that do not exist (February 30, the 31st of a 30-day month) are
// skipped, not moved.
//
// # Bounds
//
// Every sequence ends: Between stops at its window's end, and the engine
// never scans forever for a rule that cannot match (FREQ=HOURLY;INTERVAL=24;
// BYHOUR=5 from a 10:00 start, or a leap-day rule whose INTERVAL never
// lands on a leap year). The wall-clock pattern of any rule repeats with the
// Gregorian calendar's 400-year cycle, so if one whole cycle of consecutive
// periods (400 years, 4800 months, 20871 weeks or 146097 days, and for
// sub-daily rules the span after which the step returns to the same second
// of the day) produced no instance, none can follow, and the expansion
// stops. Validate reports most such rules before they are used. Nothing is
// generated after the year 9999, and Validate refuses a COUNT that the
// rule cannot reach before then (decided by counting up to MaxCountCheck),
// so a set does not end short of its COUNT unseen.
type Recurrence struct {
	// Start is the first instance (DTSTART). Its location must be an IANA
	// zone (or UTC), so that the recurrence can be written as JSON.
	Start time.Time
	// StartInGap says that the start was written as a wall time the
	// clocks skip (02:30 on a spring-forward night): Start holds its
	// instant, the wall time read with the offset before the gap (03:30),
	// and the rule repeats the wall time written, as RFC 5545 computes
	// every instance from DTSTART's local time (02:30 on the days that
	// have it). Decoding JSON sets it when the start's wall time is in a
	// gap. Without it the rule repeats Start's own wall clock.
	StartInGap bool
	// Rule is the recurrence rule (RRULE); the zero Rule means none.
	Rule Rule
	// ExDates are instants removed from the set (EXDATE).
	ExDates []time.Time
	// RDates are instants added to the set (RDATE).
	RDates []time.Time
}

// Between returns the instances t of r with from <= t < to, in increasing
// order, without duplicates, each in Start's location.
//
// The sequence is empty when to is not after from. It assumes r is valid
// (see Validate); for a rule that does not validate it yields the instances
// that need no rule (Start and RDates). Ranging over it allocates a small,
// fixed amount of memory whatever the number of instances (a MINUTELY or
// SECONDLY rule may grow one buffer once, for the wall times of an hour's
// DST gap), and a rule without COUNT starts expanding near from rather
// than at Start.
func (r Recurrence) Between(from, to time.Time) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		if !from.Before(to) || r.Start.IsZero() {
			return
		}
		newExpansion(r, from, to).run(yield)
	}
}

// endOfTime bounds First and Next: nothing is generated from the year 10000.
var endOfTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)

// Next returns the first instance strictly after t, and false if there is
// none (the rule ended, or the next one would be after the year 9999).
func (r Recurrence) Next(t time.Time) (time.Time, bool) {
	for x := range r.Between(t.Add(time.Nanosecond), endOfTime) {
		return x, true
	}
	return time.Time{}, false
}

// First returns the first instance of r: Start, unless an EXDATE removes it
// or an RDATE comes before it; false if the set is empty.
func (r Recurrence) First() (time.Time, bool) {
	from := r.Start
	for _, t := range r.RDates {
		if t.Before(from) {
			from = t
		}
	}
	for x := range r.Between(from, endOfTime) {
		return x, true
	}
	return time.Time{}, false
}

// ValidateWindow reports a window whose end is before its start as a
// *validation.Error at "to". Between treats such a window as empty; callers
// that take a window from users validate it first.
func ValidateWindow(from, to time.Time) error {
	var list validation.ErrorList
	if from.IsZero() {
		list = append(list, validation.Required(validation.NewPath("from"), ""))
	}
	if to.IsZero() {
		list = append(list, validation.Required(validation.NewPath("to"), ""))
	}
	if len(list) == 0 && to.Before(from) {
		list = append(list, validation.OutOfOrder(validation.NewPath("to"), to.Format(time.RFC3339), "must not be before from"))
	}
	return list.Err()
}

// Validate reports every problem with r as a *validation.Error:
//
//   - start missing, or in a location that JSON cannot carry: time.Local,
//     or a fixed zone without an IANA name ("start");
//   - start, exception or extra dates outside the years MinYear to
//     MaxYear in some zone ("start", "exdates[i]", "rdates[i]");
//   - every problem of the rule, under "rule" (see Rule.Validate);
//   - a rule that can never produce an instance once the parts it leaves
//     out are taken from the start: FREQ=YEARLY;BYMONTH=2 from a start on
//     the 30th ("rule"), FREQ=DAILY;INTERVAL=7;BYDAY=TU from a Monday
//     ("rule.byday"), FREQ=HOURLY;INTERVAL=24;BYHOUR=5 from 10:00
//     ("rule.byhour"), FREQ=SECONDLY;BYSETPOS=2, whose periods hold one
//     second each ("rule.bysetpos");
//   - a COUNT the rule cannot reach before the year 10000 ("rule.count",
//     out_of_range, saying how many instances there are): FREQ=YEARLY;
//     COUNT=5000 from February 29, 2028 has 1,933 instances.
//     Validate counts the instances up to [MaxCountCheck]; a larger COUNT
//     is refused when the rule's shape bounds its instances below it, and
//     otherwise accepted, its set ending at the year 9999 if it comes to
//     that (see Bounds);
//   - zero exception or extra dates ("exdates[i]", "rdates[i]").
func (r Recurrence) Validate() error { return r.validate(nil).Err() }

// validate is Validate with the zones loaded so far; paths are built only
// for the problems found.
func (r Recurrence) validate(zones zoneCache) validation.ErrorList {
	var list validation.ErrorList
	switch {
	case r.Start.IsZero():
		list = append(list, validation.Required(validation.NewPath("start"), ""))
	case !inYears(r.Start):
		list = append(list, yearsError(validation.NewPath("start"), r.Start))
	default:
		if f := zoneFaultOf(r.Start, zones); f != zoneOK {
			list = append(list, f.fieldError(validation.NewPath("start"), r.Start))
		} else if _, ok := gapWall(r.Start); r.StartInGap && !ok {
			list = append(list, validation.Invalid(validation.NewPath("start"), r.Start.Format(time.RFC3339),
				"is not the instant of a wall time in a DST gap, as startInGap says"))
		}
	}
	for i, t := range r.ExDates {
		switch {
		case t.IsZero():
			list = append(list, validation.Required(validation.NewPath("exdates").Index(i), ""))
		case !inYears(t):
			list = append(list, yearsError(validation.NewPath("exdates").Index(i), t))
		}
	}
	for i, t := range r.RDates {
		switch {
		case t.IsZero():
			list = append(list, validation.Required(validation.NewPath("rdates").Index(i), ""))
		case !inYears(t):
			list = append(list, yearsError(validation.NewPath("rdates").Index(i), t))
		}
	}
	if r.Rule.IsZero() {
		return list
	}
	rule := r.Rule.validate()
	if len(rule) > 0 {
		list = list.Merge(validation.NewPath("rule"), rule.Err())
	}
	if len(rule) == 0 && !r.Start.IsZero() && inYears(r.Start) {
		reach := checkReachable(r.Rule, r.wallStart())
		if len(reach) == 0 {
			reach = r.checkCount()
		}
		list = append(list, reach...)
	}
	return list
}

// zoneFault says why the JSON form cannot carry an instant's location.
type zoneFault uint8

const (
	zoneOK       zoneFault = iota // an IANA zone, carried by its name
	zoneLocal                     // time.Local: depends on the machine
	zoneUnknown                   // a name that is not a loadable IANA zone
	zoneImpostor                  // an IANA name on another zone (time.FixedZone("CET", 3600))
)

// zoneCache holds the IANA zones loaded during one validation, by name (a
// nil value for a name that does not load), so that a calendar of many
// entries in a few zones loads each zone once rather than once per entry.
// It lives for one call; a nil cache loads the zone every time.
type zoneCache map[string]*time.Location

// load loads the IANA zone name, from z when it holds it.
func (z zoneCache) load(name string) (*time.Location, bool) {
	if loc, ok := z[name]; ok {
		return loc, loc != nil
	}
	loc, err := time.LoadLocation(name)
	if name == "" || err != nil {
		loc = nil
	}
	if z != nil {
		z[name] = loc
	}
	return loc, loc != nil
}

// zoneFaultOf checks t's location without building any error, loading its
// zone through z.
func zoneFaultOf(t time.Time, z zoneCache) zoneFault {
	loc := t.Location()
	name := loc.String()
	if loc == time.Local || name == "Local" {
		return zoneLocal
	}
	named, ok := z.load(name)
	if !ok {
		return zoneUnknown
	}
	if named == loc {
		return zoneOK
	}
	// A location that only borrows the name (time.FixedZone("CET", 3600))
	// would come back from JSON as the real zone: its offset or its zone
	// period differs from the named zone's.
	in := t.In(named)
	_, off := t.Zone()
	_, want := in.Zone()
	s1, e1 := t.ZoneBounds()
	s2, e2 := in.ZoneBounds()
	if want != off || !s1.Equal(s2) || !e1.Equal(e2) {
		return zoneImpostor
	}
	return zoneOK
}

// fieldError is the error, at p, that f reports for t; nil for zoneOK.
func (f zoneFault) fieldError(p *validation.Path, t time.Time) *validation.FieldError {
	name := t.Location().String()
	switch f {
	case zoneLocal:
		return validation.Invalid(p, t.Format(time.RFC3339), "must be in a named IANA time zone, not time.Local")
	case zoneUnknown:
		return validation.Invalid(p, name, fmt.Sprintf("the location %q is not an IANA time zone name", name))
	case zoneImpostor:
		return validation.Invalid(p, name, fmt.Sprintf("the location is named %q but is not that IANA zone", name))
	}
	return nil
}

// checkReachable finds rules that the start makes impossible.
func checkReachable(r Rule, start time.Time) validation.ErrorList {
	p, ok := compile(r, start)
	if !ok {
		return nil
	}
	rulePath := validation.NewPath("rule")
	if p.never {
		return validation.ErrorList{validation.Conflict(rulePath.Child(pBySetPos), r.BySetPos,
			fmt.Sprintf("a period of this rule holds at most %d instances, so no BYSETPOS position can select one", p.maxSetSize()))}
	}
	if !p.anyDayIn(2000, 2030) {
		return validation.ErrorList{validation.Conflict(rulePath, r.String(),
			"no date matches the rule with the month and day taken from the start")}
	}
	// Weekday reachability: a rule that steps a whole number of weeks
	// only ever sees the start's weekday (and its multiples).
	k := p.freq
	step := p.interval * unitSeconds(k) // seconds, for sub-daily rules
	var daysStep int64
	switch {
	case k == kDaily:
		daysStep = p.interval
	case k < kDaily && step%secondsPerDay == 0:
		daysStep = step / secondsPerDay
	}
	if daysStep > 0 && p.hasByday && !p.hasNth {
		g := gcd(daysStep, 7)
		swd := (int(start.Weekday()) + 6) % 7
		if p.wdayMask&reachableWeekdays(swd, int(g)) == 0 {
			return validation.ErrorList{validation.Conflict(rulePath.Child(pByDay), nil,
				fmt.Sprintf("FREQ=%s;INTERVAL=%d from a %s never reaches a day in BYDAY",
					strings.ToUpper(string(r.Freq)), p.interval, start.Weekday()))}
		}
	}
	if k >= kDaily || !(p.hourLimit || p.minuteLimit || p.secondLimit) {
		return nil
	}
	// Time-of-day reachability: the seconds of the day a sub-daily rule
	// visits are start + j·gcd(step, 1 day).
	sh, sm, ss := start.Clock()
	sod := int64(sh*3600 + sm*60 + ss)
	g := gcd(step, secondsPerDay)
	for t := sod % g; t < secondsPerDay; t += g {
		h, m, s := t/3600, t%3600/60, t%60
		if (!p.hourLimit || p.hourMask&(1<<h) != 0) &&
			(!p.minuteLimit || p.minuteMask&(1<<m) != 0) &&
			(!p.secondLimit || p.secondMask&(1<<s) != 0) {
			return nil
		}
	}
	part := pBySecond
	switch {
	case p.hourLimit:
		part = pByHour
	case p.minuteLimit:
		part = pByMinute
	}
	return validation.ErrorList{validation.Conflict(rulePath.Child(part), nil,
		fmt.Sprintf("FREQ=%s;INTERVAL=%d from %s never reaches a time in BYHOUR, BYMINUTE and BYSECOND",
			strings.ToUpper(string(r.Freq)), p.interval, start.Format("15:04:05")))}
}

func reachableWeekdays(swd, g int) uint8 {
	var mask uint8
	for j := 0; j < 7; j += g {
		mask |= 1 << ((swd + j) % 7)
	}
	return mask
}

// wallLayout writes a local wall time without an offset.
const wallLayout = "2006-01-02T15:04:05.999999999"

// recurrenceJSON is the JSON form of a Recurrence: wall times in the zone
// named beside them.
type recurrenceJSON struct {
	Start   string   `json:"start"`
	Zone    string   `json:"zone"`
	Rule    Rule     `json:"rule,omitzero"`
	ExDates []string `json:"exdates,omitempty"`
	RDates  []string `json:"rdates,omitempty"`
}

// MarshalJSON writes the start as a local wall time (the wall time in a
// DST gap when StartInGap is set) with the IANA zone name beside it, the rule as its RFC 5545 text, and the exception and
// extra dates as wall times in the same zone:
//
//	{"start":"2026-01-05T10:00:00","zone":"Europe/Madrid","rule":"FREQ=WEEKLY;BYDAY=MO"}
//
// A wall time that occurs twice (the hour repeated when clocks go back) is
// written with its UTC offset when it means the second occurrence, so that
// it reads back to the same instant. The zero Recurrence (a routine not
// yet given one) encodes as {"start":"","zone":""}, which decoding refuses
// as incomplete; any other recurrence that does not validate is an error.
func (r Recurrence) MarshalJSON() ([]byte, error) {
	if r.Start.IsZero() && r.Rule.IsZero() && len(r.ExDates) == 0 && len(r.RDates) == 0 {
		return json.Marshal(recurrenceJSON{})
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	loc := r.Start.Location()
	j := recurrenceJSON{Start: wallString(r.Start), Zone: loc.String(), Rule: r.Rule}
	if r.StartInGap {
		j.Start = r.wallStart().Format(wallLayout)
	}
	for _, t := range r.ExDates {
		j.ExDates = append(j.ExDates, wallString(t.In(loc)))
	}
	for _, t := range r.RDates {
		j.RDates = append(j.RDates, wallString(t.In(loc)))
	}
	return json.Marshal(j)
}

// wallString writes t's wall clock, adding the offset only when the wall
// time alone would read back as a different instant.
func wallString(t time.Time) string {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	if Date(y, m, d, h, mi, s, t.Nanosecond(), t.Location()).Equal(t) {
		return t.Format(wallLayout)
	}
	return t.Format(time.RFC3339Nano)
}

// UnmarshalJSON reads the form MarshalJSON writes. Every problem is
// reported at once in a *validation.Error: a missing or unknown zone
// ("zone"), a malformed time ("start", "exdates[2]"), a rule that does not
// parse ("rule.byday[1]"), and everything Validate checks. Wall times are
// read with Date (a time in a DST gap moves forward, a repeated time means
// its first occurrence) unless they carry an offset, which must then be
// the zone's offset at that instant.
func (r *Recurrence) UnmarshalJSON(data []byte) error {
	var raw struct {
		Start   string          `json:"start"`
		Zone    string          `json:"zone"`
		Rule    json.RawMessage `json:"rule"`
		ExDates []string        `json:"exdates"`
		RDates  []string        `json:"rdates"`
	}
	if err := strictjson.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("calendar: decoding a Recurrence: %w", err)
	}
	var list validation.ErrorList
	var loc *time.Location
	switch {
	case raw.Zone == "":
		list = append(list, validation.Required(validation.NewPath("zone"), "a time zone name is required"))
	default:
		var err error
		if loc, err = loadZone(raw.Zone); err != nil {
			list = append(list, validation.Invalid(validation.NewPath("zone"), raw.Zone, "is not an IANA time zone name"))
		}
	}
	var out Recurrence
	if len(raw.Rule) > 0 && string(raw.Rule) != "null" {
		var text string
		if err := json.Unmarshal(raw.Rule, &text); err != nil {
			list = append(list, validation.Invalid(validation.NewPath("rule"), nil, "must be a string holding an RRULE"))
		} else if text != "" {
			rule, err := ParseRule(text)
			if err != nil {
				list = list.Merge(validation.NewPath("rule"), err)
			}
			out.Rule = rule
		}
	}
	read := func(p *validation.Path, s string) time.Time {
		if loc == nil {
			return time.Time{}
		}
		t, fe := parseWall(p, s, loc)
		if fe != nil {
			list = append(list, fe)
		}
		return t
	}
	if raw.Start == "" {
		list = append(list, validation.Required(validation.NewPath("start"), ""))
	} else {
		out.Start = read(validation.NewPath("start"), raw.Start)
		// A wall time in a gap is kept: the rule repeats it.
		if w, err := time.ParseInLocation(wallLayout, raw.Start, time.UTC); err == nil && !out.Start.IsZero() {
			if gw, ok := gapWall(out.Start); ok && gw == w.Unix() {
				out.StartInGap = true
			}
		}
	}
	for i, s := range raw.ExDates {
		out.ExDates = append(out.ExDates, read(validation.NewPath("exdates").Index(i), s))
	}
	for i, s := range raw.RDates {
		out.RDates = append(out.RDates, read(validation.NewPath("rdates").Index(i), s))
	}
	if len(list) == 0 {
		list = list.Merge(nil, out.Validate())
	}
	if err := list.Err(); err != nil {
		return err
	}
	*r = out
	return nil
}

// parseWall reads a wall time in loc, or an RFC 3339 time whose offset
// must match loc's at that instant.
func parseWall(p *validation.Path, s string, loc *time.Location) (time.Time, *validation.FieldError) {
	if t, err := time.ParseInLocation(wallLayout, s, time.UTC); err == nil {
		y, m, d := t.Date()
		h, mi, sec := t.Clock()
		return Date(y, m, d, h, mi, sec, t.Nanosecond(), loc), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, validation.Invalid(p, s, "must be a local date-time such as 2026-01-05T10:00:00")
	}
	_, off := t.Zone()
	in := t.In(loc)
	if _, want := in.Zone(); want != off || in.Year() != t.Year() || in.Hour() != t.Hour() || in.Minute() != t.Minute() {
		return time.Time{}, validation.Invalid(p, s, fmt.Sprintf("the offset is not the offset of %s at that time", loc))
	}
	return in, nil
}

// gapWall returns the wall time (seconds, read as UTC) in a DST gap that
// Date reads as t, and false when no wall time in a gap gives t: t lies
// in the first moments after a transition that moved the clocks forward,
// less than the jump after it, and the wall time is t read with the
// offset before the transition (03:30 CEST on Madrid's spring-forward
// day is 02:30).
func gapWall(t time.Time) (int64, bool) {
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return 0, false
	}
	_, after := t.Zone()
	_, before := start.Add(-time.Second).Zone()
	if after <= before || t.Unix()-start.Unix() >= int64(after-before) {
		return 0, false
	}
	return t.Unix() + int64(before), true
}

// wallStart returns the start whose wall clock the rule repeats: Start,
// or with StartInGap, the wall time in the gap, as a UTC time holding it.
func (r Recurrence) wallStart() time.Time {
	if r.StartInGap {
		if w, ok := gapWall(r.Start); ok {
			return time.Unix(w, int64(r.Start.Nanosecond())).UTC()
		}
	}
	return r.Start
}

// MaxCountCheck is the largest COUNT whose reachability Recurrence.Validate
// decides by counting the instances: a COUNT up to it is refused when the
// rule has fewer instances before the year 10000, so that no set of up to
// MaxCountCheck instances ends short at the year limit unseen. Counting
// costs about a millisecond per 100,000 instances.
const MaxCountCheck = 100_000

// checkCount refuses a COUNT the rule cannot reach before the year 10000:
// at once when the rule's shape bounds its instances below COUNT, and by
// counting them when COUNT is at most MaxCountCheck. r is valid otherwise.
func (r Recurrence) checkCount() validation.ErrorList {
	count := r.Rule.Count
	if count == 0 {
		return nil
	}
	path := validation.NewPath("rule").Child(pCount)
	rule := Recurrence{Start: r.Start, StartInGap: r.StartInGap, Rule: r.Rule}
	bound := Routine{Recurrence: rule}.slotBound([]Window{{From: r.Start, To: endOfTime}})
	if bound >= int64(count) && count > MaxCountCheck {
		return nil // undecided: see Validate
	}
	if bound < int64(count) {
		return validation.ErrorList{validation.OutOfRange(path, count,
			fmt.Sprintf("the rule has at most %d instances before the year 10000, fewer than COUNT", bound))}
	}
	n := 0
	for range rule.Between(r.Start, endOfTime) {
		if n++; n >= count {
			return nil
		}
	}
	return validation.ErrorList{validation.OutOfRange(path, count,
		fmt.Sprintf("the rule has only %d instances before the year 10000, fewer than COUNT", n))}
}
