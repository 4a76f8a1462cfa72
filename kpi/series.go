package kpi

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// ErrMixedCurrencies is returned, wrapped, when money in different
// currencies would be added, divided or compared, or when observations are
// not in the currency of the KPI they feed. tandem never converts
// currencies.
var ErrMixedCurrencies = errors.New("kpi: mixed currencies")

// ErrInvalidArgument is returned, wrapped, when a function argument that is
// not a user-filled value is unusable: a nil location, a window that ends
// before it starts, a query that would produce too many buckets.
var ErrInvalidArgument = errors.New("kpi: invalid argument")

// Series is a validated set of observations, ready to measure. Build one
// with [NewSeries]; a nil or zero *Series is empty.
//
// A series keeps the observations of each metric on each channel and
// account (a column) in time order, and stores their values compactly as int64
// coefficients at one exponent per column, so that sums over millions of
// values are exact and allocate nothing per value (see [Series.Sum]). A
// column whose values do not fit that form keeps decimal values instead; the
// results are the same, only slower.
//
// A Series is immutable after construction and safe for concurrent use.
type Series struct {
	cols []column // ordered by metric, then channel ("" first), then account ("" first)
	n    int
}

// column is the observations of one metric on one channel and account, in
// time order.
type column struct {
	metric  Metric
	channel channel.Channel
	// account is the handle as the column's first observation spells it;
	// key is its lower-case form, by which observations are grouped.
	account, key string
	currency     string
	at           []time.Time
	coef         []int64 // value i is coef[i] × 10^exp; nil when dec is used
	exp          int32
	dec          []decimal.Decimal // exact fallback; nil when coef is used
	// The running totals: pre[i] (or preDec[i] with dec) is the sum of the
	// first i values, so that the sum over any range is one subtraction
	// and an evaluation's cost does not grow with the observations it
	// spans (a plan of many KPIs on one metric would otherwise read the
	// column once per KPI).
	pre    []acc
	preDec []decimal.Decimal
}

// value returns the i-th value.
func (c *column) value(i int) decimal.Decimal {
	if c.dec != nil {
		return c.dec[i]
	}
	return decimal.New(c.coef[i], c.exp)
}

// sum returns the exact sum of values [i, j), in constant time.
func (c *column) sum(i, j int) decimal.Decimal {
	if i >= j {
		return decimal.Decimal{}
	}
	if c.dec != nil {
		return c.preDec[j].Sub(c.preDec[i])
	}
	return c.pre[j].sub(c.pre[i]).decimal(c.exp)
}

// totals fills the column's running totals.
func (c *column) totals() {
	if c.dec != nil {
		c.preDec = make([]decimal.Decimal, len(c.dec)+1)
		for i, d := range c.dec {
			c.preDec[i+1] = c.preDec[i].Add(d)
		}
		return
	}
	c.pre = make([]acc, len(c.coef)+1)
	for i, x := range c.coef {
		a := c.pre[i]
		a.add(x)
		c.pre[i+1] = a
	}
}

// extreme returns the smallest (sign -1) or largest (sign 1) value in
// [i, j), which must not be empty.
func (c *column) extreme(i, j, sign int) decimal.Decimal {
	if c.dec != nil {
		best := c.dec[i]
		for _, d := range c.dec[i+1 : j] {
			if d.Cmp(best) == sign {
				best = d
			}
		}
		return best
	}
	best := c.coef[i]
	for _, x := range c.coef[i+1 : j] {
		if (sign < 0 && x < best) || (sign > 0 && x > best) {
			best = x
		}
	}
	return decimal.New(best, c.exp)
}

// upTo returns how many observations are at or before t.
func (c *column) upTo(t time.Time) int {
	return sort.Search(len(c.at), func(i int) bool { return c.at[i].After(t) })
}

// before returns how many observations are strictly before t.
func (c *column) before(t time.Time) int {
	return sort.Search(len(c.at), func(i int) bool { return !c.at[i].Before(t) })
}

type colKey struct {
	metric  Metric
	channel channel.Channel
	account string // lower case
}

