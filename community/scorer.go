package community

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/internal/grapheme"
)

// The weights of [LexiconClassifier]'s rules, in ten-thousandths of a
// valence point (valencePoint is one point of the -4..+4 scale). Change a
// rule here; its documentation is on LexiconClassifier.
const (
	valencePoint    = 10_000 // one valence point
	emphasisCaps    = 7_500  // an ALL-CAPS term in a text that is not all caps
	emphasisLong    = 3_000  // an elongated term ("soooo goood")
	modifierStep    = 3_000  // one booster or dampener right before a term
	negationPercent = -70    // a negated term: ×(-0.70)
	contrastBefore  = 2      // a contrast word divides what came before by 2
	contrastAfterN  = 3      // and weighs what follows ×3/2
	contrastAfterD  = 2      //
	bangStep        = 2_500  // each '!' of the text, up to bangMax
	bangMax         = 4      //
	neutralBand     = 2_000  // |sum| below 0.2 points is Neutral
	normAlpha       = 16     // intensity = sum / sqrt(sum² + 16), in points
	sumClamp        = 100_000_000
	windowUnits     = 3 // how far back negators, boosters and dampeners reach
)

// modifierPercent is how much of a booster's or dampener's step reaches a
// term 1, 2 or 3 units after it.
var modifierPercent = [windowUnits + 1]int64{0, 100, 80, 60}

// SentimentScore is what [LexiconClassifier.Score] says about a text.
type SentimentScore struct {
	// Label is Positive, Neutral or Negative, decided on Sum.
	Label Sentiment `json:"label"`
	// Intensity is the signed strength of the sentiment in thousandths,
	// from -999 (extremely negative) to 999: Sum normalised as
	// 1000·s/√(s²+16), s being Sum in valence points, rounded toward
	// zero. Its sign is Sum's.
	Intensity int `json:"intensity"`
	// Sum is the text's sentiment after every rule, in ten-thousandths of
	// a valence point (10000 is one point of the -4..+4 scale): the
	// number the label is decided on.
	Sum int64 `json:"sum"`
}

// Flags of a compiled term or rule word.
const (
	flagTerm uint8 = 1 << iota
	flagNegator
	flagBooster
	flagDampener
	flagContrast
	flagPrefix // the start of a longer phrase
)

// lexEntry is a compiled word or phrase: its valence in hundredths of a
// point when flagTerm is set, and its flags.
type lexEntry struct {
	valence int32
	flags   uint8
}

