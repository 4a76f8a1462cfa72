package crisis_test

import (
	"slices"
	"testing"

	"github.com/tandemsocial/tandem/crisis"
)

// BenchmarkObserve feeds the sample plan's detector a two-channel
// synthetic series; one op is one signal. See internal/bench for the
// comparison with a hand-written loop.
func BenchmarkObserve(b *testing.B) {
	p := samplePlan()
	series := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1, Buckets: 20_000, SpikeAt: 10_000}))
	det, err := crisis.NewDetector(p)
	if err != nil {
		b.Fatal(err)
	}
	alerts := make([]crisis.Alert, 0, 8)
	b.ReportAllocs()
	b.ResetTimer()
	for i, j := 0, 0; i < b.N; i, j = i+1, j+1 {
		if j == len(series) {
			b.StopTimer()
			det, _ = crisis.NewDetector(p)
			j = 0
			b.StartTimer()
		}
		if alerts, err = det.Observe(series[j], alerts[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTimeline derives an incident's timeline.
func BenchmarkTimeline(b *testing.B) {
	p := samplePlan()
	inc, _ := crisis.Open(p, "high", opened)
	_ = inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("20m"), By: eva})
	b.ReportAllocs()
	for range b.N {
		if _, err := inc.Timeline(p, after("1h")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDrill runs the sample drill: 36 hours of two channels.
func BenchmarkDrill(b *testing.B) {
	p := samplePlan()
	series := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}))
	opts := &crisis.DrillOptions{Responses: script()}
	b.ReportAllocs()
	for range b.N {
		if _, err := crisis.Drill(p, slices.Values(series), opts); err != nil {
			b.Fatal(err)
		}
	}
}
