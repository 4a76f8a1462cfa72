package zerojson

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/budget"
)

// decoders are every public way a caller turns bytes into a tandem value:
// json.Unmarshal into each exported struct type (zeros) and into the
// exported non-struct types that carry data, and the text parsers. Each
// decoded value that has a Validate method is validated too.
func decoders() map[string]func([]byte) {
	out := map[string]func([]byte){}
	for name, zero := range zeros {
		typ := reflect.TypeOf(zero)
		out["json "+name] = func(data []byte) { decodeAndValidate(data, reflect.New(typ).Interface()) }
	}
	out["json community.Inbox"] = func(data []byte) { decodeAndValidate(data, new(community.Inbox)) }
	out["json community.InboxRules"] = func(data []byte) { decodeAndValidate(data, new(community.InboxRules)) }
	out["json community.Agents"] = func(data []byte) { decodeAndValidate(data, new(community.Agents)) }
	out["calendar.ParseRule"] = func(data []byte) { _, _ = calendar.ParseRule(string(data)) }
	out["calendar.ParseLocalDate"] = func(data []byte) { _, _ = calendar.ParseLocalDate(string(data)) }
	out["calendar.ParseClock"] = func(data []byte) { _, _ = calendar.ParseClock(string(data)) }
	out["calendar.ParseClockRange"] = func(data []byte) { _, _ = calendar.ParseClockRange(string(data)) }
	out["calendar.ParseLinkTags"] = func(data []byte) { _, _ = calendar.ParseLinkTags(string(data)) }
	out["calendar.UntagLink"] = func(data []byte) { _, _ = calendar.UntagLink(string(data)) }
	out["channel.Parse"] = func(data []byte) { _, _ = channel.Parse(string(data)) }
	return out
}

// decodeAndValidate decodes data into ptr and, when that works and the
// value has one, runs its Validate. Errors are printed, as a caller would
// log them, so their size counts too.
func decodeAndValidate(data []byte, ptr any) {
	if err := json.Unmarshal(data, ptr); err != nil {
		_ = err.Error()
		return
	}
	if v, ok := reflect.ValueOf(ptr).Elem().Interface().(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			_ = err.Error()
		}
	}
}

// FuzzDecodeEveryType sends the same bytes to every public decoder: none
// panics, and each stays within the time and memory budget of its
// input's size (budget.For), however the input is built. The seeds hold
// the inputs of issue 13 that once took seconds and gigabytes.
func FuzzDecodeEveryType(f *testing.F) {
	f.Add([]byte(`{}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`"FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9"`))
	f.Add([]byte(`{"start":"2027-03-28T02:30:00","zone":"Europe/Madrid","rule":"FREQ=DAILY"}`))
	f.Add([]byte(`{"amount":"1e-999999999","value":"1E309","weight":"1e400"}`))
	f.Add([]byte(`{"at":"9999-12-31T23:59:59","zone":"Pacific/Kiritimati"}`))
	f.Fuzz(decodeEveryWay)
}

// TestDecodeHostile sends issue 13's large inputs to every decoder, as
// FuzzDecodeEveryType does. They are a test of their own, not seeds: inputs
// of megabytes would slow the fuzz target's search.
func TestDecodeHostile(t *testing.T) {
	for name, data := range map[string][]byte{
		"million-digit value":   []byte(`{"value":"1` + strings.Repeat("0", 1_000_000) + `"}`),
		"million-digit amount":  []byte(`{"amount":"1` + strings.Repeat("0", 1_000_000) + `"}`),
		"million-digit decimal": []byte(`"1` + strings.Repeat("0", 1_000_000) + `"`),
		"rule of 100k parts":    []byte(strings.Repeat("X=1;", 100_000)),
		"quoted rule":           []byte(`"` + strings.Repeat("X=1;", 100_000) + `"`),
		"deep array":            []byte(strings.Repeat(`[`, 100_000)),
		"deep object":           []byte(strings.Repeat(`{"a":`, 100_000)),
	} {
		t.Run(name, func(t *testing.T) { decodeEveryWay(t, data) })
	}
}

// decodeEveryWay sends data to every decoder, each within the budget of
// data's size.
func decodeEveryWay(t *testing.T, data []byte) {
	all := decoders()
	b := budget.For(len(data))
	for _, name := range slices.Sorted(maps.Keys(all)) {
		budget.Check(t, name, b, func() { all[name](data) })
	}
}
