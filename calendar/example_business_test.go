package calendar_test

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/calendar"
)

// A reply due 30 business minutes after a message that arrives on Friday
// at 16:45 is due on Monday at 09:15.
func ExampleBusinessHours_AddBusiness() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	office, _ := calendar.ParseClockRange("09:00-17:00")
	hours := calendar.Weekdays(madrid, office)
	hours.Holidays = []calendar.LocalDate{{Year: 2026, Month: time.April, Day: 3}} // Good Friday

	friday := calendar.Date(2026, 3, 27, 16, 45, 0, 0, madrid)
	due, _ := hours.AddBusiness(friday, 30*time.Minute)
	fmt.Println(due.Format("Mon 2 Jan 15:04 MST"))

	// Over Easter: Thursday 16:00 + 2h skips Good Friday and the weekend.
	due, _ = hours.AddBusiness(calendar.Date(2026, 4, 2, 16, 0, 0, 0, madrid), 2*time.Hour)
	fmt.Println(due.Format("Mon 2 Jan 15:04 MST"))

	open, _ := hours.BusinessBetween(friday, due)
	fmt.Println(open)
	// Output:
	// Mon 30 Mar 09:15 CEST
	// Mon 6 Apr 10:00 CEST
	// 33h15m0s
}
