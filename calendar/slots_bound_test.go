package calendar_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/budget"
)

// within runs f and fails the test if it has not returned after limit: a
// generous bound for work that must take milliseconds, which a busy
// machine cannot make flaky.
func within(t *testing.T, limit time.Duration, f func()) {
	t.Helper()
	budget.Within(t, "the call", limit, f)
}

// TestSlotsSecondlyStreams: Slots expands each routine once, so ten days
// of a SECONDLY routine (864,000 slots) take milliseconds, not the minute
// and a half that restarting the expansion every 64 slots took.
func TestSlotsSecondlyStreams(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := wall(madrid, 2027, 3, 20, 0, 0)
	rts := []calendar.Routine{
		routine(t, "sec", channel.Instagram, start, "FREQ=SECONDLY"),
		routine(t, "daily", channel.Instagram, start, "FREQ=DAILY;BYHOUR=2,10;BYMINUTE=30"),
		routine(t, "count", channel.X, start, "FREQ=SECONDLY;INTERVAL=7;COUNT=100000"),
	}
	w := calendar.Window{From: start, To: start.AddDate(0, 0, 10)}
	var n, daily, counted int
	within(t, 30*time.Second, func() {
		seq, err := calendar.Slots(rts, nil, w)
		require.NoError(t, err)
		var last time.Time
		for s := range seq {
			if s.At.Before(last) {
				t.Errorf("out of order: %s after %s", s.At, last)
				return
			}
			last = s.At
			n++
			switch s.RoutineID {
			case rts[1].ID:
				daily++
			case rts[2].ID:
				counted++
			}
		}
	})
	// 10 days of seconds less the hour the spring change skips, the daily
	// routine's start and 20 slots (02:30 on the 28th becomes 03:30), and
	// the COUNT.
	assert.Equal(t, 10*86400-3600+21+100000, n)
	assert.Equal(t, 21, daily)
	assert.Equal(t, 100000, counted)
}

// TestSlotsMatchBetween: the merged stream yields exactly each routine's
// Between, for rules with gaps, COUNT, BYSETPOS, RDATE and EXDATE.
func TestSlotsMatchBetween(t *testing.T) {
	for _, zone := range []string{"Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "America/Santiago"} {
		loc := mustZone(t, zone)
		start := wall(loc, 2026, 1, 1, 0, 30)
		var rts []calendar.Routine
		for i, rule := range []string{
			"FREQ=MINUTELY;INTERVAL=7",
			"FREQ=HOURLY;BYMINUTE=0,15,30,45;BYSECOND=0,30",
			"FREQ=DAILY;BYHOUR=0,1,2,3;BYMINUTE=0,30",
			"FREQ=MONTHLY;BYDAY=SU;BYHOUR=0,2;BYMINUTE=0,30;BYSETPOS=1,2,-1",
			"FREQ=YEARLY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,20,40",
			"FREQ=SECONDLY;INTERVAL=3601;COUNT=5000",
		} {
			r := routine(t, rule, channel.Instagram, start, rule)
			r.Recurrence.RDates = []time.Time{start.Add(time.Duration(i) * 1000 * time.Second)}
			r.Recurrence.ExDates = []time.Time{start.Add(time.Duration(i+1) * time.Hour)}
			rts = append(rts, r)
		}
		w := calendar.Window{From: start.AddDate(0, 1, 0), To: start.AddDate(1, 0, 0)}
		seq, err := calendar.Slots(rts, nil, w)
		require.NoError(t, err)
		got := map[int][]time.Time{}
		for s := range seq {
			for i := range rts {
				if rts[i].ID == s.RoutineID {
					got[i] = append(got[i], s.At)
				}
			}
		}
		for i, r := range rts {
			var want []time.Time
			for x := range r.Between(w.From, w.To) {
				want = append(want, x)
			}
			require.Equal(t, len(want), len(got[i]), "%s %s", zone, r.Pillar)
			for j := range want {
				require.True(t, want[j].Equal(got[i][j]), "%s %s #%d", zone, r.Pillar, j)
			}
		}
	}
}

