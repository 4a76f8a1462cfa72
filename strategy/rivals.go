package strategy

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/civil"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// ErrRivalsOptions is returned, wrapped, by Rivals for options it cannot
// use: an unknown period, a missing window, a window that ends before it
// starts, or more than MaxRivalPeriods periods or MaxRivalFigures figures.
var ErrRivalsOptions = errors.New("strategy: bad rivals options")

// MaxRivalPeriods is the most periods one call to Rivals covers (nineteen
// years of weeks); a longer window is ErrRivalsOptions.
const MaxRivalPeriods = 1000

// MaxRivalFigures is the most rows of figures (periods times the plan's
// accounts plus the brand and the competitors) one call to Rivals builds;
// more is ErrRivalsOptions, never a shortened report.
const MaxRivalFigures = 1_000_000

// The minimum evidence of the recommendation rival.share_of_voice (see
// RivalRecommendations).
const (
	// RivalGainPeriods is how many complete periods, the last ones before
	// the review's instant, the rule compares: the first with the last.
	RivalGainPeriods = 3
	// RivalGainMinMentions is the fewest mentions of all tracked accounts
	// each of those periods must hold, so that a few mentions do not move
	// a share by many points.
	RivalGainMinMentions = 30
	// RivalGainMinPoints is the least change, in percentage points of
	// share of voice, that counts: the rival's share must rise and the
	// brand's fall by at least this much.
	RivalGainMinPoints = 5
)

// RivalsOptions say which periods Rivals reports on. The plan's zone
// draws the periods.
type RivalsOptions struct {
	// Period is kpi.Week (ISO weeks from Monday's midnight) or kpi.Month
	// (calendar months from the 1st's midnight); kpi.Day works too.
	Period kpi.Period `json:"period"`
	// From and To are the window: every period that overlaps [From, To)
	// is reported, whole, so the first may begin before From. Review
	// fills a zero To with its as-of instant and a zero From with the
	// start of the period RivalGainPeriods periods before the one that
	// holds To. Under Review, the paths of Rivals' errors index the
	// series' observations in the order kpi.Series.Observations gives.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
}

// ExclusionReason says why Rivals did not read an observation.
type ExclusionReason string

// The reasons Rivals leaves an observation out. Each is counted in
// RivalsReport.Excluded; none is silent.
const (
	// ExcludedMetric: Rivals reads followers, posts, engagements and
	// mentions only. competitor_mentions (the brand's total of its rivals'
	// mentions) is not read: a rival's mentions are mentions observed on
	// its own account. new_followers (a counter of gross new followers)
	// is not read either: growth comes from followers readings, and adding
	// a counter to a gauge's levels would count unfollows wrongly.
	ExcludedMetric ExclusionReason = "metric_not_read"
	// ExcludedNoChannel: the observation names no network, so no account
	// (a total rolled up across networks).
	ExcludedNoChannel ExclusionReason = "no_channel"
	// ExcludedOutsidePeriods: the observation falls after the last
	// period, or is a counter before the first (followers readings before
	// the first period give its starting level).
	ExcludedOutsidePeriods ExclusionReason = "outside_periods"
)

var allExclusionReasons = []ExclusionReason{ExcludedMetric, ExcludedNoChannel, ExcludedOutsidePeriods}

// IsValid reports whether r is a known reason.
func (r ExclusionReason) IsValid() bool { return enum.Valid(r, allExclusionReasons) }

// String returns the reason's identifier.
func (r ExclusionReason) String() string { return string(r) }

// MarshalText encodes a known reason; an unknown one is an error.
func (r ExclusionReason) MarshalText() ([]byte, error) {
	return enum.Marshal("strategy.ExclusionReason", r, allExclusionReasons)
}

// UnmarshalText accepts exactly the known reasons.
func (r *ExclusionReason) UnmarshalText(text []byte) error {
	return enum.Unmarshal("strategy.ExclusionReason", text, allExclusionReasons, r)
}

// Exclusion counts the observations of one metric left out for one reason.
type Exclusion struct {
	Reason ExclusionReason `json:"reason"`
	Metric kpi.Metric      `json:"metric"`
	Count  int             `json:"count"`
}

