package community_test

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

func insightID(key string) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("cafetal/insight/"+key))
}

// sampleInsights are what the community manager learned from sampleInbox.
func sampleInsights() []community.Insight {
	objective := uuid.NewSHA1(uuid.NameSpaceURL, []byte("cafetal/objective/retention"))
	return []community.Insight{
		{ID: insightID("decaf-beans"), Kind: community.InsightNeed, Title: "Decaf drinkers want whole beans",
			Evidence: []string{"c2"}, Channel: channel.Instagram, Segment: "home brewers",
			RaisedBy: ana, RaisedAt: at(12, 12, 0)},
		{ID: insightID("packaging"), Kind: community.InsightComplaint, Title: "Bags arrive broken or unsafe",
			Detail:   "One broken order and one report of glass in a bag in the same morning.",
			Evidence: []string{"d1", "v1"}, Segment: "online buyers", Objective: objective,
			RaisedBy: ana, RaisedAt: at(12, 12, 30)},
		{ID: insightID("roast-praise"), Kind: community.InsightOpportunity, Title: "The Ethiopian roast gets praise from influential accounts",
			Evidence: []string{"c1", "r1", "m1"}, RaisedBy: luis, RaisedAt: at(12, 13, 0)},
		{ID: insightID("last-week"), Kind: community.InsightTrend, Title: "Cold brew questions in January",
			Evidence: []string{"c2"}, RaisedBy: luis, RaisedAt: at(5, 9, 0)}, // before the window
	}
}

func TestInsightValidate(t *testing.T) {
	require.NoError(t, community.CheckInsights(sampleInsights(), sampleInbox()))

	err := community.Insight{Kind: "rumour", Evidence: []string{"a", "", "a"}, Channel: "myspace"}.Validate()
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeRequired, "id"},
		{validation.CodeNotSupported, "kind"},
		{validation.CodeRequired, "title"},
		{validation.CodeRequired, "evidence[1]"},
		{validation.CodeDuplicate, "evidence[2]"},
		{validation.CodeNotSupported, "channel"},
		{validation.CodeRequired, "raisedBy"},
		{validation.CodeRequired, "raisedAt"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "want %s at %s in %v", want.code, want.path, err)
	}
	err = community.Insight{ID: insightID("x"), Kind: community.InsightThreat, Title: "t", RaisedBy: ana, RaisedAt: at(12, 9, 0)}.Validate()
	assert.True(t, validation.Has(err, validation.CodeRequired, "evidence"), "%v", err)
}

func TestCheckInsights(t *testing.T) {
	ins := sampleInsights()
	ins[1].Evidence = append(ins[1].Evidence, "zz")
	ins[2].ID = ins[0].ID
	ins[3].Title = ""
	err := community.CheckInsights(ins, sampleInbox())
	assert.True(t, validation.Has(err, validation.CodeNotFound, "[1].evidence[2]"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeDuplicate, "[2].id"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "[3].title"), "%v", err)
}

func TestSummarize(t *testing.T) {
	w := calendar.Window{From: at(12, 0, 0), To: at(19, 0, 0)}
	s, err := community.Summarize(sampleInsights(), sampleInbox(), w, 2)
	require.NoError(t, err)
	assert.Equal(t, 3, s.Total, "the trend of the 5th is outside the window")
	assert.Equal(t, []community.KindCount{
		{Kind: community.InsightNeed, Count: 1},
		{Kind: community.InsightComplaint, Count: 1},
		{Kind: community.InsightOpportunity, Count: 1},
	}, s.Kinds)
	require.Len(t, s.Top, 2)
	// Three distinct authors (lucia, baristabea, coffeefacts) beat two.
	assert.Equal(t, insightID("roast-praise"), s.Top[0].Insight.ID)
	assert.Equal(t, 3, s.Top[0].Authors)
	assert.Equal(t, 3, s.Top[0].Evidence)
	assert.Equal(t, int64(800+61_000+240_000), s.Top[0].Reach)
	assert.Equal(t, insightID("packaging"), s.Top[1].Insight.ID)
	assert.Equal(t, int64(45+300), s.Top[1].Reach)

	all, err := community.Summarize(sampleInsights(), sampleInbox(), w, 0)
	require.NoError(t, err)
	assert.Len(t, all.Top, 3)

	data, err := json.Marshal(s)
	require.NoError(t, err)
	var back community.InsightSummary
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))

	_, err = community.Summarize(sampleInsights(), sampleInbox()[:2], calendar.Window{From: w.To, To: w.From}, -1)
	assert.True(t, validation.Has(err, validation.CodeNotFound, "insights[1].evidence[0]"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "n"), "%v", err)
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	assert.NotNil(t, verr.Find("window.to"), "%v", err)
}

func TestInsightJSONRoundTrip(t *testing.T) {
	for _, in := range sampleInsights() {
		data, err := json.Marshal(in)
		require.NoError(t, err)
		var back community.Insight
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, in.ID, back.ID)
		assert.Equal(t, in.Objective, back.Objective)
		assert.True(t, in.RaisedAt.Equal(back.RaisedAt))
		back.RaisedAt = in.RaisedAt
		assert.Equal(t, in, back)
	}
	var k community.InsightKind
	assert.ErrorIs(t, k.UnmarshalText([]byte("rumour")), validation.ErrUnknownValue)
}
