package crisis_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// ---- the differential harness ----

// refStep is one thing fed to both detectors: a signal, or an Advance.
type refStep struct {
	sig     crisis.Signal
	advance time.Time // set for an Advance
}

// diffAlerts reports the first difference between two alert lists.
func diffAlerts(want, got []crisis.Alert) string {
	for i := range max(len(want), len(got)) {
		if i >= len(want) {
			return fmt.Sprintf("extra alert %d: %s", i, fmtAlert(got[i]))
		}
		if i >= len(got) {
			return fmt.Sprintf("missing alert %d: %s", i, fmtAlert(want[i]))
		}
		if fmtAlert(want[i]) != fmtAlert(got[i]) {
			return fmt.Sprintf("alert %d:\nwant %s\ngot  %s", i, fmtAlert(want[i]), fmtAlert(got[i]))
		}
	}
	return ""
}

// fmtAlert prints every field of an alert; decimals are printed in their
// shortest exact form so that equal values print alike.
func fmtAlert(a crisis.Alert) string {
	s := fmt.Sprintf("at=%s since=%s level=%s uncertain=%v", a.At.UTC().Format(time.RFC3339), a.Since.UTC().Format(time.RFC3339), a.Level, a.Uncertain)
	for _, e := range a.Evidence {
		since := "-"
		if !e.Since.IsZero() {
			since = e.Since.UTC().Format(time.RFC3339)
		}
		s += fmt.Sprintf("\n    [%s %s %s ch=%q fired=%v since=%s obs=%s base=%s thr=%s]", e.Trigger, e.Kind, e.Level, e.Channel, e.Fired, since,
			e.Observed.String(), e.Baseline.String(), e.Threshold.String())
	}
	return s
}

// runBoth feeds the steps to the detector, one Observe at a time and in
// batches, and to the reference, and fails on the first difference.
func runBoth(t *testing.T, p *crisis.Plan, steps []refStep) []crisis.Alert {
	t.Helper()
	require.NoError(t, p.Validate())
	ref := newRefDetector(p)
	var want []crisis.Alert
	for _, st := range steps {
		if st.advance.IsZero() {
			want = append(want, ref.observe(st.sig)...)
		} else {
			want = append(want, ref.advance(st.advance)...)
		}
	}

	one, err := crisis.NewDetector(p)
	require.NoError(t, err)
	require.Equal(t, time.Duration(ref.horizon)*ref.width, one.Horizon(), "horizon")
	var got []crisis.Alert
	for i, st := range steps {
		if st.advance.IsZero() {
			got, err = one.Observe(st.sig, got)
		} else {
			got, err = one.Advance(st.advance, got)
		}
		require.NoError(t, err, "step %d", i)
	}
	if d := diffAlerts(want, got); d != "" {
		if testing.Verbose() {
			for _, a := range want {
				t.Log("want", fmtAlert(a))
			}
			for _, a := range got {
				t.Log("got ", fmtAlert(a))
			}
		}
		t.Fatalf("Observe differs from the reference: %s\nplan triggers: %s\ndetection: %v", d, fmtTriggers(p), p.Detection)
	}

	// ObserveBatch over the runs of signals between Advances.
	batch, err := crisis.NewDetector(p)
	require.NoError(t, err)
	var gotB []crisis.Alert
	var pending []crisis.Signal
	flush := func() {
		var n int
		gotB, n, err = batch.ObserveBatch(pending, gotB)
		require.NoError(t, err)
		require.Equal(t, len(pending), n)
		pending = pending[:0]
	}
	for _, st := range steps {
		if st.advance.IsZero() {
			pending = append(pending, st.sig)
			continue
		}
		flush()
		gotB, err = batch.Advance(st.advance, gotB)
		require.NoError(t, err)
	}
	flush()
	if d := diffAlerts(want, gotB); d != "" {
		t.Fatalf("ObserveBatch differs from the reference: %s\nplan triggers: %s", d, fmtTriggers(p))
	}
	return want
}

func fmtTriggers(p *crisis.Plan) string {
	s := ""
	for _, t := range p.Triggers {
		s += fmt.Sprintf("\n  %s %s level=%s ch=%q metric=%s window=%v base=%v ratio=%s share=%s thr=%s confirm=%v cooldown=%v",
			t.Name, t.Kind, t.Level, t.Channel, t.Metric, time.Duration(t.Window), time.Duration(t.Baseline), t.Ratio, t.Share, t.Threshold,
			time.Duration(t.Confirm), time.Duration(t.Cooldown))
	}
	return s
}

// ---- the tests ----