// accountKey is the form in which handles group observations: lower case,
// as channel.SameHandle compares them. It allocates only for a handle with
// upper-case letters.
func accountKey(h string) string { return strings.ToLower(h) }

// matches reports whether the column is among chs and accs; both empty
// select every column. A column with no account is a figure of its
// network as a whole and matches no account.
func (c *column) matches(chs []channel.Channel, accs []channel.AccountRef) bool {
	if len(chs) == 0 && len(accs) == 0 {
		return true
	}
	if slices.Contains(chs, c.channel) {
		return true
	}
	if c.account == "" {
		return false
	}
	for _, a := range accs {
		if a.Channel == c.channel && channel.SameHandle(a.Handle, c.account) {
			return true
		}
	}
	return false
}

// NewSeries validates obs and returns them as a series. Observations may
// come in any interleaving of metrics, channels and accounts, but those of
// one metric on one channel and account must be in time order:
//
//   - an observation earlier than the previous one of its metric, channel
//     and account is out of order (code out_of_order at [i].at);
//   - for counters and gauges, a second observation at the same instant is
//     a duplicate (code duplicate at [i].at); samples may share an instant;
//   - money observations of one metric, channel and account must share a
//     currency (code conflict at [i].currency).
//
// Handles are compared without regard to case: "AcmeCoffee" and
// "acmecoffee" are one account, and the series keeps the spelling of its
// first observation ([Series.Observations] returns that one).
//
// Every problem, with the paths of the invalid observations ([3].value), is
// reported in one *validation.Error. NewSeries does not keep obs.
func NewSeries(obs []Observation) (*Series, error) {
	var list validation.ErrorList
	index := map[colKey]int{}
	type draft struct {
		key      colKey
		account  string
		currency string
		last     time.Time
		count    int
		minExp   int32
		compact  bool
	}
	var drafts []draft
	where := make([]int32, len(obs))
	lastKey, lastCol := colKey{}, -1
	for i, o := range obs {
		path := func() *validation.Path { return (*validation.Path)(nil).Index(i) }
		if !o.valid() {
			if errs := o.validate(path()); len(errs) > 0 {
				list = append(list, errs...)
				continue
			}
		}
		k := colKey{o.Metric, o.Channel, accountKey(o.Account)}
		ci := lastCol
		if k != lastKey || ci < 0 {
			var ok bool
			if ci, ok = index[k]; !ok {
				ci = len(drafts)
				index[k] = ci
				drafts = append(drafts, draft{key: k, account: o.Account, currency: o.Currency, compact: true, minExp: MaxScale})
			}
			lastKey, lastCol = k, ci
		}
		where[i] = int32(ci)
		d := &drafts[ci]
		if d.count > 0 {
			switch {
			case o.At.Before(d.last):
				list = append(list, validation.OutOfOrder(path().Child("at"), o.At.Format(time.RFC3339Nano),
					fmt.Sprintf("is before the previous %s observation on %s (%s)", o.Metric, placeName(o.Channel, o.Account), d.last.Format(time.RFC3339Nano))))
			case o.At.Equal(d.last) && o.Metric.Kind() != KindSample:
				list = append(list, validation.Duplicate(path().Child("at"), o.At.Format(time.RFC3339Nano)))
			}
			if o.Currency != d.currency {
				list = append(list, validation.Conflict(path().Child("currency"), o.Currency,
					fmt.Sprintf("earlier %s observations on %s are in %s", o.Metric, placeName(o.Channel, o.Account), d.currency)))
			}
		}
		if o.At.After(d.last) || d.count == 0 {
			d.last = o.At
		}
		d.count++
		if c, e, ok := small(o.Value); ok {
			if c != 0 && e < d.minExp {
				d.minExp = e
			}
		} else {
			d.compact = false
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	cols := make([]column, len(drafts))
	for ci, d := range drafts {
		c := column{metric: d.key.metric, channel: d.key.channel, account: d.account, key: d.key.account,
			currency: d.currency, at: make([]time.Time, 0, d.count)}
		if d.compact {
			if d.minExp == MaxScale { // every value is zero
				d.minExp = 0
			}
			c.exp = d.minExp
			c.coef = make([]int64, 0, d.count)
		} else {
			c.dec = make([]decimal.Decimal, 0, d.count)
		}
		cols[ci] = c
	}
	for i, o := range obs {
		c := &cols[where[i]]
		c.at = append(c.at, o.At)
		if c.dec != nil {
			c.dec = append(c.dec, o.Value)
			continue
		}
		coef, e, _ := small(o.Value)
		scaled, ok := scaleUp(coef, int64(e)-int64(c.exp))
		if !ok {
			// This value does not fit at the column's exponent: keep the
			// column as decimals, converting what was stored so far.
			c.dec = make([]decimal.Decimal, len(c.coef), cap(c.coef))
			for j, x := range c.coef {
				c.dec[j] = decimal.New(x, c.exp)
			}
			c.coef = nil
			c.dec = append(c.dec, o.Value)
			continue
		}
		c.coef = append(c.coef, scaled)
	}
	for ci := range cols {
		cols[ci].totals()
	}
	slices.SortFunc(cols, func(a, b column) int {
		if d := metricIndex(a.metric) - metricIndex(b.metric); d != 0 {
			return d
		}
		if d := channelIndex(a.channel) - channelIndex(b.channel); d != 0 {
			return d
		}
		return strings.Compare(a.key, b.key)
	})
	return &Series{cols: cols, n: len(obs)}, nil
}

func channelIndex(c channel.Channel) int {
	if c == "" {
		return -1
	}
	return slices.Index(channel.All(), c)
}

func channelName(c channel.Channel) string {
	if c == "" {
		return "no channel"
	}
	return string(c)
}

// placeName names a channel, or an account on it, in a message: "x",
// "@acme on x", "no channel".
func placeName(c channel.Channel, account string) string {
	if account == "" {
		return channelName(c)
	}
	return "@" + account + " on " + channelName(c)
}

// Len returns the number of observations.
func (s *Series) Len() int {
	if s == nil {
		return 0
	}
	return s.n
}

// Observations walks the observations, metric by metric (in the order of
// [Metrics]), channel by channel (no channel first, then the order of
// channel.All) and account by account (no account first, then by handle
// without regard to case), each in time order. Values keep their numeric
// value; their exponent may differ from the one given (12.5 may come back
// as 12.50). An account's handle comes back as its first observation
// spelled it (see [NewSeries]).
func (s *Series) Observations() iter.Seq[Observation] {
	return func(yield func(Observation) bool) {
		if s == nil {
			return
		}
		for ci := range s.cols {
			c := &s.cols[ci]
			for i, at := range c.at {
				o := Observation{Metric: c.metric, Channel: c.channel, Account: c.account, At: at, Value: c.value(i), Currency: c.currency}
				if !yield(o) {
					return
				}
			}
		}
	}
}

// MarshalJSON encodes the series as a JSON array of observations, in the
// order of [Series.Observations].
func (s *Series) MarshalJSON() ([]byte, error) {
	obs := make([]Observation, 0, s.Len())
	for o := range s.Observations() {
		obs = append(obs, o)
	}
	return json.Marshal(obs)
}

// UnmarshalJSON decodes a JSON array of observations and validates it as
// [NewSeries] does.
func (s *Series) UnmarshalJSON(data []byte) error {
	// Checked once as observations, decoded as their plain twins, so that
	// encoding/json does not check each observation again.
	var plain []observationJSON
	if err := strictjson.UnmarshalAs(data, new([]Observation), &plain); err != nil {
		return err
	}
	obs := make([]Observation, len(plain))
	for i, o := range plain {
		obs[i] = Observation(o)
	}
	ns, err := NewSeries(obs)
	if err != nil {
		return err
	}
	*s = *ns
	return nil
}

// observationJSON is Observation without its decoder, for
// Series.UnmarshalJSON.
type observationJSON Observation

// Selection picks the observations of one metric, optionally on some
// channels or accounts only and in one currency.
type Selection struct {
	// Metric is the metric to read.
	Metric Metric `json:"metric"`
	// Channels limits the selection to these networks, whatever account
	// the observations name. Empty (with Accounts empty too) means every
	// observation of the metric, including those with no channel.
	Channels []channel.Channel `json:"channels,omitempty"`
	// Accounts limits the selection to the observations of these
	// accounts, as [KPI.Accounts] does: an observation with no account
	// belongs to no account. With Channels too, the selection reads
	// either.
	Accounts []channel.AccountRef `json:"accounts,omitempty"`
	// Currency, for money metrics, keeps only observations in this
	// currency. When it is empty and the selected observations are in
	// several currencies, sums and aggregates fail with ErrMixedCurrencies.
	Currency string `json:"currency,omitempty"`
}

// Validate reports every problem with the selection: an unknown metric or
// channel, a repeated channel or account, an account without a handle or
// on a channel the selection reads as a whole, a malformed currency or a
// currency on a metric that is not money.
func (q Selection) Validate() error {
	var list validation.ErrorList
	if !q.Metric.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("metric"), string(q.Metric), allMetrics))
	}
	list = append(list, checkChannels(validation.NewPath("channels"), q.Channels)...)
	if len(q.Accounts) > 0 { // the path is built only when there are accounts
		list = append(list, channel.CheckRefs(validation.NewPath("accounts"), q.Accounts, q.Channels)...)
	}
	if q.Currency != "" {
		list = append(list, checkCurrency(validation.NewPath("currency"), q.Currency, q.Metric.Unit() == UnitMoney, q.Metric.IsValid())...)
	}
	return list.Err()
}

