package community

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// Account is an account on one network, a node of the leaders graph and
// the subject of a [Relationship]. It is channel.AccountRef, the one way
// tandem names an account, so that a leader found here can be followed in
// a plan's accounts. The accounts this package derives keep their handles
// without the "@" and in lower case, the form in which they are compared.
type Account = channel.AccountRef

func accountOf(c channel.Channel, handle string) Account {
	return Account{Channel: c, Handle: handleKey(handle)}
}

// Graph returns the interaction graph of b: one node per account (an author,
// or an account addressed through To or as the author of a replied-to
// interaction), and an edge from the author to each account the interaction
// is directed at, weighted by the number of such interactions. Accounts on
// different networks are different nodes; nobody is linked to themself.
// The accounts are returned in node order, sorted by channel and handle, so
// the same inbox always gives the same graph. b should be valid
// ([Inbox.Validate]); a reply whose parent is missing simply adds no edge
// to the parent's author.
func (b Inbox) Graph() (*Graph, []Account) {
	index := b.ByID()
	seen := make(map[Account]struct{})
	for _, in := range b {
		seen[accountOf(in.Channel, in.Author.Handle)] = struct{}{}
		for _, h := range in.To {
			seen[accountOf(in.Channel, h)] = struct{}{}
		}
	}
	accounts := make([]Account, 0, len(seen))
	for a := range seen {
		accounts = append(accounts, a)
	}
	slices.SortFunc(accounts, func(x, y Account) int {
		return cmp.Or(cmp.Compare(x.Channel, y.Channel), cmp.Compare(x.Handle, y.Handle))
	})
	node := make(map[Account]int, len(accounts))
	for i, a := range accounts {
		node[a] = i
	}
	var edges []Edge
	for _, in := range b {
		from := node[accountOf(in.Channel, in.Author.Handle)]
		for _, to := range b.targets(in, index) {
			if t := node[accountOf(in.Channel, to)]; t != from {
				edges = append(edges, Edge{From: from, To: t, Weight: 1})
			}
		}
	}
	return buildGraph(len(accounts), edges), accounts
}

// targets returns the handles in is directed at: its To list, and for a
// reply the author of its parent, each once.
func (b Inbox) targets(in Interaction, index map[string]int) []string {
	out := in.To
	if in.Kind == KindReply {
		if j, ok := index[in.ReplyTo]; ok {
			parent := handleKey(b[j].Author.Handle)
			if !slices.ContainsFunc(in.To, func(h string) bool { return handleKey(h) == parent }) {
				out = append(slices.Clip(out), b[j].Author.Handle)
			}
		}
	}
	if len(out) > 1 {
		keys := make(map[string]bool, len(out))
		uniq := out[:0:0]
		for _, h := range out {
			if k := handleKey(h); !keys[k] {
				keys[k] = true
				uniq = append(uniq, h)
			}
		}
		out = uniq
	}
	return out
}

// LeaderWeights weigh the four figures that make an opinion leader's score.
// The zero value means the defaults: centrality 0.4, reach, engagement and
// relevance 0.2 each. Each weight lies between 0 and [MaxLeaderWeight]
// with at most [LeaderWeightPlaces] decimal places; they are used in
// proportion, so they need not add up to 1.
type LeaderWeights struct {
	Centrality decimal.Decimal `json:"centrality"`
	Reach      decimal.Decimal `json:"reach"`
	Engagement decimal.Decimal `json:"engagement"`
	Relevance  decimal.Decimal `json:"relevance"`
}

// The range and precision of a leader weight: from 0 to MaxLeaderWeight,
// with at most LeaderWeightPlaces decimal places. Within them a weight is
// an exact integer number of millionths, so the weights are normalised
// exactly and the score can neither overflow nor underflow.
const (
	MaxLeaderWeight    = 1_000_000
	LeaderWeightPlaces = 6
)

// IsZero reports whether every weight is zero (the defaults apply).
func (w LeaderWeights) IsZero() bool {
	return w.Centrality.IsZero() && w.Reach.IsZero() && w.Engagement.IsZero() && w.Relevance.IsZero()
}

