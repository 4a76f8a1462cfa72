package community

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/validation"
)

// MatcherOptions configures a [Matcher]. The zero value, or a nil
// *MatcherOptions, matches anywhere in the text.
type MatcherOptions struct {
	// WholeWords makes a pattern match only where it is not part of a
	// longer word: a pattern that begins with a letter, digit, mark or "_"
	// must not follow one, and a pattern that ends with one must not be
	// followed by one. Edges that are punctuation ("#sale", "@brand") need
	// no boundary.
	WholeWords bool
}

// Match is one occurrence of a pattern in a text.
type Match struct {
	// Pattern is the index of the pattern in the list given to
	// [NewMatcher].
	Pattern int `json:"pattern"`
	// Start and End are byte offsets: the match is text[Start:End].
	Start int `json:"start"`
	End   int `json:"end"`
	// RuneStart and RuneEnd are the same positions counted in code points
	// (an invalid UTF-8 byte counts as one).
	RuneStart int `json:"runeStart"`
	RuneEnd   int `json:"runeEnd"`
}

// Matcher finds many literal patterns in a text in one pass, whatever their
// number: an Aho–Corasick automaton over case-folded text, compiled into a
// table with one transition per input byte. Build it once with
// [NewMatcher] and use it for many texts; it is never modified after
// construction and is safe for concurrent use.
//
// Case folding is Unicode simple folding ("STRASSE" matches "strasse", "K"
// matches the Kelvin sign); it maps each code point to one code point, so
// positions in the folded text are positions in the original. Patterns are
// literal text, never regular expressions.
type Matcher struct {
	patterns  []string
	runes     []int // length of each pattern in code points
	whole     bool
	class     [256]uint16 // byte -> input class; 0 is "in no pattern"
	nclass    int         // byte classes, then the two word marks when whole
	delta     []int32     // delta[s*nclass+class] is the next state
	hasOut    []bool      // state s ends at least one pattern (itself or a suffix)
	outStart  []int32     // patterns ending exactly at s: outIDs[outStart[s]:outStart[s+1]]
	outIDs    []int32
	dict      []int32 // nearest proper suffix state with its own patterns, or -1
	outCount  []int32 // patterns state s ends: its own and its suffixes'
	maxRuneCt int
	// seen holds the scratch bit sets of AppendPatterns, one state per
	// bit, so that it allocates nothing once warm.
	seen sync.Pool
}

// With WholeWords, the automaton reads two marks between the runes of the
// text besides its bytes: endMark where a word may end (before a rune that
// is not part of a word, and at the end of the text) and then startMark
// where one may start (after such a rune, and at the start). A pattern
// carries the same marks between its own runes, a startMark before a
// first rune that is part of a word and an endMark after such a last one.
// A pattern then occurs in the marked text exactly where it stands as a
// whole word, so matching needs no check of its own and every suffix an
// automaton state reports is a match.
func (m *Matcher) endMark() int   { return m.nclass - 2 }
func (m *Matcher) startMark() int { return m.nclass - 1 }

// NewMatcher compiles patterns. Every pattern must hold something other
// than white space and be valid UTF-8; the error is a *validation.Error
// with paths "[i]" naming each bad pattern. Duplicates (also after case
// folding) are allowed and each reports its own matches. A nil opts means
// the defaults.
func NewMatcher(patterns []string, opts *MatcherOptions) (*Matcher, error) {
	if err := checkPatterns(patterns); err != nil {
		return nil, err
	}
	var o MatcherOptions
	if opts != nil {
		o = *opts
	}
	m := &Matcher{
		patterns: slices.Clone(patterns),
		runes:    make([]int, len(patterns)),
		whole:    o.WholeWords,
	}
	folded := make([]string, len(patterns))
	var used [256]bool
	for i, p := range patterns {
		folded[i] = foldString(p)
		for j := 0; j < len(folded[i]); j++ {
			used[folded[i][j]] = true
		}
		m.runes[i] = utf8.RuneCountInString(p)
		m.maxRuneCt = max(m.maxRuneCt, m.runes[i])
	}
	m.nclass = 1
	for b := range used {
		if used[b] {
			m.class[b] = uint16(m.nclass)
			m.nclass++
		}
	}
	if m.whole {
		m.nclass += 2
	}
	seqs := make([][]uint16, len(folded))
	for i, p := range folded {
		seqs[i] = m.classes(p)
	}
	m.build(seqs)
	states := len(m.hasOut)
	m.seen.New = func() any { return &seenSet{bits: make([]uint64, (states+63)/64)} }
	return m, nil
}

