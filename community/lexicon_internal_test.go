package community

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/validation"
)

// FuzzLexiconValidate decodes a lexicon from JSON and validates it within
// a budget: a *validation.Error or nil, never a panic. A lexicon that
// validates compiles, and each of its terms, written as it is matched,
// scores exactly its valence on its own.
func FuzzLexiconValidate(f *testing.F) {
	f.Add(`{"language":"en","entries":[{"term":"good","valence":"2"},{"term":"late delivery","valence":"-2.5"},{"term":":)","valence":"1"}],"rules":{"negators":["not"],"negatorSuffixes":["n't"],"boosters":["very"],"dampeners":["kind of"],"contrast":["but"]}}`)
	f.Add(`{"language":"en","entries":[{"term":"Good","valence":"2"},{"term":"good","valence":"3"},{"term":"","valence":"9"},{"term":"a :) b","valence":"1.001"}],"rules":{"boosters":["good","x"],"dampeners":["x"]}}`)
	f.Add(`{"language":"x-y","entries":[{"term":"👍🏽","valence":"1"},{"term":"@brand","valence":"-1"},{"term":"well-made","valence":"0"},{"term":"rock’n’roll","valence":"4"},{"term":"-","valence":"-4"}]}`)
	f.Fuzz(func(t *testing.T, data string) {
		var lex Lexicon
		if json.Unmarshal([]byte(data), &lex) != nil {
			return
		}
		var err error
		budget.Check(t, "Validate", budget.For(len(data)), func() { err = lex.Validate() })
		var verr *validation.Error
		if err != nil {
			require.True(t, errors.As(err, &verr), "%v", err)
		}
		c, cerr := NewLexiconClassifier(lex)
		require.Equal(t, err == nil, cerr == nil, "Validate %v, NewLexiconClassifier %v", err, cerr)
		if err != nil {
			return
		}
		for _, e := range lex.Entries {
			key, _, _ := normalizeTerm(e.Term)
			want := e.Valence.Shift(4).IntPart()
			require.Equal(t, want, c.Score(key).Sum, "term %q (%q) alone", e.Term, key)
		}
	})
}

// FuzzLexiconTerms builds a lexicon from terms and rule words split by
// "|" (valences -2, -1, 1, 2 in turn; rule words dealt to negators,
// boosters, dampeners and contrast in turn) and checks the same as
// FuzzLexiconValidate.
func FuzzLexiconTerms(f *testing.F) {
	f.Add("good|late delivery|:)|well-made|kind|👍🏽", "not|very|kind of|but")
	f.Add("a|a b|a b c|x-|-x|a--b|o'|'tis|rock'n'roll|#sale|@brand|http://x", "b|c|d e|f")
	f.Add("É|e\u0301|ß|SS|İ|\u212a", "n't|ǅ|k")
	// Words once their emoji modifiers are gone: matched as words.
	f.Add("0🏽|a🏽-b|👍🏽", "")
	f.Fuzz(func(t *testing.T, terms, rules string) {
		lex := Lexicon{Language: "en"}
		for i, term := range splitBar(terms) {
			lex.Entries = append(lex.Entries, LexiconEntry{Term: term, Valence: []decimal.Decimal{
				decimal.NewFromInt(-2), decimal.NewFromInt(-1), decimal.NewFromInt(1), decimal.NewFromInt(2)}[i%4]})
		}
		for i, w := range splitBar(rules) {
			switch i % 4 {
			case 0:
				lex.Rules.Negators = append(lex.Rules.Negators, w)
			case 1:
				lex.Rules.Boosters = append(lex.Rules.Boosters, w)
			case 2:
				lex.Rules.Dampeners = append(lex.Rules.Dampeners, w)
			case 3:
				lex.Rules.Contrast = append(lex.Rules.Contrast, w)
			}
		}
		err := lex.Validate()
		var verr *validation.Error
		if err != nil {
			require.True(t, errors.As(err, &verr), "%v", err)
		}
		c, cerr := NewLexiconClassifier(lex)
		require.Equal(t, err == nil, cerr == nil, "Validate %v, NewLexiconClassifier %v", err, cerr)
		if err != nil {
			return
		}
		for _, e := range lex.Entries {
			key, _, _ := normalizeTerm(e.Term)
			require.Equal(t, e.Valence.Shift(4).IntPart(), c.Score(key).Sum, "term %q (%q) alone", e.Term, key)
		}
	})
}

func splitBar(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
