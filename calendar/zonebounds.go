package calendar

import "time"

// zoneEnd returns the end of the zone period that holds t, as
// time.Time.ZoneBounds does, but always after t, or the zero time when
// the zone has no later change.
//
// Past the last transition in a zone's tzdata, Go extends the zone's rule
// year by year, and at the end of a leap year ZoneBounds returns an end
// at or before t (Go 1.26: for Europe/Madrid at 2040-12-31 01:00 it gives
// 2040-12-31 01:00, so a loop that moves to each period's end stops
// moving). Then the end is found by looking: the first second within the
// next day at which the offset or abbreviation differs, by bisection; and
// when nothing differs within the day, the end of the period a day on.
func zoneEnd(t time.Time) time.Time {
	for range 4 {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(t) {
			return end
		}
		name, off := t.Zone()
		same := func(x time.Time) bool {
			n, o := x.In(t.Location()).Zone()
			return n == name && o == off
		}
		// An instant, not a calendar day: 86,400 s is the bisection's
		// reach, not "tomorrow".
		day := t.Add(24 * time.Hour)
		if !same(day) {
			lo, hi := t.Unix(), day.Unix() // same at lo, not at hi
			for hi-lo > 1 {
				mid := lo + (hi-lo)/2
				if same(time.Unix(mid, 0)) {
					lo = mid
				} else {
					hi = mid
				}
			}
			return time.Unix(hi, 0).In(t.Location())
		}
		t = day
	}
	return time.Time{}
}
