package crisis_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// Issue 17: a quiet stretch is judged bucket by bucket, however the buckets
// close. These tests check it against the detector itself, with deviation
// triggers too (the reference leaves them out).

// gapBuckets returns the buckets (counted from t0, in buckets of width bk)
// whose alerts are in alerts.
func gapBuckets(alerts []crisis.Alert, bk time.Duration) []int64 {
	var out []int64
	for _, a := range alerts {
		out = append(out, int64(a.At.Sub(t0)/bk)-1)
	}
	return out
}

// feedSteps feeds steps to a new detector of p, one Observe or Advance at
// a time; with restore, the detector is saved after every step and
// restored into a new one, which goes on.
func feedSteps(t *testing.T, p *crisis.Plan, steps []refStep, restore bool) []crisis.Alert {
	t.Helper()
	det, err := crisis.NewDetector(p)
	require.NoError(t, err)
	var out []crisis.Alert
	for i, st := range steps {
		if st.advance.IsZero() {
			out, err = det.Observe(st.sig, out)
		} else {
			out, err = det.Advance(st.advance, out)
		}
		require.NoError(t, err, "step %d", i)
		if restore {
			b, err := json.Marshal(det)
			require.NoError(t, err)
			det, err = crisis.NewDetector(p)
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(b, det), "step %d: the state saved does not restore", i)
		}
	}
	return out
}

// TestQuietStretchAlertsDoNotDependOnTheCall: the minimal case of issue 17
// (a keyword trigger over three buckets, hits in buckets 0 and 1) alerts in
// buckets 0 to 3 whatever closes the quiet stretch after them: one
// Advance or several, or a later signal, near or far; with or without a
// deviation trigger beside it; observed one by one, in a batch, or saved
// and restored after every step.
func TestQuietStretchAlertsDoNotDependOnTheCall(t *testing.T) {
	bk := 5 * time.Minute
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * bk) }
	hits := func(i int) refStep {
		return refStep{sig: crisis.Signal{At: at(i), Channel: channel.X, Mentions: 5, KeywordHits: 5}}
	}
	adv := func(i int) refStep { return refStep{advance: at(i)} }
	kw := crisis.Trigger{Name: "kw", Kind: crisis.TriggerKeyword, Level: "low", Window: d("15m"), Threshold: num("1"), Confirm: d("5m"), Cooldown: d("5m")}
	// A deviation trigger that cannot fire on these counts, with a span
	// (and so a horizon) of 4 buckets.
	dev := crisis.Trigger{Name: "dev", Kind: crisis.TriggerDeviation, Level: "high", Metric: crisis.MetricMentions, Span: d("20m"), K: num("3"), Threshold: num("1000"), Confirm: d("5m"), Cooldown: d("5m")}
	closings := []struct {
		name  string
		steps []refStep
	}{
		{"advance to 4, then 6", []refStep{adv(4), adv(6)}},
		{"advance to 6", []refStep{adv(6)}},
		{"advance a year on", []refStep{{advance: t0.AddDate(1, 0, 0)}}},
		{"a signal in bucket 6", []refStep{hits(6)}},
		{"a signal in bucket 500", []refStep{hits(500)}},
		{"advance to 3, a signal in bucket 40", []refStep{adv(3), hits(40)}},
	}
	for _, triggers := range [][]crisis.Trigger{{kw}, {kw, dev}} {
		p := samplePlan()
		p.Triggers = triggers
		for _, c := range closings {
			t.Run(fmt.Sprintf("%d triggers, %s", len(triggers), c.name), func(t *testing.T) {
				steps := append([]refStep{hits(0), hits(1)}, c.steps...)
				want := []int64{0, 1, 2, 3}
				if c.steps[len(c.steps)-1].advance.IsZero() {
					// The last signal's bucket is still being filled:
					// close it too; it alerts on its own hits.
					last := c.steps[len(c.steps)-1].sig.At
					steps = append(steps, refStep{advance: last.Add(bk)})
					want = append(want, int64(last.Sub(t0)/bk))
				}
				require.Equal(t, want, gapBuckets(feedSteps(t, p, steps, false), bk), "Observe and Advance")
				require.Equal(t, want, gapBuckets(feedSteps(t, p, steps, true), bk), "saved and restored after every step")

				det, err := crisis.NewDetector(p)
				require.NoError(t, err)
				var out []crisis.Alert
				var sigs []crisis.Signal
				for _, st := range steps {
					if st.advance.IsZero() {
						sigs = append(sigs, st.sig)
						continue
					}
					out, _, err = det.ObserveBatch(sigs, out)
					require.NoError(t, err)
					sigs = sigs[:0]
					out, err = det.Advance(st.advance, out)
					require.NoError(t, err)
				}
				require.Equal(t, want, gapBuckets(out, bk), "ObserveBatch")
			})
		}
	}
}

// splitAdvances returns steps with every stretch of buckets that one step
// closes closed one bucket at a time instead: an Advance to the start of
// each bucket in between, then the step itself.
func splitAdvances(steps []refStep, bk time.Duration) []refStep {
	var out []refStep
	var filling time.Time // the start of the bucket being filled, once started
	for _, st := range steps {
		if filling.IsZero() {
			out = append(out, st)
			if st.advance.IsZero() {
				filling = st.sig.At
			}
			continue
		}
		if st.advance.IsZero() {
			// The signal closes the bucket before its own.
			for b := filling.Add(bk); b.Before(st.sig.At); b = b.Add(bk) {
				out = append(out, refStep{advance: b})
			}
			filling = st.sig.At
		} else {
			for b := filling.Add(bk); !b.After(st.advance); b = b.Add(bk) {
				out = append(out, refStep{advance: b})
				filling = b
			}
		}
		out = append(out, st)
	}
	return out
}

// TestQuietStretchSplitInto1BucketSteps: for random plans without a
// trigger that warms up (volume, deviation) and random streams with quiet
// stretches longer and shorter than the horizon, closing every stretch one
// bucket at a time raises exactly the alerts of closing it at once; only
// the warm-ups of starting afresh could tell them apart. A state saved
// after every step restores and goes on alike.
func TestQuietStretchSplitInto1BucketSteps(t *testing.T) {
	compared, alerts := 0, 0
	for seed := range uint64(400) {
		rng := rand.New(rand.NewPCG(seed, 1717))
		data := make([]byte, 600)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		r := &refBytes{b: data}
		p := refPlan(r)
		if slices.ContainsFunc(p.Triggers, func(tr crisis.Trigger) bool { return tr.Kind == crisis.TriggerVolume }) {
			continue
		}
		steps := refStream(r, p, 30+rng.IntN(60))
		bk := time.Duration(p.Detection.Bucket)
		split := splitAdvances(steps, bk)
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			once := feedSteps(t, p, steps, false)
			if d := diffAlerts(once, feedSteps(t, p, split, false)); d != "" {
				t.Fatalf("closing the quiet stretches one bucket at a time changes the alerts: %s\nplan triggers: %s", d, fmtTriggers(p))
			}
			if d := diffAlerts(once, feedSteps(t, p, steps, true)); d != "" {
				t.Fatalf("saving and restoring after every step changes the alerts: %s\nplan triggers: %s", d, fmtTriggers(p))
			}
			compared++
			alerts += len(once)
		})
	}
	require.Greater(t, compared, 50, "enough plans without a volume trigger")
	require.Greater(t, alerts, 100, "the random cases must raise alerts to compare")
}
