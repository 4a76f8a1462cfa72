package calendar

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// MaxRulePart is the largest INTERVAL a Rule may have, built in Go or
// parsed: 2^31−1, the bound of ParseRule, so that every valid rule prints
// (Rule.String) as text that parses back, and the expansion's arithmetic
// on it cannot overflow. COUNT has a lower bound, MaxCount.
const MaxRulePart = math.MaxInt32

// MaxCount is the largest COUNT a Rule may have, built in Go or parsed:
// [MaxSlots], ten million. A rule with COUNT is expanded from its start
// whatever window is asked for (COUNT counts from there), so its COUNT
// bounds the work of every later call: finding the instances of a window
// sixty years after the start of a FREQ=SECONDLY;COUNT=2000000000 rule
// would take a minute.
const MaxCount = MaxSlots

// ErrRule is wrapped by the error that Rule.MarshalText returns for a rule
// that does not validate.
var ErrRule = errors.New("calendar: invalid recurrence rule")

// Frequency is the FREQ part of a recurrence rule: the unit of time in which
// the rule repeats. The zero value is not a valid frequency.
type Frequency string

// The frequencies of RFC 5545 §3.3.10, from the longest to the shortest.
const (
	Yearly   Frequency = "yearly"
	Monthly  Frequency = "monthly"
	Weekly   Frequency = "weekly"
	Daily    Frequency = "daily"
	Hourly   Frequency = "hourly"
	Minutely Frequency = "minutely"
	Secondly Frequency = "secondly"
)

var allFrequencies = []Frequency{Yearly, Monthly, Weekly, Daily, Hourly, Minutely, Secondly}

// IsValid reports whether f is one of the frequencies above.
func (f Frequency) IsValid() bool { return f.kind() >= 0 }

// String returns the frequency's identifier, such as "weekly".
func (f Frequency) String() string { return string(f) }

// MarshalText encodes a valid frequency; an invalid one is an error.
func (f Frequency) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.Frequency", f, allFrequencies)
}

// UnmarshalText accepts exactly the identifiers above ("weekly"); any other
// text is a *validation.EnumError listing them.
func (f *Frequency) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.Frequency", text, allFrequencies, f)
}

// freqKind numbers frequencies from the shortest (secondly = 0) to the
// longest (yearly = 6); -1 for an invalid one.
type freqKind int8

const (
	kSecondly freqKind = iota
	kMinutely
	kHourly
	kDaily
	kWeekly
	kMonthly
	kYearly
)

func (f Frequency) kind() freqKind {
	switch f {
	case Secondly:
		return kSecondly
	case Minutely:
		return kMinutely
	case Hourly:
		return kHourly
	case Daily:
		return kDaily
	case Weekly:
		return kWeekly
	case Monthly:
		return kMonthly
	case Yearly:
		return kYearly
	}
	return -1
}

// Weekday is a day of the week as a recurrence rule names it (BYDAY, WKST).
// The zero value is "not set": in Rule.WeekStart it means the RFC default,
// Monday.
type Weekday string

// The days of the week, Monday first as in ISO 8601.
const (
	Monday    Weekday = "monday"
	Tuesday   Weekday = "tuesday"
	Wednesday Weekday = "wednesday"
	Thursday  Weekday = "thursday"
	Friday    Weekday = "friday"
	Saturday  Weekday = "saturday"
	Sunday    Weekday = "sunday"
)

var allWeekdays = []Weekday{Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday}

// rfcDays are the two-letter RFC 5545 codes, in the order of allWeekdays.
var rfcDays = [7]string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// WeekdayOf returns the Weekday for a time.Weekday.
func WeekdayOf(d time.Weekday) Weekday {
	return allWeekdays[(int(d)+6)%7]
}

// iso returns 0 for Monday … 6 for Sunday, or -1 for an invalid day.
func (d Weekday) iso() int {
	for i, w := range allWeekdays {
		if w == d {
			return i
		}
	}
	return -1
}

// IsValid reports whether d names a day of the week.
func (d Weekday) IsValid() bool { return d.iso() >= 0 }

// String returns the day's identifier, such as "monday".
func (d Weekday) String() string { return string(d) }

