package community

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// TermKind says what a watched term stands for.
type TermKind string

// The kinds of watched term.
const (
	// TermBrand: the brand itself (its names, handles, products).
	TermBrand TermKind = "brand"
	// TermCompetitor: a competitor.
	TermCompetitor TermKind = "competitor"
	// TermTopic: a subject the brand follows.
	TermTopic TermKind = "topic"
	// TermKeyword: any other word or phrase worth counting.
	TermKeyword TermKind = "keyword"
)

var termKinds = []TermKind{TermBrand, TermCompetitor, TermTopic, TermKeyword}

// IsValid reports whether k is a known kind.
func (k TermKind) IsValid() bool { return enum.Valid(k, termKinds) }

// String returns the identifier of k.
func (k TermKind) String() string { return string(k) }

// MarshalText encodes k; an unknown value is an error.
func (k TermKind) MarshalText() ([]byte, error) {
	return enum.Marshal("community.TermKind", k, termKinds)
}

// UnmarshalText accepts exactly the known identifiers.
func (k *TermKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.TermKind", text, termKinds, k)
}

// Term is one watched brand, competitor, topic or keyword.
type Term struct {
	// Name identifies the term in reports; unique within a watchlist.
	Name string `json:"name" validate:"required"`
	// Kind says what it stands for.
	Kind TermKind `json:"kind" validate:"required,enum"`
	// Patterns are the words and phrases that count as a mention of the
	// term, matched ignoring case; empty means the name itself.
	Patterns []string `json:"patterns,omitempty"`
}

func (t Term) patterns() []string {
	if len(t.Patterns) == 0 {
		return []string{t.Name}
	}
	return t.Patterns
}

// Watchlist is what the community manager watches in the conversation.
// Compile it with [NewWatcher].
type Watchlist struct {
	// Terms are the watched terms.
	Terms []Term `json:"terms"`
	// InsideWords lets patterns match inside longer words ("eco" in
	// "ecology"); by default only whole words match.
	InsideWords bool `json:"insideWords,omitempty"`
}

// Validate reports every problem: missing or repeated names, unknown
// kinds, and empty, invalid or repeated patterns.
func (w Watchlist) Validate() error {
	var list validation.ErrorList
	names := make(map[string]bool, len(w.Terms))
	for i, t := range w.Terms {
		p := validation.NewPath("terms").Index(i)
		list = append(list, validate.Struct(p, t)...)
		if t.Name != "" && names[t.Name] {
			list = append(list, validation.Duplicate(p.Child("name"), t.Name))
		}
		names[t.Name] = true
		if len(t.Patterns) > 0 {
			list = list.Merge(p.Child("patterns"), checkTerms(t.Patterns))
		} else if t.Name != "" {
			list = list.Merge(p.Child("name"), checkPatterns([]string{t.Name}))
		}
	}
	return list.Err()
}

// Watcher is a compiled [Watchlist]: one multi-pattern automaton for every
// pattern of every term, built once and used for any number of texts. It
// is safe for concurrent use.
type Watcher struct {
	terms  []Term
	m      *Matcher
	termOf []int // pattern index -> term index
}

// NewWatcher compiles w; an invalid w gives a *validation.Error.
func NewWatcher(w Watchlist) (*Watcher, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	var patterns []string
	var termOf []int
	for i, t := range w.Terms {
		for _, p := range t.patterns() {
			patterns = append(patterns, p)
			termOf = append(termOf, i)
		}
	}
	m, err := NewMatcher(patterns, &MatcherOptions{WholeWords: !w.InsideWords})
	if err != nil {
		return nil, err
	}
	return &Watcher{terms: slices.Clone(w.Terms), m: m, termOf: termOf}, nil
}

// Terms returns the watched terms, in watchlist order.
func (w *Watcher) Terms() []Term { return slices.Clone(w.terms) }

