package community_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/validation"
)

func entry(term, valence string) community.LexiconEntry {
	return community.LexiconEntry{Term: term, Valence: decimal.RequireFromString(valence)}
}

// ruleLexicon is a small lexicon with round valences, so that each rule's
// weight shows in the sums.
func ruleLexicon() community.Lexicon {
	return community.Lexicon{
		Language: "en",
		Entries: []community.LexiconEntry{
			entry("good", "2"), entry("bad", "-2"), entry("great", "3"), entry("slow", "-1"),
			entry("never again", "-2.5"), entry("late delivery", "-2"), entry("well-made", "2"),
			entry(":)", "2"), entry(":(", "-2"), entry("<3", "3"), entry("😍", "3"), entry("👍", "2"),
			entry("kind", "1"), entry("meh", "-1"), entry("iffy", "-0.5"),
		},
		Rules: community.LexiconRules{
			Negators:        []string{"not", "never", "no longer"},
			NegatorSuffixes: []string{"n't"},
			Boosters:        []string{"very", "really"},
			Dampeners:       []string{"kind of", "slightly"},
			Contrast:        []string{"but", "however"},
		},
	}
}

func ruleClassifier(t *testing.T) *community.LexiconClassifier {
	t.Helper()
	c, err := community.NewLexiconClassifier(ruleLexicon())
	require.NoError(t, err)
	return c
}

// TestLexiconRules pins each rule documented on LexiconClassifier to the
// exact sum it gives, in ten-thousandths of a point.
func TestLexiconRules(t *testing.T) {
	c := ruleClassifier(t)
	tests := []struct {
		rule, text string
		sum        int64
	}{
		{"term", "good", 20_000},
		{"no term", "the parcel came on tuesday", 0},
		{"case ignored", "Good", 20_000},
		{"terms add up", "good and bad and great", 30_000},
		{"phrase", "never again", -25_000},
		{"phrase across a hyphen", "well made", 20_000},
		{"phrase written with a hyphen", "well-made", 20_000},
		{"brand phrase", "another late delivery", -20_000},
		{"longest phrase wins over its first word", "kind of good", 20_000 - 3_000},
		{"a word that starts a phrase is still a term", "kind", 10_000},

		{"negation right before", "not good", -14_000},
		{"negation two words before", "not so good", -14_000},
		{"negation three words before", "not at all good", -14_000},
		{"negation beyond three words", "not one of the good", 20_000},
		{"negation by suffix", "isn't good", -14_000},
		{"negation by suffix, typographic apostrophe", "isn’t good", -14_000},
		{"negation of a negative", "not bad", 14_000},
		{"negation phrase", "no longer good", -14_000},
		{"negation stops at a comma", "not, good", 20_000},
		{"negation stops at a full stop", "not. good", 20_000},
		{"negation stops at a contrast word", "not this but good", 30_000},

		{"booster", "very good", 23_000},
		{"two boosters, the second at 80%", "really very good", 25_400},
		{"booster on a negative", "very bad", -23_000},
		{"booster three words before", "very very very good", 27_200},
		{"booster beyond three words", "very much of a good", 20_000},
		{"dampener", "slightly good", 17_000},
		{"dampener phrase", "kind of bad", -17_000},
		{"dampening stops at zero", "slightly slightly iffy", 0},
		{"three dampeners", "slightly slightly slightly slow", -10_000 + 7_200},
		{"booster then negation", "not very good", -16_100},

		{"contrast halves before, weighs after 1.5", "good but bad", 10_000 - 30_000},
		{"contrast the other way", "bad, however great", -10_000 + 45_000},
		{"two contrast words", "good but bad but great", (20_000/2-30_000)/2 + 45_000},

		{"capitals in a mixed text", "GOOD service here", 27_500},
		{"capitals on a negative", "the food was BAD", -27_500},
		{"all capitals emphasise nothing", "GOOD SERVICE HERE", 20_000},
		{"one capital letter is no emphasis", "the I was good", 20_000},
		{"capitals in a phrase", "NEVER again, they said", -32_500},

		{"exclamation", "good!", 22_500},
		{"exclamations up to four", "good!!!!!!!", 30_000},
		{"exclamation on a negative", "bad!!", -25_000},
		{"exclamation on nothing", "hello!!!", 0},

		{"elongated", "goooood", 23_000},
		{"elongated to one letter", "baaaaad", -23_000},

		{"emoticon", "thanks :)", 20_000},
		{"emoticon after a word", "great:)", 50_000},
		{"emoticon repeated", "so late :(((", -20_000},
		{"emoticon before punctuation", "oh :(.", -20_000},
		{"heart", "<3", 30_000},
		{"emoji", "😍", 30_000},
		{"emoji after a word", "good😍", 50_000},
		{"emoji with a skin tone", "👍🏽", 20_000},
		{"emoji with a variation selector", "👍\ufe0f", 20_000},
		{"emoji repeated", "😍😍", 60_000},

		{"hashtag", "#good", 20_000},
		{"handle", "@good_people", 0},
		{"link", "https://good.example/bad www.good.example", 0},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			s := c.Score(tt.text)
			assert.Equal(t, tt.sum, s.Sum, "%q", tt.text)
		})
	}
}