// LeaderOptions configures [RankLeaders]. The zero value ranks every
// account by the default weights.
type LeaderOptions struct {
	// Brand lists the brand's own handles. They take part in the graph
	// (being mentioned by the brand counts) but are not ranked, and only
	// interactions directed at them count as engagement with the brand.
	// When empty, every interaction in the inbox counts as engagement.
	Brand []string `json:"brand,omitempty"`
	// Topics lists the words and phrases of the brand's topics, matched as
	// whole words, ignoring case. Without topics every relevance is zero.
	Topics []string `json:"topics,omitempty"`
	// Weights weigh the figures; zero means the defaults.
	Weights LeaderWeights `json:"weights,omitzero"`
	// PageRank configures the centrality; zero means the defaults.
	PageRank PageRankOptions `json:"pageRank,omitzero"`
	// Limit keeps only the first Limit leaders; 0 keeps all.
	Limit int `json:"limit,omitempty"`
}

// Validate reports every problem with o.
func (o LeaderOptions) Validate() error {
	var list validation.ErrorList
	for i, h := range o.Brand {
		if !validHandle(h) {
			list = append(list, validation.Invalid(validation.NewPath("brand").Index(i), h, "not a handle"))
		}
	}
	list = list.Merge(validation.NewPath("topics"), checkTerms(o.Topics))
	w := o.Weights
	for _, f := range []struct {
		name string
		v    decimal.Decimal
	}{{"centrality", w.Centrality}, {"reach", w.Reach}, {"engagement", w.Engagement}, {"relevance", w.Relevance}} {
		if fe := checkWeight(validation.NewPath("weights", f.name), f.v); fe != nil {
			list = append(list, fe)
		}
	}
	list = list.Merge(validation.NewPath("pageRank"), o.PageRank.Validate())
	if o.Limit < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("limit"), o.Limit, "must not be negative"))
	}
	return list.Err()
}

// checkWeight reports a weight below 0, above MaxLeaderWeight or with more
// than LeaderWeightPlaces decimal places. It reads the size of v from its
// digits and exponent first, so a weight such as 1E1000000000 is refused
// without being expanded.
func checkWeight(p *validation.Path, v decimal.Decimal) *validation.FieldError {
	if v.IsZero() {
		return nil
	}
	if v.IsNegative() {
		return validation.OutOfRange(p, validation.Excerpt(v.String()), "must not be negative")
	}
	exp, digits := int64(v.Exponent()), int64(v.NumDigits())
	// 10^(digits+exp-1) <= v < 10^(digits+exp)
	if digits+exp > 7 {
		return validation.OutOfRange(p, excerptDecimal(v), fmt.Sprintf("must be at most %d", MaxLeaderWeight))
	}
	if exp < -LeaderWeightPlaces {
		// A coefficient with fewer digits than the places to drop cannot
		// end in that many zeros.
		if -exp > digits+LeaderWeightPlaces || !v.Equal(v.Truncate(LeaderWeightPlaces)) {
			return validation.Invalid(p, excerptDecimal(v), fmt.Sprintf("must have at most %d decimal places", LeaderWeightPlaces))
		}
	}
	if v.GreaterThan(decimal.NewFromInt(MaxLeaderWeight)) {
		return validation.OutOfRange(p, excerptDecimal(v), fmt.Sprintf("must be at most %d", MaxLeaderWeight))
	}
	return nil
}

// excerptDecimal prints v in scientific form when its exponent is far from
// zero, so that an error never spells out a billion zeros.
func excerptDecimal(v decimal.Decimal) string {
	if e := v.Exponent(); e > 30 || e < -30 {
		return validation.Excerpt(v.Coefficient().String()) + "E" + strconv.Itoa(int(e))
	}
	return validation.Excerpt(v.String())
}

