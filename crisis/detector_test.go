package crisis_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

var t0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// bucket returns the start of the i-th 5-minute bucket after t0.
func bucket(i int) time.Time { return t0.Add(time.Duration(i) * 5 * time.Minute) }

func trigger(t *testing.T, name string) crisis.Trigger {
	t.Helper()
	for _, tr := range samplePlan().Triggers {
		if tr.Name == name {
			return tr
		}
	}
	t.Fatalf("no trigger %q", name)
	return crisis.Trigger{}
}

func planWith(ts ...crisis.Trigger) *crisis.Plan {
	p := samplePlan()
	p.Triggers = ts
	return p
}

// series builds one Instagram signal per bucket from a function of the
// bucket index.
func series(n int, f func(i int) crisis.Signal) []crisis.Signal {
	out := make([]crisis.Signal, 0, n)
	for i := range n {
		s := f(i)
		s.At = bucket(i)
		if s.Channel == "" {
			s.Channel = channel.Instagram
		}
		out = append(out, s)
	}
	return out
}

// run feeds signals to a new detector for p, advancing past each bucket
// once its signals are in, and returns the alerts.
func run(t *testing.T, p *crisis.Plan, signals []crisis.Signal) []crisis.Alert {
	t.Helper()
	det, err := crisis.NewDetector(p)
	require.NoError(t, err)
	var alerts []crisis.Alert
	for i, s := range signals {
		alerts, err = det.Observe(s, alerts)
		require.NoError(t, err)
		if i+1 == len(signals) || !signals[i+1].At.Equal(s.At) {
			alerts, err = det.Advance(s.At.Add(det.Bucket()), alerts)
			require.NoError(t, err)
		}
	}
	return alerts
}

func at(alerts []crisis.Alert) []time.Time {
	out := make([]time.Time, len(alerts))
	for i, a := range alerts {
		out[i] = a.At.UTC()
	}
	return out
}

func TestVolumeAgainstOwnBaseline(t *testing.T) {
	// 13 quiet hours of 10 mentions per bucket, then 40 per bucket.
	sig := series(200, func(i int) crisis.Signal {
		if i < 156 {
			return crisis.Signal{Mentions: 10, Negative: 2}
		}
		return crisis.Signal{Mentions: 40, Negative: 2}
	})
	alerts := run(t, planWith(trigger(t, "volume-spike")), sig)
	// The condition first holds in bucket 163 (4×10 + 8×40 = 360 against
	// 3 × 1440 scaled to one hour = 360); confirmed one bucket later; the
	// cooldown of an hour lets it fire again 12 buckets later; from
	// bucket 184 the spike has entered the baseline enough to stop it.
	require.Equal(t, []time.Time{bucket(165), bucket(177)}, at(alerts))
	a := alerts[0]
	assert.Equal(t, "moderate", a.Level)
	assert.False(t, a.Uncertain)
	assert.Equal(t, bucket(163), a.Since.UTC())
	assert.Equal(t, "Europe/Madrid", a.At.Location().String())
	require.Len(t, a.Evidence, 1)
	e := a.Evidence[0]
	assert.Equal(t, "volume-spike", e.Trigger)
	assert.Equal(t, crisis.TriggerVolume, e.Kind)
	assert.True(t, e.Fired)
	assert.True(t, e.Observed.Equal(num("390")), e.Observed.String())
	assert.True(t, e.Baseline.Equal(num("360")), e.Baseline.String())
	assert.True(t, e.Threshold.Equal(num("360")), e.Threshold.String())
}

func TestVolumeWaitsForItsBaseline(t *testing.T) {
	// A spike before 13 hours of history is not judged against a baseline.
	sig := series(100, func(i int) crisis.Signal {
		if i < 50 {
			return crisis.Signal{Mentions: 1}
		}
		return crisis.Signal{Mentions: 100}
	})
	assert.Empty(t, run(t, planWith(trigger(t, "volume-spike")), sig))
}

