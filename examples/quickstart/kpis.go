package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// objectiveRow is one objective's progress, as printed and as JSON.
type objectiveRow struct {
	Statement string     `json:"statement"`
	Status    kpi.Status `json:"status"`
	KPIs      []kpiRow   `json:"kpis"`
}

// kpiRow is one KPI's progress.
type kpiRow struct {
	Name     string       `json:"name"`
	Progress kpi.Progress `json:"progress"`
	target   decimal.Decimal
}

// objectiveRows pairs the review's progress with the plan's KPIs, for
// printing.
func (s *sample) objectiveRows(res *strategy.Results) []objectiveRow {
	byID := make(map[uuid.UUID]kpi.KPI, len(s.plan.KPIs))
	for _, k := range s.plan.KPIs {
		byID[k.ID] = k
	}
	rows := make([]objectiveRow, 0, len(res.Objectives))
	for _, o := range res.Objectives {
		row := objectiveRow{Statement: o.Statement, Status: o.Status}
		for _, p := range o.KPIs {
			k := byID[p.KPI]
			row.KPIs = append(row.KPIs, kpiRow{Name: k.Name, Progress: p, target: k.Target.Value})
		}
		rows = append(rows, row)
	}
	return rows
}

func printObjectives(w io.Writer, rows []objectiveRow) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, o := range rows {
		fmt.Fprintf(tw, "  %d\t%s\t%s\n", i+1, words(o.Status), o.Statement)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  objective\tKPI\tactual\ttarget\tof the way\tplanned\tforecast at deadline\tstatus")
	for i, o := range rows {
		for _, r := range o.KPIs {
			p := r.Progress
			forecast := "-"
			if p.Forecast != nil {
				forecast = fmt.Sprintf("%s (%s)", amount(p.Forecast.Value, p.Unit, p.Currency), p.Forecast.At.Format("2 Jan"))
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, r.Name,
				optional(p.Actual, p.Unit, p.Currency), amount(r.target, p.Unit, p.Currency),
				percent(p.Share), percent(p.Expected), forecast, words(p.Status))
		}
	}
	tw.Flush()
	for _, o := range rows {
		for _, r := range o.KPIs {
			fmt.Fprintf(w, "  - %s: %s\n", r.Name, r.Progress.Reason)
		}
	}
}

// words prints an identifier such as "off_track" as words: "off track".
func words[T ~string](id T) string { return strings.ReplaceAll(string(id), "_", " ") }

func amount(v decimal.Decimal, u kpi.Unit, currency string) string {
	switch u {
	case kpi.UnitPercent:
		return v.StringFixed(2) + "%"
	case kpi.UnitMoney:
		return v.StringFixed(2) + " " + currency
	case kpi.UnitCount:
		return v.StringFixed(0)
	}
	return v.String()
}

func optional(v *decimal.Decimal, u kpi.Unit, currency string) string {
	if v == nil {
		return "-"
	}
	return amount(*v, u, currency)
}

func percent(v *decimal.Decimal) string {
	if v == nil {
		return "-"
	}
	return v.StringFixed(1) + "%"
}
