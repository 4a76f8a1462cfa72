package calendar_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// An entry moves through its lifecycle one allowed step at a time; an
// illegal move is an error and leaves the entry as it was.
func ExampleEntry_Transition() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	e := calendar.Entry{
		ID:      uuid.MustParse("1f0e4c52-7d1a-4c1e-9a51-0b6f1d2c3e4f"),
		Channel: channel.Instagram,
		At:      calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid),
		Text:    "Our spring menu is here",
		Status:  calendar.StatusDraft,
	}
	for _, to := range []calendar.Status{calendar.StatusInReview, calendar.StatusApproved, calendar.StatusPublished, calendar.StatusScheduled} {
		if err := e.Transition(to); err != nil {
			fmt.Println(errors.Is(err, calendar.ErrIllegalTransition), err)
			continue
		}
		fmt.Println("now", e.Status)
	}
	// Output:
	// now in_review
	// now approved
	// true calendar: illegal status transition from "approved" to "published" (allowed from "approved": [draft scheduled paused cancelled])
	// now scheduled
}
