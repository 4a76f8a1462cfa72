package channel

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/grapheme"
)

// Counting is how a network counts the length of a text.
type Counting string

// The ways networks count text.
const (
	// CountRunes counts Unicode code points.
	CountRunes Counting = "runes"
	// CountUTF16 counts UTF-16 code units: a code point outside the Basic
	// Multilingual Plane, such as most emoji, counts 2.
	CountUTF16 Counting = "utf16"
	// CountBytes counts UTF-8 bytes.
	CountBytes Counting = "bytes"
	// CountGraphemes counts user-perceived characters (extended grapheme
	// clusters): a flag, a family emoji or an accented letter written with
	// a combining mark counts 1.
	CountGraphemes Counting = "graphemes"
	// CountXWeighted is X's weighted count (twitter-text v3): a link counts
	// LinkLength, an emoji sequence 2, a code point in the Latin, general
	// punctuation and spacing ranges 1, any other code point 2.
	CountXWeighted Counting = "x_weighted"
	// CountMastodon counts code points, except that a link counts
	// LinkLength and a mention of a remote account (@user@server) counts
	// only @user.
	CountMastodon Counting = "mastodon"
)

var countings = []Counting{CountRunes, CountUTF16, CountBytes, CountGraphemes, CountXWeighted, CountMastodon}

// IsValid reports whether c is a known way of counting.
func (c Counting) IsValid() bool {
	for _, k := range countings {
		if c == k {
			return true
		}
	}
	return false
}

// String returns the identifier of c.
func (c Counting) String() string { return string(c) }

// MarshalText encodes c; an unknown value is an error.
func (c Counting) MarshalText() ([]byte, error) {
	return enum.Marshal("channel.Counting", c, countings)
}

// UnmarshalText accepts exactly the known identifiers.
func (c *Counting) UnmarshalText(text []byte) error {
	return enum.Unmarshal("channel.Counting", text, countings, c)
}

func (c Counting) unit() string {
	switch c {
	case CountUTF16:
		return "UTF-16 code units"
	case CountBytes:
		return "bytes"
	case CountGraphemes:
		return "graphemes"
	case CountXWeighted:
		return "weighted characters"
	default:
		return "characters"
	}
}

// Count returns the length of text counted by c. Networks that shorten
// links count each link as linkLength.
func (c Counting) Count(text string, linkLength int) int { return c.count(text, linkLength) }

func (c Counting) count(text string, linkLength int) int {
	switch c {
	case CountUTF16:
		n := 0
		for _, r := range text {
			if utf16.IsSurrogate(r) || r > 0xFFFF {
				n += 2
			} else {
				n++
			}
		}
		return n
	case CountBytes:
		return len(text)
	case CountGraphemes:
		return Graphemes(text)
	case CountXWeighted:
		return countWords(text, linkLength, xWeight)
	case CountMastodon:
		return countWords(text, linkLength, mastodonWeight)
	default:
		return utf8.RuneCountInString(text)
	}
}

// countWords walks text keeping white space as it is, counts each link as
// linkLength and every other run of text with weigh.
func countWords(text string, linkLength int, weigh func(word string) int) int {
	n := 0
	for len(text) > 0 {
		// Leading white space.
		i := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsSpace(r) })
		if i < 0 {
			return n + weigh(text)
		}
		n += weigh(text[:i])
		text = text[i:]
		j := strings.IndexFunc(text, unicode.IsSpace)
		if j < 0 {
			j = len(text)
		}
		word := text[:j]
		if isLink(word) && linkLength > 0 {
			n += linkLength
		} else {
			n += weigh(word)
		}
		text = text[j:]
	}
	return n
}

// xWeight is twitter-text v3's weighting: clusters that are emoji count 2;
// other code points count 1 in the ranges U+0000–U+10FF, U+2000–U+200D,
// U+2010–U+201F and U+2032–U+2037, and 2 elsewhere.
func xWeight(s string) int {
	n := 0
	grapheme.Clusters(s, func(start, end int) {
		cluster := s[start:end]
		if grapheme.IsEmoji(cluster) {
			n += 2
			return
		}
		for _, r := range cluster {
			switch {
			case r <= 0x10FF, r >= 0x2000 && r <= 0x200D, r >= 0x2010 && r <= 0x201F, r >= 0x2032 && r <= 0x2037:
				n++
			default:
				n += 2
			}
		}
	})
	return n
}

// mastodonWeight counts code points, with @user@server counted as @user.
func mastodonWeight(s string) int {
	if len(s) > 1 && s[0] == '@' {
		if at := strings.IndexByte(s[1:], '@'); at > 0 {
			s = s[:at+1]
		}
	}
	return utf8.RuneCountInString(s)
}

// Graphemes counts the extended grapheme clusters of s: what a reader
// sees as one character.
//
// It follows the rules of Unicode UAX #29 that matter in posts (CR LF,
// combining marks, spacing marks, variation selectors, emoji modifiers,
// zero-width joiner sequences, tag sequences and regional-indicator flag
// pairs) using only the standard library's Unicode tables. Hangul syllables
// written as separate conjoining jamo, rare in posts, count one per jamo.
func Graphemes(s string) int { return grapheme.Count(s) }
