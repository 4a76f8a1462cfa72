package community

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// Limits of inbox rules.
const (
	// MaxInboxRules is the most rules a rule set holds.
	MaxInboxRules = 1000
	// MaxRulePatternLength is the longest pattern of a condition, in
	// bytes. Patterns are RE2 (Go's regexp), whose matching time is linear
	// in the text and the pattern's size, so the cap bounds the time a
	// pattern costs per byte of text.
	MaxRulePatternLength = 256
	// MaxTagLength is the longest tag an action adds, in bytes.
	MaxTagLength = 100
	// MinIntensity and MaxIntensity bound a sentiment intensity, in
	// thousandths: -1000 is the most negative, 1000 the most positive.
	MinIntensity = -1000
	MaxIntensity = 1000
)

// HoursCondition says whether a rule applies while the desk is open or
// while it is closed ([RuleSetOptions.Hours]).
type HoursCondition string

// The hours conditions.
const (
	// HoursOpen matches while the business hours are open.
	HoursOpen HoursCondition = "open"
	// HoursClosed matches while they are closed (nights, weekends,
	// holidays).
	HoursClosed HoursCondition = "closed"
)

var hoursConditions = []HoursCondition{HoursOpen, HoursClosed}

// IsValid reports whether h is a known hours condition.
func (h HoursCondition) IsValid() bool { return enum.Valid(h, hoursConditions) }

// String returns the identifier of h.
func (h HoursCondition) String() string { return string(h) }

// MarshalText encodes h; an unknown value is an error.
func (h HoursCondition) MarshalText() ([]byte, error) {
	return enum.Marshal("community.HoursCondition", h, hoursConditions)
}

// UnmarshalText accepts exactly the known identifiers.
func (h *HoursCondition) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.HoursCondition", text, hoursConditions, h)
}

// IntensityScorer gives the signed strength of a text's sentiment in
// thousandths, from [MinIntensity] (-1000, the most negative) to
// [MaxIntensity] (1000, the most positive); 0 is neutral or no sentiment.
// A value outside that range is read as the nearest bound. It is the
// intensity part of a sentiment scorer: a scorer whose Score(text)
// returns a label and an intensity in thousandths satisfies it with a
// one-line Intensity method, or through [IntensityFunc]. It must be safe
// for concurrent use if the [RuleSet] is used concurrently.
type IntensityScorer interface {
	Intensity(text string) int
}

// IntensityFunc adapts a function to [IntensityScorer]:
//
//	community.IntensityFunc(func(text string) int { return scorer.Score(text).Intensity })
type IntensityFunc func(text string) int

// Intensity returns f(text).
func (f IntensityFunc) Intensity(text string) int { return f(text) }

// SentimentLabeler labels an interaction's sentiment. [*Responder]
// satisfies it: its Sentiment method returns the interaction's own label,
// or its classifier's.
type SentimentLabeler interface {
	Sentiment(in Interaction) Sentiment
}

// Condition is what an interaction must be for an [InboxRule] to apply.
// Every condition that is set must hold (they are joined by "and"); a
// list holds when any of its values does ("or"). A Condition with nothing
// set matches every interaction.
type Condition struct {
	// Kinds lists the kinds that match.
	Kinds []Kind `json:"kinds,omitempty"`
	// Channels lists the networks that match.
	Channels []channel.Channel `json:"channels,omitempty"`
	// Accounts lists the brand's accounts (Interaction.Account, handles
	// without "@", compared ignoring case) that match. An interaction
	// that names no account does not match.
	Accounts []string `json:"accounts,omitempty"`
	// Sentiments lists the labels that match: the interaction's own
	// label, or the one [RuleSetOptions.Sentiment] gives. An interaction
	// without either does not match.
	Sentiments []Sentiment `json:"sentiments,omitempty"`
	// IntensityAtLeast and IntensityAtMost bound the sentiment intensity
	// of the text in thousandths ([MinIntensity] to [MaxIntensity]), as
	// [RuleSetOptions.Intensity] scores it; both bounds are inclusive.
	// IntensityAtMost: -600 matches strongly negative texts.
	IntensityAtLeast *int `json:"intensityAtLeast,omitempty"`
	IntensityAtMost  *int `json:"intensityAtMost,omitempty"`
	// Words lists words and phrases of which the text must hold at least
	// one, as a whole word, ignoring case (a [Matcher] with WholeWords).
	Words []string `json:"words,omitempty"`
	// Patterns lists RE2 patterns (Go's regexp syntax, at most
	// [MaxRulePatternLength] bytes each) of which the text must match at
	// least one. Matching is case-sensitive unless the pattern says
	// "(?i)".
	Patterns []string `json:"patterns,omitempty"`
	// FollowersAtLeast and FollowersAtMost bound the author's followers,
	// inclusive.
	FollowersAtLeast *int64 `json:"followersAtLeast,omitempty"`
	FollowersAtMost  *int64 `json:"followersAtMost,omitempty"`
	// Verified, when set, requires the author's verified flag to equal
	// it.
	Verified *bool `json:"verified,omitempty"`
	// Languages lists language ranges (BCP 47 tags) that match the
	// interaction's Language by RFC 4647 basic filtering, ignoring case:
	// "es" matches "es" and "es-MX", "es-MX" matches only "es-MX". An
	// interaction without a language does not match.
	Languages []string `json:"languages,omitempty"`
	// Hours, when set, requires the business hours of
	// [RuleSetOptions.Hours] to be open (or closed) at the instant given
	// to [RuleSet.Apply]: the moment tandem decides and the host acts.
	Hours HoursCondition `json:"hours,omitempty"`
}

