package kpi_test

import (
	"encoding"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

type textEnum interface {
	encoding.TextMarshaler
	IsValid() bool
	String() string
}

// enumCase lists an enum's valid values and a decoder into a fresh value.
type enumCase struct {
	name   string
	valid  []textEnum
	zero   textEnum
	decode func([]byte) (textEnum, error)
}

func values[T textEnum](vs []T) []textEnum {
	out := make([]textEnum, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

func decoder[T any, P interface {
	*T
	encoding.TextUnmarshaler
}](conv func(T) textEnum) func([]byte) (textEnum, error) {
	return func(b []byte) (textEnum, error) {
		var v T
		err := P(&v).UnmarshalText(b)
		return conv(v), err
	}
}

func enumCases() []enumCase {
	return []enumCase{
		{"Metric", values(kpi.Metrics()), kpi.Metric(""), decoder[kpi.Metric](func(v kpi.Metric) textEnum { return v })},
		{"Formula", values(kpi.Formulas()), kpi.Formula(""), decoder[kpi.Formula](func(v kpi.Formula) textEnum { return v })},
		{"Kind", values([]kpi.Kind{kpi.KindCounter, kpi.KindGauge, kpi.KindSample}), kpi.Kind(""), decoder[kpi.Kind](func(v kpi.Kind) textEnum { return v })},
		{"Unit", values([]kpi.Unit{kpi.UnitCount, kpi.UnitPercent, kpi.UnitMoney, kpi.UnitDuration, kpi.UnitRatio}), kpi.Unit(""), decoder[kpi.Unit](func(v kpi.Unit) textEnum { return v })},
		{"Direction", values([]kpi.Direction{kpi.Increase, kpi.Decrease, kpi.Within}), kpi.Direction(""), decoder[kpi.Direction](func(v kpi.Direction) textEnum { return v })},
		{"Status", values([]kpi.Status{kpi.NotStarted, kpi.OnTrack, kpi.AtRisk, kpi.OffTrack, kpi.Achieved, kpi.Missed}), kpi.Status(""), decoder[kpi.Status](func(v kpi.Status) textEnum { return v })},
		{"Period", values([]kpi.Period{kpi.Day, kpi.Week, kpi.Month}), kpi.Period(""), decoder[kpi.Period](func(v kpi.Period) textEnum { return v })},
		{"Aggregation", values([]kpi.Aggregation{kpi.AggregateSum, kpi.AggregateMean, kpi.AggregateLast, kpi.AggregateMin, kpi.AggregateMax}), kpi.Aggregation(""), decoder[kpi.Aggregation](func(v kpi.Aggregation) textEnum { return v })},
	}
}

func TestEnumsRoundTripAndStrictness(t *testing.T) {
	for _, c := range enumCases() {
		t.Run(c.name, func(t *testing.T) {
			require.NotEmpty(t, c.valid)
			seen := map[string]bool{}
			for _, v := range c.valid {
				assert.True(t, v.IsValid(), v.String())
				text, err := v.MarshalText()
				require.NoError(t, err)
				assert.Equal(t, v.String(), string(text))
				assert.Regexp(t, `^[a-z][a-z0-9_]*$`, string(text), "snake_case")
				assert.False(t, seen[string(text)], "duplicate %s", text)
				seen[string(text)] = true
				back, err := c.decode(text)
				require.NoError(t, err)
				assert.Equal(t, v, back)
			}
			for _, bad := range []string{"", "Unknown", " " + c.valid[0].String(), c.valid[0].String() + "s"} {
				_, err := c.decode([]byte(bad))
				require.Error(t, err, "%q", bad)
				assert.True(t, errors.Is(err, validation.ErrUnknownValue))
				var ee *validation.EnumError
				require.True(t, errors.As(err, &ee))
				assert.Len(t, ee.Valid, len(c.valid))
			}
			assert.False(t, c.zero.IsValid())
			// The zero value encodes (a half-built value must be
			// encodable) as text that decoding refuses, above.
			text, err := c.zero.MarshalText()
			require.NoError(t, err)
			assert.Empty(t, text)
		})
	}
}

func TestMetricKindsAndUnits(t *testing.T) {
	tests := []struct {
		m    kpi.Metric
		kind kpi.Kind
		unit kpi.Unit
	}{
		{kpi.Impressions, kpi.KindCounter, kpi.UnitCount},
		{kpi.Reach, kpi.KindCounter, kpi.UnitCount},
		{kpi.Followers, kpi.KindGauge, kpi.UnitCount},
		{kpi.FirstResponseTime, kpi.KindSample, kpi.UnitDuration},
		{kpi.Spend, kpi.KindCounter, kpi.UnitMoney},
		{kpi.Revenue, kpi.KindCounter, kpi.UnitMoney},
		{kpi.WatchTime, kpi.KindCounter, kpi.UnitDuration},
		{kpi.NegativeMentions, kpi.KindCounter, kpi.UnitCount},
		{kpi.Metric("bogus"), "", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.m), func(t *testing.T) {
			assert.Equal(t, tt.kind, tt.m.Kind())
			assert.Equal(t, tt.unit, tt.m.Unit())
		})
	}
	for _, m := range kpi.Metrics() {
		assert.True(t, m.Kind().IsValid(), m)
		assert.True(t, m.Unit().IsValid(), m)
		assert.NotEqual(t, kpi.UnitPercent, m.Unit(), "raw metrics are not percentages: %s", m)
	}
}

func TestFormulaDescriptions(t *testing.T) {
	for _, f := range kpi.Formulas() {
		t.Run(string(f), func(t *testing.T) {
			assert.True(t, f.Unit().IsValid())
			assert.NotEmpty(t, f.Definition())
			in := f.Inputs()
			require.NotEmpty(t, in)
			for _, m := range in {
				assert.True(t, m.IsValid())
				assert.Contains(t, f.Definition(), string(m)[:4], "the definition names its inputs")
			}
			in[0] = "changed"
			assert.NotEqual(t, kpi.Metric("changed"), f.Inputs()[0], "Inputs returns a copy")
		})
	}
	assert.Empty(t, kpi.Formula("nope").Definition())
	assert.Empty(t, kpi.Formula("nope").Unit())
	assert.Empty(t, kpi.Formula("nope").Inputs())
}
