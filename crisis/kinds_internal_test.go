package crisis

import "testing"

// Every kind has a rule, and every rule is a kind: a kind added to one and
// not the other would validate and then not compile, or the reverse.
func TestEveryKindHasARule(t *testing.T) {
	for _, k := range triggerKinds {
		r, ok := kindRules[k]
		if !ok {
			t.Fatalf("kind %s has no rule in kindRules", k)
		}
		if r.compile == nil || r.measure == nil {
			t.Fatalf("kind %s: its rule lacks compile or measure", k)
		}
	}
	if len(kindRules) != len(triggerKinds) {
		t.Fatalf("kindRules has %d rules for %d kinds", len(kindRules), len(triggerKinds))
	}
}
