package calendar_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// A crisis pauses Instagram for the afternoon. The three held posts go out
// after the pause at most two an hour, not all at once; the X post is not
// touched. Pause changes nothing in place: it returns the new calendar and
// the changes, which is the dry run a person approves.
func ExamplePause() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	at := func(h, m int) time.Time { return calendar.Date(2026, 3, 2, h, m, 0, 0, madrid) }
	var entries []calendar.Entry
	for i, h := range []int{13, 15, 16} {
		entries = append(entries, calendar.Entry{ID: uuid.UUID{15: byte(i + 1)}, Channel: channel.Instagram, At: at(h, 0),
			Text: fmt.Sprint("post ", i+1), Status: calendar.StatusScheduled})
	}
	entries = append(entries, calendar.Entry{ID: uuid.UUID{15: 9}, Channel: channel.X, At: at(15, 0), Text: "x", Status: calendar.StatusScheduled})

	pause := calendar.Window{From: at(12, 0), To: at(18, 0)}
	policy := calendar.PausePolicy{Resume: calendar.ResumeAtRate, RatePerHour: 2}
	_, changes, err := calendar.Pause(entries, pause, policy, &calendar.PauseOptions{Channels: []channel.Channel{channel.Instagram}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range changes {
		fmt.Println(c.Before.Text, c.Kind, c.Before.At.Format("15:04"), "->", c.After.At.Format("15:04"), c.After.Status)
	}
	// Output:
	// post 1 rescheduled 13:00 -> 18:00 scheduled
	// post 2 rescheduled 15:00 -> 18:30 scheduled
	// post 3 rescheduled 16:00 -> 19:00 scheduled
}
