package calendar

import (
	"math"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/internal/civil"
)

// instant is a point in time as Unix seconds and nanoseconds, cheaper to
// compare than time.Time.
type instant struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instant { return instant{t.Unix(), int32(t.Nanosecond())} }

func (a instant) less(b instant) bool {
	return a.sec < b.sec || (a.sec == b.sec && a.nsec < b.nsec)
}

func cmpInstant(a, b instant) int {
	switch {
	case a.less(b):
		return -1
	case b.less(a):
		return 1
	}
	return 0
}

// Cycle lengths, in periods, after which a rule's pattern of wall-clock
// times repeats: the Gregorian calendar repeats every 400 years, which is
// 4800 months, 20871 weeks or 146097 days. If a whole cycle of consecutive
// periods produced nothing, no later period can produce anything, so the
// iterator stops there (see Recurrence).
var cyclePeriods = [...]int64{kDaily: 146097, kWeekly: 20871, kMonthly: 4800, kYearly: 400}

// maxWall is 10000-01-01T00:00:00 as wall seconds: nothing is generated at
// or after it (RFC 5545 years have four digits).
var maxWall = daysFromCivil(10000, 1, 1) * secondsPerDay

// offsetSlack bounds |UTC offset| of any zone (in practice at most 15.6
// hours, in the oldest local mean times): wall seconds minus an instant's
// Unix seconds never exceeds it.
const offsetSlack = 2 * secondsPerDay

// expansion is the state of one run of Recurrence.Between.
type expansion struct {
	p     *plan // nil: no rule, only the start and the extra dates
	loc   *time.Location
	res   resolver
	nsec  int32 // every rule instance carries the start's nanoseconds
	start instant

	from, to instant
	// stopWall: periods starting after it cannot hold an instance before
	// `to` (or UNTIL).
	stopWall int64

	// Start's wall clock and the index of its period.
	startWall int64
	y0, m0    int   // start year and month (1–12)
	d0        int64 // start day number
	w0        int64 // day number of the start of the start's week
	k0        int64 // first period to expand (> 0 when skipping ahead)

	days []int64 // the days of the current period
	sel  []int64 // BYSETPOS picks of the current period

	// Gap instants waiting for their place in the sorted output, all of
	// the gap that starts at qTrans; each was the wall time x+qOff.
	queue      []int64
	qHead      int
	qTrans     int64
	qOff       int64
	ruleCount  int // rule instances delivered (the start not included)
	lastRule   int64
	ruleDone   bool
	extras     []instant // the start and the RDATEs, sorted
	ex         []instant // EXDATEs, sorted
	xi, exi    int
	last       instant
	haveLast   bool
	stopped    bool // the consumer stopped, or `to` was reached
	yield      func(time.Time) bool
	emptyLimit int64

	// The hot path (see emit): a rule instance t = wall - res.off with
	// hotLo <= t < hotHi, while fewer than countLimit rule instances have
	// been delivered, needs none of the checks of resolve, deliver and
	// out. rehot recomputes the range after every trip through them.
	hotLo, hotHi int64
	countLimit   int

	// observe turns the hot path off so that every rule instance goes
	// through emitSlow, which notes in pend the wall time that made the
	// instance about to be delivered and its kind (WallClockShifts).
	observe bool
	pend    pending

	// Suspension, for Slots, which keeps one expansion per routine and
	// takes its instances a batch at a time: once pause is set (by the
	// consumer, between two instances) the next wall time that leaves the
	// hot path is not processed; the run ends with suspended set and that
	// wall time in skipBelow, and resume continues from it. Wall times
	// below skipBelow were processed before and are passed over.
	pause, suspended bool
	skipBelow        int64
}

// pending is the rule instance being delivered in observe mode: its
// instant, the wall time the rule generated for it and that wall time's
// kind. Gap wins when a gap wall time and a later wall time give one
// instant.
type pending struct {
	sec, wall int64
	kind      civil.Kind
	set       bool
}

