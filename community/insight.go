package community

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// InsightKind says what an insight is about.
type InsightKind string

// The kinds of insight.
const (
	InsightNeed           InsightKind = "need"
	InsightQuestion       InsightKind = "question"
	InsightComplaint      InsightKind = "complaint"
	InsightTrend          InsightKind = "trend"
	InsightOpportunity    InsightKind = "opportunity"
	InsightThreat         InsightKind = "threat"
	InsightCompetitorMove InsightKind = "competitor_move"
)

var insightKinds = []InsightKind{
	InsightNeed, InsightQuestion, InsightComplaint, InsightTrend, InsightOpportunity, InsightThreat, InsightCompetitorMove,
}

// InsightKinds returns every kind of insight, in a fixed order.
func InsightKinds() []InsightKind { return slices.Clone(insightKinds) }

// IsValid reports whether k is a known kind.
func (k InsightKind) IsValid() bool { return enum.Valid(k, insightKinds) }

// String returns the identifier of k.
func (k InsightKind) String() string { return string(k) }

// MarshalText encodes k; an unknown value is an error.
func (k InsightKind) MarshalText() ([]byte, error) {
	return enum.Marshal("community.InsightKind", k, insightKinds)
}

// UnmarshalText accepts exactly the known identifiers.
func (k *InsightKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.InsightKind", text, insightKinds, k)
}

// Insight is what the community manager learned from the audience and
// feeds back to the strategist: a need, a question, a complaint, a trend,
// an opportunity, a threat or a competitor's move, with the interactions
// that show it.
type Insight struct {
	// ID identifies the insight. For insights written as Go code, derive
	// a stable one from a readable key with the plan's strategy.IDSpace,
	// as every other ID of a plan written as code.
	ID uuid.UUID `json:"id"`
	// Kind says what it is about.
	Kind InsightKind `json:"kind" validate:"required,enum"`
	// Title says it in one line.
	Title string `json:"title" validate:"required"`
	// Detail says more.
	Detail string `json:"detail,omitempty"`
	// Evidence lists the IDs of the interactions that show it; at least
	// one, without repeats.
	Evidence []string `json:"evidence"`
	// Channel is the network it was seen on; empty for several.
	Channel channel.Channel `json:"channel,omitempty" validate:"omitempty,enum"`
	// Segment names the audience segment concerned.
	Segment string `json:"segment,omitempty"`
	// Objective is the ID of the strategy objective it bears on, if any.
	Objective uuid.UUID `json:"objective,omitzero"`
	// RaisedBy is the team member who raised it, by member ID
	// (strategy.Member.ID).
	RaisedBy uuid.UUID `json:"raisedBy"`
	// RaisedAt is when it was raised.
	RaisedAt time.Time `json:"raisedAt" validate:"required"`
}

// Validate reports every problem with the insight on its own; evidence
// that must exist in an inbox is checked by [CheckInsights].
func (in Insight) Validate() error { return in.validate(nil).Err() }

func (in Insight) validate(p *validation.Path) validation.ErrorList {
	list := validate.Struct(p, in)
	if in.ID == uuid.Nil {
		list = append(list, validation.Required(p.Child("id"), ""))
	}
	if in.RaisedBy == uuid.Nil {
		list = append(list, validation.Required(p.Child("raisedBy"), "name the team member who raised it by member ID"))
	}
	if len(in.Evidence) == 0 {
		list = append(list, validation.Required(p.Child("evidence"), "an insight needs at least one interaction as evidence"))
	}
	seen := make(map[string]bool, len(in.Evidence))
	for i, e := range in.Evidence {
		switch {
		case e == "":
			list = append(list, validation.Required(p.Child("evidence").Index(i), ""))
		case seen[e]:
			list = append(list, validation.Duplicate(p.Child("evidence").Index(i), e))
		}
		seen[e] = true
	}
	return list
}

