package kpi

import (
	"fmt"
	"math"
	"math/bits"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// MaxPostRate returns the largest per-post value [PostResults.PerPost]
// and [PostResults.WhatWorks] compute, a rate or an amount of money:
// 922337203.6854775807, an int64 at [Precision] places. A post whose value
// is larger (in absolute value) is ErrInvalidArgument. WhatWorks also
// needs the values of a formula that can be negative (a return on
// investment, down to −100) to span at most MaxPostRate.
func MaxPostRate() decimal.Decimal { return decimal.New(math.MaxInt64, -Precision) }

// perPostFormula returns the inputs and the scale of a formula that has a
// value per post: a quotient of two count metrics of the post.
func perPostFormula(f Formula) (num, den Metric, scale uint64, ok bool) {
	switch f {
	case EngagementRateByReach:
		return Engagements, Reach, 100, true
	case EngagementRateByImpressions:
		return Engagements, Impressions, 100, true
	case ViralityRate:
		return Shares, Impressions, 100, true
	case ClickThroughRate:
		return Clicks, Impressions, 100, true
	case ConversionRate:
		return Conversions, Clicks, 100, true
	}
	return "", "", 0, false
}

// PostFormulas returns the formulas that have a per-post value, the ones
// [PostResults.PerPost] and [PostResults.WhatWorks] compute, in a fixed
// order: first the quotients of two counts of one post
// (EngagementRateByReach, EngagementRateByImpressions, ViralityRate,
// ClickThroughRate, ConversionRate), then the formulas that read the
// post's money, Spend and Revenue, which only paid posts have
// (CostPerClick, CostPerMille, CostPerAcquisition, ReturnOnInvestment).
// A formula reads money when [Formula.Inputs] holds Spend; the costs are
// in that money's currency ([Formula.Unit] is UnitMoney), the return on
// investment in percent. The slice is a copy.
func PostFormulas() []Formula {
	return []Formula{EngagementRateByReach, EngagementRateByImpressions, ViralityRate, ClickThroughRate, ConversionRate,
		CostPerClick, CostPerMille, CostPerAcquisition, ReturnOnInvestment}
}

// PostValue is one post's value of a formula.
type PostValue struct {
	// Post is the post.
	Post PostKey `json:"post"`
	// Value is the formula's value for it, in the formula's unit.
	Value decimal.Decimal `json:"value"`
}

// PerPost is a formula computed for each post at one age, with what was
// left out and why. Every post that has a result of one of the formula's
// inputs at Age is in exactly one of Values, Undefined, Incomplete and
// Unpaid.
type PerPost struct {
	// Formula is what was computed.
	Formula Formula `json:"formula"`
	// Age is the one age whose results were read.
	Age Age `json:"age"`
	// Currency is the ISO 4217 code of the money a money formula read
	// (every amount read is in it): the unit of CostPerClick's values,
	// and of the amounts ReturnOnInvestment compares. Empty for a
	// formula of counts, and when no amount was read.
	Currency string `json:"currency,omitempty"`
	// Values are the posts' values, in order of each post's first result.
	Values []PostValue `json:"values,omitempty"`
	// Undefined are the posts whose denominator is zero (a reach of
	// zero, a spend with no click for CostPerClick, a spend of zero for
	// ReturnOnInvestment): their value is undefined, never zero.
	Undefined []PostKey `json:"undefined,omitempty"`
	// Incomplete are the posts that have one of the formula's inputs at
	// Age but not the other; for a money formula, the posts with Spend
	// but not the other input (clicks, impressions, conversions,
	// revenue).
	Incomplete []PostKey `json:"incomplete,omitempty"`
	// Unpaid are, for a money formula, the posts that have its other
	// input at Age (clicks, revenue, …) but no Spend: organic posts, or
	// paid ones whose spend is missing. They have no value, not a value
	// of zero. Always empty for a formula of counts.
	Unpaid []PostKey `json:"unpaid,omitempty"`
	// OtherAges counts the results of the formula's inputs at other ages:
	// they are not read, since posts are only compared at one age.
	OtherAges int `json:"otherAges,omitempty"`
	// Numerator and Denominator are the sums of the formula's inputs, in
	// the order of Formula.Inputs, over every post that has both (Values
	// and Undefined): total spend and total clicks for CostPerClick,
	// total revenue and total spend for ReturnOnInvestment. Amounts are
	// exact, in Currency.
	Numerator   decimal.Decimal `json:"numerator"`
	Denominator decimal.Decimal `json:"denominator"`
}

// MeanOfPostRates returns the mean of the per-post values: every post
// weighs the same, as in the tools that average each post's rate. Posts
// with an undefined value are not in it. No value is ErrUndefined.
func (p PerPost) MeanOfPostRates() (decimal.Decimal, error) {
	if len(p.Values) == 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: no post has a value", ErrUndefined)
	}
	vals := make([]decimal.Decimal, len(p.Values))
	for i, v := range p.Values {
		vals[i] = v.Value
	}
	total, err := Sum(vals)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return total.DivRound(decimal.NewFromInt(int64(len(vals))), Precision), nil
}