// normalise returns the weights divided by their sum. Valid weights are
// whole numbers of millionths up to 10^12, so the integers and their sum
// are exact, and each share lies in [0, 1]: the score, a mean of figures
// in [0, 1], can neither overflow nor underflow.
func (w LeaderWeights) normalise() (c, r, e, t float64) {
	millionths := func(v decimal.Decimal) int64 { return v.Shift(LeaderWeightPlaces).IntPart() }
	wc, wr, we, wt := millionths(w.Centrality), millionths(w.Reach), millionths(w.Engagement), millionths(w.Relevance)
	total := float64(wc + wr + we + wt)
	return float64(wc) / total, float64(wr) / total, float64(we) / total, float64(wt) / total
}

// LeaderFigures are the numbers behind an opinion leader's score. The four
// normalised figures lie between 0 and 1 and are rounded to four decimal
// places; Score is their weighted mean.
type LeaderFigures struct {
	// PageRank is the account's stationary probability in the interaction
	// graph, rounded to twelve decimal places.
	PageRank decimal.Decimal `json:"pageRank"`
	// Centrality is PageRank divided by the highest PageRank among the
	// ranked accounts.
	Centrality decimal.Decimal `json:"centrality"`
	// Followers is the largest audience seen on the account's
	// interactions.
	Followers int64 `json:"followers"`
	// Reach is log(1+Followers) / log(1+the largest Followers): audiences
	// span orders of magnitude, so reach grows with their logarithm.
	Reach decimal.Decimal `json:"reach"`
	// Addressed counts the distinct accounts that mentioned, replied to or
	// shared this one.
	Addressed int `json:"addressed"`
	// Interactions counts the account's own interactions in the inbox.
	Interactions int `json:"interactions"`
	// WithBrand counts those directed at the brand (all of them when no
	// brand handle is given).
	WithBrand int `json:"withBrand"`
	// Engagement is WithBrand divided by the largest WithBrand.
	Engagement decimal.Decimal `json:"engagement"`
	// OnTopic counts the account's interactions that name one of the
	// brand's topics.
	OnTopic int `json:"onTopic"`
	// Relevance is OnTopic divided by Interactions (0 without
	// interactions).
	Relevance decimal.Decimal `json:"relevance"`
}

// Leader is one ranked account.
type Leader struct {
	// Rank is 1 for the most influential account.
	Rank    int     `json:"rank"`
	Account Account `json:"account"`
	// Score is the weighted mean of the normalised figures, between 0 and
	// 1, rounded to four decimal places.
	Score   decimal.Decimal `json:"score"`
	Figures LeaderFigures   `json:"figures"`
}