// LexiconClassifier is tandem's default [Classifier]: a lexicon- and
// rule-based scorer for social-media text, built from a [Lexicon] by
// [NewLexiconClassifier]. It is never modified after it is built and is
// safe for concurrent use. Scoring reads the text once, does work linear
// in its length (each place is looked at a bounded number of times,
// [MaxPhraseWords] at most) and does not allocate.
//
// # Reading the text
//
// The text is read left to right as units:
//
//   - A space-separated chunk that is a symbol term (":)", ":-(", "<3",
//     ":D") is one unit. Any other chunk that starts with "@" (a handle)
//     or is a link (http://, https://, www.) is one neutral unit.
//   - Words are runs of letters, digits and marks, with apostrophes
//     inside (’ is read as '); a hyphen between two words separates them
//     like a space. Case is ignored for matching. At each word the
//     longest term or rule word that starts there, up to [MaxPhraseWords]
//     words, is one unit ("never again", "kind of", "late delivery").
//   - A word that is no term nor rule word and has a letter repeated
//     three times or more is looked up with those runs shortened to two
//     letters, then to one ("goooood" is "good", "loooove" is "love");
//     a term found so is elongated. A word ending in a negator suffix
//     ("n't") is a negator.
//   - A run of punctuation inside a chunk is a symbol unit when it is a
//     symbol term, or is one with its repeated characters shortened to
//     one (":)))" is ":)"); failing that, the run less its trailing
//     . , ! ? " ' is tried the same way (":(." is ":(" then "."). Other
//     punctuation runs with . , ; : ! or ? end a clause, as do "…" and
//     a line break; the rest ("#", quotes) is skipped, so "#fail" is the
//     word "fail".
//   - An emoji (a grapheme cluster) is a symbol unit when it is a term,
//     ignoring variation selectors and skin tones.
//
// # Scoring
//
// Each term unit starts from its valence v (in points, -4..+4) and, in
// this order:
//
//  1. Emphasis: an elongated term gets 0.3 more in its own direction
//     (|v| + 0.3).
//  2. Boosters and dampeners: each booster among the 3 units before the
//     term (in its clause) adds 0.3 to |v|, each dampener takes 0.3 away,
//     scaled by distance: 100% right before, 80% two units before, 60%
//     three before. Dampening stops at 0: it never turns a term's sign.
//  3. Capitals: a term written in capitals (a word of two letters or
//     more and no lower case; for a phrase, one such word is enough)
//     gets 0.75 more in its direction, but only when the text also has
//     a word with lower-case letters (shouting everything emphasises
//     nothing).
//  4. Negation: a negator among the 3 units before the term, in its
//     clause, multiplies it by -0.7 ("not good" is -0.7·good, "not bad"
//     is mildly positive).
//  5. Contrast: a term after a contrast word ("but") counts ×1.5, and
//     at each contrast word the sum so far is halved: "good, but slow"
//     weighs "slow" three times "good".
//
// A clause ends at . , ; : ! ? … a line break or a contrast word; a
// negator or a modifier does not reach past it. The text's sum is the
// sum of its term units; then
//
//  6. Exclamation marks: each '!' of the text, up to 4, adds 0.25 to
//     the sum's size in its direction (a sum of 0 stays 0).
//
// # Label and intensity
//
// All of this is integer arithmetic in ten-thousandths of a point
// (each product is rounded toward zero where it happens), so the label
// is decided exactly: a sum of at least +0.2 is Positive, of at most -0.2
// Negative, anything between Neutral. The intensity is the sum normalised
// into -999..999 thousandths (see [SentimentScore]).
type LexiconClassifier struct {
	language     string
	words        map[string]lexEntry // words and phrases, lower case, single spaces
	symbols      map[string]int32    // symbols: valence in hundredths
	suffixes     []string            // negator suffixes, lower case
	maxSymbolLen int
	// symbolEnds[0][b] and symbolEnds[1][b]: a symbol may start, end
	// with byte b (either case; every non-ASCII byte may).
	symbolEnds [2][256]bool
}

// NewLexiconClassifier compiles lex; a lexicon that does not validate
// gives its *validation.Error.
func NewLexiconClassifier(lex Lexicon) (*LexiconClassifier, error) {
	if err := lex.Validate(); err != nil {
		return nil, err
	}
	c := &LexiconClassifier{
		language: lex.Language,
		words:    make(map[string]lexEntry, 2*len(lex.Entries)),
		symbols:  make(map[string]int32),
	}
	addPrefixes := func(key string) {
		for i := 0; i < len(key); i++ {
			if key[i] == ' ' {
				e := c.words[key[:i]]
				e.flags |= flagPrefix
				c.words[key[:i]] = e
			}
		}
	}
	for _, e := range lex.Entries {
		key, kind, _ := normalizeTerm(e.Term)
		v := int32(e.Valence.Shift(2).IntPart())
		if kind == termSymbol {
			c.symbols[key] = v
			c.maxSymbolLen = max(c.maxSymbolLen, len(key))
			for end, b := range [2]byte{key[0], key[len(key)-1]} {
				c.symbolEnds[end][b] = true
				if 'a' <= b && b <= 'z' {
					c.symbolEnds[end][b-'a'+'A'] = true
				}
			}
			continue
		}
		w := c.words[key]
		w.valence, w.flags = v, w.flags|flagTerm
		c.words[key] = w
		addPrefixes(key)
	}
	for b := utf8.RuneSelf; b < 256; b++ {
		c.symbolEnds[0][b], c.symbolEnds[1][b] = true, true
	}
	for _, rl := range lex.Rules.ruleLists() {
		for _, word := range rl.words {
			key, _, _ := normalizeTerm(word)
			w := c.words[key]
			w.flags |= rl.flag
			c.words[key] = w
			addPrefixes(key)
		}
	}
	for _, s := range lex.Rules.NegatorSuffixes {
		key, _, _ := normalizeTerm(s)
		c.suffixes = append(c.suffixes, key)
	}
	return c, nil
}

