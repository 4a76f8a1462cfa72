package crisis_test

import (
	"encoding/json"
	"testing"

	"github.com/tandemsocial/tandem/crisis"
)

// FuzzPlan decodes arbitrary JSON as a plan and validates it: never a
// panic; a valid plan builds a detector and round-trips through JSON.
func FuzzPlan(f *testing.F) {
	good, _ := json.Marshal(samplePlan())
	f.Add(good)
	f.Add([]byte(`{"name":"x","zone":"UTC","channels":["x"],"levels":[{"name":"a","rank":1}],"detection":{"bucket":"1m"}}`))
	f.Add([]byte(`{"levels":[{"rank":-1,"escalation":{"repeat":1000000}}],"triggers":[{"kind":"volume","window":"-1h"}]}`))
	f.Add([]byte(`{"detection":{"bucket":"1ns","margin":"0.99999"},"triggers":[{"threshold":"1e400"}]}`))
	withAccounts, _ := json.Marshal(pauseAccountPlan())
	f.Add(withAccounts)
	f.Add([]byte(`{"channels":["x"],"levels":[{"statements":[{"channel":"x","account":"A","text":"t"},{"channel":"x","account":"a","text":"t"}],` +
		`"pause":{"policy":{"resume":"skip"},"for":"1h","channels":["x"],"accounts":[{"channel":"x","handle":"@a"},{"channel":"linkedin"}]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p crisis.Plan
		if json.Unmarshal(data, &p) != nil {
			return
		}
		if err := p.Validate(); err != nil {
			return
		}
		if _, err := crisis.NewDetector(&p); err != nil {
			t.Fatalf("valid plan, no detector: %v", err)
		}
		b, err := json.Marshal(&p)
		if err != nil {
			t.Fatalf("valid plan does not marshal: %v", err)
		}
		var back crisis.Plan
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("round trip no longer valid: %v", err)
		}
		b2, _ := json.Marshal(&back)
		if string(b) != string(b2) {
			t.Fatalf("round trip changed the plan:\n%s\n%s", b, b2)
		}
	})
}
