package crisis_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// The founder's X post started a storm. At the moderate level Brisa
// pauses only the founder's account (the brand's X account goes on), and
// each account publishes its own holding statement.
func ExampleIncident_PauseWindows_accounts() {
	p := samplePlan()
	founder := channel.AccountRef{Channel: channel.X, Handle: "janeroe"}
	moderate := &p.Levels[1]
	moderate.Statements = []crisis.Statement{
		{Channel: channel.Instagram, Text: "We are aware of the reports and are looking into them."},
		{Channel: channel.X, Account: "brisacoffee", Text: "We're aware of the reports and are looking into them."},
		{Channel: channel.X, Account: "janeroe", Text: "I read every reply. I'll say more within the hour."},
	}
	moderate.Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: crisis.Duration(6 * time.Hour),
		Accounts: []channel.AccountRef{founder}}
	if err := p.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	s, _ := moderate.StatementFor(founder)
	fmt.Println("founder says:", s.Text)

	madrid, _ := time.LoadLocation("Europe/Madrid")
	opened := time.Date(2026, 3, 6, 10, 0, 0, 0, madrid)
	inc, _ := crisis.Open(p, "moderate", opened)
	ws, _ := inc.PauseWindows(p, opened.Add(time.Minute))
	for _, w := range ws {
		fmt.Println("paused:", w.Accounts, w.Window.From.Format("15:04"), "to", w.Window.To.Format("15:04"))
	}
	post := func(key string, at time.Duration, accounts ...string) calendar.Entry {
		return calendar.Entry{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte(key)), Channel: channel.X, Accounts: accounts,
			At: opened.Add(at), Text: "Spring menu!", Owner: eva, Status: calendar.StatusScheduled}
	}
	cal := []calendar.Entry{post("brand", time.Hour, "brisacoffee"), post("founder", 2*time.Hour, "janeroe")}
	_, changes, _ := inc.ApplyToCalendar(p, cal, opened.Add(time.Minute), nil)
	for _, c := range changes {
		fmt.Println(c.Before.Accounts, c.Before.At.Format("15:04"), c.Kind)
	}
	// Output:
	// founder says: I read every reply. I'll say more within the hour.
	// paused: [@janeroe on X] 10:00 to 16:00
	// [janeroe] 12:00 cancelled
}
