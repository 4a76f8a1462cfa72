package channel_test

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/channel"
)

func FuzzUnmarshalText(f *testing.F) {
	for _, c := range channel.All() {
		f.Add(string(c))
	}
	f.Add("MySpace")
	f.Fuzz(func(t *testing.T, s string) {
		var c channel.Channel
		err := c.UnmarshalText([]byte(s))
		if err == nil {
			if !c.IsValid() || string(c) != s {
				t.Fatalf("accepted %q as %q", s, c)
			}
			b, merr := c.MarshalText()
			if merr != nil || string(b) != s {
				t.Fatalf("round trip of %q: %q, %v", s, b, merr)
			}
		} else if c != "" {
			t.Fatalf("failed decode changed the value to %q", c)
		}
	})
}

// FuzzCount checks that every counting is total and sane on any input.
func FuzzCount(f *testing.F) {
	f.Add("hello https://example.com @a@b.c #tag \U0001F468\u200D\U0001F469 e\u0301")
	f.Add("\r\n\r\r\n\U0001F1EA\U0001F1F8\U0001F1EA")
	f.Fuzz(func(t *testing.T, s string) {
		runes := utf8.RuneCountInString(s)
		g := channel.Graphemes(s)
		if g < 0 || g > runes || (runes > 0 && g == 0) {
			t.Fatalf("Graphemes(%q) = %d with %d runes", s, g, runes)
		}
		for _, c := range channel.All() {
			l, _ := c.Limits()
			if n := l.TextLength(s); n < 0 {
				t.Fatalf("%s: negative length %d", c, n)
			}
			_ = l.CheckText(nil, s)
		}
		if n := channel.CountXWeighted.Count(s, 0); n > 2*runes {
			t.Fatalf("x weight %d exceeds twice the runes %d", n, runes)
		}
	})
}

// FuzzLimitsJSON decodes arbitrary JSON as Limits: decoding and Validate
// never panic, and limits that validate survive a JSON round trip.
func FuzzLimitsJSON(f *testing.F) {
	l, _ := channel.Bluesky.Limits()
	b, _ := json.Marshal(l)
	f.Add(string(b))
	f.Add(`{"name":"N","counting":"words","maxText":-3}`)
	f.Fuzz(func(t *testing.T, data string) {
		var l channel.Limits
		if err := json.Unmarshal([]byte(data), &l); err != nil {
			return
		}
		if err := l.Validate(); err != nil {
			return
		}
		out, err := json.Marshal(l)
		if err != nil {
			t.Fatalf("valid limits do not marshal: %v", err)
		}
		var back channel.Limits
		if err := json.Unmarshal(out, &back); err != nil || back != l {
			t.Fatalf("round trip changed %+v into %+v (%v)", l, back, err)
		}
	})
}
