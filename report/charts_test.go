package report_test

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/report"
)

// TestStandaloneCharts writes each chart on its own, from the sample and
// from empty input, and checks it is a well-formed SVG document with a
// title, and that the sample's has marks.
func TestStandaloneCharts(t *testing.T) {
	r, asOf := sampleReview(t)
	loc, err := r.Plan.Location()
	require.NoError(t, err)
	asOf = asOf.In(loc)
	span := calendar.Window{From: r.Plan.Campaigns[0].Start, To: r.Plan.Goal.Deadline}
	tests := []struct {
		name  string
		write func(w io.Writer) error
		// marks is a class every drawn chart of this kind holds; empty
		// for the charts drawn from nothing.
		marks string
	}{
		{"kpi", func(w io.Writer) error { return report.KPIChart(w, r.Plan.KPIs[1], r.Series, asOf, nil) }, `class="point"`},
		{"kpi of nothing", func(w io.Writer) error { return report.KPIChart(w, kpi.KPI{}, nil, time.Time{}, nil) }, ""},
		{"calendar", func(w io.Writer) error { return report.CalendarChart(w, *r.Calendar, r.Pauses, span) }, `class="day"`},
		{"calendar of nothing", func(w io.Writer) error {
			return report.CalendarChart(w, calendar.Calendar{}, nil, calendar.Window{})
		}, ""},
		{"what works", func(w io.Writer) error { return report.WhatWorksChart(w, r.Results.WhatWorks) }, `class="median"`},
		{"what works of nothing", func(w io.Writer) error { return report.WhatWorksChart(w, nil) }, ""},
		{"best times", func(w io.Writer) error {
			return report.BestTimesChart(w, r.BestTimes[0].Account, r.BestTimes[0].Times)
		}, `class="slot"`},
		{"best times of nothing", func(w io.Writer) error {
			return report.BestTimesChart(w, channel.AccountRef{}, kpi.BestTimes{})
		}, ""},
		{"drill", func(w io.Writer) error { return report.DrillTimeline(w, r.Drill, &r.Plan.Crisis) }, `class="event"`},
		{"drill of nothing", func(w io.Writer) error { return report.DrillTimeline(w, nil, nil) }, ""},
		{"response times", func(w io.Writer) error {
			return report.ResponseTimesChart(w, r.Responses, r.Plan.Community.Response.Targets, r.Plan.MemberNames())
		}, `class="p90"`},
		{"response times of nothing", func(w io.Writer) error { return report.ResponseTimesChart(w, nil, nil, nil) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, tt.write(&b))
			doc := b.String()
			require.True(t, strings.HasPrefix(doc, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<svg xmlns="http://www.w3.org/2000/svg"`), doc[:min(len(doc), 200)])
			wellFormed(t, doc)
			assert.Contains(t, doc, "<title id=")
			assert.Contains(t, doc, "<desc id=")
			assert.False(t, badCoordinate.MatchString(doc))
			if tt.marks != "" {
				assert.Contains(t, doc, tt.marks)
				assert.NotContains(t, doc, "Not drawn")
			} else {
				assert.Contains(t, doc, "Not drawn")
			}
		})
	}
}

// TestKPIChartClamps checks that a value far outside the plan is drawn at
// the edge, inside the canvas, and said in words.
func TestKPIChartClamps(t *testing.T) {
	r, asOf := sampleReview(t)
	k := r.Plan.KPIs[1] // followers, 12000 to 15000
	var o []kpi.Observation
	for d := 1; d <= 20; d++ {
		v := "12100"
		if d == 20 {
			v = "900000000000000000000"
		}
		o = append(o, obs(kpi.Followers, channel.Instagram, time.Date(2027, time.January, d, 23, 0, 0, 0, asOf.Location()), v))
	}
	s, err := kpi.NewSeries(o)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, report.KPIChart(&b, k, s, asOf, nil))
	doc := b.String()
	wellFormed(t, doc)
	assert.NotContains(t, doc, "e+")
	for _, m := range coordRE.FindAllStringSubmatch(doc, -1) {
		assert.NotContains(t, m[1], "-", "a coordinate off the canvas: %s", m[0])
	}
}

var coordRE = regexp.MustCompile(` c?[xy]="([^"]*)"`)

// A chart of responses all answered in 0 business time (outside business
// hours), with no target, draws bars of no width: not half the plot, as
// a scale of no span put them.
func TestResponseTimesAllZero(t *testing.T) {
	zero := &community.ResponseTimes{Samples: 2}
	rep := &community.ResponseReport{Overall: community.ResponseStats{Received: 2, Answered: 2, FirstResponse: zero}}
	var b bytes.Buffer
	require.NoError(t, report.ResponseTimesChart(&b, rep, nil, nil))
	widths := regexp.MustCompile(`width="([0-9.]+)"[^>]*class="(?:median|p90)"`).FindAllStringSubmatch(b.String(), -1)
	require.NotEmpty(t, widths, "%s", b.String())
	for _, w := range widths {
		assert.Equal(t, "0", w[1], "a bar of 0 business time")
	}
}

// A drill read back from JSON carries fixed offsets; the standalone
// timeline still prints the crisis plan's wall clock.
func TestDrillTimelineOnThePlansClock(t *testing.T) {
	r, _ := sampleReview(t)
	require.NotNil(t, r.Drill)
	d := *r.Drill
	d.End = d.End.In(time.FixedZone("", 3600))
	d.Timeline = append([]crisis.Entry(nil), d.Timeline...)
	for i := range d.Timeline {
		d.Timeline[i].At = d.Timeline[i].At.In(time.FixedZone("", 3600))
	}
	var b bytes.Buffer
	require.NoError(t, report.DrillTimeline(&b, &d, &r.Plan.Crisis))
	assert.Contains(t, b.String(), "Time (Europe/Madrid)")
	assert.Contains(t, b.String(), " CET")
}
