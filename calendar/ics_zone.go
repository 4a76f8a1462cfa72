package calendar

import (
	"fmt"
	"time"
)

// writeVTimezone writes a VTIMEZONE for loc that is exact over each of
// the spans of instants (in order, not overlapping): for each, one
// observance for the period in effect at its start, then one RRULE-less
// observance per transition Go's zone data has up to its end. Each
// observance says when it starts (DTSTART, local time in the offset
// before it), the offsets it moves from and to, its abbreviation, and
// whether it is daylight time. Zones with 30-minute changes
// (Australia/Lord_Howe), changes at midnight (America/Santiago) and
// changes of standard offset come out right because nothing is assumed
// about the rules: every transition is read from the zone itself.
func (w *icsWriter) writeVTimezone(loc *time.Location, spans []Window) {
	w.line("BEGIN", "VTIMEZONE")
	w.line("TZID", loc.String())
	for _, span := range spans {
		t := span.From.In(loc)
		name, off := t.Zone()
		w.observance(t.IsDST(), t.Add(time.Duration(off)*time.Second).UTC(), off, off, name)
		end := zoneEnd(t)
		// Each step moves to a later zone period (zoneEnd is always
		// after its argument), so the loop ends.
		for !end.IsZero() && !end.After(span.To) {
			next := end.In(loc)
			nextName, nextOff := next.Zone()
			// The transition instant read on the wall clock before it.
			wall := end.Add(time.Duration(off) * time.Second).UTC()
			w.observance(next.IsDST(), wall, off, nextOff, nextName)
			off = nextOff
			end = zoneEnd(next)
		}
	}
	w.line("END", "VTIMEZONE")
}

// observance writes one STANDARD or DAYLIGHT component starting at the
// local wall time wall (held in a UTC time).
func (w *icsWriter) observance(dst bool, wall time.Time, from, to int, name string) {
	kind := "STANDARD"
	if dst {
		kind = "DAYLIGHT"
	}
	w.line("BEGIN", kind)
	w.line("DTSTART", wall.Format("20060102T150405"))
	w.line("TZOFFSETFROM", icsOffset(from))
	w.line("TZOFFSETTO", icsOffset(to))
	if name != "" {
		w.text("TZNAME", name)
	}
	w.line("END", kind)
}

// icsOffset formats a UTC offset in seconds as +hhmm, or +hhmmss when it
// has seconds (the local mean time of old zone data).
func icsOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign = '-'
		sec = -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}
