package grapheme_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/internal/grapheme"
)

func clusters(s string) []string {
	var out []string
	grapheme.Clusters(s, func(start, end int) { out = append(out, s[start:end]) })
	return out
}

func TestClusters(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"abc", []string{"a", "b", "c"}},
		{"e\u0301x", []string{"e\u0301", "x"}},     // combining accent
		{"a\r\nb", []string{"a", "\r\n", "b"}},     // CR LF is one
		{"👍🏽!", []string{"👍🏽", "!"}},               // skin tone
		{"👩‍💻 ok", []string{"👩‍💻", " ", "o", "k"}}, // ZWJ sequence
		{"🇪🇸🇫🇷🇮", []string{"🇪🇸", "🇫🇷", "🇮"}},       // flags pair up
		{"1️⃣", []string{"1️⃣"}},                   // keycap
		{"🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", []string{"🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"}}, // tag sequence
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, clusters(tt.in), "%q", tt.in)
		assert.Equal(t, len(tt.want), grapheme.Count(tt.in), "%q", tt.in)
		assert.Equal(t, tt.want, byFirst(tt.in), "%q cluster by cluster", tt.in)
	}
}

// byFirst walks s with First, cluster after cluster.
func byFirst(s string) []string {
	var out []string
	for s != "" {
		n := grapheme.First(s)
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

func TestIsEmoji(t *testing.T) {
	for _, c := range []string{"👍🏽", "👩‍💻", "🇪🇸", "1️⃣", "☕"} {
		assert.True(t, grapheme.IsEmoji(c), "%q", c)
	}
	for _, c := range []string{"a", "©", "é", "1", "🇮"[:0]} {
		assert.False(t, grapheme.IsEmoji(c), "%q", c)
	}
}

// The spans tile the input: contiguous, non-empty, in order, whatever the
// bytes, valid UTF-8 or not.
func FuzzClusters(f *testing.F) {
	for _, s := range []string{"", "abc", "👩‍💻🇪🇸\r\n", "e\u0301", "\xff\xfe", strings.Repeat("🇪", 3)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		next, n := 0, 0
		grapheme.Clusters(s, func(start, end int) {
			if start != next || end <= start || end > len(s) {
				t.Fatalf("span [%d,%d) after %d in %q", start, end, next, s)
			}
			next = end
			n++
		})
		if next != len(s) {
			t.Fatalf("spans end at %d of %d", next, len(s))
		}
		if n > utf8.RuneCountInString(s) {
			t.Fatalf("%d clusters for %d runes", n, utf8.RuneCountInString(s))
		}
		if got, want := byFirst(s), clusters(s); !slices.Equal(got, want) {
			t.Fatalf("First walks %q, Clusters %q", got, want)
		}
	})
}