// RatioOfSums returns the formula over the sums of its inputs (total
// engagements ÷ total reach × 100; total spend ÷ total clicks; (total
// revenue − total spend) ÷ total spend × 100): every post weighs as much
// as its denominator, as in the tools that report an account's rate or
// cost. Posts with a zero denominator count here. A zero sum is
// ErrUndefined.
func (p PerPost) RatioOfSums() (decimal.Decimal, error) {
	if _, den, scale, ok := perPostFormula(p.Formula); ok {
		return ratio(p.Numerator, p.Denominator, decimal.NewFromInt(int64(scale)), "the sum of "+string(den))
	}
	if _, den, _, ok := moneyPostFormula(p.Formula); ok {
		return moneyValue(p.Formula, p.Numerator, p.Denominator, "the sum of "+string(den))
	}
	return decimal.Decimal{}, fmt.Errorf("%w: %q has no per-post value", ErrInvalidArgument, p.Formula)
}

// postTable is the result of reading a formula's inputs per post: one row
// per post, in order of its first result.
type postTable struct {
	rs        PostResults
	first     []int32 // per post: the index of its first result read
	num, den  []int64
	have      []uint8 // 1: numerator read, 2: denominator read
	otherAges int
}

// postAccountKey is an account as written in a result.
type postAccountKey struct {
	ch      channel.Channel
	account string
}

// postMapKey is a post with its account interned.
type postMapKey struct {
	entry   uuid.UUID
	account int32
}