func newExpansion(r Recurrence, from, to time.Time) *expansion {
	e := prepareExpansion(r)
	e.setWindow(from, to)
	return e
}

// prepareExpansion returns an expansion of r with its rule compiled and
// its RDATEs and EXDATEs sorted, but no window yet: setWindow gives it
// one. A prepared expansion that has not run can be copied, and each copy
// given its own window, so that a routine expanded over many windows
// (SkippedSlots, once per blackout span) is prepared once.
func prepareExpansion(r Recurrence) *expansion {
	loc := r.Start.Location()
	e := &expansion{
		loc:   loc,
		res:   newResolver(loc),
		nsec:  int32(r.Start.Nanosecond()),
		start: instantOf(r.Start),

		skipBelow: math.MinInt64,
	}
	e.extras = make([]instant, 0, 1+len(r.RDates))
	e.extras = append(e.extras, e.start)
	for _, t := range r.RDates {
		e.extras = append(e.extras, instantOf(t))
	}
	slices.SortFunc(e.extras, cmpInstant)
	if len(r.ExDates) > 0 {
		e.ex = make([]instant, len(r.ExDates))
		for i, t := range r.ExDates {
			e.ex[i] = instantOf(t)
		}
		slices.SortFunc(e.ex, cmpInstant)
	}
	if r.Rule.IsZero() || r.Start.Year() < 1 || r.Start.Year() > 9999 {
		return e
	}
	ws := r.wallStart() // the wall clock the rule repeats
	p, ok := compile(r.Rule, ws)
	if !ok || p.never {
		return e
	}
	e.p = p
	e.countLimit = math.MaxInt
	if p.count > 0 {
		e.countLimit = p.count - 1
	}
	_, off := ws.Zone()
	e.startWall = ws.Unix() + int64(off)
	e.d0 = floorDiv(e.startWall, secondsPerDay)
	y, m, _ := civilFromDays(e.d0)
	e.y0, e.m0 = y, m
	e.w0 = e.d0 - int64((isoWeekday(e.d0)-p.wkst+7)%7)
	switch p.freq {
	case kYearly:
		e.days = make([]int64, 0, 366)
	case kMonthly:
		e.days = make([]int64, 0, 31)
	case kWeekly:
		e.days = make([]int64, 0, 7)
	default:
		e.days = make([]int64, 0, 1)
	}
	if len(p.setpos) > 0 {
		e.sel = make([]int64, 0, len(p.setpos))
	}
	// Room for the gap instants of a typical rule (one or two wall times
	// in an hour's gap), so that the first DST change does not allocate.
	e.queue = make([]int64, 0, 4)
	if p.freq >= kDaily {
		e.emptyLimit = cyclePeriods[p.freq]
	} else {
		// Sub-daily rules: the wall times visited repeat, relative to the
		// 400-year cycle, once the step has come back to the same second
		// of the day: after lcm(step, 1 day)/1 day cycles.
		step := p.interval * unitSeconds(p.freq)
		e.emptyLimit = satMul(146097*secondsPerDay, step/gcd(step, secondsPerDay))
	}
	return e
}

// setWindow gives a prepared expansion (one that has not run) the window
// [from, to). The RDATEs and EXDATEs before from are passed over at once.
func (e *expansion) setWindow(from, to time.Time) {
	e.from, e.to = instantOf(from), instantOf(to)
	e.xi, _ = slices.BinarySearchFunc(e.extras, e.from, cmpInstant)
	e.exi, _ = slices.BinarySearchFunc(e.ex, e.from, cmpInstant)
	p := e.p
	if p == nil {
		return
	}
	e.rehot()
	e.stopWall = satAdd(e.to.sec, offsetSlack)
	if p.hasUntil {
		e.stopWall = min(e.stopWall, satAdd(p.until, offsetSlack))
	}
	e.stopWall = min(e.stopWall, maxWall-1)

	// Without COUNT nothing needs counting from the start: begin at the
	// period that can first reach `from`.
	e.k0 = 0
	if p.count == 0 && e.start.less(e.from) {
		e.k0 = e.periodAtOrBefore(satAdd(e.from.sec, -offsetSlack))
	}
}

