package strategy_test

import (
	"testing"

	"github.com/tandemsocial/tandem/internal/strictjson/strictjsontest"
	"github.com/tandemsocial/tandem/strategy"
)

// TestPlainJSONIsStrict: json.Unmarshal into any strategy type that holds
// a decimal refuses a million-digit value before decimal's decoder runs,
// and a misspelled or repeated key, as Decode does.
func TestPlainJSONIsStrict(t *testing.T) {
	strictjsontest.Run(t, []strictjsontest.Case{
		{Name: "Presence", New: func() any { return new(strategy.Presence) }, Decimal: "followers"},
		{Name: "Presence rate", New: func() any { return new(strategy.Presence) }, Decimal: "engagementRate"},
		{Name: "Movement", New: func() any { return new(strategy.Movement) }, Decimal: "during"},
		{Name: "Budget", New: func() any { return new(strategy.Budget) }, Decimal: "amount"},
		{Name: "Member", New: func() any { return new(strategy.Member) }, Decimal: "weeklyHours"},
		{Name: "VerifyOptions", New: func() any { return new(strategy.VerifyOptions) }, Decimal: "MaxMonthlyChange"},
	})
}
