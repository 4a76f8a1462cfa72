package strategy_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/internal/strictjson/strictjsontest"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// pacingPlan is the sample plan in zone whose first campaign ("Origin
// Stories") has budget and runs [start, end), without phases.
func pacingPlan(t testing.TB, zone string, budget strategy.Budget, start, end time.Time) (*strategy.Strategy, uuid.UUID) {
	t.Helper()
	plan := verifiedplan.Plan()
	plan.Zone = zone
	c := &plan.Campaigns[0]
	c.Budget, c.Start, c.End, c.Phases = budget, start, end, nil
	return plan, c.ID
}

func eur(s string) strategy.Budget {
	return strategy.Budget{Amount: decimal.RequireFromString(s), Currency: "EUR"}
}

func madrid(t testing.TB, m time.Month, d, h int) time.Time {
	return time.Date(2027, m, d, h, 0, 0, 0, mustZone("Europe/Madrid"))
}

func requireDecimal(t *testing.T, want string, got decimal.Decimal, what string) {
	t.Helper()
	assert.True(t, decimal.RequireFromString(want).Equal(got), "%s: want %s, got %s", what, want, got)
}

// TestPace: 4900 EUR over the 49 days from 11 January to 1 March 2027 in
// Madrid (no DST change) is 100 EUR a day; at 21 January 00:00, ten days
// in, 1000 EUR is expected, and the default tolerance (10%) puts the
// bounds at 900 and 1100, both on pace.
func TestPace(t *testing.T) {
	start, end := madrid(t, time.January, 11, 0), madrid(t, time.March, 1, 0)
	day10 := madrid(t, time.January, 21, 0)
	type want struct {
		status        strategy.PaceStatus
		spent         string
		expected      string // "" means nil
		forecast      string // "" means nil
		elapsedDays   string
		elapsed       string
		finished      bool
		records, late int
	}
	tests := []struct {
		name   string
		budget strategy.Budget
		spend  []string // amounts, each dated a day apart from start+1 day
		asOf   time.Time
		opts   *strategy.PacingOptions
		want   want
	}{
		{"on pace", eur("4900"), []string{"400", "600"}, day10, nil,
			want{strategy.PaceOn, "1000", "1000", "4900", "10", "20.41", false, 2, 0}},
		{"under", eur("4900"), []string{"899.99"}, day10, nil,
			want{strategy.PaceUnder, "899.99", "1000", "4409.951", "10", "20.41", false, 1, 0}},
		{"lower bound is on pace", eur("4900"), []string{"900"}, day10, nil,
			want{strategy.PaceOn, "900", "1000", "4410", "10", "20.41", false, 1, 0}},
		{"upper bound is on pace", eur("4900"), []string{"1100"}, day10, nil,
			want{strategy.PaceOn, "1100", "1000", "5390", "10", "20.41", false, 1, 0}},
		{"over", eur("4900"), []string{"1100.01"}, day10, nil,
			want{strategy.PaceOver, "1100.01", "1000", "5390.049", "10", "20.41", false, 1, 0}},
		{"tolerance 5%", eur("4900"), []string{"1050.01"}, day10, &strategy.PacingOptions{Tolerance: decimal.NewFromInt(5)},
			want{strategy.PaceOver, "1050.01", "1000", "5145.049", "10", "20.41", false, 1, 0}},
		{"half a day", eur("4900"), []string{"1050"}, madrid(t, time.January, 21, 12), nil,
			want{strategy.PaceOn, "1050", "1050", "4900", "10.5", "21.43", false, 1, 0}},
		{"no spend", eur("4900"), nil, day10, nil,
			want{strategy.PaceUnder, "0", "1000", "0", "10", "20.41", false, 0, 0}},
		{"records after asOf are counted apart", eur("4900"), []string{"100", "100", "100"}, madrid(t, time.January, 13, 0), nil,
			want{strategy.PaceOn, "200", "200", "4900", "2", "4.08", false, 2, 1}},
		{"zero elapsed", eur("4900"), []string{"100"}, start, nil,
			want{strategy.PaceNotStarted, "0", "0", "", "0", "0", false, 0, 1}},
		{"not started", eur("4900"), nil, start.Add(-time.Hour), nil,
			want{strategy.PaceNotStarted, "0", "0", "", "0", "0", false, 0, 0}},
		{"finished over", eur("4900"), []string{"5000", "391"}, madrid(t, time.March, 5, 0), nil,
			want{strategy.PaceOver, "5391", "4900", "5391", "49", "100", true, 2, 0}},
		{"finished on budget", eur("4900"), []string{"5000", "390"}, end, nil,
			want{strategy.PaceOn, "5390", "4900", "5390", "49", "100", true, 2, 0}},
		{"no budget", strategy.Budget{}, []string{"70"}, day10, nil,
			want{strategy.PaceNoBudget, "70", "", "343", "10", "20.41", false, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, id := pacingPlan(t, "Europe/Madrid", tt.budget, start, end)
			var spend []strategy.Spend
			for i, a := range tt.spend {
				spend = append(spend, strategy.Spend{Campaign: id, At: start.AddDate(0, 0, i+1), Amount: eur(a)})
			}
			got, err := strategy.Pace(plan, spend, tt.asOf, tt.opts)
			require.NoError(t, err)
			require.Len(t, got, len(plan.Campaigns))
			p := got[0]
			assert.Equal(t, id, p.Campaign)
			assert.Equal(t, tt.want.status, p.Status)
			assert.Equal(t, tt.want.finished, p.Finished)
			assert.Equal(t, tt.want.records, p.Records)
			assert.Equal(t, tt.want.late, p.Later)
			requireDecimal(t, tt.want.spent, p.Spent.Amount, "spent")
			requireDecimal(t, "49", p.Days, "days")
			requireDecimal(t, tt.want.elapsedDays, p.ElapsedDays, "elapsed days")
			requireDecimal(t, tt.want.elapsed, p.Elapsed, "elapsed %")
			if tt.want.expected == "" {
				assert.Nil(t, p.Expected)
			} else if assert.NotNil(t, p.Expected) {
				requireDecimal(t, tt.want.expected, p.Expected.Amount, "expected")
				assert.Equal(t, "EUR", p.Expected.Currency)
			}
			if tt.want.forecast == "" {
				assert.Nil(t, p.Forecast)
			} else if assert.NotNil(t, p.Forecast) {
				requireDecimal(t, tt.want.forecast, p.Forecast.Amount, "forecast")
			}
			if tt.want.spent != "0" {
				assert.Equal(t, "EUR", p.Spent.Currency)
			}
			wantTolerance := "10"
			if tt.opts != nil {
				wantTolerance = tt.opts.Tolerance.String()
			}
			requireDecimal(t, wantTolerance, p.Tolerance, "tolerance")
		})
	}
}

