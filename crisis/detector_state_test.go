package crisis_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

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
