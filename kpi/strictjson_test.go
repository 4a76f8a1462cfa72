package kpi_test

import (
	"testing"

	"github.com/tandemsocial/tandem/internal/strictjson/strictjsontest"
	"github.com/tandemsocial/tandem/kpi"
)

// TestPlainJSONIsStrict: json.Unmarshal into any kpi type that holds a
// decimal refuses a million-digit value before decimal's decoder runs,
// and a misspelled or repeated key, as kpi.Series and strategy.Decode do.
func TestPlainJSONIsStrict(t *testing.T) {
	strictjsontest.Run(t, []strictjsontest.Case{
		{Name: "Bucket", New: func() any { return new(kpi.Bucket) }, Decimal: "value"},
		{Name: "Comparison", New: func() any { return new(kpi.Comparison) }, Decimal: "change"},
		{Name: "Comparison relative", New: func() any { return new(kpi.Comparison) }, Decimal: "relativeChange"},
		{Name: "Point", New: func() any { return new(kpi.Point) }, Decimal: "value"},
		{Name: "Forecast", New: func() any { return new(kpi.Forecast) }, Decimal: "slopePerDay"},
		{Name: "Forecast share", New: func() any { return new(kpi.Forecast) }, Decimal: "share"},
		{Name: "Progress", New: func() any { return new(kpi.Progress) }, Decimal: "actual"},
		{Name: "Progress gap", New: func() any { return new(kpi.Progress) }, Decimal: "gap"},
		{Name: "Baseline", New: func() any { return new(kpi.Baseline) }, Decimal: "value"},
		{Name: "Target", New: func() any { return new(kpi.Target) }, Decimal: "value"},
		{Name: "Band", New: func() any { return new(kpi.Band) }, Decimal: "high"},
		{Name: "Milestone", New: func() any { return new(kpi.Milestone) }, Decimal: "value"},
		{Name: "KPI", New: func() any { return new(kpi.KPI) }, Decimal: "tolerance"},
		{Name: "Observation", New: func() any { return new(kpi.Observation) }, Decimal: "value"},
	})
}