// TestPaceDST: time is counted in days of the plan's zone, so a day of 23
// or 25 hours counts as one. By hours, these cases would expect 898.51
// (Madrid, 215 of 335 hours), 848.36 (Madrid, 203 of 335 hours) and
// 700 × 337/336 (New York): with a tolerance of a thousandth of a percent,
// all would be off pace.
func TestPaceDST(t *testing.T) {
	tiny := &strategy.PacingOptions{Tolerance: decimal.RequireFromString("0.001")}
	ny := mustZone("America/New_York")
	tests := []struct {
		name                  string
		zone                  string
		start, end, asOf, at  time.Time
		spent, expected, days string
		elapsedDays, elapsed  string
		status                strategy.PaceStatus
	}{
		{"Madrid spring forward, after the change", "Europe/Madrid",
			madrid(t, time.March, 20, 0), madrid(t, time.April, 3, 0), madrid(t, time.March, 29, 0), madrid(t, time.March, 22, 0),
			"900", "900", "14", "9", "64.29", strategy.PaceOn},
		{"Madrid spring forward, inside the 23-hour day", "Europe/Madrid",
			// 12:00 CEST on 28 March is 11 hours into a 23-hour day.
			madrid(t, time.March, 20, 0), madrid(t, time.April, 3, 0), madrid(t, time.March, 28, 12), madrid(t, time.March, 22, 0),
			"847.8261", "847.8261", "14", "8.4783", "60.56", strategy.PaceOn},
		{"New York fall back", "America/New_York",
			time.Date(2027, time.November, 1, 0, 0, 0, 0, ny), time.Date(2027, time.November, 15, 0, 0, 0, 0, ny),
			time.Date(2027, time.November, 8, 0, 0, 0, 0, ny), time.Date(2027, time.November, 3, 0, 0, 0, 0, ny),
			"700", "700", "14", "7", "50", strategy.PaceOn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, id := pacingPlan(t, tt.zone, eur("1400"), tt.start, tt.end)
			got, err := strategy.Pace(plan, []strategy.Spend{{Campaign: id, At: tt.at, Amount: eur(tt.spent)}}, tt.asOf, tiny)
			require.NoError(t, err)
			p := got[0]
			requireDecimal(t, tt.days, p.Days, "days")
			requireDecimal(t, tt.elapsedDays, p.ElapsedDays, "elapsed days")
			requireDecimal(t, tt.elapsed, p.Elapsed, "elapsed %")
			require.NotNil(t, p.Expected)
			requireDecimal(t, tt.expected, p.Expected.Amount, "expected")
			assert.Equal(t, tt.status, p.Status)
		})
	}
}

