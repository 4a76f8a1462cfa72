package strategy

import (
	"errors"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/validation"
)

// The names of the built-in rules. The package documentation says what
// each checks; Rules lists them with their default severities.
const (
	RulePlanValid         = "plan.valid"
	RuleSmartSpecific     = "smart.specific"
	RuleSmartMeasurable   = "smart.measurable"
	RuleSmartAchievable   = "smart.achievable"
	RuleSmartRelevant     = "smart.relevant"
	RuleSmartTimeBound    = "smart.time_bound"
	RuleTraceKPIs         = "trace.kpis"
	RuleTraceObjectives   = "trace.objectives"
	RuleTraceCampaigns    = "trace.campaigns"
	RuleTraceChannels     = "trace.channels"
	RuleTraceEntries      = "trace.entries"
	RuleTraceDates        = "trace.dates"
	RuleTracePhases       = "trace.phases"
	RuleTraceBudget       = "trace.budget"
	RuleCrisisCoverage    = "crisis.coverage"
	RuleCrisisApprovers   = "crisis.approvers"
	RuleTeamRoles         = "team.roles"
	RuleTeamCapacity      = "team.capacity"
	RuleTeamAssignments   = "team.assignments"
	RuleTeamApprovals     = "team.approvals"
	RuleTeamSelfApproval  = "team.self_approval"
	RuleCalendarConflicts = "calendar.conflicts"
	RuleCalendarApprovals = "calendar.approvals"
	RuleCalendarFrequency = "calendar.frequency"
	RuleCalendarSkipped   = "calendar.skipped"
	RuleCalendarWallClock = "calendar.wall_clock"
	RulePlanZones         = "plan.zones"
	RuleLinksTagged       = "links.tagged"
)

// checkContext is what the built-in rules share during one Verify: the plan,
// its index and the options.
type checkContext struct {
	plan  *Strategy
	ix    *index
	bound decimal.Decimal
	// load is the calendar's weekly load, computed once on first use.
	load     *weeklyLoad
	loadDone bool
	// loadErr is why the routines' slots could not be counted
	// (calendar.ErrTooManySlots); the load then counts no slot.
	loadErr error
}

// builtinRule is one of tandem's rules. Verify passes it the shared
// context; called alone through Check, it builds its own.
type builtinRule struct {
	name     string
	severity Severity
	check    func(*checkContext, *Reporter)
}

func (b builtinRule) Name() string       { return b.name }
func (b builtinRule) Severity() Severity { return b.severity }
func (b builtinRule) Check(plan *Strategy, r *Reporter) {
	if plan == nil {
		plan = &Strategy{}
	}
	b.check(&checkContext{plan: plan, ix: newIndex(plan), bound: defaultBound()}, r)
}

func builtins() []Rule {
	return []Rule{
		builtinRule{RulePlanValid, SeverityError, checkPlanValid},
		builtinRule{RulePlanZones, SeverityWarning, checkPlanZones},
		builtinRule{RuleSmartSpecific, SeverityError, checkSpecific},
		builtinRule{RuleSmartMeasurable, SeverityError, checkMeasurable},
		builtinRule{RuleSmartAchievable, SeverityWarning, checkAchievable},
		builtinRule{RuleSmartRelevant, SeverityError, checkRelevant},
		builtinRule{RuleSmartTimeBound, SeverityError, checkTimeBound},
		builtinRule{RuleTraceKPIs, SeverityWarning, checkTraceKPIs},
		builtinRule{RuleTraceObjectives, SeverityWarning, checkTraceObjectives},
		builtinRule{RuleTraceCampaigns, SeverityError, checkTraceCampaigns},
		builtinRule{RuleTraceChannels, SeverityError, checkTraceChannels},
		builtinRule{RuleTraceEntries, SeverityError, checkTraceEntries},
		builtinRule{RuleTraceDates, SeverityError, checkTraceDates},
		builtinRule{RuleTracePhases, SeverityError, checkTracePhases},
		builtinRule{RuleTraceBudget, SeverityError, checkTraceBudget},
		builtinRule{RuleCrisisCoverage, SeverityError, checkCrisisCoverage},
		builtinRule{RuleCrisisApprovers, SeverityWarning, checkCrisisApprovers},
		builtinRule{RuleTeamRoles, SeverityError, checkTeamRoles},
		builtinRule{RuleTeamCapacity, SeverityWarning, checkTeamCapacity},
		builtinRule{RuleTeamAssignments, SeverityError, checkTeamAssignments},
		builtinRule{RuleTeamApprovals, SeverityError, checkTeamApprovals},
		builtinRule{RuleTeamSelfApproval, SeverityWarning, checkTeamSelfApproval},
		builtinRule{RuleCalendarConflicts, SeverityWarning, checkCalendarConflicts},
		builtinRule{RuleCalendarApprovals, SeverityError, checkCalendarApprovals},
		builtinRule{RuleCalendarFrequency, SeverityWarning, checkCalendarFrequency},
		builtinRule{RuleCalendarSkipped, SeverityInfo, checkCalendarSkipped},
		builtinRule{RuleCalendarWallClock, SeverityWarning, checkCalendarWallClock},
		builtinRule{RuleLinksTagged, SeverityError, checkLinksTagged},
	}
}

// Rules returns tandem's built-in rules, in the order Verify runs them, each
// with its default severity. The slice is new on every call.
func Rules() []Rule { return builtins() }

// checkPlanValid reports every problem Validate finds, one finding each,
// at its path.
func checkPlanValid(ctx *checkContext, r *Reporter) {
	err := ctx.plan.Validate()
	var verr *validation.Error
	if !errors.As(err, &verr) {
		return
	}
	for _, fe := range verr.Errors {
		r.add(fe.Path, fe.Detail+" ["+string(fe.Code)+"]")
	}
	r.omit(verr.Omitted) // the problems Validate counted past validation.MaxErrors
}

// day is the unit in which rules print dates.
func day(t time.Time) string { return t.Format("2006-01-02") }