// classes spells a folded pattern in input classes, with the word marks
// when the matcher matches whole words.
func (m *Matcher) classes(p string) []uint16 {
	out := make([]uint16, 0, len(p)+2)
	prevWord := false
	for i, r := range p {
		word := isWordRune(r)
		if m.whole {
			if i > 0 && !word {
				out = append(out, uint16(m.endMark()))
			}
			if (i == 0 && word) || (i > 0 && !prevWord) {
				out = append(out, uint16(m.startMark()))
			}
		}
		for j := i; j < i+utf8.RuneLen(r); j++ {
			out = append(out, m.class[p[j]])
		}
		prevWord = word
	}
	if m.whole && prevWord {
		out = append(out, uint16(m.endMark()))
	}
	return out
}

// checkPatterns reports the empty and invalid patterns.
func checkPatterns(patterns []string) error {
	var list validation.ErrorList
	for i, p := range patterns {
		path := validation.NewPath("").Index(i)
		switch {
		case strings.TrimSpace(p) == "":
			list = append(list, validation.Required(path, "a pattern must hold something other than white space"))
		case !utf8.ValidString(p):
			list = append(list, validation.Invalid(path, nil, "a pattern must be valid UTF-8"))
		}
	}
	return list.Err()
}

// checkTerms is checkPatterns for the word lists of a policy, where a
// repeated term (also after case folding) is a mistake.
func checkTerms(terms []string) error {
	var list validation.ErrorList
	list = list.Merge(nil, checkPatterns(terms))
	seen := make(map[string]bool, len(terms))
	for i, t := range terms {
		f := foldString(t)
		if seen[f] {
			list = append(list, validation.Duplicate(validation.NewPath("").Index(i), t))
		}
		seen[f] = true
	}
	return list.Err()
}

// build makes the trie of the patterns spelled in classes, then turns it
// into a complete transition table, breadth first, with failure links.
func (m *Matcher) build(seqs [][]uint16) {
	nc := m.nclass
	newState := func() int32 {
		s := int32(len(m.hasOut))
		m.hasOut = append(m.hasOut, false)
		for range nc {
			m.delta = append(m.delta, -1)
		}
		return s
	}
	newState() // the root, state 0
	own := make([][]int32, 1)
	for i, p := range seqs {
		s := int32(0)
		for _, c16 := range p {
			c := int(c16)
			next := m.delta[int(s)*nc+c]
			if next < 0 {
				next = newState()
				own = append(own, nil)
				m.delta[int(s)*nc+c] = next
			}
			s = next
		}
		own[s] = append(own[s], int32(i))
	}
	n := len(m.hasOut)
	fail := make([]int32, n)
	m.dict = make([]int32, n)
	m.dict[0] = -1
	queue := make([]int32, 0, n)
	order := queue[:0:0] // the states in breadth-first order, root excluded
	for c := range nc {
		t := m.delta[c]
		if t < 0 {
			m.delta[c] = 0
			continue
		}
		fail[t] = 0
		m.dict[t] = -1
		queue = append(queue, t)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		order = append(order, s)
		for c := range nc {
			t := m.delta[int(s)*nc+c]
			if t < 0 {
				m.delta[int(s)*nc+c] = m.delta[int(fail[s])*nc+c]
				continue
			}
			f := m.delta[int(fail[s])*nc+c]
			fail[t] = f
			if len(own[f]) > 0 {
				m.dict[t] = f
			} else {
				m.dict[t] = m.dict[f]
			}
			queue = append(queue, t)
		}
	}
	m.outStart = make([]int32, n+1)
	for s := range n {
		m.outStart[s+1] = m.outStart[s] + int32(len(own[s]))
		m.outIDs = append(m.outIDs, own[s]...)
		m.hasOut[s] = len(own[s]) > 0 || m.dict[s] >= 0
	}
	// A state's dictionary link is shallower, so breadth-first order counts
	// it first.
	m.outCount = make([]int32, n)
	for _, s := range order {
		m.outCount[s] = int32(len(own[s]))
		if d := m.dict[s]; d >= 0 {
			m.outCount[s] += m.outCount[d]
		}
	}
}