// RankLeaders ranks the accounts of b by influence: a PageRank centrality
// on the interaction graph ([Inbox.Graph]) combined with reach, engagement
// with the brand and relevance to the brand's topics, weighted by
// opts.Weights. Every leader carries the figures that explain its score.
// The order is by score, then by raw PageRank, then by channel and handle,
// so it is deterministic. An invalid inbox or options give a
// *validation.Error (inbox paths start with "inbox", options paths with
// "options").
func RankLeaders(b Inbox, opts *LeaderOptions) ([]Leader, error) {
	var o LeaderOptions
	if opts != nil {
		o = *opts
	}
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("inbox"), b.Validate())
	list = list.Merge(validation.NewPath("options"), o.Validate())
	if err := list.Err(); err != nil {
		return nil, err
	}
	w := o.Weights
	if w.IsZero() {
		w = LeaderWeights{
			Centrality: decimal.RequireFromString("0.4"), Reach: decimal.RequireFromString("0.2"),
			Engagement: decimal.RequireFromString("0.2"), Relevance: decimal.RequireFromString("0.2"),
		}
	}
	topics, err := NewMatcher(o.Topics, &MatcherOptions{WholeWords: true})
	if err != nil {
		return nil, err
	}
	g, accounts := b.Graph()
	pr, err := g.PageRank(&o.PageRank)
	if err != nil {
		return nil, err
	}

	brand := make(map[Account]bool)
	brandKeys := make(map[string]bool, len(o.Brand))
	for _, h := range o.Brand {
		brandKeys[handleKey(h)] = true
	}
	for _, a := range accounts {
		if brandKeys[a.Handle] {
			brand[a] = true
		}
	}
	node := make(map[Account]int, len(accounts))
	for i, a := range accounts {
		node[a] = i
	}
	type tally struct {
		followers                      int64
		interactions, withBrand, topic int
	}
	tallies := make([]tally, len(accounts))
	index := b.ByID()
	for _, in := range b {
		a := node[accountOf(in.Channel, in.Author.Handle)]
		t := &tallies[a]
		t.followers = max(t.followers, in.Author.Followers)
		t.interactions++
		targets := b.targets(in, index)
		if len(brandKeys) == 0 || directedAtBrand(in, targets, brandKeys) {
			t.withBrand++
		}
		if topics.Contains(in.Text) {
			t.topic++
		}
	}

	// Normalise over the ranked (non-brand) accounts.
	var maxPR float64
	var maxFollowers int64
	maxBrand := 0
	for v, a := range accounts {
		if brand[a] {
			continue
		}
		maxPR = max(maxPR, pr.Scores[v])
		maxFollowers = max(maxFollowers, tallies[v].followers)
		maxBrand = max(maxBrand, tallies[v].withBrand)
	}
	wc, wr, we, wt := w.normalise()
	type scored struct {
		v          int
		score      float64
		c, r, e, t float64
	}
	var rows []scored
	for v, a := range accounts {
		if brand[a] {
			continue
		}
		t := tallies[v]
		s := scored{v: v}
		if maxPR > 0 {
			s.c = pr.Scores[v] / maxPR
		}
		if maxFollowers > 0 {
			s.r = math.Log1p(float64(t.followers)) / math.Log1p(float64(maxFollowers))
		}
		if maxBrand > 0 {
			s.e = float64(t.withBrand) / float64(maxBrand)
		}
		if t.interactions > 0 {
			s.t = float64(t.topic) / float64(t.interactions)
		}
		s.score = wc*s.c + wr*s.r + we*s.e + wt*s.t
		rows = append(rows, s)
	}
	slices.SortFunc(rows, func(x, y scored) int {
		return cmp.Or(
			cmp.Compare(round4(y.score), round4(x.score)),
			cmp.Compare(pr.Scores[y.v], pr.Scores[x.v]),
			cmp.Compare(accounts[x.v].Channel, accounts[y.v].Channel),
			cmp.Compare(accounts[x.v].Handle, accounts[y.v].Handle),
		)
	})
	if o.Limit > 0 && len(rows) > o.Limit {
		rows = rows[:o.Limit]
	}
	leaders := make([]Leader, len(rows))
	for i, s := range rows {
		t := tallies[s.v]
		leaders[i] = Leader{
			Rank:    i + 1,
			Account: accounts[s.v],
			Score:   dec4(s.score),
			Figures: LeaderFigures{
				PageRank:     decimal.NewFromFloat(pr.Scores[s.v]).Round(12),
				Centrality:   dec4(s.c),
				Followers:    t.followers,
				Reach:        dec4(s.r),
				Addressed:    g.InDegree(s.v),
				Interactions: t.interactions,
				WithBrand:    t.withBrand,
				Engagement:   dec4(s.e),
				OnTopic:      t.topic,
				Relevance:    dec4(s.t),
			},
		}
	}
	return leaders, nil
}

// directedAtBrand reports whether in addresses the brand: comments, direct
// messages and reviews land on the brand's own pages; mentions, shares and
// replies must name a brand handle among their targets.
func directedAtBrand(in Interaction, targets []string, brand map[string]bool) bool {
	switch in.Kind {
	case KindComment, KindDirectMessage, KindReview:
		return true
	}
	for _, h := range targets {
		if brand[handleKey(h)] {
			return true
		}
	}
	return false
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func dec4(x float64) decimal.Decimal { return decimal.NewFromFloat(x).Round(4) }
