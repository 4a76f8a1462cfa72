package community_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
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
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

func sampleResponder(t testing.TB) *community.Responder {
	t.Helper()
	r, err := community.NewResponder(samplePolicy(), nil)
	require.NoError(t, err)
	return r
}

func TestKeywordClassifier(t *testing.T) {
	c, err := community.NewKeywordClassifier(community.EnglishSentimentRules())
	require.NoError(t, err)
	tests := []struct {
		text string
		want community.Sentiment
	}{
		{"I LOVE this roast", community.Positive},
		{"The grinder is broken, terrible service", community.Negative},
		{"Not bad at all", community.Positive},                    // the phrase hides "bad"
		{"Great beans but the bag was broken", community.Neutral}, // one each
		{"What time do you open?", community.Neutral},
		{"chocolate notes", community.Neutral}, // "late" only as a whole word
		{"", community.Neutral},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, c.Classify(tt.text), tt.text)
	}
	pos, neg := c.Count("thank you, thanks, but it's late and not happy")
	assert.Equal(t, 2, pos)
	assert.Equal(t, 2, neg)
}

func TestSentimentRulesValidate(t *testing.T) {
	err := community.SentimentRules{Positive: []string{"good", "", "Good"}, Negative: []string{"GOOD", "bad"}}.Validate()
	require.Error(t, err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "positive[1]"))
	assert.True(t, validation.Has(err, validation.CodeDuplicate, "positive[2]"))
	assert.True(t, validation.Has(err, validation.CodeConflict, "negative[0]"))
	_, err = community.NewKeywordClassifier(community.SentimentRules{Negative: []string{" "}})
	assert.True(t, validation.Has(err, validation.CodeRequired, "negative[0]"))
}

type constClassifier community.Sentiment

func (c constClassifier) Classify(string) community.Sentiment { return community.Sentiment(c) }

func TestLabelledKeepsLabelsAndInput(t *testing.T) {
	b := sampleInbox()
	b[0].Sentiment = community.Positive
	out := b.Labelled(constClassifier(community.Negative))
	assert.Equal(t, community.Positive, out[0].Sentiment)
	for _, in := range out[1:] {
		assert.Equal(t, community.Negative, in.Sentiment)
	}
	assert.Empty(t, b[1].Sentiment, "the input is not changed")
	assert.Equal(t, community.Neutral, community.SentimentOf(b[1], nil))
}

func TestResponsePolicyValidate(t *testing.T) {
	p := samplePolicy()
	p.Targets = append(p.Targets,
		community.Target{Within: 0},
		community.Target{Kind: community.KindReview, Priority: community.PriorityHigh, Within: calendar.Duration(-time.Hour)},
		community.Target{Kind: "like", Within: calendar.Duration(time.Hour)},
	)
	p.Priority.Influential = community.PriorityHigh
	p.Priority.InfluentialFollowers = 0
	p.Priority.VerifiedIsInfluential = false
	p.Priority.CrisisKeywords = nil
	p.Hours.Location = nil
	err := p.Validate()
	require.Error(t, err)
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeOutOfRange, "targets[5].within"},
		{validation.CodeDuplicate, "targets[5]"},
		{validation.CodeOutOfRange, "targets[6].within"},
		{validation.CodeDuplicate, "targets[6]"},
		{validation.CodeNotSupported, "targets[7].kind"},
		{validation.CodeRequired, "priority.influentialFollowers"},
		{validation.CodeRequired, "priority.crisisKeywords"},
		{validation.CodeRequired, "hours.zone"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "want %s at %s in %v", want.code, want.path, err)
	}
	_, err = community.NewResponder(community.ResponsePolicy{Hours: samplePolicy().Hours}, nil)
	assert.True(t, validation.Has(err, validation.CodeRequired, "targets"))
}

