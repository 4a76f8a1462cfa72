package strategy

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
)

// mixGroupings are the groupings of PostGroupings the mix.shift rule reads:
// what the strategist chooses the mix of.
var mixGroupings = []string{"pillar", "format"}

// reviewPosts runs WhatWorks on the plan's post results by pillar and
// format, as ReviewOptions ask, and returns it with the mix.shift
// recommendations: one for each pillar or format whose posts do better
// (higher, or lower for a formula lowerIsBetter) than the posts' median with the evidence WhatWorks requires
// (kpi.EvidenceSupported: at least MinPosts posts, and a 95% interval for
// the group's median wholly above the baseline). A group whose lift is not
// supported, or is below the baseline, recommends nothing.
//
// It also returns the routine.move recommendations (see reviewRoutines)
// after them. The results are checked against the plan first (see
// CheckPosts).
func reviewPosts(plan *Strategy, ix *index, opts *ReviewOptions, asOf time.Time) (*kpi.WhatWorks, []Recommendation, error) {
	if len(opts.Posts) == 0 {
		return nil, nil, nil
	}
	if err := plan.checkPosts(opts.Posts, ix.accounts); err != nil {
		return nil, nil, err
	}
	f := opts.PostFormula
	if f == "" {
		f = kpi.EngagementRateByReach
	}
	all, err := plan.PostGroupings()
	if err != nil {
		return nil, nil, err
	}
	var groupings []kpi.Grouping
	for _, g := range all {
		if slices.Contains(mixGroupings, g.By) {
			groupings = append(groupings, g)
		}
	}
	ww, err := opts.Posts.WhatWorks(f, opts.PostAge, groupings, opts.PostWorks)
	if err != nil {
		return nil, nil, err
	}
	// The objectives whose KPIs measure the same formula: what the mix
	// bears on.
	var objectives []uuid.UUID
	for _, o := range plan.Objectives {
		for _, id := range o.KPIs {
			if i, ok := ix.kpis[id]; ok && plan.KPIs[i].Measure.Formula == f {
				objectives = append(objectives, o.ID)
				break
			}
		}
	}
	lower := lowerIsBetter(plan, f)
	var out []Recommendation
	for _, gr := range ww.Groupings {
		for _, g := range gr.Groups {
			if g.Lift.Evidence != kpi.EvidenceSupported || !better(g.Lift.Difference, lower) || g.Interval == nil {
				continue
			}
			out = append(out, Recommendation{Rule: "mix.shift", Objectives: slices.Clone(objectives), Message: fmt.Sprintf(
				"posts whose %s is %q do better on %s: median %s over %d posts (95%%: %s to %s) against %s for all %d posts, %s %s: publish more of them",
				gr.By, g.Key, f, g.Median.StringFixed(2), g.Posts, g.Interval.Low.StringFixed(2), g.Interval.High.StringFixed(2),
				ww.Baseline.StringFixed(2), ww.Posts, g.Lift.Difference.Abs().StringFixed(2), moreOrLess(g.Lift.Difference))})
		}
	}
	moves, err := reviewRoutines(plan, ix.accounts, opts.Posts, f, opts.PostAge, opts.PostWorks, asOf, objectives, lower)
	if err != nil {
		return nil, nil, err
	}
	return &ww, append(out, moves...), nil
}

// lowerIsBetter reports whether a lower value of f is the better one: as
// the plan's first KPI measuring f says (kpi.Decrease), or, when no KPI of
// the plan measures it, for the formulas in money (the costs per click,
// per mille and per acquisition). Everything else is better higher.
func lowerIsBetter(plan *Strategy, f kpi.Formula) bool {
	for _, k := range plan.KPIs {
		if k.Measure.Formula == f && (k.Direction == kpi.Increase || k.Direction == kpi.Decrease) {
			return k.Direction == kpi.Decrease
		}
	}
	return f.Unit() == kpi.UnitMoney
}

// better reports whether a difference from the baseline is an improvement.
func better(d decimal.Decimal, lower bool) bool {
	if lower {
		return d.IsNegative()
	}
	return d.IsPositive()
}

// moreOrLess says which way a difference goes.
func moreOrLess(d decimal.Decimal) string {
	if d.IsNegative() {
		return "less"
	}
	return "more"
}
