package strategy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// checkTraceKPIs: every KPI measures an objective.
func checkTraceKPIs(ctx *checkContext, r *Reporter) {
	for k, kp := range ctx.plan.KPIs {
		if _, ok := ctx.ix.kpiObjectives[kp.ID]; !ok {
			r.Report(validation.NewPath("kpis").Index(k), "KPI %q measures no objective", kp.Name)
		}
	}
}

// checkTraceObjectives: something serves every objective: a campaign or a
// sub-objective.
func checkTraceObjectives(ctx *checkContext, r *Reporter) {
	for i, o := range ctx.plan.Objectives {
		if len(ctx.ix.objCampaigns[o.ID]) == 0 && ctx.ix.objChildren[o.ID] == 0 {
			r.Report(objPath(i), "no campaign and no sub-objective serves the objective")
		}
	}
}

// checkTraceCampaigns: every campaign serves an objective.
func checkTraceCampaigns(ctx *checkContext, r *Reporter) {
	for i, c := range ctx.plan.Campaigns {
		if len(c.Objectives) == 0 {
			r.Report(validation.NewPath("campaigns").Index(i).Child("objectives"), "campaign %q serves no objective", c.Name)
		}
	}
}

// checkTraceChannels: campaigns, routines, entries and KPIs use only the
// channels the plan chose.
func checkTraceChannels(ctx *checkContext, r *Reporter) {
	p, chosen := ctx.plan, ctx.ix.chosen
	not := func(c channel.Channel) bool { _, ok := chosen[c]; return !ok && c.IsValid() }
	for i, c := range p.Campaigns {
		for j, ch := range c.Channels {
			if not(ch) {
				r.Report(validation.NewPath("campaigns").Index(i).Child("channels").Index(j), "campaign %q runs on %s, a channel the plan did not choose", c.Name, ch)
			}
		}
	}
	for i, rt := range p.Routines {
		if not(rt.Channel) {
			r.Report(validation.NewPath("routines").Index(i).Child("channel"), "the routine publishes on %s, a channel the plan did not choose", rt.Channel)
		}
	}
	for i, e := range p.Entries {
		if not(e.Channel) {
			r.Report(validation.NewPath("entries").Index(i).Child("channel"), "the entry is on %s, a channel the plan did not choose", e.Channel)
		}
	}
	for k, kp := range p.KPIs {
		for j, ch := range kp.Channels {
			if not(ch) {
				r.Report(validation.NewPath("kpis").Index(k).Child("channels").Index(j), "KPI %q measures %s, a channel the plan did not choose", kp.Name, ch)
			}
		}
	}
}

// checkTraceEntries: every calendar entry belongs to a campaign or a
// routine; a campaign's entries are on its channels and inside its dates.
func checkTraceEntries(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	// Paths are built only for the problems found.
	ep := func(i int) *validation.Path { return validation.NewPath("entries").Index(i) }
	for i, e := range p.Entries {
		if e.CampaignID == uuid.Nil && e.RoutineID == uuid.Nil {
			r.Report(ep(i), "the entry belongs to no campaign and no routine")
			continue
		}
		ci, ok := ctx.ix.campaigns[e.CampaignID]
		if !ok || e.CampaignID == uuid.Nil || e.Status == calendar.StatusCancelled {
			continue
		}
		c := &p.Campaigns[ci]
		if e.Channel.IsValid() && len(c.Channels) > 0 && !slices.Contains(c.Channels, e.Channel) {
			r.Report(ep(i).Child("channel"), "the entry is on %s, which campaign %q does not use", e.Channel, c.Name)
		}
		if !e.At.IsZero() && !c.Start.IsZero() && !c.End.IsZero() && (e.At.Before(c.Start) || !e.At.Before(c.End)) {
			r.Report(ep(i).Child("at"), "the entry is at %s, outside campaign %q (%s to %s)", day(e.At), c.Name, day(c.Start), day(c.End))
		}
	}
}

