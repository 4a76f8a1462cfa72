package kpi

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// HourSlot is one hour of one weekday on the wall clock of the zone the
// caller read the posts' times in: the audience's zone, usually.
type HourSlot struct {
	Weekday time.Weekday `json:"weekday"`
	// Hour is 0 to 23.
	Hour int `json:"hour"`
}

// String prints the slot as "Mon 10:00".
func (s HourSlot) String() string {
	return fmt.Sprintf("%s %02d:00", s.Weekday.String()[:3], s.Hour)
}

// TimedValue is one post's figure (an engagement rate, clicks per
// thousand reached, …) and the hour slot it was published in.
type TimedValue struct {
	Slot  HourSlot        `json:"slot"`
	Value decimal.Decimal `json:"value"`
}

// SlotScore is one hour slot's evidence and its score.
type SlotScore struct {
	Slot HourSlot `json:"slot"`
	// Posts is how many posts were published in the slot.
	Posts int `json:"posts"`
	// Mean is the mean of the slot's own posts.
	Mean decimal.Decimal `json:"mean"`
	// Weight is how much the slot's own posts count in its score, from 0
	// (none: the score is the overall mean) to 1: Posts / (Posts + k),
	// where k is BestTimes.Shrinkage.
	Weight decimal.Decimal `json:"weight"`
	// Score is the slot's mean shrunk toward the overall mean:
	// Overall + Weight × (Mean − Overall).
	Score decimal.Decimal `json:"score"`
}

// BestTimes is what [RankTimes] found: each slot with posts, best first.
type BestTimes struct {
	// Posts is how many posts were ranked; Overall is their mean.
	Posts   int             `json:"posts"`
	Overall decimal.Decimal `json:"overall"`
	// Evidence reports whether the slots' means differ more than chance
	// would make them. When false, every slot scores the overall mean: no
	// slot is better than another on this evidence.
	Evidence bool `json:"evidence"`
	// Shrinkage is k, the number of posts a slot needs for its own mean to
	// weigh as much as the overall mean: the posts' spread within slots
	// over the spread of the slots' true means. Zero when Evidence is
	// false, and when the posts do not spread within their slots at all
	// (each slot's own mean is then its score).
	Shrinkage decimal.Decimal `json:"shrinkage"`
	// Slots holds each slot with posts, by score (highest first), then
	// by posts (most first), then by weekday and hour.
	Slots []SlotScore `json:"slots"`
}

