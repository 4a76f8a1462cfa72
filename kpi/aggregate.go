package kpi

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/enum"
)

// MaxBuckets is the most buckets one call to [Series.Aggregate] returns; a
// longer window is ErrInvalidArgument.
const MaxBuckets = 100_000

// Period is a calendar period in a time zone.
type Period string

// The periods observations can be grouped by. Each begins at local midnight
// in the location given (see [Series.Aggregate]).
const (
	// Day: a calendar day, midnight to midnight (23 or 25 hours long on the
	// days the clocks change).
	Day Period = "day"
	// Week: an ISO 8601 week, from Monday's midnight to the next Monday's.
	Week Period = "week"
	// Month: a calendar month, from the 1st's midnight to the next 1st's.
	Month Period = "month"
)

var allPeriods = []Period{Day, Week, Month}

// IsValid reports whether p is a known period.
func (p Period) IsValid() bool { return enum.Valid(p, allPeriods) }

// String returns the period's identifier.
func (p Period) String() string { return string(p) }

// MarshalText encodes a known period; an unknown one is an error.
func (p Period) MarshalText() ([]byte, error) { return enum.Marshal("kpi.Period", p, allPeriods) }

// UnmarshalText accepts exactly the known periods.
func (p *Period) UnmarshalText(text []byte) error {
	return enum.Unmarshal("kpi.Period", text, allPeriods, p)
}

// first returns the first date of the period that holds c.
func (p Period) first(c civilDate) civilDate {
	switch p {
	case Week:
		wd := int(time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC).Weekday())
		return c.addDays(-((wd + 6) % 7)) // back to Monday
	case Month:
		return civilDate{c.y, c.m, 1}
	}
	return c
}

// next returns the first date of the period after the one that begins on c.
func (p Period) next(c civilDate) civilDate {
	switch p {
	case Week:
		return c.addDays(7)
	case Month:
		return c.addMonths(1)
	}
	return c.addDays(1)
}

// label names the period that begins on c: 2025-03-30, 2025-W13, 2025-03.
func (p Period) label(c civilDate) string {
	switch p {
	case Week:
		y, w := time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return fmt.Sprintf("%04d-%02d", c.y, c.m)
	}
	return c.String()
}

// Aggregation says how the values in a bucket become one value.
type Aggregation string

// The aggregations. See [Bucket] for what each gives in an empty bucket.
const (
	// AggregateSum: the exact sum of the values.
	AggregateSum Aggregation = "sum"
	// AggregateMean: the sum divided by the number of observations,
	// rounded to Precision places.
	AggregateMean Aggregation = "mean"
	// AggregateLast: for each selected channel (each account on it apart,
	// and its figures with no account apart), its last value in the
	// bucket; the result is their sum, the total of the latest readings,
	// which is what a gauge such as followers needs. With one channel, its
	// last value.
	AggregateLast Aggregation = "last"
	// AggregateMin: the smallest value.
	AggregateMin Aggregation = "min"
	// AggregateMax: the largest value.
	AggregateMax Aggregation = "max"
)

var allAggregations = []Aggregation{AggregateSum, AggregateMean, AggregateLast, AggregateMin, AggregateMax}

// IsValid reports whether a is a known aggregation.
func (a Aggregation) IsValid() bool { return enum.Valid(a, allAggregations) }

// String returns the aggregation's identifier.
func (a Aggregation) String() string { return string(a) }

// MarshalText encodes a known aggregation; an unknown one is an error.
func (a Aggregation) MarshalText() ([]byte, error) {
	return enum.Marshal("kpi.Aggregation", a, allAggregations)
}

// UnmarshalText accepts exactly the known aggregations.
func (a *Aggregation) UnmarshalText(text []byte) error {
	return enum.Unmarshal("kpi.Aggregation", text, allAggregations, a)
}

// Bucket is the aggregate of the observations in one period or window,
// from Start (included) to End (excluded).
type Bucket struct {
	// Label names the period (2025-03-30, 2025-W13, 2025-03); it is empty
	// for a window that is not a calendar period.
	Label string `json:"label,omitempty"`
	// Start is the first instant of the bucket, in the location asked for.
	Start time.Time `json:"start"`
	// End is the first instant after the bucket.
	End time.Time `json:"end"`
	// Count is the number of observations in the bucket.
	Count int `json:"count"`
	// Value is the aggregate. It is nil, meaning undefined, when the
	// bucket holds no observation and the aggregation is not a sum (the
	// sum of nothing is zero).
	Value *decimal.Decimal `json:"value,omitempty"`
}

