package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
)

// kpiRow is one KPI's progress, as printed and as JSON.
type kpiRow struct {
	Name     string       `json:"name"`
	Progress kpi.Progress `json:"progress"`
	target   decimal.Decimal
	unit     kpi.Unit
	currency string
}

func (s *sample) evaluateKPIs() ([]kpiRow, error) {
	series, err := kpi.NewSeries(s.observations)
	if err != nil {
		return nil, fmt.Errorf("sample observations: %w", err)
	}
	rows := make([]kpiRow, 0, len(s.kpis))
	for _, k := range s.kpis {
		if err := k.Validate(); err != nil {
			return nil, fmt.Errorf("KPI %q: %w", k.Name, err)
		}
		p, err := kpi.Evaluate(k, series, s.asOf, nil)
		if err != nil {
			return nil, fmt.Errorf("evaluating %q: %w", k.Name, err)
		}
		rows = append(rows, kpiRow{Name: k.Name, Progress: p, target: k.Target.Value, unit: k.Unit, currency: k.Currency})
	}
	return rows, nil
}

func printKPIs(w io.Writer, rows []kpiRow) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  KPI\tactual\ttarget\tof the way\tplanned\tforecast at deadline\tstatus")
	for _, r := range rows {
		p := r.Progress
		forecast := "-"
		if p.Forecast != nil {
			forecast = fmt.Sprintf("%s (%s)", amount(p.Forecast.Value, r.unit, r.currency), p.Forecast.At.Format("2 Jan"))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Name,
			optional(p.Actual, r.unit, r.currency), amount(r.target, r.unit, r.currency),
			percent(p.Share), percent(p.Expected), forecast, strings.ReplaceAll(string(p.Status), "_", " "))
	}
	tw.Flush()
	for _, r := range rows {
		fmt.Fprintf(w, "  - %s: %s\n", r.Name, r.Progress.Reason)
	}
}

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
