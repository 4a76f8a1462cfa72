package kpi

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/enum"
)

// DefaultTrendDays is the number of daily points the forecast is fitted to
// when EvaluateOptions.TrendDays is zero.
const DefaultTrendDays = 28

// MaxTrendDays is the largest EvaluateOptions.TrendDays.
const MaxTrendDays = 3660

var secondsPerDay = decimal.NewFromInt(86400)

// Status is the verdict of an evaluation. See [Evaluate] for how each is
// decided.
type Status string

// The statuses.
const (
	// NotStarted: nothing to judge yet (before the baseline, or no defined
	// value since it).
	NotStarted Status = "not_started"
	// OnTrack: no further behind plan than the tolerance (or inside the band).
	OnTrack Status = "on_track"
	// AtRisk: behind plan, but the trend still reaches the target (or just
	// outside the band, or inside it but heading out).
	AtRisk Status = "at_risk"
	// OffTrack: behind plan and the trend falls short (or far outside the band).
	OffTrack Status = "off_track"
	// Achieved: the target is met (at the deadline, or already before it).
	Achieved Status = "achieved"
	// Missed: the deadline passed without the target met.
	Missed Status = "missed"
)

var allStatuses = []Status{NotStarted, OnTrack, AtRisk, OffTrack, Achieved, Missed}

// IsValid reports whether s is a known status.
func (s Status) IsValid() bool { return enum.Valid(s, allStatuses) }

// String returns the status's identifier.
func (s Status) String() string { return string(s) }

// MarshalText encodes a known status; an unknown one is an error.
func (s Status) MarshalText() ([]byte, error) { return enum.Marshal("kpi.Status", s, allStatuses) }

// UnmarshalText accepts exactly the known statuses.
func (s *Status) UnmarshalText(text []byte) error {
	return enum.Unmarshal("kpi.Status", text, allStatuses, s)
}

// EvaluateOptions tunes [Evaluate]. The zero value, or a nil pointer, means
// the defaults.
type EvaluateOptions struct {
	// TrendDays is how many daily points, ending at the evaluation instant,
	// the forecast line is fitted to. Zero means DefaultTrendDays; at most
	// MaxTrendDays.
	TrendDays int `json:"trendDays,omitempty"`
}

// Point is the value of a KPI as of an instant.
type Point struct {
	At    time.Time       `json:"at"`
	Value decimal.Decimal `json:"value"`
}

// Forecast is where the recent trend leads by the deadline, with the inputs
// that produced it, so that a person can check it.
//
// The line is fitted by ordinary least squares to Points, with x the time
// from MeasuredAt in seconds and y the KPI's value. With n points, sums Σx,
// Σy, Σxx, Σxy, and xd the time from MeasuredAt to the deadline:
//
//	slope    = (n·Σxy − Σx·Σy) / (n·Σxx − (Σx)²)     per second
//	forecast = Σy/n + slope · (xd − Σx/n)
//
// Every sum and product is exact; the two quotients (SlopePerDay and Value)
// are each computed with a single division, rounded to Precision places.
type Forecast struct {
	// Method is "least_squares".
	Method string `json:"method"`
	// Points are the KPI's values used, oldest first: one per calendar day
	// (in MeasuredAt's location) at MeasuredAt's time of day, within the
	// trend window and after the baseline, where the value is defined.
	Points []Point `json:"points"`
	// WindowStart and WindowEnd bound the trend window: the instants of
	// the oldest possible point and of the newest (MeasuredAt).
	WindowStart time.Time `json:"windowStart"`
	WindowEnd   time.Time `json:"windowEnd"`
	// SlopePerDay is the line's slope per 86,400 seconds, in the KPI's unit.
	SlopePerDay decimal.Decimal `json:"slopePerDay"`
	// At is the deadline.
	At time.Time `json:"at"`
	// Value is the line's value at the deadline.
	Value decimal.Decimal `json:"value"`
	// Share is Value's share of the way from baseline to target, in
	// percent; nil for direction Within.
	Share *decimal.Decimal `json:"share,omitempty"`
}

