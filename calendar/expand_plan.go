package calendar

import (
	"slices"
	"time"
)

// plan is a Rule compiled against a start: bit masks for every day
// predicate and sorted lists of the times of day, so that the iterator
// tests a day or builds an instance without allocating.
type plan struct {
	freq     freqKind
	interval int64
	count    int
	hasUntil bool
	until    int64 // Unix seconds, inclusive
	wkst     int   // 0 = Monday … 6 = Sunday

	// Day predicates. A day belongs to a period's set when it passes all
	// of those present; the RFC's "expand" parts (BYMONTH in YEARLY,
	// BYDAY in WEEKLY, …) differ from its "limit" parts only in how many
	// days the period spans, so both are predicates here.
	monthMask  uint16 // bit m for month m; 0 = any month
	hasMday    bool
	mdayPos    uint32 // bit d for BYMONTHDAY=d
	mdayNeg    uint32 // bit d for BYMONTHDAY=-d
	hasYday    bool
	ydayPos    [6]uint64 // bit n for BYYEARDAY=n
	ydayNeg    [6]uint64 // bit n for BYYEARDAY=-n
	hasWeekno  bool
	weeknoPos  uint64
	weeknoNeg  uint64
	hasByday   bool
	wdayMask   uint8     // plain weekdays (no ordinal), bit 0 = Monday
	hasNth     bool      // some BYDAY entry has an ordinal
	nthPos     [7]uint64 // per weekday: bit n for nMO
	nthNeg     [7]uint64 // per weekday: bit n for -nMO
	nthInYear  bool      // ordinals count within the year (YEARLY without BYMONTH)
	needCivil  bool      // a predicate needs more than the weekday
	weeknoMemo weeknoMemo

	// Times of day. For DAILY and longer, hours × minutes × seconds is the
	// time set of every day. For shorter frequencies the period fixes the
	// hour (HOURLY), the minute (MINUTELY) or the second (SECONDLY), which
	// BYHOUR/BYMINUTE/BYSECOND then limit through the masks.
	hours, minutes, seconds []int
	tod                     []int64 // DAILY and longer: hours × minutes × seconds as seconds of the day, in order
	weekOffs                []int64 // WEEKLY without civil predicates: the days of a week that pass, from its first day
	hourMask                uint32
	minuteMask, secondMask  uint64
	hourLimit               bool
	minuteLimit             bool
	secondLimit             bool

	// setpos holds the BYSETPOS values that can select something: those
	// no larger in magnitude than the most wall times a period can hold
	// (see maxSetSize). never is set when the rule had BYSETPOS values and
	// none of them can: the rule then generates nothing.
	setpos []int
	never  bool
}

// maxSetSize returns the most wall times one period of p can hold: the
// whole time set for a DAILY or shorter period (every period that passes
// the day and time limits holds exactly that many), and that times the
// most days a week, month or year has for longer ones.
func (p *plan) maxSetSize() int64 {
	n := int64(max(len(p.hours), 1)) * int64(max(len(p.minutes), 1)) * int64(max(len(p.seconds), 1))
	switch p.freq {
	case kWeekly:
		n *= 7
	case kMonthly:
		n *= 31
	case kYearly:
		n *= 366
	}
	return n
}

