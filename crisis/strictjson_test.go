package crisis_test

import (
	"testing"

	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/strictjson/strictjsontest"
)

// TestPlainJSONIsStrict: json.Unmarshal into any crisis type that holds a
// decimal refuses a million-digit value before decimal's decoder runs,
// and a misspelled or repeated key, as a crisis plan in strategy.Decode
// does.
func TestPlainJSONIsStrict(t *testing.T) {
	strictjsontest.Run(t, []strictjsontest.Case{
		{Name: "Detection", New: func() any { return new(crisis.Detection) }, Decimal: "margin"},
		{Name: "Evidence", New: func() any { return new(crisis.Evidence) }, Decimal: "observed"},
		{Name: "Evidence threshold", New: func() any { return new(crisis.Evidence) }, Decimal: "threshold"},
		{Name: "Trigger", New: func() any { return new(crisis.Trigger) }, Decimal: "threshold"},
		{Name: "Trigger ratio", New: func() any { return new(crisis.Trigger) }, Decimal: "ratio"},
	})
}