func TestNegativeShare(t *testing.T) {
	sig := series(30, func(i int) crisis.Signal {
		if i < 12 {
			return crisis.Signal{Mentions: 10}
		}
		return crisis.Signal{Mentions: 10, Negative: 10}
	})
	alerts := run(t, planWith(trigger(t, "negative-share")), sig)
	require.NotEmpty(t, alerts)
	// 5 of 12 buckets negative reaches 0.4 in bucket 16; confirmed over
	// 15 minutes, in bucket 18.
	a := alerts[0]
	assert.Equal(t, bucket(19), a.At.UTC())
	assert.Equal(t, bucket(16), a.Since.UTC())
	assert.Equal(t, "high", a.Level)
	assert.True(t, a.Evidence[0].Observed.Equal(num("0.5833")), a.Evidence[0].Observed.String())
	assert.True(t, a.Evidence[0].Threshold.Equal(num("0.4")))
	assert.True(t, a.Evidence[0].Baseline.IsZero())
}

func TestNegativeShareNeedsEnoughMentions(t *testing.T) {
	// Every mention is negative, but the share is judged only from 40
	// mentions in the window on: bucket 3, confirmed in bucket 5.
	sig := series(8, func(int) crisis.Signal { return crisis.Signal{Mentions: 10, Negative: 10} })
	alerts := run(t, planWith(trigger(t, "negative-share")), sig)
	require.Equal(t, []time.Time{bucket(6)}, at(alerts))
	assert.Equal(t, bucket(3), alerts[0].Since.UTC())
}

func TestKeywordAndAbsolute(t *testing.T) {
	sig := series(6, func(int) crisis.Signal { return crisis.Signal{Mentions: 400, KeywordHits: 4} })
	alerts := run(t, planWith(trigger(t, "risky-keywords"), trigger(t, "flood")), sig)
	// Keyword hits reach 16 ≥ 15 in bucket 3; mentions reach 1600 ≥ 1500
	// in bucket 3 too: both fire, the highest level wins.
	require.Equal(t, []time.Time{bucket(4)}, at(alerts))
	a := alerts[0]
	assert.Equal(t, "critical", a.Level)
	assert.False(t, a.Uncertain)
	require.Len(t, a.Evidence, 2)
	assert.Equal(t, "risky-keywords", a.Evidence[0].Trigger)
	assert.Equal(t, "flood", a.Evidence[1].Trigger)
	assert.True(t, a.Evidence[1].Observed.Equal(num("1600")))
}

func TestReachIsPerChannel(t *testing.T) {
	var sig []crisis.Signal
	for i := range 4 {
		sig = append(sig,
			crisis.Signal{At: bucket(i), Channel: channel.Instagram, Mentions: 5, Reach: 3_000_000},
			crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 5, Reach: 1000},
		)
	}
	sig = append(sig, crisis.Signal{At: bucket(4), Channel: channel.X, Mentions: 1, Reach: 1_200_000})
	alerts := run(t, planWith(trigger(t, "big-author")), sig)
	require.Equal(t, []time.Time{bucket(5)}, at(alerts))
	e := alerts[0].Evidence[0]
	assert.Equal(t, channel.X, e.Channel)
	assert.True(t, e.Observed.Equal(num("1200000")))
}

func TestDeviationFromMovingMean(t *testing.T) {
	// Negative mentions wobble between 4 and 6 for five hours, then jump.
	sig := series(70, func(i int) crisis.Signal {
		n := int64(4 + 2*(i%2))
		if i >= 60 {
			n = 40
		}
		return crisis.Signal{Mentions: 50, Negative: n}
	})
	alerts := run(t, planWith(trigger(t, "negative-surge")), sig)
	require.NotEmpty(t, alerts)
	// Holds from bucket 60, confirmed over 10 minutes in bucket 61.
	assert.Equal(t, bucket(62), alerts[0].At.UTC())
	e := alerts[0].Evidence[0]
	assert.True(t, e.Observed.Equal(num("40")))
	assert.True(t, e.Baseline.GreaterThan(num("4.5")) && e.Baseline.LessThan(num("40")), e.Baseline.String())
	assert.True(t, e.Threshold.LessThanOrEqual(e.Observed))
	assert.True(t, e.Threshold.GreaterThan(e.Baseline))
}

func TestDeviationWarmsUp(t *testing.T) {
	// A jump before a span of history is not judged.
	sig := series(20, func(i int) crisis.Signal {
		if i < 10 {
			return crisis.Signal{Mentions: 50, Negative: 1}
		}
		return crisis.Signal{Mentions: 50, Negative: 50}
	})
	assert.Empty(t, run(t, planWith(trigger(t, "negative-surge")), sig))
}

