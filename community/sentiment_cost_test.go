package community_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/budget"
)

// Nested sentiment terms: every word of the text starts 200 occurrences,
// yet Count looks at each place once (it was 23 s and 4.7 GB for 200 KB).
func TestKeywordClassifierNestedTerms(t *testing.T) {
	var pos []string
	for i := 1; i <= 200; i++ {
		pos = append(pos, strings.TrimSpace(strings.Repeat("a ", i)))
	}
	rules := community.SentimentRules{Positive: pos, Negative: []string{"b"}}
	c, err := community.NewKeywordClassifier(rules)
	require.NoError(t, err)
	text := strings.Repeat("a ", 100_000) + "b"
	var p, n int
	budget.Check(t, "Count", budget.For(len(text)+200*200), func() { p, n = c.Count(text) })
	require.Equal(t, [2]int{500, 1}, [2]int{p, n})
}