// Std returns d as a time.Weekday. It panics if d is not valid.
func (d Weekday) Std() time.Weekday {
	i := d.iso()
	if i < 0 {
		panic(fmt.Sprintf("calendar: Std of invalid Weekday %q", string(d)))
	}
	return time.Weekday((i + 1) % 7)
}

// MarshalText encodes a valid day; an invalid one is an error.
func (d Weekday) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.Weekday", d, allWeekdays)
}

// UnmarshalText accepts exactly the identifiers above ("monday"); any other
// text is a *validation.EnumError listing them.
func (d *Weekday) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.Weekday", text, allWeekdays, d)
}

// WeekdayNum is one entry of BYDAY: a day of the week, optionally with an
// ordinal. N = 0 means every such day in the period; N = 2 the second one in
// the month (or year); N = -1 the last one. Ordinals are allowed only with
// FREQ=MONTHLY and FREQ=YEARLY.
type WeekdayNum struct {
	N   int
	Day Weekday
}

// String prints the entry as RFC 5545 writes it: "MO", "2TU", "-1FR".
func (w WeekdayNum) String() string {
	code := string(w.Day)
	if i := w.Day.iso(); i >= 0 {
		code = rfcDays[i]
	}
	if w.N == 0 {
		return code
	}
	return strconv.Itoa(w.N) + code
}

// Rule is an RFC 5545 §3.3.10 recurrence rule (the value of RRULE). A rule
// alone describes a pattern; a Recurrence anchors it to a start instant in a
// time zone and expands it.
//
// The zero value of each field means "not given": Interval 0 is the RFC
// default 1, an empty list leaves that part out, WeekStart "" is Monday.
// Write rules in Go or parse the RFC text with ParseRule; String prints the
// text back. Lists keep the order and values they were given in.
//
// Every part of the RFC is supported: FREQ (SECONDLY to YEARLY), INTERVAL,
// COUNT, UNTIL, BYSECOND, BYMINUTE, BYHOUR, BYDAY (with ordinals), BYMONTHDAY
// (negative values count from the end of the month), BYYEARDAY, BYWEEKNO,
// BYMONTH, BYSETPOS and WKST. Which BYxxx parts expand the set and which
// limit it follows the table in §3.3.10; see Recurrence for how instances
// are computed.
//
// Two deliberate restrictions, both reported by Validate and ParseRule:
// UNTIL must be a UTC date-time (written with a trailing Z), because a
// Recurrence's start always has a time zone and the RFC then requires the
// UTC form; and BYSECOND=60 (a leap second) is refused, because Go's time
// has no leap seconds.
type Rule struct {
	// Freq is the unit in which the rule repeats (FREQ). Required.
	Freq Frequency
	// Interval repeats the rule every Interval units (INTERVAL); 0 means 1.
	// At most MaxRulePart.
	Interval int
	// Count stops the rule after this many instances, the start included
	// (COUNT); 0 means no count. Count and Until exclude each other. At
	// most MaxCount.
	Count int
	// Until is the last instant the rule may produce, inclusive (UNTIL);
	// the zero time means no end. It is printed in UTC.
	Until time.Time
	// BySecond lists seconds of the minute, 0 to 59 (BYSECOND).
	BySecond []int
	// ByMinute lists minutes of the hour, 0 to 59 (BYMINUTE).
	ByMinute []int
	// ByHour lists hours of the day, 0 to 23 (BYHOUR).
	ByHour []int
	// ByDay lists days of the week, with optional ordinals (BYDAY).
	ByDay []WeekdayNum
	// ByMonthDay lists days of the month, 1 to 31 or -31 to -1 (BYMONTHDAY).
	ByMonthDay []int
	// ByYearDay lists days of the year, 1 to 366 or -366 to -1 (BYYEARDAY).
	ByYearDay []int
	// ByWeekNo lists weeks of the year, 1 to 53 or -53 to -1 (BYWEEKNO),
	// numbered as ISO 8601 does but with weeks starting on WeekStart.
	ByWeekNo []int
	// ByMonth lists months of the year (BYMONTH).
	ByMonth []time.Month
	// BySetPos picks the nth instances of each period, 1 to 366 or -366 to
	// -1 (BYSETPOS).
	BySetPos []int
	// WeekStart is the first day of the week (WKST); "" means Monday.
	WeekStart Weekday
}

