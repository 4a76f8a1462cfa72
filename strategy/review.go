package strategy

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// ErrAsOf is returned, wrapped, by Review and Brief for a zero "as of"
// instant: tandem never reads the clock, so "now" is the caller's.
var ErrAsOf = errors.New("strategy: an as-of instant is needed (the zero time.Time is not one)")

// ErrTooManyMovements is returned, wrapped, by Review for a plan whose
// campaigns would list more than MaxMovements movements in all.
var ErrTooManyMovements = errors.New("strategy: the review would list too many campaign movements")

// MaxMovements is the most movements (one per campaign and KPI of the
// objectives it serves) one Review lists. A review lists as many as the
// plan's campaigns times their KPIs, which grows faster than the plan: a
// plan of 600 campaigns serving one objective of 600 KPIs is under
// 1 MB and would list 360,000.
const MaxMovements = 100_000

// ReviewOptions tune Review. The zero value, or nil, reviews without
// insights and with kpi's default evaluation.
type ReviewOptions struct {
	// Insights are the community manager's insights; those that name an
	// objective are listed under it.
	Insights []community.Insight
	// Evaluate is passed to kpi.Evaluate.
	Evaluate *kpi.EvaluateOptions
	// Rivals, when set, adds the recommendations of RivalRecommendations
	// on Rivals of the series' observations (a zero To is the as-of
	// instant; see RivalsOptions for a zero From).
	Rivals *RivalsOptions
	// Spend is what the campaigns spent. When it is not empty, Review
	// paces every campaign (see Pace) into Results.Pacing; its problems
	// are a *validation.Error at spend[i].
	Spend []Spend
	// Pacing tunes the pacing and the campaign.over_pace rule.
	Pacing PacingOptions
	// Posts are the results of the plan's published posts. When not
	// empty, Review finds what works by pillar and format (kpi.WhatWorks
	// of PostFormula at PostAge, grouped by PostGroupings) into
	// Results.WhatWorks, and recommends by the rule mix.shift.
	Posts kpi.PostResults
	// PostFormula is what the posts are compared on; empty means
	// kpi.EngagementRateByReach.
	PostFormula kpi.Formula
	// PostAge is the age the posts are compared at; zero means
	// kpi.Lifetime.
	PostAge kpi.Age
	// PostWorks tunes WhatWorks (the fewest posts a group needs).
	PostWorks kpi.WhatWorksOptions
}

// Results is what Review found as of an instant.
type Results struct {
	AsOf time.Time `json:"asOf"`
	// Objectives, in plan order, with their KPIs' progress.
	Objectives []ObjectiveResult `json:"objectives"`
	// Campaigns, in plan order, with whether their KPIs moved.
	Campaigns []CampaignResult `json:"campaigns"`
	// Overdue are the assignments still open after their due date.
	Overdue []Assignment `json:"overdue,omitempty"`
	// UnlinkedInsights are the IDs of insights that name no objective of
	// the plan.
	UnlinkedInsights []uuid.UUID `json:"unlinkedInsights,omitempty"`
	// Pacing is each campaign's spend against its budget, in plan order,
	// when ReviewOptions.Spend is not empty (see Pace).
	Pacing []CampaignPace `json:"pacing,omitempty"`
	// WhatWorks is what works by pillar and format, when
	// ReviewOptions.Posts is not empty.
	WhatWorks *kpi.WhatWorks `json:"whatWorks,omitempty"`
	// Recommendations follow from the figures by the documented rules
	// (see Recommendation).
	Recommendations []Recommendation `json:"recommendations,omitempty"`
}

// ObjectiveResult is one objective's progress.
type ObjectiveResult struct {
	ID        uuid.UUID `json:"id"`
	Statement string    `json:"statement"`
	// Status is the worst of its KPIs' statuses, in the order missed,
	// off_track, at_risk, not_started, on_track, achieved; not_started
	// when it has no KPI.
	Status kpi.Status `json:"status"`
	// KPIs are kpi.Evaluate's progress of each of its KPIs.
	KPIs []kpi.Progress `json:"kpis"`
	// Insights are the IDs of the insights that bear on it.
	Insights []uuid.UUID `json:"insights,omitempty"`
}

