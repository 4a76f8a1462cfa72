package calendar_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// Two routines in two zones merge into one sequence of slots in time
// order. The Madrid routine stays at 10:00 Madrid time across the DST
// change of March 29; the New York one moved on March 8.
func ExampleSlots() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	newYork, _ := time.LoadLocation("America/New_York")
	mwf, _ := calendar.ParseRule("FREQ=WEEKLY;BYDAY=MO,WE,FR")
	daily, _ := calendar.ParseRule("FREQ=DAILY")
	routines := []calendar.Routine{
		{
			ID: uuid.MustParse("00000000-0000-0000-0000-000000000001"), Channel: channel.Instagram, Pillar: "reels",
			Recurrence: calendar.Recurrence{Start: calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid), Rule: mwf},
		},
		{
			ID: uuid.MustParse("00000000-0000-0000-0000-000000000002"), Channel: channel.LinkedIn, Pillar: "news",
			Recurrence: calendar.Recurrence{Start: calendar.Date(2026, 3, 2, 4, 0, 0, 0, newYork), Rule: daily},
		},
	}
	w := calendar.Window{From: calendar.Date(2026, 3, 27, 0, 0, 0, 0, madrid), To: calendar.Date(2026, 3, 31, 0, 0, 0, 0, madrid)}
	slots, err := calendar.Slots(routines, nil, w)
	if err != nil {
		fmt.Println(err)
		return
	}
	for s := range slots {
		fmt.Println(s.At.In(madrid).Format("Mon 02 15:04 MST"), s.Channel, s.Pillar)
	}
	// Output:
	// Fri 27 09:00 CET linkedin news
	// Fri 27 10:00 CET instagram reels
	// Sat 28 09:00 CET linkedin news
	// Sun 29 10:00 CEST linkedin news
	// Mon 30 10:00 CEST instagram reels
	// Mon 30 10:00 CEST linkedin news
}

// A blackout skips the routine's slots inside it: Slots leaves them out
// and SkippedSlots says which and why.
func ExampleSkippedSlots() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	daily, _ := calendar.ParseRule("FREQ=DAILY")
	routines := []calendar.Routine{{
		ID: uuid.MustParse("00000000-0000-0000-0000-000000000001"), Channel: channel.Instagram, Pillar: "reels",
		Recurrence: calendar.Recurrence{Start: calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid), Rule: daily},
	}}
	strike := calendar.NewDayBlackout(calendar.LocalDate{Year: 2026, Month: 3, Day: 4}, calendar.LocalDate{Year: 2026, Month: 3, Day: 5}, madrid, "general strike")
	blackouts := []calendar.Blackout{strike}
	w := calendar.Window{From: calendar.Date(2026, 3, 2, 0, 0, 0, 0, madrid), To: calendar.Date(2026, 3, 7, 0, 0, 0, 0, madrid)}

	slots, _ := calendar.Slots(routines, blackouts, w)
	for s := range slots {
		fmt.Println("post ", s.At.Format("Mon 02 15:04"), s.Pillar)
	}
	skipped, _ := calendar.SkippedSlots(routines, blackouts, w)
	for s := range skipped {
		fmt.Println("skip ", s.Slot.At.Format("Mon 02 15:04"), s.Slot.Pillar, "-", s.Blackout.Reason)
	}
	// Output:
	// post  Mon 02 10:00 reels
	// post  Tue 03 10:00 reels
	// post  Fri 06 10:00 reels
	// skip  Wed 04 10:00 reels - general strike
	// skip  Thu 05 10:00 reels - general strike
}
