package community

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// ErrUnknownChannel is returned when a draft is checked for a channel tandem
// does not know.
var ErrUnknownChannel = errors.New("community: unknown channel")

// Tone names the brand's voice in a word. It documents the policy; the
// checks that enforce it are the policy's patterns and limits.
type Tone string

// The tones.
const (
	ToneFormal   Tone = "formal"
	ToneNeutral  Tone = "neutral"
	ToneFriendly Tone = "friendly"
	TonePlayful  Tone = "playful"
)

var tones = []Tone{ToneFormal, ToneNeutral, ToneFriendly, TonePlayful}

// IsValid reports whether t is a known tone.
func (t Tone) IsValid() bool { return enum.Valid(t, tones) }

// String returns the identifier of t.
func (t Tone) String() string { return string(t) }

// MarshalText encodes t; an unknown value is an error.
func (t Tone) MarshalText() ([]byte, error) { return enum.Marshal("community.Tone", t, tones) }

// UnmarshalText accepts exactly the known identifiers.
func (t *Tone) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.Tone", text, tones, t)
}

// Address is the form in which the brand addresses a person, where the
// language has two (usted/tú, Sie/du, vous/tu).
type Address string

// The forms of address.
const (
	AddressFormal   Address = "formal"
	AddressInformal Address = "informal"
)

var addresses = []Address{AddressFormal, AddressInformal}

// IsValid reports whether a is a known form of address.
func (a Address) IsValid() bool { return enum.Valid(a, addresses) }

// String returns the identifier of a.
func (a Address) String() string { return string(a) }

// MarshalText encodes a; an unknown value is an error.
func (a Address) MarshalText() ([]byte, error) {
	return enum.Marshal("community.Address", a, addresses)
}

// UnmarshalText accepts exactly the known identifiers.
func (a *Address) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.Address", text, addresses, a)
}

// VoiceRule is a named RE2 pattern (Go's regexp syntax: matching takes time
// linear in the text, whatever the pattern). Patterns are case-sensitive
// unless they start with "(?i)".
type VoiceRule struct {
	// Name says what the rule is about ("sign-off", "refund promise").
	Name string `json:"name" validate:"required"`
	// Pattern is the RE2 expression.
	Pattern string `json:"pattern" validate:"required"`
}

// EmojiRule limits emoji in replies. The zero value allows any number.
type EmojiRule struct {
	// Forbidden disallows every emoji.
	Forbidden bool `json:"forbidden,omitempty"`
	// Max is the most emoji a reply may hold; 0 means no limit.
	Max int `json:"max,omitempty" validate:"gte=0"`
}

// LinkRule limits links in replies. The zero value allows any link.
type LinkRule struct {
	// Forbidden disallows every link.
	Forbidden bool `json:"forbidden,omitempty"`
	// Domains, when not empty, lists the only domains links may point to;
	// their subdomains are allowed too ("example.com" allows
	// "help.example.com").
	Domains []string `json:"domains,omitempty"`
}

// VoicePolicy is the brand's voice: how replies must sound and what they
// may not say. Compile it with [NewVoiceChecker].
type VoicePolicy struct {
	// Tone names the voice.
	Tone Tone `json:"tone,omitempty" validate:"omitempty,enum"`
	// Address is the form of address the brand uses.
	Address Address `json:"address,omitempty" validate:"omitempty,enum"`
	// WrongAddress lists patterns that give away the other form of
	// address (for a brand that says "usted": `(?i)\b(tú|tu|te)\b`).
	WrongAddress []VoiceRule `json:"wrongAddress,omitempty" validate:"dive"`
	// OffTone lists patterns for phrasing outside the voice: slang for a
	// formal brand, stiff formulas for a playful one.
	OffTone []VoiceRule `json:"offTone,omitempty" validate:"dive"`
	// MaxExclamations is the most exclamation marks a reply may hold; 0
	// means no limit.
	MaxExclamations int `json:"maxExclamations,omitempty" validate:"gte=0"`
	// NoShouting flags words of four or more letters written all in
	// capitals.
	NoShouting bool `json:"noShouting,omitempty"`
	// BannedWords lists words and phrases the brand never uses, matched as
	// whole words, ignoring case.
	BannedWords []string `json:"bannedWords,omitempty"`
	// BannedPhrases lists patterns the brand never uses.
	BannedPhrases []VoiceRule `json:"bannedPhrases,omitempty" validate:"dive"`
	// Required lists what every reply must hold, such as a sign-off.
	Required []VoiceRule `json:"required,omitempty" validate:"dive"`
	// NeedsApproval lists patterns that make a reply need approval before
	// it is sent, such as promises of refunds or compensation.
	NeedsApproval []VoiceRule `json:"needsApproval,omitempty" validate:"dive"`
	// Emoji limits emoji.
	Emoji EmojiRule `json:"emoji,omitzero"`
	// Links limits links.
	Links LinkRule `json:"links,omitzero"`
}

