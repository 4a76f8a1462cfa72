package calendar_test

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// bigCalendar returns a valid calendar of n entries and n/10 milestones in
// three zones (each loaded separately, as a program decoding JSON would),
// plus two routines.
func bigCalendar(t testing.TB, n int) calendar.Calendar {
	t.Helper()
	var zones []*time.Location
	for _, name := range []string{"Europe/Madrid", "America/New_York", "Europe/Madrid", "Asia/Tokyo"} {
		zones = append(zones, mustZone(t, name))
	}
	chans := []channel.Channel{channel.Instagram, channel.LinkedIn, channel.X}
	c := calendar.Calendar{Name: "big"}
	for i := range 2 {
		c.Routines = append(c.Routines, calendar.Routine{ID: idOf(fmt.Sprint("r", i)), Channel: chans[i],
			Recurrence: calendar.Recurrence{Start: wall(zones[i], 2027, 1, 4, 9, 0), Rule: mustRule(t, "FREQ=WEEKLY;BYDAY=MO,TH")}})
	}
	for i := range n {
		e := post(fmt.Sprint("e", i), chans[i%3], wall(zones[i%4], 2027, 1, 1+i%365, 8+i%10, i%60), fmt.Sprintf("post %d about #coffee", i))
		if i%7 == 0 {
			e.Link = "https://shop.example/beans"
		}
		c.Entries = append(c.Entries, e)
		if i%10 == 0 {
			c.Milestones = append(c.Milestones, calendar.Milestone{ID: idOf(fmt.Sprint("m", i)), Name: "launch", At: e.At})
		}
	}
	require.NoError(t, c.Validate())
	return c
}

// TestCalendarValidateAllocs: a valid calendar costs a fixed number of
// allocations (its maps, one load per zone name), however many entries it
// holds, plus one per link or media URL (url.Parse returns a *url.URL):
// paths are built only for problems.
func TestCalendarValidateAllocs(t *testing.T) {
	for _, n := range []int{100, 1000} {
		c := bigCalendar(t, n)
		links := 0
		for _, e := range c.Entries {
			if e.Link != "" {
				links++
			}
			links += len(e.Media)
		}
		allocs := testing.AllocsPerRun(5, func() { _ = c.Validate() })
		assert.LessOrEqual(t, allocs-float64(links), 120.0, "%d entries, %d links: %v allocations", n, links, allocs)
	}
}

// TestCalendarValidateMatchesParts: Calendar.Validate reports exactly what
// each part's own Validate reports, re-rooted at its index, in order; the
// zones loaded for one entry do not excuse another that only borrows the
// name, and an unknown zone name is reported every time it is used.
func TestCalendarValidateMatchesParts(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	at := wall(madrid, 2026, 3, 2, 10, 0)
	impostor := time.FixedZone("Europe/Madrid", 5*3600)
	unknown := time.FixedZone("Mars/Olympus_Mons", 3600)
	entries := []calendar.Entry{
		post("a", channel.Instagram, at, "fine"),
		post("b", channel.Instagram, at.In(impostor), "borrows the name"),
		post("c", channel.X, at.In(unknown), "unknown zone"),
		post("d", channel.X, at.In(unknown), "unknown zone again"),
		post("e", channel.X, at.In(time.Local), "local"),
		post("f", channel.X, at.In(time.UTC), "utc is a zone"),
		{ID: idOf("g"), Channel: "myspace", Link: "/menu", Status: "sent"},
		post("h", channel.X, at, "x"),
	}
	entries[7].Text = string(make([]byte, 300))
	milestones := []calendar.Milestone{
		{ID: idOf("m1"), Name: "ok", At: at},
		{ID: idOf("m2"), At: at.In(impostor)},
		{ID: idOf("m3"), Name: "all day", At: at, AllDay: true},
	}
	routines := []calendar.Routine{
		{ID: idOf("r1"), Channel: channel.X, Recurrence: calendar.Recurrence{Start: at.In(impostor)}, From: at.In(unknown)},
	}
	c := calendar.Calendar{Routines: routines, Entries: entries, Milestones: milestones}

	var want validation.ErrorList
	for i, r := range routines {
		want = want.Merge(validation.NewPath("routines").Index(i), r.Validate())
	}
	for i, e := range entries {
		want = want.Merge(validation.NewPath("entries").Index(i), e.Validate())
	}
	for i, m := range milestones {
		want = want.Merge(validation.NewPath("milestones").Index(i), m.Validate())
	}
	var verr *validation.Error
	require.ErrorAs(t, c.Validate(), &verr)
	assert.Equal(t, want, verr.Errors)
	for _, path := range []string{"entries[1].at", "entries[2].at", "entries[3].at", "entries[4].at", "milestones[1].at", "milestones[2].at", "routines[0].recurrence.start", "routines[0].from"} {
		assert.True(t, verr.Has(validation.CodeInvalid, path), "%s: %v", path, verr)
	}
	assert.Nil(t, verr.Find("entries[0].at"))
	assert.Nil(t, verr.Find("entries[5].at"))
}

// TestBusinessBetweenAllocs: on valid hours whose holidays are in order,
// BusinessBetween, AddBusiness and Open allocate nothing.
func TestBusinessBetweenAllocs(t *testing.T) {
	h := deskHours(t)
	a := wall(h.Location, 2026, 1, 2, 16, 30)
	b := wall(h.Location, 2026, 1, 12, 10, 0)
	assert.Zero(t, testing.AllocsPerRun(20, func() { _, _ = h.BusinessBetween(a, b) }))
	assert.Zero(t, testing.AllocsPerRun(20, func() { _, _ = h.AddBusiness(a, 20*time.Hour) }))
	assert.Zero(t, testing.AllocsPerRun(20, func() { _ = h.Open(b) }))
}

// deskHours is Monday to Friday 09:00-13:00 and 15:00-18:00 in Madrid,
// with three holidays in order.
func deskHours(t testing.TB) calendar.BusinessHours {
	t.Helper()
	h := calendar.Weekdays(mustZone(t, "Europe/Madrid"),
		calendar.ClockRange{Start: calendar.Clock{Hour: 9}, End: calendar.Clock{Hour: 13}},
		calendar.ClockRange{Start: calendar.Clock{Hour: 15}, End: calendar.Clock{Hour: 18}})
	h.Holidays = []calendar.LocalDate{{Year: 2026, Month: 1, Day: 1}, {Year: 2026, Month: 1, Day: 6}, {Year: 2026, Month: 12, Day: 25}}
	require.NoError(t, h.Validate())
	return h
}

// BenchmarkCalendarValidate validates calendars of 100 and 1,000 entries:
// the cost per entry should not grow with the calendar.
func BenchmarkCalendarValidate(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			c := bigCalendar(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if err := c.Validate(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBusinessBetween measures the open time between two instants a
// week and a half apart, as a community desk does for every message.
func BenchmarkBusinessBetween(b *testing.B) {
	h := deskHours(b)
	a := wall(h.Location, 2026, 1, 2, 16, 30)
	to := wall(h.Location, 2026, 1, 12, 10, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := h.BusinessBetween(a, to); err != nil {
			b.Fatal(err)
		}
	}
}
