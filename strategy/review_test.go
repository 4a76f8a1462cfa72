package strategy_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// sampleSeries is six weeks of daily figures for the sample plan, from a
// seeded generator: engagement improves once Origin Stories starts, the
// cost per click does not move.
func sampleSeries(t *testing.T) *kpi.Series {
	t.Helper()
	rng := rand.New(rand.NewPCG(2027, 1))
	loc := verifiedplan.QuarterStart.Location()
	var obs []kpi.Observation
	add := func(m kpi.Metric, c channel.Channel, at time.Time, v decimal.Decimal, cur string) {
		obs = append(obs, kpi.Observation{Metric: m, Channel: c, At: at, Value: v, Currency: cur})
	}
	followers := int64(12000)
	for d := 0; ; d++ {
		at := time.Date(2027, time.January, 4, 23, 0, 0, 0, loc).AddDate(0, 0, d)
		if at.After(verifiedplan.AsOf) {
			break
		}
		reach := 9000 + rng.Int64N(2000)
		rate := int64(300)
		if d >= 7 { // Origin Stories starts on 11 January
			rate += int64(d-7) * 4
		}
		add(kpi.Reach, channel.Instagram, at, decimal.NewFromInt(reach), "")
		add(kpi.Engagements, channel.Instagram, at, decimal.NewFromInt(reach*rate/10000), "")
		followers += 20 + rng.Int64N(20)
		add(kpi.Followers, channel.Instagram, at, decimal.NewFromInt(followers), "")
		add(kpi.Mentions, channel.Instagram, at, decimal.NewFromInt(36+rng.Int64N(12)), "")
		add(kpi.CompetitorMentions, channel.Instagram, at, decimal.NewFromInt(150+rng.Int64N(30)), "")
		add(kpi.Clicks, channel.LinkedIn, at, decimal.NewFromInt(100), "")
		add(kpi.Spend, channel.LinkedIn, at, decimal.NewFromInt(80), "EUR")
	}
	s, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	return s
}

func TestReview(t *testing.T) {
	plan := verifiedplan.Plan()
	insight := community.Insight{ID: uuid.New(), Kind: community.InsightQuestion, Title: "Which grind for a moka pot?",
		Evidence: []string{"c1"}, RaisedBy: verifiedplan.CommunityManager, RaisedAt: verifiedplan.AsOf, Objective: plan.Objectives[0].ID}
	stray := insight
	stray.ID, stray.Objective = uuid.New(), uuid.Nil
	res, err := strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, &strategy.ReviewOptions{Insights: []community.Insight{insight, stray}})
	require.NoError(t, err)

	require.Len(t, res.Objectives, 3)
	assert.Len(t, res.Objectives[0].KPIs, 2)
	assert.Equal(t, []uuid.UUID{insight.ID}, res.Objectives[0].Insights)
	assert.Equal(t, []uuid.UUID{stray.ID}, res.UnlinkedInsights)
	for _, o := range res.Objectives {
		assert.True(t, o.Status.IsValid())
	}
	// The cost per click stays at 0.80 EUR, a third of the way through the
	// quarter: the office objective is off track or at risk.
	assert.Contains(t, []kpi.Status{kpi.OffTrack, kpi.AtRisk}, res.Objectives[2].Status)

	require.Len(t, res.Campaigns, 2)
	origin := res.Campaigns[0]
	assert.True(t, origin.Started)
	assert.True(t, origin.End.Equal(verifiedplan.AsOf), "a running campaign is judged up to asOf")
	effects := map[string]strategy.Effect{}
	for _, mv := range origin.KPIs {
		effects[mv.Name] = mv.Effect
	}
	assert.Equal(t, strategy.EffectHelped, effects["Instagram engagement rate"])

	require.Len(t, res.Overdue, 1)
	assert.Equal(t, "Draft the Office Coffee Week posts", res.Overdue[0].Title)
	var rules []string
	for _, r := range res.Recommendations {
		rules = append(rules, r.Rule)
	}
	assert.Contains(t, rules, "assignment.overdue")

	// Bad input: an invalid plan, no instant.
	bad := verifiedplan.Plan()
	bad.ID = uuid.Nil
	_, err = strategy.Review(bad, nil, verifiedplan.AsOf, nil)
	assert.True(t, validation.Has(err, validation.CodeRequired, "id"))
	_, err = strategy.Review(plan, nil, time.Time{}, nil)
	assert.True(t, errors.Is(err, strategy.ErrAsOf))
}

