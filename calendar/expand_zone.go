package calendar

import (
	"math"
	"time"
)

// resolver turns wall-clock seconds into instants in one location with the
// results of Date, but without calling it for every instance: it remembers
// the offset of the zone period it last resolved into, and the range of
// instants in which "wall minus offset" is exactly what Date would return.
// Outside that range (within a day or so of a transition) it calls Date and
// moves to the period of the result. Nothing here allocates.
type resolver struct {
	loc    *time.Location
	off    int64 // offset of the remembered period, seconds east of UTC
	fastLo int64 // wall-off is exact for instants in [fastLo, fastHi)
	fastHi int64
	lo     int64 // start of the remembered period (Unix seconds)
}

func newResolver(loc *time.Location) resolver {
	// An empty fast range: the first call fills it.
	return resolver{loc: loc, fastLo: math.MaxInt64, fastHi: math.MinInt64}
}

// resolve returns the instant (Unix seconds) for wall, and whether wall
// fell in a gap, in which case trans is the start of the zone period the
// instant lies in (the transition that made the gap).
func (r *resolver) resolve(wall int64) (inst int64, gap bool, trans int64) {
	if t := wall - r.off; t >= r.fastLo && t < r.fastHi {
		return t, false, 0
	}
	return r.slow(wall)
}

func (r *resolver) slow(wall int64) (int64, bool, int64) {
	day := floorDiv(wall, secondsPerDay)
	sod := int(wall - day*secondsPerDay)
	y, m, d := civilFromDays(day)
	t := Date(y, time.Month(m), d, sod/3600, sod%3600/60, sod%60, 0, r.loc)
	inst := t.Unix()
	_, off := t.Zone()
	r.off = int64(off)
	start, end := t.ZoneBounds()
	r.lo, r.fastLo, r.fastHi = math.MinInt64, math.MinInt64, math.MaxInt64
	if !end.IsZero() {
		r.fastHi = end.Unix()
	}
	if !start.IsZero() {
		r.lo = start.Unix()
		// A wall time just after the transition may also exist just
		// before it (the clocks went back); its first occurrence is the
		// earlier one, so stay on the slow path for that long.
		prev := start.Add(-time.Second)
		_, prevOff := prev.Zone()
		r.fastLo = r.lo + max(0, int64(prevOff)-r.off)
		// A zone period shorter than two days (none in today's zones)
		// could hide a third reading of the wall time: be cautious.
		if ps, _ := prev.ZoneBounds(); !ps.IsZero() && r.lo-ps.Unix() < 2*secondsPerDay {
			r.fastLo = max(r.fastLo, r.lo+secondsPerDay)
		}
	}
	gap := inst+r.off != wall
	return inst, gap, r.lo
}
