package kpi

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/enum"
)

// DefaultMinPosts is the fewest posts a group needs before WhatWorks
// reports its lift over the baseline, when WhatWorksOptions.MinPosts is
// zero.
const DefaultMinPosts = 10

// DefaultTop is how many top and bottom posts WhatWorks lists when
// WhatWorksOptions.Top is zero; MaxTop is the most it lists.
const (
	DefaultTop = 5
	MaxTop     = 1000
)

// exactIntervalPosts is the largest group whose median interval is found
// from exact binomial sums; larger ones use the normal approximation.
const exactIntervalPosts = 1000

// Evidence says whether the data support a group's lift.
type Evidence string

// The states of a lift.
const (
	// EvidenceSupported: the group has at least the minimum posts and its
	// interval excludes the baseline.
	EvidenceSupported Evidence = "supported"
	// EvidenceNotEnough: too few posts, or an interval that includes the
	// baseline: the group's difference may be luck.
	EvidenceNotEnough Evidence = "not_enough_evidence"
)

var allEvidence = []Evidence{EvidenceSupported, EvidenceNotEnough}

// IsValid reports whether e is a known state.
func (e Evidence) IsValid() bool { return enum.Valid(e, allEvidence) }

// String returns the state's identifier.
func (e Evidence) String() string { return string(e) }

// MarshalText encodes a known state; an unknown one is an error.
func (e Evidence) MarshalText() ([]byte, error) { return enum.Marshal("kpi.Evidence", e, allEvidence) }

// UnmarshalText accepts exactly the known states.
func (e *Evidence) UnmarshalText(text []byte) error {
	return enum.Unmarshal("kpi.Evidence", text, allEvidence, e)
}

// Grouping is one way to group posts: By names it ("pillar", "format")
// and Key gives a post's group, or false when the post has none (an
// entry the caller does not know). kpi does not know entries: the caller
// maps a post to its pillar, format, campaign, account, paid or organic,
// weekday and hour in the audience's zone, or a text feature.
type Grouping struct {
	// By names the grouping, such as "format".
	By string `json:"by"`
	// Key returns a post's group, or false for none.
	Key func(PostKey) (string, bool) `json:"-"`
}

// WhatWorksOptions tunes WhatWorks; the zero value means the defaults.
type WhatWorksOptions struct {
	// MinPosts is the fewest posts a group needs for its lift to be
	// reported; zero means DefaultMinPosts.
	MinPosts int `json:"minPosts,omitempty"`
	// Top is how many top and bottom posts to list; zero means
	// DefaultTop, at most MaxTop.
	Top int `json:"top,omitempty"`
}

// MedianInterval is a distribution-free interval for a group's median:
// two of its own values, chosen by their ranks so that the interval holds
// the true median with a probability of at least 95%.
type MedianInterval struct {
	Low  decimal.Decimal `json:"low"`
	High decimal.Decimal `json:"high"`
	// Rank is j: Low is the j-th smallest value and High the j-th
	// largest.
	Rank int `json:"rank"`
}

// Lift is a group's difference from the baseline, stated only when the
// data support it.
type Lift struct {
	Evidence Evidence `json:"evidence"`
	// Difference is the group's median minus the baseline, in the
	// formula's unit (percentage points for rates, money in
	// WhatWorks.Currency for costs); zero unless supported. A positive
	// difference is a higher value: better for a rate, worse for a cost
	// (CostPerClick), whose lower values are the better ones.
	Difference decimal.Decimal `json:"difference,omitzero"`
	// Relative is Difference ÷ |baseline| × 100, in percent, so that its
	// sign is Difference's when the baseline is negative (a return on
	// investment can be); nil unless supported, or when the baseline is
	// zero.
	Relative *decimal.Decimal `json:"relative,omitempty"`
	// Reason says why, in a sentence.
	Reason string `json:"reason"`
}

// Group is one group's figures.
type Group struct {
	// By is the grouping's name and Key the group's key.
	By  string `json:"by"`
	Key string `json:"key"`
	// Posts is how many posts with a value the group has.
	Posts int `json:"posts"`
	// Median and Mean of the posts' values.
	Median decimal.Decimal `json:"median"`
	Mean   decimal.Decimal `json:"mean"`
	// Interval for the median; nil for fewer than 6 posts, which no
	// order statistic covers at 95%.
	Interval *MedianInterval `json:"interval,omitempty"`
	// Lift over WhatWorks.Baseline.
	Lift Lift `json:"lift"`
}