// Len returns the number of patterns.
func (m *Matcher) Len() int { return len(m.patterns) }

// Pattern returns pattern i as it was given.
func (m *Matcher) Pattern(i int) string { return m.patterns[i] }

// Matches walks every occurrence of every pattern in text, overlapping ones
// included, in the order of their ends; occurrences that end at the same
// place come longest first, then in pattern order.
//
// Its cost is linear in the text plus the occurrences it yields, which
// may be many more than the text's length (patterns "a", "aa", … over
// "aaaa…" occur at every place): a caller that needs only which patterns
// occur should use [Matcher.AppendPatterns], linear whatever the patterns.
func (m *Matcher) Matches(text string) iter.Seq[Match] {
	return func(yield func(Match) bool) { m.walk(text, nil, yield) }
}

// walk yields the occurrences of the patterns in text as Matches does,
// until yield returns false, while more (when not nil) reports true for
// the place they end. From the first place where more reports false it
// only counts the occurrences, in constant time per place, and returns
// their number.
func (m *Matcher) walk(text string, more func(end int) bool, yield func(Match) bool) (counted int) {
	if len(m.patterns) == 0 {
		return 0
	}
	// starts[k % len] is the byte offset of rune k, for the last runes a
	// pattern can span.
	var small [16]int
	starts := small[:min(m.maxRuneCt+1, len(small))]
	if m.maxRuneCt+1 > len(small) {
		starts = make([]int, m.maxRuneCt+1)
	}
	var groupBuf [4]Match
	group := groupBuf[:0] // the occurrences ending at one place
	flush := func() bool {
		if len(group) > 1 {
			slices.SortStableFunc(group, func(a, b Match) int {
				return cmp.Or(cmp.Compare(b.RuneEnd-b.RuneStart, a.RuneEnd-a.RuneStart), cmp.Compare(a.Pattern, b.Pattern))
			})
		}
		for _, g := range group {
			if !yield(g) {
				return false
			}
		}
		group = group[:0]
		return true
	}
	groupEnd := -1
	stopped, counting := false, false
	m.scan(text, starts,
		func(s int32, end, runeEnd int) bool {
			if counting {
				counted += int(m.outCount[s])
				return true
			}
			if end != groupEnd && !flush() {
				stopped = true
				return false
			}
			if more != nil && !more(end) {
				counting = true
				counted += int(m.outCount[s])
				return true
			}
			groupEnd = end
			for t := s; t >= 0; t = m.dict[t] {
				for _, id := range m.outIDs[m.outStart[t]:m.outStart[t+1]] {
					rs := runeEnd - m.runes[id]
					group = append(group, Match{Pattern: int(id), Start: starts[rs%len(starts)], End: end, RuneStart: rs, RuneEnd: runeEnd})
				}
			}
			return true
		})
	if !stopped {
		flush()
	}
	return counted
}

// maxBytes is the most bytes of text an occurrence of a pattern can span.
func (m *Matcher) maxBytes() int { return utf8.UTFMax * m.maxRuneCt }

// seenSet is a bit set over automaton states, with the states set, so
// that it is cleared in time proportional to them.
type seenSet struct {
	bits []uint64
	set  []int32
}

