package crisis_test

import (
	"testing"

	"github.com/tandemsocial/tandem/crisis"
)

// FuzzEnums checks that every enum decodes strictly.
func FuzzEnums(f *testing.F) {
	for _, s := range []string{"volume", "keyword_hits", "business_days", "open", "de_escalate", "notify", "missed", "alert", "refused", "escalation", "level", "Volume", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(err error, valid bool, back []byte) {
			if err == nil && (!valid || string(back) != s) {
				t.Fatalf("accepted %q", s)
			}
		}
		var k crisis.TriggerKind
		err := k.UnmarshalText([]byte(s))
		b, _ := k.MarshalText()
		check(err, k.IsValid(), b)
		var m crisis.Metric
		err = m.UnmarshalText([]byte(s))
		b, _ = m.MarshalText()
		check(err, m.IsValid(), b)
		var u crisis.DayUnit
		err = u.UnmarshalText([]byte(s))
		b, _ = u.MarshalText()
		check(err, u.IsValid(), b)
		var st crisis.State
		err = st.UnmarshalText([]byte(s))
		b, _ = st.MarshalText()
		check(err, st.IsValid(), b)
		var ek crisis.EventKind
		err = ek.UnmarshalText([]byte(s))
		b, _ = ek.MarshalText()
		check(err, ek.IsValid(), b)
		var ik crisis.ItemKind
		err = ik.UnmarshalText([]byte(s))
		b, _ = ik.MarshalText()
		check(err, ik.IsValid(), b)
		var ss crisis.Status
		err = ss.UnmarshalText([]byte(s))
		b, _ = ss.MarshalText()
		check(err, ss.IsValid(), b)
		var en crisis.EntryKind
		err = en.UnmarshalText([]byte(s))
		b, _ = en.MarshalText()
		check(err, en.IsValid(), b)
		var an crisis.Anchor
		err = an.UnmarshalText([]byte(s))
		b, _ = an.MarshalText()
		check(err, an.IsValid(), b)
	})
}