// Progress is the state of a KPI as of an instant: what [Evaluate] returns.
type Progress struct {
	// KPI is the evaluated KPI's ID.
	KPI uuid.UUID `json:"kpi"`
	// AsOf is the instant asked about.
	AsOf time.Time `json:"asOf"`
	// MeasuredAt is the instant the actual value is measured as of: AsOf,
	// or the deadline when AsOf is after it.
	MeasuredAt time.Time `json:"measuredAt"`
	// Status is the verdict; Reason says why, for people.
	Status Status `json:"status"`
	Reason string `json:"reason"`
	// Unit and Currency are the KPI's.
	Unit     Unit   `json:"unit"`
	Currency string `json:"currency,omitempty"`
	// WindowStart is the start (excluded) of the observations the actual
	// value covers; the end (included) is MeasuredAt.
	WindowStart time.Time `json:"windowStart"`
	// Observations is the number of observations of the measure's inputs
	// in that window.
	Observations int `json:"observations"`
	// Actual is the KPI's value as of MeasuredAt; nil when it is undefined
	// (no observation, or a zero denominator).
	Actual *decimal.Decimal `json:"actual,omitempty"`
	// Share is Actual's share of the way from baseline to target, in
	// percent: (actual − baseline) / (target − baseline) × 100. 0 is the
	// baseline, 100 the target; it may be negative or above 100. Nil for
	// Within, or when Actual is nil.
	Share *decimal.Decimal `json:"share,omitempty"`
	// ExpectedValue is where the planned path (baseline, milestones,
	// target, joined by straight lines in time) is at MeasuredAt, and
	// Expected its share of the way, in percent. Nil for Within.
	ExpectedValue *decimal.Decimal `json:"expectedValue,omitempty"`
	Expected      *decimal.Decimal `json:"expected,omitempty"`
	// Gap is Expected − Share in percentage points: how far behind plan the
	// KPI is (negative when ahead). Nil when either is.
	Gap *decimal.Decimal `json:"gap,omitempty"`
	// Forecast is nil when fewer than two trend points exist or when AsOf
	// is at or after the deadline.
	Forecast *Forecast `json:"forecast,omitempty"`
}