// Match appends to dst the index of every term mentioned in text, in
// increasing order without repeats, and returns the extended slice. It
// reads text once, whatever the number of terms, in time linear in the
// text and the terms however they nest ([Matcher.AppendPatterns]), and
// allocates nothing when dst has room.
func (w *Watcher) Match(dst []int, text string) []int {
	from := len(dst)
	dst = w.m.AppendPatterns(dst, text)
	for i := from; i < len(dst); i++ {
		dst[i] = w.termOf[dst[i]]
	}
	if len(dst)-from > 1 {
		slices.Sort(dst[from:])
		dst = append(dst[:from], slices.Compact(dst[from:])...)
	}
	return dst
}

// ErrPeriods is returned, wrapped, for periods that are empty, out of
// order or overlapping, and for more than MaxPeriods of them.
var ErrPeriods = errors.New("community: periods must be non-empty, in order and not overlapping")

// MaxPeriods bounds the periods one call to [Periods] returns and
// [Watcher.Count] counts.
const MaxPeriods = 100_000

// Periods returns n consecutive calendar periods of kind p (a day, an ISO
// week from Monday, a month) in start's location, the first being the one
// that holds start. Each begins at local midnight, or where the day begins
// when midnight falls in a DST gap.
func Periods(start time.Time, p kpi.Period, n int) ([]calendar.Window, error) {
	if !p.IsValid() {
		var q kpi.Period
		return nil, fmt.Errorf("community: %w", q.UnmarshalText([]byte(p)))
	}
	if n < 0 || n > MaxPeriods {
		return nil, fmt.Errorf("%w: %d periods asked, at most %d", ErrPeriods, n, MaxPeriods)
	}
	loc := start.Location()
	d := calendar.DateOf(start)
	switch p {
	case kpi.Week:
		d = d.AddDays(-((int(d.Weekday()) + 6) % 7))
	case kpi.Month:
		d.Day = 1
	}
	next := func(d calendar.LocalDate) calendar.LocalDate {
		switch p {
		case kpi.Week:
			return d.AddDays(7)
		case kpi.Month:
			return calendar.DateOf(time.Date(d.Year, d.Month+1, 1, 0, 0, 0, 0, time.UTC))
		}
		return d.AddDays(1)
	}
	out := make([]calendar.Window, n)
	for i := range out {
		e := next(d)
		out[i] = calendar.Window{From: d.In(loc), To: e.In(loc)}
		d = e
	}
	return out, nil
}

// WatchCounts counts, for each term and each period, the interactions
// that mention the term (an interaction counts once per term, however many
// times it names it).
type WatchCounts struct {
	// Terms are the watched terms, in watchlist order.
	Terms []Term `json:"terms"`
	// Periods are the periods counted, in order.
	Periods []calendar.Window `json:"periods"`
	// Interactions counts all interactions in each period.
	Interactions []int `json:"interactions"`
	// Mentions[t][p] counts the interactions of period p that mention
	// term t.
	Mentions [][]int `json:"mentions"`
}

// Count matches every interaction's text once against all terms and counts
// the mentions per period. Interactions outside every period are skipped.
// Periods must be non-empty, in order and not overlapping, and at most
// [MaxPeriods] (ErrPeriods). The counts take one int per term and period.
func (w *Watcher) Count(b Inbox, periods []calendar.Window) (*WatchCounts, error) {
	if len(periods) > MaxPeriods {
		return nil, fmt.Errorf("%w: %d periods, at most %d", ErrPeriods, len(periods), MaxPeriods)
	}
	for i, p := range periods {
		if !p.From.Before(p.To) || (i > 0 && p.From.Before(periods[i-1].To)) {
			return nil, fmt.Errorf("%w: period %d is %s to %s", ErrPeriods, i, p.From.Format(time.RFC3339), p.To.Format(time.RFC3339))
		}
	}
	c := &WatchCounts{
		Terms:        slices.Clone(w.terms),
		Periods:      slices.Clone(periods),
		Interactions: make([]int, len(periods)),
		Mentions:     make([][]int, len(w.terms)),
	}
	for t := range c.Mentions {
		c.Mentions[t] = make([]int, len(periods))
	}
	var buf []int
	for _, in := range b {
		p := sort.Search(len(periods), func(i int) bool { return in.At.Before(periods[i].To) })
		if p == len(periods) || in.At.Before(periods[p].From) {
			continue
		}
		c.Interactions[p]++
		buf = w.Match(buf[:0], in.Text)
		for _, t := range buf {
			c.Mentions[t][p]++
		}
	}
	return c, nil
}

