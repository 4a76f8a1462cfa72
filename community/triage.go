package community

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// TriageItem is one open interaction in triage order.
type TriageItem struct {
	// Index is the interaction's position in the inbox given to
	// [Responder.Triage].
	Index int `json:"index"`
	// ID is the interaction's ID.
	ID string `json:"id"`
	// Assessment is what the priority rules concluded.
	Assessment Assessment `json:"assessment"`
	// Target is the business time allowed; zero when no target applies.
	Target calendar.Duration `json:"target,omitempty"`
	// Elapsed is the business time between the interaction and now.
	Elapsed calendar.Duration `json:"elapsed"`
	// Left is Target minus Elapsed: the business time until the target is
	// breached, negative once it has been. Zero when no target applies.
	Left calendar.Duration `json:"left,omitempty"`
	// Breached reports whether Left is negative.
	Breached bool `json:"breached,omitempty"`
	// HasTarget reports whether a response target applies.
	HasTarget bool `json:"hasTarget"`
}

// Triage orders the open interactions of an inbox for answering, as of
// now:
//
//  1. by priority, the most urgent first;
//  2. then by business time left before the target is breached, least
//     first (so the longest-breached come first, and interactions without
//     a target come after those with one);
//  3. then by instant, oldest first, and by ID.
//
// Interactions written by the brand's own handles ([ResponsePolicy.Brand])
// are left out, and so are those a brand reply in open answers at or before
// now: open may hold the brand's side of the conversation, as the networks
// return it. Index says where each item was in open.
//
// The order is deterministic and does not depend on the order of open.
// Time runs in linear-logarithmic time in the number of interactions.
// Interactions after now count no elapsed time. An interaction without an
// instant, or with an unknown kind, is a *validation.Error with paths such
// as "[3].at"; Triage does not check the rest of each interaction (see
// [Inbox.Validate]).
func (r *Responder) Triage(open Inbox, now time.Time) ([]TriageItem, error) {
	var list validation.ErrorList
	for i, in := range open {
		if in.At.IsZero() {
			list = append(list, validation.Required(validation.NewPath("").Index(i).Child("at"), ""))
		}
		if !in.Kind.IsValid() {
			list = append(list, validation.NotSupported(validation.NewPath("").Index(i).Child("kind"), string(in.Kind), kinds))
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	type key struct {
		rank   int
		target bool
		left   time.Duration
		at     time.Time
		index  int
	}
	answered := firstAnswers(open, nil, now, r.brand)
	keys := make([]key, 0, len(open))
	items := make([]TriageItem, len(open))
	for i, in := range open {
		if _, ok := answered[i]; ok || r.ByBrand(in) {
			continue
		}
		a := r.prio.assess(in, r.Sentiment(in), true)
		it := TriageItem{Index: i, ID: in.ID, Assessment: a}
		if d, ok := r.Target(in.Kind, a.Priority); ok {
			elapsed := time.Duration(0)
			if in.At.Before(now) {
				e, err := r.policy.Hours.BusinessBetween(in.At, now)
				if err != nil {
					return nil, fmt.Errorf("community: triage of %q: %w", validation.Excerpt(in.ID), err)
				}
				elapsed = e
			}
			it.HasTarget = true
			it.Target = calendar.Duration(d)
			it.Elapsed = calendar.Duration(elapsed)
			it.Left = calendar.Duration(d - elapsed)
			it.Breached = elapsed > d
		} else if in.At.Before(now) {
			e, err := r.policy.Hours.BusinessBetween(in.At, now)
			if err != nil {
				return nil, fmt.Errorf("community: triage of %q: %w", validation.Excerpt(in.ID), err)
			}
			it.Elapsed = calendar.Duration(e)
		}
		items[i] = it
		keys = append(keys, key{rank: a.Priority.Rank(), target: it.HasTarget, left: time.Duration(it.Left), at: in.At, index: i})
	}
	slices.SortFunc(keys, func(x, y key) int {
		if c := cmp.Compare(y.rank, x.rank); c != 0 {
			return c
		}
		if x.target != y.target {
			if x.target {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(x.left, y.left); c != 0 {
			return c
		}
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(open[x.index].ID, open[y.index].ID), cmp.Compare(x.index, y.index))
	})
	out := make([]TriageItem, len(keys))
	for i, k := range keys {
		out[i] = items[k.index]
	}
	return out, nil
}

// Response is the brand's answer to an interaction.
type Response struct {
	// To is the ID of the interaction answered.
	To string `json:"to" validate:"required"`
	// At is when the answer was published.
	At time.Time `json:"at" validate:"required"`
	// By is the team member who answered, by member ID
	// (strategy.Member.ID).
	By uuid.UUID `json:"by"`
}

// Validate reports a response without the interaction it answers, its
// instant or who wrote it. Whether the interaction exists is checked by
// [Responder.Report], which knows the inbox.
func (r Response) Validate() error { return r.validate(nil).Err() }

func (r Response) validate(p *validation.Path) validation.ErrorList {
	list := validate.Struct(p, r)
	if r.By == uuid.Nil {
		list = append(list, validation.Required(p.Child("by"), "name the team member who answered by member ID"))
	}
	return list
}

// Open returns the interactions of b that no response answers at or
// before asOf, in their order in b. Responses before the interaction they
// answer do not count. Open knows no brand handles: the brand's own
// interactions, and those its replies answer, are left out by
// [Responder.Triage].
func (b Inbox) Open(responses []Response, asOf time.Time) Inbox {
	first := firstAnswers(b, responses, asOf, nil)
	var out Inbox
	for i, in := range b {
		if _, ok := first[i]; !ok {
			out = append(out, in)
		}
	}
	return out
}

// answer is the first answer to an interaction: a [Response], or a reply
// in the inbox written by one of the brand's handles.
type answer struct {
	at time.Time
	// by is the response's team member; the nil ID for a reply in the
	// inbox.
	by uuid.UUID
}

// firstAnswers maps the index of each answered interaction of b to its
// earliest answer at or before asOf: a response, or a reply in b by one of
// the brand's handles (brand holds their handleKey forms and may be nil).
// Answers before the interaction they answer do not count. Among answers
// at the same instant a response wins, since it names who answered, and
// among responses the first listed.
func firstAnswers(b Inbox, responses []Response, asOf time.Time, brand map[string]bool) map[int]answer {
	if len(responses) == 0 && len(brand) == 0 {
		return nil
	}
	index := b.ByID()
	first := make(map[int]answer)
	add := func(to string, at time.Time, by uuid.UUID) {
		i, ok := index[to]
		if !ok || at.Before(b[i].At) || at.After(asOf) {
			return
		}
		if a, seen := first[i]; !seen || at.Before(a.at) {
			first[i] = answer{at: at, by: by}
		}
	}
	for _, resp := range responses {
		add(resp.To, resp.At, resp.By)
	}
	if len(brand) > 0 {
		for _, in := range b {
			if in.Kind == KindReply && brand[handleKey(in.Author.Handle)] {
				add(in.ReplyTo, in.At, uuid.Nil)
			}
		}
	}
	return first
}