// compileDays fills the day predicates of r. When start is given (sm > 0)
// the parts a rule leaves out are taken from it as §3.3.10 says: the month
// and day of a YEARLY rule, the day of a MONTHLY rule, the weekday of a
// WEEKLY rule. With sm = 0 only the explicit parts count.
func compileDays(r Rule, sm, sd, swd int) (*plan, bool) {
	p := &plan{freq: r.Freq.kind()}
	if p.freq < 0 {
		return nil, false
	}
	p.wkst = 0
	if r.WeekStart != "" {
		p.wkst = r.WeekStart.iso()
		if p.wkst < 0 {
			return nil, false
		}
	}
	for _, m := range r.ByMonth {
		if m < 1 || m > 12 {
			return nil, false
		}
		p.monthMask |= 1 << m
	}
	for _, d := range r.ByMonthDay {
		p.hasMday = true
		switch {
		case d >= 1 && d <= 31:
			p.mdayPos |= 1 << d
		case d <= -1 && d >= -31:
			p.mdayNeg |= 1 << -d
		default:
			return nil, false
		}
	}
	for _, d := range r.ByYearDay {
		p.hasYday = true
		switch {
		case d >= 1 && d <= 366:
			p.ydayPos[d/64] |= 1 << (d % 64)
		case d <= -1 && d >= -366:
			p.ydayNeg[-d/64] |= 1 << (-d % 64)
		default:
			return nil, false
		}
	}
	for _, w := range r.ByWeekNo {
		p.hasWeekno = true
		switch {
		case w >= 1 && w <= 53:
			p.weeknoPos |= 1 << w
		case w <= -1 && w >= -53:
			p.weeknoNeg |= 1 << -w
		default:
			return nil, false
		}
	}
	for _, wn := range r.ByDay {
		p.hasByday = true
		i := wn.Day.iso()
		switch {
		case i < 0:
			return nil, false
		case wn.N == 0:
			p.wdayMask |= 1 << i
		case wn.N >= 1 && wn.N <= 53:
			p.hasNth = true
			p.nthPos[i] |= 1 << wn.N
		case wn.N <= -1 && wn.N >= -53:
			p.hasNth = true
			p.nthNeg[i] |= 1 << -wn.N
		default:
			return nil, false
		}
	}
	p.nthInYear = p.freq == kYearly && len(r.ByMonth) == 0
	if sm > 0 && len(r.ByWeekNo)+len(r.ByYearDay)+len(r.ByMonthDay)+len(r.ByDay) == 0 {
		switch p.freq {
		case kYearly:
			if len(r.ByMonth) == 0 {
				p.monthMask = 1 << sm
			}
			p.hasMday = true
			p.mdayPos = 1 << sd
		case kMonthly:
			p.hasMday = true
			p.mdayPos = 1 << sd
		case kWeekly:
			p.hasByday = true
			p.wdayMask = 1 << swd
		}
	}
	p.needCivil = p.monthMask != 0 || p.hasMday || p.hasYday || p.hasWeekno || p.hasNth
	return p, true
}

// compile turns r into a plan for a recurrence starting at start. It
// reports false for a rule that does not validate (the iterator then
// yields the start and the extra dates only).
func compile(r Rule, start time.Time) (*plan, bool) {
	if len(r.validateParts()) > 0 {
		return nil, false
	}
	_, sm, sd := start.Date()
	sh, smin, ss := start.Clock()
	swd := (int(start.Weekday()) + 6) % 7
	p, ok := compileDays(r, int(sm), sd, swd)
	if !ok {
		return nil, false
	}
	p.interval = int64(max(r.Interval, 1))
	p.count = r.Count
	if !r.Until.IsZero() {
		p.hasUntil = true
		p.until = r.Until.Unix()
	}

	// Times of day: expanded lists, or the start's value, or limits.
	list := func(xs []int, def int) []int {
		if len(xs) == 0 {
			return []int{def}
		}
		s := slices.Clone(xs)
		slices.Sort(s)
		return slices.Compact(s)
	}
	switch {
	case p.freq >= kDaily:
		p.hours = list(r.ByHour, sh)
		p.minutes = list(r.ByMinute, smin)
		p.seconds = list(r.BySecond, ss)
	case p.freq == kHourly:
		p.minutes = list(r.ByMinute, smin)
		p.seconds = list(r.BySecond, ss)
	case p.freq == kMinutely:
		p.seconds = list(r.BySecond, ss)
	}
	if p.freq >= kDaily {
		p.tod = make([]int64, 0, len(p.hours)*len(p.minutes)*len(p.seconds))
		for _, h := range p.hours {
			for _, m := range p.minutes {
				for _, s := range p.seconds {
					p.tod = append(p.tod, int64(h*3600+m*60+s))
				}
			}
		}
	}
	if p.freq == kWeekly && !p.needCivil {
		for i := range 7 {
			if wd := (p.wkst + i) % 7; !p.hasByday || p.wdayMask&(1<<wd) != 0 {
				p.weekOffs = append(p.weekOffs, int64(i))
			}
		}
	}
	if p.freq <= kHourly {
		for _, h := range r.ByHour {
			p.hourLimit = true
			p.hourMask |= 1 << h
		}
	}
	if p.freq <= kMinutely {
		for _, m := range r.ByMinute {
			p.minuteLimit = true
			p.minuteMask |= 1 << m
		}
	}
	if p.freq == kSecondly {
		for _, s := range r.BySecond {
			p.secondLimit = true
			p.secondMask |= 1 << s
		}
	}
	// A position beyond the largest possible set never selects anything;
	// HOURLY, MINUTELY and SECONDLY periods hold one hour, minute or
	// second, so BYSETPOS=2 on FREQ=SECONDLY can never match. Dropping
	// those positions keeps the iterator from scanning period after empty
	// period until its 400-year cap.
	if len(r.BySetPos) > 0 {
		size := p.maxSetSize()
		for _, pos := range r.BySetPos {
			if a := int64(pos); a <= size && -a <= size {
				p.setpos = append(p.setpos, pos)
			}
		}
		p.never = len(p.setpos) == 0
	}
	return p, true
}

