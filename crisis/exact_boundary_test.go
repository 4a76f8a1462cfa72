package crisis_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/crisis"
)

// TestExactBoundaries decides every kind of trigger at its exact threshold,
// one count under it and one over it, through Observe and ObserveBatch.
// The thresholds are the ones a float64 misjudges (0.07·100 is
// 7.000000000000001 in float64).
func TestExactBoundaries(t *testing.T) {
	share := func(s, floor string) crisis.Trigger {
		tr := oneBucketTrigger(crisis.TriggerNegativeShare)
		tr.Window, tr.Share, tr.Threshold = d("5m"), num(s), num(floor)
		return tr
	}
	volume := func(window, baseline, ratio string) crisis.Trigger {
		tr := oneBucketTrigger(crisis.TriggerVolume)
		tr.Metric, tr.Window, tr.Baseline, tr.Ratio, tr.Threshold = crisis.MetricMentions, d(window), d(baseline), num(ratio), num("1")
		return tr
	}
	windowed := func(kind crisis.TriggerKind, window, threshold string) crisis.Trigger {
		tr := oneBucketTrigger(kind)
		tr.Window, tr.Threshold = d(window), num(threshold)
		if kind == crisis.TriggerAbsolute {
			tr.Metric = crisis.MetricNegative
		}
		return tr
	}
	reach := func(threshold string) crisis.Trigger {
		tr := oneBucketTrigger(crisis.TriggerReach)
		tr.Threshold = num(threshold)
		return tr
	}
	// A deviation trigger with a span of 3 buckets has a smoothing factor
	// of exactly 1/2: after negatives 0, 0, 20 its mean is 10 and its
	// variance 100, so it holds from 10 + K·10.
	deviation := func(k, threshold string) crisis.Trigger {
		tr := oneBucketTrigger(crisis.TriggerDeviation)
		tr.Metric, tr.Span, tr.K, tr.Threshold = crisis.MetricNegative, d("15m"), num(k), num(threshold)
		return tr
	}
	devSeries := func(x int64) []crisis.Signal {
		return counts([4]int64{50, 0}, [4]int64{50, 0}, [4]int64{50, 20}, [4]int64{max(50, x), x})
	}
	type row struct {
		name    string
		trig    crisis.Trigger
		sigs    []crisis.Signal
		fires   bool
		observe string // the evidence's observed value when it fires
	}
	var rows []row
	for _, c := range []struct {
		share    string
		neg, men int64
	}{{"0.07", 7, 100}, {"0.14", 14, 100}, {"0.28", 28, 100}, {"0.29", 29, 100}, {"0.57", 57, 100}, {"0.07", 70, 1000}, {"0.3", 3, 10}, {"0.001", 1, 1000}, {"1", 100, 100}} {
		for _, dn := range []int64{-1, 0, 1} {
			neg := c.neg + dn
			if neg > c.men {
				continue
			}
			r := row{name: fmt.Sprintf("share %s: %d of %d", c.share, neg, c.men), trig: share(c.share, "1"),
				sigs: counts([4]int64{c.men, neg}), fires: dn >= 0}
			if dn == 0 {
				r.observe = c.share
			}
			rows = append(rows, r)
		}
	}
	for _, men := range []int64{99, 100, 101} {
		rows = append(rows, row{name: fmt.Sprintf("share needs 100 mentions: %d", men), trig: share("0.5", "100"),
			sigs: counts([4]int64{men, men}), fires: men >= 100})
	}
	for _, c := range []struct {
		window, baseline, ratio string
		base, at                int64 // mentions per baseline bucket; window total at the threshold
	}{
		{"5m", "5m", "1.07", 100, 107}, {"5m", "5m", "1.14", 100, 114}, {"5m", "5m", "1.28", 100, 128},
		{"5m", "5m", "1.1", 10, 11}, {"5m", "15m", "1.5", 100, 150}, {"5m", "35m", "1.4", 100, 140},
		{"10m", "15m", "1.2", 90, 216}, {"5m", "5m", "1.000001", 1_000_000, 1_000_001},
		{"5m", "5m", "1.09", 100, 109}, {"5m", "5m", "1.1", 100, 110}, {"5m", "5m", "1.12", 25, 28},
		{"5m", "15m", "1.05", 20, 21}, {"5m", "35m", "1.03", 100, 103}, {"1h", "12h", "1.05", 5, 63},
	} {
		tr := volume(c.window, c.baseline, c.ratio)
		wb := int(time.Duration(tr.Window) / (5 * time.Minute))
		bb := int(time.Duration(tr.Baseline) / (5 * time.Minute))
		for _, dn := range []int64{-1, 0, 1} {
			var sigs [][4]int64
			for range bb {
				sigs = append(sigs, [4]int64{c.base})
			}
			total := c.at + dn
			for i := range wb {
				m := total / int64(wb)
				if i == 0 {
					m += total % int64(wb)
				}
				sigs = append(sigs, [4]int64{m})
			}
			r := row{name: fmt.Sprintf("volume %s over %s×%s: %d", c.ratio, c.window, c.baseline, total), trig: tr, sigs: counts(sigs...), fires: dn >= 0}
			if dn == 0 {
				r.observe = fmt.Sprint(total)
			}
			rows = append(rows, r)
		}
	}
	for _, c := range []struct {
		kind      crisis.TriggerKind
		threshold string
		at        int64
	}{{crisis.TriggerKeyword, "7", 7}, {crisis.TriggerKeyword, "6.5", 7}, {crisis.TriggerAbsolute, "14", 14}, {crisis.TriggerAbsolute, "27.01", 28}} {
		for _, dn := range []int64{-1, 0, 1} {
			x := c.at + dn
			rows = append(rows, row{name: fmt.Sprintf("%s %s: %d", c.kind, c.threshold, x), trig: windowed(c.kind, "5m", c.threshold),
				sigs: counts([4]int64{100, x, x}), fires: dn >= 0})
		}
	}
	for _, c := range []struct {
		threshold string
		at        int64
	}{{"7", 7}, {"1000000", 1_000_000}, {"999999.5", 1_000_000}} {
		for _, dn := range []int64{-1, 0, 1} {
			x := c.at + dn
			rows = append(rows, row{name: fmt.Sprintf("reach %s: %d", c.threshold, x), trig: reach(c.threshold),
				sigs: counts([4]int64{1, 0, 0, x}), fires: dn >= 0})
		}
	}
	for _, c := range []struct {
		k, threshold string
		at           int64
	}{{"1.1", "1", 21}, {"0.7", "1", 17}, {"0.3", "1", 13}, {"1.4", "1", 24}, {"1.3", "1", 23}, {"2.2", "1", 32}, {"0.1", "12", 12}, {"1", "20.5", 21}} {
		for _, dn := range []int64{-1, 0, 1} {
			x := c.at + dn
			r := row{name: fmt.Sprintf("deviation K %s, floor %s: %d", c.k, c.threshold, x), trig: deviation(c.k, c.threshold),
				sigs: devSeries(x), fires: dn >= 0}
			if dn == 0 {
				r.observe = fmt.Sprint(x)
			}
			rows = append(rows, r)
		}
	}
	// Thresholds with more places than any product of counts can hold:
	// decided exactly all the same.
	for _, c := range []struct {
		share    string
		neg, men int64
		fires    bool
	}{
		{"0.0700000000000000000000001", 7, 100, false}, {"0.0700000000000000000000001", 8, 100, true},
		{"0.0699999999999999999999999", 7, 100, true}, {"0.0699999999999999999999999", 6, 100, false},
		{"0.3333333333333333333333333", 1, 3, true}, {"0.3333333333333333333333334", 1, 3, false},
		{"0.3333333333333333333333334", 333333333334, 1000000000000, true},
		{"0.3333333333333333333333334", 333333333333, 999999999999, false},
	} {
		rows = append(rows, row{name: fmt.Sprintf("share %s: %d of %d", c.share, c.neg, c.men), trig: share(c.share, "1"),
			sigs: counts([4]int64{c.men, c.neg}), fires: c.fires})
	}
	for _, c := range []struct {
		ratio    string
		base, at int64
		fires    bool
	}{
		{"1.0700000000000000000000001", 100, 107, false}, {"1.0700000000000000000000001", 100, 108, true},
		{"1.0699999999999999999999999", 100, 107, true}, {"1.0699999999999999999999999", 100, 106, false},
		{"999999999999999", 1, 999_999_999_999, false}, {"999999999999999", 0, 5, true},
	} {
		rows = append(rows, row{name: fmt.Sprintf("volume %s: %d over %d", c.ratio, c.at, c.base), trig: volume("5m", "5m", c.ratio),
			sigs: counts([4]int64{c.base}, [4]int64{c.at}), fires: c.fires})
	}
	for _, c := range []struct {
		k     string
		x     int64
		fires bool
	}{
		{"1.1000000000000000000000001", 21, false}, {"1.1000000000000000000000001", 22, true},
		{"1.0999999999999999999999999", 21, true}, {"1.0999999999999999999999999", 20, false},
		{"999999999999999", 1_000_000_000_000, false},
	} {
		rows = append(rows, row{name: fmt.Sprintf("deviation K %s: %d", c.k, c.x), trig: deviation(c.k, "1"), sigs: devSeries(c.x), fires: c.fires})
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			alerts := bothWays(t, planWith(r.trig), r.sigs)
			e, fired := firedAt(alerts, "t", r.sigs[len(r.sigs)-1].At)
			require.Equal(t, r.fires, fired)
			if fired && r.observe != "" {
				assert.True(t, e.Observed.Equal(num(r.observe)), "observed %s, want %s", e.Observed, r.observe)
			}
		})
	}
}