// RankTimes scores each weekday × hour slot by its posts' figures, shrunk
// toward the overall mean so that a slot with one lucky post does not win:
// empirical Bayes under a normal model (the James–Stein estimator with
// unequal slot sizes).
//
// With N posts in S slots, overall mean m, slot means m_s of n_s posts:
//
//   - σ², the spread of posts within their slots, is the pooled variance
//     Σ_s Σ_i (x − m_s)² / (N − S);
//   - τ², the spread of the slots' true means, is estimated by the method
//     of moments: (Σ_s n_s (m_s − m)² − (S − 1) σ²) / (N − Σ_s n_s² / N),
//     or zero when that is not positive;
//   - k = σ² / τ², and a slot's score is m + n_s / (n_s + k) × (m_s − m).
//
// When τ² is zero (the slot means differ no more than chance would make
// them), or there are fewer than two slots, or no slot has two posts (σ²
// cannot be estimated), every score is the overall mean and Evidence is
// false: there is no evidence to prefer a slot. When σ² is zero (every
// post equals its slot's mean) the slots' own means are the scores.
//
// The estimates are computed in float64 from the decimal figures (the
// figures are read with up to 15 significant digits) and given as
// decimals rounded to Precision places; they are estimates, and nothing
// in tandem decides a threshold on them. Bad input (an hour outside 0 to
// 23, a weekday outside Sunday to Saturday, a figure past validation's
// decimal bounds) is a *validation.Error at its index ([3].slot.hour);
// no values give a BestTimes with no slots. RankTimes makes one pass over
// the values and allocates per slot, not per value.
func RankTimes(values []TimedValue) (BestTimes, error) {
	var list validation.ErrorList
	for i, v := range values {
		// Paths are built only for the problems found: no allocation per
		// good value.
		if v.Slot.Hour >= 0 && v.Slot.Hour <= 23 && v.Slot.Weekday >= time.Sunday && v.Slot.Weekday <= time.Saturday && validation.DecimalWithin(v.Value) {
			continue
		}
		if v.Slot.Hour < 0 || v.Slot.Hour > 23 {
			list = list.Add(validation.OutOfRange(validation.NewPath("").Index(i).Child("slot", "hour"), v.Slot.Hour, "must be 0 to 23"))
		}
		if v.Slot.Weekday < time.Sunday || v.Slot.Weekday > time.Saturday {
			list = list.Add(validation.OutOfRange(validation.NewPath("").Index(i).Child("slot", "weekday"), int(v.Slot.Weekday), "must be 0 (Sunday) to 6 (Saturday)"))
		}
		if fe := validation.CheckDecimal(validation.NewPath("").Index(i).Child("value"), v.Value); fe != nil {
			list = list.Add(fe)
		}
		if list.Full() {
			list = list.Omit(len(values) - i - 1)
			break
		}
	}
	if err := list.Err(); err != nil {
		return BestTimes{}, err
	}
	// Welford's running mean and sum of squared deviations, per slot and
	// overall: one pass, stable for large counts.
	type acc struct {
		n    int
		mean float64
		m2   float64
	}
	add := func(a *acc, x float64) {
		a.n++
		d := x - a.mean
		a.mean += d / float64(a.n)
		a.m2 += d * (x - a.mean)
	}
	var slots [7 * 24]acc
	var all acc
	for _, v := range values {
		x := toFloat(v.Value)
		add(&slots[int(v.Slot.Weekday)*24+v.Slot.Hour], x)
		add(&all, x)
	}
	out := BestTimes{Posts: all.n, Overall: roundFloat(all.mean), Slots: []SlotScore{}}
	if all.n == 0 {
		return out, nil
	}
	var used, withTwo int
	var within, between, sumSq float64
	for _, a := range slots {
		if a.n == 0 {
			continue
		}
		used++
		if a.n >= 2 {
			withTwo++
		}
		within += a.m2
		d := a.mean - all.mean
		between += float64(a.n) * d * d
		sumSq += float64(a.n) * float64(a.n)
	}
	weight := func(int) float64 { return 0 } // no evidence: every slot scores the mean
	if used >= 2 && withTwo > 0 && all.n > used {
		sigma2 := within / float64(all.n-used)
		tau2 := (between - float64(used-1)*sigma2) / (float64(all.n) - sumSq/float64(all.n))
		switch {
		case sigma2 == 0:
			out.Evidence = true
			weight = func(int) float64 { return 1 }
		case tau2 > 0 && !math.IsInf(sigma2/tau2, 0):
			k := sigma2 / tau2
			out.Evidence = true
			out.Shrinkage = roundFloat(k)
			weight = func(n int) float64 { return float64(n) / (float64(n) + k) }
		}
	}
	for i, a := range slots {
		if a.n == 0 {
			continue
		}
		w := weight(a.n)
		out.Slots = append(out.Slots, SlotScore{
			Slot:  HourSlot{Weekday: time.Weekday(i / 24), Hour: i % 24},
			Posts: a.n, Mean: roundFloat(a.mean), Weight: roundFloat(w),
			Score: roundFloat(all.mean + w*(a.mean-all.mean)),
		})
	}
	slices.SortStableFunc(out.Slots, func(a, b SlotScore) int {
		if c := b.Score.Cmp(a.Score); c != 0 {
			return c
		}
		return cmp.Compare(b.Posts, a.Posts)
	})
	return out, nil
}

// toFloat returns d as the nearest float64. A coefficient of at most 15
// digits with an exponent within ±22 is converted with one correctly
// rounded multiplication or division, without allocating; others through
// shopspring/decimal.
func toFloat(d decimal.Decimal) float64 {
	exp := d.Exponent()
	if d.NumDigits() > 15 || exp < -22 || exp > 22 {
		return d.InexactFloat64()
	}
	c := float64(d.CoefficientInt64())
	if exp >= 0 {
		return c * pow10f[exp]
	}
	return c / pow10f[-exp]
}

// pow10f holds the powers of ten that float64 represents exactly.
var pow10f = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// roundFloat returns f as a decimal rounded to Precision places.
func roundFloat(f float64) decimal.Decimal {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return decimal.Zero
	}
	return decimal.NewFromFloat(f).Round(Precision)
}

// UnmarshalJSON decodes TimedValue strictly: keys exactly as the fields'
// JSON names, each once, and the value within validation's bounds, checked
// before it is read (a *validation.Error with every problem).
func (v *TimedValue) UnmarshalJSON(data []byte) error {
	type plain TimedValue
	return strictjson.Plain(data, v, (*plain)(v))
}

// UnmarshalJSON decodes SlotScore strictly, as TimedValue does.
func (s *SlotScore) UnmarshalJSON(data []byte) error {
	type plain SlotScore
	return strictjson.Plain(data, s, (*plain)(s))
}

// UnmarshalJSON decodes BestTimes strictly, as TimedValue does.
func (b *BestTimes) UnmarshalJSON(data []byte) error {
	type plain BestTimes
	return strictjson.Plain(data, b, (*plain)(b))
}
