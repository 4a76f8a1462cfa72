package community

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/validation"
)

// Classifier labels the sentiment of a text. Plug in any model behind this
// interface; tandem's own are [LexiconClassifier] (the default, see
// [DefaultClassifier]) and [KeywordClassifier], an explicit keyword rule
// set. A Classifier must return one of Positive, Neutral or Negative.
type Classifier interface {
	Classify(text string) Sentiment
}

// SentimentRules is the keyword rule set behind [KeywordClassifier]: words
// and phrases that mark a text as positive or negative for the brand. In a
// [ResponsePolicy] they extend the default lexicon instead (see
// [PolicyLexicon]).
// Matching ignores case and takes whole words only (see
// [MatcherOptions.WholeWords]).
type SentimentRules struct {
	// Positive lists words and phrases of praise ("love", "thank you").
	Positive []string `json:"positive,omitempty"`
	// Negative lists words and phrases of complaint ("broken", "refund",
	// "not happy").
	Negative []string `json:"negative,omitempty"`
}

// Validate reports empty or invalid terms, and terms listed as both
// positive and negative.
func (r SentimentRules) Validate() error {
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("positive"), checkTerms(r.Positive))
	list = list.Merge(validation.NewPath("negative"), checkTerms(r.Negative))
	for i, n := range r.Negative {
		for _, p := range r.Positive {
			if foldString(n) == foldString(p) {
				list = append(list, validation.Conflict(validation.NewPath("negative").Index(i), n,
					fmt.Sprintf("%q is also listed as positive", n)))
				break
			}
		}
	}
	return list.Err()
}

// EnglishSentimentRules returns a small starting rule set for English
// texts. It is a list of common words, not a model: extend it with the
// words your audience uses about your products. The slices are fresh
// copies.
func EnglishSentimentRules() SentimentRules {
	return SentimentRules{
		Positive: []string{
			"love", "loved", "great", "awesome", "amazing", "excellent", "perfect", "thanks", "thank you",
			"happy", "recommend", "best", "fantastic", "helpful", "not bad",
		},
		Negative: []string{
			"hate", "awful", "terrible", "worst", "broken", "refund", "scam", "disappointed", "useless",
			"angry", "never again", "bad", "complaint", "not happy", "not working", "doesn't work", "late",
		},
	}
}

// KeywordClassifier is a [Classifier] that counts keywords (tandem's
// default before [LexiconClassifier]). Its rule, applied to the text:
//
//  1. Find every positive and negative term as a whole word, ignoring case.
//  2. Where terms overlap, keep the one that starts first, and of those
//     the longest: a phrase outweighs the words inside it ("not bad"
//     listed as positive hides the negative "bad").
//  3. More negative than positive terms: Negative. More positive than
//     negative: Positive. Otherwise, including no term at all: Neutral.
//
// It does not understand irony, negation other than the phrases you list,
// or context. Build it once with [NewKeywordClassifier]; it is safe for
// concurrent use.
//
// Classify and Count read the text once, whatever the terms: their cost
// is linear in the text's length, however the terms nest or overlap
// ("a", "a a", "a a a"… over "a a a a…" occur at every word, yet each
// place is looked at once).
type KeywordClassifier struct {
	// rev matches the terms spelled backwards, over the text spelled
	// backwards: a match that ends at a place of the reversed text is an
	// occurrence that starts at that place of the text, and the longest
	// one is read off the automaton's state in constant time.
	rev      *Matcher
	longest  []int32 // per state of rev: the longest term it ends, or -1
	negative int     // patterns [0, negative) are positive, the rest negative
}

// NewKeywordClassifier compiles rules; bad rules give a *validation.Error.
func NewKeywordClassifier(rules SentimentRules) (*KeywordClassifier, error) {
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	terms := slices.Concat(rules.Positive, rules.Negative)
	for i, t := range terms {
		terms[i] = reverseRunes(t)
	}
	m, err := NewMatcher(terms, &MatcherOptions{WholeWords: true})
	if err != nil {
		return nil, err
	}
	longest := make([]int32, len(m.hasOut))
	for s := range longest {
		t := int32(s)
		if m.outStart[t] == m.outStart[t+1] {
			t = m.dict[t]
		}
		longest[s] = -1
		if t >= 0 {
			// The patterns a state ends itself are one folded text.
			longest[s] = m.outIDs[m.outStart[t]]
		}
	}
	return &KeywordClassifier{rev: m, longest: longest, negative: len(rules.Positive)}, nil
}

// reverseRunes spells s backwards, code point by code point; an invalid
// byte becomes 0xFF, which is never part of a code point, so that no
// bytes join into one the text does not hold.
func reverseRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := len(s); i > 0; {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
		if r == utf8.RuneError && w == 1 {
			b.WriteByte(0xFF)
			continue
		}
		b.WriteString(s[i : i+w])
	}
	return b.String()
}

// Classify applies the rule documented on [KeywordClassifier].
func (c *KeywordClassifier) Classify(text string) Sentiment {
	pos, neg := c.Count(text)
	switch {
	case neg > pos:
		return Negative
	case pos > neg:
		return Positive
	}
	return Neutral
}

// Count returns how many positive and negative terms the rule counts in
// text (steps 1 and 2 of the rule).
func (c *KeywordClassifier) Count(text string) (positive, negative int) {
	if c.rev.Len() == 0 || text == "" {
		return 0, 0
	}
	rev := reverseRunes(text)
	n := utf8.RuneCountInString(rev)
	// at[k] is 1 + the longest term that starts at rune k of the text, or
	// 0 for none; rune k of the text is rune n-k of rev backwards.
	var small [256]int32
	at := small[:0]
	if n+1 <= len(small) {
		at = small[:n+1]
	} else {
		at = make([]int32, n+1)
	}
	c.rev.scan(rev, nil, func(s int32, _, runeEnd int) bool {
		if id := c.longest[s]; id >= 0 {
			k := n - runeEnd
			if cur := at[k]; cur == 0 || c.rev.runes[id] > c.rev.runes[cur-1] {
				at[k] = id + 1
			}
		}
		return true
	})
	// Leftmost first, then longest, never overlapping.
	end := 0
	for k, id := range at {
		if id == 0 || k < end {
			continue
		}
		end = k + c.rev.runes[id-1]
		if int(id-1) < c.negative {
			positive++
		} else {
			negative++
		}
	}
	return positive, negative
}

// SentimentOf returns in's own label when it has one, and otherwise what c
// says about its text. A nil c leaves unlabelled interactions Neutral.
func SentimentOf(in Interaction, c Classifier) Sentiment {
	if in.Sentiment != "" {
		return in.Sentiment
	}
	if c == nil {
		return Neutral
	}
	return c.Classify(in.Text)
}

// Labelled returns a copy of b in which every interaction without a
// sentiment label has the one c gives its text. Labels already present are
// kept; b itself is not changed.
func (b Inbox) Labelled(c Classifier) Inbox {
	out := slices.Clone(b)
	for i := range out {
		out[i].Sentiment = SentimentOf(out[i], c)
	}
	return out
}