// TestSlotsMaxSlots: a window that could hold more than MaxSlots slots is
// refused with ErrTooManySlots, at once, never cut short silently.
func TestSlotsMaxSlots(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := wall(madrid, 2027, 1, 1, 0, 0)
	sec := routine(t, "sec", channel.Instagram, start, "FREQ=SECONDLY")
	year := calendar.Window{From: start, To: start.AddDate(1, 0, 0)}
	within(t, 30*time.Second, func() {
		_, err := calendar.Slots([]calendar.Routine{sec}, nil, year)
		assert.True(t, errors.Is(err, calendar.ErrTooManySlots), "%v", err)
		_, err = calendar.SkippedSlots([]calendar.Routine{sec}, []calendar.Blackout{{From: start, To: start.AddDate(1, 0, 0)}}, year)
		assert.True(t, errors.Is(err, calendar.ErrTooManySlots), "%v", err)
	})
	// COUNT, UNTIL and the active period bound the estimate: these fit.
	for _, rule := range []string{"FREQ=SECONDLY;COUNT=100000", "FREQ=SECONDLY;UNTIL=20270102T000000Z", "FREQ=SECONDLY;BYHOUR=10;BYMINUTE=0;BYSECOND=0"} {
		r := routine(t, rule, channel.Instagram, start, rule)
		_, err := calendar.Slots([]calendar.Routine{r}, nil, year)
		assert.NoError(t, err, rule)
	}
	active := sec
	active.Until = start.AddDate(0, 0, 2)
	_, err := calendar.Slots([]calendar.Routine{active}, nil, year)
	assert.NoError(t, err)
	// Many ordinary routines over a long window stay well inside.
	var many []calendar.Routine
	for i := range 1000 {
		many = append(many, routine(t, string(rune('a'+i%26))+string(rune(i)), channel.Instagram, start, "FREQ=DAILY;BYHOUR=9,13,18"))
	}
	_, err = calendar.Slots(many, nil, calendar.Window{From: start, To: start.AddDate(3, 0, 0)})
	assert.NoError(t, err)
}

// TestWallClockShiftsHops: a rule without COUNT is expanded only near the
// zone's DST changes, so a year of a SECONDLY rule takes milliseconds, and
// the shifts are those a full expansion finds (the same rule with a COUNT
// it never reaches is expanded over the whole window).
func TestWallClockShiftsHops(t *testing.T) {
	for _, zone := range []string{"Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Beirut", "UTC"} {
		loc := mustZone(t, zone)
		start := wall(loc, 2026, 1, 1, 0, 0)
		w := calendar.Window{From: start.AddDate(0, 0, 3), To: start.AddDate(2, 0, 0)}
		for _, rule := range []string{"FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=7", "FREQ=HOURLY", "FREQ=DAILY;BYHOUR=0,1,2,3;BYMINUTE=0,15,30,45"} {
			rec := calendar.Recurrence{Start: start, Rule: mustRule(t, rule)}
			counted := rec
			counted.Rule.Count = calendar.MaxCount
			var hop, full []string
			within(t, 30*time.Second, func() {
				for s := range rec.WallClockShifts(w) {
					hop = append(hop, s.String())
				}
			})
			if rule == "FREQ=SECONDLY" {
				// A full expansion of two years of seconds is slow:
				// compare March 1 to April 10, which has the spring
				// changes of the north and the autumn ones of the south.
				short := calendar.Window{From: start.AddDate(0, 2, 0), To: start.AddDate(0, 3, 10)}
				hop = hop[:0]
				for s := range rec.WallClockShifts(short) {
					hop = append(hop, s.String())
				}
				for s := range counted.WallClockShifts(short) {
					full = append(full, s.String())
				}
				assert.Equal(t, full, hop, "%s %s", zone, rule)
				continue
			}
			for s := range counted.WallClockShifts(w) {
				full = append(full, s.String())
			}
			assert.Equal(t, full, hop, "%s %s", zone, rule)
			if zone != "UTC" && !(zone == "Australia/Lord_Howe" && rule == "FREQ=HOURLY") {
				assert.NotEmpty(t, hop, "%s %s", zone, rule)
			}
		}
	}
}

