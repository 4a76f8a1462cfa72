package crisis_test

import (
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// bothWays feeds signals to one detector through Observe and to another
// through ObserveBatch, closes the last bucket on both, requires the same
// alerts and state, and returns the alerts.
func bothWays(t *testing.T, p *crisis.Plan, sigs []crisis.Signal) []crisis.Alert {
	t.Helper()
	one, err := crisis.NewDetector(p)
	require.NoError(t, err)
	many, err := crisis.NewDetector(p)
	require.NoError(t, err)
	var a, b []crisis.Alert
	for _, s := range sigs {
		a, err = one.Observe(s, a)
		require.NoError(t, err)
	}
	b, n, err := many.ObserveBatch(sigs, b)
	require.NoError(t, err)
	require.Equal(t, len(sigs), n)
	end := sigs[len(sigs)-1].At.Add(one.Bucket())
	a, err = one.Advance(end, a)
	require.NoError(t, err)
	b, err = many.Advance(end, b)
	require.NoError(t, err)
	if !sameAlerts(a, b) {
		require.Equal(t, mustJSON(t, a), mustJSON(t, b), "ObserveBatch and Observe disagree")
	}
	require.Equal(t, mustJSON(t, one), mustJSON(t, many), "ObserveBatch and Observe leave other states")
	checkEvidence(t, a)
	return a
}

// sameAlerts reports whether a and b are the same alerts, field by field
// (cheaper than their JSON for the sweeps' tens of thousands).
func sameAlerts(a, b []crisis.Alert) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if !x.At.Equal(y.At) || !x.Since.Equal(y.Since) || x.Level != y.Level || x.Uncertain != y.Uncertain || len(x.Evidence) != len(y.Evidence) {
			return false
		}
		for j, e := range x.Evidence {
			f := y.Evidence[j]
			if e.Trigger != f.Trigger || e.Kind != f.Kind || e.Level != f.Level || e.Channel != f.Channel || e.Fired != f.Fired || !e.Since.Equal(f.Since) ||
				e.Observed.String() != f.Observed.String() || e.Baseline.String() != f.Baseline.String() || e.Threshold.String() != f.Threshold.String() {
				return false
			}
		}
	}
	return true
}

// checkEvidence requires every piece of evidence to sit on the side of its
// threshold that its decision says: a trigger that fired, or whose
// condition holds (Since is set), shows an observed value at or over its
// threshold; a near miss whose condition does not hold shows one under it.
func checkEvidence(t *testing.T, alerts []crisis.Alert) {
	t.Helper()
	for _, a := range alerts {
		for _, e := range a.Evidence {
			holds := e.Fired || !e.Since.IsZero()
			require.Equal(t, holds, e.Observed.GreaterThanOrEqual(e.Threshold),
				"%s at %s: fired %v, since %v, observed %s, threshold %s", e.Trigger, a.At, e.Fired, e.Since, e.Observed, e.Threshold)
		}
	}
}

// firedAt reports whether trigger name fired in an alert raised at the end
// of the bucket that starts at b.
func firedAt(alerts []crisis.Alert, name string, b time.Time) (crisis.Evidence, bool) {
	for _, a := range alerts {
		if !a.At.Equal(b.Add(5 * time.Minute)) {
			continue
		}
		for _, e := range a.Evidence {
			if e.Trigger == name && e.Fired {
				return e, true
			}
		}
	}
	return crisis.Evidence{}, false
}

// counts builds one Instagram signal per bucket from (mentions, negative,
// keyword hits, reach) rows.
func counts(rows ...[4]int64) []crisis.Signal {
	out := make([]crisis.Signal, len(rows))
	for i, r := range rows {
		out[i] = crisis.Signal{At: bucket(i), Channel: channel.Instagram, Mentions: r[0], Negative: r[1], KeywordHits: r[2], Reach: r[3]}
	}
	return out
}

func oneBucketTrigger(kind crisis.TriggerKind) crisis.Trigger {
	return crisis.Trigger{Name: "t", Kind: kind, Level: "high", Confirm: d("5m"), Cooldown: d("5m")}
}

// devState is a deviation trigger's baseline as the saved state shows it.
type devState struct {
	Name string          `json:"name"`
	Mean decimal.Decimal `json:"mean"`
	Var  decimal.Decimal `json:"var"`
	N    int             `json:"n"`
}

func rat(d decimal.Decimal) *big.Rat { return d.Rat() }

func ceilInt(d decimal.Decimal) *big.Rat { return new(big.Rat).SetInt(d.Ceil().BigInt()) }

// leastSurge returns the least count x ≥ ⌈threshold⌉ with x > mean and
// (x − mean)² ≥ K²·var: the least count at which a deviation trigger holds.
func leastSurge(threshold, k, mean, vr decimal.Decimal) *big.Rat {
	x := mean.Floor().Add(decimal.NewFromInt(1)) // the least count above the mean
	x = decimal.Max(x, threshold.Ceil())
	k2v := rat(k).Mul(rat(k), rat(k))
	k2v.Mul(k2v, rat(vr))
	holds := func(x decimal.Decimal) bool {
		diff := rat(x.Sub(mean))
		return diff.Sign() > 0 && new(big.Rat).Mul(diff, diff).Cmp(k2v) >= 0
	}
	if holds(x) {
		return rat(x)
	}
	// Double, then bisect: holds is monotone in x.
	step := decimal.NewFromInt(1)
	for !holds(x.Add(step)) {
		step = step.Mul(decimal.NewFromInt(2))
	}
	lo, hi := x, x.Add(step) // holds(hi), not holds(lo)
	for hi.Sub(lo).GreaterThan(decimal.NewFromInt(1)) {
		mid := lo.Add(hi).Div(decimal.NewFromInt(2)).Floor()
		if holds(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return rat(hi)
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 12)) }