func satAdd(a, b int64) int64 {
	s := a + b
	if b > 0 && s < a {
		return math.MaxInt64
	}
	if b < 0 && s > a {
		return math.MinInt64
	}
	return s
}

func satMul(a, b int64) int64 {
	if a != 0 && b > math.MaxInt64/a {
		return math.MaxInt64
	}
	return a * b
}

func unitSeconds(k freqKind) int64 {
	switch k {
	case kHourly:
		return 3600
	case kMinutely:
		return 60
	}
	return 1
}

// periodAtOrBefore returns the index of the last period that starts at or
// before wall (0 if wall is before the start's period).
func (e *expansion) periodAtOrBefore(wall int64) int64 {
	p := e.p
	if wall <= e.startWall {
		return 0
	}
	dn := floorDiv(wall, secondsPerDay)
	var units int64
	switch p.freq {
	case kYearly:
		y, _, _ := civilFromDays(dn)
		units = int64(y - e.y0)
	case kMonthly:
		y, m, _ := civilFromDays(dn)
		units = int64(y-e.y0)*12 + int64(m-e.m0)
	case kWeekly:
		units = floorDiv(dn-e.w0, 7)
	case kDaily:
		units = dn - e.d0
	default:
		u := unitSeconds(p.freq)
		units = floorDiv(wall, u) - floorDiv(e.startWall, u)
	}
	return max(0, floorDiv(units, p.interval))
}

// run expands the recurrence into yield.
func (e *expansion) run(yield func(time.Time) bool) {
	e.yield = yield
	if e.p != nil {
		if e.p.freq >= kDaily {
			e.runDays()
		} else {
			e.runSubDaily()
		}
		if e.stopped || e.suspended {
			return
		}
		e.flushQueue()
		if e.stopped {
			return
		}
	}
	for e.xi < len(e.extras) {
		x := e.extras[e.xi]
		e.xi++
		if !e.out(x) {
			return
		}
	}
}

// requestPause asks a run to suspend at the next wall time that leaves the
// hot path (which it closes); see resume.
func (e *expansion) requestPause() {
	e.pause = true
	e.hotLo, e.hotHi = math.MaxInt64, math.MinInt64
}

// resume continues a suspended run into yield: it starts again at the
// period of the wall time the run stopped at and passes over the wall
// times before it, which the run has processed. Everything else (COUNT,
// the last instant, the gap queue, the EXDATE and RDATE positions) is the
// state the run left, so the instances continue exactly where they
// stopped, at the cost of at most one period's days and one day's times
// of day passed over, whatever the instances already given.
func (e *expansion) resume(yield func(time.Time) bool) {
	e.pause, e.suspended = false, false
	e.k0 = e.periodAtOrBefore(e.skipBelow)
	e.rehot()
	e.run(yield)
}

// runDays expands rules whose period is a day or longer.
func (e *expansion) runDays() {
	if p := e.p; len(p.weekOffs) > 0 && len(p.setpos) == 0 {
		// WEEKLY on plain weekdays: every period holds the same days.
		for ws := e.w0 + e.k0*7*p.interval; ws*secondsPerDay <= e.stopWall; ws += 7 * p.interval {
			for _, off := range p.weekOffs {
				if !e.emitDay(ws + off) {
					return
				}
			}
		}
		return
	}
	var empty int64
	for k := e.k0; ; k++ {
		if e.periodStartWall(k) > e.stopWall {
			return
		}
		e.periodDays(k)
		n, more := e.emitDays(e.days)
		if !more {
			return
		}
		if n == 0 {
			empty++
			if empty >= e.emptyLimit {
				return
			}
		} else {
			empty = 0
		}
	}
}