// Actions are what a matching [InboxRule] decides. tandem decides; the
// host acts: it tags, reprioritises, assigns, hides and replies.
type Actions struct {
	// Tags are added to the interaction, in order.
	Tags []string `json:"tags,omitempty"`
	// Priority sets the interaction's priority.
	Priority Priority `json:"priority,omitempty"`
	// Assign gives the interaction to a team member, by member ID
	// (strategy.Member.ID). At most one of Assign and Queue is set.
	Assign uuid.UUID `json:"assign,omitzero"`
	// Queue gives the interaction to a named queue ("billing",
	// "press").
	Queue string `json:"queue,omitempty"`
	// Hide suggests hiding the interaction for moderation (spam, abuse).
	Hide bool `json:"hide,omitempty"`
	// Reply suggests a saved reply, by its ID or name in the host's
	// library.
	Reply string `json:"reply,omitempty"`
}

// InboxRule is one rule of an inbox: when an interaction meets When, the
// rule matches and Then applies; with Stop, no later rule is evaluated.
type InboxRule struct {
	// Name identifies the rule in the evidence ([RuleOutcome.Matched]);
	// it is unique within the rules.
	Name string `json:"name"`
	// When is the condition; nothing set matches every interaction.
	When Condition `json:"when,omitzero"`
	// Then are the actions. A rule without actions must Stop.
	Then Actions `json:"then,omitzero"`
	// Stop ends the evaluation when the rule matches.
	Stop bool `json:"stop,omitempty"`
}

// InboxRules are rules in evaluation order. See [RuleSet.Apply] for the
// order and how the actions of several rules combine.
type InboxRules []InboxRule

// Validate reports every problem with rs, with paths such as
// "[2].when.followersAtLeast": more than [MaxInboxRules] rules, missing or
// repeated names, unknown or repeated kinds, channels, sentiments and
// hours, malformed accounts and language tags, empty or repeated words,
// patterns that are too long or do not compile, intensities outside
// -1000..1000, negative follower counts, and conditions that can never
// hold (a lower bound above the upper one); and actions: none at all
// without Stop, blank or repeated tags, an unknown priority, both a member
// and a queue, a blank queue or saved reply.
func (rs InboxRules) Validate() error { return rs.validate(nil).Err() }

func (rs InboxRules) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	if len(rs) > MaxInboxRules {
		return list.Add(validation.TooLong(p, len(rs), len(rs), MaxInboxRules, "rules"))
	}
	names := make(map[string]bool, len(rs))
	for i, r := range rs {
		rp := p.Index(i)
		switch {
		case strings.TrimSpace(r.Name) == "":
			list = list.Add(validation.Required(rp.Child("name"), "a rule has a name, which the evidence shows"))
		case names[r.Name]:
			list = list.Add(validation.Duplicate(rp.Child("name"), validation.Excerpt(r.Name)))
		}
		names[r.Name] = true
		list = append(list, r.When.validate(rp.Child("when"))...)
		list = append(list, r.Then.validate(rp.Child("then"), r.Stop)...)
	}
	return list
}

