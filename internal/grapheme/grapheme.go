// Package grapheme splits text into extended grapheme clusters and tells
// which are emoji: the one implementation behind channel's text counting
// and community's emoji rule.
package grapheme

import "unicode"

// Count returns the number of grapheme clusters of s.
func Count(s string) int {
	n := 0
	Clusters(s, func(int, int) { n++ })
	return n
}

// Clusters calls fn with the byte span [start, end) of every extended
// grapheme cluster of s, in order: what a reader sees as one character.
//
// It follows the rules of Unicode UAX #29 that matter in posts (CR LF,
// combining marks, spacing marks, variation selectors, emoji modifiers,
// zero-width joiner sequences, tag sequences and regional-indicator flag
// pairs) using only the standard library's Unicode tables. Hangul syllables
// written as separate conjoining jamo, rare in posts, count one per jamo.
func Clusters(s string, fn func(start, end int)) {
	start := 0
	var prev rune = -1
	riRun := 0 // regional indicators in a row, ending at prev
	for i, r := range s {
		if prev >= 0 && !extends(prev, r, riRun) {
			fn(start, i)
			start = i
		}
		if isRegionalIndicator(r) {
			riRun++
		} else {
			riRun = 0
		}
		prev = r
	}
	if start < len(s) {
		fn(start, len(s))
	}
}

// extends reports whether r continues the cluster that ends with prev.
func extends(prev, r rune, riRun int) bool {
	switch {
	case prev == '\r' && r == '\n':
		return true
	case prev == '\r' || prev == '\n' || r == '\r' || r == '\n':
		return false
	case r == 0x200D: // zero-width joiner
		return true
	case prev == 0x200D:
		return isPictographic(r)
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc):
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF: // emoji skin-tone modifiers
		return true
	case r >= 0xE0020 && r <= 0xE007F: // tag characters (subdivision flags)
		return true
	case isRegionalIndicator(r) && isRegionalIndicator(prev):
		return riRun%2 == 1
	}
	return false
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// isPictographic approximates Unicode's Extended_Pictographic property with
// the blocks that hold emoji.
func isPictographic(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF,
		r >= 0x2600 && r <= 0x27BF,
		r >= 0x2300 && r <= 0x23FF,
		r >= 0x2B00 && r <= 0x2BFF,
		r >= 0x2190 && r <= 0x21FF,
		r == 0x00A9, r == 0x00AE, r == 0x203C, r == 0x2049, r == 0x2122, r == 0x2139,
		r == 0x3030, r == 0x303D, r == 0x3297, r == 0x3299:
		return true
	}
	return false
}

// IsEmoji reports whether a grapheme cluster is an emoji: it holds a
// pictographic code point or a flag, or it is a keycap sequence.
func IsEmoji(cluster string) bool {
	for _, r := range cluster {
		if (isPictographic(r) && r > 0xFF) || isRegionalIndicator(r) || r == 0x20E3 {
			return true
		}
	}
	return false
}

// First returns the length in bytes of the first extended grapheme cluster
// of s, by the rules of [Clusters]; 0 for "". It reads only that cluster
// and the code point after it, so a caller walking a text cluster by
// cluster does linear work.
func First(s string) int {
	var prev rune = -1
	riRun := 0
	for i, r := range s {
		if prev >= 0 && !extends(prev, r, riRun) {
			return i
		}
		if isRegionalIndicator(r) {
			riRun++
		} else {
			riRun = 0
		}
		prev = r
	}
	return len(s)
}