// CheckInsights validates each insight, that their IDs are unique and that
// every piece of evidence is an interaction of b; paths start at the index
// of the insight ("[2].evidence[0]").
func CheckInsights(insights []Insight, b Inbox) error {
	var list validation.ErrorList
	index := b.ByID()
	ids := make(map[uuid.UUID]bool, len(insights))
	for i, in := range insights {
		p := validation.NewPath("").Index(i)
		list = append(list, in.validate(p)...)
		if in.ID != uuid.Nil {
			if ids[in.ID] {
				list = append(list, validation.Duplicate(p.Child("id"), in.ID.String()))
			}
			ids[in.ID] = true
		}
		for j, e := range in.Evidence {
			if _, ok := index[e]; e != "" && !ok {
				list = append(list, validation.NotFound(p.Child("evidence").Index(j), e, fmt.Sprintf("no interaction %q in the inbox", e)))
			}
		}
	}
	return list.Err()
}

// RankedInsight is an insight with the weight of its evidence.
type RankedInsight struct {
	Insight Insight `json:"insight"`
	// Evidence counts its interactions.
	Evidence int `json:"evidence"`
	// Authors counts the distinct accounts behind them.
	Authors int `json:"authors"`
	// Reach adds up the largest audience of each of those accounts, up to
	// math.MaxInt64 (a sum that would pass it is math.MaxInt64).
	Reach int64 `json:"reach"`
}

// KindCount counts the insights of one kind.
type KindCount struct {
	Kind  InsightKind `json:"kind"`
	Count int         `json:"count"`
}

// InsightSummary is the period's feedback to the strategist.
type InsightSummary struct {
	// Window is the period: insights raised in it.
	Window calendar.Window `json:"window"`
	// Total counts the insights raised in the window.
	Total int `json:"total"`
	// Kinds counts them by kind, in the order of InsightKinds, leaving out
	// kinds with none.
	Kinds []KindCount `json:"kinds,omitempty"`
	// Top lists the leading insights: by distinct authors, then by
	// evidence, then by reach, then by when they were raised (earliest
	// first) and by ID.
	Top []RankedInsight `json:"top,omitempty"`
}

// Summarize summarises the insights raised in window w, keeping the top n
// (0 keeps all). The insights and their evidence must be valid against b
// ([CheckInsights]), and w must be valid; otherwise the error is a
// *validation.Error with paths below "insights" or "window".
func Summarize(insights []Insight, b Inbox, w calendar.Window, n int) (InsightSummary, error) {
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("insights"), CheckInsights(insights, b))
	list = list.Merge(validation.NewPath("window"), w.Validate())
	if n < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("n"), n, "must not be negative"))
	}
	if err := list.Err(); err != nil {
		return InsightSummary{}, err
	}
	index := b.ByID()
	s := InsightSummary{Window: w}
	counts := make(map[InsightKind]int)
	for _, in := range insights {
		if !w.Contains(in.RaisedAt) {
			continue
		}
		s.Total++
		counts[in.Kind]++
		r := RankedInsight{Insight: in, Evidence: len(in.Evidence)}
		audience := make(map[Account]int64)
		for _, e := range in.Evidence {
			it := b[index[e]]
			a := accountOf(it.Channel, it.Author.Handle)
			audience[a] = max(audience[a], it.Author.Followers)
		}
		r.Authors = len(audience)
		for _, f := range audience {
			r.Reach = satAdd(r.Reach, f)
		}
		s.Top = append(s.Top, r)
	}
	for _, k := range insightKinds {
		if c := counts[k]; c > 0 {
			s.Kinds = append(s.Kinds, KindCount{Kind: k, Count: c})
		}
	}
	slices.SortFunc(s.Top, func(x, y RankedInsight) int {
		return cmp.Or(
			cmp.Compare(y.Authors, x.Authors), cmp.Compare(y.Evidence, x.Evidence), cmp.Compare(y.Reach, x.Reach),
			x.Insight.RaisedAt.Compare(y.Insight.RaisedAt), cmp.Compare(x.Insight.ID.String(), y.Insight.ID.String()),
		)
	})
	if n > 0 && len(s.Top) > n {
		s.Top = s.Top[:n]
	}
	return s, nil
}

// satAdd adds two non-negative counts, saturating at math.MaxInt64.
func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
