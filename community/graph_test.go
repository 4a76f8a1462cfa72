package community_test

import (
	"encoding/json"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// densePageRank is the textbook computation, for comparison: the Google
// matrix built in full and multiplied until the L2 change is below tol.
func densePageRank(n int, edges []community.Edge, d, tol float64) []float64 {
	w := make([][]float64, n) // w[u][v]
	out := make([]float64, n)
	for i := range w {
		w[i] = make([]float64, n)
	}
	for _, e := range edges {
		w[e.From][e.To] += e.Weight
		out[e.From] += e.Weight
	}
	r := make([]float64, n)
	for i := range r {
		r[i] = 1 / float64(n)
	}
	for range 10000 {
		next := make([]float64, n)
		for v := range n {
			for u := range n {
				p := 1 / float64(n) // dangling: uniform
				if out[u] > 0 {
					p = w[u][v] / out[u]
				}
				next[v] += d * r[u] * p
			}
			next[v] += (1 - d) / float64(n)
		}
		diff := 0.0
		for i := range r {
			diff += (next[i] - r[i]) * (next[i] - r[i])
		}
		r = next
		if math.Sqrt(diff) < tol {
			break
		}
	}
	return r
}

func TestPageRankMatchesDenseComputation(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 30 {
		n := 1 + rng.IntN(25)
		var edges []community.Edge
		for range rng.IntN(4 * n) {
			edges = append(edges, community.Edge{From: rng.IntN(n), To: rng.IntN(n), Weight: float64(1 + rng.IntN(3))})
		}
		g, err := community.NewGraph(n, edges)
		require.NoError(t, err)
		pr, err := g.PageRank(&community.PageRankOptions{Tolerance: 1e-12})
		require.NoError(t, err)
		require.True(t, pr.Converged)
		want := densePageRank(n, edges, 0.85, 1e-12)
		sum := 0.0
		for i := range want {
			assert.InDelta(t, want[i], pr.Scores[i], 1e-9, "trial %d node %d", trial, i)
			sum += pr.Scores[i]
		}
		assert.InDelta(t, 1, sum, 1e-9)
	}
}

func TestPageRankKnownGraphs(t *testing.T) {
	// A cycle: every node equal.
	g, err := community.NewGraph(4, []community.Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 0, 1}})
	require.NoError(t, err)
	pr, err := g.PageRank(nil)
	require.NoError(t, err)
	for _, s := range pr.Scores {
		assert.InDelta(t, 0.25, s, 1e-9)
	}
	// A star into node 0, which is dangling, with d = 0.5:
	// r1 = r2 = (1-d)/3 + d·r0/3 and r0 = 1 − 2·r1, so r0 = 1/2, r1 = 1/4.
	g, err = community.NewGraph(3, []community.Edge{{1, 0, 1}, {2, 0, 1}})
	require.NoError(t, err)
	pr, err = g.PageRank(&community.PageRankOptions{Damping: 0.5, Tolerance: 1e-14})
	require.NoError(t, err)
	assert.InDelta(t, 0.5, pr.Scores[0], 1e-12)
	assert.InDelta(t, 0.25, pr.Scores[1], 1e-12)
	assert.InDelta(t, 0.25, pr.Scores[2], 1e-12)
	// The empty graph.
	g, err = community.NewGraph(0, nil)
	require.NoError(t, err)
	pr, err = g.PageRank(nil)
	require.NoError(t, err)
	assert.Empty(t, pr.Scores)
	assert.True(t, pr.Converged)
	// MaxIterations reached: not converged, not an error.
	g, err = community.NewGraph(3, []community.Edge{{0, 1, 1}, {1, 2, 1}})
	require.NoError(t, err)
	pr, err = g.PageRank(&community.PageRankOptions{MaxIterations: 1, Tolerance: 1e-15})
	require.NoError(t, err)
	assert.False(t, pr.Converged)
	assert.Equal(t, 1, pr.Iterations)
}

