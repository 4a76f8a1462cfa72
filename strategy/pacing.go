package strategy

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/civil"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// DefaultPaceTolerance is the tolerance, in percent of the spend expected
// by now, that Pace uses when PacingOptions.Tolerance is zero.
const DefaultPaceTolerance = 10

// DefaultPaceMinDays is how many days of a campaign must have elapsed
// before Review recommends anything about its pace, when
// PacingOptions.MinDays is zero.
const DefaultPaceMinDays = 3

// MaxPaceMinDays is the largest PacingOptions.MinDays.
const MaxPaceMinDays = 3660

// ErrPacingOptions is returned, wrapped, by Pace and Review for a
// PacingOptions out of its range.
var ErrPacingOptions = errors.New("strategy: bad pacing options")

// Spend is money spent on a campaign, as the ad platform or the finance
// team reports it: the amount spent in a period that ends at At (a counter,
// as kpi.Spend observations are), so that a campaign's spend so far is the
// sum of its records.
//
// kpi.Observation names a channel and an account, not a campaign: a
// caller whose spend comes as kpi.Spend observations of an ad account that
// serves one campaign gives each its campaign here:
//
//	strategy.Spend{Campaign: id, At: o.At, Amount: strategy.Budget{Amount: o.Value, Currency: o.Currency}}
//
// which is what SpendOf does for a list of them.
type Spend struct {
	// Campaign is the ID of the campaign of the plan that spent it.
	Campaign uuid.UUID `json:"campaign"`
	// At is the end of the period the amount counts: a record of a
	// campaign's spend is dated after its Start and no later than its End.
	At time.Time `json:"at"`
	// Amount is the money spent, not negative, in the currency of the
	// campaign's budget.
	Amount Budget `json:"amount"`
}

// Validate reports the record's own problems, with paths in JSON names: a
// missing campaign or instant, an amount beyond validation's decimal
// bounds or negative, and a currency missing or not an ISO 4217 code. Pace
// checks it against the plan. It returns nil or a *validation.Error.
func (s Spend) Validate() error { return checkSpend(nil, nil, s).Err() }

func checkSpend(list validation.ErrorList, at func() *validation.Path, s Spend) validation.ErrorList {
	if at == nil {
		at = func() *validation.Path { return nil }
	}
	if s.Campaign == uuid.Nil {
		list = list.Add(validation.Required(at().Child("campaign"), "the campaign that spent it"))
	}
	if s.At.IsZero() {
		list = list.Add(validation.Required(at().Child("at"), "the end of the period the amount counts"))
	}
	if s.Amount.Currency == "" && s.Amount.Amount.IsZero() {
		list = list.Add(validation.Required(at().Child("amount", "currency"), "an amount needs its ISO 4217 currency"))
	}
	for _, fe := range checkBudget(nil, func() *validation.Path { return at().Child("amount") }, s.Amount) {
		list = list.Add(fe)
	}
	return list
}

// SpendOf returns the kpi.Spend observations obs as spend records of
// campaign, in the same order: the account they were measured on becomes
// the campaign, which is right when the account (an ad account, a
// campaign's own tracking) spends for that campaign only. Every
// observation must be valid and of the metric kpi.Spend; otherwise the
// result is a *validation.Error at their index ([2].metric), and no
// record is returned.
func SpendOf(campaign uuid.UUID, obs []kpi.Observation) ([]Spend, error) {
	var list validation.ErrorList
	out := make([]Spend, 0, len(obs))
	for i, o := range obs {
		at := (*validation.Path)(nil).Index(i)
		if o.Metric != kpi.Spend {
			list = list.Add(validation.Invalid(at.Child("metric"), string(o.Metric), "spend records come from observations of the metric spend"))
			continue
		}
		if err := o.Validate(); err != nil {
			list = list.Merge(at, err)
			continue
		}
		out = append(out, Spend{Campaign: campaign, At: o.At, Amount: Budget{Amount: o.Value, Currency: o.Currency}})
	}
	if len(list) > 0 {
		return nil, list.Err()
	}
	return out, nil
}

// UnmarshalJSON decodes Spend strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (s *Spend) UnmarshalJSON(data []byte) error {
	type plain Spend
	return strictjson.Plain(data, s, (*plain)(s))
}