// dayOK reports whether the day passes every day predicate.
func (p *plan) dayOK(di *dayInfo) bool {
	if p.monthMask != 0 && p.monthMask&(1<<di.m) == 0 {
		return false
	}
	if p.hasMday && p.mdayPos&(1<<di.d) == 0 && p.mdayNeg&(1<<(di.mlen-di.d+1)) == 0 {
		return false
	}
	if p.hasYday {
		neg := di.ylen - di.yday + 1
		if p.ydayPos[di.yday/64]&(1<<(di.yday%64)) == 0 && p.ydayNeg[neg/64]&(1<<(neg%64)) == 0 {
			return false
		}
	}
	if p.hasByday && p.wdayMask&(1<<di.wd) == 0 {
		if !p.hasNth {
			return false
		}
		var n, nn int
		if p.nthInYear {
			n, nn = (di.yday-1)/7+1, (di.ylen-di.yday)/7+1
		} else {
			n, nn = (di.d-1)/7+1, (di.mlen-di.d)/7+1
		}
		if p.nthPos[di.wd]&(1<<n) == 0 && p.nthNeg[di.wd]&(1<<nn) == 0 {
			return false
		}
	}
	if p.hasWeekno {
		n, nn := p.weekno(di.dn, di.y)
		if p.weeknoPos&(1<<n) == 0 && p.weeknoNeg&(1<<nn) == 0 {
			return false
		}
	}
	return true
}

// dayNumOK is dayOK for a bare day number.
func (p *plan) dayNumOK(dn int64) bool {
	if !p.needCivil {
		return !p.hasByday || p.wdayMask&(1<<isoWeekday(dn)) != 0
	}
	di := dayInfoOf(dn)
	return p.dayOK(&di)
}

// weeknoMemo remembers the first day of week 1 of three consecutive years.
type weeknoMemo struct {
	year  int
	valid bool
	ws    [3]int64 // week 1 of year-1, year, year+1
	next  int64    // week 1 of year+2
}

// week1 returns the day number of the first day of week 1 of year y: the
// week (starting on WKST) that holds at least four days of y, which is the
// week holding January 4.
func (p *plan) week1(y int) int64 {
	jan4 := daysFromCivil(y, 1, 4)
	return jan4 - int64((isoWeekday(jan4)-p.wkst+7)%7)
}

// weekno returns the week number of day dn (which lies in calendar year
// y) and its negative form: the week belongs to the year whose week 1
// holds it, which at either end of y may be y-1 or y+1.
func (p *plan) weekno(dn int64, y int) (n, neg int) {
	m := &p.weeknoMemo
	if !m.valid || m.year != y {
		*m = weeknoMemo{year: y, valid: true,
			ws: [3]int64{p.week1(y - 1), p.week1(y), p.week1(y + 1)}, next: p.week1(y + 2)}
	}
	var start, end int64
	switch {
	case dn < m.ws[1]:
		start, end = m.ws[0], m.ws[1]
	case dn >= m.ws[2]:
		start, end = m.ws[2], m.next
	default:
		start, end = m.ws[1], m.ws[2]
	}
	n = int((dn-start)/7) + 1
	weeks := int((end - start) / 7)
	return n, weeks - n + 1
}

// anyDayIn reports whether some day of the years y0..y1 passes the day
// predicates. The predicates depend only on a year's length, its first
// weekday and those of its neighbours; every combination that the
// Gregorian calendar ever produces occurs in 2000–2030, so a rule with no
// day there has no day at all.
func (p *plan) anyDayIn(y0, y1 int) bool {
	last := daysFromCivil(y1+1, 1, 1)
	for dn := daysFromCivil(y0, 1, 1); dn < last; dn++ {
		if p.dayNumOK(dn) {
			return true
		}
	}
	return false
}