func TestResponsePolicyJSONRoundTrip(t *testing.T) {
	p := samplePolicy()
	data, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"within":"30m0s"`)
	var back community.ResponsePolicy
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
	assert.NoError(t, back.Validate())
}

func TestTargetSpecificity(t *testing.T) {
	r := sampleResponder(t)
	tests := []struct {
		kind community.Kind
		prio community.Priority
		want time.Duration
	}{
		{community.KindComment, community.PriorityNormal, 8 * time.Hour},       // catch-all
		{community.KindComment, community.PriorityHigh, 2 * time.Hour},         // priority
		{community.KindDirectMessage, community.PriorityNormal, 4 * time.Hour}, // kind
		{community.KindDirectMessage, community.PriorityHigh, 2 * time.Hour},   // the tighter of kind and priority
		{community.KindReview, community.PriorityHigh, time.Hour},              // kind and priority
		{community.KindReview, community.PriorityUrgent, 30 * time.Minute},
	}
	for _, tt := range tests {
		d, ok := r.Target(tt.kind, tt.prio)
		assert.True(t, ok)
		assert.Equal(t, tt.want, d, "%s/%s", tt.kind, tt.prio)
	}
	_, ok := r.Target("like", community.PriorityLow)
	assert.False(t, ok)

	only := samplePolicy()
	only.Targets = []community.Target{{Kind: community.KindDirectMessage, Within: calendar.Duration(time.Hour)}}
	r2, err := community.NewResponder(only, nil)
	require.NoError(t, err)
	_, ok = r2.Target(community.KindShare, community.PriorityNormal)
	assert.False(t, ok, "no target applies to shares")
}

func TestAssess(t *testing.T) {
	r := sampleResponder(t)
	b := sampleInbox()
	byID := b.ByID()
	tests := []struct {
		id       string
		priority community.Priority
		reasons  []community.Reason
	}{
		{"c1", community.PriorityNormal, nil},
		{"c2", community.PriorityHigh, []community.Reason{community.ReasonQuestion}},
		{"r1", community.PriorityHigh, []community.Reason{community.ReasonInfluential}},
		{"m1", community.PriorityHigh, []community.Reason{community.ReasonInfluential}},
		{"d1", community.PriorityHigh, []community.Reason{community.ReasonNegative}},
		{"v1", community.PriorityUrgent, []community.Reason{community.ReasonNegative, community.ReasonCrisisKeyword}},
	}
	for _, tt := range tests {
		a := r.Assess(b[byID[tt.id]])
		assert.Equal(t, tt.priority, a.Priority, tt.id)
		assert.Equal(t, tt.reasons, a.Reasons, tt.id)
	}
	a := r.Assess(b[byID["v1"]])
	assert.Equal(t, []string{"glass"}, a.CrisisKeywords)
	assert.True(t, a.Has(community.ReasonCrisisKeyword))
	assert.False(t, a.Has(community.ReasonQuestion))

	q := community.Interaction{Text: "how do I grind for espresso", Kind: community.KindComment}
	assert.True(t, r.Assess(q).Has(community.ReasonQuestion))
	q.Text = "¿Tenéis descafeinado"
	assert.True(t, r.Assess(q).Has(community.ReasonQuestion))
	q.Text = "Labelled negative by the caller"
	q.Sentiment = community.Negative
	assert.Equal(t, community.PriorityHigh, r.Assess(q).Priority)
}

// TestDueInSeveralZones counts response targets in business hours across
// a weekend, a holiday and a DST change, in three zones.
func TestDueInSeveralZones(t *testing.T) {
	tests := []struct {
		zone     string
		at, want func(loc *time.Location) time.Time
	}{
		{ // Friday 16:45 + 2h of open time (1h15m on Friday): Monday 09:45.
			"Europe/Madrid",
			func(l *time.Location) time.Time { return time.Date(2026, 1, 9, 16, 45, 0, 0, l) },
			func(l *time.Location) time.Time { return time.Date(2026, 1, 12, 9, 45, 0, 0, l) },
		},
		{ // Friday before the US spring-forward: Monday 09:45 EDT.
			"America/New_York",
			func(l *time.Location) time.Time { return time.Date(2026, 3, 6, 16, 45, 0, 0, l) },
			func(l *time.Location) time.Time { return time.Date(2026, 3, 9, 9, 45, 0, 0, l) },
		},
		{ // Sunday night in Tokyo: Monday 11:00.
			"Asia/Tokyo",
			func(l *time.Location) time.Time { return time.Date(2026, 1, 11, 23, 0, 0, 0, l) },
			func(l *time.Location) time.Time { return time.Date(2026, 1, 12, 11, 0, 0, 0, l) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			loc := mustZone(tt.zone)
			p := samplePolicy()
			p.Hours = calendar.Weekdays(loc, mustRange("09:00-18:00"))
			r, err := community.NewResponder(p, nil)
			require.NoError(t, err)
			in := community.Interaction{ID: "q", Kind: community.KindComment, At: tt.at(loc)}
			due, ok, err := r.Due(in, community.PriorityHigh)
			require.NoError(t, err)
			require.True(t, ok)
			assert.True(t, tt.want(loc).Equal(due), "due %v, want %v", due, tt.want(loc))
			assert.Equal(t, tt.zone, due.Location().String())
		})
	}
	// The Epiphany holiday in the sample policy: Monday 5 January 17:00 + 2h
	// is Wednesday 7 January 10:00.
	r := sampleResponder(t)
	due, _, err := r.Due(community.Interaction{ID: "h", Kind: community.KindComment, At: at(5, 17, 0)}, community.PriorityHigh)
	require.NoError(t, err)
	assert.True(t, at(7, 10, 0).Equal(due), "%v", due)
}

func TestTriageIsDeterministic(t *testing.T) {
	r := sampleResponder(t)
	b := sampleInbox()
	now := at(12, 11, 0)
	want, err := r.Triage(b, now)
	require.NoError(t, err)
	ids := func(items []community.TriageItem) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	assert.Equal(t, []string{"v1", "m1", "c2", "r1", "d1", "c1", "s1"}, ids(want))
	assert.True(t, want[0].Breached)
	assert.Equal(t, calendar.Duration(-15*time.Minute), want[0].Left)
	assert.Equal(t, calendar.Duration(45*time.Minute), want[0].Elapsed)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := slices.Clone(b)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got, err := r.Triage(shuffled, now)
		require.NoError(t, err)
		assert.Equal(t, ids(want), ids(got))
		for _, it := range got {
			assert.Equal(t, it.ID, shuffled[it.Index].ID)
		}
	}
	// Items in the future have no elapsed time; items without a target go
	// after those with one at the same priority.
	only := samplePolicy()
	only.Targets = []community.Target{{Kind: community.KindComment, Within: calendar.Duration(time.Hour)}}
	r2, err := community.NewResponder(only, nil)
	require.NoError(t, err)
	items, err := r2.Triage(community.Inbox{
		{ID: "share", Kind: community.KindShare, Channel: channel.X, Author: community.Author{Handle: "a"}, At: at(12, 9, 0)},
		{ID: "later", Kind: community.KindComment, Channel: channel.X, Author: community.Author{Handle: "a"}, At: at(12, 12, 0)},
	}, now)
	require.NoError(t, err)
	assert.Equal(t, []string{"later", "share"}, ids(items))
	assert.Zero(t, items[0].Elapsed)
	assert.False(t, items[1].HasTarget)
	assert.Equal(t, calendar.Duration(2*time.Hour), items[1].Elapsed)
}

func TestTriageRejectsBadItems(t *testing.T) {
	r := sampleResponder(t)
	_, err := r.Triage(community.Inbox{{ID: "a", Kind: "like"}, {ID: "b", Kind: community.KindComment}}, at(12, 9, 0))
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "[0].kind"))
	assert.True(t, validation.Has(err, validation.CodeRequired, "[0].at"))
	assert.True(t, validation.Has(err, validation.CodeRequired, "[1].at"))
}

func TestResponseValidate(t *testing.T) {
	assert.NoError(t, community.Response{To: "c1", At: at(12, 9, 0), By: ana}.Validate())
	err := community.Response{}.Validate()
	for _, path := range []string{"to", "at", "by"} {
		assert.True(t, validation.Has(err, validation.CodeRequired, path), "%s in %v", path, err)
	}
}

func TestOpen(t *testing.T) {
	b := sampleInbox()
	responses := []community.Response{
		{To: "c2", At: at(12, 9, 30), By: ana},
		{To: "d1", At: at(12, 9, 0), By: ana},   // before the message: does not count
		{To: "v1", At: at(12, 12, 0), By: luis}, // after asOf
	}
	open := b.Open(responses, at(12, 11, 0))
	var ids []string
	for _, in := range open {
		ids = append(ids, in.ID)
	}
	assert.Equal(t, []string{"c1", "r1", "m1", "d1", "v1", "s1"}, ids)
}

func TestReport(t *testing.T) {
	r := sampleResponder(t)
	b := sampleInbox()
	responses := []community.Response{
		{To: "c2", At: at(12, 9, 30), By: ana},   // 30m, target 2h
		{To: "c2", At: at(12, 10, 0), By: luis},  // not the first
		{To: "m1", At: at(12, 11, 30), By: luis}, // 2h30m, target 2h: breached
		{To: "d1", At: at(12, 10, 20), By: ana},  // 30m, target 4h
		{To: "c1", At: at(13, 9, 30), By: ana},   // 1h30m (Monday 09:00 to Tuesday 09:30: 9h+30m)
	}
	w := calendar.Window{From: at(12, 0, 0), To: at(13, 12, 0)}
	rep, err := r.Report(b, responses, w)
	require.NoError(t, err)
	o := rep.Overall
	assert.Equal(t, 7, o.Received)
	assert.Equal(t, 4, o.Answered)
	require.True(t, o.ResponseRate.Valid)
	assert.True(t, decimal.RequireFromString("57.1428571429").Equal(o.ResponseRate.Decimal), o.ResponseRate.Decimal.String())
	require.NotNil(t, o.FirstResponse)
	// Samples: 30m, 2h30m, 30m, 9h30m → mean 3h15m, median 1h30m, p90 9h30m.
	assert.Equal(t, 4, o.FirstResponse.Samples)
	assert.Equal(t, calendar.Duration(3*time.Hour+15*time.Minute), o.FirstResponse.Mean)
	assert.Equal(t, calendar.Duration(90*time.Minute), o.FirstResponse.Median)
	assert.Equal(t, calendar.Duration(9*time.Hour+30*time.Minute), o.FirstResponse.P90)
	// Breaches: m1 (answered late), c1 (9h30m > 8h), r1, v1, s1 unanswered past target.
	var breached []string
	for _, br := range rep.Breaches {
		breached = append(breached, br.ID)
	}
	assert.ElementsMatch(t, []string{"m1", "c1", "r1", "v1", "s1"}, breached)
	assert.Equal(t, "v1", rep.Breaches[0].ID, "furthest past its target first")
	assert.Equal(t, 5, o.Breached)

	require.Len(t, rep.Channels, 3)
	assert.Equal(t, channel.Instagram, rep.Channels[0].Channel)
	assert.Equal(t, 4, rep.Channels[0].Received)
	assert.Equal(t, 3, rep.Channels[0].Answered)
	require.Len(t, rep.Members, 2)
	assert.True(t, slices.IsSortedFunc(rep.Members, func(x, y community.MemberStats) int { return bytes.Compare(x.Member[:], y.Member[:]) }),
		"members in the order of their IDs")
	byMember := map[uuid.UUID]community.MemberStats{}
	for _, m := range rep.Members {
		byMember[m.Member] = m
	}
	assert.Equal(t, 3, byMember[ana].Answered)
	assert.Equal(t, 1, byMember[ana].Breached)
	assert.Equal(t, 1, byMember[luis].Breached)
	for _, br := range rep.Breaches {
		if br.ID == "m1" {
			assert.Equal(t, luis, br.By)
		}
	}

	obs := rep.Observations()
	assert.Len(t, obs, 2*3+4)
	for _, ob := range obs {
		assert.NoError(t, ob.Validate())
	}
	series, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	assert.NotNil(t, series)

	data, err := json.Marshal(rep)
	require.NoError(t, err)
	var back community.ResponseReport
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
}

func TestReportUndefinedAndBadInput(t *testing.T) {
	r := sampleResponder(t)
	w := calendar.Window{From: at(1, 0, 0), To: at(2, 0, 0)}
	rep, err := r.Report(sampleInbox(), nil, w)
	require.NoError(t, err)
	assert.False(t, rep.Overall.ResponseRate.Valid, "nothing received: undefined, not zero")
	assert.Nil(t, rep.Overall.FirstResponse)
	data, err := json.Marshal(rep.Overall)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"responseRate":null`)

	_, err = r.Report(sampleInbox(), []community.Response{{To: "nope", At: at(12, 9, 0)}}, calendar.Window{})
	assert.True(t, validation.Has(err, validation.CodeNotFound, "responses[0].to"))
	assert.True(t, validation.Has(err, validation.CodeRequired, "responses[0].by"))
	assert.True(t, validation.Has(err, validation.CodeRequired, "window.from"))
}

