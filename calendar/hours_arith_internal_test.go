package calendar

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// arithZones have DST at midnight (Santiago, Havana), half-hour shifts
// (Lord Howe), a skipped day (Apia, 2011-12-30), double summer time in
// history (London), no DST (Kolkata, UTC) and the southern hemisphere.
var arithZones = []string{
	"Europe/Madrid", "America/New_York", "America/Santiago", "America/Havana", "Australia/Lord_Howe",
	"Pacific/Apia", "Europe/London", "Asia/Kolkata", "UTC", "Australia/Sydney", "Africa/Casablanca",
}

// randomHours is a random valid schedule: up to three ranges on some
// weekdays, on quarter hours, ending at 24:00 at times, and holidays.
func randomHours(r *rand.Rand, loc *time.Location, around LocalDate) BusinessHours {
	h := BusinessHours{Location: loc}
	for {
		for wd := range 7 {
			if r.IntN(3) == 0 {
				continue
			}
			at := r.IntN(8) * 15
			for range 1 + r.IntN(3) {
				if at >= 24*60 {
					break
				}
				end := min(at+15+r.IntN(12*4)*15, 24*60)
				if r.IntN(4) == 0 {
					end = 24 * 60
				}
				h.Week[wd] = append(h.Week[wd], ClockRange{Start: Clock{at / 60, at % 60}, End: Clock{end / 60, end % 60}})
				at = end + r.IntN(4)*15
			}
		}
		if h.validate(nil, false) == nil {
			break
		}
		h.Week = [7][]ClockRange{}
	}
	for range r.IntN(6) {
		d := around.AddDays(r.IntN(400) - 100)
		if !containsDate(h.Holidays, d) {
			h.Holidays = append(h.Holidays, d)
		}
	}
	if r.IntN(2) == 0 {
		// A long run of holidays: whole weeks closed.
		d := around.AddDays(r.IntN(60))
		for i := range r.IntN(30) {
			if !containsDate(h.Holidays, d.AddDays(i)) {
				h.Holidays = append(h.Holidays, d.AddDays(i))
			}
		}
	}
	return h
}

func containsDate(ds []LocalDate, d LocalDate) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// TestBusinessArithmeticMatchesDayWalk compares AddBusiness and
// BusinessBetween with the old day-by-day walk over random schedules, zones
// and instants, on spans up to three years long.
func TestBusinessArithmeticMatchesDayWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 4))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := range n {
		loc, err := time.LoadLocation(arithZones[r.IntN(len(arithZones))])
		require.NoError(t, err)
		// Instants from 1995 to 2045, around the DST changes of their year.
		base := time.Date(1995+r.IntN(50), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(4)*15+r.IntN(2), 0, 0, loc)
		if loc.String() == "Pacific/Apia" && r.IntN(2) == 0 {
			base = time.Date(2011, 12, 20+r.IntN(10), r.IntN(24), 0, 0, 0, loc)
		}
		h := randomHours(r, loc, DateOf(base))
		a := base
		b := a.Add(time.Duration(r.Int64N(int64(3 * 366 * 24 * time.Hour))))
		if r.IntN(3) == 0 {
			b = a.Add(time.Duration(r.Int64N(int64(10 * 24 * time.Hour))))
		}
		want, werr := h.refBusinessBetween(a, b)
		got, gerr := h.BusinessBetween(a, b)
		require.NoError(t, werr)
		require.NoError(t, gerr)
		require.Equal(t, want, got, "case %d: BusinessBetween(%v, %v) in %v, hours %+v", i, a, b, loc, h)
		back, err := h.BusinessBetween(b, a)
		require.NoError(t, err)
		require.Equal(t, -want, back)

		d := time.Duration(r.Int64N(int64(2000 * time.Hour)))
		if r.IntN(4) == 0 {
			d = time.Duration(r.Int64N(int64(20 * time.Hour)))
		}
		wantDue, werr := h.refAddBusiness(a, d)
		gotDue, gerr := h.AddBusiness(a, d)
		require.NoError(t, werr)
		require.NoError(t, gerr)
		require.True(t, wantDue.Equal(gotDue), "case %d: AddBusiness(%v, %v) in %v = %v, want %v; hours %+v", i, a, d, loc, gotDue, wantDue, h)
		require.Equal(t, loc, gotDue.Location())
	}
}

// TestBusinessArithmeticBounded: AddBusiness of a huge duration on a
// schedule open one minute a week, and BusinessBetween over the whole
// calendar, return within a generous limit: an error for a result that
// cannot be represented, the exact value otherwise.
func TestBusinessArithmeticBounded(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	minute := BusinessHours{Location: madrid}
	minute.Week[time.Wednesday] = []ClockRange{{Start: Clock{10, 0}, End: Clock{10, 1}}}
	full := BusinessHours{Location: madrid}
	for wd := range 7 {
		full.Week[wd] = []ClockRange{{Start: Clock{0, 0}, End: Clock{24, 0}}}
	}
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, madrid)
	year1 := time.Date(1, 1, 1, 0, 0, 0, 0, madrid)
	year9999 := time.Date(9999, 12, 31, 23, 0, 0, 0, madrid)

	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err := minute.AddBusiness(start, 1<<62)
		assert.ErrorIs(t, err, ErrBusinessRange, "146 years of open minutes at one a week end after 9999")

		d, err := minute.BusinessBetween(year1, year9999)
		assert.NoError(t, err)
		assert.Greater(t, d, 500_000*time.Minute)
		assert.Less(t, d, 530_000*time.Minute)

		_, err = full.BusinessBetween(year1, year9999)
		assert.ErrorIs(t, err, ErrBusinessRange, "10,000 years do not fit in a time.Duration")
		_, err = full.BusinessBetween(year9999, year1)
		assert.ErrorIs(t, err, ErrBusinessRange)

		d, err = full.BusinessBetween(start, start.AddDate(250, 0, 0))
		assert.NoError(t, err, "250 years fit in a time.Duration")
		assert.Equal(t, start.AddDate(250, 0, 0).Sub(start), d)

		due, err := full.AddBusiness(start, time.Duration(1<<62))
		assert.NoError(t, err)
		assert.Equal(t, start.Add(1<<62), due)

		_, err = full.AddBusiness(time.Date(-5000, 1, 1, 0, 0, 0, 0, madrid), time.Hour)
		assert.ErrorIs(t, err, ErrBusinessRange)
		_, err = full.BusinessBetween(start, time.Date(1e9, 1, 1, 0, 0, 0, 0, madrid))
		assert.ErrorIs(t, err, ErrBusinessRange)
		_, err = full.AddBusiness(time.Date(9999, 12, 31, 12, 0, 0, 0, madrid), 24*time.Hour)
		assert.ErrorIs(t, err, ErrBusinessRange)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("business arithmetic still running after 30 s; it must take milliseconds")
	}
	require.False(t, errors.Is(ErrBusinessRange, ErrNoBusinessTime))
}
