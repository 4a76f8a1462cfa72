package calendar_test

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/tandemsocial/tandem/calendar"
)

// TestBetweenAllocsPerInstance: ranging over Between allocates a fixed
// amount whatever the number of instances (the iterator's setup), for the
// common rule shapes and for one that takes the slow path on every DST
// change.
func TestBetweenAllocsPerInstance(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	start := time.Date(2026, 1, 5, 10, 0, 0, 0, madrid)
	for _, rule := range []string{
		"FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0",
		"FREQ=DAILY;BYHOUR=2,9;BYMINUTE=30", // 02:30 is in Madrid's spring gap
		"FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1,-1",
		"FREQ=HOURLY;INTERVAL=5",
	} {
		rec := calendar.Recurrence{Start: start, Rule: mustRule(t, rule), ExDates: []time.Time{start.AddDate(0, 0, 2)}}
		allocs := func(years int) float64 {
			end := start.AddDate(years, 0, 0)
			return testing.AllocsPerRun(20, func() {
				for range rec.Between(start, end) {
				}
			})
		}
		if one, ten := allocs(1), allocs(10); one != ten {
			t.Errorf("%s: %v allocations over a year, %v over ten", rule, one, ten)
		}
	}
}

// BenchmarkBetween expands rules from a Europe/Madrid start over ten years
// (see internal/bench for the comparison with rrule-go and time.Date).
func BenchmarkBetween(b *testing.B) {
	madrid := mustZone(b, "Europe/Madrid")
	start := time.Date(2026, 1, 5, 10, 0, 0, 0, madrid)
	end := start.AddDate(10, 0, 0)
	for _, bb := range []struct{ name, rule string }{
		{"weekly", "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0"},
		{"daily-in-gap", "FREQ=DAILY;BYHOUR=2,9;BYMINUTE=30"},
		{"monthly-setpos", "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1,-1"},
		{"hourly", "FREQ=HOURLY;INTERVAL=5"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			rec := calendar.Recurrence{Start: start, Rule: mustRule(b, bb.rule)}
			n := 0
			for range rec.Between(start, end) {
				n++
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				for range rec.Between(start, end) {
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/instance")
		})
	}
}