func TestDetectorMatchesReferenceHandWritten(t *testing.T) {
	bk := 5 * time.Minute
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * bk) }
	flat := func(n int, f func(i int) []crisis.Signal) []refStep {
		var out []refStep
		for i := range n {
			for _, s := range f(i) {
				s.At = at(i)
				out = append(out, refStep{sig: s})
			}
		}
		return append(out, refStep{advance: at(n)})
	}
	sample := samplePlan().Triggers
	var noDeviation []crisis.Trigger
	for _, tr := range sample {
		if tr.Kind != crisis.TriggerDeviation {
			noDeviation = append(noDeviation, tr)
		}
	}
	tests := []struct {
		name     string
		triggers []crisis.Trigger
		margin   string
		steps    []refStep
	}{
		{"sample plan, a surge on both channels", noDeviation, "0.1", flat(200, func(i int) []crisis.Signal {
			m := int64(20)
			if i > 160 {
				m = int64(20 + (i-160)*12)
			}
			return []crisis.Signal{
				{Channel: channel.Instagram, Mentions: m, Negative: m / 2, KeywordHits: m / 6},
				{Channel: channel.X, Mentions: m / 2, Negative: m / 3, Reach: int64(i) * 10_000},
			}
		})},
		{"volume exactly at its ratio", []crisis.Trigger{
			{Name: "v", Kind: crisis.TriggerVolume, Level: "moderate", Metric: crisis.MetricMentions, Window: d("10m"), Baseline: d("30m"), Ratio: num("1.1"), Threshold: num("1"), Confirm: d("5m"), Cooldown: d("5m")},
		}, "0", flat(12, func(i int) []crisis.Signal {
			m := int64(100)
			if i == 9 {
				m = 120 // 100+120 = 220 = 1.1 · 600·2/6
			}
			return []crisis.Signal{{Channel: channel.Instagram, Mentions: m}}
		})},
		{"share one mention under, then at", []crisis.Trigger{
			{Name: "s", Kind: crisis.TriggerNegativeShare, Level: "high", Window: d("5m"), Share: num("0.07"), Threshold: num("100"), Confirm: d("5m"), Cooldown: d("5m")},
			{Name: "a", Kind: crisis.TriggerAbsolute, Level: "low", Metric: crisis.MetricMentions, Window: d("5m"), Threshold: num("100"), Confirm: d("5m"), Cooldown: d("5m")},
		}, "0.1", flat(3, func(i int) []crisis.Signal {
			return []crisis.Signal{{Channel: channel.X, Mentions: 100, Negative: int64(6 + i)}}
		})},
		{"channel filter and quiet stretch", []crisis.Trigger{
			{Name: "x", Kind: crisis.TriggerKeyword, Level: "critical", Channel: channel.X, Window: d("15m"), Threshold: num("3"), Confirm: d("10m"), Cooldown: d("15m")},
			{Name: "r", Kind: crisis.TriggerReach, Level: "low", Threshold: num("1000"), Confirm: d("5m"), Cooldown: d("5m")},
		}, "0.5", append(flat(6, func(i int) []crisis.Signal {
			return []crisis.Signal{{Channel: channel.Instagram, Mentions: 9, KeywordHits: 9, Reach: 2000}, {Channel: channel.X, Mentions: 2, KeywordHits: 2}}
		}), refStep{sig: crisis.Signal{At: at(40), Channel: channel.X, Mentions: 5, KeywordHits: 5, Reach: 999}}, refStep{advance: at(45)})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := samplePlan()
			p.Triggers = tt.triggers
			p.Detection.Margin = num(tt.margin)
			alerts := runBoth(t, p, tt.steps)
			require.NotEmpty(t, alerts, "a hand-written case must raise alerts")
		})
	}
}

func TestDetectorMatchesReferenceRandom(t *testing.T) {
	alerts := 0
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 17))
		data := make([]byte, 600)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		r := &refBytes{b: data}
		p := refPlan(r)
		steps := refStream(r, p, 40+rng.IntN(80))
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			alerts += len(runBoth(t, p, steps))
		})
	}
	require.Greater(t, alerts, 100, "the random cases must raise alerts to compare")
}

func FuzzDetectorReference(f *testing.F) {
	f.Add([]byte{0, 0, 3, 1, 2, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5})
	f.Add([]byte("a plan and a stream of signals, any bytes will do"))
	for seed := range uint64(8) {
		rng := rand.New(rand.NewPCG(seed, 17))
		data := make([]byte, 300)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &refBytes{b: data}
		p := refPlan(r)
		runBoth(t, p, refStream(r, p, 120))
	})
}

// TestQuietStretchJudgesEveryBucket is the detector bug the reference
// found: a keyword trigger over three buckets still holds two buckets after
// the last hit, but when the next signal (or Advance) closed more than
// Horizon+1 buckets at once, the detector started afresh without judging
// them, so whether bucket 2 alerted depended on when bucket 6 was observed.
// The documentation says every bucket is judged when it closes, and an
// empty one counts as zero mentions. Fixed in issue 17.
func TestQuietStretchJudgesEveryBucket(t *testing.T) {
	p := samplePlan()
	p.Triggers = []crisis.Trigger{{Name: "kw", Kind: crisis.TriggerKeyword, Level: "low", Window: d("15m"), Threshold: num("1"), Confirm: d("5m"), Cooldown: d("5m")}}
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * 5 * time.Minute) }
	hits := func(i int) refStep {
		return refStep{sig: crisis.Signal{At: at(i), Channel: channel.X, Mentions: 5, KeywordHits: 5}}
	}
	stepwise := runBoth(t, p, []refStep{hits(0), hits(1), {advance: at(4)}, {advance: at(6)}})
	atOnce := runBoth(t, p, []refStep{hits(0), hits(1), {advance: at(6)}})
	require.Len(t, stepwise, 4)
	require.Empty(t, diffAlerts(stepwise, atOnce))
}
