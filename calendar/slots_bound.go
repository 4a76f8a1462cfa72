package calendar

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// MaxSlots is the most slots (routine instances) one call of [Slots] or
// [SkippedSlots] expands. A FREQ=SECONDLY routine over a year is 31.5
// million slots from a few bytes of input; a window that could hold more
// than MaxSlots is refused with an error matching [ErrTooManySlots] before
// anything is expanded, never cut short. Ten million is three slots a
// minute, day and night, for twenty years; or a thousand routines with
// three posts a day for nine years.
const MaxSlots = 10_000_000

// ErrTooManySlots is the error [Slots] and [SkippedSlots] return (wrapped,
// with the numbers) when the routines could have more than [MaxSlots]
// slots in the window. Narrow the window, or the rule.
var ErrTooManySlots = errors.New("calendar: more slots than MaxSlots")

// checkSlotBound returns an error matching ErrTooManySlots when the
// routines could have more than MaxSlots instances in the spans.
func checkSlotBound(routines []Routine, spans []Window) error {
	var total, most int64
	worst := -1
	for i := range routines {
		n := routines[i].slotBound(spans)
		if n > most {
			most, worst = n, i
		}
		total = satAdd(total, n)
	}
	if total <= MaxSlots {
		return nil
	}
	r := &routines[worst]
	return fmt.Errorf("calendar: the routines could have up to %s slots in the window, more than MaxSlots (%d); routine %s (%s) alone up to %s: %w",
		countText(total), MaxSlots, r.ID, r.Recurrence.Rule, countText(most), ErrTooManySlots)
}

func countText(n int64) string {
	if n == math.MaxInt64 {
		return "more than 9e18"
	}
	return fmt.Sprint(n)
}

// slotBound returns an upper bound on the instances the routine's
// expansions over the spans (in order, not overlapping) generate: from its
// rule's frequency, interval, time parts, BYSETPOS, COUNT and UNTIL, its
// active period, its start and its RDATEs. A rule with COUNT is counted
// from its start, because it is expanded from there (COUNT counts from the
// start). It costs one compilation of the rule and a few operations per
// span, whatever their length.
func (r Routine) slotBound(spans []Window) int64 {
	rec := r.Recurrence
	if rec.Start.IsZero() || len(spans) == 0 {
		return 0
	}
	extras := int64(len(rec.RDates)) + 1
	if rec.Rule.IsZero() || !inYears(rec.Start) {
		return extras
	}
	p, ok := compile(rec.Rule, rec.wallStart())
	if !ok || p.never {
		return extras
	}
	if p.count > 0 {
		// One expansion from the start to the last span's end.
		spans = []Window{{From: rec.Start, To: spans[len(spans)-1].To}}
	}
	// The wall-clock seconds the instants' wall times can lie in, summed
	// over the spans, and how many spans have any.
	var wall, n int64
	for _, w := range spans {
		from, to := r.activeWindow(w.From, w.To)
		if rec.Start.After(from) {
			from = rec.Start
		}
		lo, hi := from.Unix(), to.Unix()
		if p.hasUntil {
			hi = min(hi, satAdd(p.until, 1))
		}
		if hi > lo {
			wall = satAdd(wall, satAdd(hi-lo, 2*offsetSlack))
			n++
		}
	}
	if n == 0 {
		return extras
	}
	days := satAdd(wall/secondsPerDay, n)
	per := p.maxSetSize()
	if len(p.setpos) > 0 {
		per = min(per, int64(len(p.setpos)))
	}
	var bound int64
	if p.freq >= kDaily {
		periodDays := p.interval // DAILY
		switch p.freq {
		case kWeekly:
			periodDays = satMul(7, p.interval)
		case kMonthly:
			periodDays = satMul(28, p.interval)
		case kYearly:
			periodDays = satMul(365, p.interval)
		}
		bound = min(satMul(satAdd(days/periodDays, 2*n), per), satMul(days, int64(len(p.tod))))
	} else {
		step := satMul(p.interval, unitSeconds(p.freq))
		// The times of day a day can hold, after the BYxxx limits.
		hours, minutes, seconds := int64(24), int64(60), int64(60)
		if p.hourLimit {
			hours = int64(bits.OnesCount32(p.hourMask))
		}
		switch p.freq {
		case kHourly:
			minutes, seconds = int64(len(p.minutes)), int64(len(p.seconds))
		case kMinutely:
			seconds = int64(len(p.seconds))
		}
		if p.minuteLimit {
			minutes = int64(bits.OnesCount64(p.minuteMask))
		}
		if p.secondLimit {
			seconds = int64(bits.OnesCount64(p.secondMask))
		}
		bound = min(satMul(satAdd(wall/step, 2*n), per), satMul(days, hours*minutes*seconds))
	}
	if p.count > 0 {
		bound = min(bound, int64(p.count))
	}
	return satAdd(bound, extras)
}
