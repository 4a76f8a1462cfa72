package strategytest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy/strategytest"
)

// TestCalendarTextSkippedSlots: a routine slot inside a blackout of the
// plan's calendar rules is printed as skipped, with the blackout's
// reason; an entry that fills it anyway is printed as the entry.
func TestCalendarTextSkippedSlots(t *testing.T) {
	plan := verifiedplan.Plan()
	w := calendar.Window{From: verifiedplan.QuarterStart, To: verifiedplan.QuarterStart.AddDate(0, 0, 7)}
	text, err := strategytest.CalendarText(plan, w)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	require.Len(t, lines, 6, text)
	assert.Equal(t, "2027-01-06 Wed 10:00 CET instagram @bluebirdcoffee skip reel brewing tips [blackout: Epiphany: the team is off]",
		strings.Join(strings.Fields(lines[3]), " "))

	// Filled anyway: the entry shows (and Verify reports the conflict).
	e := plan.Entries[0]
	e.ID[0]++
	e.At = calendar.Date(2027, 1, 6, 10, 0, 0, 0, e.At.Location())
	plan.Entries = append(plan.Entries, e)
	text, err = strategytest.CalendarText(plan, w)
	require.NoError(t, err)
	lines = strings.Split(strings.TrimSpace(text), "\n")
	require.Len(t, lines, 6, text)
	assert.True(t, strings.HasPrefix(strings.Join(strings.Fields(lines[3]), " "), "2027-01-06 Wed 10:00 CET instagram @bluebirdcoffee entry"), lines[3])
}

// TestCalendarTextAccounts: each line names the accounts that publish it,
// the implied one resolved, several joined, an unknown one as written.
func TestCalendarTextAccounts(t *testing.T) {
	plan := verifiedplan.Plan()
	plan.Accounts = append(plan.Accounts, channel.Account{Channel: channel.LinkedIn, Handle: "lucia-bluebird"})
	for i := range plan.Routines {
		plan.Routines[i].Account = plan.Accounts.On(plan.Routines[i].Channel)[0].Handle
	}
	plan.Routines[2].Account = "nobody"
	plan.Entries = append(plan.Entries, plan.Entries[4])
	e := &plan.Entries[len(plan.Entries)-1]
	e.ID[0]++
	e.Accounts = []string{"bluebird-coffee-roasters", "Lucia-Bluebird"}
	e.At = calendar.Date(2027, 1, 5, 12, 0, 0, 0, e.At.Location())
	w := calendar.Window{From: verifiedplan.QuarterStart, To: verifiedplan.QuarterStart.AddDate(0, 0, 2)}
	text, err := strategytest.CalendarText(plan, w)
	require.NoError(t, err)
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		got = append(got, strings.Fields(l)[5])
	}
	assert.Equal(t, []string{"@bluebirdcoffee", "@nobody", "@bluebird-coffee-roasters,@lucia-bluebird", "@bluebirdcoffee"}, got, text)
}