// TestLexiconLabelAndIntensity checks the neutral band and the
// normalisation.
func TestLexiconLabelAndIntensity(t *testing.T) {
	lex := ruleLexicon().With(entry("meh", "-0.19"), entry("fine", "0.2"), entry("ok", "0.19"), entry("poor", "-0.2"))
	c, err := community.NewLexiconClassifier(lex)
	require.NoError(t, err)
	tests := []struct {
		text      string
		label     community.Sentiment
		intensity int
	}{
		{"", community.Neutral, 0},
		{"ok", community.Neutral, 47},
		{"fine", community.Positive, 49},
		{"meh", community.Neutral, -47},
		{"poor", community.Negative, -49},
		{"good", community.Positive, 447},     // 2/√(4+16)
		{"great", community.Positive, 600},    // 3/√(9+16)
		{"bad bad", community.Negative, -707}, // -4/√(16+16)
		{strings.Repeat("great ", 10_000), community.Positive, 999},
	}
	for _, tt := range tests {
		s := c.Score(tt.text)
		assert.Equal(t, tt.label, s.Label, "%.20q", tt.text)
		assert.Equal(t, tt.intensity, s.Intensity, "%.20q", tt.text)
		assert.Equal(t, tt.label, c.Classify(tt.text))
	}
}

// TestEnglishDefault checks the default classifier on social-media
// English: slang, abbreviations, emoticons and emoji, and the rules.
func TestEnglishDefault(t *testing.T) {
	c := community.DefaultClassifier()
	assert.Same(t, c, community.DefaultClassifier(), "built once")
	assert.Equal(t, "en", c.Language())
	tests := []struct {
		text string
		want community.Sentiment
	}{
		{"wtf is this", community.Negative},
		{"lol", community.Positive},
		{"this app sucks", community.Negative},
		{"meh", community.Negative},
		{"smh", community.Negative},
		{"ty so much!", community.Positive},
		{"not helpful", community.Negative},
		{"never again", community.Negative},
		{"not bad at all", community.Positive},
		{"I don't like it", community.Negative},
		{"can't wait for the launch!", community.Positive},
		{"no problems at all", community.Positive},
		{"The coffee is great, but the delivery was painfully slow", community.Negative},
		{"Slow delivery, but the coffee is GREAT", community.Positive},
		{"kind of disappointed", community.Negative},
		{"really love it", community.Positive},
		{"sooo good", community.Positive},
		{"love it :)", community.Positive},
		{"my order :(", community.Negative},
		{"😍😍😍", community.Positive},
		{"😡", community.Negative},
		{"#fail", community.Negative},
		{"Does the decaf come in whole beans?", community.Neutral},
		{"Tasting notes: cocoa, citrus, honey", community.Neutral},
		{"It looks like rain", community.Neutral},
		// Disbelief emphasises; it does not negate.
		{"I can't believe how good this coffee is", community.Positive},
		{"I cannot believe how bad this is", community.Negative},
		{"Customer service never answered my emails", community.Negative},
		{"The plot is predictable and the acting is wooden", community.Negative},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, c.Classify(tt.text), "%q: %+v", tt.text, c.Score(tt.text))
	}
}

func TestEnglishLexicon(t *testing.T) {
	lex := community.EnglishLexicon()
	require.NoError(t, lex.Validate())
	assert.Equal(t, "en", lex.Language)
	assert.GreaterOrEqual(t, len(lex.Entries), 3000)
	words := 0
	for _, e := range lex.Entries {
		if !strings.Contains(e.Term, " ") {
			words++
		}
	}
	assert.GreaterOrEqual(t, words, 2000, "single words, emoticons and emoji")
	// A fresh copy each time.
	lex.Entries[0].Term = "changed"
	lex.Rules.Negators[0] = "changed"
	again := community.EnglishLexicon()
	assert.NotEqual(t, "changed", again.Entries[0].Term)
	assert.NotEqual(t, "changed", again.Rules.Negators[0])
}