// Validate reports every problem with p, including every pattern that is
// not valid RE2 and every banned word that is empty or repeated.
func (p VoicePolicy) Validate() error {
	_, err := NewVoiceChecker(p)
	return err
}

// Severity says what a finding asks of the person replying.
type Severity string

// The severities.
const (
	// SeverityError: the reply must not be sent as it is.
	SeverityError Severity = "error"
	// SeverityApproval: the reply may be sent once someone approves it.
	SeverityApproval Severity = "approval"
	// SeverityWarning: the reply strays from the voice; worth a second look.
	SeverityWarning Severity = "warning"
)

var severities = []Severity{SeverityError, SeverityApproval, SeverityWarning}

// IsValid reports whether s is a known severity.
func (s Severity) IsValid() bool { return enum.Valid(s, severities) }

// String returns the identifier of s.
func (s Severity) String() string { return string(s) }

// MarshalText encodes s; an unknown value is an error.
func (s Severity) MarshalText() ([]byte, error) {
	return enum.Marshal("community.Severity", s, severities)
}

// UnmarshalText accepts exactly the known identifiers.
func (s *Severity) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.Severity", text, severities, s)
}

// Check names the voice check that produced a finding.
type Check string

// The voice checks, in the order [VoiceChecker.Check] runs them.
const (
	CheckWrongAddress Check = "wrong_address"
	CheckOffTone      Check = "off_tone"
	CheckExclamations Check = "exclamations"
	CheckShouting     Check = "shouting"
	CheckBannedWord   Check = "banned_word"
	CheckBannedPhrase Check = "banned_phrase"
	CheckRequired     Check = "required"
	CheckApproval     Check = "needs_approval"
	CheckEmoji        Check = "emoji"
	CheckLink         Check = "link"
	CheckLength       Check = "length"
)

var checks = []Check{
	CheckWrongAddress, CheckOffTone, CheckExclamations, CheckShouting, CheckBannedWord, CheckBannedPhrase,
	CheckRequired, CheckApproval, CheckEmoji, CheckLink, CheckLength,
}

// IsValid reports whether c is a known check.
func (c Check) IsValid() bool { return enum.Valid(c, checks) }

// String returns the identifier of c.
func (c Check) String() string { return string(c) }

// MarshalText encodes c; an unknown value is an error.
func (c Check) MarshalText() ([]byte, error) { return enum.Marshal("community.Check", c, checks) }

// UnmarshalText accepts exactly the known identifiers.
func (c *Check) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.Check", text, checks, c)
}

// Finding is one thing a voice check found in a draft. A finding about the
// whole draft (a missing sign-off, its length) spans the whole draft.
type Finding struct {
	// Check is the check that found it.
	Check Check `json:"check"`
	// Severity says whether the draft must change, needs approval, or
	// deserves a second look.
	Severity Severity `json:"severity"`
	// Rule is the name of the policy rule, or the banned word, involved.
	Rule string `json:"rule,omitempty"`
	// Text is the part of the draft found; empty for something missing.
	Text string `json:"text,omitempty"`
	// Start and End are byte offsets in the draft: draft[Start:End].
	Start int `json:"start"`
	End   int `json:"end"`
	// RuneStart and RuneEnd are the same positions in code points, as an
	// editor shows them.
	RuneStart int `json:"runeStart"`
	RuneEnd   int `json:"runeEnd"`
	// Detail explains the finding to a person.
	Detail string `json:"detail"`
}

