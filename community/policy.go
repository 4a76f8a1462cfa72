package community

import (
	"cmp"
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// Target is how soon an interaction must be answered, in business time
// (the policy's business hours).
type Target struct {
	// Kind limits the target to one kind of interaction; empty means
	// every kind.
	Kind Kind `json:"kind,omitempty" validate:"omitempty,enum"`
	// Priority limits the target to one priority; empty means every
	// priority.
	Priority Priority `json:"priority,omitempty" validate:"omitempty,enum"`
	// Within is the business time allowed for the first response; it must
	// be positive.
	Within calendar.Duration `json:"within"`
}

// ResponsePolicy says when the brand answers: its business hours, the
// response targets, the priority rules and the sentiment keywords. Compile
// it with [NewResponder].
type ResponsePolicy struct {
	// Hours are the community desk's business hours; response targets
	// count only open time.
	Hours calendar.BusinessHours `json:"hours"`
	// Targets are the response targets. The tightest applicable target
	// wins: an interaction gets the shortest Within among the targets
	// that name its kind, its priority, or both, so it never waits longer
	// than any target for its kind or its priority (an urgent direct
	// message gets the urgent target when that is shorter than the
	// direct-message one). The catch-all target, with neither kind nor
	// priority, applies only when no other target does, so a longer
	// target for low priority or for shares is honoured. An interaction
	// no target applies to needs no answer (shares, usually). A target for
	// a kind and a priority that is looser than the target for that kind
	// or for that priority could never apply, and Validate reports it as
	// a conflict.
	Targets []Target `json:"targets"`
	// Brand lists the brand's own handles, with or without the leading
	// "@", compared ignoring case, on every network (as in
	// [LeaderOptions.Brand]). An interaction written by one of them is the
	// brand speaking, not an item to answer: [Responder.Triage] leaves it
	// out, [Responder.Report] does not count it as received, and
	// [Responder.Signals] does not count it as a mention. A reply by the
	// brand answers its parent: Triage leaves the parent out once the
	// reply is published, and Report counts the reply as a response.
	Brand []string `json:"brand,omitempty"`
	// Priority are the rules that set each interaction's priority.
	Priority PriorityRules `json:"priority,omitzero"`
	// Sentiment lists the brand's own positive and negative terms. When
	// [NewResponder] is given no classifier, they extend the default
	// English lexicon (see [PolicyLexicon]), which labels interactions
	// without a sentiment label. Each term must also be a valid lexicon
	// term: words separated by spaces, or one symbol.
	Sentiment SentimentRules `json:"sentiment,omitzero"`
}

// Validate reports every problem with p: its business hours, targets that
// are not positive, that repeat a kind and priority or that could never
// apply, brand handles that are not handles or repeat one, and its rules.
func (p ResponsePolicy) Validate() error { return p.validate().Err() }

func (p ResponsePolicy) validate() validation.ErrorList {
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("hours"), p.Hours.Validate())
	if len(p.Targets) == 0 {
		list = append(list, validation.Required(validation.NewPath("targets"), "a policy needs at least one response target"))
	}
	type key struct {
		k Kind
		p Priority
	}
	seen := make(map[key]bool, len(p.Targets))
	for i, t := range p.Targets {
		tp := validation.NewPath("targets").Index(i)
		list = append(list, validate.Struct(tp, t)...)
		if t.Within <= 0 {
			list = append(list, validation.OutOfRange(tp.Child("within"), t.Within.String(), "must be a positive duration"))
		}
		k := key{t.Kind, t.Priority}
		if seen[k] {
			list = append(list, validation.Duplicate(tp, fmt.Sprintf("kind %q, priority %q", t.Kind, t.Priority)))
		}
		seen[k] = true
		if t.Kind == "" || t.Priority == "" || t.Within <= 0 {
			continue
		}
		for j, u := range p.Targets {
			broader := (u.Kind == t.Kind && u.Priority == "") || (u.Kind == "" && u.Priority == t.Priority)
			if broader && u.Within > 0 && u.Within < t.Within {
				list = append(list, validation.Conflict(tp.Child("within"), t.Within.String(),
					fmt.Sprintf("targets[%d] allows %s for every %s, so this target could never apply", j, u.Within, cmp.Or(string(u.Kind), string(u.Priority)))))
				break
			}
		}
	}
	brand := make(map[string]bool, len(p.Brand))
	for i, h := range p.Brand {
		bp := validation.NewPath("brand").Index(i)
		switch k := handleKey(h); {
		case !validHandle(h):
			list = append(list, validation.Invalid(bp, h, "a handle is one word: no spaces and not just \"@\""))
		case brand[k]:
			list = append(list, validation.Duplicate(bp, h))
		default:
			brand[k] = true
		}
	}
	list = append(list, p.Priority.validate(validation.NewPath("priority"))...)
	list = list.Merge(validation.NewPath("sentiment"), p.Sentiment.Validate())
	list = append(list, p.Sentiment.lexiconTerms(validation.NewPath("sentiment"))...)
	return list
}