// Validate reports every problem with r, as [InboxRules.Validate] does for
// one rule, with paths such as "when.words[0]".
func (r InboxRule) Validate() error { return InboxRules{r}.validate(nil).Err() }

func (c Condition) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	list = append(list, checkEnums(p.Child("kinds"), c.Kinds, kinds)...)
	list = append(list, checkEnums(p.Child("channels"), c.Channels, channel.All())...)
	list = append(list, checkEnums(p.Child("sentiments"), c.Sentiments, sentiments)...)
	seen := make(map[string]bool, len(c.Accounts))
	for i, a := range c.Accounts {
		ap := p.Child("accounts").Index(i)
		if fe := channel.CheckHandle(ap, a); fe != nil {
			list = list.Add(fe)
			continue
		}
		if seen[handleKey(a)] {
			list = list.Add(validation.Duplicate(ap, a))
		}
		seen[handleKey(a)] = true
	}
	for _, b := range []struct {
		name string
		v    *int
	}{{"intensityAtLeast", c.IntensityAtLeast}, {"intensityAtMost", c.IntensityAtMost}} {
		if b.v != nil && (*b.v < MinIntensity || *b.v > MaxIntensity) {
			list = list.Add(validation.OutOfRange(p.Child(b.name), *b.v, "an intensity is in thousandths, from -1000 to 1000"))
		}
	}
	if c.IntensityAtLeast != nil && c.IntensityAtMost != nil && *c.IntensityAtLeast > *c.IntensityAtMost {
		list = list.Add(validation.Conflict(p.Child("intensityAtLeast"), *c.IntensityAtLeast,
			fmt.Sprintf("above intensityAtMost (%d): the rule can never match", *c.IntensityAtMost)))
	}
	list = list.Merge(p.Child("words"), checkTerms(c.Words))
	seenPattern := make(map[string]bool, len(c.Patterns))
	for i, pat := range c.Patterns {
		pp := p.Child("patterns").Index(i)
		if fe := checkRulePattern(pp, pat); fe != nil {
			list = list.Add(fe)
			continue
		}
		if seenPattern[pat] {
			list = list.Add(validation.Duplicate(pp, validation.Excerpt(pat)))
		}
		seenPattern[pat] = true
	}
	for _, b := range []struct {
		name string
		v    *int64
	}{{"followersAtLeast", c.FollowersAtLeast}, {"followersAtMost", c.FollowersAtMost}} {
		if b.v != nil && *b.v < 0 {
			list = list.Add(validation.OutOfRange(p.Child(b.name), *b.v, "a follower count is not negative"))
		}
	}
	if c.FollowersAtLeast != nil && c.FollowersAtMost != nil && *c.FollowersAtLeast > *c.FollowersAtMost {
		list = list.Add(validation.Conflict(p.Child("followersAtLeast"), *c.FollowersAtLeast,
			fmt.Sprintf("above followersAtMost (%d): the rule can never match", *c.FollowersAtMost)))
	}
	list = append(list, checkLanguages(p.Child("languages"), c.Languages)...)
	if c.Hours != "" && !c.Hours.IsValid() {
		list = list.Add(validation.NotSupported(p.Child("hours"), string(c.Hours), hoursConditions))
	}
	return list
}

// checkEnums reports unknown and repeated values of a list of enums.
func checkEnums[T ~string](p *validation.Path, vs []T, all []T) validation.ErrorList {
	var list validation.ErrorList
	for i, v := range vs {
		switch {
		case !slices.Contains(all, v):
			list = list.Add(validation.NotSupported(p.Index(i), validation.Excerpt(string(v)), all))
		case slices.Contains(vs[:i], v):
			list = list.Add(validation.Duplicate(p.Index(i), string(v)))
		}
	}
	return list
}

// checkRulePattern reports a pattern that is empty, too long, not UTF-8 or
// not RE2.
func checkRulePattern(p *validation.Path, pat string) *validation.FieldError {
	switch {
	case pat == "":
		return validation.Required(p, "a pattern is not empty")
	case len(pat) > MaxRulePatternLength:
		return validation.TooLong(p, validation.Excerpt(pat), len(pat), MaxRulePatternLength, "bytes")
	case !utf8.ValidString(pat):
		return validation.Invalid(p, nil, "a pattern must be valid UTF-8")
	}
	if _, err := regexp.Compile(pat); err != nil {
		return validation.Invalid(p, validation.Excerpt(pat), "not a valid RE2 pattern: "+err.Error())
	}
	return nil
}

