package calendar_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// Conflicts reports every rule a calendar breaks, in a fixed order.
func ExampleConflicts() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	office, _ := calendar.ParseClockRange("08:00-22:00")
	allowed := calendar.BusinessHours{Location: madrid}
	for d := range allowed.Week {
		allowed.Week[d] = []calendar.ClockRange{office}
	}
	rules := calendar.Rules{
		Channels: map[channel.Channel]calendar.ChannelRules{
			channel.X: {Location: madrid, MinSpacing: calendar.Duration(time.Hour), DailyCap: 2, AllowedHours: &allowed},
		},
		Blackouts: []calendar.Blackout{calendar.NewDayBlackout(
			calendar.LocalDate{Year: 2026, Month: 3, Day: 8}, calendar.LocalDate{Year: 2026, Month: 3, Day: 8}, madrid, "Women's Day campaign")},
	}
	at := func(d, h, m int) time.Time { return calendar.Date(2026, 3, d, h, m, 0, 0, madrid) }
	post := func(n byte, t time.Time, text string) calendar.Entry {
		return calendar.Entry{ID: uuid.UUID{15: n}, Channel: channel.X, At: t, Text: text, Status: calendar.StatusScheduled}
	}
	entries := []calendar.Entry{
		post(1, at(2, 9, 0), "New menu: spring tasting, 5 courses"),
		post(2, at(2, 9, 30), "Tonight: live jazz from 21:00"),
		post(3, at(2, 23, 15), "Last call!"),
		post(4, at(5, 12, 0), "NEW MENU — spring tasting, 5 courses! https://example.com/menu"),
		post(5, at(8, 12, 0), "Brunch is back"),
	}
	conflicts, err := calendar.Conflicts(entries, rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range conflicts {
		fmt.Println(c.Kind, c.At.Format("Jan 2 15:04"), len(c.Entries), "entries")
	}
	// Output:
	// too_close Mar 2 09:00 2 entries
	// over_daily_cap Mar 2 09:00 3 entries
	// near_duplicate Mar 2 09:00 2 entries
	// outside_allowed_hours Mar 2 23:15 1 entries
	// in_blackout Mar 8 12:00 1 entries
}