// Evaluate measures KPI k against the observations in s as of the instant
// asOf, and judges its progress. It never reads the clock. Calendar days
// (for the KPI's window and the trend) are counted in asOf's location.
//
// # The value of a KPI
//
// The value as of an instant t covers the observations of the measure's
// input metrics, on the KPI's channels, after the window start and at or
// before t. The window start is t minus WindowDays calendar days, or the
// baseline instant when WindowDays is zero. Within the window, counters are
// summed, samples averaged (or their median taken for
// MedianFirstResponseTime), and gauges read at t: each channel's last
// reading at or before t, added across channels (for FollowerGrowthRate,
// also at the window start). A formula is then applied to those figures. A
// value is undefined when a counter or sample input has no observation in
// the window (missing data is not a zero: record zeros explicitly), a gauge
// has no reading, or a denominator is zero.
//
// # Status
//
// With e the earlier of asOf and the deadline, and the tolerance in
// percentage points, the status is decided in this order:
//
//  1. NotStarted: asOf is before the baseline instant, or no observation of
//     the inputs lies after the baseline instant and at or before e, or the
//     value as of e is undefined, and the deadline has not passed.
//  2. Achieved or Missed, once asOf is at or after the deadline: Achieved
//     when the value as of the deadline meets the target (Increase: at
//     least the target; Decrease: at most; Within: inside the band), Missed
//     otherwise (including when it is undefined).
//  3. Achieved, before the deadline, when the value already meets the
//     target (Increase and Decrease; it may later fall back).
//  4. For Increase and Decrease: OnTrack when the gap (expected share −
//     actual share) is at most the tolerance. Otherwise AtRisk when the
//     forecast's share at the deadline is at least 100 − tolerance, or no
//     forecast can be made; OffTrack when the forecast falls short of that.
//  5. For Within: OnTrack when the value is inside the band and the
//     forecast (if any) is not outside it by more than the tolerance;
//     AtRisk when the value is inside but the forecast leaves it, or when
//     the value is outside by at most the tolerance (as a share of the
//     band's width); OffTrack when it is further outside.
//
// # Cost
//
// Evaluate binary-searches each input column of s and sums, with the exact
// int64 path of [Series.Sum], only the observations in the windows it
// needs, so its time grows at most linearly with the number of
// observations. Medians select in the window's values, in expected linear
// time per trend point.
//
// It returns k's *validation.Error when k is invalid, ErrMixedCurrencies
// when the observations' currencies differ from each other or from k's,
// and ErrInvalidArgument for a zero asOf, one outside the years 1 to 9999
// (which JSON cannot write), or bad options.
func Evaluate(k KPI, s *Series, asOf time.Time, opts *EvaluateOptions) (Progress, error) {
	if err := k.Validate(); err != nil {
		return Progress{}, err
	}
	if asOf.IsZero() {
		return Progress{}, fmt.Errorf("%w: zero asOf", ErrInvalidArgument)
	}
	if y, u := asOf.Year(), asOf.UTC().Year(); y < 1 || y > 9999 || u < 1 || u > 9999 {
		// The progress holds asOf, and JSON writes only four-digit years.
		return Progress{}, fmt.Errorf("%w: asOf %s is outside the years 1 to 9999", ErrInvalidArgument, asOf.Format(time.RFC3339))
	}
	trendDays := DefaultTrendDays
	if opts != nil && opts.TrendDays != 0 {
		if opts.TrendDays < 0 || opts.TrendDays > MaxTrendDays {
			return Progress{}, fmt.Errorf("%w: TrendDays %d; want 1 to %d", ErrInvalidArgument, opts.TrendDays, MaxTrendDays)
		}
		trendDays = opts.TrendDays
	}
	loc := asOf.Location()
	deadline := k.Target.Deadline.In(loc)
	e := asOf
	if asOf.After(deadline) {
		e = deadline
	}
	pr := Progress{KPI: k.ID, AsOf: asOf, MeasuredAt: e, Unit: k.Unit, Currency: k.Currency}
	if k.Direction != Within {
		ev, es := k.expected(e)
		pr.ExpectedValue, pr.Expected = &ev, &es
	}
	if asOf.Before(k.Baseline.At) {
		pr.WindowStart = k.Baseline.At.In(loc)
		pr.Status = NotStarted
		pr.Reason = "the baseline instant " + k.Baseline.At.Format(time.RFC3339) + " is still ahead"
		return pr, nil
	}

	m, err := newMeasurer(k, s, e, trendDays)
	if err != nil {
		return Progress{}, err
	}
	pr.WindowStart = m.q[m.points[0].start]
	pr.Observations = m.count(m.points[0].start, m.points[0].end)
	actual, undefined := m.value(m.points[0])
	if undefined == nil {
		pr.Actual = &actual
		if k.Direction != Within {
			sh := k.share(actual)
			pr.Share = &sh
			gap := pr.Expected.Sub(sh)
			pr.Gap = &gap
		}
	}
	if asOf.Before(deadline) {
		pr.Forecast = m.forecast(k, deadline)
	}
	started := m.count(m.baseline, m.points[0].end) > 0
	k.judge(&pr, started, undefined, asOf.Before(deadline))
	return pr, nil
}

// share returns v's share of the way from baseline to target, in percent.
// Validate guarantees a non-zero distance.
func (k KPI) share(v decimal.Decimal) decimal.Decimal {
	return v.Sub(k.Baseline.Value).Mul(hundred).DivRound(k.Target.Value.Sub(k.Baseline.Value), Precision)
}