// IsZero reports whether r is the zero Rule, which stands for "no rule".
func (r Rule) IsZero() bool {
	return r.Freq == "" && r.Interval == 0 && r.Count == 0 && r.Until.IsZero() &&
		r.BySecond == nil && r.ByMinute == nil && r.ByHour == nil && r.ByDay == nil &&
		r.ByMonthDay == nil && r.ByYearDay == nil && r.ByWeekNo == nil && r.ByMonth == nil &&
		r.BySetPos == nil && r.WeekStart == ""
}

// untilLayout is the RFC 5545 UTC DATE-TIME form.
const untilLayout = "20060102T150405Z"

// String prints the rule as RFC 5545 text without the "RRULE:" prefix, with
// FREQ first and the other parts in a fixed order. ParseRule reads it back
// to an equal Rule. The zero Rule prints as "".
func (r Rule) String() string {
	if r.IsZero() {
		return ""
	}
	var b strings.Builder
	b.Grow(64)
	b.WriteString("FREQ=")
	b.WriteString(strings.ToUpper(string(r.Freq)))
	if r.Interval != 0 {
		b.WriteString(";INTERVAL=")
		b.WriteString(strconv.Itoa(r.Interval))
	}
	if r.Count != 0 {
		b.WriteString(";COUNT=")
		b.WriteString(strconv.Itoa(r.Count))
	}
	if !r.Until.IsZero() {
		b.WriteString(";UNTIL=")
		b.WriteString(r.Until.UTC().Format(untilLayout))
	}
	writeInts(&b, "BYMONTH", months(r.ByMonth))
	writeInts(&b, "BYWEEKNO", r.ByWeekNo)
	writeInts(&b, "BYYEARDAY", r.ByYearDay)
	writeInts(&b, "BYMONTHDAY", r.ByMonthDay)
	if r.ByDay != nil {
		b.WriteString(";BYDAY=")
		for i, d := range r.ByDay {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(d.String())
		}
	}
	writeInts(&b, "BYHOUR", r.ByHour)
	writeInts(&b, "BYMINUTE", r.ByMinute)
	writeInts(&b, "BYSECOND", r.BySecond)
	writeInts(&b, "BYSETPOS", r.BySetPos)
	if r.WeekStart != "" {
		b.WriteString(";WKST=")
		if i := r.WeekStart.iso(); i >= 0 {
			b.WriteString(rfcDays[i])
		} else {
			b.WriteString(strings.ToUpper(string(r.WeekStart)))
		}
	}
	return b.String()
}

func months(ms []time.Month) []int {
	if ms == nil {
		return nil
	}
	out := make([]int, len(ms))
	for i, m := range ms {
		out[i] = int(m)
	}
	return out
}

func writeInts(b *strings.Builder, name string, xs []int) {
	if xs == nil {
		return
	}
	b.WriteByte(';')
	b.WriteString(name)
	b.WriteByte('=')
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(x))
	}
}

// MarshalText encodes the rule as its RFC 5545 text, so that JSON carries it
// as a string. The zero Rule encodes as "". A rule that does not validate is
// an error wrapping ErrRule and the *validation.Error.
func (r Rule) MarshalText() ([]byte, error) {
	if r.IsZero() {
		return []byte{}, nil
	}
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRule, err)
	}
	return []byte(r.String()), nil
}