type compiledRule struct {
	name string
	re   *regexp.Regexp
}

// VoiceChecker is a compiled [VoicePolicy]. It is safe for concurrent use.
type VoiceChecker struct {
	policy        VoicePolicy
	wrongAddress  []compiledRule
	offTone       []compiledRule
	banned        *Matcher
	bannedPhrases []compiledRule
	required      []compiledRule
	approval      []compiledRule
	domains       []string
}

// NewVoiceChecker compiles p. Every problem with p is reported at once in a
// *validation.Error.
func NewVoiceChecker(p VoicePolicy) (*VoiceChecker, error) {
	list := validate.Struct(nil, p)
	c := &VoiceChecker{policy: p}
	var errs validation.ErrorList
	compile := func(name string, rules []VoiceRule) []compiledRule {
		out := make([]compiledRule, 0, len(rules))
		for i, r := range rules {
			re, err := regexp.Compile(r.Pattern)
			if err != nil {
				if r.Pattern != "" { // an empty pattern is already reported as required
					errs = append(errs, validation.Invalid(validation.NewPath(name).Index(i).Child("pattern"), r.Pattern,
						"not a valid RE2 pattern: "+err.Error()))
				}
				continue
			}
			if r.Pattern != "" && re.MatchString("") && name == "required" {
				errs = append(errs, validation.Invalid(validation.NewPath(name).Index(i).Child("pattern"), r.Pattern,
					"a required element must not match the empty text"))
			}
			out = append(out, compiledRule{name: r.Name, re: re})
		}
		return out
	}
	c.wrongAddress = compile("wrongAddress", p.WrongAddress)
	c.offTone = compile("offTone", p.OffTone)
	c.bannedPhrases = compile("bannedPhrases", p.BannedPhrases)
	c.required = compile("required", p.Required)
	c.approval = compile("needsApproval", p.NeedsApproval)
	list = append(list, errs...)
	list = list.Merge(validation.NewPath("bannedWords"), checkTerms(p.BannedWords))
	if len(p.WrongAddress) > 0 && p.Address == "" {
		list = append(list, validation.Required(validation.NewPath("address"), "wrongAddress rules need the form of address they protect"))
	}
	if p.Emoji.Forbidden && p.Emoji.Max > 0 {
		list = append(list, validation.Conflict(validation.NewPath("emoji", "max"), p.Emoji.Max, "emoji are forbidden"))
	}
	if p.Links.Forbidden && len(p.Links.Domains) > 0 {
		list = append(list, validation.Conflict(validation.NewPath("links", "domains"), p.Links.Domains, "links are forbidden"))
	}
	for i, d := range p.Links.Domains {
		norm := strings.ToLower(strings.TrimSuffix(d, "."))
		if !validDomain(norm) {
			list = append(list, validation.Invalid(validation.NewPath("links", "domains").Index(i), d, "not a domain name such as example.com"))
			continue
		}
		c.domains = append(c.domains, norm)
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	m, err := NewMatcher(p.BannedWords, &MatcherOptions{WholeWords: true})
	if err != nil {
		return nil, err
	}
	c.banned = m
	return c, nil
}

func validDomain(d string) bool {
	if d == "" || len(d) > 253 || !strings.Contains(d, ".") {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > utf8.RuneSelf && unicode.IsLetter(r)) {
				return false
			}
		}
	}
	return true
}