// expected returns the planned value at t, and its share of the way.
func (k KPI) expected(t time.Time) (decimal.Decimal, decimal.Decimal) {
	plan := make([]Milestone, 0, len(k.Milestones)+2)
	plan = append(plan, Milestone{Value: k.Baseline.Value, At: k.Baseline.At})
	plan = append(plan, k.Milestones...)
	plan = append(plan, Milestone{Value: k.Target.Value, At: k.Target.Deadline})
	v := k.Target.Value
	switch {
	case !t.After(k.Baseline.At):
		v = k.Baseline.Value
	case t.Before(k.Target.Deadline):
		for i := 1; i < len(plan); i++ {
			if t.After(plan[i].At) {
				continue
			}
			a, b := plan[i-1], plan[i]
			// a.Value + (b.Value − a.Value) × (t − a.At) / (b.At − a.At)
			v = a.Value.Add(b.Value.Sub(a.Value).Mul(seconds(a.At, t)).DivRound(seconds(a.At, b.At), Precision))
			break
		}
	}
	return v, k.share(v)
}

// seconds returns b − a in seconds, exactly, however far apart they are.
func seconds(a, b time.Time) decimal.Decimal {
	return decimal.NewFromInt(b.Unix() - a.Unix()).Add(decimal.New(int64(b.Nanosecond()-a.Nanosecond()), -9))
}

// meets reports whether v meets k's target (or stays in its band).
func (k KPI) meets(v decimal.Decimal) bool {
	switch k.Direction {
	case Increase:
		return v.GreaterThanOrEqual(k.Target.Value)
	case Decrease:
		return v.LessThanOrEqual(k.Target.Value)
	}
	return k.Band != nil && v.GreaterThanOrEqual(k.Band.Low) && v.LessThanOrEqual(k.Band.High)
}

// outside returns how far v lies outside k's band (zero when inside), and
// the tolerated distance.
func (k KPI) outside(v decimal.Decimal) (dist, allowed decimal.Decimal) {
	allowed = k.Band.High.Sub(k.Band.Low).Mul(k.Tolerance).Div(hundred)
	switch {
	case v.LessThan(k.Band.Low):
		dist = k.Band.Low.Sub(v)
	case v.GreaterThan(k.Band.High):
		dist = v.Sub(k.Band.High)
	}
	return dist, allowed
}

// judge sets pr.Status and pr.Reason as Evaluate documents.
func (k KPI) judge(pr *Progress, started bool, undefined error, beforeDeadline bool) {
	f := pr.Forecast
	switch {
	case beforeDeadline && !started:
		pr.Status, pr.Reason = NotStarted, "no observation since the baseline"
	case beforeDeadline && undefined != nil:
		pr.Status, pr.Reason = NotStarted, "the value is undefined: "+undefined.Error()
	case !beforeDeadline && pr.Actual == nil:
		pr.Status, pr.Reason = Missed, "no defined value at the deadline"
	case !beforeDeadline && k.meets(*pr.Actual):
		pr.Status, pr.Reason = Achieved, fmt.Sprintf("%s at the deadline meets the target", pr.Actual)
	case !beforeDeadline:
		pr.Status, pr.Reason = Missed, fmt.Sprintf("%s at the deadline does not meet the target", pr.Actual)
	case k.Direction != Within && k.meets(*pr.Actual):
		pr.Status, pr.Reason = Achieved, fmt.Sprintf("%s already meets the target %s", pr.Actual, k.Target.Value)
	case k.Direction != Within:
		threshold := hundred.Sub(k.Tolerance)
		switch {
		case !pr.Gap.IsPositive():
			pr.Status, pr.Reason = OnTrack, fmt.Sprintf("%s%% of the way, %s%% expected: ahead by %s points", pct(*pr.Share), pct(*pr.Expected), pct(pr.Gap.Neg()))
		case pr.Gap.LessThanOrEqual(k.Tolerance):
			pr.Status, pr.Reason = OnTrack, fmt.Sprintf("%s%% of the way, %s%% expected: behind by %s points, within the tolerance of %s", pct(*pr.Share), pct(*pr.Expected), pct(*pr.Gap), k.Tolerance)
		case f == nil:
			pr.Status, pr.Reason = AtRisk, fmt.Sprintf("behind plan by %s points (tolerance %s) and too few points for a forecast", pct(*pr.Gap), k.Tolerance)
		case f.Share.GreaterThanOrEqual(threshold):
			pr.Status, pr.Reason = AtRisk, fmt.Sprintf("behind plan by %s points (tolerance %s), but the trend reaches %s%% of the way by the deadline", pct(*pr.Gap), k.Tolerance, pct(*f.Share))
		default:
			pr.Status, pr.Reason = OffTrack, fmt.Sprintf("behind plan by %s points (tolerance %s) and the trend reaches only %s%% of the way by the deadline", pct(*pr.Gap), k.Tolerance, pct(*f.Share))
		}
	default:
		dist, allowed := k.outside(*pr.Actual)
		switch {
		case dist.IsZero() && f != nil && func() bool { d, a := k.outside(f.Value); return d.GreaterThan(a) }():
			pr.Status, pr.Reason = AtRisk, fmt.Sprintf("%s is inside the band, but the trend leaves it: %s by the deadline", pr.Actual, f.Value)
		case dist.IsZero():
			pr.Status, pr.Reason = OnTrack, fmt.Sprintf("%s is inside the band %s to %s", pr.Actual, k.Band.Low, k.Band.High)
		case dist.LessThanOrEqual(allowed):
			pr.Status, pr.Reason = AtRisk, fmt.Sprintf("%s is outside the band by %s, within the tolerance of %s", pr.Actual, dist, allowed)
		default:
			pr.Status, pr.Reason = OffTrack, fmt.Sprintf("%s is outside the band by %s, more than the tolerance of %s", pr.Actual, dist, allowed)
		}
	}
}