// Effect is what a campaign did to a KPI, judged by Review.
type Effect string

// The effects. For a KPI to increase, a gain is a rise; for one to
// decrease, a fall.
const (
	// EffectHelped: the KPI gained during the campaign, and more than in
	// the window of the same length before it.
	EffectHelped Effect = "helped"
	// EffectNone: the KPI did not lose during the campaign but gained no
	// more than before it.
	EffectNone Effect = "no_effect"
	// EffectHurt: the KPI lost ground during the campaign.
	EffectHurt Effect = "hurt"
	// EffectTooEarly: the campaign has not yet run for one of the KPI's
	// windows (WindowDays, or one day for a KPI without a window), so the
	// KPI's value during it still mostly measures the time before it.
	EffectTooEarly Effect = "too_early"
	// EffectUnknown: a value is undefined (no observations), the campaign
	// has not started, or the KPI is to stay within a band.
	EffectUnknown Effect = "unknown"
)

var allEffects = []Effect{EffectHelped, EffectNone, EffectHurt, EffectTooEarly, EffectUnknown}

// IsValid reports whether e is one of the effects.
func (e Effect) IsValid() bool { return enum.Valid(e, allEffects) }

// String returns the effect's identifier.
func (e Effect) String() string { return string(e) }

// MarshalText encodes a known effect; an unknown one is an error.
func (e Effect) MarshalText() ([]byte, error) { return enum.Marshal("strategy.Effect", e, allEffects) }

// UnmarshalText accepts exactly the known effects.
func (e *Effect) UnmarshalText(text []byte) error {
	return enum.Unmarshal("strategy.Effect", text, allEffects, e)
}

