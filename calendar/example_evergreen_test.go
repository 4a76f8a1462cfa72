package calendar_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// An evergreen guide, published on 1 March, comes back in a free Monday
// slot once three weeks have passed, at most twice more.
func ExampleReuseEvergreen() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	guide := calendar.Entry{
		ID: uuid.MustParse("00000000-0000-0000-0000-00000000e001"), Channel: channel.LinkedIn,
		At:        calendar.Date(2027, 3, 1, 12, 0, 0, 0, madrid),
		Text:      "How to choose coffee for your office: the complete guide",
		Status:    calendar.StatusPublished,
		Evergreen: &calendar.Evergreen{MinGapDays: 21, MaxUses: 3},
	}
	rule, _ := calendar.ParseRule("FREQ=WEEKLY;BYDAY=MO")
	mondays := calendar.Routine{ID: uuid.MustParse("00000000-0000-0000-0000-00000000a001"), Channel: channel.LinkedIn,
		Recurrence: calendar.Recurrence{Start: calendar.Date(2027, 3, 8, 9, 0, 0, 0, madrid), Rule: rule}}
	slots, _ := calendar.Slots([]calendar.Routine{mondays}, nil,
		calendar.Window{From: calendar.Date(2027, 3, 1, 0, 0, 0, 0, madrid), To: calendar.Date(2027, 6, 1, 0, 0, 0, 0, madrid)})
	reused, err := calendar.ReuseEvergreen([]calendar.Entry{guide}, slots, calendar.Rules{}, []calendar.Entry{guide})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range reused {
		fmt.Println(e.At.Format("Mon 2 Jan 15:04"), e.Status, e.ReuseOf == guide.ID)
	}
	// Output:
	// Mon 22 Mar 09:00 scheduled true
	// Mon 12 Apr 09:00 scheduled true
}