// pct prints a share for a sentence, to two places.
func pct(d decimal.Decimal) string { return d.StringFixed(2) }

// window is one value to compute: the observations in (q[start], q[end]].
type window struct{ start, end int }

// input is one input metric of the measure, read at the query instants.
type input struct {
	metric Metric
	cols   []*column
	sum    []decimal.Decimal // sum of values after q[0] and at or before q[i]
	count  []int             // number of such values
	gauge  []decimal.Decimal // total of each column's last reading at or before q[i]
	read   []bool            // whether any column had a reading by q[i]
}

// measurer computes a KPI's values at a set of instants.
type measurer struct {
	k        KPI
	q        []time.Time // query instants, ascending, distinct
	baseline int         // index of the baseline instant in q
	points   []window    // points[0] is the actual; then one a day back
	inputs   []input
	med      *medianIndex // built by the first median
}

func newMeasurer(k KPI, s *Series, e time.Time, trendDays int) (*measurer, error) {
	m := &measurer{k: k}
	// The trend points, newest first, and their window starts.
	type span struct{ start, end time.Time }
	var spans []span
	for j := 0; j < trendDays; j++ {
		b := e.AddDate(0, 0, -j)
		if j > 0 && !b.After(k.Baseline.At) {
			break
		}
		start := k.Baseline.At
		if k.WindowDays > 0 {
			start = b.AddDate(0, 0, -k.WindowDays)
		}
		spans = append(spans, span{start, b})
	}
	q := []time.Time{k.Baseline.At}
	for _, sp := range spans {
		q = append(q, sp.start, sp.end)
	}
	slices.SortFunc(q, func(a, b time.Time) int { return a.Compare(b) })
	q = slices.CompactFunc(q, time.Time.Equal)
	for i := range q {
		q[i] = q[i].In(e.Location())
	}
	m.q = q
	find := func(t time.Time) int {
		i, _ := slices.BinarySearchFunc(q, t, time.Time.Compare)
		return i
	}
	m.baseline = find(k.Baseline.At)
	for _, sp := range spans {
		m.points = append(m.points, window{find(sp.start), find(sp.end)})
	}

	// Read every input at every query instant.
	var currency string
	var currencyOf Metric
	for _, metric := range k.Measure.Inputs() {
		cols, cur, err := s.columns(metric, k.Channels, k.Accounts, "")
		if err != nil {
			return nil, err
		}
		if cur != "" {
			if currency != "" && cur != currency {
				return nil, fmt.Errorf("%w: %s is in %s but %s is in %s", ErrMixedCurrencies, metric, cur, currencyOf, currency)
			}
			currency, currencyOf = cur, metric
			if k.Unit == UnitMoney && cur != k.Currency {
				return nil, fmt.Errorf("%w: %s is recorded in %s but the KPI is in %s", ErrMixedCurrencies, metric, cur, k.Currency)
			}
		}
		m.inputs = append(m.inputs, readInput(metric, cols, q))
	}
	return m, nil
}

