package kpi

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSelectK checks quickselect against a sort, on random, sorted,
// reversed, few-valued and constant inputs of many lengths.
func TestSelectK(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	shapes := map[string]func(n int) []int64{
		"random": func(n int) []int64 {
			s := make([]int64, n)
			for i := range s {
				s[i] = r.Int64N(1000)
			}
			return s
		},
		"sorted": func(n int) []int64 {
			s := make([]int64, n)
			for i := range s {
				s[i] = int64(i)
			}
			return s
		},
		"reversed": func(n int) []int64 {
			s := make([]int64, n)
			for i := range s {
				s[i] = int64(n - i)
			}
			return s
		},
		"two": func(n int) []int64 {
			s := make([]int64, n)
			for i := range s {
				s[i] = int64(i % 2)
			}
			return s
		},
		"constant": func(n int) []int64 { return make([]int64, n) },
	}
	for name, shape := range shapes {
		for _, n := range []int{1, 2, 3, 16, 17, 100, 1001} {
			base := shape(n)
			want := slices.Clone(base)
			slices.Sort(want)
			for _, k := range []int{0, n / 3, n / 2, n - 1} {
				s := slices.Clone(base)
				selectK(s, k)
				require.Equal(t, want[k], s[k], "%s n=%d k=%d", name, n, k)
				for i := range s {
					if i < k {
						require.LessOrEqual(t, s[i], s[k], "%s n=%d k=%d", name, n, k)
					} else if i > k {
						require.GreaterOrEqual(t, s[i], s[k], "%s n=%d k=%d", name, n, k)
					}
				}
			}
			// The median and the interval, as WhatWorks computes them.
			s := slices.Clone(base)
			med := medianFixed(s)
			wantMed := fixed(want[(n-1)/2]).Add(fixed(want[n/2])).Mul(half)
			require.True(t, wantMed.Equal(med), "%s n=%d: %s vs %s", name, n, med, wantMed)
			if j := MedianRank(n); j > 0 {
				g := groupOf("by", "key", s, fixed(0), 1, map[int]int{})
				require.True(t, fixed(want[j-1]).Equal(g.Interval.Low), "%s n=%d low", name, n)
				require.True(t, fixed(want[n-j]).Equal(g.Interval.High), "%s n=%d high", name, n)
			}
		}
	}
}
