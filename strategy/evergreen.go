package strategy

import (
	"cmp"
	"slices"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/kpi"
)

// EvergreenRank is the evidence behind one evergreen entry's place in
// RankEvergreen's order.
type EvergreenRank struct {
	// Entry is the evergreen entry's ID.
	Entry uuid.UUID `json:"entry"`
	// Posts is how many of its publications (the entry's own, and each
	// reuse's, from each account) have a value of the formula.
	Posts int `json:"posts"`
	// Median is the median of those values; nil when it has none.
	Median *decimal.Decimal `json:"median,omitempty"`
}

// RankEvergreen orders the plan's evergreen entries (those with
// Evergreen set) for calendar.ReuseEvergreen, best first, by how their
// publications did: the median, by formula f at age, of the posts of the
// entry and of every entry whose ReuseOf names it (kpi.PostResults.PerPost
// of posts). Entries with more posts come first among equal medians, then
// plan order; entries without a value (never published, or no results yet)
// come last, in plan order, so a new evergreen post still gets its turn.
// ranks[i] is entries[i]'s evidence.
//
// The results are checked against the plan first (CheckPosts); PerPost's
// errors are returned as they are.
func (s *Strategy) RankEvergreen(posts kpi.PostResults, f kpi.Formula, age kpi.Age) (entries []calendar.Entry, ranks []EvergreenRank, err error) {
	if err := s.CheckPosts(posts); err != nil {
		return nil, nil, err
	}
	pp, err := posts.PerPost(f, age)
	if err != nil {
		return nil, nil, err
	}
	// original maps each entry to the evergreen entry it publishes: itself
	// or the one it reuses.
	original := map[uuid.UUID]uuid.UUID{}
	var order []int
	for i, e := range s.Entries {
		if e.Evergreen != nil {
			original[e.ID] = e.ID
			order = append(order, i)
		}
	}
	for _, e := range s.Entries {
		if _, ok := original[e.ReuseOf]; ok && e.ReuseOf != uuid.Nil && e.Evergreen == nil {
			original[e.ID] = e.ReuseOf
		}
	}
	values := map[uuid.UUID][]decimal.Decimal{}
	for _, v := range pp.Values {
		if o, ok := original[v.Post.Entry]; ok {
			values[o] = append(values[o], v.Value)
		}
	}
	type ranked struct {
		i    int
		rank EvergreenRank
	}
	list := make([]ranked, 0, len(order))
	for _, i := range order {
		id := s.Entries[i].ID
		r := EvergreenRank{Entry: id, Posts: len(values[id])}
		if vs := values[id]; len(vs) > 0 {
			m := median(vs)
			r.Median = &m
		}
		list = append(list, ranked{i, r})
	}
	slices.SortStableFunc(list, func(a, b ranked) int {
		switch {
		case a.rank.Median == nil || b.rank.Median == nil:
			// Those with a value first; the others keep plan order.
			return cmp.Compare(boolRank(a.rank.Median == nil), boolRank(b.rank.Median == nil))
		case !a.rank.Median.Equal(*b.rank.Median):
			return b.rank.Median.Cmp(*a.rank.Median)
		}
		return cmp.Compare(b.rank.Posts, a.rank.Posts)
	})
	entries = make([]calendar.Entry, len(list))
	ranks = make([]EvergreenRank, len(list))
	for j, r := range list {
		entries[j], ranks[j] = s.Entries[r.i], r.rank
	}
	return entries, ranks, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// median returns the median of vs (not empty), the mean of the two middle
// values for an even count, exactly: sorting a copy.
func median(vs []decimal.Decimal) decimal.Decimal {
	sorted := slices.Clone(vs)
	slices.SortFunc(sorted, func(a, b decimal.Decimal) int { return a.Cmp(b) })
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return sorted[n/2-1].Add(sorted[n/2]).Div(decimal.NewFromInt(2))
}