// periodStartWall returns the wall-clock second at which period k begins.
func (e *expansion) periodStartWall(k int64) int64 {
	p := e.p
	var dn int64
	switch p.freq {
	case kYearly:
		y := int64(e.y0) + k*p.interval
		if y > 9999 {
			return math.MaxInt64
		}
		dn = daysFromCivil(int(y), 1, 1)
	case kMonthly:
		mi := int64(e.m0-1) + k*p.interval
		y := int64(e.y0) + mi/12
		if y > 9999 {
			return math.MaxInt64
		}
		dn = daysFromCivil(int(y), int(mi%12)+1, 1)
	case kWeekly:
		dn = e.w0 + k*7*p.interval
	default:
		dn = e.d0 + k*p.interval
	}
	return dn * secondsPerDay
}

// periodDays fills e.days with the days of period k that pass the day
// predicates, in order.
func (e *expansion) periodDays(k int64) {
	p := e.p
	e.days = e.days[:0]
	switch p.freq {
	case kYearly:
		y := e.y0 + int(k*p.interval)
		for m := 1; m <= 12; m++ {
			if p.monthMask == 0 || p.monthMask&(1<<m) != 0 {
				e.monthDays(y, m)
			}
		}
	case kMonthly:
		mi := int64(e.m0-1) + k*p.interval
		m := int(mi%12) + 1
		if p.monthMask == 0 || p.monthMask&(1<<m) != 0 {
			e.monthDays(e.y0+int(mi/12), m)
		}
	case kWeekly:
		ws := e.w0 + k*7*p.interval
		if !p.needCivil {
			for _, i := range p.weekOffs {
				e.days = append(e.days, ws+i)
			}
			return
		}
		for i := int64(0); i < 7; i++ {
			di := dayInfoOf(ws + i)
			if p.dayOK(&di) {
				e.days = append(e.days, ws+i)
			}
		}
	default:
		dn := e.d0 + k*p.interval
		if p.dayNumOK(dn) {
			e.days = append(e.days, dn)
		}
	}
}

// monthDays appends the days of month m of year y that pass the day
// predicates (the month itself already passed BYMONTH).
func (e *expansion) monthDays(y, m int) {
	p := e.p
	first := daysFromCivil(y, m, 1)
	di := dayInfo{
		y: y, m: m,
		mlen: monthLen(y, m),
		yday: int(first-daysFromCivil(y, 1, 1)) + 1,
		ylen: yearLen(y),
		wd:   isoWeekday(first),
	}
	for d := 1; d <= di.mlen; d++ {
		di.d = d
		di.dn = first + int64(d-1)
		if p.dayOK(&di) {
			e.days = append(e.days, di.dn)
		}
		di.yday++
		di.wd++
		if di.wd == 7 {
			di.wd = 0
		}
	}
}

// emitDays emits the set days × times of day of one period of a DAILY or
// longer rule (or the BYSETPOS picks from it) in order, like emitPeriod.
func (e *expansion) emitDays(days []int64) (int, bool) {
	p := e.p
	if len(p.setpos) > 0 {
		return e.emitPeriod(days, p.hours, p.minutes, p.seconds)
	}
	for _, dn := range days {
		if !e.emitDay(dn) {
			return 1, false
		}
	}
	return len(days) * len(p.tod), true
}