// CampaignResult is whether a campaign's KPIs (those of the objectives it
// serves) moved during it.
type CampaignResult struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
	// Start and End are the span judged: the campaign's start to its end
	// or the as-of instant, whichever is earlier. Before is the start of
	// the window of the same length before it.
	Before time.Time `json:"before"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	// Started is false when the campaign starts after the as-of instant.
	Started bool       `json:"started"`
	KPIs    []Movement `json:"kpis,omitempty"`
}

// Movement is how one KPI moved during a campaign and before it.
type Movement struct {
	KPI  uuid.UUID `json:"kpi"`
	Name string    `json:"name"`
	// During is the KPI's value at the end minus at the start; Previous
	// the same over the window before. Nil when a value is undefined.
	During   *decimal.Decimal `json:"during,omitempty"`
	Previous *decimal.Decimal `json:"previous,omitempty"`
	Effect   Effect           `json:"effect"`
}

// Recommendation is one thing the strategist should do, with the rule that
// produced it. The rules, in the order recommendations are listed:
//
//   - objective.off_track: an objective whose status is off_track or
//     missed; the message names the KPIs behind it and sorts the
//     campaigns serving it into those that helped, those that did not, and
//     those too early to judge (no effect judged yet: EffectTooEarly,
//     EffectUnknown).
//   - objective.at_risk: an objective whose status is at_risk.
//   - objective.insights: an objective off track, missed or at risk on
//     which insights bear; read them before changing the plan.
//   - campaign.no_effect: a started campaign none of whose KPIs it helped
//     (at least one judged helped, no_effect or hurt; none helped).
//   - campaign.over_pace: a running campaign (started, not finished)
//     whose spend is over pace (PaceOver: more than the spend expected by
//     now plus PacingOptions.Tolerance), once at least
//     PacingOptions.MinDays days (default 3) of it have elapsed; the
//     message gives what it spent of its budget, the share of its time
//     elapsed and the forecast at its end, and names the objectives it
//     serves (Objectives).
//   - assignment.overdue: an open assignment past its due date.
//   - mix.shift: with ReviewOptions.Posts, a pillar or format whose posts
//     do better than the posts' median with the evidence kpi.WhatWorks
//     requires (kpi.EvidenceSupported: enough posts, and a 95% interval
//     for its median wholly on the better side), naming the objectives
//     whose KPIs measure the same formula. Better is higher, or lower when
//     the plan's first KPI measuring the formula is to decrease, or, when
//     none measures it, for a cost (a formula in money: cost per click,
//     per mille, per acquisition).
//   - routine.move: with ReviewOptions.Posts and for each brand account,
//     a routine whose posts (the entries that filled its slots) do worse
//     than the account's median with the same evidence (at least
//     MinPosts posts, and a 95% interval for their median wholly on the
//     worse side of the account's median of all its posts), and that
//     still publishes in the four weeks after the as-of instant. Routine names it; Routines
//     proposes as many posts a week (its posts in those four weeks ÷ 4,
//     rounded up) in the best slots of the account's post times (see
//     BestTimes and ProposeRoutines) that no routine of the account
//     fills, keeping the channel's calendar rules; the message gives the
//     evidence and says when the times show no better slot. Objectives
//     are those of mix.shift.
//   - rival.share_of_voice: with ReviewOptions.Rivals, a competitor whose
//     share of voice rose while the brand's fell (see RivalRecommendations).
type Recommendation struct {
	Rule      string    `json:"rule"`
	Objective uuid.UUID `json:"objective,omitzero"`
	Campaign  uuid.UUID `json:"campaign,omitzero"`
	// Assignment is set for assignment.overdue.
	Assignment uuid.UUID `json:"assignment,omitzero"`
	// Routine is set for routine.move: the routine to move.
	Routine uuid.UUID `json:"routine,omitzero"`
	// Routines are, for routine.move, the routines proposed in its place
	// (see ProposeRoutines); none when the posts' times show no better
	// slot that keeps the channel's rules.
	Routines []calendar.Routine `json:"routines,omitempty"`
	// Objectives are every objective the recommendation bears on, for
	// every rule: the objective judged (objective.*), the objectives a
	// campaign serves (campaign.*), the objective that measures share of
	// voice (rival.share_of_voice). Objective, when set, is among them.
	Objectives []uuid.UUID `json:"objectives,omitempty"`
	Message    string      `json:"message"`
}

var statusRank = map[kpi.Status]int{kpi.Achieved: 0, kpi.OnTrack: 1, kpi.NotStarted: 2, kpi.AtRisk: 3, kpi.OffTrack: 4, kpi.Missed: 5}

// Review monitors the plan's results as of an instant, from the
// observations in series: per objective, each KPI's progress by
// kpi.Evaluate and the objective's worst status; per campaign, for each KPI
// of the objectives it serves, whether it gained more during the campaign
// (to asOf at the latest) than in the window of the same length before it;
// the assignments overdue; the insights linked to the objectives they bear
// on; and recommendations by the rules documented on Recommendation.
//
// A KPI that names no accounts measures the brand on its networks: the
// observations of competitors' accounts (an account of plan.Accounts with
// Competitor set) are left out of it, so that a rival's followers never
// count as the brand's. A KPI that names accounts reads those accounts',
// a competitor's included.
//
// The plan must be valid (its *validation.Error is returned otherwise); a
// zero asOf is ErrAsOf; a plan whose campaigns would list more than
// MaxMovements movements is ErrTooManyMovements; kpi.Evaluate's errors
// (mixed currencies, bad options) are returned wrapped.
func Review(plan *Strategy, series *kpi.Series, asOf time.Time, opts *ReviewOptions) (*Results, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		return nil, ErrAsOf
	}
	if opts == nil {
		opts = &ReviewOptions{}
	}
	ix := newIndex(plan)
	res := &Results{AsOf: asOf, Objectives: []ObjectiveResult{}, Campaigns: []CampaignResult{}}
	// A KPI that names no accounts measures the brand on its networks: the
	// competitors' accounts' observations (which Rivals reads) are not the
	// brand's, and are left out of what it reads.
	all := series
	if own, err := brandSeries(plan, ix, series); err != nil {
		return nil, err
	} else if own != nil {
		series = own
	}
	seriesFor := func(k kpi.KPI) *kpi.Series {
		if len(k.Accounts) > 0 {
			return all
		}
		return series
	}

	// A movement needs only the values, not their trend: one trend day
	// keeps its cost apart from opts.Evaluate.TrendDays.
	valueOpts := &kpi.EvaluateOptions{TrendDays: 1}
	value := func(k kpi.KPI, t time.Time) (*decimal.Decimal, error) {
		p, err := kpi.Evaluate(k, seriesFor(k), t, valueOpts)
		if err != nil {
			return nil, fmt.Errorf("strategy: evaluating KPI %q as of %s: %w", k.Name, t.Format(time.RFC3339), err)
		}
		return p.Actual, nil
	}

	progress := map[uuid.UUID]kpi.Progress{}
	for _, o := range plan.Objectives {
		or := ObjectiveResult{ID: o.ID, Statement: o.Statement, Status: kpi.NotStarted, KPIs: []kpi.Progress{}}
		for i, id := range o.KPIs {
			k := plan.KPIs[ix.kpis[id]]
			p, ok := progress[id]
			if !ok {
				var err error
				if p, err = kpi.Evaluate(k, seriesFor(k), asOf, opts.Evaluate); err != nil {
					return nil, fmt.Errorf("strategy: evaluating KPI %q: %w", k.Name, err)
				}
				progress[id] = p
			}
			or.KPIs = append(or.KPIs, p)
			if i == 0 || statusRank[p.Status] > statusRank[or.Status] {
				or.Status = p.Status
			}
		}
		res.Objectives = append(res.Objectives, or)
	}
	for _, in := range opts.Insights {
		if i, ok := ix.objectives[in.Objective]; ok && in.Objective != uuid.Nil {
			res.Objectives[i].Insights = append(res.Objectives[i].Insights, in.ID)
		} else {
			res.UnlinkedInsights = append(res.UnlinkedInsights, in.ID)
		}
	}

	if n := countMovements(plan, ix, asOf); n > MaxMovements {
		return nil, fmt.Errorf("%w: more than %d (campaigns times the KPIs of the objectives each serves)", ErrTooManyMovements, MaxMovements)
	}
	for _, c := range plan.Campaigns {
		end := c.End
		if asOf.Before(end) {
			end = asOf
		}
		cr := CampaignResult{ID: c.ID, Name: c.Name, Start: c.Start, End: end, Started: asOf.After(c.Start)}
		cr.Before = c.Start.Add(-end.Sub(c.Start))
		if !cr.Started {
			cr.End, cr.Before = c.Start, c.Start
			res.Campaigns = append(res.Campaigns, cr)
			continue
		}
		seen := map[uuid.UUID]bool{}
		for _, oid := range c.Objectives {
			for _, kid := range plan.Objectives[ix.objectives[oid]].KPIs {
				if seen[kid] {
					continue
				}
				seen[kid] = true
				k := plan.KPIs[ix.kpis[kid]]
				mv := Movement{KPI: kid, Name: k.Name, Effect: EffectUnknown}
				window := max(k.WindowDays, 1)
				switch {
				case k.Direction == kpi.Within:
				case c.Start.AddDate(0, 0, window).After(end):
					// Judged on less than one window, the values at the
					// start and the end would share most observations.
					mv.Effect = EffectTooEarly
				default:
					v0, err := value(k, cr.Before)
					if err != nil {
						return nil, err
					}
					v1, err := value(k, c.Start)
					if err != nil {
						return nil, err
					}
					v2, err := value(k, end)
					if err != nil {
						return nil, err
					}
					mv.During, mv.Previous, mv.Effect = movement(k.Direction, v0, v1, v2)
				}
				cr.KPIs = append(cr.KPIs, mv)
			}
		}
		res.Campaigns = append(res.Campaigns, cr)
	}
	var paceElapsed []*big.Rat
	if len(opts.Spend) > 0 {
		var err error
		res.Pacing, paceElapsed, err = pace(plan, ix, opts.Spend, asOf, opts.Pacing)
		var verr *validation.Error
		if errors.As(err, &verr) {
			return nil, validation.ErrorList(nil).Merge(validation.NewPath("spend"), err).Err()
		}
		if err != nil {
			return nil, err
		}
	}
	for _, a := range plan.Assignments {
		if a.Status.Open() && !a.Due.IsZero() && a.Due.Before(asOf) {
			res.Overdue = append(res.Overdue, a)
		}
	}
	rivals, err := reviewRivals(plan, all, asOf, opts.Rivals)
	if err != nil {
		return nil, err
	}
	ww, mix, err := reviewPosts(plan, ix, opts, asOf)
	var verr *validation.Error
	if errors.As(err, &verr) {
		return nil, validation.ErrorList(nil).Merge(validation.NewPath("posts"), err).Err()
	}
	if err != nil {
		return nil, fmt.Errorf("strategy: post results: %w", err)
	}
	res.WhatWorks = ww
	res.Recommendations = append(append(recommend(plan, ix, res, overPace(plan, ix, res.Pacing, paceElapsed, opts.Pacing)), mix...), rivals...)
	return res, nil
}

// countMovements counts the movements Review lists, up to MaxMovements+1.
func countMovements(plan *Strategy, ix *index, asOf time.Time) int {
	n := 0
	for _, c := range plan.Campaigns {
		if !asOf.After(c.Start) {
			continue
		}
		seen := map[uuid.UUID]bool{}
		for _, oid := range c.Objectives {
			for _, kid := range plan.Objectives[ix.objectives[oid]].KPIs {
				if !seen[kid] {
					seen[kid] = true
					if n++; n > MaxMovements {
						return n
					}
				}
			}
		}
	}
	return n
}

// movement judges a KPI's values before (v0), at the start (v1) and at the
// end (v2) of a campaign.
func movement(d kpi.Direction, v0, v1, v2 *decimal.Decimal) (during, previous *decimal.Decimal, e Effect) {
	if v1 != nil && v2 != nil {
		x := v2.Sub(*v1)
		during = &x
	}
	if v0 != nil && v1 != nil {
		x := v1.Sub(*v0)
		previous = &x
	}
	if during == nil {
		return during, previous, EffectUnknown
	}
	gain := *during
	if d == kpi.Decrease {
		gain = gain.Neg()
	}
	switch {
	case gain.IsNegative():
		return during, previous, EffectHurt
	case previous == nil:
		if gain.IsPositive() {
			return during, previous, EffectHelped
		}
		return during, previous, EffectNone
	}
	before := *previous
	if d == kpi.Decrease {
		before = before.Neg()
	}
	if gain.IsPositive() && gain.GreaterThan(before) {
		return during, previous, EffectHelped
	}
	return during, previous, EffectNone
}

// listNamed is how many names a recommendation lists before it counts
// the rest.
const listNamed = 10

// nameList quotes the first listNamed names, each cut to an excerpt, and
// counts the rest, so that a recommendation's size does not grow with the
// campaigns or KPIs it names or with their names' lengths.
func nameList(names []string) string {
	quoted := make([]string, 0, min(len(names), listNamed))
	for _, n := range names[:min(len(names), listNamed)] {
		quoted = append(quoted, fmt.Sprintf("%q", validation.Excerpt(n)))
	}
	text := strings.Join(quoted, ", ")
	if more := len(names) - len(quoted); more > 0 {
		text += fmt.Sprintf(" and %d more", more)
	}
	return text
}

func recommend(plan *Strategy, ix *index, res *Results, overPace []Recommendation) []Recommendation {
	var offTrack, atRisk, insights, noEffect, overdue []Recommendation
	effects := map[uuid.UUID]map[uuid.UUID]Effect{} // campaign -> KPI -> effect
	for _, cr := range res.Campaigns {
		m := map[uuid.UUID]Effect{}
		for _, mv := range cr.KPIs {
			m[mv.KPI] = mv.Effect
		}
		effects[cr.ID] = m
	}
	for i, or := range res.Objectives {
		o := plan.Objectives[i]
		bad := or.Status == kpi.OffTrack || or.Status == kpi.Missed
		switch {
		case bad:
			var behind, helped, didNot, early []string
			for _, p := range or.KPIs {
				if p.Status == kpi.OffTrack || p.Status == kpi.Missed {
					behind = append(behind, plan.KPIs[ix.kpis[p.KPI]].Name)
				}
			}
			for _, ci := range ix.objCampaigns[o.ID] {
				c := plan.Campaigns[ci]
				did, judged := false, false
				for _, kid := range o.KPIs {
					switch effects[c.ID][kid] {
					case EffectHelped:
						did, judged = true, true
					case EffectNone, EffectHurt:
						judged = true
					}
				}
				switch {
				case did:
					helped = append(helped, c.Name)
				case judged:
					didNot = append(didNot, c.Name)
				default:
					early = append(early, c.Name)
				}
			}
			msg := fmt.Sprintf("objective %q is %s (%s): revisit its campaigns or its targets", o.Statement, or.Status, nameList(behind))
			if len(helped) > 0 {
				msg += "; helped: " + nameList(helped)
			}
			if len(didNot) > 0 {
				msg += "; did not help: " + nameList(didNot)
			}
			if len(early) > 0 {
				msg += "; too early to judge: " + nameList(early)
			}
			offTrack = append(offTrack, Recommendation{Rule: "objective.off_track", Objective: o.ID, Objectives: []uuid.UUID{o.ID}, Message: msg})
		case or.Status == kpi.AtRisk:
			atRisk = append(atRisk, Recommendation{Rule: "objective.at_risk", Objective: o.ID, Objectives: []uuid.UUID{o.ID},
				Message: fmt.Sprintf("objective %q is at risk: its trend still reaches the target; watch it", o.Statement)})
		}
		if (bad || or.Status == kpi.AtRisk) && len(or.Insights) > 0 {
			insights = append(insights, Recommendation{Rule: "objective.insights", Objective: o.ID, Objectives: []uuid.UUID{o.ID},
				Message: fmt.Sprintf("%d insight(s) bear on objective %q: read them before changing the plan", len(or.Insights), o.Statement)})
		}
	}
	for _, cr := range res.Campaigns {
		known, helped := 0, false
		for _, mv := range cr.KPIs {
			if mv.Effect != EffectUnknown && mv.Effect != EffectTooEarly {
				known++
			}
			helped = helped || mv.Effect == EffectHelped
		}
		if cr.Started && known > 0 && !helped {
			var served []uuid.UUID
			if ci, ok := ix.campaigns[cr.ID]; ok {
				served = slices.Clone(plan.Campaigns[ci].Objectives)
			}
			noEffect = append(noEffect, Recommendation{Rule: "campaign.no_effect", Campaign: cr.ID, Objectives: served,
				Message: fmt.Sprintf("campaign %q helped none of its KPIs so far: change its content, channels or audience", cr.Name)})
		}
	}
	for _, a := range res.Overdue {
		overdue = append(overdue, Recommendation{Rule: "assignment.overdue", Assignment: a.ID,
			Message: fmt.Sprintf("assignment %q was due %s and is %s: follow it up with its owner", a.Title, day(a.Due), a.Status)})
	}
	var out []Recommendation
	for _, group := range [][]Recommendation{offTrack, atRisk, insights, noEffect, overPace, overdue} {
		out = append(out, group...)
	}
	return out
}

// brandSeries returns series without the observations of competitors'
// accounts (a channel and a handle the plan lists with Competitor set), or
// nil when it holds none, so that it need not be copied.
func brandSeries(plan *Strategy, ix *index, series *kpi.Series) (*kpi.Series, error) {
	if series == nil {
		return nil, nil
	}
	rival := func(o kpi.Observation) bool {
		if o.Account == "" {
			return false
		}
		a, ok := ix.accounts.Find(channel.AccountRef{Channel: o.Channel, Handle: o.Account})
		return ok && !a.Own()
	}
	found := false
	for o := range series.Observations() {
		if rival(o) {
			found = true
			break
		}
	}
	if !found {
		return nil, nil
	}
	var own []kpi.Observation
	for o := range series.Observations() {
		if !rival(o) {
			own = append(own, o)
		}
	}
	return kpi.NewSeries(own)
}