func (a Actions) validate(p *validation.Path, stop bool) validation.ErrorList {
	var list validation.ErrorList
	for i, t := range a.Tags {
		tp := p.Child("tags").Index(i)
		switch {
		case strings.TrimSpace(t) == "":
			list = list.Add(validation.Required(tp, "a tag holds something other than white space"))
		case len(t) > MaxTagLength:
			list = list.Add(validation.TooLong(tp, validation.Excerpt(t), len(t), MaxTagLength, "bytes"))
		case !utf8.ValidString(t):
			list = list.Add(validation.Invalid(tp, nil, "a tag must be valid UTF-8"))
		case slices.ContainsFunc(a.Tags[:i], func(u string) bool { return strings.EqualFold(u, t) }):
			list = list.Add(validation.Duplicate(tp, t))
		}
	}
	if a.Priority != "" && !a.Priority.IsValid() {
		list = list.Add(validation.NotSupported(p.Child("priority"), validation.Excerpt(string(a.Priority)), priorities))
	}
	if a.Assign != uuid.Nil && a.Queue != "" {
		list = list.Add(validation.Conflict(p.Child("queue"), validation.Excerpt(a.Queue),
			"a rule assigns to a member or to a queue, not both"))
	}
	if a.Queue != "" && strings.TrimSpace(a.Queue) == "" {
		list = list.Add(validation.Required(p.Child("queue"), "a queue is named"))
	}
	if a.Reply != "" && strings.TrimSpace(a.Reply) == "" {
		list = list.Add(validation.Required(p.Child("reply"), "a saved reply is named by its ID or name"))
	}
	if !stop && len(a.Tags) == 0 && a.Priority == "" && a.Assign == uuid.Nil && a.Queue == "" && !a.Hide && a.Reply == "" {
		list = list.Add(validation.Required(p, "a rule that does not stop needs at least one action"))
	}
	return list
}

// RuleSetOptions are what a [RuleSet] needs beyond the rules. The zero
// value is a rule set without hours, sentiment labeller or intensity
// scorer; rules whose conditions need one are then an error of
// [NewRuleSet].
type RuleSetOptions struct {
	// Hours are the business hours the Hours condition reads.
	Hours calendar.BusinessHours `json:"hours,omitzero"`
	// Sentiment labels interactions without a label of their own for the
	// Sentiments condition (a [*Responder] does); nil means only the
	// interaction's own label counts.
	Sentiment SentimentLabeler `json:"-"`
	// Intensity scores the text for the intensity conditions.
	Intensity IntensityScorer `json:"-"`
}

// RuleOutcome is what the rules decided about one interaction, each
// decision with the rule that made it.
type RuleOutcome struct {
	// Matched names the rules that matched, in evaluation order: the
	// evidence.
	Matched []string `json:"matched,omitempty"`
	// Tags are the tags of the matched rules, in order, without repeats
	// (compared ignoring case; the first spelling is kept).
	Tags []string `json:"tags,omitempty"`
	// Priority is the priority set by PriorityBy; empty when no matched
	// rule sets one.
	Priority   Priority `json:"priority,omitempty"`
	PriorityBy string   `json:"priorityBy,omitempty"`
	// Member or Queue is the assignment made by AssignedBy.
	Member     uuid.UUID `json:"member,omitzero"`
	Queue      string    `json:"queue,omitempty"`
	AssignedBy string    `json:"assignedBy,omitempty"`
	// Hide suggests hiding the interaction, as HideBy first did.
	Hide   bool   `json:"hide,omitempty"`
	HideBy string `json:"hideBy,omitempty"`
	// Reply is the saved reply suggested by ReplyBy.
	Reply   string `json:"reply,omitempty"`
	ReplyBy string `json:"replyBy,omitempty"`
	// StoppedBy names the rule with Stop that ended the evaluation.
	StoppedBy string `json:"stoppedBy,omitempty"`
}

// RuleSet is compiled [InboxRules]. It is never modified after
// [NewRuleSet] and is safe for concurrent use when its labeller and
// scorer are.
type RuleSet struct {
	rules []inboxRule
	opts  RuleSetOptions
	// words holds every rule's words; wordRule maps each pattern of words
	// to its rule. Rules add their words in order, so pattern indices
	// grow with the rule.
	words    *Matcher
	wordRule []int32
}