// RivalsReport is the brand and its competitors side by side, period by
// period.
type RivalsReport struct {
	Period kpi.Period `json:"period"`
	// Zone is the plan's IANA zone, in which the periods begin.
	Zone    string        `json:"zone"`
	Periods []RivalPeriod `json:"periods"`
	// Excluded counts the observations not read, by reason and metric, in
	// the order of the reasons and of kpi.Metrics.
	Excluded []Exclusion `json:"excluded,omitempty"`
}

// RivalPeriod holds one period's figures.
type RivalPeriod struct {
	// Label names the period as kpi does: 2027-W03, 2027-01, 2027-01-18.
	Label string `json:"label"`
	// Start is the period's first instant, End the first after it.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Days is the period's length in calendar days (a month in Madrid
	// that holds a DST change still has its 31 days).
	Days int `json:"days"`
	// Mentions is the total of every tracked account's mentions, the
	// denominator of share of voice; nil when no account has a mentions
	// observation in the period.
	Mentions *decimal.Decimal `json:"mentions,omitempty"`
	// Accounts are the plan's accounts, in plan order.
	Accounts []RivalFigures `json:"accounts"`
	// Competitors are the brand (first, Competitor empty, Brand true) and
	// each competitor of the research that holds an account, in research
	// order, with their accounts' figures added up and their ranks.
	Competitors []RivalFigures `json:"competitors"`
}

// Competitor returns the figures of the competitor named name (the brand's
// for ""), and false when it holds no account.
func (p RivalPeriod) Competitor(name string) (RivalFigures, bool) {
	for _, f := range p.Competitors {
		if f.Competitor == name {
			return f, true
		}
	}
	return RivalFigures{}, false
}

// RivalFigures are one account's, or one competitor's, figures in a period.
// A nil figure is undefined: no observation of what it needs, or a zero
// denominator. Counts are exact; rates are in percent, rounded to
// kpi.Precision places.
type RivalFigures struct {
	// Competitor holds the account or is the group; empty for the brand.
	Competitor string `json:"competitor,omitempty"`
	// Brand is true for the brand's accounts and the brand's group.
	Brand bool `json:"brand,omitempty"`
	// Account is set on account rows and zero on a group's.
	Account channel.AccountRef `json:"account,omitzero"`
	// Posts published in the period: the sum of its posts observations.
	Posts *decimal.Decimal `json:"posts,omitempty"`
	// PostsPerWeek is Posts × 7 ÷ the period's days.
	PostsPerWeek *decimal.Decimal `json:"postsPerWeek,omitempty"`
	// Engagements in the period: the sum of its engagements observations.
	Engagements *decimal.Decimal `json:"engagements,omitempty"`
	// FollowersStart is the last followers reading before the period;
	// FollowersEnd the last one in it.
	FollowersStart *decimal.Decimal `json:"followersStart,omitempty"`
	FollowersEnd   *decimal.Decimal `json:"followersEnd,omitempty"`
	// FollowerGrowth is FollowersEnd − FollowersStart;
	// FollowerGrowthPercent is kpi.FollowerGrowthRateOf (undefined for zero
	// followers at the start).
	FollowerGrowth        *decimal.Decimal `json:"followerGrowth,omitempty"`
	FollowerGrowthPercent *decimal.Decimal `json:"followerGrowthPercent,omitempty"`
	// EngagementRate is kpi.EngagementRateByFollowersOf(Engagements,
	// FollowersEnd): undefined for zero followers.
	EngagementRate *decimal.Decimal `json:"engagementRate,omitempty"`
	// Mentions in the period: the sum of its mentions observations.
	Mentions *decimal.Decimal `json:"mentions,omitempty"`
	// ShareOfVoice is Mentions ÷ the period's Mentions × 100.
	ShareOfVoice *decimal.Decimal `json:"shareOfVoice,omitempty"`
	// Ranks are set on the brand's and competitors' rows only.
	Ranks *RivalRanks `json:"ranks,omitempty"`
}