// defaultClassifier is built once: a LexiconClassifier is immutable.
var defaultClassifier = sync.OnceValue(func() *LexiconClassifier {
	c, err := NewLexiconClassifier(EnglishLexicon())
	if err != nil {
		panic("community: the English lexicon does not validate: " + err.Error())
	}
	return c
})

// DefaultClassifier returns the classifier built from [EnglishLexicon]:
// what a nil [Classifier] means in [NewResponder]. It is built once, on
// first use, and shared: it is never modified and is safe for concurrent
// use.
func DefaultClassifier() *LexiconClassifier { return defaultClassifier() }

// Language returns the language of the lexicon c was built from.
func (c *LexiconClassifier) Language() string { return c.language }

// Classify returns the label of [LexiconClassifier.Score].
func (c *LexiconClassifier) Classify(text string) Sentiment { return c.Score(text).Label }

// token kinds of the scanner.
const (
	tokEOF = iota
	tokWord
	tokSymbol // a symbol term: valence in tok.valence
	tokSkip   // a neutral unit (handle, link)
	tokBreak  // the end of a clause
)

type token struct {
	kind       int
	start, end int   // bytes of the text
	valence    int32 // tokSymbol
	bangs      int   // tokBreak: '!' in it
}

// maxKey is the buffer for a lower-case key; a longer word or phrase
// cannot be a term (MaxTermBytes) and is not looked up.
const maxKey = MaxTermBytes + 8

// Classes of ASCII bytes for the scanner.
const (
	clPunct = iota // punctuation and symbols
	clSpace        // white space
	clWord         // letters and digits
)

// asciiClass is the class of each ASCII byte.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			t[c] = clWord
		case c == ' ', c == '\t', c == '\n', c == '\r', c == '\v', c == '\f':
			t[c] = clSpace
		}
	}
	return t
}()

// classAt returns the class of the code point at byte i and its width.
func classAt(s string, i int) (uint8, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiClass[c], 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	switch {
	case unicode.IsSpace(r):
		return clSpace, w
	case isLexRune(r):
		return clWord, w
	}
	return clPunct, w
}