// PacingOptions tune Pace and the pacing part of Review. The zero value
// means the defaults.
type PacingOptions struct {
	// Tolerance is how far, in percent of the spend expected by now, a
	// campaign's spend may be from it and still be on pace. Zero means
	// DefaultPaceTolerance (10); otherwise more than 0 and at most 100.
	Tolerance decimal.Decimal `json:"tolerance,omitzero"`
	// MinDays is how many days of a campaign must have elapsed before
	// Review recommends anything about its pace. Zero means
	// DefaultPaceMinDays (3); at most MaxPaceMinDays. Pace itself judges
	// every running campaign.
	MinDays int `json:"minDays,omitempty"`
}

// UnmarshalJSON decodes PacingOptions strictly: keys exactly as the fields'
// JSON names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (o *PacingOptions) UnmarshalJSON(data []byte) error {
	type plain PacingOptions
	return strictjson.Plain(data, o, (*plain)(o))
}

// resolved returns the tolerance and minimum days, defaults applied.
func (o PacingOptions) resolved() (tolerance decimal.Decimal, minDays int, err error) {
	tolerance, minDays = decimal.NewFromInt(DefaultPaceTolerance), DefaultPaceMinDays
	if !o.Tolerance.IsZero() {
		if !validation.DecimalWithin(o.Tolerance) || o.Tolerance.IsNegative() || o.Tolerance.GreaterThan(decimal.NewFromInt(100)) {
			return tolerance, minDays, fmt.Errorf("%w: Tolerance %s; want more than 0 and at most 100 (percent)", ErrPacingOptions, validation.Excerpt(o.Tolerance.String()))
		}
		tolerance = o.Tolerance
	}
	if o.MinDays != 0 {
		if o.MinDays < 0 || o.MinDays > MaxPaceMinDays {
			return tolerance, minDays, fmt.Errorf("%w: MinDays %d; want 1 to %d", ErrPacingOptions, o.MinDays, MaxPaceMinDays)
		}
		minDays = o.MinDays
	}
	return tolerance, minDays, nil
}

// PaceStatus is how a campaign's spend compares with its budget and the
// time elapsed, judged by Pace.
type PaceStatus string

// The statuses. Expected is the budget times the fraction of the
// campaign's time elapsed; T is the tolerance in percent. The bounds
// themselves are on pace.
const (
	// PaceOn: spent within T% of Expected.
	PaceOn PaceStatus = "on_pace"
	// PaceUnder: spent less than Expected × (1 − T/100).
	PaceUnder PaceStatus = "under_pace"
	// PaceOver: spent more than Expected × (1 + T/100).
	PaceOver PaceStatus = "over_pace"
	// PaceNotStarted: the campaign starts at or after the as-of instant;
	// no time has elapsed, so no pace is defined.
	PaceNotStarted PaceStatus = "not_started"
	// PaceNoBudget: the campaign has no budget (a zero amount); its spend
	// is reported, its pace is undefined.
	PaceNoBudget PaceStatus = "no_budget"
)

var allPaceStatuses = []PaceStatus{PaceOn, PaceUnder, PaceOver, PaceNotStarted, PaceNoBudget}

// IsValid reports whether s is one of the statuses.
func (s PaceStatus) IsValid() bool { return enum.Valid(s, allPaceStatuses) }

// String returns the status's identifier.
func (s PaceStatus) String() string { return string(s) }

// MarshalText encodes a known status; an unknown one is an error.
func (s PaceStatus) MarshalText() ([]byte, error) {
	return enum.Marshal("strategy.PaceStatus", s, allPaceStatuses)
}

// UnmarshalText accepts exactly the known statuses.
func (s *PaceStatus) UnmarshalText(text []byte) error {
	return enum.Unmarshal("strategy.PaceStatus", text, allPaceStatuses, s)
}

