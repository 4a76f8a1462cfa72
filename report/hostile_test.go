package report_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/report"
	"github.com/tandemsocial/tandem/strategy"
)

const hostileText = "<script>alert('x')</script> & \"quoted\" \xff\xfe \x00\x1b"

var badCoordinate = regexp.MustCompile(`="[^"]*(NaN|Inf)`)

// checkPage asserts what every page must be, whatever its input.
func checkPage(t *testing.T, page string) {
	t.Helper()
	assert.NotContains(t, strings.ToLower(page), "<script")
	assert.NotContains(t, page, "\x00")
	for _, s := range inlineSVGs(page) {
		wellFormed(t, s)
		assert.False(t, badCoordinate.MatchString(s), "NaN or Inf in %s", s)
	}
	for _, id := range report.Sections() {
		assert.Contains(t, page, `<section id="`+id+`"`)
	}
}

func obs(m kpi.Metric, c channel.Channel, at time.Time, v string) kpi.Observation {
	return kpi.Observation{Metric: m, Channel: c, Account: brand, At: at, Value: decimal.RequireFromString(v)}
}

func TestWriteHTMLBadInput(t *testing.T) {
	loc, err := time.LoadLocation(verifiedplan.Zone)
	require.NoError(t, err)
	asOf := verifiedplan.AsOf
	jan := func(d int) time.Time { return time.Date(2027, time.January, d, 23, 0, 0, 0, loc) }
	series := func(o ...kpi.Observation) *kpi.Series {
		s, err := kpi.NewSeries(o)
		require.NoError(t, err)
		return s
	}
	tests := []struct {
		name   string
		change func(r *report.Review)
		want   []string // sentences the page must hold
	}{
		{"nothing but the plan", func(r *report.Review) { *r = report.Review{Plan: r.Plan} },
			[]string{"The verification report (strategy.Verify) was not given.", "No crisis drill (crisis.Drill) was given.", "No observations were given"}},
		{"hostileText texts everywhere", func(r *report.Review) {
			r.Plan.Brand.Name, r.Plan.Goal.Statement = hostileText, hostileText
			for i := range r.Plan.KPIs {
				r.Plan.KPIs[i].Name = hostileText
			}
			r.Verification.Findings = append(r.Verification.Findings, strategy.Finding{Rule: hostileText, Severity: strategy.SeverityError, Path: hostileText, Message: hostileText})
			r.Matrix.Objectives[0].Statement = hostileText
			r.Matrix.Objectives[0].Campaigns[0].Name = hostileText
			r.Leaders[0].Account.Handle = hostileText
			r.Drill.Timeline[0].Detail, r.Drill.Timeline[0].Level = hostileText, hostileText
			r.Results.Objectives[0].Statement = hostileText
			r.Results.WhatWorks.Groupings[0].By = hostileText
			r.Results.WhatWorks.Groupings[0].Groups[0].Key = hostileText
			r.BestTimes[0].Account.Handle = hostileText
			r.Calendar.Blackouts[0].Reason = hostileText
			r.Responses.Breaches[0].ID = hostileText
		}, []string{"&lt;script&gt;alert("}},
		{"an empty series", func(r *report.Review) { r.Series = series() },
			[]string{"No observed value is drawn"}},
		{"a single observation", func(r *report.Review) {
			r.Series = series(obs(kpi.Followers, channel.Instagram, jan(5), "12040"))
		}, []string{"No forecast is drawn"}},
		{"values far outside the planned range", func(r *report.Review) {
			var o []kpi.Observation
			for d := 1; d < 30; d++ {
				o = append(o, obs(kpi.Followers, channel.Instagram, jan(d), "12000"))
			}
			o = append(o, obs(kpi.Followers, channel.Instagram, jan(30), "900000000000000000000000000000"))
			r.Series = series(o...)
		}, []string{"far outside the planned range"}},
		{"a KPI without a target", func(r *report.Review) {
			r.Plan.KPIs[0].Target.Value = r.Plan.KPIs[0].Baseline.Value
		}, []string{"is not drawn: the KPI is not valid"}},
		{"a KPI without a deadline", func(r *report.Review) {
			r.Plan.KPIs[1].Target.Deadline = time.Time{}
		}, []string{"is not drawn: the KPI is not valid"}},
		{"an empty drill, no leaders, no responses", func(r *report.Review) {
			r.Drill = &crisis.DrillReport{}
			r.Leaders, r.Responses = nil, nil
		}, []string{"timeline is empty", "Neither the response-time report"}},
		{"nothing answered", func(r *report.Review) {
			r.Responses = &community.ResponseReport{}
		}, []string{"Nothing was answered in the window"}},
		{"best times off the grid", func(r *report.Review) {
			r.BestTimes[0].Times.Slots = append(r.BestTimes[0].Times.Slots, kpi.SlotScore{Slot: kpi.HourSlot{Weekday: 9, Hour: 42}})
		}, []string{"outside the weekday × hour grid"}},
		{"no best times", func(r *report.Review) {
			r.BestTimes = []report.AccountTimes{{Account: channel.AccountRef{Channel: channel.Instagram}}}
		}, []string{"there are no times to rank"}},
		{"what works without groups", func(r *report.Review) {
			r.Results.WhatWorks = &kpi.WhatWorks{}
		}, []string{"No group of posts to compare"}},
		{"a calendar routine too dense to expand", func(r *report.Review) {
			rt := r.Calendar.Routines[0]
			rt.ID = uuid.New()
			rt.Recurrence.Rule = calendar.Rule{Freq: calendar.Secondly}
			rt.Until = time.Time{}
			r.Calendar.Routines = append(r.Calendar.Routines, rt)
		}, []string{"slots in the span: the chart counts the first 100000"}},
		{"a plan without campaigns, entries or deadline", func(r *report.Review) {
			r.Plan.Campaigns, r.Plan.Entries, r.Plan.Goal.Deadline = nil, nil, time.Time{}
		}, []string{"The plan has no span to draw"}},
		{"a paused window", func(r *report.Review) {
			r.Pauses = []crisis.PauseWindow{{Window: calendar.Window{From: asOf, To: asOf.Add(36 * time.Hour)}, Channels: []channel.Channel{channel.Instagram}, Level: hostileText}}
		}, []string{"Paused by the crisis level"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := sampleReview(t)
			tt.change(r)
			var b bytes.Buffer
			require.NoError(t, report.WriteHTML(&b, r, asOf, nil))
			page := b.String()
			checkPage(t, page)
			for _, w := range tt.want {
				assert.Contains(t, page, w)
			}
		})
	}
}

func TestWriteHTMLErrors(t *testing.T) {
	var b bytes.Buffer
	assert.ErrorIs(t, report.WriteHTML(&b, nil, verifiedplan.AsOf, nil), report.ErrNoPlan)
	assert.ErrorIs(t, report.WriteHTML(&b, &report.Review{}, verifiedplan.AsOf, nil), report.ErrNoPlan)
	assert.ErrorIs(t, report.WriteHTML(&b, &report.Review{Plan: &strategy.Strategy{Zone: "Mars/Olympus"}}, verifiedplan.AsOf, nil), strategy.ErrZone)
}