// AppendPatterns appends to dst the index of every pattern that occurs in
// text at least once, in increasing order without repeats, and returns the
// extended slice. It reads text once and visits each pattern at most once,
// so its cost is linear in the text plus the patterns found, however the
// patterns nest; it allocates nothing when dst has room.
func (m *Matcher) AppendPatterns(dst []int, text string) []int {
	if len(m.patterns) == 0 {
		return dst
	}
	from := len(dst)
	seen := m.seen.Get().(*seenSet)
	m.scan(text, nil, func(s int32, _, _ int) bool {
		// A state met before had its whole suffix chain reported then.
		for t := s; t >= 0; t = m.dict[t] {
			if seen.bits[t/64]&(1<<(t%64)) != 0 {
				break
			}
			seen.bits[t/64] |= 1 << (t % 64)
			seen.set = append(seen.set, t)
			for _, id := range m.outIDs[m.outStart[t]:m.outStart[t+1]] {
				dst = append(dst, int(id))
			}
		}
		return true
	})
	for _, t := range seen.set {
		seen.bits[t/64] = 0
	}
	seen.set = seen.set[:0]
	m.seen.Put(seen)
	if len(dst)-from > 1 {
		slices.Sort(dst[from:])
		dst = append(dst[:from], slices.Compact(dst[from:])...)
	}
	return dst
}

// Contains reports whether any pattern occurs in text.
func (m *Matcher) Contains(text string) bool {
	found := false
	m.scan(text, nil, func(int32, int, int) bool {
		found = true
		return false
	})
	return found
}

// scan runs the automaton over text (with the word marks when whole) and
// calls at with each state that ends at least one pattern, the byte offset
// and the number of runes where those patterns end, until at returns
// false. When starts is not empty, starts[k%len(starts)] is set to the
// byte offset of rune k before it is read (and of the end of the text).
func (m *Matcher) scan(text string, starts []int, at func(s int32, end, runeEnd int) bool) {
	if len(m.patterns) == 0 {
		return
	}
	nc := m.nclass
	delta := m.delta
	s := int32(0)
	runeCount := 0
	prevWord := false
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(text); {
		b := text[i]
		r, w := rune(b), 1
		if b >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(text[i:])
		}
		if len(starts) > 0 {
			starts[runeCount%len(starts)] = i
		}
		if m.whole {
			word := isWordRune(r) // an invalid byte is not part of a word
			if !word {
				s = delta[int(s)*nc+m.endMark()]
				if m.hasOut[s] && !at(s, i, runeCount) {
					return
				}
			}
			if i == 0 || !prevWord {
				s = delta[int(s)*nc+m.startMark()]
			}
			prevWord = word
		}
		i += w
		switch {
		case b < utf8.RuneSelf:
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			s = delta[int(s)*nc+int(m.class[b])]
		case r == utf8.RuneError && w == 1:
			s = 0 // an invalid byte is in no pattern
		default:
			n := utf8.EncodeRune(buf[:], foldRune(r))
			for _, fb := range buf[:n] {
				s = delta[int(s)*nc+int(m.class[fb])]
			}
		}
		runeCount++
		if m.hasOut[s] && !at(s, i, runeCount) {
			return
		}
	}
	if len(starts) > 0 {
		starts[runeCount%len(starts)] = len(text)
	}
	if m.whole && len(text) > 0 {
		s = delta[int(s)*nc+m.endMark()]
		if m.hasOut[s] {
			at(s, len(text), runeCount)
		}
	}
}

// isWordRune reports whether r is part of a word: a letter, a digit, a
// combining mark or an underscore.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// foldRune maps r to one code point shared by all its case variants: the
// smallest code point of its simple case-folding orbit, except that an
// ASCII upper-case letter becomes its lower-case form (the orbit of "k"
// holds "K", "k" and the Kelvin sign; all three fold to "k").
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	if 'A' <= least && least <= 'Z' {
		least += 'a' - 'A'
	}
	return least
}

// foldString folds every code point of s with foldRune.
func foldString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}