func TestPaceBadInput(t *testing.T) {
	start, end := madrid(t, time.January, 11, 0), madrid(t, time.March, 1, 0)
	plan, id := pacingPlan(t, "Europe/Madrid", eur("4900"), start, end)
	office := plan.Campaigns[1] // 900 EUR, 15 February to 15 March
	plan.Campaigns[1].Budget = strategy.Budget{}
	mid := start.AddDate(0, 0, 5)
	usd := strategy.Budget{Amount: decimal.NewFromInt(5), Currency: "USD"}
	spend := []strategy.Spend{
		{Campaign: uuid.New(), At: mid, Amount: eur("1")},                                                  // 0 unknown campaign
		{Campaign: id, At: mid, Amount: usd},                                                               // 1 currency mismatch
		{Campaign: id, At: mid, Amount: eur("-1")},                                                         // 2 negative
		{Campaign: id, At: start, Amount: eur("1")},                                                        // 3 at the start: counts a period before it
		{Campaign: id, At: end.Add(time.Second), Amount: eur("1")},                                         // 4 after the end
		{Campaign: id, At: mid, Amount: strategy.Budget{Amount: decimal.NewFromInt(1)}},                    // 5 no currency
		{At: mid, Amount: eur("1")},                                                                        // 6 no campaign
		{Campaign: id, Amount: eur("1")},                                                                   // 7 no instant
		{Campaign: office.ID, At: office.Start.AddDate(0, 0, 1), Amount: eur("3")},                         // 8 no budget: EUR first
		{Campaign: office.ID, At: office.Start.AddDate(0, 0, 2), Amount: usd},                              // 9 then USD
		{Campaign: id, At: mid, Amount: strategy.Budget{Amount: decimal.NewFromInt(1), Currency: "euro"}},  // 10 not a code
		{Campaign: id, At: end, Amount: eur("1")},                                                          // 11 fine: at the end
		{Campaign: id, At: mid, Amount: strategy.Budget{Amount: decimal.New(1, 40), Currency: "EUR"}},      // 12 too large
		{Campaign: id, At: mid, Amount: strategy.Budget{Currency: "EUR"}},                                  // 13 fine: zero
		{Campaign: office.ID, At: office.Start.AddDate(0, 0, 1), Amount: strategy.Budget{Currency: "EUR"}}, // 14 fine
	}
	_, err := strategy.Pace(plan, spend, mid, nil)
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	for _, w := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeNotFound, "[0].campaign"},
		{validation.CodeConflict, "[1].amount.currency"},
		{validation.CodeOutOfRange, "[2].amount.amount"},
		{validation.CodeOutOfRange, "[3].at"},
		{validation.CodeOutOfRange, "[4].at"},
		{validation.CodeRequired, "[5].amount.currency"},
		{validation.CodeRequired, "[6].campaign"},
		{validation.CodeRequired, "[7].at"},
		{validation.CodeConflict, "[9].amount.currency"},
		{validation.CodeInvalid, "[10].amount.currency"},
		{validation.CodeOutOfRange, "[12].amount.amount"},
	} {
		assert.True(t, verr.Has(w.code, w.path), "want %s at %s in %v", w.code, w.path, err)
	}
	assert.Len(t, verr.Errors, 11, "%v", err)
	assert.Contains(t, verr.Find("[1].amount.currency").Error(), "budget in EUR")
	assert.Contains(t, verr.Find("[9].amount.currency").Error(), "no budget")

	// The same records, checked alone.
	assert.NoError(t, spend[0].Validate())
	assert.True(t, validation.Has(spend[2].Validate(), validation.CodeOutOfRange, "amount.amount"))
	assert.True(t, validation.Has(spend[5].Validate(), validation.CodeRequired, "amount.currency"))
	assert.True(t, validation.Has(spend[6].Validate(), validation.CodeRequired, "campaign"))

	// Options, the plan and asOf.
	for _, o := range []strategy.PacingOptions{
		{Tolerance: decimal.NewFromInt(-1)}, {Tolerance: decimal.RequireFromString("100.01")}, {MinDays: -1}, {MinDays: strategy.MaxPaceMinDays + 1},
	} {
		_, err := strategy.Pace(plan, nil, mid, &o)
		assert.ErrorIs(t, err, strategy.ErrPacingOptions, "%+v", o)
	}
	_, err = strategy.Pace(plan, nil, time.Time{}, nil)
	assert.ErrorIs(t, err, strategy.ErrAsOf)
	bad := verifiedplan.Plan()
	bad.Zone = "Mars/Olympus"
	_, err = strategy.Pace(bad, nil, mid, nil)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "zone"), "%v", err)
}

