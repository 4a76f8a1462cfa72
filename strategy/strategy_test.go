package strategy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

func TestJSONRoundTrip(t *testing.T) {
	plan := verifiedplan.Plan()
	first, err := json.Marshal(plan)
	require.NoError(t, err)
	back, err := strategy.Decode(bytes.NewReader(first))
	require.NoError(t, err)
	second, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(first), string(second))
	require.NoError(t, back.Validate())

	// Instants keep their instant and come back on the plan's wall clock.
	assert.True(t, plan.Goal.Deadline.Equal(back.Goal.Deadline))
	assert.Equal(t, "Europe/Madrid", back.Campaigns[0].Phases[1].Start.Location().String())
	assert.True(t, plan.Campaigns[0].Phases[1].Start.Equal(back.Campaigns[0].Phases[1].Start))
	assert.True(t, plan.Team[1].WeeklyHours.Equal(back.Team[1].WeeklyHours))
	assert.True(t, plan.Campaigns[0].Budget.Amount.Equal(back.Campaigns[0].Budget.Amount))
	// And the decoded plan verifies exactly as the original.
	assert.Equal(t, strategy.Verify(plan, nil), strategy.Verify(back, nil))
}

func TestDecodeIsStrict(t *testing.T) {
	good, err := json.Marshal(verifiedplan.Plan())
	require.NoError(t, err)
	tests := []struct {
		name, input string
		enum        bool
	}{
		{"unknown field", strings.Replace(string(good), `"zone":`, `"zoen":"x","zone":`, 1), false},
		{"unknown role", strings.Replace(string(good), `"community_manager"`, `"intern"`, 1), true},
		{"unknown status", strings.Replace(string(good), `"status":"todo"`, `"status":"someday"`, 1), true},
		{"trailing data", string(good) + `{}`, false},
		{"not JSON", `{"id":`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := strategy.Decode(strings.NewReader(tt.input))
			require.Error(t, err)
			assert.ErrorIs(t, err, strategy.ErrDecode)
			assert.Equal(t, tt.enum, errors.Is(err, validation.ErrUnknownValue), "%v", err)
		})
	}
}