// Rank is a position among the brand and its competitors: 1 is the
// largest value; equal values share the best position and the next
// position skips them (1, 2, 2, 4). Of is how many had the value defined.
// A zero Position means the value is undefined and not ranked.
type Rank struct {
	Position int `json:"position,omitempty"`
	Of       int `json:"of"`
}

// RivalRanks are a group's ranks, one per figure compared.
type RivalRanks struct {
	PostsPerWeek          Rank `json:"postsPerWeek"`
	EngagementRate        Rank `json:"engagementRate"`
	FollowerGrowth        Rank `json:"followerGrowth"`
	FollowerGrowthPercent Rank `json:"followerGrowthPercent"`
	ShareOfVoice          Rank `json:"shareOfVoice"`
}

// UnmarshalJSON decodes RivalFigures strictly: keys exactly as the fields'
// JSON names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (f *RivalFigures) UnmarshalJSON(data []byte) error {
	type plain RivalFigures
	return strictjson.Plain(data, f, (*plain)(f))
}

// UnmarshalJSON decodes RivalPeriod strictly, as RivalFigures.
func (p *RivalPeriod) UnmarshalJSON(data []byte) error {
	type plain RivalPeriod
	return strictjson.Plain(data, p, (*plain)(p))
}

// rivalPeriod is a period being built: its civil first day and bounds.
type rivalPeriod struct {
	label      string
	start, end time.Time
	days       int
}

// rivalPeriods draws the periods of kind p in loc that overlap [from, to).
func rivalPeriods(p kpi.Period, loc *time.Location, from, to time.Time) ([]rivalPeriod, error) {
	y, m, d := from.In(loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC) // a civil date
	switch p {
	case kpi.Week:
		day = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case kpi.Month:
		day = day.AddDate(0, 0, 1-day.Day())
	}
	var out []rivalPeriod
	start := civil.Midnight(day.Year(), day.Month(), day.Day(), loc)
	for start.Before(to) {
		if len(out) == MaxRivalPeriods {
			return nil, fmt.Errorf("%w: more than %d periods from %s to %s", ErrRivalsOptions, MaxRivalPeriods,
				from.Format(time.RFC3339), to.Format(time.RFC3339))
		}
		var next time.Time
		var label string
		switch p {
		case kpi.Week:
			next = day.AddDate(0, 0, 7)
			iy, iw := day.ISOWeek()
			label = fmt.Sprintf("%04d-W%02d", iy, iw)
		case kpi.Month:
			next = day.AddDate(0, 1, 0)
			label = fmt.Sprintf("%04d-%02d", day.Year(), day.Month())
		default:
			next = day.AddDate(0, 0, 1)
			label = day.Format(time.DateOnly)
		}
		end := civil.Midnight(next.Year(), next.Month(), next.Day(), loc)
		out = append(out, rivalPeriod{label: label, start: start, end: end, days: int(next.Sub(day) / (24 * time.Hour))})
		day, start = next, end
	}
	return out, nil
}

// rivalAccount gathers one account's observations per period.
type rivalAccount struct {
	posts, engagements, mentions  []decimal.Decimal // per period
	hasPosts, hasEng, hasMentions []bool
	followers                     []reading
	// named records, per metric, whether its observations named the
	// account (1) or left the handle out (2).
	named map[kpi.Metric]uint8
}

type reading struct {
	at    time.Time
	value decimal.Decimal
}