// spaceBefore reports whether byte i of s follows white space.
func spaceBefore(s string, i int) bool {
	if c := s[i-1]; c < utf8.RuneSelf {
		return asciiClass[c] == clSpace
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsSpace(r)
}

// scanCache keeps the last token next found, so that the token a phrase
// look-ahead read is not scanned again.
type scanCache struct {
	from, nx int
	tok      token
}

// nextCached is next, or the answer sc kept for i.
func (c *LexiconClassifier) nextCached(sc *scanCache, s string, i int) (token, int) {
	if sc.from == i && sc.nx > i {
		return sc.tok, sc.nx
	}
	return c.next(s, i)
}

// next returns the token at or after byte i of s and where to go on.
func (c *LexiconClassifier) next(s string, i int) (token, int) {
	for i < len(s) {
		cl, w := classAt(s, i)
		if cl == clSpace {
			if s[i] == '\n' {
				return token{kind: tokBreak, start: i, end: i + 1}, i + 1
			}
			i += w
			continue
		}
		if i == 0 || spaceBefore(s, i) {
			// A chunk: up to the next white space.
			end, pure := i, true
			for end < len(s) {
				var ecl uint8
				ew := 1
				if b := s[end]; b < utf8.RuneSelf {
					ecl = asciiClass[b]
				} else {
					ecl, ew = classAt(s, end)
				}
				if ecl == clSpace {
					break
				}
				pure = pure && ecl == clWord
				end += ew
			}
			if !pure && end-i <= 2*c.maxSymbolLen {
				if v, ok := c.lookupSymbol(s[i:end], false); ok {
					return token{kind: tokSymbol, start: i, end: end, valence: v}, end
				}
			}
			if !pure && (s[i] == '@' || hasPrefixFold(s[i:end], "http://") || hasPrefixFold(s[i:end], "https://") || hasPrefixFold(s[i:end], "www.")) {
				return token{kind: tokSkip, start: i, end: end}, end
			}
		}
		if cl == clWord {
			j := i + w
			for j < len(s) {
				b := s[j]
				if b < utf8.RuneSelf && asciiClass[b] == clWord {
					j++
					continue
				}
				jcl, jw := classAt(s, j)
				if jcl == clWord {
					j += jw
					continue
				}
				// An apostrophe between two word runes is part of the word.
				aw := 0
				if b == '\'' {
					aw = 1
				} else if strings.HasPrefix(s[j:], "\u2019") {
					aw = 3
				}
				if aw > 0 && j+aw < len(s) {
					if ncl, _ := classAt(s, j+aw); ncl == clWord {
						j += aw
						continue
					}
				}
				break
			}
			return token{kind: tokWord, start: i, end: j}, j
		}
		if s[i] < utf8.RuneSelf {
			// A run of ASCII punctuation; a hyphen between two words is a
			// word break and nothing else.
			j := i
			for j < len(s) && s[j] < utf8.RuneSelf {
				if asciiClass[s[j]] != clPunct {
					break
				}
				j++
			}
			// The run, then the run without its trailing sentence
			// punctuation (":(." is ":(" and "."), may be a symbol.
			for k := j; k > i && j-i <= 2*c.maxSymbolLen; k-- {
				if v, ok := c.lookupSymbol(s[i:k], true); ok {
					return token{kind: tokSymbol, start: i, end: k, valence: v}, k
				}
				if !strings.ContainsRune(".,!?\"'", rune(s[k-1])) {
					break
				}
			}
			t := token{kind: tokBreak, start: i, end: j}
			brk := false
			for k := i; k < j; k++ {
				switch s[k] {
				case '!':
					t.bangs++
					brk = true
				case '.', ',', ';', ':', '?':
					brk = true
				}
			}
			if brk {
				return t, j
			}
			i = j
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 {
			i++
			continue
		}
		if r == '…' {
			return token{kind: tokBreak, start: i, end: i + w}, i + w
		}
		n := grapheme.First(s[i:])
		{
			if v, ok := c.lookupSymbol(s[i:i+n], false); ok {
				return token{kind: tokSymbol, start: i, end: i + n, valence: v}, i + n
			}
		}
		i += n
	}
	return token{kind: tokEOF, start: len(s), end: len(s)}, len(s)
}

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix,
// ignoring case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		b := s[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if b != prefix[i] {
			return false
		}
	}
	return true
}

// lookupSymbol looks s up among the symbol terms, lower case and without
// emoji modifiers; with collapse, a miss is tried again with runs of one
// character shortened to one.
func (c *LexiconClassifier) lookupSymbol(s string, collapse bool) (int32, bool) {
	if len(c.symbols) == 0 || s == "" || !c.symbolEnds[0][s[0]] || !c.symbolEnds[1][s[len(s)-1]] {
		return 0, false
	}
	var buf [2 * maxKey]byte
	k := 0
	for _, r := range s {
		if isEmojiModifier(r) {
			continue
		}
		r = foldTermRune(r)
		if k+utf8.RuneLen(r) > len(buf) {
			return 0, false
		}
		k += utf8.EncodeRune(buf[k:], r)
	}
	if k > c.maxSymbolLen && !collapse {
		return 0, false
	}
	if v, ok := c.symbols[string(buf[:k])]; ok {
		return v, true
	}
	if !collapse {
		return 0, false
	}
	n := 0
	for i := 0; i < k; i++ {
		if n > 0 && buf[i] == buf[n-1] {
			continue
		}
		buf[n] = buf[i]
		n++
	}
	if n == k || n > c.maxSymbolLen {
		return 0, false
	}
	v, ok := c.symbols[string(buf[:n])]
	return v, ok
}

// appendLower writes the lower-case form of word s into buf from byte n,
// and returns the new length and the word's case: whether it has a
// lower-case letter, and whether it is in capitals (two upper-case letters
// or more, no lower case). The last result is false when the word does not
// fit in buf.
func appendLower(buf []byte, n int, s string) (int, bool, bool, bool) {
	upper, lower := 0, false
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			switch {
			case 'a' <= b && b <= 'z':
				lower = true
			case 'A' <= b && b <= 'Z':
				upper++
				b += 'a' - 'A'
			}
			if n >= len(buf) {
				return n, lower, false, false
			}
			buf[n] = b
			n++
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch {
		case r < utf8.RuneSelf && 'a' <= r && r <= 'z':
			lower = true
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			upper++
		case r >= utf8.RuneSelf && unicode.IsLower(r):
			lower = true
		case r >= utf8.RuneSelf && unicode.IsUpper(r):
			upper++
		}
		r = foldTermRune(r)
		if n+utf8.RuneLen(r) > len(buf) {
			return n, lower, false, false
		}
		n += utf8.EncodeRune(buf[n:], r)
	}
	return n, lower, upper >= 2 && !lower, true
}