// Decode matches names exactly, refuses repeated keys and says where each
// problem is: encoding/json alone accepts "deadLine" for "deadline", lets
// the last of two keys win, and names no location.
func TestDecodeNamesExactlyWithPaths(t *testing.T) {
	good, err := json.Marshal(verifiedplan.Plan())
	require.NoError(t, err)
	plan := string(good)
	nth := func(s, old, new string, n int) string { // replace the n-th (from 0) occurrence
		at := -1
		for i := 0; i <= n; i++ {
			j := strings.Index(s[at+1:], old)
			require.GreaterOrEqual(t, j, 0, "occurrence %d of %s", n, old)
			at += 1 + j
		}
		return s[:at] + new + s[at+len(old):]
	}
	tests := []struct {
		name, input string
		code        validation.Code
		path        string
	}{
		{"case of a field", strings.Replace(plan, `"deadline":`, `"deadLine":`, 1), validation.CodeNotSupported, "goal.deadLine"},
		{"upper-case field deep in the crisis plan", strings.Replace(plan, `"statements":[{"channel":"instagram","text":`, `"statements":[{"channel":"instagram","TEXT":`, 1), validation.CodeNotSupported, "crisis.levels[0].statements[0].TEXT"},
		{"field of an entry (decoded by its own UnmarshalJSON)", nth(plan, `"text":`, `"Text":`, 0), validation.CodeNotSupported, "entries[0].Text"},
		{"field of a recurrence", nth(plan, `"rule":"FREQ`, `"RULE":"FREQ`, 1), validation.CodeNotSupported, "routines[1].recurrence.RULE"},
		{"misspelt field of the second channel", nth(plan, `"purpose":`, `"purpos":`, 1), validation.CodeNotSupported, "channels[1].purpos"},
		{"duplicate key", strings.Replace(plan, `"zone":`, `"zone":"UTC","zone":`, 1), validation.CodeDuplicate, "zone"},
		{"duplicate key in a campaign", strings.Replace(plan, `"name":"Origin Stories"`, `"name":"x","name":"Origin Stories"`, 1), validation.CodeDuplicate, "campaigns[0].name"},
		{"wrong kind", strings.Replace(plan, `"postsPerWeek":4`, `"postsPerWeek":"4"`, 1), validation.CodeInvalid, "channels[0].postsPerWeek"},
		{"unknown enum in a routine", nth(plan, `"channel":"instagram"`, `"channel":"myspace"`, 0), validation.CodeNotSupported, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, plan != tt.input, "the test changed nothing")
			_, err := strategy.Decode(strings.NewReader(tt.input))
			require.Error(t, err)
			assert.ErrorIs(t, err, strategy.ErrDecode)
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "%v", err)
			if tt.path == "" {
				require.NotEmpty(t, verr.Errors)
				assert.Equal(t, tt.code, verr.Errors[0].Code, "%v", err)
				assert.NotEmpty(t, verr.Errors[0].Path, "%v", err)
				return
			}
			assert.True(t, verr.Has(tt.code, tt.path), "%v", err)
		})
	}

	// Every problem at once.
	both := strings.Replace(strings.Replace(plan, `"deadline":`, `"Deadline":`, 1), `"zone":`, `"zone":"UTC","zone":`, 1)
	_, err = strategy.Decode(strings.NewReader(both))
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "goal.Deadline"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeDuplicate, "zone"), "%v", err)
	assert.Contains(t, err.Error(), `did you mean "deadline"`)
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		plant func(p *strategy.Strategy)
		code  validation.Code
		path  string
	}{
		{"missing ID", func(p *strategy.Strategy) { p.ID = uuid.Nil }, validation.CodeRequired, "id"},
		{"bad zone", func(p *strategy.Strategy) { p.Zone = "Mars/Olympus" }, validation.CodeInvalid, "zone"},
		{"objective KPI dangling", func(p *strategy.Strategy) { p.Objectives[0].KPIs[1] = uuid.New() }, validation.CodeNotFound, "objectives[0].kpis[1]"},
		{"campaign objective dangling", func(p *strategy.Strategy) { p.Campaigns[1].Objectives[0] = uuid.New() }, validation.CodeNotFound, "campaigns[1].objectives[0]"},
		{"entry campaign dangling", func(p *strategy.Strategy) { p.Entries[2].CampaignID = uuid.New() }, validation.CodeNotFound, "entries[2].campaignId"},
		{"entry routine dangling", func(p *strategy.Strategy) { p.Entries[0].RoutineID = uuid.New() }, validation.CodeNotFound, "entries[0].routineId"},
		{"assignment owner dangling", func(p *strategy.Strategy) { p.Assignments[1].Owner = uuid.New() }, validation.CodeNotFound, "assignments[1].owner"},
		{"milestone campaign dangling", func(p *strategy.Strategy) { p.Milestones[1].CampaignID = uuid.New() }, validation.CodeNotFound, "milestones[1].campaignId"},
		{"segment dangling", func(p *strategy.Strategy) { p.Channels[1].Audience[0] = uuid.New() }, validation.CodeNotFound, "channels[1].audience[0]"},
		{"duplicate objective", func(p *strategy.Strategy) { p.Objectives[2].ID = p.Objectives[0].ID }, validation.CodeDuplicate, "objectives[2].id"},
		{"duplicate KPI", func(p *strategy.Strategy) { p.KPIs[3].ID = p.KPIs[0].ID }, validation.CodeDuplicate, "kpis[3].id"},
		{"duplicate entry", func(p *strategy.Strategy) { p.Entries[3].ID = p.Entries[1].ID }, validation.CodeDuplicate, "entries[3].id"},
		{"duplicate channel", func(p *strategy.Strategy) { p.Channels[1].Channel = channel.Instagram }, validation.CodeDuplicate, "channels[1].channel"},
		{"parent cycle", func(p *strategy.Strategy) {
			p.Objectives[0].Parent, p.Objectives[1].Parent, p.Objectives[2].Parent = p.Objectives[2].ID, p.Objectives[0].ID, p.Objectives[1].ID
		}, validation.CodeInvalid, "objectives[0].parent"},
		{"self parent", func(p *strategy.Strategy) { p.Objectives[1].Parent = p.Objectives[1].ID }, validation.CodeInvalid, "objectives[1].parent"},
		{"phase ends before it starts", func(p *strategy.Strategy) {
			p.Campaigns[0].Phases[0].End = p.Campaigns[0].Phases[0].Start.Add(-time.Hour)
		}, validation.CodeOutOfRange, "campaigns[0].phases[0].end"},
		{"negative budget", func(p *strategy.Strategy) { p.Campaigns[0].Budget.Amount = decimal.NewFromInt(-1) }, validation.CodeOutOfRange, "campaigns[0].budget.amount"},
		{"bad currency", func(p *strategy.Strategy) { p.Budgets[0].Currency = "eur" }, validation.CodeInvalid, "budgets[0].currency"},
		{"unknown role", func(p *strategy.Strategy) { p.Team[0].Roles[0] = "boss" }, validation.CodeNotSupported, "team[0].roles[0]"},
		{"too many hours", func(p *strategy.Strategy) { p.Team[0].WeeklyHours = decimal.NewFromInt(200) }, validation.CodeOutOfRange, "team[0].weeklyHours"},
		{"KPI problem re-rooted", func(p *strategy.Strategy) { p.KPIs[1].Unit = kpi.UnitPercent }, validation.CodeConflict, "kpis[1].unit"},
		{"crisis problem re-rooted", func(p *strategy.Strategy) { p.Crisis.Levels[0].Statements = p.Crisis.Levels[0].Statements[:1] }, validation.CodeRequired, "crisis.levels[0].statements[linkedin]"},
		{"missing goal", func(p *strategy.Strategy) { p.Goal = strategy.Goal{} }, validation.CodeRequired, "goal.deadline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := verifiedplan.Plan()
			tt.plant(plan)
			err := plan.Validate()
			require.Error(t, err)
			if !validation.Has(err, tt.code, tt.path) {
				t.Errorf("want %s at %s, got %v", tt.code, tt.path, err)
			}
		})
	}
	t.Run("every problem at once", func(t *testing.T) {
		plan := verifiedplan.Plan()
		plan.ID = uuid.Nil
		plan.Entries[0].RoutineID = uuid.New()
		plan.Team[0].Name = ""
		var verr *validation.Error
		require.ErrorAs(t, plan.Validate(), &verr)
		assert.Len(t, verr.Errors, 3)
	})
	t.Run("nil plan", func(t *testing.T) {
		var p *strategy.Strategy
		assert.Error(t, p.Validate())
	})
}

