package strategy_test

import (
	"fmt"

	"github.com/google/uuid"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
)

// findings returns the findings of one rule.
func findings(report strategy.Report, rule string) []strategy.Finding {
	var out []strategy.Finding
	for _, f := range report.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestVerifyCalendarSkipped: a routine slot inside a blackout of the
// plan's calendar rules is skipped, and Verify says so, at info level, at
// the routine, naming the blackout.
func TestVerifyCalendarSkipped(t *testing.T) {
	plan := verifiedplan.Plan()
	loc, err := time.LoadLocation(plan.Zone)
	require.NoError(t, err)
	// The sample's Epiphany blackout skips the brewing-tips reel of
	// Wednesday, January 6.
	got := findings(strategy.Verify(plan, nil), strategy.RuleCalendarSkipped)
	require.Len(t, got, 1)
	assert.Equal(t, strategy.SeverityInfo, got[0].Severity)
	assert.Equal(t, "routines[0]", got[0].Path)
	assert.Contains(t, got[0].Message, "Epiphany: the team is off")
	assert.Contains(t, got[0].Message, "2027-01-06 10:00 CET")

	// A LinkedIn-only week skips the LinkedIn routine's two slots, and
	// nothing on Instagram.
	plan.CalendarRules.Blackouts = append(plan.CalendarRules.Blackouts, calendar.NewDayBlackout(
		calendar.LocalDate{Year: 2027, Month: time.February, Day: 8}, calendar.LocalDate{Year: 2027, Month: time.February, Day: 14}, loc,
		"LinkedIn account review", channel.LinkedIn))
	got = findings(strategy.Verify(plan, nil), strategy.RuleCalendarSkipped)
	require.Len(t, got, 2)
	assert.Equal(t, "routines[2]", got[1].Path)
	assert.Contains(t, got[1].Message, "LinkedIn account review")
	assert.Contains(t, got[1].Message, "2 slots")

	// Silenced like any rule.
	off := strategy.Verify(plan, &strategy.VerifyOptions{Severities: map[string]strategy.Severity{strategy.RuleCalendarSkipped: strategy.SeverityOff}})
	assert.Empty(t, findings(off, strategy.RuleCalendarSkipped))
}

// TestVerifySkippedSlotsAreNotPosts: the capacity and frequency rules count
// the posts that go out, so slots a blackout skips are not counted. Six
// LinkedIn-only weeks take 12 of the LinkedIn routine's slots and bring
// the weekly average over the plan's whole weeks well below the plan's 2.
func TestVerifySkippedSlotsAreNotPosts(t *testing.T) {
	plan := verifiedplan.Plan()
	loc, err := time.LoadLocation(plan.Zone)
	require.NoError(t, err)
	assert.Empty(t, findings(strategy.Verify(plan, nil), strategy.RuleCalendarFrequency))
	plan.CalendarRules.Blackouts = append(plan.CalendarRules.Blackouts, calendar.NewDayBlackout(
		calendar.LocalDate{Year: 2027, Month: time.February, Day: 1}, calendar.LocalDate{Year: 2027, Month: time.March, Day: 14}, loc,
		"LinkedIn pause", channel.LinkedIn))
	got := findings(strategy.Verify(plan, nil), strategy.RuleCalendarFrequency)
	require.Len(t, got, 1, "%v", got)
	assert.Equal(t, "channels[1].postsPerWeek", got[0].Path)
	assert.True(t, strings.Contains(got[0].Message, "linkedin posts a week"), got[0].Message)
}

// TestVerifySecondlyRoutine: a plan with one FREQ=SECONDLY routine (tens
// of millions of slots over the plan's period, from a few bytes of JSON)
// is verified quickly. Over the sample's thirteen weeks (7.8 million
// slots, within calendar.MaxSlots) the rules count them and say the plan
// posts far too often; over three years the rules that expand slots say
// that they cannot, with calendar.ErrTooManySlots, instead of expanding
// for minutes.
func TestVerifySecondlyRoutine(t *testing.T) {
	plan := verifiedplan.Plan()
	rt := plan.Routines[0]
	rt.ID = uuid.NewSHA1(uuid.NameSpaceURL, []byte("tandem-test:secondly"))
	rt.Recurrence.Rule = calendar.Rule{Freq: calendar.Secondly}
	rt.Recurrence.ExDates, rt.Recurrence.RDates = nil, nil
	rt.From, rt.Until = time.Time{}, time.Time{}
	plan.Routines = append(plan.Routines, rt)
	require.NoError(t, rt.Validate())
	verify := func() strategy.Report {
		var report strategy.Report
		done := make(chan struct{})
		go func() {
			defer close(done)
			report = strategy.Verify(plan, nil)
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("Verify still running after 30 s")
		}
		return report
	}
	got := findings(verify(), strategy.RuleCalendarFrequency)
	require.NotEmpty(t, got)
	assert.Contains(t, got[0].Message, "instagram posts a week")

	plan.Goal.Deadline = plan.Goal.Deadline.AddDate(3, 0, 0)
	report := verify()
	for _, rule := range []string{strategy.RuleCalendarFrequency, strategy.RuleTeamCapacity} {
		got := findings(report, rule)
		require.NotEmpty(t, got, rule)
		assert.Contains(t, got[len(got)-1].Message, "MaxSlots", rule)
	}
	got = findings(report, strategy.RuleCalendarWallClock)
	require.NotEmpty(t, got)
	last := got[len(got)-1]
	assert.Equal(t, fmt.Sprintf("routines[%d].recurrence", len(plan.Routines)-1), last.Path)
	assert.Contains(t, last.Message, "MaxSlots")
}