type inboxRule struct {
	InboxRule
	patterns []*regexp.Regexp
}

// NewRuleSet compiles rules with opts (nil means the zero options). Every
// problem is reported at once in a *validation.Error, with paths such as
// "rules[2].when.followersAtLeast" and "options.hours.zone": the rules'
// own problems ([InboxRules.Validate]), and conditions on hours,
// sentiment or intensity without the hours, labeller or scorer they read
// (hours are needed and checked only when a rule has an Hours condition).
func NewRuleSet(rules InboxRules, opts *RuleSetOptions) (*RuleSet, error) {
	var o RuleSetOptions
	if opts != nil {
		o = *opts
	}
	list := rules.validate(validation.NewPath("rules"))
	hoursChecked := false
	for i, r := range rules {
		if i >= MaxInboxRules {
			break
		}
		wp := validation.NewPath("rules").Index(i).Child("when")
		if r.When.Hours != "" && !hoursChecked {
			hoursChecked = true
			if err := o.Hours.Validate(); err != nil {
				list = list.Add(validation.Required(wp.Child("hours"), "an hours condition needs options.hours"))
				list = list.Merge(validation.NewPath("options", "hours"), err)
			}
		}
		if (r.When.IntensityAtLeast != nil || r.When.IntensityAtMost != nil) && o.Intensity == nil {
			name := "intensityAtLeast"
			if r.When.IntensityAtLeast == nil {
				name = "intensityAtMost"
			}
			list = list.Add(validation.Required(wp.Child(name), "an intensity condition needs options.intensity, a scorer"))
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	s := &RuleSet{rules: make([]inboxRule, len(rules)), opts: o}
	var words []string
	for i, r := range rules {
		r.When.Words = slices.Clone(r.When.Words)
		r.Then.Tags = slices.Clone(r.Then.Tags)
		s.rules[i] = inboxRule{InboxRule: r}
		for _, pat := range r.When.Patterns {
			s.rules[i].patterns = append(s.rules[i].patterns, regexp.MustCompile(pat)) // checked above
		}
		for _, w := range r.When.Words {
			words = append(words, w)
			s.wordRule = append(s.wordRule, int32(i))
		}
	}
	m, err := NewMatcher(words, &MatcherOptions{WholeWords: true})
	if err != nil {
		return nil, err // unreachable: the words were checked above
	}
	s.words = m
	return s, nil
}

// Rules returns a copy of the rules s was built from.
func (s *RuleSet) Rules() InboxRules {
	out := make(InboxRules, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.InboxRule
	}
	return out
}

// Apply evaluates the rules on in at the instant now and returns what they
// decided. It never fails: the rules were checked by [NewRuleSet], and an
// interaction is read as it is (see [Interaction.Validate] for checking
// it).
//
// Evaluation order:
//
//  1. Rules are evaluated in their order. A rule matches when every
//     condition it sets holds; within a rule the conditions are tested
//     cheapest first (kind, channel, account, followers, verified,
//     language, hours, sentiment, intensity, words, patterns) and the
//     first that fails ends the rule, so the labeller, the scorer and the
//     word scan run only when a rule gets to them, and each at most once
//     per call.
//  2. Each matching rule is added to Matched and its actions combine with
//     the earlier ones: tags are appended, without repeats; priority,
//     assignment (a member or a queue) and saved reply are set by the
//     first matching rule that sets them, and later rules do not change
//     them, so specific rules go first; a hide suggestion, once made,
//     stays.
//  3. A matching rule with Stop ends the evaluation (StoppedBy).
//
// The outcome depends only on the rules, in, now and what the options'
// labeller and scorer return. Its cost is one scan of the text for all the
// rules' words together (linear in the text, whatever the words), plus
// the patterns of the rules that get to them, each linear in the text.
func (s *RuleSet) Apply(in Interaction, now time.Time) RuleOutcome {
	var out RuleOutcome
	ev := evaluation{s: s, in: in, now: now}
	for i := range s.rules {
		r := &s.rules[i]
		if !ev.matches(i, r) {
			continue
		}
		out.Matched = append(out.Matched, r.Name)
		a := r.Then
		for _, t := range a.Tags {
			if !slices.ContainsFunc(out.Tags, func(u string) bool { return strings.EqualFold(u, t) }) {
				out.Tags = append(out.Tags, t)
			}
		}
		if a.Priority != "" && out.PriorityBy == "" {
			out.Priority, out.PriorityBy = a.Priority, r.Name
		}
		if (a.Assign != uuid.Nil || a.Queue != "") && out.AssignedBy == "" {
			out.Member, out.Queue, out.AssignedBy = a.Assign, a.Queue, r.Name
		}
		if a.Hide && !out.Hide {
			out.Hide, out.HideBy = true, r.Name
		}
		if a.Reply != "" && out.ReplyBy == "" {
			out.Reply, out.ReplyBy = a.Reply, r.Name
		}
		if r.Stop {
			out.StoppedBy = r.Name
			break
		}
	}
	return out
}

// evaluation holds what Apply computes at most once per interaction.
type evaluation struct {
	s   *RuleSet
	in  Interaction
	now time.Time

	sentimentDone  bool
	label          Sentiment
	intensity      int
	intensityDone  bool
	open, openDone bool
	// wordRules are the rules whose words the text holds, in increasing
	// order; next is where to look for the rule being evaluated.
	wordRules []int32
	wordsDone bool
	next      int
	buf       [8]int
}

func (ev *evaluation) matches(i int, r *inboxRule) bool {
	c := &r.When
	in := &ev.in
	if len(c.Kinds) > 0 && !slices.Contains(c.Kinds, in.Kind) {
		return false
	}
	if len(c.Channels) > 0 && !slices.Contains(c.Channels, in.Channel) {
		return false
	}
	if len(c.Accounts) > 0 && (in.Account == "" || !slices.ContainsFunc(c.Accounts, func(a string) bool { return channel.SameHandle(a, in.Account) })) {
		return false
	}
	if c.FollowersAtLeast != nil && in.Author.Followers < *c.FollowersAtLeast ||
		c.FollowersAtMost != nil && in.Author.Followers > *c.FollowersAtMost {
		return false
	}
	if c.Verified != nil && in.Author.Verified != *c.Verified {
		return false
	}
	if len(c.Languages) > 0 && (in.Language == "" || !slices.ContainsFunc(c.Languages, func(l string) bool { return languageMatches(l, in.Language) })) {
		return false
	}
	if c.Hours != "" {
		if !ev.openDone {
			ev.open, ev.openDone = ev.s.opts.Hours.Open(ev.now), true
		}
		if ev.open != (c.Hours == HoursOpen) {
			return false
		}
	}
	if len(c.Sentiments) > 0 {
		if !ev.sentimentDone {
			ev.label, ev.sentimentDone = in.Sentiment, true
			if ev.label == "" && ev.s.opts.Sentiment != nil {
				ev.label = ev.s.opts.Sentiment.Sentiment(*in)
			}
		}
		if ev.label == "" || !slices.Contains(c.Sentiments, ev.label) {
			return false
		}
	}
	if c.IntensityAtLeast != nil || c.IntensityAtMost != nil {
		if !ev.intensityDone {
			ev.intensity = min(max(ev.s.opts.Intensity.Intensity(in.Text), MinIntensity), MaxIntensity)
			ev.intensityDone = true
		}
		if c.IntensityAtLeast != nil && ev.intensity < *c.IntensityAtLeast ||
			c.IntensityAtMost != nil && ev.intensity > *c.IntensityAtMost {
			return false
		}
	}
	if len(c.Words) > 0 {
		if !ev.wordsDone {
			ev.wordsDone = true
			ids := ev.s.words.AppendPatterns(ev.buf[:0], in.Text)
			for _, id := range ids {
				rule := ev.s.wordRule[id]
				if n := len(ev.wordRules); n == 0 || ev.wordRules[n-1] != rule {
					ev.wordRules = append(ev.wordRules, rule)
				}
			}
		}
		for ev.next < len(ev.wordRules) && int(ev.wordRules[ev.next]) < i {
			ev.next++
		}
		if ev.next == len(ev.wordRules) || int(ev.wordRules[ev.next]) != i {
			return false
		}
	}
	if len(r.patterns) > 0 && !slices.ContainsFunc(r.patterns, func(re *regexp.Regexp) bool { return re.MatchString(in.Text) }) {
		return false
	}
	return true
}