// Outlier is a post far from the baseline.
type Outlier struct {
	Post  PostKey         `json:"post"`
	Value decimal.Decimal `json:"value"`
	// Above is true above the baseline, false below.
	Above bool `json:"above"`
}

// GroupingResult is one grouping's groups, by key in byte order, and the
// posts the grouping gave no key.
type GroupingResult struct {
	By      string    `json:"by"`
	Groups  []Group   `json:"groups"`
	Unkeyed []PostKey `json:"unkeyed,omitempty"`
}

// WhatWorks is what PostResults.WhatWorks finds.
type WhatWorks struct {
	Formula Formula `json:"formula"`
	Age     Age     `json:"age"`
	// Currency is as in PerPost: the ISO 4217 code of the money a money
	// formula read, the unit of a cost; empty for a formula of counts.
	Currency string `json:"currency,omitempty"`
	// Posts is how many posts have a value.
	Posts int `json:"posts"`
	// Baseline is the median of every post's value (the account's own
	// median when the results are one account's), Mean their mean.
	Baseline decimal.Decimal `json:"baseline"`
	Mean     decimal.Decimal `json:"mean"`
	// MAD is the median absolute deviation from Baseline.
	MAD decimal.Decimal `json:"mad"`
	// Top and Bottom are the posts with the highest and lowest values,
	// highest or lowest first; ties keep the order of the posts' first
	// results. For a cost (CostPerClick, CostPerMille,
	// CostPerAcquisition) the highest values are the most expensive
	// posts: Bottom lists the best.
	Top    []PostValue `json:"top"`
	Bottom []PostValue `json:"bottom"`
	// Outliers are the posts more than 3 × MAD from Baseline, in order of
	// their first results; none when MAD is zero.
	Outliers  []Outlier        `json:"outliers,omitempty"`
	Groupings []GroupingResult `json:"groupings"`
	// Undefined, Incomplete, Unpaid and OtherAges are as in PerPost:
	// posts left out, each for its reason.
	Undefined  []PostKey `json:"undefined,omitempty"`
	Incomplete []PostKey `json:"incomplete,omitempty"`
	Unpaid     []PostKey `json:"unpaid,omitempty"`
	OtherAges  int       `json:"otherAges,omitempty"`
}