// TestPaceNoBudgetSpendCurrency: a campaign without a budget reports its
// spend in the currency of its records.
func TestPaceNoBudgetSpendCurrency(t *testing.T) {
	start, end := madrid(t, time.January, 11, 0), madrid(t, time.March, 1, 0)
	plan, id := pacingPlan(t, "Europe/Madrid", strategy.Budget{}, start, end)
	usd := strategy.Budget{Amount: decimal.RequireFromString("12.5"), Currency: "USD"}
	got, err := strategy.Pace(plan, []strategy.Spend{{Campaign: id, At: start.AddDate(0, 0, 1), Amount: usd}, {Campaign: id, At: start.AddDate(0, 0, 2), Amount: usd}}, end, nil)
	require.NoError(t, err)
	assert.Equal(t, strategy.PaceNoBudget, got[0].Status)
	assert.Equal(t, "25.00 USD", got[0].Spent.String())
	assert.Nil(t, got[0].Expected)
	require.NotNil(t, got[0].Forecast)
	assert.Equal(t, "25.00 USD", got[0].Forecast.String())
}

// TestReviewOverPace: Origin Stories (1500 EUR, 11 January to 1 March) has
// spent 1300 EUR by the sample's "now" (15 February 09:00, 35.375 of 49
// days: 1082.91 expected): Review recommends slowing it, linked to its two
// objectives. Office Coffee Week started nine hours earlier: over pace by
// its figures, but below the minimum of three days, so no recommendation.
func TestReviewOverPace(t *testing.T) {
	plan := verifiedplan.Plan()
	origin, office := plan.Campaigns[0], plan.Campaigns[1]
	spend := []strategy.Spend{
		{Campaign: origin.ID, At: origin.Start.AddDate(0, 0, 20), Amount: eur("700")},
		{Campaign: origin.ID, At: origin.Start.AddDate(0, 0, 30), Amount: eur("600")},
		{Campaign: office.ID, At: office.Start.Add(8 * time.Hour), Amount: eur("100")},
	}
	series := sampleSeries(t)
	res, err := strategy.Review(plan, series, verifiedplan.AsOf, &strategy.ReviewOptions{Spend: spend})
	require.NoError(t, err)
	require.Len(t, res.Pacing, 2)
	assert.Equal(t, strategy.PaceOver, res.Pacing[0].Status)
	assert.Equal(t, strategy.PaceOver, res.Pacing[1].Status)
	var over []strategy.Recommendation
	for _, r := range res.Recommendations {
		if r.Rule == "campaign.over_pace" {
			over = append(over, r)
		}
	}
	require.Len(t, over, 1)
	assert.Equal(t, origin.ID, over[0].Campaign)
	assert.Equal(t, origin.Objectives, over[0].Objectives)
	assert.True(t, strings.HasPrefix(over[0].Message, `campaign "Origin Stories" is over pace: spent 1300.00 EUR of 1500.00 EUR with 72.19% of its time elapsed `+
		`(35.375 of 49 days; 1082.91 EUR expected by now, tolerance 10%); at this rate it ends at 1800.71 EUR; `+
		`it serves "Raise Instagram engagement`), over[0].Message)
	assert.True(t, strings.HasSuffix(over[0].Message, `"`+plan.Objectives[1].Statement+`": slow its spend or move budget deliberately`), over[0].Message)

	// A higher minimum silences it; a wider tolerance puts it on pace.
	for _, o := range []strategy.PacingOptions{{MinDays: 36}, {Tolerance: decimal.NewFromInt(21)}} {
		res, err := strategy.Review(plan, series, verifiedplan.AsOf, &strategy.ReviewOptions{Spend: spend, Pacing: o})
		require.NoError(t, err)
		for _, r := range res.Recommendations {
			assert.NotEqual(t, "campaign.over_pace", r.Rule, "%+v", o)
		}
	}

	// Without spend, no pacing.
	res, err = strategy.Review(plan, series, verifiedplan.AsOf, nil)
	require.NoError(t, err)
	assert.Nil(t, res.Pacing)

	// Bad spend is reported under "spend"; bad options are ErrPacingOptions.
	_, err = strategy.Review(plan, series, verifiedplan.AsOf, &strategy.ReviewOptions{Spend: []strategy.Spend{{Campaign: uuid.New(), At: verifiedplan.AsOf, Amount: eur("1")}}})
	assert.True(t, validation.Has(err, validation.CodeNotFound, "spend[0].campaign"), "%v", err)
	_, err = strategy.Review(plan, series, verifiedplan.AsOf, &strategy.ReviewOptions{Spend: spend, Pacing: strategy.PacingOptions{MinDays: -2}})
	assert.ErrorIs(t, err, strategy.ErrPacingOptions)
}