// Responder is a compiled [ResponsePolicy]: it assesses interactions,
// computes their due times, triages inboxes, reports response times and
// turns interactions into crisis signals. It is never modified after
// [NewResponder] and is safe for concurrent use.
type Responder struct {
	policy     ResponsePolicy
	prio       *prioritizer
	classifier Classifier
	// targets[kind][priority] is the applicable target; 0 means none.
	// Index len(kinds) of the first dimension is unused.
	targets [][]time.Duration
	// brand holds the brand's handles in the form handleKey gives.
	brand map[string]bool
}

// NewResponder compiles p. Interactions without a sentiment label are
// labelled by c. A nil c means [DefaultClassifier] when p.Sentiment lists
// no terms, and otherwise a [LexiconClassifier] built from
// [PolicyLexicon](p.Sentiment): the English lexicon extended with the
// policy's terms. An invalid p gives a *validation.Error; priority rules
// that read intensity with a c that is not an [IntensityScorer] give
// ErrNoIntensity.
func NewResponder(p ResponsePolicy, c Classifier) (*Responder, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if c == nil {
		lc, err := policyClassifier(p.Sentiment)
		if err != nil {
			return nil, err
		}
		c = lc
	}
	prio, err := newPrioritizer(p.Priority, c)
	if err != nil {
		return nil, err
	}
	r := &Responder{policy: p, prio: prio, classifier: c, targets: make([][]time.Duration, len(kinds)), brand: make(map[string]bool, len(p.Brand))}
	for _, h := range p.Brand {
		r.brand[handleKey(h)] = true
	}
	for ki, k := range kinds {
		r.targets[ki] = make([]time.Duration, len(priorities))
		for pi, pr := range priorities {
			r.targets[ki][pi] = tightest(p.Targets, k, pr)
		}
	}
	return r, nil
}

// tightest returns the target for kind k and priority p, or 0 when none
// applies: the shortest Within among the targets that name k, p or both
// (and nothing else), or else the catch-all's. It is the one rule behind
// [Responder.Target], and so behind Due, Triage and Report.
func tightest(targets []Target, k Kind, p Priority) time.Duration {
	var best, catchAll time.Duration
	for _, t := range targets {
		if (t.Kind != "" && t.Kind != k) || (t.Priority != "" && t.Priority != p) {
			continue
		}
		d := time.Duration(t.Within)
		if t.Kind == "" && t.Priority == "" {
			catchAll = d
			continue
		}
		if best == 0 || d < best {
			best = d
		}
	}
	return cmp.Or(best, catchAll)
}

// Policy returns the policy r was built from.
func (r *Responder) Policy() ResponsePolicy { return r.policy }

// Hours returns the business hours response times are counted in.
func (r *Responder) Hours() calendar.BusinessHours { return r.policy.Hours }

// Sentiment returns in's label, or the classifier's.
func (r *Responder) Sentiment(in Interaction) Sentiment { return SentimentOf(in, r.classifier) }

// Assess applies the priority rules to in.
func (r *Responder) Assess(in Interaction) Assessment {
	return r.prio.assess(in, r.Sentiment(in), true)
}

// Target returns the business time allowed to answer an interaction of
// kind k and priority p, and false when no target applies (or k or p is
// unknown). The tightest applicable target wins (see
// [ResponsePolicy.Targets]): the result is never longer than a target for
// k or for p. [Responder.Due], [Responder.Triage] and [Responder.Report]
// all take their targets from here.
func (r *Responder) Target(k Kind, p Priority) (time.Duration, bool) {
	ki, pi := indexOf(k, kinds), p.Rank()
	if ki < 0 || pi < 0 {
		return 0, false
	}
	d := r.targets[ki][pi]
	return d, d > 0
}

// Due returns when in must be answered, given its priority: its instant
// plus the target in business time, in the business hours' zone. It
// returns false when no target applies. An interaction without an instant
// is a *validation.Error at "at": a zero time would put the deadline in
// the year 1.
func (r *Responder) Due(in Interaction, p Priority) (time.Time, bool, error) {
	if in.At.IsZero() {
		err := validation.ErrorList{validation.Required(validation.NewPath("at"), "the interaction's instant is required")}.Err()
		return time.Time{}, false, fmt.Errorf("community: due time of %q: %w", validation.Excerpt(in.ID), err)
	}
	d, ok := r.Target(in.Kind, p)
	if !ok {
		return time.Time{}, false, nil
	}
	due, err := r.policy.Hours.AddBusiness(in.At, d)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("community: due time of %q: %w", validation.Excerpt(in.ID), err)
	}
	return due, true, nil
}

func indexOf[T comparable](v T, all []T) int {
	for i, a := range all {
		if a == v {
			return i
		}
	}
	return -1
}

// ByBrand reports whether in was written by one of the brand's own
// handles ([ResponsePolicy.Brand]), ignoring case and the "@".
func (r *Responder) ByBrand(in Interaction) bool { return r.brand[handleKey(in.Author.Handle)] }
