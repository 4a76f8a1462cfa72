package community_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/community"
)

// The default classifier reads social-media English: negation, contrast,
// capitals, exclamation marks, emoticons, emoji and slang.
func ExampleLexiconClassifier_Score() {
	c := community.DefaultClassifier()
	for _, text := range []string{
		"Love the new roast!!",
		"not helpful",
		"The coffee is great, but the delivery was SO slow :(",
		"kind of meh tbh",
		"Does the decaf come in whole beans?",
		"wtf 😡",
	} {
		s := c.Score(text)
		fmt.Printf("%-8s %5d  %s\n", s.Label, s.Intensity, text)
	}
	// Output:
	// positive   724  Love the new roast!!
	// negative  -330  not helpful
	// negative  -736  The coffee is great, but the delivery was SO slow :(
	// negative  -287  kind of meh tbh
	// neutral      0  Does the decaf come in whole beans?
	// negative  -832  wtf 😡
}

// A nil classifier in NewResponder is this one.
func ExampleDefaultClassifier() {
	c := community.DefaultClassifier()
	fmt.Println(c.Language(), c.Classify("thanks, that was quick"), c.Classify("still waiting for my refund"))
	// Output:
	// en positive negative
}

// A lexicon of your own: terms with valences from -4 to +4 and the
// language's rule words.
func ExampleNewLexiconClassifier() {
	lex := community.Lexicon{
		Language: "es",
		Entries: []community.LexiconEntry{
			{Term: "bueno", Valence: decimal.NewFromInt(2)},
			{Term: "malo", Valence: decimal.NewFromInt(-2)},
			{Term: "nunca más", Valence: decimal.RequireFromString("-2.5")},
		},
		Rules: community.LexiconRules{
			Negators:  []string{"no", "nunca"},
			Boosters:  []string{"muy"},
			Dampeners: []string{"un poco"},
			Contrast:  []string{"pero"},
		},
	}
	c, err := community.NewLexiconClassifier(lex)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, text := range []string{"muy bueno", "no es bueno", "bueno, pero malo", "¡Nunca más!"} {
		fmt.Printf("%s: %+v\n", text, c.Score(text))
	}
	// Output:
	// muy bueno: {Label:positive Intensity:498 Sum:23000}
	// no es bueno: {Label:negative Intensity:-330 Sum:-14000}
	// bueno, pero malo: {Label:negative Intensity:-447 Sum:-20000}
	// ¡Nunca más!: {Label:negative Intensity:-566 Sum:-27500}
}

// A brand adds its own words to the English lexicon.
func ExampleLexicon_With() {
	lex := community.EnglishLexicon().With(
		community.LexiconEntry{Term: "late delivery", Valence: decimal.NewFromInt(-3)},
		community.LexiconEntry{Term: "oat latte", Valence: decimal.RequireFromString("1.5")},
	)
	c, err := community.NewLexiconClassifier(lex)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Classify("another late delivery"), c.Classify("an oat latte"))
	// Output:
	// negative positive
}

func ExampleEnglishLexicon() {
	lex := community.EnglishLexicon()
	fmt.Println(lex.Language, lex.Validate() == nil, len(lex.Entries) > 3000)
	fmt.Println(lex.Rules.Contrast)
	// Output:
	// en true true
	// [but however nevertheless nonetheless]
}

func ExampleLexicon_Validate() {
	lex := community.Lexicon{
		Language: "en",
		Entries: []community.LexiconEntry{
			{Term: "good", Valence: decimal.NewFromInt(2)},
			{Term: "GOOD", Valence: decimal.NewFromInt(3)},
			{Term: "", Valence: decimal.NewFromInt(5)},
		},
	}
	fmt.Println(lex.Validate())
	// Output:
	// invalid: entries[1].term: entries[0] gives the same term valence 2; this one gives 3; entries[2].term: a term is a word, a phrase or a symbol; entries[2].valence: a valence is between -4 and 4
}

// A policy's keyword lists extend the English lexicon of the default
// classifier.
func ExamplePolicyLexicon() {
	lex := community.PolicyLexicon(community.SentimentRules{Negative: []string{"decaf again"}})
	c, err := community.NewLexiconClassifier(lex)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Score("decaf again"))
	// Output:
	// {negative -447 -20000}
}
