package report

import (
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// kpiSection lists the objectives' statuses (from Results) and draws one
// chart per KPI of the plan, in plan order.
func kpiSection(r *Review, asOf time.Time, loc *time.Location, opts *kpi.EvaluateOptions) section {
	s := section{ID: SectionKPIs, Heading: "Objectives and KPIs"}
	if len(r.Plan.KPIs) == 0 {
		s.Missing = "The plan has no KPIs, so there is no progress to draw."
		return s
	}
	if r.Results != nil {
		t := table{Caption: "Objectives as of " + when(r.Results.AsOf, loc), Head: []string{"Objective", "Status", "KPIs"}}
		for _, o := range r.Results.Objectives {
			var ks string
			for i, p := range o.KPIs {
				if i > 0 {
					ks += "; "
				}
				ks += kpiName(r.Plan, p.KPI) + ": " + clean(string(p.Status))
			}
			t.Rows = append(t.Rows, []string{clean(o.Statement), clean(string(o.Status)), ks})
		}
		s.Tables = append(s.Tables, t)
		if len(r.Results.Recommendations) > 0 {
			rt := table{Caption: "Recommendations", Head: []string{"Rule", "Recommendation"}}
			for _, rec := range r.Results.Recommendations {
				rt.Rows = append(rt.Rows, []string{clean(rec.Rule), clean(rec.Message)})
			}
			s.Tables = append(s.Tables, rt)
		}
	} else {
		s.Intro = append(s.Intro, "The review's results (strategy.Review) were not given: the objectives' statuses are not listed; each KPI is evaluated here from the series.")
	}
	if r.Series == nil {
		s.Intro = append(s.Intro, "No observations were given: the charts show the plan only.")
	}
	own := brandSeries(r.Plan.Accounts, r.Series)
	for i, k := range r.Plan.KPIs {
		series := own
		if len(k.Accounts) > 0 {
			series = r.Series
		}
		s.Figures = append(s.Figures, newPageFigure(kpiFigure("chart-kpi-"+itoa(i+1), k, series, asOf, opts)))
	}
	return s
}

// kpiName returns the name of the plan's KPI id, or the id.
func kpiName(plan *strategy.Strategy, id uuid.UUID) string {
	for _, k := range plan.KPIs {
		if k.ID == id {
			return clean(k.Name)
		}
	}
	return id.String()
}

// brandSeries leaves out of s the observations of competitors' accounts,
// as strategy.Review does for a KPI that names no accounts: a rival's
// followers are not the brand's.
func brandSeries(accounts channel.Accounts, s *kpi.Series) *kpi.Series {
	if s == nil {
		return nil
	}
	rival := func(o kpi.Observation) bool {
		if o.Account == "" {
			return false
		}
		a, ok := accounts.Find(channel.AccountRef{Channel: o.Channel, Handle: o.Account})
		return ok && !a.Own()
	}
	var own []kpi.Observation
	found := false
	for o := range s.Observations() {
		if rival(o) {
			found = true
			continue
		}
		own = append(own, o)
	}
	if !found {
		return s
	}
	out, err := kpi.NewSeries(own)
	if err != nil {
		return s
	}
	return out
}
