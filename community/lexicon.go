package community

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Limits of a lexicon term, after it is normalised (see [Lexicon]).
const (
	// MaxTermBytes is the longest a term or rule word may be, in bytes.
	MaxTermBytes = 64
	// MaxPhraseWords is the most words a phrase may have.
	MaxPhraseWords = 6
)

// Valences are written on a scale from -4 (extremely negative) to +4
// (extremely positive) with at most two digits after the point.
var (
	minValence = decimal.NewFromInt(-4)
	maxValence = decimal.NewFromInt(4)
)

// Lexicon is the data behind a [LexiconClassifier] for one language: terms
// with a valence, and the language's rule words (negators, boosters,
// dampeners, contrast words). It is a plain value: JSON-able, built by
// [EnglishLexicon] or by hand, extended with [Lexicon.With], checked by
// [Lexicon.Validate].
//
// A term is matched ignoring case. It is one of:
//
//   - a word or a phrase: words (letters, digits, marks, apostrophes inside
//     a word) separated by spaces or hyphens ("awesome", "late delivery",
//     "well-made", "don't"), at most [MaxPhraseWords] words. A hyphen is a
//     word break: "well-made" and "well made" are the same term, and so
//     match both spellings. Typographic apostrophes (’) are read as '.
//   - a symbol: one run of characters without spaces that is not a word,
//     such as an emoticon (":)", ":-(", "<3", ":D") or an emoji. A symbol
//     matches a whole space-separated chunk of the text, a run of
//     punctuation within a chunk ("great:)"), or one emoji. Emoji variation
//     selectors and skin-tone modifiers are ignored on both sides; a term
//     that is words once they are gone ("0🏽") is those words.
//
// Terms and rule words are at most [MaxTermBytes] bytes once normalised
// (lower case, single spaces).
type Lexicon struct {
	// Language is the language the lexicon is for, as a language tag
	// ("en", "en-GB", "es"), of the form every tag in this package has.
	Language string `json:"language"`
	// Entries are the terms and their valences. A term appears once.
	Entries []LexiconEntry `json:"entries"`
	// Rules are the language's rule words.
	Rules LexiconRules `json:"rules"`
}

// LexiconEntry is one term of a [Lexicon] and its valence.
type LexiconEntry struct {
	// Term is a word, a phrase or a symbol (see [Lexicon]).
	Term string `json:"term"`
	// Valence is how positive (up to +4) or negative (down to -4) the term
	// is, with at most two digits after the point: about ±1 mild ("ok",
	// "meh"), ±2 clear ("good", "bad"), ±3 strong ("amazing", "awful"),
	// ±4 extreme ("best ever", "worst"). A valence of 0 makes a term
	// neutral, which is how an extension switches a word off.
	Valence decimal.Decimal `json:"valence"`
}

// LexiconRules are the rule words of a language, each a word or a phrase
// (see [Lexicon]). How the classifier applies them is documented on
// [LexiconClassifier]. A rule word is not also a term of the lexicon.
type LexiconRules struct {
	// Negators reverse and weaken the terms in the next three words of
	// their clause ("not", "never", "no", "without").
	Negators []string `json:"negators,omitempty"`
	// NegatorSuffixes make any word ending in them a negator ("n't":
	// "doesn't", "wouldn't"). A word that is itself a term or a rule word
	// keeps that meaning.
	NegatorSuffixes []string `json:"negatorSuffixes,omitempty"`
	// Boosters strengthen the terms in the next three words ("very",
	// "really", "so").
	Boosters []string `json:"boosters,omitempty"`
	// Dampeners weaken the terms in the next three words ("kind of",
	// "slightly", "a bit").
	Dampeners []string `json:"dampeners,omitempty"`
	// Contrast words weigh what follows them more than what precedes
	// them ("but", "however").
	Contrast []string `json:"contrast,omitempty"`
}

