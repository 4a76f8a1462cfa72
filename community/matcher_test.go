package community_test

import (
	"cmp"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/race"
	"github.com/tandemsocial/tandem/validation"
)

func TestMatcherMatches(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		opts     community.MatcherOptions
		text     string
		want     []community.Match
	}{
		{
			name:     "overlapping patterns, longest first at the same end",
			patterns: []string{"he", "she", "his", "hers"},
			text:     "ushers",
			want: []community.Match{
				{Pattern: 1, Start: 1, End: 4, RuneStart: 1, RuneEnd: 4},
				{Pattern: 0, Start: 2, End: 4, RuneStart: 2, RuneEnd: 4},
				{Pattern: 3, Start: 2, End: 6, RuneStart: 2, RuneEnd: 6},
			},
		},
		{
			name:     "case folding, positions in the original text",
			patterns: []string{"straße", "kelvin"},
			text:     "Ü STRAßE \u212aELVIN",
			want: []community.Match{
				{Pattern: 0, Start: 3, End: 10, RuneStart: 2, RuneEnd: 8},
				{Pattern: 1, Start: 11, End: 19, RuneStart: 9, RuneEnd: 15},
			},
		},
		{
			name:     "whole words skip parts of words",
			patterns: []string{"refund", "#sale", "late"},
			opts:     community.MatcherOptions{WholeWords: true},
			text:     "refunds? no refund. chocolate x#sale, late_ late!",
			want: []community.Match{
				{Pattern: 0, Start: 12, End: 18, RuneStart: 12, RuneEnd: 18},
				{Pattern: 1, Start: 31, End: 36, RuneStart: 31, RuneEnd: 36},
				{Pattern: 2, Start: 44, End: 48, RuneStart: 44, RuneEnd: 48},
			},
		},
		{
			name:     "without whole words every occurrence counts",
			patterns: []string{"late"},
			text:     "chocolate late",
			want: []community.Match{
				{Pattern: 0, Start: 5, End: 9, RuneStart: 5, RuneEnd: 9},
				{Pattern: 0, Start: 10, End: 14, RuneStart: 10, RuneEnd: 14},
			},
		},
		{
			name:     "duplicate patterns each report",
			patterns: []string{"Sale", "sale"},
			text:     "SALE",
			want: []community.Match{
				{Pattern: 0, Start: 0, End: 4, RuneStart: 0, RuneEnd: 4},
				{Pattern: 1, Start: 0, End: 4, RuneStart: 0, RuneEnd: 4},
			},
		},
		{
			name:     "invalid UTF-8 breaks a match and counts one rune",
			patterns: []string{"ab"},
			text:     "a\xffb ab",
			want:     []community.Match{{Pattern: 0, Start: 4, End: 6, RuneStart: 4, RuneEnd: 6}},
		},
		{
			name:     "no patterns",
			patterns: nil,
			text:     "anything",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := community.NewMatcher(tt.patterns, &tt.opts)
			require.NoError(t, err)
			got := slices.Collect(m.Matches(tt.text))
			assert.Equal(t, tt.want, got)
			for _, g := range got {
				assert.Equal(t, []rune(foldRef(m.Pattern(g.Pattern))), []rune(foldRef(tt.text[g.Start:g.End])))
			}
		})
	}
}

func TestMatcherAppendPatternsAndContains(t *testing.T) {
	m, err := community.NewMatcher([]string{"zeta", "alpha", "beta", "alpha"}, &community.MatcherOptions{WholeWords: true})
	require.NoError(t, err)
	assert.Equal(t, 4, m.Len())
	dst := []int{99}
	dst = m.AppendPatterns(dst, "beta alpha, ALPHA beta zetas")
	assert.Equal(t, []int{99, 1, 2, 3}, dst)
	assert.True(t, m.Contains("Zeta!"))
	assert.False(t, m.Contains("zetas"))
	allocs := testing.AllocsPerRun(100, func() { dst = m.AppendPatterns(dst[:0], "beta alpha zeta") })
	if !race.Enabled { // the race detector drops pooled buffers at random
		assert.Zero(t, allocs)
	}
}

func TestNewMatcherRejectsBadPatterns(t *testing.T) {
	_, err := community.NewMatcher([]string{"ok", "", "  \t", "bad\xff"}, &community.MatcherOptions{})
	require.Error(t, err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "[1]"))
	assert.True(t, validation.Has(err, validation.CodeRequired, "[2]"))
	assert.True(t, validation.Has(err, validation.CodeInvalid, "[3]"))
	assert.False(t, validation.Has(err, validation.CodeRequired, "[0]"))
}

