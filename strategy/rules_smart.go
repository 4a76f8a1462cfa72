package strategy

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

func objPath(i int) *validation.Path { return validation.NewPath("objectives").Index(i) }

// checkSpecific: every objective has a statement.
func checkSpecific(ctx *checkContext, r *Reporter) {
	for i, o := range ctx.plan.Objectives {
		if strings.TrimSpace(o.Statement) == "" {
			r.Report(objPath(i).Child("statement"), "the objective has no statement: say what is to be achieved")
		}
	}
}

// checkMeasurable: every objective has at least one KPI, and each of its
// KPIs has a baseline and a target.
func checkMeasurable(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	for i, o := range p.Objectives {
		if len(o.KPIs) == 0 {
			r.Report(objPath(i).Child("kpis"), "no KPI measures the objective")
			continue
		}
		for j, id := range o.KPIs {
			k, ok := ctx.kpi(id)
			if !ok {
				continue // a dangling reference: plan.valid reports it
			}
			var missing []string
			if k.Baseline.At.IsZero() {
				missing = append(missing, "a baseline instant")
			}
			if k.Target.Deadline.IsZero() {
				missing = append(missing, "a target deadline")
			}
			switch k.Direction {
			case kpi.Within:
				if k.Band == nil {
					missing = append(missing, "a band to stay within")
				}
			default:
				if validation.DecimalWithin(k.Target.Value) && validation.DecimalWithin(k.Baseline.Value) && k.Target.Value.Equal(k.Baseline.Value) {
					missing = append(missing, "a target value different from the baseline")
				}
			}
			if len(missing) > 0 {
				r.Report(objPath(i).Child("kpis").Index(j), "KPI %q has no %s", k.Name, strings.Join(missing, ", no "))
			}
		}
	}
}

// kpi returns the KPI with the given ID.
func (ctx *checkContext) kpi(id uuid.UUID) (kpi.KPI, bool) {
	i, ok := ctx.ix.kpis[id]
	if !ok {
		return kpi.KPI{}, false
	}
	return ctx.plan.KPIs[i], true
}

var (
	hundred       = decimal.NewFromInt(100)
	secondsPer30d = decimal.NewFromInt(30 * 24 * 60 * 60)
)

// MonthlyChange returns the change a KPI plans, in percent of its baseline
// per 30 days: |target − baseline| / |baseline| × 100 × 30 days / (deadline
// − baseline instant), rounded to 2 decimal places, with the total change
// in percent beside it. ok is false when the rate is undefined: a KPI
// within a band, a zero baseline, a deadline not after the baseline, or a
// baseline or target value beyond validation's decimal bounds (which
// KPI.Validate reports).
// This is the figure the smart.achievable rule compares with its bound.
func MonthlyChange(k kpi.KPI) (rate, total decimal.Decimal, ok bool) {
	if k.Direction == kpi.Within || !validation.DecimalWithin(k.Baseline.Value) || !validation.DecimalWithin(k.Target.Value) || k.Baseline.Value.IsZero() || k.Baseline.At.IsZero() || !k.Target.Deadline.After(k.Baseline.At) {
		return decimal.Decimal{}, decimal.Decimal{}, false
	}
	total = k.Target.Value.Sub(k.Baseline.Value).Abs().Mul(hundred).DivRound(k.Baseline.Value.Abs(), kpi.Precision)
	secs := decimal.NewFromInt(int64(k.Target.Deadline.Sub(k.Baseline.At) / time.Second))
	if !secs.IsPositive() {
		return decimal.Decimal{}, decimal.Decimal{}, false
	}
	rate = total.Mul(secondsPer30d).DivRound(secs, 2)
	return rate, total.Round(2), true
}

// checkAchievable: each KPI of an objective plans a change, per 30 days,
// within the bound.
func checkAchievable(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	for k, kp := range p.KPIs {
		if _, measured := ctx.ix.kpiObjectives[kp.ID]; !measured || kp.Direction == kpi.Within {
			continue
		}
		if kp.Baseline.At.IsZero() || !kp.Target.Deadline.After(kp.Baseline.At) {
			continue // not measurable or not valid: other rules say so
		}
		path := validation.NewPath("kpis").Index(k).Child("target", "value")
		if kp.Baseline.Value.IsZero() {
			r.Report(path, "KPI %q starts from a zero baseline, so its planned growth rate cannot be judged", kp.Name)
			continue
		}
		rate, total, ok := MonthlyChange(kp)
		if ok && rate.GreaterThan(ctx.bound) {
			days := int(kp.Target.Deadline.Sub(kp.Baseline.At).Hours() / 24)
			r.Report(path, "KPI %q plans a change of %s%% in %d days, %s%% of its baseline every 30 days; the plausible bound is %s%%",
				kp.Name, total, days, rate, ctx.bound)
		}
	}
}

// checkRelevant: every top-level objective says how it serves the goal,
// and every objective leads up to one through its parents.
func checkRelevant(ctx *checkContext, r *Reporter) {
	onCycle := map[int]bool{}
	for _, c := range ctx.ix.cycles {
		for _, i := range c {
			onCycle[i] = true
		}
	}
	for i, o := range ctx.plan.Objectives {
		switch {
		case onCycle[i]:
			r.Report(objPath(i).Child("parent"), "the objective's parents form a cycle, so it never leads up to the goal")
		case o.Parent == uuid.Nil && strings.TrimSpace(o.Rationale) == "":
			r.Report(objPath(i).Child("rationale"), "the top-level objective does not say how it serves the goal")
		}
	}
}

// checkTimeBound: every objective has a deadline no later than the goal's
// and its parent's, and its KPIs end by it.
func checkTimeBound(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	goal := p.Goal.Deadline
	for i, o := range p.Objectives {
		dp := objPath(i).Child("deadline")
		if o.Deadline.IsZero() {
			r.Report(dp, "the objective has no deadline")
			continue
		}
		if !goal.IsZero() && o.Deadline.After(goal) {
			r.Report(dp, "the deadline %s is after the goal's, %s", day(o.Deadline), day(goal))
		}
		if j, ok := ctx.ix.objectives[o.Parent]; ok && o.Parent != uuid.Nil && j != i {
			if pd := p.Objectives[j].Deadline; !pd.IsZero() && o.Deadline.After(pd) {
				r.Report(dp, "the deadline %s is after its parent objective's, %s", day(o.Deadline), day(pd))
			}
		}
		for j, id := range o.KPIs {
			if k, ok := ctx.kpi(id); ok && k.Target.Deadline.After(o.Deadline) {
				r.Report(objPath(i).Child("kpis").Index(j), "KPI %q is due %s, after the objective's deadline %s", k.Name, day(k.Target.Deadline), day(o.Deadline))
			}
		}
	}
}
