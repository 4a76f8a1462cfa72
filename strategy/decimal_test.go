package strategy_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// bounded runs f and fails the test when it has not returned within a
// limit generous enough for a busy machine: each call checked here takes
// milliseconds once decimals are bounded, and ran for tens of seconds
// (and gigabytes) before.
func bounded(t *testing.T, what string, f func()) {
	t.Helper()
	budget.Within(t, what, 20*time.Second, f)
}

// withAmount returns the verified plan's JSON with its first budget
// amount replaced by the raw JSON value v.
func withAmount(t *testing.T, v string) []byte {
	good, err := json.Marshal(verifiedplan.Plan())
	require.NoError(t, err)
	re := regexp.MustCompile(`"budgets":\[\{"amount":"[^"]*"`)
	require.True(t, re.Match(good))
	return re.ReplaceAll(good, []byte(`"budgets":[{"amount":`+v))
}

func TestDecodeRefusesOversizedDecimals(t *testing.T) {
	million := `"` + strings.Repeat("7", 1_000_000) + `"`
	tests := []struct {
		name, value string
	}{
		{"a million digits", million},
		{"a million digits as a number", million[1 : len(million)-1]},
		{"39 digits", `"` + strings.Repeat("9", 39) + `"`},
		{"exponent 1e9", `"1e1000000000"`},
		{"exponent -1e9", `"1e-1000000000"`},
		{"29 places", `"0.00000000000000000000000000001"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := withAmount(t, tt.value)
			var err error
			bounded(t, "Decode", func() { _, err = strategy.Decode(bytes.NewReader(data)) })
			require.ErrorIs(t, err, strategy.ErrDecode)
			assert.True(t, validation.Has(err, validation.CodeOutOfRange, "budgets[0].amount"), "%.300v", err)
			assert.Less(t, len(err.Error()), 2000, "the error does not repeat the value")
		})
	}
	// The bounds are tandem's own: raising shopspring/decimal's global
	// decode limit changes nothing.
	old := decimal.MaxDecodeExponent
	decimal.MaxDecodeExponent = 1<<31 - 1
	defer func() { decimal.MaxDecodeExponent = old }()
	_, err := strategy.Decode(bytes.NewReader(withAmount(t, `"1e1000000000"`)))
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "budgets[0].amount"), "%v", err)

	// Within the bounds, nothing changes.
	plan, err := strategy.Decode(bytes.NewReader(withAmount(t, `"`+strings.Repeat("9", 36)+`.00"`)))
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("9", 36), plan.Budgets[0].Amount.String())
}

// TestGoBuiltDecimalsAreRefusedAtOnce: values built in Go skip decoding;
// Validate and Verify refuse them before any arithmetic on them.
func TestGoBuiltDecimalsAreRefusedAtOnce(t *testing.T) {
	far := decimal.New(1, 1_000_000_000)
	tiny := decimal.New(1, -1_000_000_000)
	tests := []struct {
		name   string
		mutate func(p *strategy.Strategy)
		path   string
	}{
		{"plan budget", func(p *strategy.Strategy) { p.Budgets[0].Amount = far }, "budgets[0].amount"},
		{"campaign budget", func(p *strategy.Strategy) { p.Campaigns[0].Budget.Amount = tiny }, "campaigns[0].budget.amount"},
		{"resource cost", func(p *strategy.Strategy) { p.Campaigns[0].Resources[0].Cost.Amount = far }, "campaigns[0].resources[0].cost.amount"},
		{"competitor followers", func(p *strategy.Strategy) { p.Research.Competitors[0].Presence[0].Followers = far.Neg() }, "research.competitors[0].presence[0].followers"},
		{"weekly hours", func(p *strategy.Strategy) { p.Team[0].WeeklyHours = tiny }, "team[0].weeklyHours"},
		{"kpi baseline", func(p *strategy.Strategy) { p.KPIs[0].Baseline.Value = far }, "kpis[0].baseline.value"},
		{"kpi target", func(p *strategy.Strategy) { p.KPIs[0].Target.Value = tiny }, "kpis[0].target.value"},
		{"crisis margin", func(p *strategy.Strategy) { p.Crisis.Detection.Margin = tiny }, "crisis.detection.margin"},
		{"crisis threshold", func(p *strategy.Strategy) { p.Crisis.Triggers[0].Threshold = far }, "crisis.triggers[0].threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := verifiedplan.Plan()
			tt.mutate(p)
			var err error
			var report strategy.Report
			bounded(t, "Validate and Verify", func() {
				err = p.Validate()
				report = strategy.Verify(p, nil)
			})
			assert.True(t, validation.Has(err, validation.CodeOutOfRange, tt.path), "%.500v", err)
			assert.NotEmpty(t, report.Findings)
		})
	}
	t.Run("verify option", func(t *testing.T) {
		var report strategy.Report
		bounded(t, "Verify", func() { report = strategy.Verify(verifiedplan.Plan(), &strategy.VerifyOptions{MaxMonthlyChange: far}) })
		assert.True(t, hasRule(report, strategy.RuleOptions))
	})
}