// aggregate computes agg over the observations of cols in [start, end).
func aggregate(cols []*column, agg Aggregation, start, end time.Time) Bucket {
	b := Bucket{Start: start, End: end}
	var (
		total, best, last decimal.Decimal
		have              bool
	)
	for _, c := range cols {
		i, j := c.before(start), c.before(end)
		if i >= j {
			continue
		}
		b.Count += j - i
		switch agg {
		case AggregateSum, AggregateMean:
			total = total.Add(c.sum(i, j))
		case AggregateLast:
			last = last.Add(c.value(j - 1))
		case AggregateMin, AggregateMax:
			sign := -1
			if agg == AggregateMax {
				sign = 1
			}
			v := c.extreme(i, j, sign)
			if !have || v.Cmp(best) == sign {
				best = v
			}
			have = true
		}
	}
	var v decimal.Decimal
	switch agg {
	case AggregateSum:
		v = total
	case AggregateMean:
		if b.Count == 0 {
			return b
		}
		v = total.DivRound(decimal.NewFromInt(int64(b.Count)), Precision)
	case AggregateLast:
		v = last
	default:
		v = best
	}
	if b.Count == 0 && agg != AggregateSum {
		return b
	}
	b.Value = &v
	return b
}

// Aggregate groups the selected observations by period in loc and
// aggregates each group. It returns one bucket per period that overlaps
// [from, to), oldest first, including empty ones; each bucket covers its
// whole period, so the first may start before from.
//
// Periods begin at local midnight in loc (see [Period]), found with
// calendar arithmetic, never by adding 24 hours: a day in Madrid is 23
// hours long on the last Sunday of March. An observation belongs to the
// bucket whose [Start, End) holds its instant.
//
// Observations of several channels are aggregated together: a sum adds
// them, a mean averages them all, min and max look at every value, and last
// adds each channel's latest value in the bucket. To aggregate per-instant
// totals instead, roll the series up first ([Series.RollUp]).
//
// It fails with a *validation.Error for an invalid selection,
// ErrMixedCurrencies for money in several currencies, and
// ErrInvalidArgument for an unknown period or aggregation, a nil location,
// to not after from, or more than MaxBuckets buckets.
func (s *Series) Aggregate(q Selection, agg Aggregation, p Period, loc *time.Location, from, to time.Time) ([]Bucket, error) {
	cols, err := s.aggCols(q, agg)
	if err != nil {
		return nil, err
	}
	switch {
	case !p.IsValid():
		return nil, fmt.Errorf("%w: unknown period %q", ErrInvalidArgument, p)
	case loc == nil:
		return nil, fmt.Errorf("%w: nil location", ErrInvalidArgument)
	case !to.After(from):
		return nil, fmt.Errorf("%w: window ends (%s) before it starts (%s)", ErrInvalidArgument, to, from)
	}
	// Count first, so that a huge window fails before it allocates.
	first := p.first(dateOf(from, loc))
	n := 0
	for c := first; midnight(c, loc).Before(to); c = p.next(c) {
		if n++; n > MaxBuckets {
			return nil, fmt.Errorf("%w: more than %d buckets from %s to %s", ErrInvalidArgument, MaxBuckets, from, to)
		}
	}
	out := make([]Bucket, 0, n)
	c := first
	start := midnight(c, loc)
	for range n {
		nc := p.next(c)
		end := midnight(nc, loc)
		b := aggregate(cols, agg, start, end)
		b.Label = p.label(c)
		out = append(out, b)
		c, start = nc, end
	}
	return out, nil
}

func (s *Series) aggCols(q Selection, agg Aggregation) ([]*column, error) {
	cols, _, err := s.selectCols(q)
	if err != nil {
		return nil, err
	}
	if !agg.IsValid() {
		return nil, fmt.Errorf("%w: unknown aggregation %q", ErrInvalidArgument, agg)
	}
	return cols, nil
}

// Comparison sets the aggregate of one period or window beside the one
// before it.
type Comparison struct {
	// Current is the period or window asked about.
	Current Bucket `json:"current"`
	// Previous is the period before it, or the window of the same length
	// that ends where Current starts.
	Previous Bucket `json:"previous"`
	// Change is Current − Previous; nil when either is undefined.
	Change *decimal.Decimal `json:"change,omitempty"`
	// RelativeChange is Change / |Previous| × 100, in percent, rounded to
	// Precision places. When Previous is zero it is 0 if Current is zero
	// too, and nil (undefined: growth from nothing has no percentage)
	// otherwise. It is nil when Change is.
	RelativeChange *decimal.Decimal `json:"relativeChange,omitempty"`
}