func TestPaceJSON(t *testing.T) {
	start, end := madrid(t, time.January, 11, 0), madrid(t, time.March, 1, 0)
	plan, id := pacingPlan(t, "Europe/Madrid", eur("4900"), start, end)
	got, err := strategy.Pace(plan, []strategy.Spend{{Campaign: id, At: start.AddDate(0, 0, 1), Amount: eur("1200")}}, madrid(t, time.January, 21, 0), nil)
	require.NoError(t, err)
	data, err := json.Marshal(got)
	require.NoError(t, err)
	var back []strategy.CampaignPace
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
	assert.Contains(t, string(data), `"status":"over_pace"`)

	strictjsontest.Run(t, []strictjsontest.Case{
		{Name: "CampaignPace", New: func() any { return new(strategy.CampaignPace) }, Decimal: "elapsedDays"},
		{Name: "PacingOptions", New: func() any { return new(strategy.PacingOptions) }, Decimal: "tolerance"},
	})
	var s strategy.Spend
	assert.Error(t, json.Unmarshal([]byte(`{"campaign":"`+id.String()+`","at":"2027-01-12T00:00:00+01:00","amount":{"amount":"1","currency":"EUR"},"Note":1}`), &s))
	require.NoError(t, json.Unmarshal([]byte(`{"campaign":"`+id.String()+`","at":"2027-01-12T00:00:00+01:00","amount":{"amount":"1","currency":"EUR"}}`), &s))
	assert.NoError(t, s.Validate())

	var st strategy.PaceStatus
	assert.Error(t, st.UnmarshalText([]byte("ahead")))
	for _, v := range []strategy.PaceStatus{strategy.PaceOn, strategy.PaceUnder, strategy.PaceOver, strategy.PaceNotStarted, strategy.PaceNoBudget} {
		require.NoError(t, st.UnmarshalText([]byte(v.String())))
		assert.True(t, st.IsValid())
	}
}