// checkTraceDates: campaigns end by the goal's deadline; phases fall inside
// their campaign; milestones fall inside their campaign and by the goal's
// deadline.
func checkTraceDates(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	goal := p.Goal.Deadline
	// Paths are built only for the problems found.
	cp := func(i int) *validation.Path { return validation.NewPath("campaigns").Index(i) }
	for i, c := range p.Campaigns {
		if !goal.IsZero() && c.End.After(goal) {
			r.Report(cp(i).Child("end"), "campaign %q ends %s, after the goal's deadline %s", c.Name, day(c.End), day(goal))
		}
		if c.Start.IsZero() || c.End.IsZero() {
			continue
		}
		for j, ph := range c.Phases {
			if !ph.Start.IsZero() && ph.Start.Before(c.Start) {
				r.Report(cp(i).Child("phases").Index(j).Child("start"), "phase %q starts %s, before its campaign (%s)", ph.Name, day(ph.Start), day(c.Start))
			}
			if !ph.End.IsZero() && ph.End.After(c.End) {
				r.Report(cp(i).Child("phases").Index(j).Child("end"), "phase %q ends %s, after its campaign (%s)", ph.Name, day(ph.End), day(c.End))
			}
		}
	}
	mp := func(i int) *validation.Path { return validation.NewPath("milestones").Index(i).Child("at") }
	for i, m := range p.Milestones {
		if m.At.IsZero() {
			continue
		}
		if !goal.IsZero() && m.At.After(goal) {
			r.Report(mp(i), "milestone %q is %s, after the goal's deadline %s", m.Name, day(m.At), day(goal))
		}
		if ci, ok := ctx.ix.campaigns[m.CampaignID]; ok && m.CampaignID != uuid.Nil {
			c := p.Campaigns[ci]
			// A campaign's milestones may mark its very end.
			if !c.Start.IsZero() && !c.End.IsZero() && (m.At.Before(c.Start) || m.At.After(c.End)) {
				r.Report(mp(i), "milestone %q is %s, outside campaign %q (%s to %s)", m.Name, day(m.At), c.Name, day(c.Start), day(c.End))
			}
		}
	}
}

// checkTracePhases: a campaign's phases follow one another: each starts
// when or after every phase before it has ended. Two phases that overlap
// split the campaign's days between two plans of action; phases listed out
// of time order are reported by plan.valid already, so this rule reports
// only a phase that starts (in order) before an earlier phase ends, naming
// the earlier phase that ends last.
func checkTracePhases(ctx *checkContext, r *Reporter) {
	for i, c := range ctx.plan.Campaigns {
		last := -1 // the phase before j that ends last
		for j, ph := range c.Phases {
			if last >= 0 && !ph.Start.IsZero() && !ph.Start.Before(c.Phases[j-1].Start) && ph.Start.Before(c.Phases[last].End) {
				prev := c.Phases[last]
				r.Report(validation.NewPath("campaigns").Index(i).Child("phases").Index(j).Child("start"),
					"phase %q of campaign %q starts %s, before phase %q ends (%s)", ph.Name, c.Name, stamp(ph.Start), prev.Name, stamp(prev.End))
			}
			if !ph.End.IsZero() && (last < 0 || ph.End.After(c.Phases[last].End)) {
				last = j
			}
		}
	}
}

// stamp prints an instant to the minute, in its own zone.
func stamp(t time.Time) string { return t.Format("2006-01-02 15:04 MST") }

// checkTraceBudget: per currency, the campaigns' budgets fit in the plan's,
// and each campaign's resources fit in its budget. An amount beyond
// validation's decimal bounds (which plan.valid reports) makes the sums it
// belongs to unjudgeable: they are skipped, not computed.
func checkTraceBudget(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	spent := map[string]decimal.Decimal{}
	unjudged := map[string]bool{} // currencies with an amount out of bounds
	for i, c := range p.Campaigns {
		cp := validation.NewPath("campaigns").Index(i)
		if !validation.DecimalWithin(c.Budget.Amount) {
			unjudged[c.Budget.Currency] = true
			continue
		}
		if !c.Budget.Amount.IsZero() && c.Budget.Currency != "" {
			spent[c.Budget.Currency] = spent[c.Budget.Currency].Add(c.Budget.Amount)
		}
		costs := map[string]decimal.Decimal{}
		for _, res := range c.Resources {
			if !validation.DecimalWithin(res.Cost.Amount) {
				costs = nil
				break
			}
			if !res.Cost.Amount.IsZero() && res.Cost.Currency != "" {
				costs[res.Cost.Currency] = costs[res.Cost.Currency].Add(res.Cost.Amount)
			}
		}
		for _, cur := range sortedKeys(costs) {
			sum := costs[cur]
			switch {
			case c.Budget.Amount.IsZero():
				r.Report(cp.Child("budget"), "campaign %q has no budget but its resources cost %s", c.Name, Budget{sum, cur})
			case cur != c.Budget.Currency:
				r.Report(cp.Child("resources"), "campaign %q's resources cost %s, but its budget is in %s", c.Name, Budget{sum, cur}, c.Budget.Currency)
			case sum.GreaterThan(c.Budget.Amount):
				r.Report(cp.Child("resources"), "campaign %q's resources cost %s, more than its budget of %s", c.Name, Budget{sum, cur}, c.Budget)
			}
		}
	}
	if len(p.Budgets) == 0 {
		return
	}
	allowed := map[string]decimal.Decimal{}
	for _, b := range p.Budgets {
		if !validation.DecimalWithin(b.Amount) {
			unjudged[b.Currency] = true
		}
		allowed[b.Currency] = b.Amount
	}
	for _, cur := range sortedKeys(spent) {
		a, ok := allowed[cur]
		switch {
		case unjudged[cur]:
		case !ok:
			r.Report(validation.NewPath("budgets"), "campaigns spend %s, a currency the plan has no budget in", Budget{spent[cur], cur})
		case spent[cur].GreaterThan(a):
			r.Report(validation.NewPath("budgets"), "campaigns' budgets add up to %s, more than the plan's %s", Budget{spent[cur], cur}, Budget{a, cur})
		}
	}
}