func TestVerifyRules(t *testing.T) {
	tests := []struct {
		rule, path string
		plant      func(p *strategy.Strategy)
	}{
		{strategy.RulePlanValid, "team[0].name", func(p *strategy.Strategy) { p.Team[0].Name = "" }},
		{strategy.RuleSmartSpecific, "objectives[1].statement", func(p *strategy.Strategy) { p.Objectives[1].Statement = " " }},
		{strategy.RuleSmartMeasurable, "objectives[0].kpis[0]", func(p *strategy.Strategy) { p.KPIs[0].Baseline.At = time.Time{} }},
		{strategy.RuleSmartAchievable, "kpis[1].target.value", func(p *strategy.Strategy) { p.KPIs[1].Target.Value = decimal.NewFromInt(30000) }},
		{strategy.RuleSmartRelevant, "objectives[2].rationale", func(p *strategy.Strategy) { p.Objectives[2].Rationale = "" }},
		{strategy.RuleSmartTimeBound, "objectives[0].deadline", func(p *strategy.Strategy) { p.Objectives[0].Deadline = p.Goal.Deadline.AddDate(0, 1, 0) }},
		{strategy.RuleSmartTimeBound, "objectives[2].deadline", func(p *strategy.Strategy) {
			p.Objectives[2].Parent = p.Objectives[0].ID
			p.Objectives[0].Deadline = p.Objectives[0].Deadline.AddDate(0, 0, -10)
		}},
		{strategy.RuleTraceKPIs, "kpis[2]", func(p *strategy.Strategy) { p.Objectives[1].KPIs = p.Objectives[0].KPIs[:1] }},
		{strategy.RuleTraceObjectives, "objectives[2]", func(p *strategy.Strategy) { p.Campaigns[1].Objectives[0] = p.Objectives[0].ID }},
		{strategy.RuleTraceCampaigns, "campaigns[0].objectives", func(p *strategy.Strategy) { p.Campaigns[0].Objectives = nil }},
		{strategy.RuleTraceChannels, "routines[2].channel", func(p *strategy.Strategy) { p.Routines[2].Channel = channel.Threads }},
		{strategy.RuleTraceChannels, "kpis[1].channels[0]", func(p *strategy.Strategy) { p.KPIs[1].Channels[0] = channel.YouTube }},
		{strategy.RuleTraceEntries, "entries[4].at", func(p *strategy.Strategy) { p.Entries[4].At = p.Entries[4].At.AddDate(0, 2, 0) }},
		{strategy.RuleTraceEntries, "entries[2].channel", func(p *strategy.Strategy) { p.Entries[2].Channel = channel.LinkedIn }},
		{strategy.RuleTraceDates, "campaigns[1].end", func(p *strategy.Strategy) { p.Campaigns[1].End = p.Goal.Deadline.AddDate(0, 0, 1) }},
		{strategy.RuleTraceDates, "campaigns[0].phases[0].start", func(p *strategy.Strategy) {
			p.Campaigns[0].Phases[0].Start = p.Campaigns[0].Start.AddDate(0, 0, -2)
		}},
		{strategy.RuleTraceDates, "milestones[1].at", func(p *strategy.Strategy) { p.Milestones[1].At = p.Milestones[1].At.AddDate(0, 1, 0) }},
		{strategy.RuleTraceBudget, "budgets", func(p *strategy.Strategy) { p.Budgets[0].Amount = decimal.NewFromInt(2000) }},
		{strategy.RuleTraceBudget, "budgets", func(p *strategy.Strategy) { p.Campaigns[1].Budget.Currency = "USD"; p.Campaigns[1].Resources = nil }},
		{strategy.RuleTraceBudget, "campaigns[0].resources", func(p *strategy.Strategy) { p.Campaigns[0].Resources[1].Cost.Amount = decimal.NewFromInt(1000) }},
		{strategy.RuleCrisisCoverage, "crisis", func(p *strategy.Strategy) { p.Crisis = strategy.Strategy{}.Crisis }},
		{strategy.RuleCrisisApprovers, "crisis.levels[2].approver", func(p *strategy.Strategy) {
			// Legal approves critical statements, but nobody pages legal.
			legal, deputy := verifiedplan.IDs.ID("member", "legal"), verifiedplan.IDs.ID("member", "legal-deputy")
			p.Team = append(p.Team,
				strategy.Member{ID: legal, Name: "Head of legal", Roles: []strategy.Role{strategy.RoleStrategist}},
				strategy.Member{ID: deputy, Name: "Deputy head of legal", Roles: []strategy.Role{strategy.RoleStrategist}})
			p.Crisis.Levels[2].Approver, p.Crisis.Levels[2].BackupApprover = legal, deputy
		}},
		{strategy.RuleTeamRoles, "team", func(p *strategy.Strategy) { p.Team[0].Roles = []strategy.Role{strategy.RoleCommunityManager} }},
		{strategy.RuleTeamCapacity, "team", func(p *strategy.Strategy) { p.Community.Workload.InboxPerWeek = 400 }},
		{strategy.RuleTeamAssignments, "assignments[2].due", func(p *strategy.Strategy) { p.Assignments[2].Due = time.Time{} }},
		{strategy.RuleTeamAssignments, "assignments[0].owner", func(p *strategy.Strategy) { p.Assignments[0].Owner = p.Team[0].ID }},
		{strategy.RuleCalendarConflicts, "entries[4]", func(p *strategy.Strategy) {
			p.Entries[5].At = p.Entries[4].At.Add(time.Hour)
			p.Entries[5].Status = calendar.StatusApproved
		}},
		{strategy.RuleCalendarFrequency, "channels[1].postsPerWeek", func(p *strategy.Strategy) { p.Channels[1].PostsPerWeek = 5 }},
		{strategy.RuleTracePhases, "campaigns[0].phases[1].start", func(p *strategy.Strategy) {
			p.Campaigns[0].Phases[1].Start = p.Campaigns[0].Phases[0].End.Add(-time.Hour)
		}},
		{strategy.RuleTracePhases, "campaigns[1].phases[2].start", func(p *strategy.Strategy) {
			// nested inside the phase before it
			p.Campaigns[1].Phases[2].Start = p.Campaigns[1].Phases[1].Start.AddDate(0, 0, 1)
			p.Campaigns[1].Phases[2].End = p.Campaigns[1].Phases[1].Start.AddDate(0, 0, 2)
		}},
		{strategy.RuleTracePhases, "campaigns[1].phases[2].start", func(p *strategy.Strategy) {
			// overlaps a phase that is not the one just before it: the
			// first runs the whole campaign, the second a day inside it.
			ph, c := p.Campaigns[1].Phases, p.Campaigns[1]
			ph[0].End = c.End
			ph[1].End = ph[1].Start.AddDate(0, 0, 1)
		}},
		{strategy.RulePlanValid, "campaigns[0].phases[2].start", func(p *strategy.Strategy) { // out of order
			ph := p.Campaigns[0].Phases
			ph[1], ph[2] = ph[2], ph[1]
		}},
		{strategy.RulePlanZones, "routines[0].recurrence.zone", func(p *strategy.Strategy) {
			r := &p.Routines[0].Recurrence
			r.Start = calendar.Date(2027, 1, 4, 10, 0, 0, 0, mustZone("Europe/Lisbon"))
		}},
		{strategy.RulePlanZones, "crisis.zone", func(p *strategy.Strategy) { p.Crisis.Zone = "America/New_York" }},
		{strategy.RuleCalendarWallClock, "routines[1].recurrence", func(p *strategy.Strategy) {
			// Tuesdays at 02:30: 2027-03-30 is fine, but a Sunday at 02:30
			// is in Madrid's spring-forward gap on 2027-03-28.
			r := &p.Routines[1].Recurrence
			r.Start = calendar.Date(2027, 1, 3, 2, 30, 0, 0, r.Start.Location())
			rule, err := calendar.ParseRule("FREQ=WEEKLY;BYDAY=SU")
			if err != nil {
				panic(err)
			}
			r.Rule = rule
		}},
		{strategy.RulePlanZones, "entries[3].zone", func(p *strategy.Strategy) { p.Entries[3].At = p.Entries[3].At.In(time.UTC) }},
		{strategy.RulePlanZones, "calendarRules.blackouts[0].zone", func(p *strategy.Strategy) {
			b := &p.CalendarRules.Blackouts[0]
			b.From, b.To = b.From.In(mustZone("Atlantic/Canary")), b.To.In(mustZone("Atlantic/Canary"))
		}},
		{strategy.RulePlanZones, "calendarRules.channels[linkedin].zone", func(p *strategy.Strategy) {
			r := p.CalendarRules.Channels[channel.LinkedIn]
			r.Location = time.UTC
			p.CalendarRules.Channels[channel.LinkedIn] = r
		}},
		{strategy.RulePlanZones, "community.response.hours.zone", func(p *strategy.Strategy) { p.Community.Response.Hours.Location = mustZone("Europe/Paris") }},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" "+tt.path, func(t *testing.T) {
			plan := verifiedplan.Plan()
			tt.plant(plan)
			report := strategy.Verify(plan, nil)
			found := false
			for _, f := range report.Findings {
				found = found || (f.Rule == tt.rule && f.Path == tt.path)
			}
			assert.True(t, found, "want %s at %s; got\n%s", tt.rule, tt.path, report.String())

			// The rule alone, through its own Check, finds it too (except
			// plan.valid's share of the work is its own).
			for _, r := range strategy.Rules() {
				if r.Name() == tt.rule {
					silenced := strategy.Verify(plan, &strategy.VerifyOptions{Severities: map[string]strategy.Severity{tt.rule: strategy.SeverityOff}})
					for _, f := range silenced.Findings {
						assert.NotEqual(t, tt.rule, f.Rule, "an off rule reports nothing")
					}
				}
			}
		})
	}
}