// FuzzPace: any spend records and as-of instant give a result or a
// *validation.Error, never a panic; a forecast exists exactly when time has
// elapsed, and the status is one of the known ones.
func FuzzPace(f *testing.F) {
	f.Add(uint8(0), "1000", "EUR", int64(86400), int64(10*86400))
	f.Add(uint8(1), "-1", "USD", int64(0), int64(0))
	f.Add(uint8(0), "1e40", "EUR", int64(-5), int64(49*86400))
	f.Add(uint8(2), "0.0000000000000000000000000001", "", int64(3600), int64(-3600))
	f.Add(uint8(0), "99999999999999999999999999999999999999", "EUR", int64(86400), int64(86400*100))
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		f.Fatal(err)
	}
	start, end := time.Date(2027, time.March, 20, 0, 0, 0, 0, loc), time.Date(2027, time.April, 3, 0, 0, 0, 0, loc)
	plan, _ := pacingPlan(f, "Europe/Madrid", eur("1400"), start, end)
	f.Fuzz(func(t *testing.T, campaign uint8, amount, currency string, at, asOf int64) {
		d, err := decimal.NewFromString(amount)
		if err != nil || len(amount) > 60 {
			t.Skip()
		}
		id := uuid.New()
		if int(campaign) < len(plan.Campaigns) {
			id = plan.Campaigns[campaign].ID
		}
		s := strategy.Spend{Campaign: id, At: start.Add(time.Duration(at%(1<<40)) * time.Second), Amount: strategy.Budget{Amount: d, Currency: currency}}
		_ = s.Validate()
		when := start.Add(time.Duration(asOf%(1<<40)) * time.Second)
		got, err := strategy.Pace(plan, []strategy.Spend{s}, when, nil)
		if err != nil {
			var verr *validation.Error
			if !errors.As(err, &verr) {
				t.Fatalf("not a validation error: %v", err)
			}
			return
		}
		for i, p := range got {
			if !p.Status.IsValid() {
				t.Fatalf("status %q", p.Status)
			}
			started := when.After(plan.Campaigns[i].Start)
			if !started && p.Forecast != nil {
				t.Fatalf("campaign %d has not started but has a forecast %v", i, p.Forecast)
			}
			if started && p.Forecast == nil && p.Spent.Amount.LessThan(decimal.New(1, 20)) {
				t.Fatalf("campaign %d started, spent %s and has no forecast", i, p.Spent)
			}
			for _, b := range []*strategy.Budget{p.Expected, p.Forecast} {
				if b != nil && !validation.DecimalWithin(b.Amount) {
					t.Fatalf("campaign %d: %s is beyond the decimal bounds", i, b)
				}
			}
			if !started && p.Status != strategy.PaceNotStarted && p.Status != strategy.PaceNoBudget {
				t.Fatalf("campaign %d not started but %s", i, p.Status)
			}
			if strings.HasPrefix(p.Elapsed.String(), "-") {
				t.Fatalf("negative elapsed %s", p.Elapsed)
			}
		}
	})
}

// TestKPISpendIsMoney pins what Spend's documentation relies on: kpi.Spend
// is a money counter, so its observations add up like Spend records.
func TestKPISpendIsMoney(t *testing.T) {
	assert.Equal(t, kpi.UnitMoney, kpi.Spend.Unit())
}