// WhatWorks ranks posts by formula f at age (see PerPost for what is read
// and checked) and groups them by each grouping.
//
// Each group gets its count, median, mean and a 95% interval for its
// median. The interval is distribution-free, from order statistics: with
// n values sorted x₁ ≤ … ≤ xₙ and B a Binomial(n, ½) count, j is the
// largest rank with P(B ≤ j−1) ≤ 2.5%, and the interval is [xⱼ, xₙ₊₁₋ⱼ],
// which holds the median with a probability of at least 95%. For n up to
// 1000, j comes from exact integer sums (40 · Σₖ₌₀^{j−1} C(n,k) ≤ 2ⁿ); above,
// from the normal approximation with continuity correction, decided in
// integers: the largest j with n+1−2j ≥ 0 and 2500·(n+1−2j)² ≥ 9604·n
// (n+1−2j ≥ 1.96·√n). Fewer than 6 values have no such j: no interval.
//
// A group's lift over the baseline (the median of every post) is
// supported only when the group has at least MinPosts posts and its
// interval lies wholly above or wholly below the baseline; otherwise it
// is EvidenceNotEnough, with the reason.
//
// Outliers are the posts whose distance from the baseline exceeds 3 ×
// MAD, the median of those distances; with MAD zero, none is flagged.
//
// A money formula (see PerPost) ranks the paid posts, in the one currency
// of their amounts (Currency); the posts without Spend are Unpaid. Its
// values can be negative (a return on investment): the baseline, the MAD
// and the intervals are computed as for any other value, and the values
// must then span at most [MaxPostRate] (ErrInvalidArgument otherwise).
//
// Values are exact decimals at Precision places; the work runs on int64
// coefficients, allocating per post and per group, never per result (a
// money formula reads decimals, and allocates per result it reads).
func (rs PostResults) WhatWorks(f Formula, age Age, groupings []Grouping, opts WhatWorksOptions) (WhatWorks, error) {
	minPosts, top := opts.MinPosts, opts.Top
	if minPosts == 0 {
		minPosts = DefaultMinPosts
	}
	if top == 0 {
		top = DefaultTop
	}
	if minPosts < 0 || top < 0 || top > MaxTop {
		return WhatWorks{}, fmt.Errorf("%w: MinPosts %d and Top %d (0 to %d)", ErrInvalidArgument, opts.MinPosts, opts.Top, MaxTop)
	}
	for i, g := range groupings {
		if g.Key == nil {
			return WhatWorks{}, fmt.Errorf("%w: grouping %d (%q) has no Key", ErrInvalidArgument, i, g.By)
		}
	}
	w := WhatWorks{Formula: f, Age: age}
	var (
		t    *postTable
		vals []int64
		rows []int32
	)
	if _, _, _, money := moneyPostFormula(f); money {
		m, err := rs.readMoneyPosts(f, age)
		if err != nil {
			return WhatWorks{}, err
		}
		if vals, rows, w.Undefined, w.Incomplete, w.Unpaid, err = m.rates(f); err != nil {
			return WhatWorks{}, err
		}
		t, w.Currency = &m.t, m.currency
	} else {
		var err error
		if t, err = rs.readPosts(f, age); err != nil {
			return WhatWorks{}, err
		}
		if vals, rows, w.Undefined, w.Incomplete, err = t.rates(f); err != nil {
			return WhatWorks{}, err
		}
	}
	w.Posts, w.OtherAges = len(vals), t.otherAges
	value := func(i int) PostValue { return PostValue{Post: t.key(int(rows[i])), Value: fixed(vals[i])} }

	// The baseline, the MAD and the outliers, in exact integers. Values
	// less base are non-negative coefficients, so twice one fits a
	// uint64; base is zero but for a formula whose values can be negative
	// (a return on investment), where it is the smallest value, and the
	// distances do not change.
	var base int64
	if f == ReturnOnInvestment && len(vals) > 0 {
		lo, hi := slices.Min(vals), slices.Max(vals)
		base = min(lo, 0)
		if hi > math.MaxInt64+base {
			return WhatWorks{}, fmt.Errorf("%w: %s from %s to %s spans more than MaxPostRate", ErrInvalidArgument, f, fixed(lo), fixed(hi))
		}
	}
	if len(vals) > 0 {
		work := slices.Clone(vals)
		w.Baseline, w.Mean = medianFixed(work), meanFixed(work)
		m := len(work)
		lo, hi := uint64(work[(m-1)/2]-base), uint64(work[m/2]-base) // placed by medianFixed
		twiceMed := lo + hi                                          // 2 × (baseline − base)
		// D = 2 × a post's distance from the baseline.
		dist := make([]uint64, len(vals))
		for i, v := range vals {
			dist[i] = absDiff(2*uint64(v-base), twiceMed)
		}
		// Q = 4 × MAD: twice the median of the D's.
		selectK(dist, m/2)
		dHi := dist[m/2]
		dLo := dHi
		if m%2 == 0 {
			dLo = slices.Max(dist[:m/2])
		}
		q := u128add(dLo, dHi)
		w.MAD = q.decimal().Mul(quarter)
		if q != (u128{}) {
			threeQ := q.mul(3)
			// distance > 3 × MAD  ⇔  D/2 > 3Q/4  ⇔  2D > 3Q
			far := func(v int64) bool { return u128mul(absDiff(2*uint64(v-base), twiceMed), 2).greater(threeQ) }
			count := 0
			for _, v := range vals {
				if far(v) {
					count++
				}
			}
			if count > 0 {
				w.Outliers = make([]Outlier, 0, count)
				for i, v := range vals {
					if far(v) {
						w.Outliers = append(w.Outliers, Outlier{Post: t.key(int(rows[i])), Value: fixed(v), Above: 2*uint64(v-base) > twiceMed})
					}
				}
			}
		}
	}

	// Top and bottom: a small insertion list each, in one pass.
	n := min(top, len(vals))
	topIdx, botIdx := make([]int, 0, n), make([]int, 0, n)
	for i, v := range vals {
		topIdx = insertRanked(topIdx, n, i, func(j int) bool { return v > vals[j] })
		botIdx = insertRanked(botIdx, n, i, func(j int) bool { return v < vals[j] })
	}
	w.Top, w.Bottom = make([]PostValue, len(topIdx)), make([]PostValue, len(botIdx))
	for k, i := range topIdx {
		w.Top[k] = value(i)
	}
	for k, i := range botIdx {
		w.Bottom[k] = value(i)
	}

	// The groupings: keys per post, then the values arranged by group.
	ranks := map[int]int{} // MedianRank by group size, computed once each
	gid := make([]int32, len(vals))
	arranged := make([]int64, len(vals))
	for _, g := range groupings {
		ids := map[string]int32{}
		var keys []string
		res := GroupingResult{By: g.By}
		for i, row := range rows {
			k, ok := g.Key(t.key(int(row)))
			if !ok {
				gid[i] = -1
				res.Unkeyed = append(res.Unkeyed, t.key(int(row)))
				continue
			}
			id, found := ids[k]
			if !found {
				id = int32(len(keys))
				ids[k] = id
				keys = append(keys, k)
			}
			gid[i] = id
		}
		start := make([]int, len(keys)+1)
		for _, id := range gid {
			if id >= 0 {
				start[id+1]++
			}
		}
		for k := range keys {
			start[k+1] += start[k]
		}
		next := slices.Clone(start[:len(keys)])
		for i, id := range gid {
			if id >= 0 {
				arranged[next[id]] = vals[i]
				next[id]++
			}
		}
		res.Groups = make([]Group, len(keys))
		for k, key := range keys {
			res.Groups[k] = groupOf(g.By, key, arranged[start[k]:start[k+1]], w.Baseline, minPosts, ranks)
		}
		slices.SortFunc(res.Groups, func(a, b Group) int {
			switch {
			case a.Key < b.Key:
				return -1
			case a.Key > b.Key:
				return 1
			}
			return 0
		})
		w.Groupings = append(w.Groupings, res)
	}
	return w, nil
}

