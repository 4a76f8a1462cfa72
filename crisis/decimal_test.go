package crisis_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/budget"
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

// TestPlanRefusesHugeDecimalsAtOnce: a plan built in Go skips decoding;
// Validate (and NewDetector, which validates) refuse an oversized decimal
// before comparing it with anything.
func TestPlanRefusesHugeDecimalsAtOnce(t *testing.T) {
	far := decimal.New(1, 1_000_000_000)
	tiny := decimal.New(1, -1_000_000_000)
	million := decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(1_000_000), nil), 0)
	tests := []struct {
		name   string
		mutate func(p *crisis.Plan, v decimal.Decimal)
		path   string
	}{
		{"margin", func(p *crisis.Plan, v decimal.Decimal) { p.Detection.Margin = v }, "detection.margin"},
		{"ratio", func(p *crisis.Plan, v decimal.Decimal) { p.Triggers[0].Ratio = v }, "triggers[0].ratio"},
		{"threshold", func(p *crisis.Plan, v decimal.Decimal) { p.Triggers[0].Threshold = v }, "triggers[0].threshold"},
		{"share", func(p *crisis.Plan, v decimal.Decimal) { p.Triggers[1].Share = v }, "triggers[1].share"},
		{"k", func(p *crisis.Plan, v decimal.Decimal) { p.Triggers[4].K = v }, "triggers[4].k"},
	}
	for _, tt := range tests {
		for _, v := range []decimal.Decimal{far, tiny, million} {
			t.Run(tt.name, func(t *testing.T) {
				p := samplePlan()
				tt.mutate(p, v)
				var err, detErr error
				bounded(t, "Validate and NewDetector", func() {
					err = p.Validate()
					_, detErr = crisis.NewDetector(p)
				})
				assert.True(t, validation.Has(err, validation.CodeOutOfRange, tt.path), "%.500v", err)
				assert.True(t, validation.Has(detErr, validation.CodeOutOfRange, tt.path))
				assert.Less(t, len(err.Error()), 2000)
			})
		}
	}
}