func TestUncertainTakesHigherLevel(t *testing.T) {
	// Volume fires (moderate) while the negative share is 0.369: within
	// the 10% margin of high's 0.4, so the alert is high and uncertain.
	sig := series(166, func(i int) crisis.Signal {
		if i < 156 {
			return crisis.Signal{Mentions: 10, Negative: 3}
		}
		return crisis.Signal{Mentions: 40, Negative: 15}
	})
	p := planWith(trigger(t, "volume-spike"), trigger(t, "negative-share"))
	alerts := run(t, p, sig)
	require.Equal(t, []time.Time{bucket(165)}, at(alerts))
	a := alerts[0]
	assert.Equal(t, "high", a.Level)
	assert.True(t, a.Uncertain)
	require.Len(t, a.Evidence, 2)
	assert.True(t, a.Evidence[0].Fired)
	assert.False(t, a.Evidence[1].Fired)
	assert.Equal(t, "negative-share", a.Evidence[1].Trigger)
	assert.True(t, a.Evidence[1].Observed.Equal(num("0.3692")), a.Evidence[1].Observed.String())

	// Without a margin the same series is a plain moderate alert.
	p.Detection.Margin = num("0")
	alerts = run(t, p, sig)
	require.Len(t, alerts, 1)
	assert.Equal(t, "moderate", alerts[0].Level)
	assert.False(t, alerts[0].Uncertain)
}

func TestConfirmationWindow(t *testing.T) {
	// One bucket over the flood threshold is not enough when the trigger
	// asks for three.
	flood := trigger(t, "flood")
	flood.Confirm = d("15m")
	flood.Window = d("5m")
	flood.Threshold = num("100")
	sig := series(12, func(i int) crisis.Signal {
		switch i {
		case 2, 5, 6, 8, 9, 10:
			return crisis.Signal{Mentions: 200}
		}
		return crisis.Signal{Mentions: 1}
	})
	alerts := run(t, planWith(flood), sig)
	require.Equal(t, []time.Time{bucket(11)}, at(alerts))
	assert.Equal(t, bucket(8), alerts[0].Since.UTC())
}

func TestAlertWaitsForBucketToClose(t *testing.T) {
	det, err := crisis.NewDetector(planWith(trigger(t, "flood")))
	require.NoError(t, err)
	alerts, err := det.Observe(crisis.Signal{At: bucket(0), Channel: channel.X, Mentions: 2000}, nil)
	require.NoError(t, err)
	assert.Empty(t, alerts, "the bucket may still receive signals")
	alerts, err = det.Advance(bucket(0).Add(4*time.Minute), alerts)
	require.NoError(t, err)
	assert.Empty(t, alerts, "advancing inside the bucket closes nothing")
	alerts, err = det.Advance(bucket(1), alerts)
	require.NoError(t, err)
	require.Len(t, alerts, 1)
	_, err = det.Observe(crisis.Signal{At: bucket(0), Channel: channel.Instagram, Mentions: 1}, nil)
	assert.ErrorIs(t, err, crisis.ErrOutOfOrder, "a closed bucket takes no more signals")
	_, err = det.Advance(bucket(0), nil)
	assert.ErrorIs(t, err, crisis.ErrOutOfOrder)
	// The bucket advanced to is open for signals.
	_, err = det.Observe(crisis.Signal{At: bucket(1), Channel: channel.Instagram, Mentions: 1}, nil)
	assert.NoError(t, err)
}

func TestGapsCountAsSilence(t *testing.T) {
	flood := trigger(t, "flood") // 1500 in an hour
	det, err := crisis.NewDetector(planWith(flood))
	require.NoError(t, err)
	alerts, err := det.Observe(crisis.Signal{At: bucket(0), Channel: channel.X, Mentions: 1000}, nil)
	require.NoError(t, err)
	// Eleven empty buckets later the first 1000 are still in the window.
	alerts, err = det.Observe(crisis.Signal{At: bucket(11), Channel: channel.X, Mentions: 600}, alerts)
	require.NoError(t, err)
	alerts, err = det.Advance(bucket(12), alerts)
	require.NoError(t, err)
	require.Equal(t, []time.Time{bucket(12)}, at(alerts))
	assert.Equal(t, bucket(11), alerts[0].Since.UTC())
}

