package calendar

import (
	"strconv"
	"strings"
	"time"

	"github.com/tandemsocial/tandem/validation"
)

// ParseRule parses the RFC 5545 text of a recurrence rule, such as
// "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0", with or without the
// "RRULE:" prefix. Part names and values are case-insensitive, parts may
// come in any order, and empty parts (a trailing ";") are ignored.
//
// Every problem is reported at once in a *validation.Error whose paths name
// the parts in lower case: an unknown part ("foo"), a part given twice, a
// malformed or out-of-range value ("byday[2]", "interval"), and everything
// Rule.Validate checks. An INTERVAL or COUNT of 0 is an error here, although
// 0 in the struct field means "not given".
//
// The returned Rule prints back with String, and ParseRule(r.String())
// returns a Rule equal to r.
func ParseRule(text string) (Rule, error) {
	s := strings.TrimSpace(text)
	if len(s) >= 6 && strings.EqualFold(s[:6], "RRULE:") {
		s = s[6:]
	}
	var (
		r    Rule
		list validation.ErrorList
		seen = map[string]bool{}
	)
	// A rule may hold millions of bad parts: once the list is full (see
	// validation.MaxErrors), problems are only counted, and nothing in
	// this loop allocates for a part that is only counted.
	for part := range strings.SplitSeq(s, ";") {
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			list = problem(list, func() *validation.FieldError {
				return validation.Invalid(validation.NewPath(strings.ToLower(name)), validation.Excerpt(part), "a rule part is NAME=VALUE")
			})
			continue
		}
		upper := canonicalPart(name)
		if upper == "" {
			list = problem(list, func() *validation.FieldError {
				return validation.NotSupported(validation.NewPath(strings.ToLower(name)), validation.Excerpt(name), partNames)
			})
			continue
		}
		if seen[upper] {
			list = problem(list, func() *validation.FieldError {
				return validation.Duplicate(validation.NewPath(strings.ToLower(name)), validation.Excerpt(name))
			})
			continue
		}
		seen[upper] = true
		p := validation.NewPath(strings.ToLower(name))
		switch upper {
		case "FREQ":
			f := Frequency(strings.ToLower(value))
			if !f.IsValid() {
				list = problem(list, func() *validation.FieldError {
					upperNames := make([]string, len(allFrequencies))
					for i, v := range allFrequencies {
						upperNames[i] = strings.ToUpper(string(v))
					}
					return validation.NotSupported(p, validation.Excerpt(value), upperNames)
				})
				continue
			}
			r.Freq = f
		case "INTERVAL", "COUNT":
			n, err := parseUint(value)
			if err != nil || n == 0 {
				list = problem(list, func() *validation.FieldError {
					return validation.OutOfRange(p, validation.Excerpt(value), "must be a positive integer")
				})
				continue
			}
			if upper == "INTERVAL" {
				r.Interval = n
			} else {
				r.Count = n
			}
		case "UNTIL":
			t, err := time.Parse(untilLayout, strings.ToUpper(value))
			if err != nil {
				list = problem(list, func() *validation.FieldError {
					return validation.Invalid(p, validation.Excerpt(value),
						"must be a UTC date-time such as 20261231T235959Z: the start always has a time zone, so RFC 5545 requires UNTIL in UTC")
				})
				continue
			}
			r.Until = t
		case "BYSECOND":
			r.BySecond, list = parseInts(list, p, value, false)
		case "BYMINUTE":
			r.ByMinute, list = parseInts(list, p, value, false)
		case "BYHOUR":
			r.ByHour, list = parseInts(list, p, value, false)
		case "BYMONTHDAY":
			r.ByMonthDay, list = parseInts(list, p, value, true)
		case "BYYEARDAY":
			r.ByYearDay, list = parseInts(list, p, value, true)
		case "BYWEEKNO":
			r.ByWeekNo, list = parseInts(list, p, value, true)
		case "BYSETPOS":
			r.BySetPos, list = parseInts(list, p, value, true)
		case "BYMONTH":
			var ms []int
			ms, list = parseInts(list, p, value, false)
			if ms != nil {
				r.ByMonth = make([]time.Month, len(ms))
				for i, m := range ms {
					r.ByMonth[i] = time.Month(m)
				}
			}
		case "BYDAY":
			r.ByDay, list = parseDays(list, p, value)
		case "WKST":
			d, ok := parseDay(value)
			if !ok {
				list = problem(list, func() *validation.FieldError {
					return validation.NotSupported(p, validation.Excerpt(value), rfcDays[:])
				})
				continue
			}
			r.WeekStart = d
		}
	}
	if len(list) == 0 {
		list = r.validate()
	} else {
		// Report the problems of the parts that did parse too, except
		// those that only follow from a part that did not.
		bad := map[string]bool{}
		for _, fe := range list {
			part, _, _ := strings.Cut(fe.Path, "[")
			bad[part] = true
		}
		for _, fe := range r.validateParts() {
			part, _, _ := strings.Cut(fe.Path, "[")
			switch {
			case bad[part]:
			case part == pFreq && seen["FREQ"]:
			case part == pBySetPos && fe.Code == validation.CodeInvalid:
			default:
				list = list.Add(fe)
			}
		}
	}
	if err := list.Err(); err != nil {
		return Rule{}, err
	}
	return r, nil
}