// TestExactMargin decides near misses exactly: with a margin of 0.1, a
// negative-share trigger at 0.4 is a near miss from 0.36 on, an absolute
// trigger at 50 from 45 on.
func TestExactMargin(t *testing.T) {
	kw := oneBucketTrigger(crisis.TriggerKeyword)
	kw.Name, kw.Level, kw.Window, kw.Threshold = "kw", "moderate", d("5m"), num("1")
	sh := oneBucketTrigger(crisis.TriggerNegativeShare)
	sh.Window, sh.Share, sh.Threshold = d("5m"), num("0.4"), num("1")
	ab := oneBucketTrigger(crisis.TriggerAbsolute)
	ab.Window, ab.Metric, ab.Threshold = d("5m"), crisis.MetricNegative, num("50")
	for _, c := range []struct {
		name      string
		trig      crisis.Trigger
		margin    string
		men, neg  int64
		uncertain bool
	}{
		{"share 0.36", sh, "0.1", 100, 36, true}, {"share 0.35", sh, "0.1", 100, 35, false},
		{"share 0.3 at margin 0.25", sh, "0.25", 100, 30, true}, {"share 0.29 at margin 0.25", sh, "0.25", 100, 29, false},
		{"share 0.28 at margin 0.3", sh, "0.3", 100, 28, true}, {"share 0.27 at margin 0.3", sh, "0.3", 100, 27, false},
		{"absolute 45", ab, "0.1", 100, 45, true}, {"absolute 44", ab, "0.1", 100, 44, false},
		{"absolute 35 at margin 0.3", ab, "0.3", 100, 35, true}, {"absolute 34 at margin 0.3", ab, "0.3", 100, 34, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := planWith(kw, c.trig)
			p.Detection.Margin = num(c.margin)
			alerts := bothWays(t, p, counts([4]int64{c.men, c.neg, 1}))
			require.Len(t, alerts, 1)
			assert.Equal(t, c.uncertain, alerts[0].Uncertain)
			if c.uncertain {
				assert.Equal(t, "high", alerts[0].Level)
				require.Len(t, alerts[0].Evidence, 2)
				assert.False(t, alerts[0].Evidence[1].Fired)
			}
		})
	}
}