// linkPattern finds links: a scheme or "www." and what follows up to white
// space or a bracket or quote.
var linkPattern = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]{}]+`)

// MaxVoiceFindings is the most findings [VoiceChecker.Check] returns for
// one draft; a *[TooManyFindingsError] counts the rest.
const MaxVoiceFindings = 1000

// ErrTooManyFindings is matched (errors.Is) by a *[TooManyFindingsError].
var ErrTooManyFindings = errors.New("community: too many voice findings")

// TooManyFindingsError is returned by [VoiceChecker.Check], beside the
// first MaxVoiceFindings findings, for a draft with more: Omitted counts
// the findings left out.
type TooManyFindingsError struct {
	// Omitted is the number of findings beyond the first MaxVoiceFindings.
	Omitted int `json:"omitted"`
}

// Error says how many findings were left out.
func (e *TooManyFindingsError) Error() string {
	return fmt.Sprintf("community: the draft has %d voice findings beyond the first %d", e.Omitted, MaxVoiceFindings)
}

// Is reports whether target is ErrTooManyFindings.
func (e *TooManyFindingsError) Is(target error) bool { return target == ErrTooManyFindings }

// Check applies the policy to a draft reply for channel ch and returns its
// findings, ordered by position and then by check. An empty ch skips the
// channel's text limits; a ch tandem does not know is an error wrapping
// [ErrUnknownChannel]. An empty result means the draft is in the voice.
//
// A draft with more than [MaxVoiceFindings] findings gives the first
// MaxVoiceFindings of them in that order and a *[TooManyFindingsError]
// that counts the rest. The checks read the draft once each, in time
// linear in it; a finding beyond the cap is counted, never built, so
// memory stays proportional to the draft and the cap.
func (c *VoiceChecker) Check(draft string, ch channel.Channel) ([]Finding, error) {
	var limits channel.Limits
	if ch != "" {
		l, ok := ch.Limits()
		if !ok {
			return nil, fmt.Errorf("%w: %q", ErrUnknownChannel, string(ch))
		}
		limits = l
	}
	out := findingHeap{max: MaxVoiceFindings}
	add := func(check Check, sev Severity, rule string, start, end int, detail func() string) {
		if out.admit(start, check) {
			out.push(Finding{Check: check, Severity: sev, Rule: rule, Text: draft[start:end], Start: start, End: end, Detail: detail()})
		}
	}
	whole := func(check Check, sev Severity, rule, detail string) {
		if out.admit(0, check) {
			out.push(Finding{Check: check, Severity: sev, Rule: rule, Start: 0, End: len(draft), Detail: detail})
		}
	}
	var src []byte // the draft as bytes, for eachMatch
	matches := func(re *regexp.Regexp, fn func(start, end int)) {
		if src == nil {
			src = []byte(draft)
		}
		eachMatch(re, src, fn)
	}
	for _, r := range c.wrongAddress {
		matches(r.re, func(s, e int) {
			add(CheckWrongAddress, SeverityError, r.name, s, e, func() string {
				return fmt.Sprintf("the brand addresses people in the %s form", c.policy.Address)
			})
		})
	}
	for _, r := range c.offTone {
		matches(r.re, func(s, e int) {
			add(CheckOffTone, SeverityWarning, r.name, s, e, constant("outside the brand's voice"))
		})
	}
	if max := c.policy.MaxExclamations; max > 0 {
		n := 0
		for i := 0; i < len(draft); i++ {
			if draft[i] == '!' {
				n++
				if n > max {
					add(CheckExclamations, SeverityWarning, "", i, i+1, func() string {
						return fmt.Sprintf("exclamation mark %d; the voice allows %d", n, max)
					})
				}
			}
		}
	}
	if c.policy.NoShouting {
		shouting(draft, func(s, e int) {
			add(CheckShouting, SeverityWarning, "", s, e, constant("a word in capitals reads as shouting"))
		})
	}
	// Banned words: once the kept findings all start before any banned
	// word still to come could, the rest are only counted.
	banned := c.banned.maxBytes()
	out.omitted += c.banned.walk(draft, func(end int) bool {
		return !out.full() || out.maxStart() >= end-banned
	}, func(m Match) bool {
		add(CheckBannedWord, SeverityError, c.banned.Pattern(m.Pattern), m.Start, m.End, constant("the brand never uses this word"))
		return true
	})
	for _, r := range c.bannedPhrases {
		matches(r.re, func(s, e int) {
			add(CheckBannedPhrase, SeverityError, r.name, s, e, constant("the brand never uses this phrase"))
		})
	}
	for _, r := range c.required {
		if !r.re.MatchString(draft) {
			whole(CheckRequired, SeverityError, r.name, fmt.Sprintf("every reply must hold its %s", r.name))
		}
	}
	for _, r := range c.approval {
		matches(r.re, func(s, e int) {
			add(CheckApproval, SeverityApproval, r.name, s, e, constant("needs approval before it is sent"))
		})
	}
	n := 0
	emojiSpans(draft, func(s, e int) {
		n++
		switch {
		case c.policy.Emoji.Forbidden:
			add(CheckEmoji, SeverityError, "", s, e, constant("the voice uses no emoji"))
		case c.policy.Emoji.Max > 0 && n > c.policy.Emoji.Max:
			add(CheckEmoji, SeverityError, "", s, e, func() string {
				return fmt.Sprintf("emoji %d; the voice allows %d", n, c.policy.Emoji.Max)
			})
		}
	})
	if c.policy.Links.Forbidden || len(c.domains) > 0 {
		matches(linkPattern, func(s, e int) {
			e = s + len(strings.TrimRight(draft[s:e], ".,;:!?"))
			switch {
			case c.policy.Links.Forbidden:
				add(CheckLink, SeverityError, "", s, e, constant("the voice uses no links"))
			case len(c.domains) > 0:
				if !out.wouldAdmit(s, CheckLink) {
					out.omitted += c.linkOutside(draft[s:e])
					return
				}
				host := linkHost(draft[s:e])
				if !slices.ContainsFunc(c.domains, func(d string) bool { return host == d || strings.HasSuffix(host, "."+d) }) {
					add(CheckLink, SeverityError, host, s, e, func() string { return "links may only point to " + strings.Join(c.domains, ", ") })
				}
			}
		})
	}
	if ch != "" {
		for _, fe := range limits.CheckText(nil, draft) {
			whole(CheckLength, SeverityError, limits.Name, fe.Detail)
		}
	}
	fs := out.sorted()
	runePositions(draft, fs)
	if out.omitted > 0 {
		return fs, &TooManyFindingsError{Omitted: out.omitted}
	}
	return fs, nil
}

// linkOutside returns 1 when link points outside the allowed domains, 0
// otherwise: a link finding that is only counted. A host of plain ASCII
// letters, digits, dots and hyphens (what linkHost reads as it is, lower
// cased) is checked without allocating; any other goes through linkHost.
func (c *VoiceChecker) linkOutside(link string) int {
	rest := link
	if _, r, ok := strings.Cut(link, "://"); ok {
		rest = r
	}
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	plain := host != "" && host[len(host)-1] != '.'
	for i := 0; plain && i < len(host); i++ {
		b := host[i]
		plain = b == '.' || b == '-' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
	}
	if !plain {
		host = linkHost(link)
	}
	if slices.ContainsFunc(c.domains, func(d string) bool { return hostIn(host, d) }) {
		return 0
	}
	return 1
}

// hostIn reports whether host is domain d or one of its subdomains,
// ignoring ASCII case (d is lower case).
func hostIn(host, d string) bool {
	if len(host) < len(d) || (len(host) > len(d) && host[len(host)-len(d)-1] != '.') {
		return false
	}
	tail := host[len(host)-len(d):]
	for i := 0; i < len(d); i++ {
		b := tail[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if b != d[i] {
			return false
		}
	}
	return true
}

func constant(s string) func() string { return func() string { return s } }

// eachMatch calls fn with the start and end of every non-empty match of re
// in src, in order, as FindAllIndex finds them, without allocating per
// match: ReplaceAllFunc reuses one match buffer and hands repl a slice of
// src, whose capacity tells where it starts. The text it builds (src
// without the matches, at most len(src)) is dropped.
func eachMatch(re *regexp.Regexp, src []byte, fn func(start, end int)) {
	re.ReplaceAllFunc(src, func(m []byte) []byte {
		if len(m) > 0 {
			start := cap(src) - cap(m)
			fn(start, start+len(m))
		}
		return nil
	})
}

// findingHeap keeps the first max findings in Check's order (position,
// then check, then the order found) and counts the others: a max-heap on
// that order, so a finding that comes after all those kept is counted in
// constant time and never built.
type findingHeap struct {
	max     int
	keys    []findingKey
	fs      []Finding
	next    findingKey // the key of the finding admit last let in
	seq     int
	omitted int
}

type findingKey struct{ start, check, seq int }

func (k findingKey) less(o findingKey) bool {
	return cmp.Or(cmp.Compare(k.start, o.start), cmp.Compare(k.check, o.check), cmp.Compare(k.seq, o.seq)) < 0
}

func (h *findingHeap) full() bool    { return len(h.keys) >= h.max }
func (h *findingHeap) maxStart() int { return h.keys[0].start }

// wouldAdmit reports whether a finding of check at start would be kept,
// without counting it.
func (h *findingHeap) wouldAdmit(start int, check Check) bool {
	return !h.full() || (findingKey{start, slices.Index(checks, check), h.seq}).less(h.keys[0])
}

// admit reports whether a finding of check at start is to be built and
// pushed; when not, it is counted as omitted.
func (h *findingHeap) admit(start int, check Check) bool {
	h.next = findingKey{start, slices.Index(checks, check), h.seq}
	h.seq++
	if !h.full() || h.next.less(h.keys[0]) {
		return true
	}
	h.omitted++
	return false
}

// push adds f, with the key admit made, evicting the last finding kept
// when full.
func (h *findingHeap) push(f Finding) {
	if !h.full() {
		h.keys = append(h.keys, h.next)
		h.fs = append(h.fs, f)
		for i := len(h.keys) - 1; i > 0; {
			p := (i - 1) / 2
			if !h.keys[p].less(h.keys[i]) {
				break
			}
			h.swap(i, p)
			i = p
		}
		return
	}
	h.omitted++
	h.keys[0], h.fs[0] = h.next, f
	for i := 0; ; {
		l, r, big := 2*i+1, 2*i+2, i
		if l < len(h.keys) && h.keys[big].less(h.keys[l]) {
			big = l
		}
		if r < len(h.keys) && h.keys[big].less(h.keys[r]) {
			big = r
		}
		if big == i {
			break
		}
		h.swap(i, big)
		i = big
	}
}

func (h *findingHeap) swap(i, j int) {
	h.keys[i], h.keys[j] = h.keys[j], h.keys[i]
	h.fs[i], h.fs[j] = h.fs[j], h.fs[i]
}

// sorted returns the findings kept, in Check's order.
func (h *findingHeap) sorted() []Finding {
	if len(h.keys) == 0 {
		return nil
	}
	idx := make([]int, len(h.keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if h.keys[a].less(h.keys[b]) {
			return -1
		}
		return 1
	})
	out := make([]Finding, len(idx))
	for i, j := range idx {
		out[i] = h.fs[j]
	}
	return out
}

// runePositions fills RuneStart and RuneEnd of findings sorted by Start in
// one pass over draft.
func runePositions(draft string, fs []Finding) {
	if len(fs) == 0 {
		return
	}
	offsets := make([]int, 0, 2*len(fs))
	for _, f := range fs {
		offsets = append(offsets, f.Start, f.End)
	}
	slices.Sort(offsets)
	offsets = slices.Compact(offsets)
	runesAt := make(map[int]int, len(offsets))
	pos, count := 0, 0
	for _, off := range offsets {
		count += utf8.RuneCountInString(draft[pos:off])
		pos = off
		runesAt[off] = count
	}
	for i := range fs {
		fs[i].RuneStart = runesAt[fs[i].Start]
		fs[i].RuneEnd = runesAt[fs[i].End]
	}
}

// linkHost returns the lower-cased host a link points to.
func linkHost(link string) string {
	if !strings.Contains(link, "://") {
		link = "http://" + link
	}
	u, err := url.Parse(link)
	if err != nil {
		// The host is what follows the scheme up to a path, query or port.
		_, rest, _ := strings.Cut(link, "://")
		host, _, _ := strings.Cut(rest, "/")
		host, _, _ = strings.Cut(host, "?")
		host, _, _ = strings.Cut(host, "#")
		return strings.ToLower(host)
	}
	return strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
}

// shouting calls fn with the span of every word of four or more letters
// all in capitals.
func shouting(s string, fn func(start, end int)) {
	start, letters, upper := -1, 0, true
	end := func(i int) {
		if start >= 0 && letters >= 4 && upper {
			fn(start, i)
		}
		start, letters, upper = -1, 0, true
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if start < 0 {
				start = i
			}
			if unicode.IsLetter(r) {
				letters++
				if !unicode.IsUpper(r) {
					upper = false
				}
			}
			continue
		}
		end(i)
	}
	end(len(s))
}
