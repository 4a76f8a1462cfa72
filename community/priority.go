package community

import (
	"errors"
	"fmt"
	"slices"

	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// Reason names a priority rule that matched an interaction.
type Reason string

// The priority rules.
const (
	// ReasonNegative: the interaction's sentiment is negative.
	ReasonNegative Reason = "negative"
	// ReasonQuestion: the text asks a question.
	ReasonQuestion Reason = "question"
	// ReasonInfluential: the author's audience reaches the threshold, or
	// the author is verified and the rules count that.
	ReasonInfluential Reason = "influential"
	// ReasonCrisisKeyword: the text holds one of the crisis keywords.
	ReasonCrisisKeyword Reason = "crisis_keyword"
	// ReasonStrongNegative: the interaction is negative and its text's
	// intensity is at most -StrongNegativeAt.
	ReasonStrongNegative Reason = "strong_negative"
	// ReasonInfluentialComplaint: strongly negative (as
	// ReasonStrongNegative) and by an influential author (as
	// ReasonInfluential).
	ReasonInfluentialComplaint Reason = "influential_complaint"
)

var reasons = []Reason{ReasonNegative, ReasonQuestion, ReasonInfluential, ReasonCrisisKeyword, ReasonStrongNegative, ReasonInfluentialComplaint}

// IsValid reports whether r is a known reason.
func (r Reason) IsValid() bool { return enum.Valid(r, reasons) }

// String returns the identifier of r.
func (r Reason) String() string { return string(r) }

// MarshalText encodes r; an unknown value is an error.
func (r Reason) MarshalText() ([]byte, error) { return enum.Marshal("community.Reason", r, reasons) }

// UnmarshalText accepts exactly the known identifiers.
func (r *Reason) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.Reason", text, reasons, r)
}

// PriorityRules decide how urgent an interaction is. An interaction starts
// at Base and takes the highest priority of the rules it matches. A rule is
// on when its priority is set.
type PriorityRules struct {
	// Base is the priority of an interaction that matches no rule; empty
	// means normal.
	Base Priority `json:"base,omitempty" validate:"omitempty,enum"`
	// Negative is the priority of an interaction whose sentiment is
	// negative.
	Negative Priority `json:"negative,omitempty" validate:"omitempty,enum"`
	// Question is the priority of an interaction that asks something: its
	// text holds "?" (or the full-width "？", or the Spanish "¿"), or one of
	// QuestionWords.
	Question Priority `json:"question,omitempty" validate:"omitempty,enum"`
	// QuestionWords lists words and phrases that ask without a question
	// mark ("how do I", "can someone"), matched as whole words, ignoring
	// case.
	QuestionWords []string `json:"questionWords,omitempty"`
	// Influential is the priority of an interaction by an author with at
	// least InfluentialFollowers followers (or verified, with
	// VerifiedIsInfluential).
	Influential Priority `json:"influential,omitempty" validate:"omitempty,enum"`
	// InfluentialFollowers is the audience from which an author is
	// influential; it must be positive when Influential is set.
	InfluentialFollowers int64 `json:"influentialFollowers,omitempty" validate:"gte=0"`
	// VerifiedIsInfluential counts verified authors as influential.
	VerifiedIsInfluential bool `json:"verifiedIsInfluential,omitempty"`
	// Crisis is the priority of an interaction that holds one of
	// CrisisKeywords, matched as whole words, ignoring case.
	Crisis Priority `json:"crisis,omitempty" validate:"omitempty,enum"`
	// CrisisKeywords lists words and phrases that may start a crisis
	// ("food poisoning", "lawsuit", "data breach").
	CrisisKeywords []string `json:"crisisKeywords,omitempty"`
	// StrongNegative is the priority of a negative interaction whose
	// text's intensity (the classifier's, which must be an
	// [IntensityScorer], as [DefaultClassifier] is) is at most
	// -StrongNegativeAt thousandths.
	StrongNegative Priority `json:"strongNegative,omitempty" validate:"omitempty,enum"`
	// StrongNegativeAt is the intensity, in thousandths from 1 to 999,
	// from which a negative interaction is strongly negative; required
	// by StrongNegative and InfluentialComplaint.
	StrongNegativeAt int `json:"strongNegativeAt,omitempty"`
	// InfluentialComplaint is the priority of a strongly negative
	// interaction by an influential author (both as above): the complaint
	// that travels furthest, first.
	InfluentialComplaint Priority `json:"influentialComplaint,omitempty" validate:"omitempty,enum"`
}

// intensityRules reports whether r has a rule that reads intensity.
func (r PriorityRules) intensityRules() bool {
	return r.StrongNegative != "" || r.InfluentialComplaint != ""
}

// Validate reports every problem with r: unknown priorities, bad keywords,
// and rules switched on without what they need.
func (r PriorityRules) Validate() error { return r.validate(nil).Err() }

