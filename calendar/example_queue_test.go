package calendar_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// Queued posts take the next free slots of the routines, around a post
// already booked and a daily cap of one post.
func ExampleFillQueue() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	daily, _ := calendar.ParseRule("FREQ=DAILY;BYHOUR=10,18")
	ana := uuid.MustParse("00000000-0000-0000-0000-00000000aaaa") // a team member's ID (strategy.Member.ID)
	names := map[uuid.UUID]string{ana: "Ana"}
	routines := []calendar.Routine{{
		ID: uuid.MustParse("00000000-0000-0000-0000-0000000000a1"), Channel: channel.Instagram, Owner: ana,
		Recurrence: calendar.Recurrence{Start: calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid), Rule: daily},
	}}
	rules := calendar.Rules{Channels: map[channel.Channel]calendar.ChannelRules{
		channel.Instagram: {Location: madrid, DailyCap: 1},
	}}
	booked := []calendar.Entry{{
		ID: uuid.MustParse("00000000-0000-0000-0000-0000000000b1"), Channel: channel.Instagram,
		At: calendar.Date(2026, 3, 3, 12, 0, 0, 0, madrid), Text: "Booked", Status: calendar.StatusScheduled,
	}}
	queue := []calendar.Draft{
		{ID: uuid.MustParse("00000000-0000-0000-0000-0000000000d1"), Channel: channel.Instagram, Text: "Meet the chef",
			Media: []channel.Media{{Kind: channel.Image, URL: "https://cdn.example.com/chef.jpg", AltText: "The chef at the pass"}}},
		{ID: uuid.MustParse("00000000-0000-0000-0000-0000000000d2"), Channel: channel.Instagram, Text: "Behind the bar",
			Media: []channel.Media{{Kind: channel.Video, URL: "https://cdn.example.com/bar.mp4", Duration: 30 * time.Second}}},
		{ID: uuid.MustParse("00000000-0000-0000-0000-0000000000d3"), Channel: channel.X, Text: "No X routine"},
	}
	slots, _ := calendar.Slots(routines, nil, calendar.Window{From: calendar.Date(2026, 3, 2, 0, 0, 0, 0, madrid), To: calendar.Date(2026, 3, 9, 0, 0, 0, 0, madrid)})
	fill, err := calendar.FillQueue(queue, slots, rules, booked)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range fill.Scheduled {
		fmt.Println(e.At.Format("Mon 2 Jan 15:04"), e.Text, "/", names[e.Owner], "/", e.Status)
	}
	for _, d := range fill.Unplaced {
		fmt.Println("unplaced:", d.Text)
	}
	// Output:
	// Mon 2 Mar 10:00 Meet the chef / Ana / scheduled
	// Wed 4 Mar 10:00 Behind the bar / Ana / scheduled
	// unplaced: No X routine
}
