package strategytest_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/strategy/strategytest"
)

// A user's test package defines its own -update flag, as many do; with
// strategytest imported, the test binary must still start.
var userUpdate = flag.Bool("update", false, "this test package's own golden files")

func TestUpdateFlagIsNamespaced(t *testing.T) {
	f := flag.Lookup(strategytest.UpdateFlag)
	require.NotNil(t, f, "strategytest registers -%s", strategytest.UpdateFlag)
	assert.Equal(t, "strategytest.update", f.Name)
	assert.False(t, *userUpdate)
	assert.False(t, strategytest.Updating())
}

type recorder struct{ failures []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func TestVerifyWith(t *testing.T) {
	plan := verifiedplan.Plan()
	plan.Channels[1].PostsPerWeek = 6 // a calendar.frequency warning

	rec := &recorder{}
	report := strategytest.Verify(rec, plan)
	assert.Empty(t, rec.failures, "warnings do not fail by default")
	strategytest.ExpectFinding(t, report, strategy.RuleCalendarFrequency, "channels[1].postsPerWeek")

	rec = &recorder{}
	strategytest.VerifyWith(rec, plan, &strategytest.Options{Min: strategy.SeverityWarning})
	require.Len(t, rec.failures, 1)
	assert.Contains(t, rec.failures[0], "calendar.frequency")

	rec = &recorder{}
	strategytest.VerifyWith(rec, plan, &strategytest.Options{Min: "loud"})
	assert.Len(t, rec.failures, 1, "a bad severity fails")

	rec = &recorder{}
	strategytest.ExpectFinding(rec, report, strategy.RuleTeamRoles, "")
	assert.Len(t, rec.failures, 1, "a missing finding fails")
}

func TestGoldenCalendar(t *testing.T) {
	plan := verifiedplan.Plan()
	w := calendar.Window{From: verifiedplan.QuarterStart, To: verifiedplan.QuarterStart.AddDate(0, 0, 7)}
	text, err := strategytest.CalendarText(plan, w)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	require.Len(t, lines, 6, text) // Mon/Wed/Fri reels, Tue carousel, Tue/Thu articles
	assert.True(t, strings.HasPrefix(strings.Join(strings.Fields(lines[0]), " "), "2027-01-04 Mon 10:00 CET instagram @bluebirdcoffee slot"), lines[0])

	path := filepath.Join(t.TempDir(), "week.golden")
	rec := &recorder{}
	strategytest.GoldenCalendar(rec, plan, w, path)
	require.Len(t, rec.failures, 1, "a missing golden file fails")

	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	rec = &recorder{}
	strategytest.GoldenCalendar(rec, plan, w, path)
	assert.Empty(t, rec.failures)

	plan.Routines[0].Format = "photo"
	rec = &recorder{}
	strategytest.GoldenCalendar(rec, plan, w, path)
	require.Len(t, rec.failures, 1)
	assert.Contains(t, rec.failures[0], "line 1")

	plan.Zone = "Nowhere/Land"
	_, err = strategytest.CalendarText(plan, w)
	assert.Error(t, err)
}

func TestDrill(t *testing.T) {
	plan := verifiedplan.Plan()
	start := time.Date(2027, time.February, 1, 0, 0, 0, 0, time.UTC)
	series := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7, Start: start,
		Channels: []channel.Channel{channel.Instagram, channel.LinkedIn}}))
	minutes := func(n int) crisis.Duration { return crisis.Duration(time.Duration(n) * time.Minute) }
	intern := verifiedplan.IDs.ID("member", "intern") // not on the team, let alone an approver
	script := []crisis.Response{
		{After: minutes(5), From: crisis.AnchorLevel, Kind: crisis.EventAcknowledge, By: verifiedplan.CommunityManager},
		{After: minutes(10), From: crisis.AnchorLevel, Kind: crisis.EventPublish, Channel: channel.Instagram, By: verifiedplan.Strategist},
		{After: minutes(10), From: crisis.AnchorLevel, Kind: crisis.EventPublish, Channel: channel.LinkedIn, By: intern},
		{After: minutes(15), Kind: crisis.EventComplete, Step: "brief"},
		{After: minutes(6 * 60), Kind: crisis.EventResolve},
	}
	want := strategytest.DrillWant{MinAlerts: 1, AllowMissed: 10}

	// A refused response fails the test, naming it, unless allowed.
	rec := &recorder{}
	report := strategytest.Drill(rec, plan, slices.Values(series), &crisis.DrillOptions{Responses: script}, want)
	require.NotNil(t, report)
	require.Len(t, rec.failures, 1, rec.failures)
	assert.Contains(t, rec.failures[0], "1 scripted response(s) refused")
	assert.Contains(t, rec.failures[0], "#1 refused")
	// The timeline names the plan's team; whoever is not on it is an ID.
	assert.Contains(t, rec.failures[0], "acknowledge              Mateo Ruiz")
	assert.Contains(t, rec.failures[0], "not an approver of this level: "+intern.String()+`; level "critical" is approved by Lucía Ortega or Mateo Ruiz`)
	rec = &recorder{}
	want.AllowRefused = 1
	strategytest.Drill(rec, plan, slices.Values(series), &crisis.DrillOptions{Responses: script}, want)
	assert.Empty(t, rec.failures)

	// Who must be notified is a member ID; a shortfall names them.
	rec = &recorder{}
	want.Notified = []uuid.UUID{verifiedplan.Strategist, intern}
	strategytest.Drill(rec, plan, slices.Values(series), &crisis.DrillOptions{Responses: script}, want)
	require.Len(t, rec.failures, 1, rec.failures)
	assert.Contains(t, rec.failures[0], intern.String()+" was never notified")
	assert.Contains(t, rec.failures[0], "Lucía Ortega was never notified", "acknowledged before the step that pages her")
	// Names the caller gives win over the team's.
	rec = &recorder{}
	report = strategytest.Drill(rec, plan, slices.Values(series), &crisis.DrillOptions{Responses: script, Names: map[uuid.UUID]string{intern: "the intern"}}, want)
	assert.Contains(t, rec.failures[0], "the intern was never notified")
	assert.Equal(t, "the intern", report.Name(intern))
	want.Notified = nil

	// A drill that stops on a bad signal fails, and its report so far
	// comes back.
	series[len(series)-1].Negative = series[len(series)-1].Mentions + 1
	rec = &recorder{}
	report = strategytest.Drill(rec, plan, slices.Values(series), &crisis.DrillOptions{Responses: script}, want)
	require.NotNil(t, report)
	assert.NotEmpty(t, report.Timeline)
	require.Len(t, rec.failures, 1, rec.failures)
	assert.Contains(t, rec.failures[0], "the drill stopped")
	assert.Contains(t, rec.failures[0], "#1 open")
}
