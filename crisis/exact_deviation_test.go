package crisis_test

import (
	"encoding/json"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/crisis"
)

// TestDeviationSweep judges deviation triggers at every K from 0.1 to 3.0,
// through Observe and ObserveBatch, against exact rational arithmetic on
// the mean and variance the saved state shows. With a span of 3 buckets
// the smoothing factor is 1/2, and after the counts 0, 0, a the mean is a/2
// and the variance a²/4: K = (2x − a)/a is an exact tie for a next count
// x. Random warm-ups with spans of 1, 3 and 7 buckets (smoothing factors
// 1, 1/2 and 1/4) add other means and variances.
func TestDeviationSweep(t *testing.T) {
	var ks []decimal.Decimal
	var ts []crisis.Trigger
	for j := int64(1); j <= 30; j++ {
		k := decimal.New(j, -1)
		ks = append(ks, k)
		tr := oneBucketTrigger(crisis.TriggerDeviation)
		tr.Name, tr.Metric, tr.K, tr.Threshold = k.String(), crisis.MetricNegative, k, num("1")
		ts = append(ts, tr)
	}
	type run struct {
		span int
		warm []int64
		xs   []int64
	}
	var runs []run
	for _, a := range []int64{2, 4, 5, 8, 10, 16, 20, 25, 40} {
		var xs []int64
		for j := int64(1); j <= 30; j++ {
			if a*(10+j)%20 == 0 {
				xs = append(xs, a*(10+j)/20-1, a*(10+j)/20)
			}
		}
		runs = append(runs, run{3, []int64{0, 0, a}, slices.Compact(xs)})
	}
	rng := newRand(99)
	for _, span := range []int{1, 3, 7} {
		for range 8 {
			r := run{span: span, xs: []int64{0, 1, 2, 3, 5, 8, 13, 21}}
			for range span {
				r.warm = append(r.warm, int64(rng.IntN(9)))
			}
			runs = append(runs, r)
		}
	}
	var decisions, ties int
	for _, r := range runs {
		for i := range ts {
			ts[i].Span = crisis.Duration(time.Duration(r.span) * 5 * time.Minute)
		}
		p := planWith(ts...)
		for _, x := range r.xs {
			var rows [][4]int64
			for _, w := range r.warm {
				rows = append(rows, [4]int64{100, w})
			}
			sigs := counts(append(rows, [4]int64{100, x})...)
			det, err := crisis.NewDetector(p)
			require.NoError(t, err)
			_, n, err := det.ObserveBatch(sigs, nil)
			require.NoError(t, err)
			require.Equal(t, len(sigs), n)
			var st struct{ Triggers []devState }
			require.NoError(t, json.Unmarshal([]byte(mustJSON(t, det)), &st))
			alerts := bothWays(t, p, sigs)
			for i, k := range ks {
				ds := st.Triggers[i]
				require.Equal(t, r.span, ds.N)
				diff := new(big.Rat).Sub(big.NewRat(x, 1), rat(ds.Mean))
				sq := new(big.Rat).Mul(diff, diff)
				k2v := new(big.Rat).Mul(rat(k), rat(k))
				k2v.Mul(k2v, rat(ds.Var))
				want := x >= 1 && diff.Sign() > 0 && sq.Cmp(k2v) >= 0
				if diff.Sign() > 0 && sq.Cmp(k2v) == 0 {
					ties++
				}
				e, fired := firedAt(alerts, k.String(), sigs[len(sigs)-1].At)
				require.Equal(t, want, fired, "span %d, warm-up %v, K %s, x %d: mean %s, var %s", r.span, r.warm, k, x, ds.Mean, ds.Var)
				if fired {
					// The threshold shown is the least count that holds.
					require.Zero(t, rat(e.Threshold).Cmp(leastSurge(num("1"), k, ds.Mean, ds.Var)), "threshold %s", e.Threshold)
				}
				decisions++
			}
		}
	}
	t.Logf("%d decisions, %d exact ties", decisions, ties)
	require.Greater(t, ties, 100, "too few exact ties: the test would prove little")
}