// ruleLists returns the rule lists with their JSON names.
func (r LexiconRules) ruleLists() []struct {
	name  string
	words []string
	flag  uint8
} {
	return []struct {
		name  string
		words []string
		flag  uint8
	}{
		{"negators", r.Negators, flagNegator},
		{"boosters", r.Boosters, flagBooster},
		{"dampeners", r.Dampeners, flagDampener},
		{"contrast", r.Contrast, flagContrast},
	}
}

// clone returns r with fresh slices.
func (r LexiconRules) clone() LexiconRules {
	return LexiconRules{
		Negators:        slices.Clone(r.Negators),
		NegatorSuffixes: slices.Clone(r.NegatorSuffixes),
		Boosters:        slices.Clone(r.Boosters),
		Dampeners:       slices.Clone(r.Dampeners),
		Contrast:        slices.Clone(r.Contrast),
	}
}

// termKind is what a normalised term is matched as.
type termKind uint8

const (
	termInvalid termKind = iota
	termWords            // a word or a phrase: words joined by single spaces
	termSymbol           // an emoticon, an emoji or another symbol chunk
)

// isLexRune reports whether r is part of a word: a letter, a digit or a
// combining mark.
func isLexRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// isEmojiModifier reports whether r is ignored in symbols: a variation
// selector or a skin-tone modifier.
func isEmojiModifier(r rune) bool {
	return r == 0xFE0F || r == 0xFE0E || (r >= 0x1F3FB && r <= 0x1F3FF)
}

// foldTermRune is how a term's and a text's code points are compared:
// lower case, and ’ ‘ read as '.
func foldTermRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r == '\u2019' || r == '\u2018':
		return '\''
	}
	return unicode.ToLower(r)
}

// normalizeTerm returns the key a term is matched by and its kind, or
// termInvalid with the reason.
func normalizeTerm(term string) (string, termKind, string) {
	if !utf8.ValidString(term) {
		return "", termInvalid, "is not valid UTF-8"
	}
	fields := strings.Fields(term)
	if len(fields) == 0 {
		return "", termInvalid, ""
	}
	var words []string
	allWords := true
	for _, f := range fields {
		parts, ok := splitWords(f)
		if !ok {
			allWords = false
			break
		}
		words = append(words, parts...)
	}
	if allWords {
		return wordsKey(words)
	}
	if len(fields) > 1 {
		return "", termInvalid, "has several parts that are not all words: a symbol (emoticon, emoji) stands alone"
	}
	var b strings.Builder
	for _, r := range fields[0] {
		if !isEmojiModifier(r) {
			b.WriteRune(foldTermRune(r))
		}
	}
	key := b.String()
	if key == "" {
		return "", termInvalid, "has only emoji modifiers"
	}
	// Without its modifiers, a symbol may be words ("0🏽" is "0"): the
	// text scanner reads those as words, so the term is matched as words.
	if words, ok := splitWords(key); ok {
		return wordsKey(words)
	}
	if len(key) > MaxTermBytes {
		return "", termInvalid, fmt.Sprintf("is %d bytes long; at most %d", len(key), MaxTermBytes)
	}
	return key, termSymbol, ""
}

// wordsKey returns the key of a term made of words.
func wordsKey(words []string) (string, termKind, string) {
	if len(words) > MaxPhraseWords {
		return "", termInvalid, fmt.Sprintf("has %d words; a phrase has at most %d", len(words), MaxPhraseWords)
	}
	key := strings.Join(words, " ")
	if len(key) > MaxTermBytes {
		return "", termInvalid, fmt.Sprintf("is %d bytes long; at most %d", len(key), MaxTermBytes)
	}
	return key, termWords, ""
}

// splitWords splits one space-free field at its hyphens into lower-case
// words, reporting false when a part is not a word as the text scanner
// reads words: word runes, with an apostrophe only between two of them.
func splitWords(f string) ([]string, bool) {
	var out []string
	for part := range strings.SplitSeq(f, "-") {
		rs := []rune(part)
		if len(rs) == 0 {
			return nil, false
		}
		for i, r := range rs {
			r = foldTermRune(r)
			rs[i] = r
			if isLexRune(r) {
				continue
			}
			if r != '\'' || i == 0 || i == len(rs)-1 || !isLexRune(rs[i-1]) || !isLexRune(foldTermRune(rs[i+1])) {
				return nil, false
			}
		}
		out = append(out, string(rs))
	}
	return out, true
}