// A campaign that has run for less than one of its KPIs' windows is too
// early to judge: Review says so, and recommends no change to it.
func TestReviewTooEarly(t *testing.T) {
	plan := verifiedplan.Plan()
	office := plan.Campaigns[1] // starts on 15 February at 00:00, 9 hours before AsOf
	require.Equal(t, "Office Coffee Week", office.Name)
	series := sampleSeries(t)

	res, err := strategy.Review(plan, series, verifiedplan.AsOf, nil)
	require.NoError(t, err)
	require.Len(t, res.Campaigns[1].KPIs, 1)
	assert.Equal(t, strategy.EffectTooEarly, res.Campaigns[1].KPIs[0].Effect)
	for _, r := range res.Recommendations {
		assert.NotEqual(t, office.ID, r.Campaign, "no recommendation about a campaign too early to judge: %s", r.Message)
		if r.Objective == plan.Objectives[2].ID {
			assert.Contains(t, r.Message, `too early to judge: "Office Coffee Week"`)
		}
	}

	// Fourteen days (the cost per click's window) later, it is judged: the
	// series stops at AsOf, so the cost per click is undefined and the
	// effect unknown, but no longer too early.
	later := verifiedplan.AsOf.AddDate(0, 0, 14)
	res, err = strategy.Review(plan, series, later, nil)
	require.NoError(t, err)
	assert.NotEqual(t, strategy.EffectTooEarly, res.Campaigns[1].KPIs[0].Effect)
}

func TestEffectText(t *testing.T) {
	for _, e := range []strategy.Effect{strategy.EffectHelped, strategy.EffectNone, strategy.EffectHurt, strategy.EffectTooEarly, strategy.EffectUnknown} {
		text, err := e.MarshalText()
		require.NoError(t, err)
		var back strategy.Effect
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, e, back)
	}
	var e strategy.Effect
	assert.ErrorIs(t, e.UnmarshalText([]byte("great")), validation.ErrUnknownValue)
	_, err := strategy.Effect("great").MarshalText()
	assert.Error(t, err)
}

// manyMovementsPlan is the sample plan whose first objective has k more
// KPIs and that has c more copies of its first campaign: c × k movements.
func manyMovementsPlan(c, k int) *strategy.Strategy {
	plan := verifiedplan.Plan()
	base := plan.KPIs[1]
	for i := range k {
		kp := base
		kp.ID = uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint("kpi/", i)))
		plan.KPIs = append(plan.KPIs, kp)
		plan.Objectives[0].KPIs = append(plan.Objectives[0].KPIs, kp.ID)
	}
	first := plan.Campaigns[0]
	for i := range c {
		cp := first
		cp.ID = uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint("campaign/", i)))
		cp.Name = fmt.Sprint("copy ", i)
		plan.Campaigns = append(plan.Campaigns, cp)
	}
	return plan
}

// TestReviewMovementsAreBounded: a review lists one movement per campaign
// and KPI, which grows faster than the plan. 600 campaigns serving an
// objective of 600 KPIs (a plan under 1 MB) made 360,000 movements,
// three full evaluations each (about 14 µs apiece: minutes, gigabytes);
// such a plan is now ErrTooManyMovements, within a budget set by its size,
// and a review of up to MaxMovements movements is listed whole.
func TestReviewMovementsAreBounded(t *testing.T) {
	series, err := kpi.NewSeries(nil)
	require.NoError(t, err)
	plan := manyMovementsPlan(600, 600)
	b, err := json.Marshal(plan)
	require.NoError(t, err)
	require.Less(t, len(b), 1<<20)
	budget.Check(t, "Review of 600 campaigns × 600 KPIs", budget.For(len(b)), func() {
		_, err = strategy.Review(plan, series, verifiedplan.QuarterEnd, nil)
	})
	assert.ErrorIs(t, err, strategy.ErrTooManyMovements)

	// Below the cap every movement is listed, whatever the trend options.
	plan = manyMovementsPlan(99, 100)
	res, err := strategy.Review(plan, series, verifiedplan.QuarterEnd, &strategy.ReviewOptions{Evaluate: &kpi.EvaluateOptions{TrendDays: kpi.MaxTrendDays}})
	require.NoError(t, err)
	n := 0
	for _, c := range res.Campaigns {
		n += len(c.KPIs)
	}
	assert.Equal(t, 100*103+1, n, "the first campaign and its 99 copies with 103 KPIs each, and the second campaign with one")
}