// quarter is ¼, exactly.
var quarter = decimal.New(25, -2)

// absDiff returns |a − b|.
func absDiff(a, b uint64) uint64 {
	if a < b {
		return b - a
	}
	return a - b
}

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

func u128add(a, b uint64) u128 {
	lo, c := bits.Add64(a, b, 0)
	return u128{c, lo}
}

func u128mul(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

// mul returns x × k; x is below 2⁶⁶ and k small, so it cannot overflow.
func (x u128) mul(k uint64) u128 {
	hi, lo := bits.Mul64(x.lo, k)
	return u128{hi + x.hi*k, lo}
}

func (x u128) greater(y u128) bool { return x.hi > y.hi || (x.hi == y.hi && x.lo > y.lo) }

// decimal returns x as a decimal at Precision places.
func (x u128) decimal() decimal.Decimal { return acc(x).decimal(-Precision) }

// insertRanked inserts i into idx (kept at most n long) after every j for
// which better(j) is false and before the first for which it is true.
func insertRanked(idx []int, n, i int, better func(j int) bool) []int {
	pos := len(idx)
	for pos > 0 && better(idx[pos-1]) {
		pos--
	}
	if pos >= n {
		return idx
	}
	if len(idx) < n {
		idx = append(idx, 0)
	}
	copy(idx[pos+1:], idx[pos:len(idx)-1])
	idx[pos] = i
	return idx
}

// medianFixed returns the exact median of coefficients, which it
// reorders: afterwards s[(n-1)/2] and s[n/2] are the middle values and
// every value before s[n/2] is at most it, every one after at least.
func medianFixed(s []int64) decimal.Decimal {
	n := len(s)
	selectK(s, n/2)
	if n%2 == 1 {
		return fixed(s[n/2])
	}
	i := n/2 - 1
	for k := range n / 2 {
		if s[k] > s[i] {
			i = k
		}
	}
	s[i], s[n/2-1] = s[n/2-1], s[i]
	return fixed(s[n/2-1]).Add(fixed(s[n/2])).Mul(half)
}

// selectK reorders s so that s[k] is the value of rank k (from 0), with
// no greater value before it and no smaller one after: Hoare's
// quickselect with a median-of-three pivot, which falls back to sorting
// the remaining range after 2·log₂(n) rounds so that no input costs more
// than n·log n.
func selectK[T cmp.Ordered](s []T, k int) {
	lo, hi := 0, len(s)-1
	budget := 2 * bits.Len(uint(len(s)))
	for hi > lo {
		if budget == 0 || hi-lo < 16 {
			slices.Sort(s[lo : hi+1])
			return
		}
		budget--
		mid := lo + (hi-lo)/2
		if s[mid] < s[lo] {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi] < s[lo] {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[hi] < s[mid] {
			s[hi], s[mid] = s[mid], s[hi]
		}
		pivot := s[mid]
		i, j := lo, hi
		for i <= j {
			for s[i] < pivot {
				i++
			}
			for pivot < s[j] {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

// meanFixed returns the exact sum of coefficients divided by their number
// at Precision places.
func meanFixed(s []int64) decimal.Decimal {
	var a acc
	for _, v := range s {
		a.add(v)
	}
	return a.decimal(-Precision).DivRound(decimal.NewFromInt(int64(len(s))), Precision)
}

// groupOf computes one group's figures from its sorted values.
func groupOf(by, key string, seg []int64, baseline decimal.Decimal, minPosts int, ranks map[int]int) Group {
	g := Group{By: by, Key: key, Posts: len(seg), Median: medianFixed(seg), Mean: meanFixed(seg)}
	j, ok := ranks[len(seg)]
	if !ok {
		j = MedianRank(len(seg))
		ranks[len(seg)] = j
	}
	if j > 0 {
		// medianFixed left every value of rank below n/2 before n/2 and
		// the others after it: rank j−1 is in the first part, rank n−j in
		// the second.
		n := len(seg)
		selectK(seg[:n/2], j-1)
		upper := seg[n/2:]
		selectK(upper, n-j-n/2)
		g.Interval = &MedianInterval{Low: fixed(seg[j-1]), High: fixed(upper[n-j-n/2]), Rank: j}
	}
	switch {
	case g.Posts < minPosts:
		g.Lift = Lift{Evidence: EvidenceNotEnough, Reason: fmt.Sprintf("%d posts; at least %d are needed", g.Posts, minPosts)}
	case g.Interval == nil:
		g.Lift = Lift{Evidence: EvidenceNotEnough, Reason: fmt.Sprintf("%d posts are too few for an interval of the median", g.Posts)}
	case g.Interval.Low.LessThanOrEqual(baseline) && g.Interval.High.GreaterThanOrEqual(baseline):
		g.Lift = Lift{Evidence: EvidenceNotEnough, Reason: fmt.Sprintf("the 95%% interval of the median, %s to %s, includes the baseline %s", g.Interval.Low, g.Interval.High, baseline)}
	default:
		diff := g.Median.Sub(baseline)
		g.Lift = Lift{Evidence: EvidenceSupported, Difference: diff,
			Reason: fmt.Sprintf("%d posts; the 95%% interval of the median, %s to %s, excludes the baseline %s", g.Posts, g.Interval.Low, g.Interval.High, baseline)}
		if !baseline.IsZero() {
			rel := diff.Mul(hundred).DivRound(baseline.Abs(), Precision)
			g.Lift.Relative = &rel
		}
	}
	return g
}

// MedianRank returns the rank j of the 95% distribution-free interval for
// the median of n values, [xⱼ, xₙ₊₁₋ⱼ] (see WhatWorks), or 0 when n is
// below 6 and no rank gives 95%.
func MedianRank(n int) int {
	if n < 6 {
		return 0
	}
	if n <= exactIntervalPosts {
		// Largest j with 40 · Σ_{k<j} C(n,k) ≤ 2ⁿ.
		limit := new(big.Int).Lsh(big.NewInt(1), uint(n))
		c, sum, t := big.NewInt(1), new(big.Int), new(big.Int)
		j := 0
		for k := 0; k < n; k++ {
			sum.Add(sum, c) // Σ_{i≤k} C(n,i)
			if t.Mul(sum, big.NewInt(40)).Cmp(limit) > 0 {
				break
			}
			j = k + 1
			c.Mul(c, big.NewInt(int64(n-k)))
			c.Quo(c, big.NewInt(int64(k+1)))
		}
		return j
	}
	// Largest j with n+1−2j ≥ 0 and 2500·(n+1−2j)² ≥ 9604·n.
	ok := func(j int) bool {
		d := int64(n + 1 - 2*j)
		if d < 0 {
			return false
		}
		l := new(big.Int).Mul(big.NewInt(d), big.NewInt(d))
		l.Mul(l, big.NewInt(2500))
		return l.Cmp(new(big.Int).Mul(big.NewInt(int64(n)), big.NewInt(9604))) >= 0
	}
	j := int((float64(n) + 1 - 1.96*math.Sqrt(float64(n))) / 2)
	for j > 0 && !ok(j) {
		j--
	}
	for ok(j + 1) {
		j++
	}
	return j
}