// Validate reports every problem with l: a missing or malformed language,
// empty terms, terms that cannot be matched, valences out of range or with
// more than two decimals, a term listed twice (a conflict when the
// valences differ, a duplicate otherwise), and rule words that are empty,
// listed twice, listed under two rules or also a term. Paths are JSON
// names: entries[3].term, rules.boosters[2].
func (l Lexicon) Validate() error { return l.validate().Err() }

func (l Lexicon) validate() validation.ErrorList {
	var list validation.ErrorList
	if l.Language == "" {
		list = list.Add(validation.Required(validation.NewPath("language"), "a lexicon names its language"))
	} else {
		list = list.Add(checkLanguage(validation.NewPath("language"), l.Language))
	}
	type seenTerm struct {
		i int
		v decimal.Decimal
	}
	terms := make(map[string]seenTerm, len(l.Entries))
	for i, e := range l.Entries {
		if list.Full() {
			list = list.Omit(1)
			continue
		}
		ep := validation.NewPath("entries").Index(i)
		key, kind, why := normalizeTerm(e.Term)
		switch {
		case kind == termInvalid && why == "":
			list = list.Add(validation.Required(ep.Child("term"), "a term is a word, a phrase or a symbol"))
		case kind == termInvalid:
			list = list.Add(validation.Invalid(ep.Child("term"), validation.Excerpt(e.Term), "the term "+why))
		}
		validV := true
		if fe := validation.CheckDecimal(ep.Child("valence"), e.Valence); fe != nil {
			list = list.Add(fe)
			validV = false
		} else if e.Valence.Cmp(minValence) < 0 || e.Valence.Cmp(maxValence) > 0 {
			list = list.Add(validation.OutOfRange(ep.Child("valence"), e.Valence.String(), "a valence is between -4 and 4"))
			validV = false
		} else if !e.Valence.Shift(2).IsInteger() {
			list = list.Add(validation.Invalid(ep.Child("valence"), e.Valence.String(), "a valence has at most two digits after the point"))
			validV = false
		}
		if kind == termInvalid {
			continue
		}
		if prev, ok := terms[key]; ok {
			if validV && prev.v.Equal(e.Valence) {
				list = list.Add(validation.Duplicate(ep.Child("term"), validation.Excerpt(e.Term)))
			} else {
				list = list.Add(validation.Conflict(ep.Child("term"), validation.Excerpt(e.Term),
					fmt.Sprintf("entries[%d] gives the same term valence %s; this one gives %s", prev.i, prev.v, e.Valence)))
			}
			continue
		}
		terms[key] = seenTerm{i, e.Valence}
	}
	rulePath := validation.NewPath("rules")
	type seenRule struct {
		list string
		i    int
	}
	rules := make(map[string]seenRule)
	for _, rl := range l.Rules.ruleLists() {
		for i, w := range rl.words {
			wp := rulePath.Child(rl.name).Index(i)
			key, kind, why := normalizeTerm(w)
			switch {
			case kind == termInvalid && why == "":
				list = list.Add(validation.Required(wp, "a rule word is a word or a phrase"))
				continue
			case kind == termInvalid:
				list = list.Add(validation.Invalid(wp, validation.Excerpt(w), "the rule word "+why))
				continue
			case kind == termSymbol:
				list = list.Add(validation.Invalid(wp, validation.Excerpt(w), "a rule word is a word or a phrase, not a symbol"))
				continue
			}
			if prev, ok := rules[key]; ok {
				if prev.list == rl.name {
					list = list.Add(validation.Duplicate(wp, validation.Excerpt(w)))
				} else {
					list = list.Add(validation.Conflict(wp, validation.Excerpt(w), fmt.Sprintf("also listed in rules.%s[%d]", prev.list, prev.i)))
				}
				continue
			}
			rules[key] = seenRule{rl.name, i}
			if t, ok := terms[key]; ok {
				list = list.Add(validation.Conflict(wp, validation.Excerpt(w), fmt.Sprintf("also a term, at entries[%d]", t.i)))
			}
		}
	}
	for i, s := range l.Rules.NegatorSuffixes {
		sp := rulePath.Child("negatorSuffixes").Index(i)
		key, kind, why := normalizeTerm(s)
		switch {
		case kind == termInvalid && why == "":
			list = list.Add(validation.Required(sp, "a suffix is the end of a word"))
		case kind != termWords || strings.Contains(key, " "):
			list = list.Add(validation.Invalid(sp, validation.Excerpt(s), "a suffix is the end of one word "+why))
		}
	}
	return list
}