// CampaignPace is one campaign's spend against its budget and the time
// elapsed, with the figures Pace decided on. Expected, Forecast, Elapsed,
// ElapsedDays and Days are rounded for reading (see each); Status was
// decided on their exact values.
type CampaignPace struct {
	Campaign uuid.UUID  `json:"campaign"`
	Name     string     `json:"name"`
	Status   PaceStatus `json:"status"`
	// Finished is true when the campaign ended at or before the as-of
	// instant: its whole budget is expected, and Forecast is what it
	// spent.
	Finished bool `json:"finished,omitempty"`
	// Budget is the campaign's budget.
	Budget Budget `json:"budget,omitzero"`
	// Spent is the sum of the campaign's spend records dated at or before
	// the as-of instant, in the budget's currency (or the records' one
	// currency for a campaign without a budget).
	Spent Budget `json:"spent,omitzero"`
	// Records counts the records summed in Spent; Later counts the
	// campaign's records dated after the as-of instant, which are not.
	Records int `json:"records"`
	Later   int `json:"later,omitempty"`
	// Days is the campaign's length and ElapsedDays the part of it
	// before the as-of instant, in days of the plan's zone (see Pace),
	// rounded to 4 decimal places.
	Days        decimal.Decimal `json:"days"`
	ElapsedDays decimal.Decimal `json:"elapsedDays"`
	// Elapsed is ElapsedDays in percent of Days, rounded to 2 decimal
	// places.
	Elapsed decimal.Decimal `json:"elapsed"`
	// Tolerance is the tolerance used, in percent of Expected.
	Tolerance decimal.Decimal `json:"tolerance"`
	// Expected is the spend expected by now: the budget times the fraction
	// elapsed, rounded to 4 decimal places (to a whole number where 4
	// places would pass validation's decimal bounds). Nil without a
	// budget.
	Expected *Budget `json:"expected,omitempty"`
	// Forecast is the spend at the campaign's end if it goes on spending
	// at its rate so far (Spent divided by the fraction elapsed), rounded
	// as Expected is; Spent itself once finished. Nil before any time has
	// elapsed, and when it would pass validation's decimal bounds even as
	// a whole number (a huge spend in the campaign's first instants).
	Forecast *Budget `json:"forecast,omitempty"`
}

// UnmarshalJSON decodes CampaignPace strictly: keys exactly as the fields'
// JSON names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (p *CampaignPace) UnmarshalJSON(data []byte) error {
	type plain CampaignPace
	return strictjson.Plain(data, p, (*plain)(p))
}

// Pace compares each campaign's spend with its budget as of an instant, in
// plan order: the spend so far, the spend expected by now (the budget
// times the fraction of the campaign's time elapsed), the status (on,
// under or over pace, within PacingOptions.Tolerance of the expected) and
// the forecast at the campaign's end by linear extrapolation of the spend
// rate so far.
//
// Time is measured in days of the plan's Zone, not in hours: a day counts
// as one day whether the clocks change in it (23 or 25 hours) or not, and
// the part of a day elapsed is its fraction of that day's own length. Ad
// platforms spend a daily budget per calendar day, and a strategist reads
// "day 15 of 30" as half the campaign; by hours, a campaign in March in
// Europe/Madrid would expect less than half its budget at the middle of
// its middle day. The fraction is exact (a ratio of whole numbers), and
// the status is decided on exact products, never on a rounded quotient.
//
// A campaign that starts at or after asOf is not_started, with no
// forecast; one that ended at or before asOf is Finished, compared on its
// whole budget; one without a budget is no_budget, with its spend. A
// campaign with no spend record has spent zero.
//
// The plan must be valid (its *validation.Error is returned otherwise) and
// asOf not zero (ErrAsOf). Spend records are checked all at once, and any
// problem is a *validation.Error with paths at their index: a record's own
// problems (see Spend.Validate), a campaign the plan does not have
// ([3].campaign, not_found), a currency other than the campaign budget's,
// or for a campaign without a budget other than its first record's
// ([3].amount.currency, conflict), a record dated at or before the
// campaign's start or after its end ([3].at, out_of_range), and a
// campaign's total beyond validation's decimal bounds. A record dated
// after asOf is not summed; it is counted in Later. Options out of range
// are ErrPacingOptions.
func Pace(plan *Strategy, spend []Spend, asOf time.Time, opts *PacingOptions) ([]CampaignPace, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		return nil, ErrAsOf
	}
	if opts == nil {
		opts = &PacingOptions{}
	}
	out, _, err := pace(plan, newIndex(plan), spend, asOf, *opts)
	return out, err
}

