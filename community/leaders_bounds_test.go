package community_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

// TestLeaderWeightsBounded: weights outside the documented range or
// precision are refused by Validate (they used to pass and then panic in
// RankLeaders or make every score 0); the extremes of the range rank
// without overflow or underflow. Weights beyond validation's decimal
// bounds (1E309, 1e-400) are refused earlier still, when decoded.
func TestLeaderWeightsBounded(t *testing.T) {
	for _, tt := range []struct {
		name, json string
		code       validation.Code
		path       string
	}{
		{"beyond float64", `{"weights":{"centrality":"1E309"}}`, validation.CodeOutOfRange, "weights.centrality"},
		{"sum beyond float64", `{"weights":{"centrality":"1E308","reach":"1E308"}}`, validation.CodeOutOfRange, "weights.centrality"},
		{"too fine", `{"weights":{"reach":"1e-400"}}`, validation.CodeInvalid, "weights.reach"},
		{"seven places", `{"weights":{"engagement":"0.0000001"}}`, validation.CodeInvalid, "weights.engagement"},
		{"just above the range", `{"weights":{"relevance":"1000000.000001"}}`, validation.CodeOutOfRange, "weights.relevance"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var o community.LeaderOptions
			if err := json.Unmarshal([]byte(tt.json), &o); err != nil {
				// Beyond validation's decimal bounds: refused from the
				// text, before the value is read, by LeaderWeights'
				// decoder (encoding/json roots its paths at the weights).
				assert.True(t, validation.Has(err, validation.CodeOutOfRange, strings.TrimPrefix(tt.path, "weights.")), "%v", err)
				return
			}
			err := o.Validate()
			assert.True(t, validation.Has(err, tt.code, tt.path), "want %s at %s in %v", tt.code, tt.path, err)
			require.NotPanics(t, func() {
				_, err = community.RankLeaders(sampleInbox(), &o)
			})
			assert.True(t, validation.Has(err, tt.code, "options."+tt.path), "%v", err)
		})
	}
	// A huge exponent built in Go is refused without expanding it.
	o := community.LeaderOptions{Weights: community.LeaderWeights{Reach: decimal.New(1, 1_000_000_000), Relevance: decimal.New(1, -1_000_000_000)}}
	err := o.Validate()
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "weights.reach"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "weights.relevance"), "%v", err)

	// The extremes of the range: the largest and the finest weight.
	max := decimal.NewFromInt(community.MaxLeaderWeight)
	fine := decimal.New(1, -community.LeaderWeightPlaces)
	leaders, err := community.RankLeaders(sampleInbox(), &community.LeaderOptions{
		Brand:   []string{"cafetal"},
		Weights: community.LeaderWeights{Centrality: fine, Reach: max, Engagement: max, Relevance: fine},
	})
	require.NoError(t, err)
	require.NotEmpty(t, leaders)
	reachOnly, err := community.RankLeaders(sampleInbox(), &community.LeaderOptions{
		Brand:   []string{"cafetal"},
		Weights: community.LeaderWeights{Reach: decimal.NewFromInt(1), Engagement: decimal.NewFromInt(1)},
	})
	require.NoError(t, err)
	for i := range leaders {
		assert.Equal(t, reachOnly[i].Account, leaders[i].Account)
		assert.True(t, reachOnly[i].Score.Equal(leaders[i].Score), "%s: %s vs %s", leaders[i].Account.Handle, leaders[i].Score, reachOnly[i].Score)
		assert.False(t, leaders[i].Score.IsZero() && !reachOnly[i].Score.IsZero())
	}
}

// TestGraphWeightsBounded: NewGraph refuses weights outside the documented
// range and out-weights that add up beyond float64, so PageRank never
// returns NaN or Inf.
func TestGraphWeightsBounded(t *testing.T) {
	_, err := community.NewGraph(2, []community.Edge{{0, 1, math.MaxFloat64}, {0, 1, math.MaxFloat64}})
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "edges[0].weight"), "%v", err)

	_, err = community.NewGraph(3, []community.Edge{{0, 1, 1}, {2, 1, 5e-324}})
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "edges[1].weight"), "a subnormal weight, whose inverse is +Inf: %v", err)
	// Out-weights of the most edges at the largest weight stay finite.
	assert.False(t, math.IsInf(community.MaxEdgeWeight*community.MaxGraphEdges, 0))
	assert.False(t, math.IsInf(1/community.MinEdgeWeight, 0))

	// Every weight in the range, at both ends, ranks to finite scores.
	g, err := community.NewGraph(4, []community.Edge{
		{0, 1, community.MaxEdgeWeight}, {0, 2, community.MinEdgeWeight}, {1, 2, community.MinEdgeWeight},
		{2, 0, community.MaxEdgeWeight}, {2, 3, community.MinEdgeWeight}, {3, 3, community.MaxEdgeWeight},
	})
	require.NoError(t, err)
	pr, err := g.PageRank(nil)
	require.NoError(t, err)
	sum := 0.0
	for _, s := range pr.Scores {
		require.False(t, math.IsNaN(s) || math.IsInf(s, 0), "%v", pr.Scores)
		sum += s
	}
	assert.InDelta(t, 1, sum, 1e-9)
}
