package crisis_test

import (
	"encoding/json"
	"testing"
	"time"

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

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