// FuzzSpendJSON: any document decodes into a Spend or is an error, never a
// panic; a decoded record validates without panicking, and a valid one
// round-trips.
func FuzzSpendJSON(f *testing.F) {
	f.Add(`{"campaign":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","at":"2027-01-12T00:00:00+01:00","amount":{"amount":"12.5","currency":"EUR"}}`)
	f.Add(`{"campaign":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","amount":{"amount":-1,"currency":"eur"}}`)
	f.Add(`{"amount":{"amount":"1e99999"}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		var s strategy.Spend
		if json.Unmarshal([]byte(doc), &s) != nil {
			return
		}
		if s.Validate() != nil {
			return
		}
		data, err := json.Marshal(s)
		require.NoError(t, err)
		var back strategy.Spend
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, s.Campaign, back.Campaign)
		assert.True(t, s.At.Equal(back.At))
		assert.True(t, s.Amount.Amount.Equal(back.Amount.Amount))
	})
}

// TestPaceHugeForecast: the largest spend one second into a campaign
// extrapolates past the decimal bounds: no forecast, never an out-of-bounds
// value, and Review's recommendation (exactly MinDays in) says so.
func TestPaceHugeForecast(t *testing.T) {
	start, end := madrid(t, time.January, 11, 0), madrid(t, time.March, 1, 0)
	plan, id := pacingPlan(t, "Europe/Madrid", eur("4900"), start, end)
	huge := strategy.Budget{Amount: decimal.RequireFromString("99999999999999999999999999999999999999"), Currency: "EUR"}
	got, err := strategy.Pace(plan, []strategy.Spend{{Campaign: id, At: start.Add(time.Second), Amount: huge}}, start.Add(time.Second), nil)
	require.NoError(t, err)
	assert.Equal(t, strategy.PaceOver, got[0].Status)
	assert.Nil(t, got[0].Forecast)

	res, err := strategy.Review(plan, sampleSeries(t), start.AddDate(0, 0, 3), &strategy.ReviewOptions{
		Spend: []strategy.Spend{{Campaign: id, At: start.Add(time.Second), Amount: huge}}, Pacing: strategy.PacingOptions{MinDays: 3}})
	require.NoError(t, err)
	assert.Nil(t, res.Pacing[0].Forecast, "49/3 times the largest amount is past the bounds")
	var msg string
	for _, r := range res.Recommendations {
		if r.Rule == "campaign.over_pace" {
			msg = r.Message
		}
	}
	assert.Contains(t, msg, "it ends at an amount past tandem's decimal bounds", "exactly MinDays elapsed is enough")
}

func TestSpendOf(t *testing.T) {
	plan := verifiedplan.Plan()
	office := plan.Campaigns[1]
	at := office.Start.AddDate(0, 0, 1)
	obs := []kpi.Observation{
		{Metric: kpi.Spend, Channel: "linkedin", At: at, Value: decimal.NewFromInt(80), Currency: "EUR"},
		{Metric: kpi.Spend, Channel: "linkedin", At: at.AddDate(0, 0, 1), Value: decimal.NewFromInt(70), Currency: "EUR"},
	}
	spend, err := strategy.SpendOf(office.ID, obs)
	require.NoError(t, err)
	require.Len(t, spend, 2)
	assert.Equal(t, strategy.Spend{Campaign: office.ID, At: at, Amount: eur("80")}, spend[0])
	got, err := strategy.Pace(plan, spend, at.AddDate(0, 0, 2), nil)
	require.NoError(t, err)
	assert.Equal(t, "150.00 EUR", got[1].Spent.String())

	bad := append(obs,
		kpi.Observation{Metric: kpi.Clicks, At: at, Value: decimal.NewFromInt(3)},
		kpi.Observation{Metric: kpi.Spend, At: at, Value: decimal.NewFromInt(-3), Currency: "EUR"},
		kpi.Observation{Metric: kpi.Spend, At: at, Value: decimal.NewFromInt(3)},
	)
	spend, err = strategy.SpendOf(office.ID, bad)
	assert.Nil(t, spend)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "[2].metric"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "[3].value"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "[4].currency"), "%v", err)
}

// FuzzSpendOf: any observation gives a valid record or a
// *validation.Error, never a panic.
func FuzzSpendOf(f *testing.F) {
	f.Add("spend", "80", "EUR", int64(1))
	f.Add("clicks", "3", "", int64(0))
	f.Add("spend", "-1e40", "eur", int64(-1))
	f.Fuzz(func(t *testing.T, metric, value, currency string, at int64) {
		v, err := decimal.NewFromString(value)
		if err != nil || len(value) > 60 {
			t.Skip()
		}
		var when time.Time
		if at != 0 {
			when = time.Unix(at%(1<<40), 0)
		}
		id := uuid.NewSHA1(uuid.Nil, []byte("c"))
		spend, err := strategy.SpendOf(id, []kpi.Observation{{Metric: kpi.Metric(metric), At: when, Value: v, Currency: currency}})
		if err != nil {
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			require.Nil(t, spend)
			return
		}
		require.Len(t, spend, 1)
		require.NoError(t, spend[0].Validate())
	})
}
