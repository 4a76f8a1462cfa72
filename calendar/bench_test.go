package calendar_test

import (
	"testing"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// BenchmarkSlotsSecondly: a day of a FREQ=SECONDLY routine (86,400 slots)
// through Slots, which expands the routine once: about 30 ns a slot and a
// fixed number of allocations (restarting the expansion every 64 slots
// took 3 s).
func BenchmarkSlotsSecondly(b *testing.B) {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	start := time.Date(2027, 3, 20, 0, 0, 0, 0, madrid)
	r := calendar.Routine{ID: idOf("sec"), Channel: channel.Instagram, Recurrence: calendar.Recurrence{Start: start, Rule: calendar.Rule{Freq: calendar.Secondly}}}
	w := calendar.Window{From: start, To: start.AddDate(0, 0, 1)}
	b.ReportAllocs()
	for b.Loop() {
		seq, err := calendar.Slots([]calendar.Routine{r}, nil, w)
		if err != nil {
			b.Fatal(err)
		}
		for range seq {
		}
	}
}
