package verifiedplan_test

import (
	"fmt"
	"testing"
	"time"

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

// TestPlanVerifies is the test a team writes: the plan must have no error.
func TestPlanVerifies(t *testing.T) {
	require.NoError(t, verifiedplan.Plan().Validate())
	report := strategytest.Verify(t, verifiedplan.Plan())
	// The sample plan has no error and no warning. Its one finding is
	// information: the Epiphany blackout skips Wednesday's reel (issue 12
	// item 4 made skipped slots visible).
	assert.Zero(t, report.Count(strategy.SeverityWarning), report.String())
	require.Len(t, report.Findings, 1, report.String())
	assert.Equal(t, strategy.RuleCalendarSkipped, report.Findings[0].Rule)
	assert.Equal(t, "routines[0]", report.Findings[0].Path)
}

// recorder is a strategytest.TB that records failures instead of failing,
// so a test can check that the helper reports a flawed plan.
type recorder struct{ failures []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

// TestPlantedFlawsAreReported plants flaws in a copy of the plan and checks
// that the same helper fails, naming each.
func TestPlantedFlawsAreReported(t *testing.T) {
	tests := []struct {
		name       string
		plant      func(p *strategy.Strategy)
		rule, path string
	}{
		{"campaign on a channel the plan did not choose", func(p *strategy.Strategy) {
			p.Campaigns[1].Channels = append(p.Campaigns[1].Channels, channel.TikTok)
		}, strategy.RuleTraceChannels, "campaigns[1].channels[1]"},
		{"objective without KPI", func(p *strategy.Strategy) {
			p.Objectives[2].KPIs = nil
		}, strategy.RuleSmartMeasurable, "objectives[2].kpis"},
		{"entry outside any campaign or routine", func(p *strategy.Strategy) {
			p.Entries[3].CampaignID = uuid.Nil
		}, strategy.RuleTraceEntries, "entries[3]"},
		{"assignment without owner", func(p *strategy.Strategy) {
			p.Assignments[1].Owner = uuid.Nil
		}, strategy.RuleTeamAssignments, "assignments[1].owner"},
		{"crisis plan that misses a channel", func(p *strategy.Strategy) {
			p.Crisis.Channels = []channel.Channel{channel.Instagram}
		}, strategy.RuleCrisisCoverage, "crisis.channels"},
		{"phase after its campaign", func(p *strategy.Strategy) {
			p.Campaigns[0].Phases[2].End = p.Campaigns[0].End.AddDate(0, 0, 3)
		}, strategy.RuleTraceDates, "campaigns[0].phases[2].end"},
		{"nobody is the community manager", func(p *strategy.Strategy) {
			p.Team[1].Roles = []strategy.Role{strategy.RoleStrategist}
		}, strategy.RuleTeamRoles, "team"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := verifiedplan.Plan()
			tt.plant(plan)
			rec := &recorder{}
			report := strategytest.Verify(rec, plan)
			require.Len(t, rec.failures, 1, "the helper must fail the test once, listing every finding")
			assert.Contains(t, rec.failures[0], tt.rule)
			assert.Contains(t, rec.failures[0], tt.path)
			assert.True(t, strategytest.HasFinding(report, tt.rule, tt.path), report.String())
		})
	}
}

func TestCalendarGolden(t *testing.T) {
	plan := verifiedplan.Plan()
	w := calendar.Window{From: verifiedplan.QuarterStart, To: verifiedplan.QuarterStart.AddDate(0, 0, 28)}
	strategytest.GoldenCalendar(t, plan, w, "testdata/calendar_january.golden")
}

func TestCrisisDrill(t *testing.T) {
	plan := verifiedplan.Plan()
	start := time.Date(2027, time.February, 1, 0, 0, 0, 0, time.UTC)
	signals := crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7, Start: start,
		Channels: []channel.Channel{channel.Instagram, channel.LinkedIn}})
	// The community manager acknowledges in ten minutes, the strategist
	// publishes the holding statements within the first response target,
	// and the incident is resolved six hours later.
	opts := &crisis.DrillOptions{Responses: []crisis.Response{
		{After: crisis.Duration(10 * time.Minute), Kind: crisis.EventAcknowledge, By: verifiedplan.CommunityManager},
		{After: crisis.Duration(20 * time.Minute), Kind: crisis.EventComplete, Step: "brief"},
		{After: crisis.Duration(25 * time.Minute), Kind: crisis.EventPublish, Channel: channel.Instagram, By: verifiedplan.Strategist},
		{After: crisis.Duration(26 * time.Minute), Kind: crisis.EventPublish, Channel: channel.LinkedIn, By: verifiedplan.Strategist},
		{After: crisis.Duration(6 * time.Hour), Kind: crisis.EventResolve},
	}}
	report := strategytest.Drill(t, plan, signals, opts, strategytest.DrillWant{MinAlerts: 1, Levels: []string{"critical"}})
	require.NotNil(t, report)

	// A team that never answers misses its deadlines, and the helper says so.
	rec := &recorder{}
	strategytest.Drill(rec, plan, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7, Start: start,
		Channels: []channel.Channel{channel.Instagram, channel.LinkedIn}}), nil, strategytest.DrillWant{MinAlerts: 1})
	require.Len(t, rec.failures, 1)
	assert.Contains(t, rec.failures[0], "missed")
}