func TestVerifyIsDeterministicAndSorted(t *testing.T) {
	plan := verifiedplan.Plan()
	plan.Objectives[0].KPIs = nil
	plan.Campaigns[0].Channels = append(plan.Campaigns[0].Channels, channel.X)
	plan.Team[1].WeeklyHours = decimal.NewFromInt(2)
	a, b := strategy.Verify(plan, nil), strategy.Verify(plan, nil)
	assert.Equal(t, a, b)
	for i := 1; i < len(a.Findings); i++ {
		p, q := a.Findings[i-1], a.Findings[i]
		if p.Severity == q.Severity {
			assert.LessOrEqual(t, p.Rule, q.Rule)
		}
	}
	assert.Equal(t, strategy.SeverityError, a.Findings[0].Severity)
	data, err := json.Marshal(a)
	require.NoError(t, err)
	var back strategy.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, a, back)
}

// Verify returns a Report value: its methods work on the value itself, and
// fmt prints it as its String does, not as a raw struct.
func TestReportMethodsOnTheValue(t *testing.T) {
	plan := verifiedplan.Plan()
	plan.Objectives[0].KPIs = nil
	assert.False(t, strategy.Verify(plan, nil).OK())
	assert.Positive(t, strategy.Verify(plan, nil).Count(strategy.SeverityError))
	report := strategy.Verify(plan, nil)
	assert.Equal(t, report.String(), fmt.Sprint(report))
	assert.Equal(t, report.String(), fmt.Sprintf("%v", report))
	assert.Contains(t, fmt.Sprint(report), "smart.measurable")
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// A New York plan with a routine in EST (a real IANA zone, fixed at UTC−5
// all year) and a crisis plan in Madrid validates; Verify warns about both
// and says why EST drifts.
func TestVerifyZonesThatDisagree(t *testing.T) {
	plan := newYorkPlan()
	require.NoError(t, plan.Validate())
	clean := strategy.Verify(plan, nil)
	assert.False(t, hasRule(clean, strategy.RulePlanZones), "every part in the plan's zone: %s", clean)

	plan.Routines[1].Recurrence.Start = calendar.Date(2027, 1, 5, 11, 0, 0, 0, mustZone("EST"))
	plan.Crisis.Zone = "Europe/Madrid"
	require.NoError(t, plan.Validate(), "both are valid on their own")
	report := strategy.Verify(plan, nil)
	var msgs []string
	for _, f := range report.Findings {
		if f.Rule == strategy.RulePlanZones {
			msgs = append(msgs, f.Path+": "+f.Message)
			assert.Equal(t, strategy.SeverityWarning, f.Severity)
		}
	}
	require.Len(t, msgs, 2, "%s", report)
	assert.Contains(t, msgs[0], "crisis.zone")
	assert.Contains(t, msgs[1], "routines[1].recurrence.zone")
	assert.Contains(t, msgs[1], "America/New_York changes for daylight saving time and EST does not")
}

// newYorkPlan is the sample plan moved to America/New_York, every wall
// time kept.
func newYorkPlan() *strategy.Strategy {
	plan := verifiedplan.Plan()
	plan.Zone = "America/New_York"
	moveAll(plan, mustZone(plan.Zone))
	return plan
}

// moveAll puts every zoned part of the sample plan on loc's wall clock,
// keeping each wall time.
func moveAll(p *strategy.Strategy, loc *time.Location) {
	wall := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return calendar.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	}
	for i := range p.Routines {
		r := &p.Routines[i]
		r.Recurrence.Start = wall(r.Recurrence.Start)
		r.Until = wall(r.Until)
	}
	for i := range p.Entries {
		p.Entries[i].At = wall(p.Entries[i].At)
	}
	for i := range p.Milestones {
		p.Milestones[i].At = wall(p.Milestones[i].At)
	}
	for i := range p.CalendarRules.Blackouts {
		b := &p.CalendarRules.Blackouts[i]
		b.From, b.To = wall(b.From), wall(b.To)
	}
	for c, r := range p.CalendarRules.Channels {
		r.Location = loc
		p.CalendarRules.Channels[c] = r
	}
	p.Crisis.Zone = loc.String()
	p.Community.Response.Hours.Location = loc
}

