package kpi_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// Validate lists every problem at once, with paths in JSON names.
func ExampleKPI_Validate() {
	k := kpi.KPI{
		ID:        uuid.MustParse("d9238afb-30ae-5180-abd0-41a1a1912d08"),
		Name:      "Cost per click on Facebook",
		Measure:   kpi.Measure{Formula: kpi.CostPerClick},
		Channels:  []channel.Channel{channel.Facebook},
		Unit:      kpi.UnitPercent, // CPC is money, in a currency
		Direction: kpi.Decrease,
		Baseline:  kpi.Baseline{Value: decimal.RequireFromString("0.80"), At: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)},
		Target:    kpi.Target{Value: decimal.RequireFromString("0.8"), Deadline: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)},
		Tolerance: decimal.NewFromInt(10),
	}
	var verr *validation.Error
	if errors.As(k.Validate(), &verr) {
		for _, fe := range verr.Errors {
			fmt.Printf("%-16s %s\n", fe.Path, fe.Code)
		}
	}
	// Output:
	// unit             conflict
	// currency         required
	// target.deadline  out_of_range
	// target.value     conflict
}

// A KPI that should stay inside a band names the band instead of a target
// value.
func ExampleKPI_within() {
	k := kpi.KPI{
		ID:         uuid.MustParse("4a783338-4ed3-5ea4-bf8c-ba6ff4968a74"),
		Name:       "TikTok CPM stays between 4 and 6 EUR",
		Measure:    kpi.Measure{Formula: kpi.CostPerMille},
		Channels:   []channel.Channel{channel.TikTok},
		Unit:       kpi.UnitMoney,
		Currency:   "EUR",
		Direction:  kpi.Within,
		WindowDays: 7,
		Baseline:   kpi.Baseline{Value: decimal.NewFromInt(5), At: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)},
		Target:     kpi.Target{Deadline: time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)},
		Band:       &kpi.Band{Low: decimal.NewFromInt(4), High: decimal.NewFromInt(6)},
		Tolerance:  decimal.NewFromInt(10),
	}
	fmt.Println(k.Validate())
	// Output: <nil>
}
