package bench

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// slotRules are the routines' schedules: a typical mix of weekly, daily
// and monthly publishing rules.
var slotRules = []string{
	"FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0",
	"FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=30",
	"FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0",
	"FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
	"FREQ=MONTHLY;BYDAY=1MO,3MO;BYHOUR=12",
	"FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=16",
}

var slotZones = []string{"Europe/Madrid", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago"}

// benchRoutines builds n routines cycling through the rules, zones and
// channels, with start minutes spread so that instants interleave.
func benchRoutines(b *testing.B, n int) []calendar.Routine {
	b.Helper()
	locs := make([]*time.Location, len(slotZones))
	for i, z := range slotZones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			b.Fatal(err)
		}
		locs[i] = loc
	}
	rules := make([]calendar.Rule, len(slotRules))
	for i, s := range slotRules {
		r, err := calendar.ParseRule(s)
		if err != nil {
			b.Fatal(err)
		}
		rules[i] = r
	}
	channels := channel.All()
	out := make([]calendar.Routine, n)
	for i := range out {
		loc := locs[i%len(locs)]
		out[i] = calendar.Routine{
			ID:      uuid.NewSHA1(uuid.NameSpaceURL, []byte(fmt.Sprint("bench-routine-", i))),
			Channel: channels[i%len(channels)],
			Recurrence: calendar.Recurrence{
				Start: calendar.Date(2025, 12, 1+i%28, 8, (i*7)%60, 0, 0, loc),
				Rule:  rules[i%len(rules)],
			},
		}
	}
	return out
}

// BenchmarkSlots expands many routines into one ordered sequence of slots:
// 1,000 and 10,000 routines over 2026, and 10,000 routines over its first
// quarter. For a fixed set of routines the cost is linear in the instances
// (a quarter against a year: ns/instance stays flat); across sets it grows
// with the log of the routines (the heap of the merge) and, at 10,000
// routines, with a working set that no longer fits in cache.
func BenchmarkSlots(b *testing.B) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ routines, months int }{{1000, 12}, {10000, 3}, {10000, 12}} {
		n, w := c.routines, calendar.Window{From: from, To: from.AddDate(0, c.months, 0)}
		b.Run(fmt.Sprintf("routines=%d/months=%d", n, c.months), func(b *testing.B) {
			routines := benchRoutines(b, n)
			// Check once, outside the timed loop, that the sequence is
			// ordered and complete.
			seq, err := calendar.Slots(routines, nil, w)
			if err != nil {
				b.Fatal(err)
			}
			want := 0
			for _, r := range routines {
				for range r.Between(w.From, w.To) {
					want++
				}
			}
			got := 0
			var last time.Time
			for s := range seq {
				if s.At.Before(last) {
					b.Fatalf("slot %d at %v comes after %v", got, s.At, last)
				}
				last = s.At
				got++
			}
			if got != want {
				b.Fatalf("Slots yielded %d instances, the routines have %d", got, want)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				seq, _ := calendar.Slots(routines, nil, w)
				for range seq {
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*want), "ns/instance")
			b.ReportMetric(float64(want), "instances")
		})
	}
}