// scoreState is the running state of one Score call.
type scoreState struct {
	sum, sumCaps  int64 // without and with the capitals rule
	afterContrast bool
	negAge        int                // units between the clause's last negator and now; windowUnits: none
	mods          [windowUnits]int64 // the last units' modifiers: +1 booster, -1 dampener
	anyCaps       bool
	anyLower      bool
	bangs         int
}

func (st *scoreState) clause() {
	st.negAge = windowUnits
	st.mods = [windowUnits]int64{}
}

// push records a unit that is not a term: its modifier, and how far back
// the last negator is.
func (st *scoreState) push(mod int64) {
	copy(st.mods[1:], st.mods[:windowUnits-1])
	st.mods[0] = mod
	if st.negAge < windowUnits {
		st.negAge++
	}
}

// term adds a term unit of valence v (hundredths) with its emphasis.
func (st *scoreState) term(v int32, long, caps bool) {
	x := int64(v) * (valencePoint / 100)
	sign := int64(1)
	if x < 0 {
		sign = -1
	}
	if x != 0 {
		mag := x * sign
		if long {
			mag += emphasisLong
		}
		for d := 1; d <= windowUnits; d++ {
			mag += st.mods[d-1] * modifierStep * modifierPercent[d] / 100
		}
		mag = max(mag, 0)
		magCaps := mag
		if caps {
			magCaps += emphasisCaps
		}
		x, xc := mag*sign, magCaps*sign
		if st.negAge < windowUnits {
			x = x * negationPercent / 100
			xc = xc * negationPercent / 100
		}
		if st.afterContrast {
			x = x * contrastAfterN / contrastAfterD
			xc = xc * contrastAfterN / contrastAfterD
		}
		st.sum += x
		st.sumCaps += xc
		st.sum = min(max(st.sum, -sumClamp), sumClamp)
		st.sumCaps = min(max(st.sumCaps, -sumClamp), sumClamp)
	}
	st.push(0)
}

// Score applies the rules documented on [LexiconClassifier] to text.
func (c *LexiconClassifier) Score(text string) SentimentScore {
	var st scoreState
	st.clause()
	var buf [maxKey]byte
	var sc scanCache
	i := 0
	for {
		t, nx := c.nextCached(&sc, text, i)
		i = nx
		switch t.kind {
		case tokEOF:
			return st.finish()
		case tokBreak:
			st.bangs += t.bangs
			st.clause()
		case tokSkip:
			st.push(0)
		case tokSymbol:
			st.term(t.valence, false, false)
		case tokWord:
			i = c.word(text, t, nx, &st, buf[:], &sc)
		}
	}
}