// ErrNoPeriod is returned, wrapped, for a period index out of range.
var ErrNoPeriod = errors.New("community: no such period")

func (c *WatchCounts) checkPeriod(p int) error {
	if p < 0 || p >= len(c.Periods) {
		return fmt.Errorf("%w: %d of %d", ErrNoPeriod, p, len(c.Periods))
	}
	return nil
}

// sumKind adds up the mentions of the terms of kind k in period p.
func (c *WatchCounts) sumKind(k TermKind, p int) int64 {
	var n int64
	for t, term := range c.Terms {
		if term.Kind == k {
			n += int64(c.Mentions[t][p])
		}
	}
	return n
}

// VoiceShare is one brand's share of voice in a period.
type VoiceShare struct {
	// Term is the brand or competitor term.
	Term string   `json:"term"`
	Kind TermKind `json:"kind"`
	// Mentions counts the interactions that mention it.
	Mentions int `json:"mentions"`
	// Share is kpi's share of voice in percent: its mentions over the
	// mentions of the brand and all competitors. Null when nobody was
	// mentioned.
	Share decimal.NullDecimal `json:"share"`
}

// ShareOfVoice returns, for period p, the share of voice of the brand (all
// brand terms together, first, named "brand" when there are several) and
// of each competitor, computed with kpi.ShareOfVoiceOf over the mentions of
// the brand and of all competitors.
func (c *WatchCounts) ShareOfVoice(p int) ([]VoiceShare, error) {
	if err := c.checkPeriod(p); err != nil {
		return nil, err
	}
	brand := c.sumKind(TermBrand, p)
	total := brand + c.sumKind(TermCompetitor, p)
	share := func(n int64) decimal.NullDecimal {
		v, err := kpi.ShareOfVoiceOf(decimal.NewFromInt(n), decimal.NewFromInt(total-n))
		if err != nil {
			return decimal.NullDecimal{}
		}
		return decimal.NewNullDecimal(v)
	}
	name := string(TermBrand)
	brands := 0
	for _, t := range c.Terms {
		if t.Kind == TermBrand {
			brands++
			name = t.Name
		}
	}
	if brands != 1 {
		name = string(TermBrand)
	}
	out := []VoiceShare{{Term: name, Kind: TermBrand, Mentions: int(brand), Share: share(brand)}}
	for t, term := range c.Terms {
		if term.Kind == TermCompetitor {
			n := int64(c.Mentions[t][p])
			out = append(out, VoiceShare{Term: term.Name, Kind: TermCompetitor, Mentions: int(n), Share: share(n)})
		}
	}
	return out, nil
}

// Observations returns kpi observations of the counts: for each period,
// the brand's mentions and the competitors' mentions, at the period's end,
// ready for kpi's share_of_voice formula.
func (c *WatchCounts) Observations() []kpi.Observation {
	out := make([]kpi.Observation, 0, 2*len(c.Periods))
	for p, w := range c.Periods {
		out = append(out,
			kpi.Observation{Metric: kpi.Mentions, At: w.To, Value: decimal.NewFromInt(c.sumKind(TermBrand, p))},
			kpi.Observation{Metric: kpi.CompetitorMentions, At: w.To, Value: decimal.NewFromInt(c.sumKind(TermCompetitor, p))},
		)
	}
	return out
}