// Rivals sets the brand's accounts beside its competitors' (the plan's
// Accounts with Competitor set), period by period in the plan's zone, from
// observations of followers (a gauge), posts, engagements and mentions
// (counters) on those accounts. For each account, and for the brand and
// each competitor with its accounts added up, it reports posts per week,
// engagement rate by followers, follower growth (absolute and percent),
// and share of voice among all the tracked accounts, and ranks the brand
// and its competitors on each (see RivalFigures, Rank).
//
// A counter observation belongs to the period whose [Start, End) holds its
// instant, as in kpi.Series.Aggregate. A period's followers at its start
// are the last reading before it, at its end the last reading in it. A
// figure with no observation behind it is undefined (nil), never zero;
// a group's figure adds up its accounts' figures where defined, and its
// rates divide sums taken over the accounts where both parts are defined.
// Shares of voice of the accounts with mentions in a period add up to 100,
// within the rounding of each to kpi.Precision places; so do the groups'.
//
// An observation with no account is the brand's only account on its
// network (as kpi.KPI reads it). Errors, all reported at once in a
// *validation.Error with paths into obs ([3].account): every problem
// kpi.NewSeries finds (negative or fractional counts, observations out of
// time order or repeated), an account the plan does not know or that is
// not on the observation's network, an observation with no account on a
// network where the brand has none or several, and one account's metric
// observed both with its handle and without it (they would be counted
// twice). Observations Rivals does not read are counted in Excluded (see
// ExclusionReason). The plan must be valid (its *validation.Error is
// returned otherwise); bad options are ErrRivalsOptions.
func Rivals(plan *Strategy, obs []kpi.Observation, opts RivalsOptions) (*RivalsReport, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	loc, err := plan.Location()
	if err != nil {
		return nil, err
	}
	switch {
	case !opts.Period.IsValid():
		return nil, fmt.Errorf("%w: unknown period %q", ErrRivalsOptions, opts.Period)
	case opts.From.IsZero() || opts.To.IsZero():
		return nil, fmt.Errorf("%w: the window needs a from and a to instant", ErrRivalsOptions)
	case !opts.To.After(opts.From):
		return nil, fmt.Errorf("%w: the window ends (%s) before it starts (%s)", ErrRivalsOptions,
			opts.To.Format(time.RFC3339), opts.From.Format(time.RFC3339))
	}
	periods, err := rivalPeriods(opts.Period, loc, opts.From, opts.To)
	if err != nil {
		return nil, err
	}
	groups := rivalGroups(plan)
	if n := len(periods) * (len(plan.Accounts) + len(groups)); n > MaxRivalFigures {
		return nil, fmt.Errorf("%w: %d periods of %d accounts and %d groups is more than %d figures", ErrRivalsOptions,
			len(periods), len(plan.Accounts), len(groups), MaxRivalFigures)
	}
	if _, err := kpi.NewSeries(obs); err != nil {
		return nil, err
	}

	ix := plan.Accounts.Index()
	pos := make(map[channel.AccountRef]int, len(plan.Accounts)) // lower-cased handle → plan index
	for i, a := range plan.Accounts {
		k := channel.AccountRef{Channel: a.Channel, Handle: strings.ToLower(a.Handle)}
		if _, dup := pos[k]; !dup {
			pos[k] = i
		}
	}
	accs := make([]rivalAccount, len(plan.Accounts))
	for i := range accs {
		n := len(periods)
		accs[i] = rivalAccount{
			posts: make([]decimal.Decimal, n), engagements: make([]decimal.Decimal, n), mentions: make([]decimal.Decimal, n),
			hasPosts: make([]bool, n), hasEng: make([]bool, n), hasMentions: make([]bool, n), named: map[kpi.Metric]uint8{},
		}
	}
	excluded := map[Exclusion]int{}
	var list validation.ErrorList
	first, last := periods[0].start, periods[len(periods)-1].end
	for i, o := range obs {
		switch o.Metric {
		case kpi.Followers, kpi.Posts, kpi.Engagements, kpi.Mentions:
		default:
			excluded[Exclusion{Reason: ExcludedMetric, Metric: o.Metric}]++
			continue
		}
		if o.Channel == "" {
			excluded[Exclusion{Reason: ExcludedNoChannel, Metric: o.Metric}]++
			continue
		}
		a, fe := rivalResolve(ix, plan.Accounts, o, i)
		if fe != nil {
			list = append(list, fe)
			continue
		}
		if !o.At.Before(last) || (o.Metric != kpi.Followers && o.At.Before(first)) {
			excluded[Exclusion{Reason: ExcludedOutsidePeriods, Metric: o.Metric}]++
			continue
		}
		acc := &accs[pos[channel.AccountRef{Channel: a.Channel, Handle: strings.ToLower(a.Handle)}]]
		how := uint8(1)
		if o.Account == "" {
			how = 2
		}
		if prev := acc.named[o.Metric]; prev != 0 && prev != how {
			list = append(list, validation.Conflict((*validation.Path)(nil).Index(i).Child("account"), o.Account,
				fmt.Sprintf("other %s observations of %s %s: name the account in all or in none", o.Metric, a.Ref(),
					map[uint8]string{1: "name it", 2: "leave its handle out"}[prev])))
			continue
		}
		acc.named[o.Metric] = how
		if o.Metric == kpi.Followers {
			acc.followers = append(acc.followers, reading{at: o.At, value: o.Value})
			continue
		}
		p, _ := slices.BinarySearchFunc(periods, o.At, func(p rivalPeriod, t time.Time) int {
			if !p.end.After(t) {
				return -1
			}
			if p.start.After(t) {
				return 1
			}
			return 0
		})
		switch o.Metric {
		case kpi.Posts:
			acc.posts[p], acc.hasPosts[p] = acc.posts[p].Add(o.Value), true
		case kpi.Engagements:
			acc.engagements[p], acc.hasEng[p] = acc.engagements[p].Add(o.Value), true
		case kpi.Mentions:
			acc.mentions[p], acc.hasMentions[p] = acc.mentions[p].Add(o.Value), true
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}

	rep := &RivalsReport{Period: opts.Period, Zone: plan.Zone, Periods: make([]RivalPeriod, 0, len(periods))}
	for _, r := range allExclusionReasons {
		for _, m := range kpi.Metrics() {
			if n := excluded[Exclusion{Reason: r, Metric: m}]; n > 0 {
				rep.Excluded = append(rep.Excluded, Exclusion{Reason: r, Metric: m, Count: n})
			}
		}
	}
	for i := range accs {
		// One account's readings are in time order per column (NewSeries
		// checked); the stable sort keeps them so across columns too.
		slices.SortStableFunc(accs[i].followers, func(a, b reading) int { return a.at.Compare(b.at) })
	}
	cursor := make([]int, len(accs)) // per account, the readings before the current period
	for pi, p := range periods {
		rp := RivalPeriod{Label: p.label, Start: p.start, End: p.end, Days: p.days,
			Accounts: make([]RivalFigures, len(plan.Accounts)), Competitors: make([]RivalFigures, len(groups))}
		for ai, a := range plan.Accounts {
			acc := &accs[ai]
			f := RivalFigures{Competitor: a.Competitor, Brand: a.Own(), Account: a.Ref()}
			if acc.hasPosts[pi] {
				f.Posts = ptr(acc.posts[pi])
			}
			if acc.hasEng[pi] {
				f.Engagements = ptr(acc.engagements[pi])
			}
			if acc.hasMentions[pi] {
				f.Mentions = ptr(acc.mentions[pi])
			}
			c := cursor[ai]
			for c < len(acc.followers) && acc.followers[c].at.Before(p.start) {
				c++
			}
			if c > 0 {
				f.FollowersStart = ptr(acc.followers[c-1].value)
			}
			in := c
			for c < len(acc.followers) && acc.followers[c].at.Before(p.end) {
				c++
			}
			if c > in {
				f.FollowersEnd = ptr(acc.followers[c-1].value)
			}
			cursor[ai] = c
			rp.Accounts[ai] = f
		}
		for gi, g := range groups {
			f := RivalFigures{Competitor: g.name, Brand: g.name == ""}
			var growth, growthBase, eng, engFollowers decimal.Decimal
			var hasGrowth, hasRate bool
			for _, ai := range g.accounts {
				a := rp.Accounts[ai]
				f.Posts = addDefined(f.Posts, a.Posts)
				f.Engagements = addDefined(f.Engagements, a.Engagements)
				f.Mentions = addDefined(f.Mentions, a.Mentions)
				f.FollowersStart = addDefined(f.FollowersStart, a.FollowersStart)
				f.FollowersEnd = addDefined(f.FollowersEnd, a.FollowersEnd)
				if a.FollowersStart != nil && a.FollowersEnd != nil {
					growth, growthBase, hasGrowth = growth.Add(a.FollowersEnd.Sub(*a.FollowersStart)), growthBase.Add(*a.FollowersStart), true
				}
				if a.Engagements != nil && a.FollowersEnd != nil {
					eng, engFollowers, hasRate = eng.Add(*a.Engagements), engFollowers.Add(*a.FollowersEnd), true
				}
			}
			if hasGrowth {
				f.FollowerGrowth = ptr(growth)
				f.FollowerGrowthPercent = percentOf(growth, growthBase)
			}
			if hasRate {
				f.EngagementRate = percentOf(eng, engFollowers)
			}
			rp.Competitors[gi] = f
		}
		var total decimal.Decimal
		hasTotal := false
		for _, a := range rp.Accounts {
			if a.Mentions != nil {
				total, hasTotal = total.Add(*a.Mentions), true
			}
		}
		if hasTotal {
			rp.Mentions = ptr(total)
		}
		for _, rows := range [][]RivalFigures{rp.Accounts, rp.Competitors} {
			for i := range rows {
				finishFigures(&rows[i], p.days, rp.Mentions, rows[i].Account == channel.AccountRef{})
			}
		}
		rankRivals(rp.Competitors)
		rep.Periods = append(rep.Periods, rp)
	}
	return rep, nil
}

// rivalResolve finds the plan's account that o is about, or the problem at
// its path.
func rivalResolve(ix *channel.AccountIndex, accounts channel.Accounts, o kpi.Observation, i int) (channel.Account, *validation.FieldError) {
	at := func() *validation.Path { return (*validation.Path)(nil).Index(i).Child("account") }
	ref := channel.AccountRef{Channel: o.Channel, Handle: o.Account}
	if o.Account == "" {
		a, err := ix.Resolve(ref)
		if err != nil {
			return a, validation.Required(at(), fmt.Sprintf("an observation with no account is the brand's only account's on %s: %v", o.Channel.Name(), err))
		}
		return a, nil
	}
	if a, ok := ix.Find(ref); ok {
		return a, nil
	}
	var elsewhere []string
	for _, a := range accounts {
		if channel.SameHandle(a.Handle, o.Account) {
			elsewhere = append(elsewhere, a.Channel.Name())
		}
	}
	detail := fmt.Sprintf("%s is not among the plan's accounts", ref)
	if len(elsewhere) > 0 {
		detail += fmt.Sprintf(" (the plan has @%s on %s only)", strings.TrimPrefix(o.Account, "@"), strings.Join(elsewhere, ", "))
	}
	return channel.Account{}, validation.NotFound(at(), o.Account, detail)
}

type rivalGroup struct {
	name     string
	accounts []int
}

// rivalGroups returns the brand and each competitor of the research that
// holds an account, in research order, with their accounts' positions.
func rivalGroups(plan *Strategy) []rivalGroup {
	groups := []rivalGroup{{}}
	at := map[string]int{"": 0}
	for _, c := range plan.Research.Competitors {
		if _, dup := at[c.Name]; !dup && c.Name != "" {
			at[c.Name] = -1
			groups = append(groups, rivalGroup{name: c.Name})
			at[c.Name] = len(groups) - 1
		}
	}
	for i, a := range plan.Accounts {
		if g, ok := at[a.Competitor]; ok {
			groups[g].accounts = append(groups[g].accounts, i)
		}
	}
	return slices.DeleteFunc(groups, func(g rivalGroup) bool { return g.name != "" && len(g.accounts) == 0 })
}

// finishFigures computes the figures that follow from the sums: posts per
// week, share of voice, and for an account its growth and engagement rate.
func finishFigures(f *RivalFigures, days int, total *decimal.Decimal, group bool) {
	if f.Posts != nil {
		f.PostsPerWeek = ptr(f.Posts.Mul(decimal.NewFromInt(7)).DivRound(decimal.NewFromInt(int64(days)), kpi.Precision))
	}
	if f.Mentions != nil && total != nil {
		f.ShareOfVoice = percentOf(*f.Mentions, *total)
	}
	if group {
		return
	}
	if f.FollowersStart != nil && f.FollowersEnd != nil {
		f.FollowerGrowth = ptr(f.FollowersEnd.Sub(*f.FollowersStart))
		f.FollowerGrowthPercent = percentOf(*f.FollowerGrowth, *f.FollowersStart)
	}
	if f.Engagements != nil && f.FollowersEnd != nil {
		f.EngagementRate = percentOf(*f.Engagements, *f.FollowersEnd)
	}
}

// percentOf returns num ÷ den × 100 rounded to kpi.Precision places, or nil
// for a zero den.
func percentOf(num, den decimal.Decimal) *decimal.Decimal {
	if den.IsZero() {
		return nil
	}
	return ptr(num.Mul(decimal.NewFromInt(100)).DivRound(den, kpi.Precision))
}

func ptr(d decimal.Decimal) *decimal.Decimal { return &d }

// addDefined adds b to a, either of which may be undefined (nil).
func addDefined(a, b *decimal.Decimal) *decimal.Decimal {
	switch {
	case b == nil:
		return a
	case a == nil:
		return ptr(*b)
	}
	return ptr(a.Add(*b))
}

// rankRivals sets the ranks of the groups' figures.
func rankRivals(rows []RivalFigures) {
	for i := range rows {
		rows[i].Ranks = &RivalRanks{}
	}
	for _, m := range []struct {
		get  func(RivalFigures) *decimal.Decimal
		rank func(*RivalRanks) *Rank
	}{
		{func(f RivalFigures) *decimal.Decimal { return f.PostsPerWeek }, func(r *RivalRanks) *Rank { return &r.PostsPerWeek }},
		{func(f RivalFigures) *decimal.Decimal { return f.EngagementRate }, func(r *RivalRanks) *Rank { return &r.EngagementRate }},
		{func(f RivalFigures) *decimal.Decimal { return f.FollowerGrowth }, func(r *RivalRanks) *Rank { return &r.FollowerGrowth }},
		{func(f RivalFigures) *decimal.Decimal { return f.FollowerGrowthPercent }, func(r *RivalRanks) *Rank { return &r.FollowerGrowthPercent }},
		{func(f RivalFigures) *decimal.Decimal { return f.ShareOfVoice }, func(r *RivalRanks) *Rank { return &r.ShareOfVoice }},
	} {
		of := 0
		for _, f := range rows {
			if m.get(f) != nil {
				of++
			}
		}
		for i, f := range rows {
			r := m.rank(rows[i].Ranks)
			r.Of = of
			v := m.get(f)
			if v == nil {
				continue
			}
			r.Position = 1
			for _, g := range rows {
				if w := m.get(g); w != nil && w.GreaterThan(*v) {
					r.Position++
				}
			}
		}
	}
}

// RivalRecommendations applies the rule rival.share_of_voice to a report,
// as of an instant: among the periods that ended by asOf, it takes the last
// RivalGainPeriods, which must follow one another and each hold at least
// RivalGainMinMentions mentions of all tracked accounts. When the brand's
// share of voice fell by at least RivalGainMinPoints percentage points from
// the first of them to the last, it recommends attention to each competitor
// whose share rose by at least as many, linked to the first objective (in
// plan order) with a KPI measuring kpi.ShareOfVoice, if any. The message
// gives the evidence: both shares at both ends and the mentions of each
// period. With less evidence it recommends nothing.
func RivalRecommendations(plan *Strategy, report *RivalsReport, asOf time.Time) []Recommendation {
	if plan == nil || report == nil {
		return nil
	}
	var done []RivalPeriod
	for _, p := range report.Periods {
		if !p.End.After(asOf) {
			done = append(done, p)
		}
	}
	if len(done) < RivalGainPeriods {
		return nil
	}
	done = done[len(done)-RivalGainPeriods:]
	minMentions := decimal.NewFromInt(RivalGainMinMentions)
	counts := make([]string, 0, len(done))
	for i, p := range done {
		if p.Mentions == nil || p.Mentions.LessThan(minMentions) || (i > 0 && !p.Start.Equal(done[i-1].End)) {
			return nil
		}
		counts = append(counts, p.Mentions.String())
	}
	first, last := done[0], done[len(done)-1]
	points := decimal.NewFromInt(RivalGainMinPoints)
	b0, ok0 := first.Competitor("")
	b1, ok1 := last.Competitor("")
	if !ok0 || !ok1 || b0.ShareOfVoice == nil || b1.ShareOfVoice == nil || b0.ShareOfVoice.Sub(*b1.ShareOfVoice).LessThan(points) {
		return nil
	}
	objective, about := sovObjective(plan)
	var out []Recommendation
	for _, r1 := range last.Competitors {
		r0, ok := first.Competitor(r1.Competitor)
		if r1.Brand || !ok || r0.ShareOfVoice == nil || r1.ShareOfVoice == nil || r1.ShareOfVoice.Sub(*r0.ShareOfVoice).LessThan(points) {
			continue
		}
		var objectives []uuid.UUID
		if objective != uuid.Nil {
			objectives = []uuid.UUID{objective}
		}
		out = append(out, Recommendation{Rule: "rival.share_of_voice", Objective: objective, Objectives: objectives,
			Message: fmt.Sprintf("%q gains share of voice: %s%% to %s%% from %s to %s, while the brand's fell from %s%% to %s%% "+
				"(mentions of all tracked accounts per period: %s)%s: look at what it publishes and how its audience answers",
				validation.Excerpt(r1.Competitor), pct(*r0.ShareOfVoice), pct(*r1.ShareOfVoice), first.Label, last.Label,
				pct(*b0.ShareOfVoice), pct(*b1.ShareOfVoice), strings.Join(counts, ", "), about)})
	}
	return out
}

// pct prints a share rounded to one place for a message; the decision
// used the exact value.
func pct(d decimal.Decimal) string { return d.Round(1).String() }

// sovObjective returns the first objective with a share-of-voice KPI and a
// phrase naming it for a message.
func sovObjective(plan *Strategy) (id uuid.UUID, about string) {
	sov := map[uuid.UUID]bool{}
	for _, k := range plan.KPIs {
		if k.Measure.Formula == kpi.ShareOfVoice {
			sov[k.ID] = true
		}
	}
	for _, o := range plan.Objectives {
		for _, k := range o.KPIs {
			if sov[k] {
				return o.ID, fmt.Sprintf("; it bears on objective %q", validation.Excerpt(o.Statement))
			}
		}
	}
	return id, ""
}

// reviewRivals is Review's part for rivals: nothing without options,
// otherwise the recommendations of RivalRecommendations on the rivals of
// the series' observations, with the window filled in from asOf.
func reviewRivals(plan *Strategy, series *kpi.Series, asOf time.Time, opts *RivalsOptions) ([]Recommendation, error) {
	if opts == nil {
		return nil, nil
	}
	o := *opts
	if o.To.IsZero() {
		o.To = asOf
	}
	if o.From.IsZero() && o.Period.IsValid() {
		loc, err := plan.Location()
		if err != nil {
			return nil, err
		}
		ps, err := rivalPeriods(o.Period, loc, o.To.Add(-time.Nanosecond), o.To)
		if err != nil {
			return nil, err
		}
		if len(ps) > 0 {
			y, m, d := ps[0].start.In(loc).Date()
			switch o.Period {
			case kpi.Month:
				m -= RivalGainPeriods
			case kpi.Week:
				d -= 7 * RivalGainPeriods
			default:
				d -= RivalGainPeriods
			}
			o.From = civil.Midnight(y, m, d, loc)
		}
	}
	var obs []kpi.Observation
	if series != nil {
		obs = slices.Collect(series.Observations())
	}
	rep, err := Rivals(plan, obs, o)
	if err != nil {
		return nil, fmt.Errorf("strategy: rivals: %w", err)
	}
	return RivalRecommendations(plan, rep, asOf), nil
}