// emitDay emits the times of day of day dn, with emit's hot path inline.
func (e *expansion) emitDay(dn int64) bool {
	base := dn * secondsPerDay
	tod := e.p.tod
	if base < e.skipBelow {
		// Resumed: pass over the wall times processed before.
		if base+secondsPerDay <= e.skipBelow {
			return true
		}
		i, _ := slices.BinarySearch(tod, e.skipBelow-base)
		tod = tod[i:]
	}
	for _, s := range tod {
		if t := base + s - e.res.off; t >= e.hotLo && t < e.hotHi && e.ruleCount < e.countLimit {
			e.ruleCount++
			e.lastRule = t
			e.last, e.haveLast = instant{t, e.nsec}, true
			e.hotLo = t + 1
			if !e.yield(time.Unix(t, int64(e.nsec)).In(e.loc)) {
				e.stopped = true
				e.rehot()
				return false
			}
			continue
		}
		if !e.emit(base + s) {
			return false
		}
	}
	return true
}

// emitPeriod emits the set days × hours × minutes × seconds of one period
// (or the BYSETPOS picks from it) in order. It returns how many wall times
// the period held after BYSETPOS, and false when the expansion must end.
func (e *expansion) emitPeriod(days []int64, hours, minutes, seconds []int) (int, bool) {
	if len(days) == 0 {
		return 0, true
	}
	p := e.p
	if len(p.setpos) == 0 {
		n := 0
		for _, dn := range days {
			base := dn * secondsPerDay
			for _, h := range hours {
				for _, mi := range minutes {
					for _, s := range seconds {
						n++
						if !e.emit(base + int64(h*3600+mi*60+s)) {
							return n, false
						}
					}
				}
			}
		}
		return n, true
	}
	nh, nm, ns := int64(len(hours)), int64(len(minutes)), int64(len(seconds))
	perDay := nh * nm * ns
	total := int64(len(days)) * perDay
	e.sel = e.sel[:0]
	for _, pos := range p.setpos {
		i := int64(pos) - 1
		if pos < 0 {
			i = total + int64(pos)
		}
		if i < 0 || i >= total {
			continue
		}
		dn := days[i/perDay]
		j := i % perDay
		h, mi, s := hours[j/(nm*ns)], minutes[j/ns%nm], seconds[j%ns]
		e.sel = append(e.sel, dn*secondsPerDay+int64(h*3600+mi*60+s))
	}
	slices.Sort(e.sel)
	e.sel = slices.Compact(e.sel)
	for _, w := range e.sel {
		if !e.emit(w) {
			return len(e.sel), false
		}
	}
	return len(e.sel), true
}

// runSubDaily expands HOURLY, MINUTELY and SECONDLY rules. A period is one
// hour, minute or second of wall-clock time; periods whose day, hour or
// minute fails a BYxxx limit are skipped a whole day, hour or minute at a
// time.
func (e *expansion) runSubDaily() {
	p := e.p
	unit := unitSeconds(p.freq)
	u0 := floorDiv(e.startWall, unit)
	// nextK returns the first period index whose start is at or after wall.
	nextK := func(wall int64) int64 { return ceilDiv(ceilDiv(wall, unit)-u0, p.interval) }
	var one [1]int
	lastDay, lastOK := int64(math.MinInt64), false
	productive := satAdd(u0*unit, 0)
	if e.k0 > 0 {
		productive = (u0 + e.k0*p.interval) * unit
	}
	for k := e.k0; ; {
		ws := (u0 + k*p.interval) * unit
		if ws > e.stopWall || ws-productive > e.emptyLimit {
			return
		}
		day := floorDiv(ws, secondsPerDay)
		if day != lastDay {
			lastDay, lastOK = day, p.dayNumOK(day)
		}
		if !lastOK {
			k = max(k+1, nextK((day+1)*secondsPerDay))
			continue
		}
		sod := ws - day*secondsPerDay
		if p.hourLimit && p.hourMask&(1<<(sod/3600)) == 0 {
			k = max(k+1, nextK(ws-sod%3600+3600))
			continue
		}
		if p.minuteLimit && p.minuteMask&(1<<(sod%3600/60)) == 0 {
			k = max(k+1, nextK(ws-sod%60+60))
			continue
		}
		if p.secondLimit && p.secondMask&(1<<(sod%60)) == 0 {
			k++
			continue
		}
		// The period's own time set.
		var n int
		var more bool
		days := [1]int64{day}
		switch p.freq {
		case kHourly:
			one[0] = int(sod / 3600)
			n, more = e.emitPeriod(days[:], one[:], p.minutes, p.seconds)
		case kMinutely:
			one[0] = int(sod / 3600)
			m := [1]int{int(sod % 3600 / 60)}
			n, more = e.emitPeriod(days[:], one[:], m[:], p.seconds)
		default:
			one[0] = int(sod / 3600)
			m := [1]int{int(sod % 3600 / 60)}
			s := [1]int{int(sod % 60)}
			n, more = e.emitPeriod(days[:], one[:], m[:], s[:])
		}
		if !more {
			return
		}
		if n > 0 {
			productive = ws
		}
		k++
	}
}