// word handles the unit that starts with word token t, whose scan ended at
// nx, and returns where scanning goes on. The first token a phrase
// look-ahead reads is left in sc.
func (c *LexiconClassifier) word(s string, t token, nx int, st *scoreState, buf []byte, sc *scanCache) int {
	n, lower, caps, fits := appendLower(buf, 0, s[t.start:t.end])
	st.anyLower = st.anyLower || lower
	st.anyCaps = st.anyCaps || caps
	if !fits {
		st.push(0)
		return nx
	}
	e, found := c.words[string(buf[:n])]
	end, unitCaps := nx, caps
	// The longest phrase that starts here.
	if found && e.flags&flagPrefix != 0 {
		j, k, capsAny := nx, n, caps
		for w := range MaxPhraseWords - 1 {
			t2, nx2 := c.next(s, j)
			if w == 0 {
				*sc = scanCache{from: j, nx: nx2, tok: t2}
			}
			if t2.kind != tokWord || k+1 >= len(buf) {
				break
			}
			buf[k] = ' '
			k2, lower2, caps2, fits2 := appendLower(buf, k+1, s[t2.start:t2.end])
			if !fits2 {
				break
			}
			// A word looked at here may be read again as a unit of its
			// own; the case flags are the same either way.
			st.anyLower = st.anyLower || lower2
			st.anyCaps = st.anyCaps || caps2
			capsAny = capsAny || caps2
			e2, ok := c.words[string(buf[:k2])]
			if !ok {
				break
			}
			if e2.flags&^flagPrefix != 0 {
				e, end, unitCaps = e2, nx2, capsAny
			}
			if e2.flags&flagPrefix == 0 {
				break
			}
			j, k = nx2, k2
		}
	}
	long := false
	if !found || e.flags&^flagPrefix == 0 {
		e, found, long = c.elongated(buf[:n])
		if !found && c.negatorSuffix(buf[:n]) {
			e, found = lexEntry{flags: flagNegator}, true
		}
		if !found {
			st.push(0)
			return nx
		}
	}
	switch {
	case e.flags&flagContrast != 0:
		st.sum /= contrastBefore
		st.sumCaps /= contrastBefore
		st.afterContrast = true
		st.clause()
	case e.flags&flagNegator != 0:
		st.push(0)
		st.negAge = 0
	case e.flags&flagBooster != 0:
		st.push(1)
	case e.flags&flagDampener != 0:
		st.push(-1)
	case e.flags&flagTerm != 0:
		st.term(e.valence, long, unitCaps)
	default:
		st.push(0)
	}
	return end
}

// elongated looks up a word whose letters repeat three times or more with
// those runs shortened to two, then to one.
func (c *LexiconClassifier) elongated(w []byte) (lexEntry, bool, bool) {
	run, longest := 1, 1
	for i := 1; i < len(w); i++ {
		if w[i] == w[i-1] {
			run++
			longest = max(longest, run)
		} else {
			run = 1
		}
	}
	if longest < 3 {
		return lexEntry{}, false, false
	}
	var buf [maxKey]byte
	for _, keep := range []int{2, 1} {
		n, run := 0, 0
		for i := range w {
			if i > 0 && w[i] == w[i-1] {
				run++
			} else {
				run = 1
			}
			if run <= keep {
				buf[n] = w[i]
				n++
			}
		}
		if e, ok := c.words[string(buf[:n])]; ok && e.flags&^flagPrefix != 0 {
			return e, true, e.flags&flagTerm != 0
		}
	}
	return lexEntry{}, false, false
}

// negatorSuffix reports whether the lower-case word w ends in a negator
// suffix.
func (c *LexiconClassifier) negatorSuffix(w []byte) bool {
	for _, suf := range c.suffixes {
		if len(w) > len(suf) && string(w[len(w)-len(suf):]) == suf {
			return true
		}
	}
	return false
}

// finish applies the capitals and exclamation rules and decides.
func (st *scoreState) finish() SentimentScore {
	sum := st.sum
	if st.anyCaps && st.anyLower {
		sum = st.sumCaps
	}
	if b := int64(min(st.bangs, bangMax)); sum > 0 {
		sum += b * bangStep
	} else if sum < 0 {
		sum -= b * bangStep
	}
	sum = min(max(sum, -sumClamp), sumClamp)
	out := SentimentScore{Label: Neutral, Sum: sum}
	switch {
	case sum >= neutralBand:
		out.Label = Positive
	case sum <= -neutralBand:
		out.Label = Negative
	}
	// 1000·s/√(s²+α) with s = sum/valencePoint is
	// 1000·sum/√(sum² + α·valencePoint²).
	out.Intensity = int(1000 * sum / int64(isqrt(uint64(sum*sum)+normAlpha*valencePoint*valencePoint)))
	return out
}

// isqrt returns ⌊√n⌋ exactly.
func isqrt(n uint64) uint64 {
	x := uint64(math.Sqrt(float64(n)))
	for x*x > n {
		x--
	}
	for (x+1)*(x+1) <= n {
		x++
	}
	return x
}

// Intensity returns Score(text).Intensity, so that c is an
// [IntensityScorer] for the inbox rules and the priority rules.
func (c *LexiconClassifier) Intensity(text string) int { return c.Score(text).Intensity }