// With returns a copy of l extended with entries: an entry whose term is
// already in l (compared as matched: ignoring case, spaces and hyphens)
// replaces that entry's valence in place, any other is added at the end,
// and among entries the later of two with the same term wins. An entry
// whose term is one of l's rule words takes the word out of the rules: the
// caller's entry wins. l itself is not changed. Terms With cannot read
// are kept as given, for [Lexicon.Validate] to report.
func (l Lexicon) With(entries ...LexiconEntry) Lexicon {
	out := Lexicon{Language: l.Language, Entries: slices.Clone(l.Entries), Rules: l.Rules.clone()}
	keyOf := func(t string) string {
		if k, kind, _ := normalizeTerm(t); kind != termInvalid {
			return k
		}
		return "\x00" + t
	}
	at := make(map[string]int, len(out.Entries)+len(entries))
	for i, e := range out.Entries {
		if _, ok := at[keyOf(e.Term)]; !ok {
			at[keyOf(e.Term)] = i
		}
	}
	added := make(map[string]bool, len(entries))
	for _, e := range entries {
		k := keyOf(e.Term)
		added[k] = true
		if i, ok := at[k]; ok {
			out.Entries[i] = e
			continue
		}
		at[k] = len(out.Entries)
		out.Entries = append(out.Entries, e)
	}
	drop := func(words []string) []string {
		return slices.DeleteFunc(words, func(w string) bool { return added[keyOf(w)] })
	}
	out.Rules.Negators = drop(out.Rules.Negators)
	out.Rules.Boosters = drop(out.Rules.Boosters)
	out.Rules.Dampeners = drop(out.Rules.Dampeners)
	out.Rules.Contrast = drop(out.Rules.Contrast)
	return out
}

//go:embed lexicon_en.tsv
var englishTSV string

// englishEntries parses the embedded English lexicon once; EnglishLexicon
// hands out copies, so the parsed slice is never changed.
var englishEntries = sync.OnceValue(func() []LexiconEntry {
	var out []LexiconEntry
	sc := bufio.NewScanner(strings.NewReader(englishTSV))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		term, v, ok := strings.Cut(line, "\t")
		if !ok {
			panic("community: lexicon_en.tsv: no tab in " + line)
		}
		out = append(out, LexiconEntry{Term: term, Valence: decimal.RequireFromString(v)})
	}
	return out
})

