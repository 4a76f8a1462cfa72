package community_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/budget"
)

// checkScore holds a score to its contract: the label is decided on Sum
// by the ±0.2 band, the intensity has Sum's sign and stays within ±999.
func checkScore(t *testing.T, c *community.LexiconClassifier, text string) {
	t.Helper()
	var s community.SentimentScore
	budget.Check(t, "Score", budget.For(len(text)), func() { s = c.Score(text) })
	require.LessOrEqual(t, s.Intensity, 999)
	require.GreaterOrEqual(t, s.Intensity, -999)
	require.GreaterOrEqual(t, int64(s.Intensity)*s.Sum, int64(0), "intensity and sum of one sign: %+v", s)
	switch s.Label {
	case community.Positive:
		require.GreaterOrEqual(t, s.Sum, int64(2000))
		require.Positive(t, s.Intensity)
	case community.Negative:
		require.LessOrEqual(t, s.Sum, int64(-2000))
		require.Negative(t, s.Intensity)
	case community.Neutral:
		require.Less(t, s.Sum, int64(2000))
		require.Greater(t, s.Sum, int64(-2000))
	default:
		t.Fatalf("label %q", s.Label)
	}
	require.Equal(t, s.Label, c.Classify(text))
}

// FuzzLexiconClassifier scores any text with the English default and with
// a small rule lexicon: no panic, within the budget, the label consistent
// with the sum and the intensity.
func FuzzLexiconClassifier(f *testing.F) {
	for _, s := range []string{
		"", "Not bad at all, but the DELIVERY was sooo late!!! :( 😡 #fail @brand http://x.example",
		"kind of a little bit", "never again!!!!", "goooood :))) <3 </3", "👍🏽❤️\u200d🔥", "isn’t well-made",
		"\xff\xfe:(", "e\u0301\u0301", "no longer good. but GREAT", "a-b--c", ":(.", "@😍 www.😍",
	} {
		f.Add(s)
	}
	rules, err := community.NewLexiconClassifier(ruleLexicon())
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, text string) {
		checkScore(t, community.DefaultClassifier(), text)
		checkScore(t, rules, text)
	})
}
