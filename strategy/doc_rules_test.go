package strategy_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/strategy"
)

// The package documentation's rule table lists every built-in rule, in
// Verify's order, with its default severity: a rule added without a line
// there (or a line left for a rule removed) fails here.
func TestDocListsEveryRule(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	lines := regexp.MustCompile(`(?m)^//\t([a-z]+\.[a-z_]+) +(error|warning|info) `).FindAllSubmatch(doc, -1)
	var documented, rules []string
	for _, l := range lines {
		documented = append(documented, string(l[1])+" "+string(l[2]))
	}
	for _, r := range strategy.Rules() {
		rules = append(rules, r.Name()+" "+string(r.Severity()))
	}
	assert.Equal(t, rules, documented)
}