// emit takes one wall time of the rule, in increasing wall order, resolves
// it, and passes it on in increasing order of instants. Wall times in a
// DST gap resolve to an instant after the gap (02:30 → 03:30), which may
// come after, or equal, instants of later wall times (03:00, 03:30): they
// wait in a queue until a later instant shows their place.
//
// Most instances take the hot path: the wall time lies in the zone period
// the resolver remembers, so its instant is wall minus that offset, and
// the instant lies where no gap instant waits, after the last one yielded,
// after the start and from, and before to, UNTIL, the next RDATE and the
// next EXDATE (the range [hotLo, hotHi)): it is yielded at once.
func (e *expansion) emit(wall int64) bool {
	if t := wall - e.res.off; t >= e.hotLo && t < e.hotHi && e.ruleCount < e.countLimit {
		return e.hot(t)
	}
	if wall < e.skipBelow {
		return true // processed before a suspension
	}
	if e.pause {
		e.suspended, e.skipBelow = true, wall
		return false
	}
	more := e.emitSlow(wall)
	e.rehot()
	return more
}

// hot yields the rule instance t, which passed emit's hot path test.
func (e *expansion) hot(t int64) bool {
	e.ruleCount++
	e.lastRule = t
	e.last, e.haveLast = instant{t, e.nsec}, true
	e.hotLo = t + 1
	if !e.yield(time.Unix(t, int64(e.nsec)).In(e.loc)) {
		e.stopped = true
		e.rehot()
		return false
	}
	return true
}

// rehot recomputes the hot path's range from the state that resolve,
// deliver and out leave (see emit); an empty range when the rule has
// ended or gap instants wait in the queue.
func (e *expansion) rehot() {
	if e.ruleDone || e.stopped || e.qHead < len(e.queue) || e.observe || e.pause {
		e.hotLo, e.hotHi = math.MaxInt64, math.MinInt64
		return
	}
	// t > start and t > from (by whole seconds: equal seconds with
	// nanoseconds to compare go the slow way), after the last instant.
	lo := max(e.start.sec, e.from.sec)
	if e.ruleCount > 0 {
		lo = max(lo, e.lastRule)
	}
	if e.haveLast {
		lo = max(lo, e.last.sec)
	}
	hi := min(e.to.sec, e.res.fastHi)
	if e.p.hasUntil {
		hi = min(hi, satAdd(e.p.until, 1))
	}
	if e.xi < len(e.extras) {
		hi = min(hi, e.extras[e.xi].sec)
	}
	if e.exi < len(e.ex) {
		hi = min(hi, e.ex[e.exi].sec)
	}
	// And t inside the resolver's exact range.
	e.hotLo, e.hotHi = max(satAdd(lo, 1), e.res.fastLo), hi
}