// checkCrisisCoverage: a crisis plan exists and covers every channel the
// plan chose, so that every level has a holding statement for it.
func checkCrisisCoverage(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	cp := validation.NewPath("crisis")
	if !crisisWritten(&p.Crisis) {
		r.Report(cp, "the plan has no crisis plan")
		return
	}
	if len(p.Crisis.Levels) == 0 {
		r.Report(cp.Child("levels"), "the crisis plan has no severity levels")
		return
	}
	for _, ch := range p.Channels {
		if !ch.Channel.IsValid() || slices.Contains(p.Crisis.Channels, ch.Channel) {
			continue
		}
		r.add(cp.Child("channels").String(), fmt.Sprintf("%s is active in the plan but not among the crisis plan's channels", ch.Channel)+
			missingStatements(p, ctx.ix, ch.Channel))
	}
	// A level covers every account the brand publishes from on the crisis
	// plan's channels: a statement of its own, or one for the network.
	for _, c := range p.Crisis.Channels {
		if _, chosen := ctx.ix.chosen[c]; !chosen {
			continue
		}
		if msg := missingStatements(p, ctx.ix, c); msg != "" {
			r.add(cp.Child("levels").String(), fmt.Sprintf("not every level has a holding statement for each of the brand's accounts on %s", c)+msg)
		}
	}
}

// missingStatements names, for the brand's accounts on c (or the network,
// when it has none), the crisis levels without a holding statement that
// account would publish: "; levels without a holding statement for @a on
// LinkedIn: "high"". It names at most five accounts and counts the rest,
// and returns "" when none lacks one.
func missingStatements(p *Strategy, ix *index, c channel.Channel) string {
	const named = 5
	var b strings.Builder
	lacking := 0
	check := func(ref channel.AccountRef) {
		var missing []string
		for _, l := range p.Crisis.Levels {
			if _, ok := l.StatementFor(ref); !ok {
				missing = append(missing, fmt.Sprintf("%q", l.Name))
			}
		}
		if len(missing) == 0 {
			return
		}
		if lacking++; lacking <= named {
			fmt.Fprintf(&b, "; levels without a holding statement for %s: %s", ref, strings.Join(missing, ", "))
		}
	}
	if ix.accounts.OwnCount(c) == 0 {
		check(channel.AccountRef{Channel: c})
	}
	for a := range ix.accounts.OwnOn(c) {
		check(a.Ref())
	}
	if lacking > named {
		fmt.Fprintf(&b, "; and %d more accounts on %s", lacking-named, c.Name())
	}
	return b.String()
}

// checkCrisisApprovers: someone who may approve a level's statements hears
// of the incident from the plan itself: the level's approver or backup
// approver handles the level or is on its escalation's notify lists.
// Whether they are on the team at all is Validate's (plan.valid).
func checkCrisisApprovers(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	name := func(id uuid.UUID) string {
		if j, ok := ctx.ix.members[id]; ok && strings.TrimSpace(p.Team[j].Name) != "" {
			return p.Team[j].Name
		}
		return id.String()
	}
	for l, lv := range p.Crisis.Levels {
		if lv.Approver == uuid.Nil || lv.BackupApprover == uuid.Nil {
			continue // plan.valid reports it
		}
		approves := func(id uuid.UUID) bool { return id == lv.Approver || id == lv.BackupApprover }
		reached := approves(lv.Handler)
		for _, st := range lv.Escalation.Steps {
			reached = reached || slices.ContainsFunc(st.Notify, approves)
		}
		if !reached {
			r.Report(validation.NewPath("crisis", "levels").Index(l).Child("approver"),
				"level %q neither pages nor is handled by its approvers (%s, %s): its statements wait until someone finds them",
				lv.Name, name(lv.Approver), name(lv.BackupApprover))
		}
	}
}