func hasRule(r strategy.Report, rule string) bool {
	for _, f := range r.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// A routine whose wall time falls in a DST gap or a repeated hour is
// reported once, with the slots affected, in the plan's zone.
func TestVerifyWallClock(t *testing.T) {
	plan := newYorkPlan()
	ny := mustZone("America/New_York")
	plan.Goal.Deadline = time.Date(2027, 12, 31, 0, 0, 0, 0, ny)
	for i := range plan.Objectives {
		plan.Objectives[i].Deadline = plan.Goal.Deadline
	}
	clean := strategy.Verify(plan, nil)
	assert.False(t, hasRule(clean, strategy.RuleCalendarWallClock), "no routine at 01:00–03:00: %s", clean)

	daily, err := calendar.ParseRule("FREQ=DAILY")
	require.NoError(t, err)
	plan.Routines[0].Recurrence = calendar.Recurrence{Start: calendar.Date(2027, 1, 4, 2, 30, 0, 0, ny), Rule: daily}
	plan.Routines[1].Recurrence = calendar.Recurrence{Start: calendar.Date(2027, 1, 5, 1, 30, 0, 0, ny), Rule: daily}
	plan.Routines[0].Until, plan.Routines[1].Until = time.Time{}, time.Time{}
	report := strategy.Verify(plan, nil)
	var got []strategy.Finding
	for _, f := range report.Findings {
		if f.Rule == strategy.RuleCalendarWallClock {
			got = append(got, f)
		}
	}
	require.Len(t, got, 2, "%s", report)
	assert.Equal(t, "routines[0].recurrence", got[0].Path)
	assert.Contains(t, got[0].Message, "1 slot(s)")
	assert.Contains(t, got[0].Message, "2027-03-14 02:30 does not exist in America/New_York (DST gap): the slot is at 03:30 EDT")
	assert.Equal(t, "routines[1].recurrence", got[1].Path)
	assert.Contains(t, got[1].Message, "2027-11-07 01:30 occurs twice in America/New_York")
	assert.Equal(t, strategy.SeverityWarning, got[1].Severity)
}

func TestLocation(t *testing.T) {
	loc, err := (&strategy.Strategy{Zone: "America/New_York"}).Location()
	require.NoError(t, err)
	assert.Equal(t, "America/New_York", loc.String())
	for _, zone := range []string{"", "Local", "Mars/Olympus"} {
		_, err := (&strategy.Strategy{Zone: zone}).Location()
		assert.ErrorIs(t, err, strategy.ErrZone, "%q", zone)
	}
}

func TestVerifyOptions(t *testing.T) {
	plan := verifiedplan.Plan()
	report := strategy.Verify(plan, &strategy.VerifyOptions{
		MaxMonthlyChange: decimal.NewFromInt(10),
		Severities:       map[string]strategy.Severity{"smart.achievabel": strategy.SeverityOff, strategy.RuleSmartAchievable: strategy.SeverityError},
		Rules:            []strategy.Rule{strategy.NewRule(strategy.RuleTeamRoles, strategy.SeverityInfo, func(*strategy.Strategy, *strategy.Reporter) {})},
	})
	var rules []string
	for _, f := range report.Findings {
		rules = append(rules, f.Rule+" "+f.Path)
	}
	// A tighter bound flags the engagement (17.26%/30d) and share of voice
	// KPIs, now as errors; the typo and the clashing rule
	// name are reported.
	assert.Contains(t, rules, "smart.achievable kpis[0].target.value")
	assert.Contains(t, rules, "smart.achievable kpis[2].target.value")
	assert.Contains(t, rules, "verify.options severities[smart.achievabel]")
	assert.Contains(t, rules, "verify.options rules[0]")
	assert.False(t, report.OK())

	rate, total, ok := strategy.MonthlyChange(plan.KPIs[0])
	require.True(t, ok)
	assert.True(t, total.Equal(decimal.NewFromInt(50)), total.String())
	assert.True(t, rate.Equal(decimal.RequireFromString("17.26")), rate.String())
	_, _, ok = strategy.MonthlyChange(kpi.KPI{Direction: kpi.Increase})
	assert.False(t, ok, "a zero baseline has no rate")
}

func TestVerifyNeverPanicsOnEmptyPlans(t *testing.T) {
	for _, p := range []*strategy.Strategy{nil, {}} {
		report := strategy.Verify(p, nil)
		assert.False(t, report.OK())
		assert.NotPanics(t, func() { _ = strategy.Trace(p) })
	}
}

func TestTrace(t *testing.T) {
	plan := verifiedplan.Plan()
	plan.Entries[3].CampaignID = uuid.Nil
	plan.Campaigns[1].Objectives = nil
	m := strategy.Trace(plan)
	require.Len(t, m.Objectives, 3)
	assert.Len(t, m.Objectives[0].Campaigns[0].Entries, 2)
	assert.Empty(t, m.Objectives[2].Campaigns)
	assert.Equal(t, []strategy.Ref{{ID: plan.Campaigns[1].ID, Name: "Office Coffee Week"}}, m.UntracedCampaigns)
	assert.Equal(t, []uuid.UUID{plan.Entries[3].ID}, m.UntracedEntries)
	assert.Empty(t, m.UntracedKPIs, "the objective still measures its KPI")
	data, err := json.Marshal(m)
	require.NoError(t, err)
	var back strategy.Matrix
	require.NoError(t, json.Unmarshal(data, &back))
	assert.True(t, m.Deadline.Equal(back.Deadline))
	back.Deadline = m.Deadline
	assert.Equal(t, m, back)
}

func FuzzDecodeValidateVerify(f *testing.F) {
	good, err := json.Marshal(verifiedplan.Plan())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"objectives":[{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","parent":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}]}`))
	f.Add([]byte(`{"zone":"Europe/Madrid","goal":{"deadline":"2027-01-01T00:00:00Z"},"campaigns":[{"start":"2026-01-01T00:00:00Z","end":"2027-06-01T00:00:00Z"}]}`))
	empty, err := kpi.NewSeries(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The whole path, decoding included, within a budget set by the
		// plan's size; Review as of the goal's deadline and a year later.
		budget.Check(t, "Decode, Validate, Verify, Trace, Review", budget.For(len(data)), func() {
			plan, err := strategy.Decode(bytes.NewReader(data))
			if err != nil {
				return
			}
			_ = plan.Validate()
			_ = strategy.Verify(plan, nil)
			_ = strategy.Trace(plan)
			for _, at := range []time.Time{plan.Goal.Deadline, plan.Goal.Deadline.AddDate(1, 0, 0)} {
				if at.IsZero() {
					continue
				}
				if res, err := strategy.Review(plan, empty, at, nil); err == nil {
					if _, jerr := json.Marshal(res); jerr != nil {
						t.Errorf("the review of a valid plan does not encode: %v", jerr)
					}
				}
			}
			for _, k := range plan.KPIs {
				_, _, _ = strategy.MonthlyChange(k)
			}
		})
	})
}

// Every problem inside a part that decodes itself (a routine, an entry)
// comes back with its own path: an unknown enum value does not hide an
// unknown key beside it.
func TestDecodeKeepsEveryProblemOfAPart(t *testing.T) {
	good, err := json.Marshal(verifiedplan.Plan())
	require.NoError(t, err)
	bad := strings.Replace(string(good), `"channel":"instagram","recurrence"`, `"channel":"instagrm","Pillar":"x","recurrence"`, 1)
	require.NotEqual(t, len(good), len(bad))
	_, err = strategy.Decode(strings.NewReader(bad))
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "routines[0].channel"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "routines[0].Pillar"), "%v", err)
	assert.ErrorIs(t, err, validation.ErrUnknownValue)
}