// UnmarshalText parses RFC 5545 text as ParseRule does. Empty text decodes
// to the zero Rule.
func (r *Rule) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*r = Rule{}
		return nil
	}
	v, err := ParseRule(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Rule part names as they appear in error paths.
const (
	pFreq       = "freq"
	pInterval   = "interval"
	pCount      = "count"
	pUntil      = "until"
	pBySecond   = "bysecond"
	pByMinute   = "byminute"
	pByHour     = "byhour"
	pByDay      = "byday"
	pByMonthDay = "bymonthday"
	pByYearDay  = "byyearday"
	pByWeekNo   = "byweekno"
	pByMonth    = "bymonth"
	pBySetPos   = "bysetpos"
	pWkst       = "wkst"
)

var partNames = []string{"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
	"BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST"}

// Validate reports every problem with the rule as a *validation.Error whose
// paths name the rule parts in lower case ("interval", "byday[2]"):
//
//   - FREQ missing or unknown; INTERVAL or COUNT negative; COUNT and UNTIL
//     both set; UNTIL with a fraction of a second or outside years 0–9999;
//   - a list value out of its RFC range (BYHOUR=24, BYMONTHDAY=0, …);
//   - a part the RFC forbids with this FREQ ("N/A" in the table of
//     §3.3.10): BYWEEKNO other than YEARLY, BYYEARDAY with DAILY, WEEKLY or
//     MONTHLY, BYMONTHDAY with WEEKLY, BYDAY ordinals other than MONTHLY or
//     YEARLY or together with BYWEEKNO; BYSETPOS without another BYxxx part;
//   - ordinals that can never match (6MO in a month);
//   - day parts that no date satisfies together, such as BYMONTH=2 with
//     BYMONTHDAY=30.
//
// Problems that need the start (the day or time taken from it) are reported
// by Recurrence.Validate.
func (r Rule) Validate() error {
	return r.validate().Err()
}

func (r Rule) validate() validation.ErrorList {
	list := r.validateParts()
	if len(list) > 0 {
		return list
	}
	// The parts are well formed: check that some date satisfies them all.
	return checkDaysPossible(r)
}

// validateParts checks each part and the combinations the RFC forbids; it
// is cheap enough to run on every expansion.
func (r Rule) validateParts() validation.ErrorList {
	var list validation.ErrorList
	k := r.Freq.kind()
	switch {
	case r.Freq == "":
		list = append(list, validation.Required(validation.NewPath(pFreq), "FREQ is required"))
	case k < 0:
		list = append(list, validation.NotSupported(validation.NewPath(pFreq), string(r.Freq), allFrequencies))
	}
	if r.Interval < 0 || r.Interval > MaxRulePart {
		list = append(list, validation.OutOfRange(validation.NewPath(pInterval), r.Interval, fmt.Sprintf("must be a positive integer up to %d", MaxRulePart)))
	}
	if r.Count < 0 || r.Count > MaxCount {
		list = append(list, validation.OutOfRange(validation.NewPath(pCount), r.Count, fmt.Sprintf("must be a positive integer up to %d", MaxCount)))
	}
	if !r.Until.IsZero() {
		u := r.Until.UTC()
		switch {
		case r.Count != 0:
			list = append(list, validation.Conflict(validation.NewPath(pUntil), u.Format(untilLayout), "COUNT and UNTIL cannot both be set"))
		case u.Year() < 0 || u.Year() > 9999:
			list = append(list, validation.OutOfRange(validation.NewPath(pUntil), u.Format(time.RFC3339), "must be within the years 0000 to 9999"))
		case u.Nanosecond() != 0:
			list = append(list, validation.Invalid(validation.NewPath(pUntil), u.Format(time.RFC3339Nano), "must be a whole second: RFC 5545 date-times have no fractions"))
		}
	}
	list = checkRange(list, pBySecond, r.BySecond, 0, 59, false, "seconds are 0 to 59 (leap second 60 is not supported: Go's time has no leap seconds)")
	list = checkRange(list, pByMinute, r.ByMinute, 0, 59, false, "minutes are 0 to 59")
	list = checkRange(list, pByHour, r.ByHour, 0, 23, false, "hours are 0 to 23")
	list = checkRange(list, pByMonthDay, r.ByMonthDay, 1, 31, true, "days of the month are 1 to 31 or -31 to -1")
	list = checkRange(list, pByYearDay, r.ByYearDay, 1, 366, true, "days of the year are 1 to 366 or -366 to -1")
	list = checkRange(list, pByWeekNo, r.ByWeekNo, 1, 53, true, "weeks are 1 to 53 or -53 to -1")
	list = checkRange(list, pByMonth, months(r.ByMonth), 1, 12, false, "months are 1 to 12")
	list = checkRange(list, pBySetPos, r.BySetPos, 1, 366, true, "positions are 1 to 366 or -366 to -1")
	if r.WeekStart != "" && !r.WeekStart.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath(pWkst), string(r.WeekStart), allWeekdays))
	}

	// Ordinals in BYDAY.
	maxOrd := 53
	if k == kMonthly || (k == kYearly && len(r.ByMonth) > 0) {
		maxOrd = 5
	}
	for i, d := range r.ByDay {
		p := validation.NewPath(pByDay).Index(i)
		if !d.Day.IsValid() {
			list = append(list, validation.NotSupported(p, string(d.Day), allWeekdays))
			continue
		}
		if d.N == 0 {
			continue
		}
		switch {
		case k >= 0 && k != kMonthly && k != kYearly:
			list = append(list, validation.Invalid(p, d.String(), "an ordinal weekday is only allowed with FREQ=MONTHLY or FREQ=YEARLY"))
		case k == kYearly && len(r.ByWeekNo) > 0:
			list = append(list, validation.Conflict(p, d.String(), "an ordinal weekday cannot be combined with BYWEEKNO"))
		case d.N < -maxOrd || d.N > maxOrd:
			what := "a year has at most 53 of each weekday"
			if maxOrd == 5 {
				what = "a month has at most 5 of each weekday"
			}
			list = append(list, validation.OutOfRange(validation.NewPath(pByDay).Index(i), d.String(), what))
		}
	}

	// Parts the table of §3.3.10 marks N/A for this frequency.
	if k >= 0 {
		if len(r.ByWeekNo) > 0 && k != kYearly {
			list = append(list, validation.Invalid(validation.NewPath(pByWeekNo), nil, "BYWEEKNO is only allowed with FREQ=YEARLY"))
		}
		if len(r.ByYearDay) > 0 && (k == kDaily || k == kWeekly || k == kMonthly) {
			list = append(list, validation.Invalid(validation.NewPath(pByYearDay), nil, "BYYEARDAY is not allowed with FREQ=DAILY, WEEKLY or MONTHLY"))
		}
		if len(r.ByMonthDay) > 0 && k == kWeekly {
			list = append(list, validation.Invalid(validation.NewPath(pByMonthDay), nil, "BYMONTHDAY is not allowed with FREQ=WEEKLY"))
		}
	}
	if len(r.BySetPos) > 0 && len(r.BySecond)+len(r.ByMinute)+len(r.ByHour)+len(r.ByDay)+len(r.ByMonthDay)+
		len(r.ByYearDay)+len(r.ByWeekNo)+len(r.ByMonth) == 0 {
		list = append(list, validation.Invalid(validation.NewPath(pBySetPos), nil, "BYSETPOS needs another BYxxx part to pick from"))
	}
	return list
}