// readPosts reads the results of f's inputs at age, per post. It checks
// every result it reads (the others are not read: PostResults.Validate
// checks them all) and reports each problem with its index. It allocates
// per post and per distinct account, never per result.
func (rs PostResults) readPosts(f Formula, age Age) (*postTable, error) {
	numM, denM, _, ok := perPostFormula(f)
	if !ok {
		return nil, fmt.Errorf("%w: %q has no per-post value (see PostFormulas)", ErrInvalidArgument, f)
	}
	if age < 0 {
		return nil, fmt.Errorf("%w: negative age %s", ErrInvalidArgument, age)
	}
	// Size the tables from a sample of the results: growing a map of a
	// million posts costs more than reading them.
	sample := rs[:min(len(rs), 4096)]
	hint := 0
	for i := range sample {
		if sample[i].Metric == numM {
			hint++
		}
	}
	if len(sample) > 0 {
		hint = int(int64(hint)*int64(len(rs))/int64(len(sample))) + 16
	}
	t := &postTable{rs: rs, first: make([]int32, 0, hint), num: make([]int64, 0, hint), den: make([]int64, 0, hint), have: make([]uint8, 0, hint)}
	var list validation.ErrorList
	accounts := map[postAccountKey]int32{} // as written → canonical id
	canon := map[postAccountKey]int32{}    // lower-case handle → canonical id
	// Posts of the first account seen (most results have one) are found
	// by their entry alone, which hashes fastest; the others by both.
	posts0 := make(map[uuid.UUID]int32, hint)
	posts := map[postMapKey]int32{}
	var (
		lastCh   channel.Channel
		lastAcct string
		lastID   int32 = -1
	)
	for i := range rs {
		r := &rs[i]
		var bit uint8
		switch r.Metric {
		case numM:
			bit = 1
		case denM:
			bit = 2
		default:
			continue
		}
		if r.Age != age {
			t.otherAges++
			continue
		}
		// The account, interned: one map read per new account string.
		id := lastID
		if id < 0 || r.Channel != lastCh || r.Account != lastAcct {
			k := postAccountKey{r.Channel, r.Account}
			var found bool
			if id, found = accounts[k]; !found {
				if bad := checkPostAccount(i, r); bad != nil {
					list = append(list, bad...)
					continue
				}
				lk := postAccountKey{r.Channel, strings.ToLower(r.Account)}
				c, ok := canon[lk]
				if !ok {
					c = int32(len(canon))
					canon[lk] = c
				}
				accounts[k], id = c, c
			}
			lastCh, lastAcct, lastID = r.Channel, r.Account, id
		}
		if r.Entry == uuid.Nil {
			list = append(list, validation.Required((*validation.Path)(nil).Index(i).Child("entry"), "a post result names the calendar entry that was published"))
			continue
		}
		v, ok := countValue(r.Value)
		if !ok || r.Currency != "" {
			errs := r.validate((*validation.Path)(nil).Index(i))
			if len(errs) == 0 {
				errs = validation.ErrorList{validation.OutOfRange((*validation.Path)(nil).Index(i).Child("value"), r.Value.String(), "a count read per post is at most 9223372036854775807")}
			}
			list = append(list, errs...)
			continue
		}
		var row int32
		var found bool
		if id == 0 {
			row, found = posts0[r.Entry]
		} else {
			row, found = posts[postMapKey{r.Entry, id}]
		}
		if !found {
			row = int32(len(t.first))
			if id == 0 {
				posts0[r.Entry] = row
			} else {
				posts[postMapKey{r.Entry, id}] = row
			}
			t.first = append(t.first, int32(i))
			t.num = append(t.num, 0)
			t.den = append(t.den, 0)
			t.have = append(t.have, 0)
		}
		if t.have[row]&bit != 0 {
			list = append(list, validation.Duplicate((*validation.Path)(nil).Index(i), fmt.Sprintf("%s of entry %s at age %s, twice", r.Metric, r.Entry, r.Age)))
			continue
		}
		t.have[row] |= bit
		if bit == 1 {
			t.num[row] = v
		} else {
			t.den[row] = v
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// checkPostAccount checks the channel and account of result i.
func checkPostAccount(i int, r *PostResult) validation.ErrorList {
	return r.checkChannelAccount((*validation.Path)(nil).Index(i))
}

// countValue returns d as an int64 when it is a whole non-negative number
// within validation's bounds that fits one, without allocating.
func countValue(d decimal.Decimal) (int64, bool) {
	// The common case first: a coefficient of at most 18 digits and a
	// non-negative exponent. scaleUp keeps only what fits an int64 (under
	// 10^19), which is within validation's bounds (38 digits), so the
	// bounds need no comparison of big integers here.
	if c, e, ok := small(d); ok && e >= 0 && e <= validation.MaxDecimalExponent {
		if c < 0 {
			return 0, false
		}
		return scaleUp(c, int64(e))
	}
	if !validation.DecimalWithin(d) || d.IsNegative() {
		return 0, false
	}
	// 12.0 (a whole number written with decimals) or 19 digits: rare,
	// and allowed to allocate.
	if !d.IsInteger() || d.GreaterThan(maxInt64) {
		return 0, false
	}
	return d.IntPart(), true
}

var maxInt64 = decimal.NewFromInt(math.MaxInt64)

// rateFixed returns round(num × scale / den) at Precision places as an
// int64 coefficient (half away from zero, as decimal.DivRound), or false
// when it exceeds MaxPostRate. den must not be zero; num and den are
// non-negative.
func rateFixed(num, den int64, scale uint64) (int64, bool) {
	const p10 = 10_000_000_000 // 10^Precision
	hi, lo := bits.Mul64(uint64(num), scale*p10)
	d := uint64(den)
	if hi >= d {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, d)
	if rem >= d-rem { // 2·rem ≥ den: half or more rounds up
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	return int64(q), true
}

// rates computes each complete post's value: vals and rows hold the
// posts with a value; undefined and incomplete list the rest.
func (t *postTable) rates(f Formula) (vals []int64, rows []int32, undefined, incomplete []PostKey, err error) {
	_, _, scale, _ := perPostFormula(f)
	vals = make([]int64, 0, len(t.first))
	rows = make([]int32, 0, len(t.first))
	for i := range t.first {
		switch {
		case t.have[i] != 3:
			incomplete = append(incomplete, t.key(i))
		case t.den[i] == 0:
			undefined = append(undefined, t.key(i))
		default:
			v, ok := rateFixed(t.num[i], t.den[i], scale)
			if !ok {
				return nil, nil, nil, nil, fmt.Errorf("%w: %s of entry %s is beyond MaxPostRate", ErrInvalidArgument, f, t.key(i).Entry)
			}
			vals = append(vals, v)
			rows = append(rows, int32(i))
		}
	}
	return vals, rows, undefined, incomplete, nil
}

// key returns post i's key, from its first result.
func (t *postTable) key(i int) PostKey { return t.rs[t.first[i]].Post() }

// fixed returns a coefficient at Precision places as a decimal.
func fixed(v int64) decimal.Decimal { return decimal.New(v, -Precision) }

// PerPost computes formula f for each post from its results at age, one of
// [PostFormulas]: EngagementRateByReach divides each post's engagements
// by its reach. Only results at age are read, so values at two ages are
// never mixed: the others are counted in OtherAges. A post with a zero
// denominator is Undefined, one with a single input Incomplete; a
// result repeating a post's metric at age is a duplicate.
//
// A money formula (CostPerClick, CostPerMille, CostPerAcquisition,
// ReturnOnInvestment) reads each post's Spend, and Revenue for
// ReturnOnInvestment, exactly as the results hold them: 12.345 spent on 7
// clicks is 1.7635714286, the spend divided before anything is rounded,
// as [CostPerClickOf] computes it. Only paid posts have a value: a post
// with the other input but no Spend at age is Unpaid; a post with Spend
// but no click is Undefined for CostPerClick. One comparison is in one
// currency, reported in Currency: amounts read in two currencies (two
// posts', or one post's revenue and spend) are [ErrMixedCurrencies],
// naming the index and the currency of the first amount read and of the
// first in another currency. A return on investment can be negative, down
// to −100 (nothing came back).
//
// Each result read is checked (a missing entry, an unknown channel, a
// malformed account, a negative or fractional count, an amount that is
// negative or has no ISO 4217 currency): every problem is reported at
// once in a *validation.Error with its index ([3].value). An unknown
// formula, a negative age or a value beyond [MaxPostRate] is
// ErrInvalidArgument.
//
// Counts are read as int64 with no allocation per result; the money
// formulas read decimals, and allocate per result.
func (rs PostResults) PerPost(f Formula, age Age) (PerPost, error) {
	if _, _, _, ok := moneyPostFormula(f); ok {
		return rs.perPostMoney(f, age)
	}
	t, err := rs.readPosts(f, age)
	if err != nil {
		return PerPost{}, err
	}
	vals, rows, undefined, incomplete, err := t.rates(f)
	if err != nil {
		return PerPost{}, err
	}
	out := PerPost{Formula: f, Age: age, Undefined: undefined, Incomplete: incomplete, OtherAges: t.otherAges}
	out.Values = make([]PostValue, len(vals))
	for i, v := range vals {
		out.Values[i] = PostValue{Post: t.key(int(rows[i])), Value: fixed(v)}
	}
	var num, den acc
	for i := range t.first {
		if t.have[i] == 3 {
			num.add(t.num[i])
			den.add(t.den[i])
		}
	}
	out.Numerator, out.Denominator = num.decimal(0), den.decimal(0)
	return out, nil
}
