package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// verifyWords make the entries' texts: eight words drawn from them give
// texts that are not near-duplicates of each other.
var verifyWords = strings.Fields(`roast origin brew filter espresso crema aroma cup bean farm harvest
acid body sweet bitter cocoa citrus honey berry floral nutty grind burr kettle pour bloom steep
press moka drip cold iced latte flat white cortado milk oat barista café tasting notes cupping
washed natural honeyed anaerobic altitude valley hills rain sun dry ferment sort pack ship fresh
week morning evening weekend office team home guide tips story people friends gift box`)

// benchStrategy builds a plan with n campaigns over 2027: each with 5 phases
// and 10 entries, on two of five channels, serving one of n/10 objectives
// with its own KPI, plus three routines, a team, a crisis plan and
// calendar rules. Each campaign posts at its own minute of the day (up to
// 720 campaigns; campaign c and c+720 post on days far apart), so the plan
// has the same shape at every size: a conflict-free calendar. (With
// colliding times the larger plan would hold more conflicts per entry, and
// the benchmark would time the formatting of a growing number of findings
// instead of the rules.)
func benchStrategy(b *testing.B, n int) *strategy.Strategy {
	b.Helper()
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		b.Fatal(err)
	}
	ids := strategy.NewIDSpace(fmt.Sprint("bench-", n))
	year := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	deadline := year.AddDate(1, 0, 0)
	chans := []channel.Channel{channel.Instagram, channel.Facebook, channel.LinkedIn, channel.X, channel.TikTok}
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	one := decimal.NewFromInt(1)

	strategist, cm := ids.ID("m", "s"), ids.ID("m", "c")
	p := &strategy.Strategy{
		ID: ids.ID("plan"), Zone: "Europe/Madrid",
		Brand: strategy.Brand{Name: "Bench"},
		Goal:  strategy.Goal{Statement: "benchmark", Deadline: deadline},
		Team: []strategy.Member{
			{ID: strategist, Name: "S", Roles: []strategy.Role{strategy.RoleStrategist}, WeeklyHours: decimal.NewFromInt(40)},
			{ID: cm, Name: "C", Roles: []strategy.Role{strategy.RoleCommunityManager}, WeeklyHours: decimal.NewFromInt(40)},
		},
		Budgets: []strategy.Budget{{Amount: decimal.NewFromInt(int64(n) * 1000), Currency: "EUR"}},
		CalendarRules: calendar.Rules{Channels: map[channel.Channel]calendar.ChannelRules{
			channel.Instagram: {Location: loc, MinSpacing: calendar.Duration(time.Minute), DailyCap: 200},
		}},
	}
	for _, c := range chans {
		p.Channels = append(p.Channels, strategy.ChannelPlan{Channel: c, Purpose: "reach"})
		// Two brand accounts on every network (a page and its founder's
		// profile), so every entry and routine names its accounts.
		p.Accounts = append(p.Accounts,
			channel.Account{Channel: c, Handle: "bench-" + string(c), PlatformID: "page-" + string(c)},
			channel.Account{Channel: c, Handle: "founder-" + string(c), PlatformID: "founder-" + string(c)})
	}
	// A watched competitor account for every ten campaigns, so the
	// accounts grow with the plan.
	for i := range max(1, n/10) {
		name := fmt.Sprint("rival ", i)
		p.Research.Competitors = append(p.Research.Competitors, strategy.Competitor{Name: name})
		p.Accounts = append(p.Accounts, channel.Account{Channel: chans[i%5], Handle: fmt.Sprint("rival-", i), Competitor: name})
	}
	objectives := max(1, n/10)
	for i := range objectives {
		kid := ids.ID("kpi", fmt.Sprint(i))
		p.KPIs = append(p.KPIs, kpi.KPI{
			ID: kid, Name: fmt.Sprint("followers ", i), Measure: kpi.Measure{Metric: kpi.Followers},
			Unit: kpi.UnitCount, Direction: kpi.Increase,
			Baseline: kpi.Baseline{Value: decimal.NewFromInt(10000), At: year},
			Target:   kpi.Target{Value: decimal.NewFromInt(15000), Deadline: deadline.Add(-time.Hour)},
		})
		p.Objectives = append(p.Objectives, strategy.Objective{
			ID: ids.ID("objective", fmt.Sprint(i)), Statement: fmt.Sprint("objective ", i), Rationale: "why",
			Deadline: deadline.Add(-time.Hour), KPIs: []uuid.UUID{kid},
		})
	}
	for c := range n {
		start := year.AddDate(0, 0, (c*7)%300)
		cid := ids.ID("campaign", fmt.Sprint(c))
		camp := strategy.Campaign{
			ID: cid, Name: fmt.Sprint("campaign ", c), Objectives: []uuid.UUID{p.Objectives[c%objectives].ID},
			Channels: []channel.Channel{chans[c%5], chans[(c+2)%5]},
			Budget:   strategy.Budget{Amount: decimal.NewFromInt(900), Currency: "EUR"},
			Start:    start, End: start.AddDate(0, 0, 60),
			Resources: []strategy.Resource{{Name: "ads", Cost: strategy.Budget{Amount: decimal.NewFromInt(500), Currency: "EUR"}}},
			Links:     strategy.LinkPolicy{Medium: "social", Source: strategy.LinkSourceAccount},
		}
		for ph := range 5 {
			camp.Phases = append(camp.Phases, strategy.Phase{Name: fmt.Sprint("phase ", ph),
				Start: start.AddDate(0, 0, 12*ph), End: start.AddDate(0, 0, 12*(ph+1)), Actions: []string{"publish"}})
		}
		p.Campaigns = append(p.Campaigns, camp)
		for e := range 10 {
			words := make([]string, 8)
			for w := range words {
				words[w] = verifyWords[rng.IntN(len(verifyWords))]
			}
			ch := camp.Channels[e%2]
			// Every other entry is posted by both of the network's
			// accounts, each with its own tagged link.
			accounts := []string{"bench-" + string(ch)}
			if e%2 == 0 {
				accounts = append(accounts, "founder-"+string(ch))
			}
			p.Entries = append(p.Entries, calendar.Entry{
				ID: ids.ID("entry", fmt.Sprint(c, "/", e)), Channel: ch, Accounts: accounts,
				At:         calendar.Date(2027, start.Month(), start.Day()+6*e, 8+(c%720)/60, c%60, 0, 0, loc),
				CampaignID: cid, Status: calendar.StatusScheduled, Owner: cm, Text: strings.Join(words, " "),
				Link:  fmt.Sprintf("https://bench.example/c/%d/%d", c, e),
				Media: []channel.Media{{Kind: channel.Image, URL: fmt.Sprintf("https://cdn.bench.example/%d/%d.jpg", c, e)}},
			})
		}
		p.Milestones = append(p.Milestones, calendar.Milestone{ID: ids.ID("milestone", fmt.Sprint(c)), Name: "launch", At: start.Add(9 * time.Hour), CampaignID: cid})
	}
	for i, c := range chans[:3] {
		r, err := calendar.ParseRule("FREQ=WEEKLY;BYDAY=MO,WE,FR")
		if err != nil {
			b.Fatal(err)
		}
		p.Routines = append(p.Routines, calendar.Routine{ID: ids.ID("routine", fmt.Sprint(i)), Channel: c, Account: "bench-" + string(c), Owner: cm,
			Recurrence: calendar.Recurrence{Start: time.Date(2027, 1, 4, 7, 0, 0, 0, loc), Rule: r}})
	}
	level := func(name string, rank int) crisis.Level {
		l := crisis.Level{Name: name, Rank: rank, Meaning: name, Handler: cm, FirstResponse: crisis.Duration(time.Hour),
			Escalation: crisis.Escalation{Steps: []crisis.EscalationStep{{After: crisis.Duration(15 * time.Minute), Notify: []uuid.UUID{cm}}}},
			Approver:   strategist, BackupApprover: cm, Review: crisis.ReviewRule{Within: 3, Unit: crisis.CalendarDays}}
		for _, c := range chans {
			l.Statements = append(l.Statements, crisis.Statement{Channel: c, Text: "We are looking into it."})
		}
		return l
	}
	p.Crisis = crisis.Plan{Name: "bench", Zone: "Europe/Madrid", Channels: chans,
		Levels:    []crisis.Level{level("low", 1), level("high", 2)},
		Detection: crisis.Detection{Bucket: crisis.Duration(5 * time.Minute), Margin: one.Div(decimal.NewFromInt(10))}}
	return p
}

// BenchmarkVerify verifies whole plans of 100 and 1,000 campaigns. No rule
// may be quadratic: ten times the plan should cost at most eleven times the
// time.
func BenchmarkVerify(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("campaigns=%d", n), func(b *testing.B) {
			plan := benchStrategy(b, n)
			if err := plan.Validate(); err != nil {
				b.Fatal(err)
			}
			r := strategy.Verify(plan, nil)
			if !r.OK() {
				b.Fatalf("the bench plan has errors:\n%s", r.String())
			}
			for _, f := range r.Findings {
				if f.Rule == strategy.RuleCalendarConflicts {
					b.Fatalf("the bench plan's calendar has conflicts: %s", f)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				_ = strategy.Verify(plan, nil)
			}
		})
	}
}