// emitSlow is emit's general path.
func (e *expansion) emitSlow(wall int64) bool {
	if e.ruleDone {
		return false
	}
	inst, gap, trans := e.res.resolve(wall)
	if gap {
		if e.qHead < len(e.queue) && e.qTrans != trans {
			// A gap of another transition: the queue is all earlier.
			if !e.flushQueue() {
				return false
			}
		}
		if e.qHead == len(e.queue) {
			e.queue, e.qHead = e.queue[:0], 0
		}
		e.qTrans, e.qOff = trans, wall-inst
		e.queue = append(e.queue, inst)
		return true
	}
	kind, from := civil.Unique, wall
	for e.qHead < len(e.queue) && e.queue[e.qHead] <= inst {
		x := e.queue[e.qHead]
		e.qHead++
		if x == inst {
			// A gap wall time moved onto this one's instant.
			kind, from = civil.Gap, x+e.qOff
			continue
		}
		if !e.deliverNoted(x, x+e.qOff, civil.Gap) {
			return false
		}
	}
	if e.observe && kind == civil.Unique && inst >= e.res.fastHi-secondsPerDay {
		// Only the last day of a zone period can hold the first
		// occurrence of a repeated wall time: resolve's period is inst's.
		kind = wallKind(wall, e.loc)
	}
	return e.deliverNoted(inst, from, kind)
}

// deliverNoted is deliver, noting in observe mode the wall time and kind
// of the instance.
func (e *expansion) deliverNoted(sec, wall int64, kind civil.Kind) bool {
	if !e.observe {
		return e.deliver(sec)
	}
	e.pend = pending{sec: sec, wall: wall, kind: kind, set: true}
	more := e.deliver(sec)
	e.pend = pending{}
	return more
}

func (e *expansion) flushQueue() bool {
	for e.qHead < len(e.queue) {
		x := e.queue[e.qHead]
		e.qHead++
		if !e.deliverNoted(x, x+e.qOff, civil.Gap) {
			return false
		}
	}
	return true
}

// wallKind classifies wall-clock seconds in loc with civil.Resolve.
func wallKind(wall int64, loc *time.Location) civil.Kind {
	day := floorDiv(wall, secondsPerDay)
	sod := int(wall - day*secondsPerDay)
	y, m, d := civilFromDays(day)
	_, k := civil.Resolve(y, time.Month(m), d, sod/3600, sod%3600/60, sod%60, 0, loc)
	return k
}

// deliver takes the rule's instants in increasing order and applies the
// start, UNTIL and COUNT; it returns false when the rule has ended.
func (e *expansion) deliver(sec int64) bool {
	if e.ruleDone {
		return false
	}
	if sec <= e.start.sec || (e.ruleCount > 0 && sec == e.lastRule) {
		// The start is yielded from the extras (it is always the first
		// instance); earlier instants are not part of the set.
		return true
	}
	p := e.p
	if p.hasUntil && sec > p.until {
		e.ruleDone = true
		return false
	}
	if p.count > 0 && e.ruleCount >= p.count-1 {
		e.ruleDone = true
		return false
	}
	e.ruleCount++
	e.lastRule = sec
	x := instant{sec, e.nsec}
	for e.xi < len(e.extras) && !x.less(e.extras[e.xi]) {
		if !e.out(e.extras[e.xi]) {
			return false
		}
		e.xi++
	}
	return e.out(x)
}

// out yields x unless it repeats the last instant, lies before `from` or
// is an EXDATE; it returns false once `to` is reached or the consumer
// stops.
func (e *expansion) out(x instant) bool {
	if e.stopped {
		return false
	}
	if e.haveLast && x == e.last {
		return true
	}
	e.last, e.haveLast = x, true
	if !x.less(e.to) {
		e.stopped = true
		return false
	}
	if x.less(e.from) {
		return true
	}
	for e.exi < len(e.ex) && e.ex[e.exi].less(x) {
		e.exi++
	}
	if e.exi < len(e.ex) && e.ex[e.exi] == x {
		return true
	}
	if !e.yield(time.Unix(x.sec, int64(x.nsec)).In(e.loc)) {
		e.stopped = true
		return false
	}
	return true
}