func checkRange(list validation.ErrorList, name string, xs []int, lo, hi int, signed bool, detail string) validation.ErrorList {
	for i, x := range xs {
		ok := x >= lo && x <= hi
		if signed && !ok {
			ok = x <= -lo && x >= -hi
		}
		if !ok {
			list = append(list, validation.OutOfRange(validation.NewPath(name).Index(i), x, detail))
		}
	}
	return list
}

// checkDaysPossible reports a rule whose day parts no date satisfies.
func checkDaysPossible(r Rule) validation.ErrorList {
	if len(r.ByMonth) > 0 && len(r.ByMonthDay) > 0 {
		ok := false
		for _, m := range r.ByMonth {
			n := monthLen(2000, int(m)) // a leap year: February has 29 days
			for _, d := range r.ByMonthDay {
				if d <= n && d >= -n {
					ok = true
				}
			}
		}
		if !ok {
			return validation.ErrorList{validation.Conflict(validation.NewPath(pByMonthDay), nil,
				"no day in BYMONTHDAY exists in any month of BYMONTH")}
		}
	}
	p, ok := compileDays(r, 0, 0, 0)
	if !ok || !p.anyDayIn(2000, 2030) {
		return validation.ErrorList{validation.Conflict(nil, r.String(),
			"no date satisfies BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY and BYDAY together")}
	}
	return nil
}