// pace is Pace on a valid plan and a non-zero asOf. It also returns each
// campaign's exact elapsed days, for Review's minimum.
func pace(plan *Strategy, ix *index, spend []Spend, asOf time.Time, opts PacingOptions) ([]CampaignPace, []*big.Rat, error) {
	tolerance, _, err := opts.resolved()
	if err != nil {
		return nil, nil, err
	}
	loc, err := time.LoadLocation(plan.Zone)
	if err != nil {
		return nil, nil, fmt.Errorf("strategy: loading the plan's zone %q: %w", plan.Zone, err)
	}
	out := make([]CampaignPace, len(plan.Campaigns))
	for i, c := range plan.Campaigns {
		out[i] = CampaignPace{Campaign: c.ID, Name: c.Name, Budget: c.Budget, Tolerance: tolerance,
			Spent: Budget{Amount: decimal.Zero, Currency: c.Budget.Currency}}
	}
	var list validation.ErrorList
	for i, s := range spend {
		at := func() *validation.Path { return (*validation.Path)(nil).Index(i) }
		if own := checkSpend(nil, at, s); len(own) > 0 {
			for _, fe := range own {
				list = list.Add(fe)
			}
			continue
		}
		ci, ok := ix.campaigns[s.Campaign]
		if !ok {
			list = list.Add(validation.NotFound(at().Child("campaign"), s.Campaign.String(), "no campaign of the plan has this ID"))
			continue
		}
		c, p := plan.Campaigns[ci], &out[ci]
		switch {
		case p.Spent.Currency == "":
			p.Spent.Currency = s.Amount.Currency
		case s.Amount.Currency != p.Spent.Currency:
			why := fmt.Sprintf("spent in %s, but campaign %q has its budget in %s", validation.Excerpt(s.Amount.Currency), validation.Excerpt(c.Name), p.Spent.Currency)
			if c.Budget.Currency == "" {
				why = fmt.Sprintf("spent in %s, but campaign %q has no budget and its first spend is in %s", validation.Excerpt(s.Amount.Currency), validation.Excerpt(c.Name), p.Spent.Currency)
			}
			list = list.Add(validation.Conflict(at().Child("amount", "currency"), s.Amount.Currency, why))
			continue
		}
		if !s.At.After(c.Start) || s.At.After(c.End) {
			list = list.Add(validation.OutOfRange(at().Child("at"), s.At.Format(time.RFC3339),
				fmt.Sprintf("a record counts a period that ends after the campaign's start (%s) and no later than its end (%s)",
					c.Start.Format(time.RFC3339), c.End.Format(time.RFC3339))))
			continue
		}
		if s.At.After(asOf) {
			p.Later++
			continue
		}
		p.Records++
		p.Spent.Amount = p.Spent.Amount.Add(s.Amount.Amount)
		if !validation.DecimalWithin(p.Spent.Amount) {
			list = list.Add(validation.OutOfRange(at().Child("amount", "amount"), s.Amount.Amount.String(),
				fmt.Sprintf("campaign %q's spend adds up past the largest amount tandem accepts", validation.Excerpt(c.Name))))
			p.Spent.Amount = decimal.Zero
		}
	}
	if len(list) > 0 {
		return nil, nil, list.Err()
	}
	elapsed := make([]*big.Rat, len(out))
	for i, c := range plan.Campaigns {
		elapsed[i] = judge(&out[i], c, asOf, loc, tolerance)
	}
	return out, elapsed, nil
}