// TestPauseSecondlyRoutine: moving paused posts into the slots of a
// SECONDLY routine walks the slots lazily (no channel's slots are
// collected), and a horizon with more than MaxSlots slots holds the posts
// with a reason that says so.
func TestPauseSecondlyRoutine(t *testing.T) {
	entries, w := pauseFixture(t)
	madrid := mustZone(t, "Europe/Madrid")
	routines := []calendar.Routine{routine(t, "ig-sec", channel.Instagram, wall(madrid, 2026, 3, 1, 0, 0), "FREQ=SECONDLY")}
	within(t, 30*time.Second, func() {
		_, changes, err := calendar.Pause(entries, w, calendar.PausePolicy{Resume: calendar.ResumeNextFreeSlot}, &calendar.PauseOptions{
			Channels: []channel.Channel{channel.Instagram}, Routines: routines, Horizon: calendar.Duration(30 * 24 * time.Hour),
		})
		require.NoError(t, err)
		require.Len(t, changes, 2)
		for _, c := range changes {
			assert.Equal(t, calendar.ChangeRescheduled, c.Kind, c.Reason)
		}
		_, changes, err = calendar.Pause(entries, w, calendar.PausePolicy{Resume: calendar.ResumeNextFreeSlot}, &calendar.PauseOptions{
			Channels: []channel.Channel{channel.Instagram}, Routines: routines, Horizon: calendar.Duration(365 * 24 * time.Hour),
		})
		require.NoError(t, err)
		require.Len(t, changes, 2)
		for _, c := range changes {
			assert.Equal(t, calendar.ChangeHeld, c.Kind)
			assert.Contains(t, c.Reason, "MaxSlots")
		}
	})
}

// TestWriteICSSecondlyRoutine: a blackout over a SECONDLY routine would be
// millions of EXDATEs; WriteICS refuses it with ErrTooManySlots at once.
func TestWriteICSSecondlyRoutine(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := wall(madrid, 2027, 1, 1, 0, 0)
	cal := calendar.Calendar{
		Routines:  []calendar.Routine{routine(t, "sec", channel.Instagram, start, "FREQ=SECONDLY")},
		Blackouts: []calendar.Blackout{{From: start, To: start.AddDate(1, 0, 0), Reason: "a year off"}},
	}
	within(t, 30*time.Second, func() {
		err := calendar.WriteICS(io.Discard, cal, start, nil)
		assert.True(t, errors.Is(err, calendar.ErrTooManySlots), "%v", err)
		cal.Blackouts[0].To = start.Add(10 * time.Minute)
		assert.NoError(t, calendar.WriteICS(io.Discard, cal, start, nil))
	})
}

// A routine's EXDATEs are capped: a secondly routine under an hour's
// blackout would write 3,600 EXDATE lines, an .ics far larger than its
// plan. An hourly routine under a month's blackout (720) is written.
func TestWriteICSMaxExDates(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := wall(madrid, 2027, 1, 1, 0, 0)
	cal := calendar.Calendar{
		Routines:  []calendar.Routine{routine(t, "sec", channel.Instagram, start, "FREQ=SECONDLY")},
		Blackouts: []calendar.Blackout{{From: start, To: start.Add(time.Hour), Reason: "an hour off"}},
	}
	err := calendar.WriteICS(io.Discard, cal, start, nil)
	assert.ErrorIs(t, err, calendar.ErrTooManyExDates)
	assert.ErrorContains(t, err, "routines[0]")

	// Many blackouts that each stay under the cap add up past it.
	cal.Routines[0] = routine(t, "minutely", channel.Instagram, start, "FREQ=MINUTELY")
	cal.Blackouts = nil
	for i := range 40 {
		from := start.Add(time.Duration(i) * time.Hour)
		cal.Blackouts = append(cal.Blackouts, calendar.Blackout{From: from, To: from.Add(30 * time.Minute), Reason: "a pause"})
	}
	assert.ErrorIs(t, calendar.WriteICS(io.Discard, cal, start, nil), calendar.ErrTooManyExDates)

	cal.Routines[0] = routine(t, "hourly", channel.Instagram, start, "FREQ=HOURLY")
	cal.Blackouts = []calendar.Blackout{{From: start, To: start.AddDate(0, 1, 0), Reason: "a month off"}}
	var out strings.Builder
	require.NoError(t, calendar.WriteICS(&out, cal, start, nil))
	assert.Equal(t, 31*24, strings.Count(out.String(), "EXDATE"))
}