func TestLongSilenceStartsAfresh(t *testing.T) {
	p := planWith(trigger(t, "volume-spike"))
	det, err := crisis.NewDetector(p)
	require.NoError(t, err)
	assert.Equal(t, 13*time.Hour, det.Horizon())
	var alerts []crisis.Alert
	for i := range 160 {
		alerts, err = det.Observe(crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 10}, alerts)
		require.NoError(t, err)
	}
	// A day later the baseline is gone: the spike is not judged.
	for i := 448; i < 470; i++ {
		alerts, err = det.Observe(crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 100}, alerts)
		require.NoError(t, err)
	}
	assert.Empty(t, alerts)
}

func TestSignalErrorsLeaveStateUnchanged(t *testing.T) {
	det, err := crisis.NewDetector(samplePlan())
	require.NoError(t, err)
	_, err = det.Observe(crisis.Signal{At: bucket(5), Channel: channel.X, Mentions: 3}, nil)
	require.NoError(t, err)
	before, err := json.Marshal(det)
	require.NoError(t, err)

	for _, c := range []struct {
		name string
		s    crisis.Signal
		want error
	}{
		{"earlier bucket", crisis.Signal{At: bucket(4), Channel: channel.X}, crisis.ErrOutOfOrder},
		{"duplicate", crisis.Signal{At: bucket(5), Channel: channel.X}, crisis.ErrDuplicate},
		{"misaligned", crisis.Signal{At: bucket(6).Add(time.Minute), Channel: channel.X}, crisis.ErrMisaligned},
		{"fraction of a second", crisis.Signal{At: bucket(6).Add(time.Millisecond), Channel: channel.X}, crisis.ErrMisaligned},
		{"unknown channel", crisis.Signal{At: bucket(6), Channel: "myspace"}, crisis.ErrInvalidSignal},
		{"negative mentions", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: -1}, crisis.ErrInvalidSignal},
		{"more negative than mentions", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: 1, Negative: 2}, crisis.ErrInvalidSignal},
		{"parts exceed whole", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: 3, Negative: 2, Positive: 2}, crisis.ErrInvalidSignal},
		{"hits exceed mentions", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: 1, KeywordHits: 2}, crisis.ErrInvalidSignal},
		{"negative reach", crisis.Signal{At: bucket(6), Channel: channel.X, Reach: -1}, crisis.ErrInvalidSignal},
		{"too many", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: crisis.MaxCount + 1}, crisis.ErrInvalidSignal},
		{"year 10000", crisis.Signal{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), Channel: channel.X}, crisis.ErrInvalidSignal},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := make([]crisis.Alert, 0, 1)
			out, err := det.Observe(c.s, dst)
			assert.ErrorIs(t, err, c.want)
			assert.Empty(t, out)
			after, err := json.Marshal(det)
			require.NoError(t, err)
			assert.JSONEq(t, string(before), string(after))
		})
	}
	// Another channel in the same bucket is fine; so is a later bucket.
	_, err = det.Observe(crisis.Signal{At: bucket(5), Channel: channel.Instagram, Mentions: 3}, nil)
	assert.NoError(t, err)
	_, err = det.Observe(crisis.Signal{At: bucket(9), Channel: channel.Instagram}, nil)
	assert.NoError(t, err)
}

func TestSaveRestoreIsSeamless(t *testing.T) {
	p := samplePlan()
	signals := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7}))
	whole := run(t, p, signals)
	require.NotEmpty(t, whole, "the synthetic spike raises alerts")
	wholeJSON, err := json.Marshal(whole)
	require.NoError(t, err)

	for split := 1; split < len(signals); split += 53 {
		det, err := crisis.NewDetector(p)
		require.NoError(t, err)
		var alerts []crisis.Alert
		feed := func(det *crisis.Detector, from, to int) {
			for i := from; i < to; i++ {
				alerts, err = det.Observe(signals[i], alerts)
				require.NoError(t, err)
				if i+1 == len(signals) || !signals[i+1].At.Equal(signals[i].At) {
					alerts, err = det.Advance(signals[i].At.Add(det.Bucket()), alerts)
					require.NoError(t, err)
				}
			}
		}
		feed(det, 0, split)
		saved, err := json.Marshal(det)
		require.NoError(t, err)
		restored, err := crisis.NewDetector(p)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(saved, restored))
		again, err := json.Marshal(restored)
		require.NoError(t, err)
		require.JSONEq(t, string(saved), string(again))
		feed(restored, split, len(signals))
		got, err := json.Marshal(alerts)
		require.NoError(t, err)
		require.JSONEq(t, string(wholeJSON), string(got), "split at %d", split)
	}
}

