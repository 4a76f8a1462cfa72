package kpi_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// day returns noon UTC, n days after 1 June 2025.
func day(n int) time.Time { return time.Date(2025, 6, 1+n, 12, 0, 0, 0, time.UTC) }

// clicksKPI: clicks since the baseline should grow from 0 to 100 in ten
// days, with a tolerance of 10 points.
func clicksKPI() kpi.KPI {
	return kpi.KPI{
		ID:        uuid.MustParse("82797c79-dc01-5cb1-916f-e075e07d7686"),
		Name:      "Clicks in June",
		Measure:   kpi.Measure{Metric: kpi.Clicks},
		Unit:      kpi.UnitCount,
		Direction: kpi.Increase,
		Baseline:  kpi.Baseline{Value: d("0"), At: day(0)},
		Target:    kpi.Target{Value: d("100"), Deadline: day(10)},
		Tolerance: d("10"),
	}
}

func TestKPIValidateAcceptsGoodKPIs(t *testing.T) {
	good := []kpi.KPI{clicksKPI()}
	k := clicksKPI()
	k.Measure = kpi.Measure{Formula: kpi.CostPerClick}
	k.Unit, k.Currency, k.Direction = kpi.UnitMoney, "EUR", kpi.Decrease
	k.Baseline.Value, k.Target.Value = d("0.80"), d("0.55")
	k.Milestones = []kpi.Milestone{{Value: d("0.7"), At: day(3)}, {Value: d("0.7"), At: day(6)}}
	k.Channels = []channel.Channel{channel.Facebook, channel.Instagram}
	k.WindowDays = 7
	good = append(good, k)
	k = clicksKPI()
	k.Measure = kpi.Measure{Formula: kpi.NetSentimentPolar}
	k.Unit, k.Direction = kpi.UnitPercent, kpi.Within
	k.Baseline.Value, k.Target.Value = d("-20"), d("0")
	k.Band = &kpi.Band{Low: d("-10"), High: d("40")}
	good = append(good, k)
	for i, k := range good {
		assert.NoError(t, k.Validate(), "good[%d]", i)
	}
}

func TestKPIValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*kpi.KPI)
		code   validation.Code
		path   string
	}{
		{"no id", func(k *kpi.KPI) { k.ID = uuid.Nil }, validation.CodeRequired, "id"},
		{"no name", func(k *kpi.KPI) { k.Name = "" }, validation.CodeRequired, "name"},
		{"long name", func(k *kpi.KPI) { k.Name = strings.Repeat("é", 201) }, validation.CodeTooLong, "name"},
		{"no measure", func(k *kpi.KPI) { k.Measure = kpi.Measure{} }, validation.CodeRequired, "measure"},
		{"metric and formula", func(k *kpi.KPI) { k.Measure.Formula = kpi.ClickThroughRate }, validation.CodeConflict, "measure.formula"},
		{"unknown metric", func(k *kpi.KPI) { k.Measure.Metric = "pins" }, validation.CodeNotSupported, "measure.metric"},
		{"unknown formula", func(k *kpi.KPI) { k.Measure = kpi.Measure{Formula: "klout"} }, validation.CodeNotSupported, "measure.formula"},
		{"unknown channel", func(k *kpi.KPI) { k.Channels = []channel.Channel{"orkut"} }, validation.CodeNotSupported, "channels[0]"},
		{"repeated channel", func(k *kpi.KPI) { k.Channels = []channel.Channel{channel.X, channel.X} }, validation.CodeDuplicate, "channels[1]"},
		{"unknown unit", func(k *kpi.KPI) { k.Unit = "points" }, validation.CodeNotSupported, "unit"},
		{"unit of another measure", func(k *kpi.KPI) { k.Unit = kpi.UnitPercent }, validation.CodeConflict, "unit"},
		{"currency on a count", func(k *kpi.KPI) { k.Currency = "EUR" }, validation.CodeInvalid, "currency"},
		{"money without currency", func(k *kpi.KPI) {
			k.Measure, k.Unit = kpi.Measure{Metric: kpi.Spend}, kpi.UnitMoney
		}, validation.CodeRequired, "currency"},
		{"unknown direction", func(k *kpi.KPI) { k.Direction = "up" }, validation.CodeNotSupported, "direction"},
		{"negative window", func(k *kpi.KPI) { k.WindowDays = -1 }, validation.CodeOutOfRange, "windowDays"},
		{"huge window", func(k *kpi.KPI) { k.WindowDays = kpi.MaxWindowDays + 1 }, validation.CodeOutOfRange, "windowDays"},
		{"no baseline instant", func(k *kpi.KPI) { k.Baseline.At = time.Time{} }, validation.CodeRequired, "baseline.at"},
		{"negative count baseline", func(k *kpi.KPI) { k.Baseline.Value = d("-1") }, validation.CodeOutOfRange, "baseline.value"},
		{"fractional count target", func(k *kpi.KPI) { k.Target.Value = d("99.5") }, validation.CodeInvalid, "target.value"},
		{"no deadline", func(k *kpi.KPI) { k.Target.Deadline = time.Time{} }, validation.CodeRequired, "target.deadline"},
		{"deadline before baseline", func(k *kpi.KPI) { k.Target.Deadline = day(-1) }, validation.CodeOutOfRange, "target.deadline"},
		{"deadline at baseline", func(k *kpi.KPI) { k.Target.Deadline = day(0) }, validation.CodeOutOfRange, "target.deadline"},
		{"target equals baseline", func(k *kpi.KPI) { k.Target.Value = d("0.00") }, validation.CodeConflict, "target.value"},
		{"target below baseline for increase", func(k *kpi.KPI) { k.Baseline.Value = d("200") }, validation.CodeConflict, "target.value"},
		{"target above baseline for decrease", func(k *kpi.KPI) { k.Direction = kpi.Decrease }, validation.CodeConflict, "target.value"},
		{"band without within", func(k *kpi.KPI) { k.Band = &kpi.Band{Low: d("1"), High: d("2")} }, validation.CodeInvalid, "band"},
		{"within without band", func(k *kpi.KPI) { k.Direction, k.Target.Value = kpi.Within, d("0") }, validation.CodeRequired, "band"},
		{"within with a target value", func(k *kpi.KPI) {
			k.Direction, k.Band = kpi.Within, &kpi.Band{Low: d("1"), High: d("2")}
		}, validation.CodeInvalid, "target.value"},
		{"empty band", func(k *kpi.KPI) {
			k.Direction, k.Target.Value, k.Band = kpi.Within, d("0"), &kpi.Band{Low: d("2"), High: d("2")}
		}, validation.CodeConflict, "band.high"},
		{"negative band for a count", func(k *kpi.KPI) {
			k.Direction, k.Target.Value, k.Band = kpi.Within, d("0"), &kpi.Band{Low: d("-2"), High: d("2")}
		}, validation.CodeOutOfRange, "band.low"},
		{"milestones with within", func(k *kpi.KPI) {
			k.Direction, k.Target.Value, k.Band = kpi.Within, d("0"), &kpi.Band{Low: d("1"), High: d("2")}
			k.Milestones = []kpi.Milestone{{Value: d("1"), At: day(1)}}
		}, validation.CodeInvalid, "milestones"},
		{"milestone without instant", func(k *kpi.KPI) { k.Milestones = []kpi.Milestone{{Value: d("5")}} }, validation.CodeRequired, "milestones[0].at"},
		{"milestone after deadline", func(k *kpi.KPI) { k.Milestones = []kpi.Milestone{{Value: d("5"), At: day(11)}} }, validation.CodeOutOfRange, "milestones[0].at"},
		{"milestone at baseline", func(k *kpi.KPI) { k.Milestones = []kpi.Milestone{{Value: d("5"), At: day(0)}} }, validation.CodeOutOfRange, "milestones[0].at"},
		{"milestones out of order", func(k *kpi.KPI) {
			k.Milestones = []kpi.Milestone{{Value: d("5"), At: day(5)}, {Value: d("6"), At: day(4)}}
		}, validation.CodeOrder, "milestones[1].at"},
		{"milestone beyond target", func(k *kpi.KPI) { k.Milestones = []kpi.Milestone{{Value: d("101"), At: day(5)}} }, validation.CodeOutOfRange, "milestones[0].value"},
		{"milestone going backwards", func(k *kpi.KPI) {
			k.Milestones = []kpi.Milestone{{Value: d("50"), At: day(4)}, {Value: d("40"), At: day(5)}}
		}, validation.CodeOrder, "milestones[1].value"},
		{"negative tolerance", func(k *kpi.KPI) { k.Tolerance = d("-1") }, validation.CodeOutOfRange, "tolerance"},
		{"tolerance over 100", func(k *kpi.KPI) { k.Tolerance = d("100.5") }, validation.CodeOutOfRange, "tolerance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := clicksKPI()
			tt.mutate(&k)
			err := k.Validate()
			require.Error(t, err)
			assert.True(t, errors.Is(err, validation.ErrInvalid))
			assert.True(t, validation.Has(err, tt.code, tt.path), "want %s at %s, got %v", tt.code, tt.path, err)
		})
	}
}