// TestRecommendationsAreShort: an objective off track names its KPIs and
// the campaigns serving it, at most ten of each, each cut to an excerpt.
// 200 campaigns with 10 KB names serving a missed objective made one
// recommendation of 2 MB.
func TestRecommendationsAreShort(t *testing.T) {
	series, err := kpi.NewSeries(nil)
	require.NoError(t, err)
	plan := manyMovementsPlan(200, 0)
	for i := range plan.Campaigns {
		plan.Campaigns[i].Name = strings.Repeat("n", 10_000) + fmt.Sprint(i)
	}
	res, err := strategy.Review(plan, series, verifiedplan.QuarterEnd.AddDate(0, 1, 0), nil)
	require.NoError(t, err)
	found := false
	for _, r := range res.Recommendations {
		assert.Less(t, len(r.Message), 4096, "%.300s", r.Message)
		if r.Rule == "objective.off_track" && r.Objective == plan.Objectives[0].ID {
			found = true
			assert.Contains(t, r.Message, "and 191 more")
		}
	}
	assert.True(t, found, "%v", res.Recommendations)
}

// TestRecommendationsNameTheirObjectives: every recommendation lists the
// objectives it bears on, its Objective among them.
func TestRecommendationsNameTheirObjectives(t *testing.T) {
	plan := verifiedplan.Plan()
	res, err := strategy.Review(plan, sampleSeries(t), verifiedplan.AsOf, nil)
	require.NoError(t, err)
	require.NotEmpty(t, res.Recommendations)
	for _, r := range res.Recommendations {
		if r.Objective != uuid.Nil {
			assert.Contains(t, r.Objectives, r.Objective, "%+v", r)
		}
		if strings.HasPrefix(r.Rule, "objective.") || strings.HasPrefix(r.Rule, "campaign.") {
			assert.NotEmpty(t, r.Objectives, "%+v", r)
		}
	}
}

// TestReviewLeavesRivalsOutOfTheBrandsKPIs: a KPI that reads a whole
// network measures the brand; observations of a competitor's account on
// that network do not count for it, while a KPI that names the
// competitor's account reads them.
func TestReviewLeavesRivalsOutOfTheBrandsKPIs(t *testing.T) {
	plan := verifiedplan.Plan()
	base := sampleSeries(t)
	before, err := strategy.Review(plan, base, verifiedplan.AsOf, nil)
	require.NoError(t, err)

	var obs []kpi.Observation
	for o := range base.Observations() {
		obs = append(obs, o)
		if o.Metric == kpi.Followers && o.Channel == channel.Instagram {
			rival := o
			rival.Account, rival.Value = "cafeslaestrella", decimal.NewFromInt(48000)
			obs = append(obs, rival)
		}
	}
	withRival, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	after, err := strategy.Review(plan, withRival, verifiedplan.AsOf, nil)
	require.NoError(t, err)
	for i, o := range before.Objectives {
		for j, p := range o.KPIs {
			q := after.Objectives[i].KPIs[j]
			require.Equal(t, p.Actual == nil, q.Actual == nil)
			if p.Actual != nil {
				assert.True(t, p.Actual.Equal(*q.Actual), "%s: %s with the rival's figures, %s without", p.KPI, q.Actual, p.Actual)
			}
		}
	}

	// A KPI of the rival's account reads them.
	plan.KPIs[1].Channels = nil
	plan.KPIs[1].Accounts = []channel.AccountRef{{Channel: channel.Instagram, Handle: "cafeslaestrella"}}
	require.Equal(t, kpi.Followers, plan.KPIs[1].Measure.Metric)
	rival, err := strategy.Review(plan, withRival, verifiedplan.AsOf, nil)
	require.NoError(t, err)
	for _, o := range rival.Objectives {
		for _, p := range o.KPIs {
			if p.KPI == plan.KPIs[1].ID {
				require.NotNil(t, p.Actual)
				assert.True(t, p.Actual.Equal(decimal.NewFromInt(48000)), "%s", p.Actual)
			}
		}
	}
}
