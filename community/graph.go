package community

import (
	"errors"
	"fmt"
	"math"

	"github.com/tandemsocial/tandem/validation"
)

// Edge is a directed edge of a [Graph]: From points at To with a positive
// weight. In an interaction graph, From mentioned, replied to or shared To,
// Weight times.
type Edge struct {
	From   int     `json:"from"`
	To     int     `json:"to"`
	Weight float64 `json:"weight"`
}

// Graph is a directed, weighted graph stored in compressed sparse rows by
// target: for each node, the nodes that point at it. This layout lets a
// PageRank iteration read its edges in order, once, with no per-edge
// allocation. Parallel edges are merged (their weights add up). A Graph is
// never modified after [NewGraph] and is safe for concurrent use.
type Graph struct {
	n         int
	inStart   []int32   // in-edges of v: inFrom[inStart[v]:inStart[v+1]]
	inFrom    []int32   // sources, ascending within each target
	inWeight  []float64 // nil when every merged weight is 1
	outWeight []float64 // total weight leaving each node
}

// MaxGraphNodes is the largest number of nodes a [Graph] may have, and
// MaxGraphEdges the largest number of edges.
const (
	MaxGraphNodes = math.MaxInt32 - 1
	MaxGraphEdges = math.MaxInt32 - 1
)

// MinEdgeWeight and MaxEdgeWeight bound the weight of an [Edge]. Within
// them the weights of up to [MaxGraphEdges] edges add up to a finite
// float64 (merged parallel edges and a node's out-weight cannot reach
// +Inf), and the inverse of any out-weight is finite, so PageRank computes
// only finite values.
const (
	MinEdgeWeight = 1e-290
	MaxEdgeWeight = 1e290
)

