package calendar_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// Past the end of the zones' tzdata (2037), Go's ZoneBounds gets stuck at
// the end of each leap year. WallClockShifts then stopped finding DST
// changes after 31 December 2040, and WriteICS wrote 100,000 observances
// (10 MB) for a VTIMEZONE that had to reach a routine's Until in 7027.
func TestZonesPastTheTzdata(t *testing.T) {
	for _, zone := range []string{"Europe/Madrid", "America/New_York", "Australia/Lord_Howe"} {
		loc := mustZone(t, zone)
		// A daily 02:15 meets the zone's changes every year alike: as
		// many shifts in 2041-2043 (extended rule) as in 2027 (tzdata).
		shifts := func(from time.Time) map[int]int {
			rec := calendar.Recurrence{Start: from, Rule: mustRule(t, "FREQ=DAILY")}
			years := map[int]int{}
			for s := range rec.WallClockShifts(calendar.Window{From: from, To: from.AddDate(4, 0, 0)}) {
				years[s.At.Year()]++
			}
			return years
		}
		want := shifts(wall(loc, 2026, 6, 1, 2, 15))[2027]
		require.NotZero(t, want, zone)
		start := wall(loc, 2040, 6, 1, 2, 15)
		got := shifts(start)
		for _, y := range []int{2041, 2042, 2043} {
			assert.Equal(t, want, got[y], "%s: shifts of a daily 02:15 in %d: %v", zone, y, got)
		}

		r := routine(t, "long", channel.Instagram, wall(loc, 2027, 1, 4, 10, 0), "FREQ=WEEKLY")
		r.Until = wall(loc, 7027, 4, 1, 0, 0)
		var out strings.Builder
		require.NoError(t, calendar.WriteICS(&out, calendar.Calendar{Routines: []calendar.Routine{r}}, start, nil))
		assert.Less(t, strings.Count(out.String(), "TZOFFSETTO"), 100, zone)
	}
}