func TestRestoreRejects(t *testing.T) {
	p := samplePlan()
	det, err := crisis.NewDetector(p)
	require.NoError(t, err)
	_, err = det.Observe(crisis.Signal{At: bucket(0), Channel: channel.X, Mentions: 3}, nil)
	require.NoError(t, err)
	saved, err := json.Marshal(det)
	require.NoError(t, err)

	other := samplePlan()
	other.Triggers[0].Ratio = num("4")
	od, err := crisis.NewDetector(other)
	require.NoError(t, err)
	assert.ErrorIs(t, json.Unmarshal(saved, od), crisis.ErrStateMismatch)

	fresh, err := crisis.NewDetector(p)
	require.NoError(t, err)
	freshJSON, _ := json.Marshal(fresh)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(saved, &raw))
	for name, mutate := range map[string]func(m map[string]any){
		"version":     func(m map[string]any) { m["version"] = 9 },
		"ring length": func(m map[string]any) { sc := m["scopes"].([]any)[0].(map[string]any); sc["ring"] = []any{} },
		"position":    func(m map[string]any) { sc := m["scopes"].([]any)[0].(map[string]any); sc["pos"] = 1e6 },
		"trigger":     func(m map[string]any) { m["triggers"].([]any)[0].(map[string]any)["name"] = "x" },
		"run":         func(m map[string]any) { m["triggers"].([]any)[0].(map[string]any)["run"] = 99 },
		"variance":    func(m map[string]any) { m["triggers"].([]any)[4].(map[string]any)["var"] = -1 },
		"open twice":  func(m map[string]any) { o := m["open"].([]any); m["open"] = append(o, o[0]) },
		"open counts": func(m map[string]any) { m["open"].([]any)[0].(map[string]any)["negative"] = 99 },
		"mean":        func(m map[string]any) { m["triggers"].([]any)[0].(map[string]any)["mean"] = 1 },
	} {
		t.Run(name, func(t *testing.T) {
			var m map[string]any
			require.NoError(t, json.Unmarshal(saved, &m))
			mutate(m)
			b, _ := json.Marshal(m)
			err := json.Unmarshal(b, fresh)
			assert.ErrorIs(t, err, crisis.ErrBadState)
			after, _ := json.Marshal(fresh)
			assert.JSONEq(t, string(freshJSON), string(after), "state unchanged")
		})
	}
	assert.ErrorIs(t, fresh.UnmarshalJSON([]byte(`{`)), crisis.ErrBadState)
	var zero crisis.Detector
	assert.ErrorIs(t, json.Unmarshal(saved, &zero), crisis.ErrBadState)
	_ = raw
}

func TestObserveDoesNotAllocate(t *testing.T) {
	det, err := crisis.NewDetector(samplePlan())
	require.NoError(t, err)
	dst := make([]crisis.Alert, 0, 4)
	i := 0
	allocs := testing.AllocsPerRun(2000, func() {
		var err error
		dst, err = det.Observe(crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 20, Negative: 2, Positive: 5, Reach: 100}, dst[:0])
		if err != nil || len(dst) != 0 {
			t.Fatalf("bucket %d: %v %v", i, err, dst)
		}
		i++
	})
	assert.Zero(t, allocs)
}

