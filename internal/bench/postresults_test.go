package bench

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// postMetricsBench are the ten results each post has.
var postMetricsBench = []kpi.Metric{
	kpi.Engagements, kpi.Reach, kpi.Impressions, kpi.Likes, kpi.Comments,
	kpi.Shares, kpi.Saves, kpi.Clicks, kpi.VideoViews, kpi.Conversions,
}

// postFixture is the input of BenchmarkPostResults: ten results for each
// of n posts, in post order, and each post's pillar × format (12 keys) and
// weekday × hour (168 keys), as the caller's map from an entry to its
// attributes.
type postFixture struct {
	results kpi.PostResults
	index   map[uuid.UUID]int32 // entry → post number
	pf, wh  []uint8             // per post: its pillar×format and weekday×hour key
	pfKeys  []string
	whKeys  []string
}

func loadPostFixture(posts int) postFixture {
	r := rand.New(rand.NewPCG(2026, 15))
	f := postFixture{index: make(map[uuid.UUID]int32, posts), pf: make([]uint8, posts), wh: make([]uint8, posts)}
	for _, p := range []string{"action", "product", "inspiration"} {
		for _, fm := range []string{"image", "video", "document", "text"} {
			f.pfKeys = append(f.pfKeys, p+"×"+fm)
		}
	}
	for d := range 7 {
		for h := range 24 {
			f.whKeys = append(f.whKeys, fmt.Sprintf("%d %02d", d, h))
		}
	}
	// Values come from a table: decimals are immutable, so sharing them
	// keeps the fixture's memory to the results themselves.
	table := make([]decimal.Decimal, 10_000)
	for i := range table {
		table[i] = decimal.NewFromInt(int64(i))
	}
	f.results = make(kpi.PostResults, 0, posts*len(postMetricsBench))
	for p := range posts {
		var id uuid.UUID
		binary.BigEndian.PutUint64(id[8:], uint64(p)+1)
		binary.BigEndian.PutUint64(id[:8], r.Uint64())
		f.index[id] = int32(p)
		f.pf[p] = uint8(r.IntN(len(f.pfKeys)))
		f.wh[p] = uint8(r.IntN(len(f.whKeys)))
		// Reach 1 to 9,999 and engagements 0 to 8% of it, so that rates
		// spread like a page's and a few posts stand out.
		reach := 1 + r.IntN(len(table)-1)
		eng := reach * r.IntN(800) / 10_000
		if r.IntN(100) == 0 {
			eng = reach * (10 + r.IntN(30)) / 100 // an outlier
		}
		for _, m := range postMetricsBench {
			v := table[r.IntN(len(table))]
			switch m {
			case kpi.Reach:
				v = table[reach]
			case kpi.Engagements:
				v = table[eng]
			}
			f.results = append(f.results, kpi.PostResult{Entry: id, Channel: channel.Instagram, Account: "acme",
				Metric: m, Age: kpi.Lifetime, Value: v})
		}
	}
	return f
}

var postFixtures = map[int]func() postFixture{
	100_000:   sync.OnceValue(func() postFixture { return loadPostFixture(100_000) }),
	1_000_000: sync.OnceValue(func() postFixture { return loadPostFixture(1_000_000) }),
}

// loopGroup is what the plain loop computes per group.
type loopGroup struct {
	posts int
	sum   float64 // of the posts' engagement rates by reach, in percent
}

// plainGroupBy is the hand-written map-and-loop group-by: one map entry
// per post for its engagements and reach, then per group the count and
// the sum of the posts' rates, for both groupings.
func plainGroupBy(f *postFixture) (pf, wh map[string]loopGroup) {
	type acc struct{ eng, reach int64 }
	perPost := make(map[uuid.UUID]acc, len(f.index))
	for i := range f.results {
		o := &f.results[i]
		if o.Age != kpi.Lifetime {
			continue
		}
		switch o.Metric {
		case kpi.Engagements:
			a := perPost[o.Entry]
			a.eng = o.Value.CoefficientInt64()
			perPost[o.Entry] = a
		case kpi.Reach:
			a := perPost[o.Entry]
			a.reach = o.Value.CoefficientInt64()
			perPost[o.Entry] = a
		}
	}
	pf, wh = map[string]loopGroup{}, map[string]loopGroup{}
	for id, a := range perPost {
		p := f.index[id]
		rate := float64(a.eng) * 100 / float64(a.reach)
		k := f.pfKeys[f.pf[p]]
		g := pf[k]
		g.posts++
		g.sum += rate
		pf[k] = g
		k = f.whKeys[f.wh[p]]
		g = wh[k]
		g.posts++
		g.sum += rate
		wh[k] = g
	}
	return pf, wh
}

// BenchmarkPostResults groups ten results each of 100,000 and 1,000,000
// posts (1M and 10M results) by pillar × format and by weekday × hour,
// with kpi's WhatWorks (per-post engagement rate by reach, then each
// group's count, exact median, mean and median interval, the top and
// bottom posts and the outliers) and with a plain map-and-loop group-by
// computing each group's count and sum of rates in float64. Both must
// find the same counts and means (to 1e-9) before they are timed.
func BenchmarkPostResults(b *testing.B) {
	for _, posts := range []int{100_000, 1_000_000} {
		obs := posts * len(postMetricsBench)
		f := postFixtures[posts]()
		groupings := []kpi.Grouping{
			{By: "pillar×format", Key: func(k kpi.PostKey) (string, bool) {
				p, ok := f.index[k.Entry]
				return f.pfKeys[f.pf[p]], ok
			}},
			{By: "weekday×hour", Key: func(k kpi.PostKey) (string, bool) {
				p, ok := f.index[k.Entry]
				return f.whKeys[f.wh[p]], ok
			}},
		}
		// Both sides agree, checked outside the timer.
		w, err := f.results.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, groupings, kpi.WhatWorksOptions{})
		if err != nil {
			b.Fatal(err)
		}
		pf, wh := plainGroupBy(&f)
		for i, want := range []map[string]loopGroup{pf, wh} {
			got := w.Groupings[i].Groups
			if len(got) != len(want) {
				b.Fatalf("%s: %d groups, the loop %d", w.Groupings[i].By, len(got), len(want))
			}
			for _, g := range got {
				lg := want[g.Key]
				mean := lg.sum / float64(lg.posts)
				if g.Posts != lg.posts || math.Abs(g.Mean.InexactFloat64()-mean) > 1e-9*math.Max(1, mean) {
					b.Fatalf("%s %s: %d posts, mean %s; the loop %d, %v", g.By, g.Key, g.Posts, g.Mean, lg.posts, mean)
				}
			}
		}
		name := fmt.Sprintf("%dM-results", obs/1_000_000)
		b.Run(name+"/tandem", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.results.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, groupings, kpi.WhatWorksOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			perResult(b, obs)
		})
		b.Run(name+"/loop", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				plainGroupBy(&f)
			}
			perResult(b, obs)
		})
	}
}

// perResult reports the time and allocations per result.
func perResult(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/result")
}