func TestLexiconValidate(t *testing.T) {
	lex := community.Lexicon{
		Language: "english!",
		Entries: []community.LexiconEntry{
			entry(" ", "1"),                         // 0: empty
			entry("good", "4.5"),                    // 1: out of range
			entry("nice", "1.234"),                  // 2: three decimals
			entry("Good", "2"),                      // 3: the term of 1, another valence
			entry("fine", "1"),                      // 4
			entry("FINE", "1"),                      // 5: duplicate of 4
			entry("well-made", "2"),                 // 6
			entry("well made", "1"),                 // 7: conflict with 6
			entry("so :) much", "1"),                // 8: a symbol inside a phrase
			entry(strings.Repeat("a ", 7)+"a", "1"), // 9: eight words
			entry(strings.Repeat("x", community.MaxTermBytes+1), "1"), // 10: too long
			entry("really", "1"),                            // 11: also a booster
			{Term: "big", Valence: decimal.New(1, 100_000)}, // 12: a decimal past validation's bounds
			entry("abc\xff", "1"),                           // 13: not UTF-8
		},
		Rules: community.LexiconRules{
			Negators:        []string{"not", "", "Not"},
			NegatorSuffixes: []string{"n't", "a b"},
			Boosters:        []string{"really", "not"},
			Dampeners:       []string{":)"},
			Contrast:        []string{"but"},
		},
	}
	err := lex.Validate()
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeInvalid, "language"},
		{validation.CodeRequired, "entries[0].term"},
		{validation.CodeOutOfRange, "entries[1].valence"},
		{validation.CodeInvalid, "entries[2].valence"},
		{validation.CodeConflict, "entries[3].term"},
		{validation.CodeDuplicate, "entries[5].term"},
		{validation.CodeConflict, "entries[7].term"},
		{validation.CodeInvalid, "entries[8].term"},
		{validation.CodeInvalid, "entries[9].term"},
		{validation.CodeInvalid, "entries[10].term"},
		{validation.CodeOutOfRange, "entries[12].valence"},
		{validation.CodeInvalid, "entries[13].term"},
		{validation.CodeRequired, "rules.negators[1]"},
		{validation.CodeDuplicate, "rules.negators[2]"},
		{validation.CodeInvalid, "rules.negatorSuffixes[1]"},
		{validation.CodeConflict, "rules.boosters[0]"},
		{validation.CodeConflict, "rules.boosters[1]"},
		{validation.CodeInvalid, "rules.dampeners[0]"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s at %s in %v", want.code, want.path, err)
	}
	assert.Len(t, verr.Errors, 18, "%v", err)
	_, err = community.NewLexiconClassifier(lex)
	require.ErrorAs(t, err, &verr)

	err = community.Lexicon{}.Validate()
	assert.True(t, validation.Has(err, validation.CodeRequired, "language"))
	require.NoError(t, community.Lexicon{Language: "en-GB"}.Validate(), "an empty lexicon is valid: it finds nothing")
}

func TestLexiconWith(t *testing.T) {
	base := ruleLexicon()
	ext := base.With(entry("GOOD", "1"), entry("late delivery", "-3"), entry("latte", "1.5"), entry("latte", "2"), entry("Really", "-1"))
	require.NoError(t, ext.Validate())
	assert.Len(t, ext.Entries, len(base.Entries)+2)
	assert.Equal(t, entry("GOOD", "1"), ext.Entries[0], "replaced in place")
	assert.Equal(t, entry("late delivery", "-3"), ext.Entries[5])
	assert.Equal(t, entry("latte", "2"), ext.Entries[len(base.Entries)], "the later of two wins")
	assert.Equal(t, []string{"very"}, ext.Rules.Boosters, "a rule word that becomes a term leaves the rules")
	// base is unchanged.
	assert.Equal(t, ruleLexicon(), base)
	c, err := community.NewLexiconClassifier(ext)
	require.NoError(t, err)
	assert.Equal(t, int64(-10_000+10_000), c.Score("really good").Sum)
	// An unreadable term is kept for Validate to report.
	bad := base.With(entry("a :) b", "1"))
	assert.True(t, validation.Has(bad.Validate(), validation.CodeInvalid, "entries[15].term"))
}