func checkChannels(p *validation.Path, chs []channel.Channel) validation.ErrorList {
	var list validation.ErrorList
	for i, c := range chs {
		switch {
		case !c.IsValid():
			list = append(list, validation.NotSupported(p.Index(i), string(c), channel.All()))
		case slices.Index(chs[:i], c) >= 0:
			list = append(list, validation.Duplicate(p.Index(i), string(c)))
		}
	}
	return list
}

// selectCols returns the columns that q picks, and their common currency.
func (s *Series) selectCols(q Selection) ([]*column, string, error) {
	if err := q.Validate(); err != nil {
		return nil, "", err
	}
	return s.columns(q.Metric, q.Channels, q.Accounts, q.Currency)
}

// columns returns the columns of metric m on channels chs or accounts accs
// (all when both are empty), in currency cur (any when empty), and checks
// that they share a currency.
func (s *Series) columns(m Metric, chs []channel.Channel, accs []channel.AccountRef, cur string) ([]*column, string, error) {
	if s == nil {
		return nil, cur, nil
	}
	var out []*column
	currency := cur
	for ci := range s.cols {
		c := &s.cols[ci]
		if c.metric != m || !c.matches(chs, accs) || (cur != "" && c.currency != cur) {
			continue
		}
		if currency == "" {
			currency = c.currency
		} else if c.currency != currency {
			return nil, "", fmt.Errorf("%w: %s is recorded in %s and %s; select one currency", ErrMixedCurrencies, m, currency, c.currency)
		}
		out = append(out, c)
	}
	return out, currency, nil
}

// Sum returns the exact sum of the selected values; the sum of none is zero.
//
// This is tandem's fast exact sum: values are added as int64 coefficients
// into a 128-bit accumulator, with no allocation per value, so a million
// amounts take about as long as a float64 loop over them, with no rounding.
// It fails with ErrMixedCurrencies when the selection holds several
// currencies, or with a *validation.Error when the selection is invalid.
func (s *Series) Sum(q Selection) (decimal.Decimal, error) {
	cols, _, err := s.selectCols(q)
	if err != nil {
		return decimal.Decimal{}, err
	}
	total := decimal.Decimal{}
	for _, c := range cols {
		total = total.Add(c.sum(0, len(c.at)))
	}
	return total, nil
}

// Currencies returns the currencies in which metric m is recorded, sorted.
func (s *Series) Currencies(m Metric) []string {
	var out []string
	if s == nil {
		return nil
	}
	for _, c := range s.cols {
		if c.metric == m && c.currency != "" && !slices.Contains(out, c.currency) {
			out = append(out, c.currency)
		}
	}
	slices.SortFunc(out, strings.Compare)
	return out
}