// NewGraph builds a graph of nodes numbered 0 to nodes-1. Every edge must
// join two such nodes with a weight between [MinEdgeWeight] and
// [MaxEdgeWeight] (parallel edges merge into one by adding their weights,
// so two edges of the largest float64 would not fit); the error is a
// *validation.Error with paths such as "edges[3].to". Self-loops are kept.
func NewGraph(nodes int, edges []Edge) (*Graph, error) {
	var list validation.ErrorList
	if nodes < 0 || nodes > MaxGraphNodes {
		list = append(list, validation.OutOfRange(validation.NewPath("nodes"), nodes,
			fmt.Sprintf("must be between 0 and %d", MaxGraphNodes)))
	}
	if len(edges) > MaxGraphEdges {
		list = append(list, validation.TooLong(validation.NewPath("edges"), nil, len(edges), MaxGraphEdges, "edges"))
	}
	if len(list) == 0 {
		for i, e := range edges {
			badFrom, badTo := e.From < 0 || e.From >= nodes, e.To < 0 || e.To >= nodes
			badWeight := !(e.Weight >= MinEdgeWeight && e.Weight <= MaxEdgeWeight)
			if !badFrom && !badTo && !badWeight {
				continue // paths are built only for bad edges
			}
			p := validation.NewPath("edges").Index(i)
			if badFrom {
				list = append(list, validation.OutOfRange(p.Child("from"), e.From, fmt.Sprintf("must be a node, 0 to %d", nodes-1)))
			}
			if badTo {
				list = append(list, validation.OutOfRange(p.Child("to"), e.To, fmt.Sprintf("must be a node, 0 to %d", nodes-1)))
			}
			if badWeight {
				list = append(list, validation.OutOfRange(p.Child("weight"), e.Weight,
					fmt.Sprintf("must be between %g and %g", MinEdgeWeight, MaxEdgeWeight)))
			}
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return buildGraph(nodes, edges), nil
}

// buildGraph lays valid edges out by target with two counting sorts (by
// source, then by target), so each target's sources come out ascending
// and parallel edges are neighbours, merged in one sweep.
func buildGraph(n int, edges []Edge) *Graph {
	// Order the edges by source.
	srcStart := make([]int32, n+1)
	for _, e := range edges {
		srcStart[e.From+1]++
	}
	for i := range n {
		srcStart[i+1] += srcStart[i]
	}
	bySrc := make([]int32, len(edges)) // edge indices ordered by source
	fill := append([]int32(nil), srcStart[:n]...)
	for i, e := range edges {
		bySrc[fill[e.From]] = int32(i)
		fill[e.From]++
	}
	// Scatter them by target, keeping the source order.
	g := &Graph{n: n, inStart: make([]int32, n+1), outWeight: make([]float64, n)}
	for _, e := range edges {
		g.inStart[e.To+1]++
	}
	for i := range n {
		g.inStart[i+1] += g.inStart[i]
	}
	from := make([]int32, len(edges))
	weight := make([]float64, len(edges))
	copy(fill, g.inStart[:n])
	for _, ei := range bySrc {
		e := edges[ei]
		from[fill[e.To]] = int32(e.From)
		weight[fill[e.To]] = e.Weight
		fill[e.To]++
		g.outWeight[e.From] += e.Weight
	}
	// Merge parallel edges in place.
	unit := true
	w := int32(0)
	for v := range n {
		lo, hi := g.inStart[v], g.inStart[v+1]
		g.inStart[v] = w
		for k := lo; k < hi; k++ {
			if k > lo && from[k] == from[w-1] {
				weight[w-1] += weight[k]
			} else {
				from[w] = from[k]
				weight[w] = weight[k]
				w++
			}
		}
	}
	g.inStart[n] = w
	g.inFrom = from[:w:w]
	for _, x := range weight[:w] {
		if x != 1 {
			unit = false
			break
		}
	}
	if !unit {
		g.inWeight = weight[:w:w]
	}
	return g
}

// Nodes returns the number of nodes.
func (g *Graph) Nodes() int { return g.n }

// Edges returns the number of edges, parallel edges merged.
func (g *Graph) Edges() int { return len(g.inFrom) }

// InDegree returns the number of distinct nodes that point at v.
func (g *Graph) InDegree(v int) int { return int(g.inStart[v+1] - g.inStart[v]) }

// OutWeight returns the total weight of the edges leaving v.
func (g *Graph) OutWeight(v int) float64 { return g.outWeight[v] }

// PageRankOptions configures [Graph.PageRank]. The zero value means the
// defaults, which are also gonum's usual parameters: damping 0.85,
// tolerance 1e-6.
type PageRankOptions struct {
	// Damping is the probability that the random surfer follows an edge
	// rather than jumping to a random node; 0 means 0.85. It must lie
	// strictly between 0 and 1.
	Damping float64 `json:"damping,omitempty"`
	// Tolerance ends the iteration once the Euclidean (L2) norm of the
	// change between two iterations is below it, the criterion gonum's
	// network.PageRank uses; 0 means 1e-6.
	Tolerance float64 `json:"tolerance,omitempty"`
	// MaxIterations bounds the iterations; 0 means 1000. It may not
	// exceed MaxPageRankIterations.
	MaxIterations int `json:"maxIterations,omitempty"`
}

// MaxPageRankIterations is the largest MaxIterations [PageRankOptions]
// accept, so that no options can make a ranking run for hours. With the
// default damping of 0.85 the change shrinks about 0.85 times per
// iteration and reaches 1e-12 in under 200 iterations; even a damping of
// 0.9995 needs fewer than 60,000.
const MaxPageRankIterations = 100_000

// Validate reports options out of range.
func (o PageRankOptions) Validate() error {
	var list validation.ErrorList
	if o.Damping != 0 && !(o.Damping > 0 && o.Damping < 1) {
		list = append(list, validation.OutOfRange(validation.NewPath("damping"), o.Damping, "must lie strictly between 0 and 1"))
	}
	if o.Tolerance != 0 && !(o.Tolerance > 0 && !math.IsInf(o.Tolerance, 0)) {
		list = append(list, validation.OutOfRange(validation.NewPath("tolerance"), o.Tolerance, "must be positive and finite"))
	}
	if o.MaxIterations < 0 || o.MaxIterations > MaxPageRankIterations {
		list = append(list, validation.OutOfRange(validation.NewPath("maxIterations"), o.MaxIterations,
			fmt.Sprintf("must be between 0 and %d", MaxPageRankIterations)))
	}
	return list.Err()
}

func (o PageRankOptions) withDefaults() PageRankOptions {
	if o.Damping == 0 {
		o.Damping = 0.85
	}
	if o.Tolerance == 0 {
		o.Tolerance = 1e-6
	}
	if o.MaxIterations == 0 {
		o.MaxIterations = 1000
	}
	return o
}

// PageRank is the result of [Graph.PageRank].
type PageRank struct {
	// Scores holds each node's stationary probability; they add up to 1.
	Scores []float64 `json:"scores"`
	// Iterations is the number of iterations run.
	Iterations int `json:"iterations"`
	// Delta is the L2 norm of the change in the last iteration.
	Delta float64 `json:"delta"`
	// Converged reports whether Delta fell below the tolerance within
	// MaxIterations.
	Converged bool `json:"converged"`
}

// PageRank computes the PageRank of every node by power iteration, from
// the uniform vector, until the change is below the tolerance or
// MaxIterations is reached (then Converged is false; that is not an
// error). Edge weights split each node's rank among its targets in
// proportion. A node with no outgoing edge (a dangling node) hands its rank
// to every node equally, as does the random jump (1 − damping):
//
//	r'[v] = (1−d)/n + d·(Σ dangling r)/n + d·Σ_{u→v} r[u]·w(u,v)/out(u)
//
// Each iteration reads every edge once, in memory order; it allocates only
// the result and two working vectors. Bad options give a
// *validation.Error; a score that is not finite, an error matching
// [ErrNotFinite] (never returned for a graph from [NewGraph]).
func (g *Graph) PageRank(opts *PageRankOptions) (PageRank, error) {
	var o PageRankOptions
	if opts != nil {
		o = *opts
	}
	if err := o.Validate(); err != nil {
		return PageRank{}, err
	}
	o = o.withDefaults()
	n := g.n
	if n == 0 {
		return PageRank{Scores: []float64{}, Converged: true}, nil
	}
	d := o.Damping
	rank := make([]float64, n)
	next := make([]float64, n)
	contrib := make([]float64, n) // rank[u]/out(u), 0 for dangling nodes
	inv := make([]float64, n)
	var dangling []int32
	for u, w := range g.outWeight {
		if w == 0 {
			dangling = append(dangling, int32(u))
		} else {
			inv[u] = 1 / w
		}
	}
	for i := range rank {
		rank[i] = 1 / float64(n)
	}
	res := PageRank{}
	fn := float64(n)
	inStart, inFrom, inWeight := g.inStart, g.inFrom, g.inWeight
	for res.Iterations < o.MaxIterations {
		res.Iterations++
		lost := 0.0
		for _, u := range dangling {
			lost += rank[u]
		}
		for u, r := range rank {
			contrib[u] = r * inv[u]
		}
		base := (1-d)/fn + d*lost/fn
		var diff2 float64
		for v := range n {
			lo, hi := inStart[v], inStart[v+1]
			var s0, s1 float64
			if inWeight == nil {
				src := inFrom[lo:hi]
				k := 0
				for ; k+1 < len(src); k += 2 {
					s0 += contrib[src[k]]
					s1 += contrib[src[k+1]]
				}
				if k < len(src) {
					s0 += contrib[src[k]]
				}
			} else {
				src := inFrom[lo:hi]
				ws := inWeight[lo:hi]
				ws = ws[:len(src)]
				k := 0
				for ; k+1 < len(src); k += 2 {
					s0 += contrib[src[k]] * ws[k]
					s1 += contrib[src[k+1]] * ws[k+1]
				}
				if k < len(src) {
					s0 += contrib[src[k]] * ws[k]
				}
			}
			x := base + d*(s0+s1)
			dx := x - rank[v]
			diff2 += dx * dx
			next[v] = x
		}
		rank, next = next, rank
		res.Delta = math.Sqrt(diff2)
		if res.Delta < o.Tolerance {
			res.Converged = true
			break
		}
	}
	// Valid edges keep every value finite (see MinEdgeWeight); check
	// anyway, so that a NaN or an Inf is an error, never a ranking.
	for _, x := range rank {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return PageRank{}, fmt.Errorf("%w: a score of %v after %d iterations", ErrNotFinite, x, res.Iterations)
		}
	}
	res.Scores = rank
	return res, nil
}

// ErrNotFinite is returned, wrapped, by [Graph.PageRank] should the
// iteration produce a value that is not finite. Graphs built by [NewGraph]
// and [Inbox.Graph] never do.
var ErrNotFinite = errors.New("community: PageRank produced a value that is not finite")
