package calendar

import (
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/require"
)

// zonesUnderTest are the six zones the issue names, plus zones with odd
// histories: negative DST (Dublin), short DST periods around Ramadan
// (Casablanca), a skipped calendar day (Apia), half-hour offsets
// (St_Johns, Tehran), and no DST at all.
var zonesUnderTest = []string{
	"America/New_York", "Europe/Madrid", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago",
	"Europe/Dublin", "Africa/Casablanca", "Pacific/Apia", "America/St_Johns", "Asia/Tehran", "Asia/Kolkata", "UTC",
}

// transitions lists the zone changes of loc between two years.
func transitions(loc *time.Location, y0, y1 int) []time.Time {
	var out []time.Time
	t := time.Date(y0, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(y1, 1, 1, 0, 0, 0, 0, loc)
	for t.Before(end) {
		_, e := t.ZoneBounds()
		if e.IsZero() {
			break
		}
		out = append(out, e)
		t = e
	}
	return out
}

// TestResolverMatchesDate checks that the resolver's cached offsets give
// exactly what Date gives, for wall times walked forward across every
// transition from 1970 to 2040 and for wall times in random order.
func TestResolverMatchesDate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, name := range zonesUnderTest {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		check := func(r *resolver, wall int64) {
			day := floorDiv(wall, secondsPerDay)
			sod := int(wall - day*secondsPerDay)
			y, m, d := civilFromDays(day)
			want := Date(y, time.Month(m), d, sod/3600, sod%3600/60, sod%60, 0, loc)
			got, gap, _ := r.resolve(wall)
			_, off := want.Zone()
			require.Equal(t, want.Unix(), got, "%s wall %s", name, time.Unix(wall, 0).UTC())
			require.Equal(t, want.Unix()+int64(off) != wall, gap, "%s wall %s", name, time.Unix(wall, 0).UTC())
		}
		// Forward, as the iterator walks: 20-minute steps from three days
		// before to three days after every transition.
		r := newResolver(loc)
		for _, tr := range transitions(loc, 1970, 2040) {
			_, off := tr.Zone()
			w := tr.Unix() + int64(off)
			for s := w - 3*secondsPerDay; s < w+3*secondsPerDay; s += 20 * 60 {
				check(&r, s)
			}
		}
		// Random order, random seconds.
		r = newResolver(loc)
		lo := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		hi := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		for range 20000 {
			check(&r, lo+rng.Int64N(hi-lo))
		}
	}
}

func TestCivil(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		dn := rng.Int64N(2*3652425) - 3652425 // years -8000 … 11970
		y, m, d := civilFromDays(dn)
		require.Equal(t, dn, daysFromCivil(y, m, d))
		want := time.Unix(dn*secondsPerDay, 0).UTC()
		require.Equal(t, want.Year(), y)
		require.Equal(t, int(want.Month()), m)
		require.Equal(t, want.Day(), d)
		require.Equal(t, (int(want.Weekday())+6)%7, isoWeekday(dn))
	}
}

// TestWeekno checks week numbers with WKST=MO against ISO 8601, which Go
// implements in time.Time.ISOWeek.
func TestWeekno(t *testing.T) {
	p := &plan{}
	for dn := daysFromCivil(1990, 1, 1); dn < daysFromCivil(2040, 1, 1); dn++ {
		y, _, _ := civilFromDays(dn)
		n, neg := p.weekno(dn, y)
		wy, wn := time.Unix(dn*secondsPerDay, 0).UTC().ISOWeek()
		require.Equal(t, wn, n)
		weeks := 52
		if _, w := time.Date(wy, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek(); w == 53 {
			weeks = 53
		}
		require.Equal(t, weeks-wn+1, neg)
	}
}
