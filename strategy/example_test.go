package strategy_test

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
)

// Verify judges a whole plan. Here two flaws are planted in the sample
// plan: a campaign on a network the plan did not choose, and an objective
// without a KPI.
func ExampleVerify() {
	plan := verifiedplan.Plan()
	plan.Campaigns[1].Channels = append(plan.Campaigns[1].Channels, channel.TikTok)
	plan.Objectives[2].KPIs = nil

	report := strategy.Verify(plan, nil)
	fmt.Print(report.String())
	// Output:
	// error   smart.measurable: objectives[2].kpis: no KPI measures the objective
	// error   trace.channels: campaigns[1].channels[1]: campaign "Office Coffee Week" runs on tiktok, a channel the plan did not choose
	// warning trace.kpis: kpis[3]: KPI "LinkedIn cost per click" measures no objective
	// info    calendar.skipped: routines[0]: the blackout "Epiphany: the team is off" (2027-01-06 00:00 CET to 2027-01-07 00:00 CET) skips 1 slot of this routine, at 2027-01-06 10:00 CET: it is not published
	// 2 errors, 1 warnings, 1 info
}

// Rules are tuned by name, and users add their own.
func ExampleVerifyOptions() {
	plan := verifiedplan.Plan()
	plan.Assignments[2].Owner = uuid.Nil

	singleResource := strategy.NewRule("bluebird.budget_owner", strategy.SeverityInfo,
		func(p *strategy.Strategy, r *strategy.Reporter) {
			for i, c := range p.Campaigns {
				if c.Budget.Amount.IsPositive() && len(c.Resources) < 2 {
					r.Report(nil, "campaigns[%d] (%s) spends with a single resource", i, c.Name)
				}
			}
		})
	report := strategy.Verify(plan, &strategy.VerifyOptions{
		Severities: map[string]strategy.Severity{strategy.RuleTeamAssignments: strategy.SeverityWarning},
		Rules:      []strategy.Rule{singleResource},
	})
	fmt.Print(report.String())
	fmt.Println("ok to go live:", report.OK())
	// Output:
	// warning team.assignments: assignments[2].owner: assignment "Send the weekly insight digest" has no owner
	// info    bluebird.budget_owner: campaigns[1] (Office Coffee Week) spends with a single resource
	// info    calendar.skipped: routines[0]: the blackout "Epiphany: the team is off" (2027-01-06 00:00 CET to 2027-01-07 00:00 CET) skips 1 slot of this routine, at 2027-01-06 10:00 CET: it is not published
	// 0 errors, 1 warnings, 2 info
	// ok to go live: true
}

// Trace shows how the goal reaches the calendar.
func ExampleTrace() {
	fmt.Print(strategy.Trace(verifiedplan.Plan()).String())
	// Output:
	// goal: Make Bluebird the Madrid roaster home brewers and offices talk about and buy from, by the end of Q1 2027 (by 2027-04-01)
	//   objective: Raise Instagram engagement by reach from 3% to 4.5% and reach 15,000 followers
	//     KPI: Instagram engagement rate
	//     KPI: Instagram followers
	//     campaign: Origin Stories (instagram): 3 entries from @bluebirdcoffee on Instagram
	//   objective: Raise share of voice among Madrid roasters from 18% to 25%
	//     KPI: Share of voice
	//     campaign: Origin Stories (instagram): 3 entries from @bluebirdcoffee on Instagram
	//   objective: Bring LinkedIn cost per click from 0.80 to 0.60 EUR while offices sign up
	//     KPI: LinkedIn cost per click
	//     campaign: Office Coffee Week (linkedin): 3 entries from @bluebird-coffee-roasters on LinkedIn
}