func TestNewGraphMergesAndValidates(t *testing.T) {
	g, err := community.NewGraph(3, []community.Edge{{0, 1, 1}, {0, 1, 2}, {2, 1, 1}, {1, 1, 1}})
	require.NoError(t, err)
	assert.Equal(t, 3, g.Edges())
	assert.Equal(t, 3, g.InDegree(1))
	assert.Equal(t, 3.0, g.OutWeight(0))

	_, err = community.NewGraph(2, []community.Edge{{0, 2, 1}, {-1, 0, 1}, {0, 1, 0}, {1, 0, math.Inf(1)}, {1, 0, math.NaN()}})
	for _, want := range []string{"edges[0].to", "edges[1].from", "edges[2].weight", "edges[3].weight", "edges[4].weight"} {
		var verr *validation.Error
		require.ErrorAs(t, err, &verr)
		assert.NotNil(t, verr.Find(want), want)
	}
	_, err = community.NewGraph(-1, nil)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "nodes"))

	g, _ = community.NewGraph(1, nil)
	_, err = g.PageRank(&community.PageRankOptions{Damping: 1, Tolerance: -1, MaxIterations: -1})
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "damping"))
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "tolerance"))
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "maxIterations"))
	_, err = g.PageRank(&community.PageRankOptions{MaxIterations: community.MaxPageRankIterations + 1})
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "maxIterations"))
	pr, err := g.PageRank(&community.PageRankOptions{Tolerance: 1e-300, MaxIterations: community.MaxPageRankIterations})
	require.NoError(t, err, "the largest bound is accepted")
	assert.InDelta(t, 1.0, pr.Scores[0], 1e-12)
}

func TestInboxGraph(t *testing.T) {
	g, accounts := sampleInbox().Graph()
	assert.Equal(t, []community.Account{
		{Channel: channel.Facebook, Handle: "cafetal"}, {Channel: channel.Facebook, Handle: "ines"},
		{Channel: channel.Instagram, Handle: "baristabea"}, {Channel: channel.Instagram, Handle: "cafetal"}, {Channel: channel.Instagram, Handle: "lucia"},
		{Channel: channel.Instagram, Handle: "marco"}, {Channel: channel.Instagram, Handle: "pablo"},
		{Channel: channel.X, Handle: "cafetal"}, {Channel: channel.X, Handle: "coffeefacts"}, {Channel: channel.X, Handle: "lucia"},
	}, accounts)
	// Edges: lucia→cafetal (ig), baristabea→cafetal and →lucia (the reply's
	// parent), coffeefacts→cafetal and →lucia (x), pablo→cafetal, ines→cafetal,
	// lucia→coffeefacts (x).
	assert.Equal(t, 8, g.Edges())
	assert.Equal(t, 3, g.InDegree(3), "instagram/cafetal")
	assert.Equal(t, 1, g.InDegree(4), "instagram/lucia, from the reply")
}

func TestRankLeadersGolden(t *testing.T) {
	leaders, err := community.RankLeaders(sampleInbox(), &community.LeaderOptions{
		Brand:  []string{"@Cafetal"},
		Topics: []string{"roast", "tasting notes", "decaf"},
	})
	require.NoError(t, err)
	for _, l := range leaders {
		assert.NotEqual(t, "cafetal", l.Account.Handle, "the brand is not ranked")
	}
	got, err := json.MarshalIndent(leaders, "", "  ")
	require.NoError(t, err)
	path := filepath.Join("testdata", "leaders.golden.json")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, append(got, '\n'), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))

	var back []community.Leader
	require.NoError(t, json.Unmarshal(got, &back))
	require.Len(t, back, len(leaders))
	for i := range leaders {
		assert.True(t, leaders[i].Score.Equal(back[i].Score))
		assert.Equal(t, leaders[i].Account, back[i].Account)
	}
}

func TestRankLeadersWeightsAndErrors(t *testing.T) {
	// Reach alone: the biggest audience leads.
	leaders, err := community.RankLeaders(sampleInbox(), &community.LeaderOptions{
		Brand:   []string{"cafetal"},
		Weights: community.LeaderWeights{Reach: decimal.NewFromInt(1)},
		Limit:   2,
	})
	require.NoError(t, err)
	require.Len(t, leaders, 2)
	assert.Equal(t, "coffeefacts", leaders[0].Account.Handle)
	assert.Equal(t, "baristabea", leaders[1].Account.Handle)
	assert.True(t, leaders[0].Score.Equal(decimal.NewFromInt(1)))

	_, err = community.RankLeaders(community.Inbox{{ID: "x"}}, &community.LeaderOptions{
		Brand:    []string{""},
		Topics:   []string{"a", "A"},
		Weights:  community.LeaderWeights{Reach: decimal.NewFromInt(-1)},
		PageRank: community.PageRankOptions{Damping: 2},
		Limit:    -1,
	})
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeRequired, "inbox[0].kind"},
		{validation.CodeInvalid, "options.brand[0]"},
		{validation.CodeDuplicate, "options.topics[1]"},
		{validation.CodeOutOfRange, "options.weights.reach"},
		{validation.CodeOutOfRange, "options.pageRank.damping"},
		{validation.CodeOutOfRange, "options.limit"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "want %s at %s in %v", want.code, want.path, err)
	}
	leaders, err = community.RankLeaders(nil, nil)
	require.NoError(t, err)
	assert.Empty(t, leaders)
}