// RisingOptions configures [WatchCounts.Rising]. The zero value, or a nil
// *RisingOptions, reports topics and keywords with at least one mention
// that grew at all.
type RisingOptions struct {
	// Kinds are the kinds of term considered; empty means topics and
	// keywords.
	Kinds []TermKind `json:"kinds,omitempty"`
	// MinMentions is the fewest mentions in the period for a term to
	// count; 0 means 1.
	MinMentions int `json:"minMentions,omitempty"`
	// MinGrowth is the least growth, in percent, for a term to count; zero
	// means any growth above 0.
	MinGrowth decimal.Decimal `json:"minGrowth,omitzero"`
}

// Validate reports every problem with o: unknown kinds, a negative
// MinMentions or MinGrowth (which would not mean what they say: only terms
// that were mentioned and grew are reported), and a MinGrowth beyond
// validation's decimal bounds.
func (o RisingOptions) Validate() error {
	var list validation.ErrorList
	for i, k := range o.Kinds {
		if !k.IsValid() {
			list = append(list, validation.NotSupported(validation.NewPath("kinds").Index(i), string(k), termKinds))
		}
	}
	if o.MinMentions < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("minMentions"), o.MinMentions, "must not be negative"))
	}
	if fe := validation.CheckDecimal(validation.NewPath("minGrowth"), o.MinGrowth); fe != nil {
		list = append(list, fe)
	} else if o.MinGrowth.IsNegative() {
		list = append(list, validation.OutOfRange(validation.NewPath("minGrowth"), o.MinGrowth.String(), "must not be negative"))
	}
	return list.Err()
}

// Trend is a term's change from one period to the next.
type Trend struct {
	Term string   `json:"term"`
	Kind TermKind `json:"kind"`
	// Previous and Current are the mentions in the two periods.
	Previous int `json:"previous"`
	Current  int `json:"current"`
	// Growth is (Current − Previous) / Previous × 100, in percent, rounded
	// to kpi.Precision places; null for a term new in this period
	// (Previous is 0).
	Growth decimal.NullDecimal `json:"growth"`
}

// Rising returns the terms whose mentions grew from period p−1 to period
// p: new terms first (by mentions), then by growth, then by mentions, then
// by name. Period 0 has no previous period, so every term mentioned in it
// is new. Invalid options are a *validation.Error with paths below
// "options".
func (c *WatchCounts) Rising(p int, opts *RisingOptions) ([]Trend, error) {
	if err := c.checkPeriod(p); err != nil {
		return nil, err
	}
	var o RisingOptions
	if opts != nil {
		o = *opts
	}
	if err := validation.ErrorList(nil).Merge(validation.NewPath("options"), o.Validate()).Err(); err != nil {
		return nil, err
	}
	if len(o.Kinds) == 0 {
		o.Kinds = []TermKind{TermTopic, TermKeyword}
	}
	if o.MinMentions <= 0 {
		o.MinMentions = 1
	}
	var out []Trend
	for t, term := range c.Terms {
		if !slices.Contains(o.Kinds, term.Kind) {
			continue
		}
		cur, prev := c.Mentions[t][p], 0
		if p > 0 {
			prev = c.Mentions[t][p-1]
		}
		if cur < o.MinMentions || cur <= prev {
			continue
		}
		tr := Trend{Term: term.Name, Kind: term.Kind, Previous: prev, Current: cur}
		if prev > 0 {
			g := decimal.NewFromInt(int64(cur-prev)).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(int64(prev)), kpi.Precision)
			if g.LessThan(o.MinGrowth) {
				continue
			}
			tr.Growth = decimal.NewNullDecimal(g)
		}
		out = append(out, tr)
	}
	slices.SortFunc(out, func(x, y Trend) int {
		if x.Growth.Valid != y.Growth.Valid {
			if !x.Growth.Valid {
				return -1
			}
			return 1
		}
		if x.Growth.Valid {
			if c := y.Growth.Decimal.Cmp(x.Growth.Decimal); c != 0 {
				return c
			}
		}
		return cmp.Or(cmp.Compare(y.Current, x.Current), cmp.Compare(x.Term, y.Term))
	})
	return out, nil
}