func (r PriorityRules) validate(p *validation.Path) validation.ErrorList {
	list := validate.Struct(p, r)
	list = list.Merge(p.Child("questionWords"), checkTerms(r.QuestionWords))
	list = list.Merge(p.Child("crisisKeywords"), checkTerms(r.CrisisKeywords))
	if r.Influential != "" && r.InfluentialFollowers <= 0 && !r.VerifiedIsInfluential {
		list = append(list, validation.Required(p.Child("influentialFollowers"),
			"the influential rule needs a positive follower threshold or verifiedIsInfluential"))
	}
	if r.Crisis != "" && len(r.CrisisKeywords) == 0 {
		list = append(list, validation.Required(p.Child("crisisKeywords"), "the crisis rule needs keywords"))
	}
	switch {
	case r.StrongNegativeAt < 0 || r.StrongNegativeAt > 999:
		list = append(list, validation.OutOfRange(p.Child("strongNegativeAt"), r.StrongNegativeAt, "an intensity is 1 to 999 thousandths"))
	case r.intensityRules() && r.StrongNegativeAt == 0:
		list = append(list, validation.Required(p.Child("strongNegativeAt"), "the strong-negative rules need the intensity they start at"))
	}
	if r.InfluentialComplaint != "" && r.InfluentialFollowers <= 0 && !r.VerifiedIsInfluential {
		list = append(list, validation.Required(p.Child("influentialFollowers"),
			"the influential-complaint rule needs a positive follower threshold or verifiedIsInfluential"))
	}
	return list
}

// Assessment is what the priority rules concluded about one interaction.
type Assessment struct {
	// Priority is the highest priority among Base and the matched rules.
	Priority Priority `json:"priority"`
	// Sentiment is the interaction's label, or the classifier's.
	Sentiment Sentiment `json:"sentiment"`
	// Reasons lists the rules that matched, in the order of the Reason
	// constants, whether or not they raised the priority.
	Reasons []Reason `json:"reasons,omitempty"`
	// CrisisKeywords lists the crisis keywords found, in the order of the
	// rules, without repeats.
	CrisisKeywords []string `json:"crisisKeywords,omitempty"`
}

// Has reports whether rule r matched.
func (a Assessment) Has(r Reason) bool { return slices.Contains(a.Reasons, r) }

// prioritizer is compiled PriorityRules.
type prioritizer struct {
	rules     PriorityRules
	questions *Matcher
	crisis    *Matcher
	// intensity scores a text for the strong-negative rules; nil when
	// no rule reads it.
	intensity IntensityScorer
}

// ErrNoIntensity is returned by NewResponder for priority rules that read
// a text's intensity (StrongNegative, InfluentialComplaint) with a
// classifier that is not an [IntensityScorer].
var ErrNoIntensity = errors.New("community: the priority rules read intensity, and the classifier gives none")

func newPrioritizer(r PriorityRules, c Classifier) (*prioritizer, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	q, err := NewMatcher(r.QuestionWords, &MatcherOptions{WholeWords: true})
	if err != nil {
		return nil, fmt.Errorf("community: question words: %w", err)
	}
	cm, err := NewMatcher(r.CrisisKeywords, &MatcherOptions{WholeWords: true})
	if err != nil {
		return nil, fmt.Errorf("community: crisis keywords: %w", err)
	}
	if r.Base == "" {
		r.Base = PriorityNormal
	}
	z := &prioritizer{rules: r, questions: q, crisis: cm}
	if r.intensityRules() {
		is, ok := c.(IntensityScorer)
		if !ok {
			return nil, fmt.Errorf("%w: %T", ErrNoIntensity, c)
		}
		z.intensity = is
	}
	return z, nil
}

// assess applies the rules to in, whose sentiment is s. With keywords
// false it only reports whether crisis keywords were found, not which.
func (z *prioritizer) assess(in Interaction, s Sentiment, keywords bool) Assessment {
	a := Assessment{Priority: z.rules.Base, Sentiment: s}
	raise := func(r Reason, p Priority) {
		a.Reasons = append(a.Reasons, r)
		if p.Rank() > a.Priority.Rank() {
			a.Priority = p
		}
	}
	if z.rules.Negative != "" && s == Negative {
		raise(ReasonNegative, z.rules.Negative)
	}
	if z.rules.Question != "" && isQuestion(in.Text, z.questions) {
		raise(ReasonQuestion, z.rules.Question)
	}
	influential := z.rules.InfluentialFollowers > 0 && in.Author.Followers >= z.rules.InfluentialFollowers ||
		z.rules.VerifiedIsInfluential && in.Author.Verified
	if z.rules.Influential != "" && influential {
		raise(ReasonInfluential, z.rules.Influential)
	}
	if z.rules.Crisis != "" {
		if keywords {
			var buf [8]int
			ids := z.crisis.AppendPatterns(buf[:0], in.Text)
			if len(ids) > 0 {
				raise(ReasonCrisisKeyword, z.rules.Crisis)
				for _, id := range ids {
					a.CrisisKeywords = append(a.CrisisKeywords, z.crisis.Pattern(id))
				}
			}
		} else if z.crisis.Contains(in.Text) {
			raise(ReasonCrisisKeyword, z.rules.Crisis)
		}
	}
	if z.intensity != nil && s == Negative && z.intensity.Intensity(in.Text) <= -z.rules.StrongNegativeAt {
		if z.rules.StrongNegative != "" {
			raise(ReasonStrongNegative, z.rules.StrongNegative)
		}
		if z.rules.InfluentialComplaint != "" && influential {
			raise(ReasonInfluentialComplaint, z.rules.InfluentialComplaint)
		}
	}
	return a
}

func isQuestion(text string, words *Matcher) bool {
	for _, r := range text {
		if r == '?' || r == '？' || r == '¿' {
			return true
		}
	}
	return words.Contains(text)
}