func TestLexiconJSON(t *testing.T) {
	lex := ruleLexicon()
	data, err := json.Marshal(lex)
	require.NoError(t, err)
	assert.Contains(t, string(data), `{"term":"never again","valence":"-2.5"}`)
	assert.Contains(t, string(data), `"negatorSuffixes":["n't"]`)
	var back community.Lexicon
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
	score, err := json.Marshal(ruleClassifier(t).Score("good"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"label":"positive","intensity":447,"sum":20000}`, string(score))
}

// TestScoreDoesNotAllocate: scoring costs no allocation, whatever the text.
func TestScoreDoesNotAllocate(t *testing.T) {
	c := community.DefaultClassifier()
	for _, text := range []string{
		"",
		"Not bad at all, but the DELIVERY was sooo late!!! :( 😡 #fail @brand http://x.example well-made kind of good",
		strings.Repeat("very ", 50) + strings.Repeat("x", 500) + " 👍🏽❤️ :((( ",
	} {
		assert.Zero(t, testing.AllocsPerRun(20, func() { c.Score(text) }), "%.40q", text)
	}
}

// TestScoreLinear: hostile texts of a megabyte score within the budget:
// phrase starts repeated, a word without end, a chunk without spaces,
// emoji clusters that never end, punctuation runs.
func TestScoreLinear(t *testing.T) {
	c := community.DefaultClassifier()
	const n = 1 << 20
	for name, text := range map[string]string{
		"phrase starts":  strings.Repeat("kind of a little ", n/17),
		"one word":       strings.Repeat("a", n),
		"hyphens":        strings.Repeat("well-", n/5),
		"one chunk":      strings.Repeat(":)x", n/3),
		"spaced chunks":  strings.Repeat("a :(:( ", n/7),
		"zwj cluster":    "👍" + strings.Repeat("\u200d👍", n/7),
		"marks":          "e" + strings.Repeat("\u0301", n/2),
		"punctuation":    strings.Repeat("!?.,:;", n/6),
		"negators":       strings.Repeat("not never no ", n/13),
		"elongated":      strings.Repeat("goooooooooood ", n/14),
		"invalid bytes":  strings.Repeat("\xff\xfe ", n/3),
		"links":          strings.Repeat("http://a.example ", n/17),
		"long stretched": strings.Repeat("o", 100) + strings.Repeat(" sooo", n/5),
	} {
		budget.Check(t, name, budget.For(len(text)), func() {
			s := c.Score(text)
			assert.LessOrEqual(t, s.Intensity, 999)
			assert.GreaterOrEqual(t, s.Intensity, -999)
		})
	}
}

// TestDefaultClassifierConcurrent scores from several goroutines at once
// (run with -race).
func TestDefaultClassifierConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				assert.Equal(t, community.Positive, community.DefaultClassifier().Classify("love it"))
			}
		}()
	}
	wg.Wait()
}

// TestResponderDefaultClassifier: a nil classifier is the English
// default, extended with the policy's terms.
func TestResponderDefaultClassifier(t *testing.T) {
	p := samplePolicy()
	p.Sentiment = community.SentimentRules{}
	r, err := community.NewResponder(p, nil)
	require.NoError(t, err)
	assert.Equal(t, community.Negative, r.Sentiment(community.Interaction{Text: "this is useless"}))
	assert.Equal(t, community.Neutral, r.Sentiment(community.Interaction{Text: "the decaf again"}))

	p.Sentiment = community.SentimentRules{Positive: []string{"decaf"}, Negative: []string{"late delivery", "no"}}
	r, err = community.NewResponder(p, nil)
	require.NoError(t, err)
	assert.Equal(t, community.Positive, r.Sentiment(community.Interaction{Text: "the decaf again"}))
	assert.Equal(t, community.Negative, r.Sentiment(community.Interaction{Text: "Late delivery"}))
	assert.Equal(t, community.Negative, r.Sentiment(community.Interaction{Text: "no"}), "a policy term is no longer a negator")
	assert.Equal(t, community.Positive, r.Sentiment(community.Interaction{Text: "no problem"}))

	lex := community.PolicyLexicon(p.Sentiment)
	assert.Len(t, lex.Entries, len(community.EnglishLexicon().Entries)+2, "\"no\" is new; \"late delivery\" replaces an entry")
	assert.NotContains(t, lex.Rules.Negators, "no")

	// A term no lexicon can hold is a policy error, reported by Validate
	// and NewResponder alike.
	p.Sentiment = community.SentimentRules{Positive: []string{"thank you!"}}
	err = p.Validate()
	assert.True(t, validation.Has(err, validation.CodeInvalid, "sentiment.positive[0]"), "%v", err)
	_, err = community.NewResponder(p, nil)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "sentiment.positive[0]"), "%v", err)
}