// parseUint reads 1*DIGIT into an int, refusing signs and overflow.
func parseUint(s string) (int, error) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, strconv.ErrSyntax
	}
	n, err := strconv.ParseInt(s, 10, 32)
	return int(n), err
}

// parseInts reads a comma-separated list of integers; signed allows a
// leading + or -. A malformed element is reported at p[i].
func parseInts(list validation.ErrorList, p *validation.Path, value string, signed bool) ([]int, validation.ErrorList) {
	if value == "" {
		return nil, list.Add(validation.Invalid(p, value, "must list at least one value"))
	}
	out := make([]int, 0, strings.Count(value, ",")+1)
	bad := false
	i := -1
	for s := range strings.SplitSeq(value, ",") {
		i++
		body := s
		neg := false
		if signed && len(body) > 0 && (body[0] == '+' || body[0] == '-') {
			neg = body[0] == '-'
			body = body[1:]
		}
		n, err := parseUint(body)
		if err != nil {
			list = problem(list, func() *validation.FieldError {
				return validation.Invalid(p.Index(i), validation.Excerpt(s), "must be an integer")
			})
			bad = true
			continue
		}
		if neg {
			n = -n
		}
		out = append(out, n)
	}
	if bad {
		return nil, list
	}
	return out, list
}

func parseDays(list validation.ErrorList, p *validation.Path, value string) ([]WeekdayNum, validation.ErrorList) {
	if value == "" {
		return nil, list.Add(validation.Invalid(p, value, "must list at least one day"))
	}
	out := make([]WeekdayNum, 0, strings.Count(value, ",")+1)
	bad := false
	i := -1
	for s := range strings.SplitSeq(value, ",") {
		i++
		if len(s) < 2 {
			list = problem(list, func() *validation.FieldError {
				return validation.Invalid(p.Index(i), validation.Excerpt(s), "must be a day such as MO, 2TU or -1FR")
			})
			bad = true
			continue
		}
		day, ok := parseDay(s[len(s)-2:])
		num := s[:len(s)-2]
		n := 0
		if ok && num != "" {
			body := num
			neg := false
			if body[0] == '+' || body[0] == '-' {
				neg = body[0] == '-'
				body = body[1:]
			}
			var err error
			n, err = parseUint(body)
			if err != nil || n == 0 {
				ok = false
			}
			if neg {
				n = -n
			}
		}
		if !ok {
			list = problem(list, func() *validation.FieldError {
				return validation.Invalid(p.Index(i), validation.Excerpt(s), "must be a day such as MO, 2TU or -1FR")
			})
			bad = true
			continue
		}
		out = append(out, WeekdayNum{N: n, Day: day})
	}
	if bad {
		return nil, list
	}
	return out, list
}

// problem adds the problem that mk builds, or, once list is full, only
// counts it without building it: see validation.MaxErrors.
func problem(list validation.ErrorList, mk func() *validation.FieldError) validation.ErrorList {
	if list.Full() {
		return list.Omit(1)
	}
	return append(list, mk())
}

// canonicalPart returns the name of partNames that equals name whatever
// its case, or "" for none, without building the upper-case name.
func canonicalPart(name string) string {
	for _, n := range partNames {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	return ""
}

func parseDay(s string) (Weekday, bool) {
	u := strings.ToUpper(s)
	for i, c := range rfcDays {
		if c == u {
			return allWeekdays[i], true
		}
	}
	return "", false
}