func TestKPIValidateReportsEverything(t *testing.T) {
	k := kpi.KPI{Unit: "points", Direction: "up", Tolerance: d("-3"), Channels: []channel.Channel{"orkut"}}
	var verr *validation.Error
	require.True(t, errors.As(k.Validate(), &verr))
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeRequired, "id"}, {validation.CodeRequired, "name"}, {validation.CodeRequired, "measure"},
		{validation.CodeNotSupported, "channels[0]"}, {validation.CodeNotSupported, "unit"},
		{validation.CodeNotSupported, "direction"}, {validation.CodeRequired, "baseline.at"},
		{validation.CodeRequired, "target.deadline"}, {validation.CodeOutOfRange, "tolerance"},
	} {
		assert.True(t, verr.Has(want.code, want.path), "%s at %s", want.code, want.path)
	}
}

func TestKPIJSON(t *testing.T) {
	k := clicksKPI()
	k.Measure = kpi.Measure{Formula: kpi.CostPerMille}
	k.Unit, k.Currency, k.Direction = kpi.UnitMoney, "EUR", kpi.Within
	k.Target.Value = d("0")
	k.Band = &kpi.Band{Low: d("4"), High: d("6.50")}
	k.Channels = []channel.Channel{channel.TikTok}
	k.WindowDays = 28
	b, err := json.Marshal(k)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"id": "`+k.ID.String()+`",
		"name": "Clicks in June",
		"measure": {"formula": "cost_per_mille"},
		"channels": ["tiktok"],
		"unit": "money",
		"currency": "EUR",
		"direction": "within",
		"windowDays": 28,
		"baseline": {"value": "0", "at": "2025-06-01T12:00:00Z"},
		"target": {"deadline": "2025-06-11T12:00:00Z"},
		"band": {"low": "4", "high": "6.5"},
		"tolerance": "10"
	}`, string(b))
	var back kpi.KPI
	require.NoError(t, json.Unmarshal(b, &back))
	require.NoError(t, back.Validate())
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))

	// Unknown enum values are rejected while decoding, with the valid list.
	err = json.Unmarshal([]byte(strings.Replace(string(b), `"within"`, `"sideways"`, 1)), &back)
	assert.True(t, errors.Is(err, validation.ErrUnknownValue))
	err = json.Unmarshal([]byte(strings.Replace(string(b), `"money"`, `"points"`, 1)), &back)
	assert.True(t, errors.Is(err, validation.ErrUnknownValue))
	err = json.Unmarshal([]byte(strings.Replace(string(b), `"cost_per_mille"`, `"klout"`, 1)), &back)
	assert.True(t, errors.Is(err, validation.ErrUnknownValue))
}