// judge fills p's figures and status for campaign c as of asOf, and
// returns the exact days elapsed.
func judge(p *CampaignPace, c Campaign, asOf time.Time, loc *time.Location, tolerance decimal.Decimal) *big.Rat {
	start := dayPosition(c.Start, loc)
	days := new(big.Rat).Sub(dayPosition(c.End, loc), start)
	if days.Sign() <= 0 {
		// A valid plan's campaigns end after they start; a zero length
		// would leave the fraction undefined.
		days.SetInt64(1)
	}
	elapsed := new(big.Rat)
	switch {
	case !asOf.After(c.Start):
	case !asOf.Before(c.End):
		elapsed.Set(days)
		p.Finished = true
	default:
		elapsed.Sub(dayPosition(asOf, loc), start)
	}
	p.Days = decimal.NewFromBigRat(days, 4)
	p.ElapsedDays = decimal.NewFromBigRat(elapsed, 4)
	fraction := new(big.Rat).Quo(elapsed, days)
	p.Elapsed = decimal.NewFromBigRat(new(big.Rat).Mul(fraction, big.NewRat(100, 1)), 2)

	spent := p.Spent.Amount.Rat()
	if fraction.Sign() > 0 {
		if forecast, ok := readable(new(big.Rat).Quo(spent, fraction)); ok {
			p.Forecast = &Budget{Amount: forecast, Currency: p.Spent.Currency}
		}
	}
	switch {
	case c.Budget.Amount.IsZero():
		p.Status = PaceNoBudget
		return elapsed
	case fraction.Sign() == 0:
		p.Status = PaceNotStarted
	}
	expected := new(big.Rat).Mul(c.Budget.Amount.Rat(), fraction)
	// expected is at most the budget, which is within bounds.
	shown, _ := readable(expected)
	p.Expected = &Budget{Amount: shown, Currency: c.Budget.Currency}
	if p.Status == PaceNotStarted {
		return elapsed
	}
	t := new(big.Rat).Quo(tolerance.Rat(), big.NewRat(100, 1))
	high := new(big.Rat).Mul(expected, new(big.Rat).Add(big.NewRat(1, 1), t))
	low := new(big.Rat).Mul(expected, new(big.Rat).Sub(big.NewRat(1, 1), t))
	switch {
	case spent.Cmp(high) > 0:
		p.Status = PaceOver
	case spent.Cmp(low) < 0:
		p.Status = PaceUnder
	default:
		p.Status = PaceOn
	}
	return elapsed
}

// readable rounds r to 4 decimal places, or to a whole number when those
// would pass validation's decimal bounds; ok is false when even that does.
func readable(r *big.Rat) (d decimal.Decimal, ok bool) {
	if d = decimal.NewFromBigRat(r, 4); validation.DecimalWithin(d) {
		return d, true
	}
	d = decimal.NewFromBigRat(r, 0)
	return d, validation.DecimalWithin(d)
}

// dayPosition returns t's position in days of loc: the number of its local
// date (days since 1970-01-01) plus the fraction of that local day before
// t, measured against the day's own length (23, 24 or 25 hours; a day
// begins as civil.Midnight says). Positions of instants in one zone
// increase with the instants, and their differences count every local day
// as one.
func dayPosition(t time.Time, loc *time.Location) *big.Rat {
	y, m, d := t.In(loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	begin := civil.Midnight(y, m, d, loc)
	end := civil.Midnight(y, m, d+1, loc)
	pos := new(big.Rat).SetFrac64(int64(t.Sub(begin)), int64(end.Sub(begin)))
	return pos.Add(pos, new(big.Rat).SetInt64(day))
}

// overPace returns Review's campaign.over_pace recommendations: one per
// running campaign over pace with at least the minimum days elapsed
// (elapsed holds each campaign's exact days).
func overPace(plan *Strategy, ix *index, paces []CampaignPace, elapsed []*big.Rat, opts PacingOptions) []Recommendation {
	_, minDays, err := opts.resolved()
	if err != nil {
		return nil // pace already refused these options
	}
	var out []Recommendation
	for i, p := range paces {
		if p.Status != PaceOver || p.Finished || elapsed[i].Cmp(new(big.Rat).SetInt64(int64(minDays))) < 0 {
			continue
		}
		c := plan.Campaigns[i]
		var names []string
		for _, oid := range c.Objectives {
			names = append(names, plan.Objectives[ix.objectives[oid]].Statement)
		}
		forecast := "an amount past tandem's decimal bounds"
		if p.Forecast != nil {
			forecast = p.Forecast.String()
		}
		msg := fmt.Sprintf("campaign %q is over pace: spent %s of %s with %s%% of its time elapsed (%s of %s days; %s expected by now, tolerance %s%%); at this rate it ends at %s",
			validation.Excerpt(c.Name), p.Spent, p.Budget, p.Elapsed.StringFixed(2), p.ElapsedDays.String(), p.Days.String(),
			p.Expected, p.Tolerance.String(), forecast)
		if len(names) > 0 {
			msg += "; it serves " + nameList(names)
		}
		msg += ": slow its spend or move budget deliberately"
		out = append(out, Recommendation{Rule: "campaign.over_pace", Campaign: c.ID, Objectives: slices.Clone(c.Objectives), Message: msg})
	}
	return out
}