// readInput reads cols at each instant of q.
func readInput(metric Metric, cols []*column, q []time.Time) input {
	in := input{
		metric: metric, cols: cols,
		sum: make([]decimal.Decimal, len(q)), count: make([]int, len(q)),
		gauge: make([]decimal.Decimal, len(q)), read: make([]bool, len(q)),
	}
	for _, c := range cols {
		first := c.upTo(q[0])
		for i, t := range q {
			j := c.upTo(t)
			in.sum[i] = in.sum[i].Add(c.sum(first, j))
			in.count[i] += j - first
			if j > 0 {
				in.gauge[i] = in.gauge[i].Add(c.value(j - 1))
				in.read[i] = true
			}
		}
	}
	return in
}

// count returns the number of input observations in window (q[a], q[b]].
func (m *measurer) count(a, b int) int {
	n := 0
	for _, in := range m.inputs {
		n += in.count[b] - in.count[a]
	}
	return n
}

// figure returns input i's figure over w: the sum for counters, the mean
// for samples, the reading at the end for gauges. A counter or sample with
// no observation in w is undefined: missing data is not a zero.
func (m *measurer) figure(i int, w window) (decimal.Decimal, error) {
	in := &m.inputs[i]
	switch in.metric.Kind() {
	case KindGauge:
		if !in.read[w.end] {
			return decimal.Decimal{}, fmt.Errorf("%w: no %s reading", ErrUndefined, in.metric)
		}
		return in.gauge[w.end], nil
	case KindSample:
		n := in.count[w.end] - in.count[w.start]
		if n == 0 {
			return decimal.Decimal{}, fmt.Errorf("%w: no %s samples", ErrUndefined, in.metric)
		}
		return in.sum[w.end].Sub(in.sum[w.start]).DivRound(decimal.NewFromInt(int64(n)), Precision), nil
	}
	if in.count[w.end] == in.count[w.start] {
		return decimal.Decimal{}, fmt.Errorf("%w: no %s observation in the window", ErrUndefined, in.metric)
	}
	return in.sum[w.end].Sub(in.sum[w.start]), nil
}

// value returns the KPI's value over w, or an error wrapping ErrUndefined.
func (m *measurer) value(w window) (decimal.Decimal, error) {
	f := m.k.Measure.Formula
	switch f {
	case "":
		return m.figure(0, w)
	case MedianFirstResponseTime:
		return m.median(w)
	case FollowerGrowthRate:
		in := &m.inputs[0]
		if !in.read[w.start] || !in.read[w.end] {
			return decimal.Decimal{}, fmt.Errorf("%w: no followers reading at the start or the end of the window", ErrUndefined)
		}
		return FollowerGrowthRateOf(in.gauge[w.start], in.gauge[w.end])
	}
	figs := make([]decimal.Decimal, len(m.inputs))
	for i := range m.inputs {
		v, err := m.figure(i, w)
		if err != nil {
			return decimal.Decimal{}, err
		}
		figs[i] = v
	}
	switch f {
	case EngagementRateByReach:
		return EngagementRateByReachOf(figs[0], figs[1])
	case EngagementRateByImpressions:
		return EngagementRateByImpressionsOf(figs[0], figs[1])
	case EngagementRateByFollowers:
		return EngagementRateByFollowersOf(figs[0], figs[1])
	case ConversationRatePerPost:
		return ConversationRatePerPostOf(figs[0], figs[1])
	case AmplificationRatePerPost:
		return AmplificationRatePerPostOf(figs[0], figs[1])
	case ApplauseRatePerPost:
		return ApplauseRatePerPostOf(figs[0], figs[1])
	case ConversationRateByFollowers:
		return ConversationRateByFollowersOf(figs[0], figs[1])
	case AmplificationRateByFollowers:
		return AmplificationRateByFollowersOf(figs[0], figs[1])
	case ApplauseRateByFollowers:
		return ApplauseRateByFollowersOf(figs[0], figs[1])
	case ViralityRate:
		return ViralityRateOf(figs[0], figs[1])
	case ClickThroughRate:
		return ClickThroughRateOf(figs[0], figs[1])
	case CostPerClick:
		return CostPerClickOf(figs[0], figs[1])
	case CostPerMille:
		return CostPerMilleOf(figs[0], figs[1])
	case CostPerAcquisition:
		return CostPerAcquisitionOf(figs[0], figs[1])
	case ConversionRate:
		return ConversionRateOf(figs[0], figs[1])
	case ReturnOnInvestment:
		return ReturnOnInvestmentOf(figs[0], figs[1])
	case ShareOfVoice:
		return ShareOfVoiceOf(figs[0], figs[1])
	case NetSentimentPolar:
		return NetSentimentPolarOf(figs[0], figs[1])
	case NetSentimentAll:
		return NetSentimentAllOf(figs[0], figs[1], figs[2])
	case ResponseRate:
		return ResponseRateOf(figs[0], figs[1])
	case AverageFirstResponseTime:
		return figs[0], nil
	}
	return decimal.Decimal{}, fmt.Errorf("%w: unknown formula %q", ErrUndefined, f)
}

