package calendar

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zoneEnd moves forward through every zone period, also past the end of
// the zones' tzdata where Go's ZoneBounds gets stuck at the end of leap
// years, and agrees with a second-by-second search for the next change of
// offset or abbreviation.
func TestZoneEndAlwaysMovesOn(t *testing.T) {
	for _, zone := range []string{"Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Beirut", "Pacific/Auckland", "Asia/Tokyo"} {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		for _, year := range []int{2026, 2040, 2044, 7028, 9996} {
			at := time.Date(year, 10, 1, 0, 0, 0, 0, loc)
			last := at.AddDate(0, 6, 0)
			for n := 0; at.Before(last); n++ {
				require.Less(t, n, 20, "%s %d: too many periods", zone, year)
				end := zoneEnd(at)
				if end.IsZero() {
					break
				}
				require.True(t, end.After(at), "%s: zoneEnd(%v) = %v", zone, at, end)
				assert.Equal(t, slowZoneEnd(at, end), end.Unix(), "%s: zoneEnd(%v)", zone, at)
				at = end
			}
		}
	}
}

// slowZoneEnd is the first second after t, up to limit, whose offset or
// abbreviation differs from t's, searched by the minute and then by the
// second; limit when none does.
func slowZoneEnd(t, limit time.Time) int64 {
	name, off := t.Zone()
	differs := func(s int64) bool {
		n, o := time.Unix(s, 0).In(t.Location()).Zone()
		return n != name || o != off
	}
	s := t.Unix() + 1
	for ; s+60 <= limit.Unix() && !differs(s+60); s += 60 {
	}
	for ; s < limit.Unix() && !differs(s); s++ {
	}
	return s
}