func TestSignals(t *testing.T) {
	r := sampleResponder(t)
	plan := signalPlan(t)
	signals, err := r.Signals(sampleInbox(), plan)
	require.NoError(t, err)
	// One-hour buckets from the epoch; Madrid is UTC+1 in January.
	want := []crisis.Signal{
		{At: time.Date(2026, 1, 12, 6, 0, 0, 0, time.UTC), Channel: channel.X, Mentions: 1},
		{At: time.Date(2026, 1, 12, 7, 0, 0, 0, time.UTC), Channel: channel.Instagram, Mentions: 2, Positive: 1},
		{At: time.Date(2026, 1, 12, 8, 0, 0, 0, time.UTC), Channel: channel.Instagram, Mentions: 2, Positive: 1, Negative: 1, Reach: 45},
		{At: time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC), Channel: channel.Facebook, Mentions: 1, Negative: 1, Reach: 300, KeywordHits: 1},
		{At: time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC), Channel: channel.X, Mentions: 1},
	}
	assert.Equal(t, want, signals)
	det, err := crisis.NewDetector(plan)
	require.NoError(t, err)
	for _, s := range signals {
		_, err := det.Observe(s, nil)
		require.NoError(t, err, "the detector accepts the signals in order")
	}
	_, err = r.Signals(sampleInbox(), nil)
	assert.True(t, validation.Has(err, validation.CodeRequired, "plan"))
}

// An interaction without an instant has no due time: Due refuses it at
// "at" instead of counting a target from the year 1.
func TestDueNeedsAnInstant(t *testing.T) {
	r := sampleResponder(t)
	_, ok, err := r.Due(community.Interaction{ID: "x", Kind: community.KindComment}, community.PriorityNormal)
	assert.False(t, ok)
	assert.True(t, validation.Has(err, validation.CodeRequired, "at"), "%v", err)
}