// EnglishLexicon returns tandem's English lexicon, a fresh copy: thousands
// of words, phrases, social-media slang and abbreviations, emoticons and
// emoji with valences, written for tandem from general knowledge of
// English (it is no published lexicon), and the English rule words. Extend
// it with [Lexicon.With] (a brand's product words, "late delivery") or
// change its fields.
func EnglishLexicon() Lexicon {
	return Lexicon{
		Language: "en",
		Entries:  slices.Clone(englishEntries()),
		Rules: LexiconRules{
			Negators: []string{
				"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "cannot",
				"without", "hardly", "barely", "scarcely", "aint", "dont", "doesnt", "didnt", "isnt", "wasnt",
				"arent", "werent", "cant", "couldnt", "wouldnt", "shouldnt", "wont", "hasnt", "havent",
				"hadnt", "mustnt", "neednt", "no longer", "not at all", "by no means", "nah", "nope",
			},
			NegatorSuffixes: []string{"n't"},
			Boosters: []string{
				"very", "really", "so", "too", "extremely", "incredibly", "absolutely", "totally", "completely",
				"utterly", "highly", "super", "truly", "such", "especially", "exceptionally",
				"deeply", "seriously", "hugely", "immensely", "insanely", "freaking", "freakin", "frickin",
				"fricking", "most", "more", "particularly", "thoroughly", "entirely", "enormously", "fully",
				"purely", "hella", "mega", "uber", "majorly", "mighty", "extra", "real", "so much",
				"so very", "ridiculously", "exceedingly", "unbelievably",
				"decidedly", "intensely", "overly", "excessively", "wildly", "massively", "remarkably", "amazingly",
				"extraordinarily",
				"effing", "fucking", "frigging", "bloody", "big time", "def", "definitely", "certainly",
				// Disbelief emphasises what follows; it does not negate it:
				// "I can't believe how good this is".
				"can't believe", "cannot believe", "can not believe", "couldn't believe", "could not believe",
			},
			Dampeners: []string{
				"kind of", "kinda", "sort of", "sorta", "somewhat", "slightly", "a bit", "a little",
				"a little bit", "fairly", "marginally", "partly", "partially", "mildly", "moderately",
				"relatively", "almost", "nearly", "less", "occasionally", "sometimes",
				"a tad", "reasonably", "rather", "quite",
			},
			Contrast: []string{"but", "however", "nevertheless", "nonetheless"},
		},
	}
}

// Valences a policy's terms get in [PolicyLexicon].
var (
	policyPositive = decimal.NewFromInt(2)
	policyNegative = decimal.NewFromInt(-2)
)

// PolicyLexicon returns [EnglishLexicon] extended ([Lexicon.With]) with
// rules' terms: each positive term with valence +2 and each negative term
// with valence -2, a clear sentiment on the lexicon's scale. A term that
// the lexicon already has takes the policy's valence; one that is an
// English rule word stops being one ("no" listed as negative is a
// negative term, not a negator).
func PolicyLexicon(rules SentimentRules) Lexicon {
	entries := make([]LexiconEntry, 0, len(rules.Positive)+len(rules.Negative))
	for _, t := range rules.Positive {
		entries = append(entries, LexiconEntry{Term: t, Valence: policyPositive})
	}
	for _, t := range rules.Negative {
		entries = append(entries, LexiconEntry{Term: t, Valence: policyNegative})
	}
	return EnglishLexicon().With(entries...)
}

// policyClassifier is the classifier a nil Classifier means in
// NewResponder.
func policyClassifier(rules SentimentRules) (*LexiconClassifier, error) {
	if len(rules.Positive) == 0 && len(rules.Negative) == 0 {
		return DefaultClassifier(), nil
	}
	return NewLexiconClassifier(PolicyLexicon(rules))
}

// lexiconTerms reports the terms of r that a lexicon cannot hold (a
// phrase with punctuation in it, a term too long), at positive[i] and
// negative[i] under p. Empty terms are SentimentRules.Validate's to
// report.
func (r SentimentRules) lexiconTerms(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	for _, l := range []struct {
		name  string
		terms []string
	}{{"positive", r.Positive}, {"negative", r.Negative}} {
		for i, t := range l.terms {
			if _, kind, why := normalizeTerm(t); kind == termInvalid && why != "" {
				list = list.Add(validation.Invalid(p.Child(l.name).Index(i), validation.Excerpt(t), "as a lexicon term, the term "+why))
			}
		}
	}
	return list
}

// UnmarshalJSON decodes LexiconEntry strictly: keys exactly as the fields'
// JSON names, each once, and the valence within validation's bounds,
// checked before it is read (a *validation.Error with every problem).
func (e *LexiconEntry) UnmarshalJSON(data []byte) error {
	type plain LexiconEntry
	return strictjson.Plain(data, e, (*plain)(e))
}