// ObserveBatch is Observe in a loop: the same alerts and state, and it
// stops at the first refused signal, saying how many it observed.
func TestObserveBatchIsObserveInALoop(t *testing.T) {
	p := samplePlan()
	signals := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7}))
	want := run(t, p, signals)
	require.NotEmpty(t, want)

	det, err := crisis.NewDetector(p)
	require.NoError(t, err)
	var got []crisis.Alert
	for c := range slices.Chunk(signals, 37) {
		var n int
		got, n, err = det.ObserveBatch(c, got)
		require.NoError(t, err)
		require.Equal(t, len(c), n)
	}
	got, err = det.Advance(signals[len(signals)-1].At.Add(time.Hour), got)
	require.NoError(t, err)
	assert.Equal(t, mustJSON(t, want), mustJSON(t, got))

	// A refused signal in the middle: the ones before it are observed, it
	// and the ones after are not, and the state is Observe's.
	one, err := crisis.NewDetector(p)
	require.NoError(t, err)
	many, err := crisis.NewDetector(p)
	require.NoError(t, err)
	bad := slices.Clone(signals[:300])
	bad[200].At = bad[199].At // out of order or duplicate
	var a []crisis.Alert
	for _, s := range bad[:200] {
		a, err = one.Observe(s, a)
		require.NoError(t, err)
	}
	_, errOne := one.Observe(bad[200], nil)
	b, n, errMany := many.ObserveBatch(bad, nil)
	assert.Equal(t, 200, n)
	require.Error(t, errMany)
	assert.Equal(t, errOne.Error(), errMany.Error())
	assert.Equal(t, mustJSON(t, a), mustJSON(t, b))
	assert.Equal(t, mustJSON(t, one), mustJSON(t, many))
}

func TestObserveBatchDoesNotAllocate(t *testing.T) {
	det, err := crisis.NewDetector(samplePlan())
	require.NoError(t, err)
	dst := make([]crisis.Alert, 0, 4)
	batch := make([]crisis.Signal, 24)
	i := 0
	allocs := testing.AllocsPerRun(200, func() {
		for k := range batch {
			batch[k] = crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 20, Negative: 2, Positive: 5, Reach: 100}
			i++
		}
		var err error
		dst, _, err = det.ObserveBatch(batch, dst[:0])
		if err != nil || len(dst) != 0 {
			t.Fatalf("bucket %d: %v %v", i, err, dst)
		}
	})
	assert.Zero(t, allocs)
}

func TestAlertJSONRoundTrip(t *testing.T) {
	alerts := run(t, samplePlan(), slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 3})))
	require.NotEmpty(t, alerts)
	b, err := json.Marshal(alerts)
	require.NoError(t, err)
	var back []crisis.Alert
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	for i := range alerts {
		assert.True(t, alerts[i].At.Equal(back[i].At))
		for j, e := range alerts[i].Evidence {
			assert.True(t, e.Observed.Equal(back[i].Evidence[j].Observed))
			assert.True(t, e.Threshold.Equal(back[i].Evidence[j].Threshold))
		}
	}
}

// stateAfter returns the saved state of a sample-plan detector that has
// seen n buckets of X signals, and the detector.
func stateAfter(t *testing.T, n int) ([]byte, *crisis.Detector) {
	t.Helper()
	det, err := crisis.NewDetector(samplePlan())
	require.NoError(t, err)
	for i := range n {
		_, err = det.Observe(crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: int64(10 + i%7), Negative: int64(i % 5), KeywordHits: 1, Reach: 100}, nil)
		require.NoError(t, err)
	}
	saved, err := json.Marshal(det)
	require.NoError(t, err)
	return saved, det
}