// median returns the median of the samples in w. The samples are ranked
// once, and the window's samples are kept in a Fenwick tree over the ranks
// as the windows move forward, so a trend of T points over N samples
// costs O((N + T) log N), not T × N (3,660 trend days over 200,000
// samples would select from 150,000 values 3,660 times).
func (m *measurer) median(w window) (decimal.Decimal, error) {
	in := &m.inputs[0]
	n := in.count[w.end] - in.count[w.start]
	if n == 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: no %s samples", ErrUndefined, in.metric)
	}
	if m.med == nil {
		m.med = newMedianIndex(in.cols, m.q[0], m.q[len(m.q)-1])
	}
	x := m.med
	x.move(x.upTo(m.q[w.start]), x.upTo(m.q[w.end]))
	hi := x.kth(n / 2)
	if n%2 == 1 {
		return hi, nil
	}
	return x.kth(n/2 - 1).Add(hi).Mul(half), nil
}

// medianIndex holds the samples of a measurer's range in time order, each
// with the rank of its value, and a window of them [lo, hi) counted by rank
// in a Fenwick tree.
type medianIndex struct {
	at      []time.Time
	rank    []int
	vals    []decimal.Decimal // by rank: the distinct values, ascending
	tree    []int             // Fenwick tree of counts by rank, 1-based
	lo, hi  int
	topStep int
}

func newMedianIndex(cols []*column, from, to time.Time) *medianIndex {
	type sample struct {
		at time.Time
		v  decimal.Decimal
	}
	var ss []sample
	for _, c := range cols {
		for i, j := c.upTo(from), c.upTo(to); i < j; i++ {
			ss = append(ss, sample{c.at[i], c.value(i)})
		}
	}
	slices.SortStableFunc(ss, func(a, b sample) int { return a.at.Compare(b.at) })
	byValue := make([]int, len(ss))
	for i := range byValue {
		byValue[i] = i
	}
	slices.SortFunc(byValue, func(a, b int) int { return ss[a].v.Cmp(ss[b].v) })
	x := &medianIndex{at: make([]time.Time, len(ss)), rank: make([]int, len(ss))}
	for k, i := range byValue {
		if k == 0 || !ss[i].v.Equal(x.vals[len(x.vals)-1]) {
			x.vals = append(x.vals, ss[i].v)
		}
		x.rank[i] = len(x.vals) - 1
	}
	for i, s := range ss {
		x.at[i] = s.at
	}
	x.tree = make([]int, len(x.vals)+1)
	x.topStep = 1
	for x.topStep*2 <= len(x.vals) {
		x.topStep *= 2
	}
	return x
}

