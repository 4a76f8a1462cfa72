package calendar_test

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/calendar"
)

// A routine on Sundays at 02:30 Madrid time meets both DST changes of
// 2026: on March 29 02:30 does not exist and the slot moves to 03:30; on
// October 25 02:30 happens twice and tandem takes the first, which many
// calendar clients reading the exported file would not. WallClockShifts
// lists exactly those instances, so a plan check can warn about them.
func ExampleRecurrence_WallClockShifts() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	sundays, _ := calendar.ParseRule("FREQ=WEEKLY;BYDAY=SU")
	rec := calendar.Recurrence{Start: calendar.Date(2026, 1, 4, 2, 30, 0, 0, madrid), Rule: sundays}
	year := calendar.Window{From: rec.Start, To: rec.Start.AddDate(1, 0, 0)}
	for s := range rec.WallClockShifts(year) {
		fmt.Println(s.Kind, s.Wall(), "->", s.At.Format(time.RFC3339))
		fmt.Println(" ", s)
	}
	// Output:
	// gap 2026-03-29T02:30:00 -> 2026-03-29T03:30:00+02:00
	//   2026-03-29 02:30 does not exist in Europe/Madrid (DST gap): the slot is at 03:30 CEST
	// repeated 2026-10-25T02:30:00 -> 2026-10-25T02:30:00+02:00
	//   2026-10-25 02:30 occurs twice in Europe/Madrid: the slot is at the first, 02:30 CEST
}