// foldRef is the reference folding: the smallest member of the simple
// folding orbit, ASCII upper case lowered; invalid bytes become -1.
func foldRef(s string) []rune {
	var out []rune
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		if r == utf8.RuneError && w == 1 {
			out = append(out, -1)
			continue
		}
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		out = append(out, unicode.ToLower(least))
	}
	return out
}

func isWordRef(r rune) bool {
	return r >= 0 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_')
}

// naiveMatches finds every occurrence by trying each pattern at each rune.
func naiveMatches(patterns []string, whole bool, text string) []community.Match {
	var offs []int // byte offset of each rune, and len(text) at the end
	for i := 0; i < len(text); {
		offs = append(offs, i)
		_, w := utf8.DecodeRuneInString(text[i:])
		i += w
	}
	offs = append(offs, len(text))
	ft := foldRef(text)
	orig := []rune{}
	for i := 0; i+1 < len(offs); i++ {
		r, w := utf8.DecodeRuneInString(text[offs[i]:])
		if r == utf8.RuneError && w == 1 {
			r = -1
		}
		orig = append(orig, r)
	}
	var out []community.Match
	for id, p := range patterns {
		fp := foldRef(p)
		for s := 0; s+len(fp) <= len(ft); s++ {
			if !slices.Equal(ft[s:s+len(fp)], fp) {
				continue
			}
			e := s + len(fp)
			if whole {
				if isWordRef(fp[0]) && s > 0 && isWordRef(orig[s-1]) {
					continue
				}
				if isWordRef(fp[len(fp)-1]) && e < len(orig) && isWordRef(orig[e]) {
					continue
				}
			}
			out = append(out, community.Match{Pattern: id, Start: offs[s], End: offs[e], RuneStart: s, RuneEnd: e})
		}
	}
	return out
}

func sortMatches(ms []community.Match) {
	slices.SortFunc(ms, func(a, b community.Match) int {
		return cmp.Or(cmp.Compare(a.End, b.End), cmp.Compare(a.Pattern, b.Pattern), cmp.Compare(a.Start, b.Start))
	})
}

func FuzzMatcher(f *testing.F) {
	f.Add("he\x00she\x00his\x00hers", "ushers and HIS", false)
	f.Add("straße\x00\u212aelvin\x00#sale", "STRASSE STRAßE kelvin x#sale", true)
	f.Add("a\x00aa\x00aaa", "aaaa\xffaa", true)
	f.Add("ǅ\x00ς", "ǆ Ǆ Σ σ", false)
	f.Fuzz(func(t *testing.T, joined, text string, whole bool) {
		var patterns []string
		start := 0
		for i := 0; i <= len(joined); i++ {
			if i == len(joined) || joined[i] == 0 {
				patterns = append(patterns, joined[start:i])
				start = i + 1
			}
		}
		if len(patterns) > 20 {
			patterns = patterns[:20]
		}
		m, err := community.NewMatcher(patterns, &community.MatcherOptions{WholeWords: whole})
		if err != nil {
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			return
		}
		got := slices.Collect(m.Matches(text))
		want := naiveMatches(patterns, whole, text)
		sortMatches(got)
		sortMatches(want)
		if len(got) == 0 {
			got = nil
		}
		require.Equal(t, want, got)
		ids := m.AppendPatterns(nil, text)
		var wantIDs []int
		for _, w := range want {
			wantIDs = append(wantIDs, w.Pattern)
		}
		slices.Sort(wantIDs)
		wantIDs = slices.Compact(wantIDs)
		require.Equal(t, wantIDs, ids)
		require.Equal(t, len(want) > 0, m.Contains(text))
	})
}

// TestNewMatcherNilOptions: options are a pointer that may be nil, meaning
// the defaults (match anywhere), as everywhere in tandem.
func TestNewMatcherNilOptions(t *testing.T) {
	m, err := community.NewMatcher([]string{"brew"}, nil)
	require.NoError(t, err)
	assert.True(t, m.Contains("cold-brewed"), "the default matches inside words")
	whole, err := community.NewMatcher([]string{"brew"}, &community.MatcherOptions{WholeWords: true})
	require.NoError(t, err)
	assert.False(t, whole.Contains("cold-brewed"))
	assert.True(t, whole.Contains("cold brew!"))
}