// upTo returns how many of the samples are at or before t.
func (x *medianIndex) upTo(t time.Time) int {
	i, _ := slices.BinarySearchFunc(x.at, t, func(a, t time.Time) int {
		if a.After(t) {
			return 1
		}
		return -1
	})
	return i
}

func (x *medianIndex) add(i, d int) {
	for r := x.rank[i] + 1; r < len(x.tree); r += r & -r {
		x.tree[r] += d
	}
}

// move makes the window [lo, hi): forward by adding and removing samples,
// or, for a window earlier than the current one, from empty.
func (x *medianIndex) move(lo, hi int) {
	if lo < x.lo || hi < x.hi || lo >= x.hi {
		for i := x.lo; i < x.hi; i++ {
			x.add(i, -1)
		}
		x.lo, x.hi = lo, lo
	}
	for ; x.hi < hi; x.hi++ {
		x.add(x.hi, 1)
	}
	for ; x.lo < lo; x.lo++ {
		x.add(x.lo, -1)
	}
}

// kth returns the k-th smallest value of the window, from 0.
func (x *medianIndex) kth(k int) decimal.Decimal {
	pos := 0
	for step := x.topStep; step > 0; step >>= 1 {
		if pos+step < len(x.tree) && x.tree[pos+step] <= k {
			pos += step
			k -= x.tree[pos]
		}
	}
	return x.vals[pos]
}

// selectKth reorders s so that s[k] is the value that sorting would put
// there, with smaller or equal values before it, and returns s[k]. It
// partitions around a median of three and falls back to sorting after
// 2·log2(n) rounds, so the worst case is O(n log n).
func selectKth(s []decimal.Decimal, k int) decimal.Decimal {
	lo, hi := 0, len(s)-1
	budget := 2 * bits.Len(uint(len(s)))
	for lo < hi {
		if budget--; budget < 0 {
			slices.SortFunc(s[lo:hi+1], decimal.Decimal.Cmp)
			break
		}
		mid := lo + (hi-lo)/2
		if s[mid].LessThan(s[lo]) {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi].LessThan(s[lo]) {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[hi].LessThan(s[mid]) {
			s[hi], s[mid] = s[mid], s[hi]
		}
		pivot := s[mid]
		i, j := lo, hi
		for i <= j {
			for s[i].LessThan(pivot) {
				i++
			}
			for s[j].GreaterThan(pivot) {
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
			return s[k]
		}
	}
	return s[k]
}

// forecast fits the trend points and extends the line to the deadline.
func (m *measurer) forecast(k KPI, deadline time.Time) *Forecast {
	e := m.q[m.points[0].end]
	f := &Forecast{Method: "least_squares", At: deadline, WindowEnd: e,
		WindowStart: e.AddDate(0, 0, -(len(m.points) - 1))}
	var n, sx, sy, sxx, sxy decimal.Decimal
	for j := len(m.points) - 1; j >= 0; j-- {
		w := m.points[j]
		v, err := m.value(w)
		if errors.Is(err, ErrUndefined) {
			continue
		}
		t := m.q[w.end]
		f.Points = append(f.Points, Point{At: t, Value: v})
		x := seconds(e, t)
		n = n.Add(decimal.NewFromInt(1))
		sx, sy = sx.Add(x), sy.Add(v)
		sxx, sxy = sxx.Add(x.Mul(x)), sxy.Add(x.Mul(v))
	}
	den := n.Mul(sxx).Sub(sx.Mul(sx))
	if len(f.Points) < 2 || den.IsZero() {
		return nil
	}
	num := n.Mul(sxy).Sub(sx.Mul(sy))
	f.SlopePerDay = num.Mul(secondsPerDay).DivRound(den, Precision)
	xd := seconds(e, deadline)
	f.Value = sy.Mul(den).Add(num.Mul(n.Mul(xd).Sub(sx))).DivRound(n.Mul(den), Precision)
	if k.Direction != Within {
		sh := k.share(f.Value)
		f.Share = &sh
	}
	return f
}