func compare(cur, prev Bucket) Comparison {
	cmp := Comparison{Current: cur, Previous: prev}
	if cur.Value == nil || prev.Value == nil {
		return cmp
	}
	change := cur.Value.Sub(*prev.Value)
	cmp.Change = &change
	switch {
	case !prev.Value.IsZero():
		rel := change.Mul(hundred).DivRound(prev.Value.Abs(), Precision)
		cmp.RelativeChange = &rel
	case change.IsZero():
		rel := decimal.Decimal{}
		cmp.RelativeChange = &rel
	}
	return cmp
}

// ComparePeriods compares the period of kind p, in loc, that holds the
// instant at with the period before it: this ISO week with last week, this
// month with last month. Buckets, errors and locations are as in
// [Series.Aggregate].
func (s *Series) ComparePeriods(q Selection, agg Aggregation, p Period, loc *time.Location, at time.Time) (Comparison, error) {
	cols, err := s.aggCols(q, agg)
	if err != nil {
		return Comparison{}, err
	}
	switch {
	case !p.IsValid():
		return Comparison{}, fmt.Errorf("%w: unknown period %q", ErrInvalidArgument, p)
	case loc == nil:
		return Comparison{}, fmt.Errorf("%w: nil location", ErrInvalidArgument)
	}
	cur := p.first(dateOf(at, loc))
	prev := p.first(cur.addDays(-1))
	curStart, curEnd, prevStart := midnight(cur, loc), midnight(p.next(cur), loc), midnight(prev, loc)
	c := aggregate(cols, agg, curStart, curEnd)
	c.Label = p.label(cur)
	b := aggregate(cols, agg, prevStart, curStart)
	b.Label = p.label(prev)
	return compare(c, b), nil
}

// CompareWindows compares the window of the given number of days that ends
// at end (excluded) with the window of as many days before it. Days are
// calendar days in end's location, counted with time.AddDate, so the two
// windows have the same length on the wall clock even across a change of
// the clocks. It fails like [Series.Aggregate], and with ErrInvalidArgument
// when days is not positive or more than 36600.
func (s *Series) CompareWindows(q Selection, agg Aggregation, end time.Time, days int) (Comparison, error) {
	cols, err := s.aggCols(q, agg)
	if err != nil {
		return Comparison{}, err
	}
	if days <= 0 || days > 36600 {
		return Comparison{}, fmt.Errorf("%w: %d days; want 1 to 36600", ErrInvalidArgument, days)
	}
	start := end.AddDate(0, 0, -days)
	prevStart := end.AddDate(0, 0, -2*days)
	return compare(aggregate(cols, agg, start, end), aggregate(cols, agg, prevStart, start)), nil
}

// RollUp returns the selected observations of one metric combined across
// channels and accounts into one stream with no channel, the series a
// report of totals needs (each account counts as a channel of its own):
//
//   - counters: observations at the same instant are added, so each
//     instant has one total;
//   - gauges: at every instant at which any channel was read, the sum of
//     each channel's latest reading at or before it (a channel not yet read
//     adds nothing);
//   - samples: every sample is kept, in time order.
//
// Money must be in one currency (or chosen with q.Currency). The result is
// exact and in time order.
func (s *Series) RollUp(q Selection) (*Series, error) {
	cols, cur, err := s.selectCols(q)
	if err != nil {
		return nil, err
	}
	kind := q.Metric.Kind()
	heads := make([]int, len(cols))
	lasts := make([]*decimal.Decimal, len(cols))
	var out []Observation
	for {
		// The earliest instant among the columns' next observations.
		var at time.Time
		found := false
		for ci, c := range cols {
			if h := heads[ci]; h < len(c.at) && (!found || c.at[h].Before(at)) {
				at, found = c.at[h], true
			}
		}
		if !found {
			break
		}
		total := decimal.Decimal{}
		for ci, c := range cols {
			for heads[ci] < len(c.at) && c.at[heads[ci]].Equal(at) {
				v := c.value(heads[ci])
				heads[ci]++
				switch kind {
				case KindSample:
					out = append(out, Observation{Metric: q.Metric, At: at, Value: v, Currency: cur})
				case KindGauge:
					lasts[ci] = &v
				default:
					total = total.Add(v)
				}
			}
		}
		switch kind {
		case KindGauge:
			total = decimal.Decimal{}
			for _, l := range lasts {
				if l != nil {
					total = total.Add(*l)
				}
			}
			fallthrough
		case KindCounter:
			out = append(out, Observation{Metric: q.Metric, At: at, Value: total, Currency: cur})
		}
	}
	return NewSeries(out)
}