// TestRestoreRefusesTamperedState: a restored ring must be one the
// detector could have written (every bucket's counts within the bounds
// the exact tests assume), and a restored baseline must be a fixed-point
// value within its bounds. The detector is unchanged after a refusal.
func TestRestoreRefusesTamperedState(t *testing.T) {
	saved, _ := stateAfter(t, 30)
	fresh, err := crisis.NewDetector(samplePlan())
	require.NoError(t, err)
	freshJSON := mustJSON(t, fresh)
	ring := func(m map[string]any) []any { return m["scopes"].([]any)[0].(map[string]any)["ring"].([]any) }
	surge := func(m map[string]any) map[string]any { return m["triggers"].([]any)[4].(map[string]any) }
	for name, mutate := range map[string]func(m map[string]any){
		"negative count":          func(m map[string]any) { ring(m)[3].([]any)[0] = ring(m)[2].([]any)[0].(float64) - 1 },
		"more negative":           func(m map[string]any) { e := ring(m)[5].([]any); e[1] = e[1].(float64) + 20 },
		"hits beyond mentions":    func(m map[string]any) { e := ring(m)[6].([]any); e[2] = e[0].(float64) + 100 },
		"beyond MaxCount":         func(m map[string]any) { e := ring(m)[7].([]any); e[0] = e[0].(float64) + 2e12 },
		"padding":                 func(m map[string]any) { ring(m)[8].([]any)[3] = 1.0 },
		"cum":                     func(m map[string]any) { m["scopes"].([]any)[0].(map[string]any)["cum"].([]any)[0] = 1e6 },
		"unfilled slot":           func(m map[string]any) { ring(m)[100].([]any)[0] = 5.0 },
		"since before year 1":     func(m map[string]any) { m["triggers"].([]any)[1].(map[string]any)["last"] = -1e15 },
		"mean off the grid":       func(m map[string]any) { surge(m)["mean"] = "0.1" },
		"mean beyond every count": func(m map[string]any) { surge(m)["mean"] = "1e14" },
		"variance too large":      func(m map[string]any) { surge(m)["var"] = "1e60" },
		"variance off the grid":   func(m map[string]any) { surge(m)["var"] = "1e-100" },
		"mean as a number":        func(m map[string]any) { surge(m)["mean"] = 1e-200 },
		"huge exponent":           func(m map[string]any) { surge(m)["var"] = "1e999999999" },
		"negative mean":           func(m map[string]any) { surge(m)["mean"] = "-1" },
	} {
		t.Run(name, func(t *testing.T) {
			var m map[string]any
			require.NoError(t, json.Unmarshal(saved, &m))
			mutate(m)
			fresh, err := crisis.NewDetector(samplePlan())
			require.NoError(t, err)
			err = json.Unmarshal([]byte(mustJSON(t, m)), fresh)
			require.ErrorIs(t, err, crisis.ErrBadState)
			require.True(t, freshJSON == mustJSON(t, fresh), "state changed")
		})
	}
}

// TestRestoreVersion1 reads a state saved by version 1, whose deviation
// baselines were float64 numbers: they are rounded to the fixed point, and
// a state whose numbers were on it continues as if never stopped.
func TestRestoreVersion1(t *testing.T) {
	p := samplePlan()
	signals := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7}))
	whole := run(t, p, signals)
	require.NotEmpty(t, whole)
	split := 200
	det, err := crisis.NewDetector(p)
	require.NoError(t, err)
	var alerts []crisis.Alert
	for _, s := range signals[:split] {
		alerts, err = det.Observe(s, alerts)
		require.NoError(t, err)
	}
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustJSON(t, det)), &m))
	require.EqualValues(t, 2, m["version"])
	m["version"] = 1
	surge := m["triggers"].([]any)[4].(map[string]any)
	for _, f := range []string{"mean", "var"} {
		v, err := decimal.NewFromString(surge[f].(string))
		require.NoError(t, err)
		surge[f] = v.InexactFloat64() // exact: a few binary places
	}
	restored, err := crisis.NewDetector(p)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(mustJSON(t, m)), restored))
	assert.JSONEq(t, mustJSON(t, det), mustJSON(t, restored), "the same state, saved as version 2")
	for i, s := range signals[split:] {
		alerts, err = restored.Observe(s, alerts)
		require.NoError(t, err)
		if split+i+1 == len(signals) || !signals[split+i+1].At.Equal(s.At) {
			alerts, err = restored.Advance(s.At.Add(restored.Bucket()), alerts)
			require.NoError(t, err)
		}
	}
	assert.Equal(t, mustJSON(t, whole), mustJSON(t, alerts))

	// A float64 off the fixed point is rounded to it.
	surge["mean"], surge["var"] = 2.1, 1e-300
	require.NoError(t, json.Unmarshal([]byte(mustJSON(t, m)), restored))
	var back map[string]any
	require.NoError(t, json.Unmarshal([]byte(mustJSON(t, restored)), &back))
	got := back["triggers"].([]any)[4].(map[string]any)
	assert.Equal(t, "2.100006103515625", got["mean"], "137626/65536")
	assert.Nil(t, got["var"], "1e-300 rounds to 0")
}
