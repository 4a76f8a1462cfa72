package calendar

import (
	"fmt"
	"time"
)

// This file keeps the day-by-day walk that AddBusiness and BusinessBetween
// used before issue 13, as the reference the arithmetic is checked against
// (TestBusinessArithmeticMatchesDayWalk). It is slow on long spans, which
// is why it is no longer the implementation, but it is obviously right.

// refAddBusiness is the old AddBusiness: it visits every day from t on.
func (h BusinessHours) refAddBusiness(t time.Time, d time.Duration) (time.Time, error) {
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
	for range 20_000 {
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
	return time.Time{}, fmt.Errorf("%w: reference walk gave up at %s", ErrNoBusinessTime, day)
}

// refBusinessBetween is the old BusinessBetween: it visits every day from
// a to b.
func (h BusinessHours) refBusinessBetween(a, b time.Time) (time.Duration, error) {
	if b.Before(a) {
		d, err := h.refBusinessBetween(b, a)
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
