package bench

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// batchSize is how many signals the tandem sub-benchmark hands over per
// ObserveBatch call: a day of 5-minute buckets.
const batchSize = 288

// detectorSignals is the number of signals both sub-benchmarks read.
const detectorSignals = 10_000_000

var (
	signalsOnce sync.Once
	signals     []crisis.Signal
)

// benchSignals generates, once, 10,000,000 seeded 5-minute signals from one
// channel: a noisy steady stream with a negative spike every 50,000 buckets.
func benchSignals() []crisis.Signal {
	signalsOnce.Do(func() {
		signals = make([]crisis.Signal, detectorSignals)
		start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
		var s uint64 = 42
		next := func() uint64 { // SplitMix64
			s += 0x9e3779b97f4a7c15
			z := s
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
			z = (z ^ (z >> 27)) * 0x94d049bb133111eb
			return z ^ (z >> 31)
		}
		for i := range signals {
			mentions := int64(15 + next()%11)
			negative := mentions / 10
			var hits int64
			if i%50_000 >= 40_000 && i%50_000 < 40_036 {
				mentions *= 8
				negative = mentions * 7 / 10
				hits = negative / 5
			}
			signals[i] = crisis.Signal{
				At:          start.Add(time.Duration(i) * 5 * time.Minute),
				Channel:     channel.X,
				Mentions:    mentions,
				Negative:    negative,
				Positive:    (mentions - negative) / 4,
				Reach:       int64(next() % 40_000),
				KeywordHits: hits,
			}
		}
	})
	return signals
}

func dur(s string) crisis.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return crisis.Duration(d)
}

// benchPlan has six triggers of five kinds over two scopes (all channels,
// and X alone).
func benchPlan() *crisis.Plan {
	ana, bruno := uuid.UUID{15: 1}, uuid.UUID{15: 2} // member IDs
	level := func(name string, rank int) crisis.Level {
		return crisis.Level{
			Name: name, Rank: rank, Meaning: name, Handler: bruno, FirstResponse: dur("1h"),
			Escalation:     crisis.Escalation{Steps: []crisis.EscalationStep{{After: dur("15m"), Notify: []uuid.UUID{ana}}}},
			Approver:       ana,
			BackupApprover: bruno,
			Statements:     []crisis.Statement{{Channel: channel.X, Text: "We are looking into it."}},
			Review:         crisis.ReviewRule{Within: 3, Unit: crisis.CalendarDays},
		}
	}
	n := decimal.RequireFromString
	return &crisis.Plan{
		Name: "bench", Zone: "UTC", Channels: []channel.Channel{channel.X},
		Levels: []crisis.Level{level("low", 1), level("moderate", 2), level("high", 3), level("critical", 4)},
		Triggers: []crisis.Trigger{
			{Name: "volume", Kind: crisis.TriggerVolume, Level: "moderate", Metric: crisis.MetricMentions,
				Window: dur("1h"), Baseline: dur("12h"), Ratio: n("3"), Threshold: n("60"), Confirm: dur("10m"), Cooldown: dur("1h")},
			{Name: "share", Kind: crisis.TriggerNegativeShare, Level: "high",
				Window: dur("1h"), Share: n("0.4"), Threshold: n("40"), Confirm: dur("15m"), Cooldown: dur("2h")},
			{Name: "keywords", Kind: crisis.TriggerKeyword, Level: "high",
				Window: dur("1h"), Threshold: n("15"), Confirm: dur("5m"), Cooldown: dur("2h")},
			{Name: "reach", Kind: crisis.TriggerReach, Level: "moderate", Channel: channel.X,
				Threshold: n("1000000"), Confirm: dur("5m"), Cooldown: dur("6h")},
			{Name: "surge", Kind: crisis.TriggerDeviation, Level: "high", Metric: crisis.MetricNegative,
				Span: dur("2h"), K: n("4"), Threshold: n("10"), Confirm: dur("10m"), Cooldown: dur("2h")},
			{Name: "flood", Kind: crisis.TriggerAbsolute, Level: "critical", Metric: crisis.MetricMentions,
				Window: dur("1h"), Threshold: n("1500"), Confirm: dur("5m"), Cooldown: dur("3h")},
		},
		Detection: crisis.Detection{Bucket: dur("5m"), Margin: n("0.1")},
		Keywords:  crisis.Keywords{Brand: []string{"brisa"}, Risky: []string{"sick"}},
	}
}

// BenchmarkDetector compares tandem's detector, with a plan of six
// triggers on one channel (the rows tandem, tandem-observe and ewma-loop),
// against a hand-written loop that keeps one exponentially
// weighted moving mean and variance with a threshold, over the same
// 10,000,000 seeded signals. One op is one signal.
//
// The series has one channel, so every signal closes a bucket and every
// trigger is judged once per signal: there is no per-bucket saving to be
// had here. "tandem" hands the detector a day of signals (288 five-minute
// buckets) per ObserveBatch call: the form of a host that replays a backlog
// after a restart or runs a drill over a recorded series. "tandem-observe"
// calls Observe once per signal, as a live host that polls its listening
// tool every bucket does.
//
// The rows plan=realistic/observe and plan=realistic/batch run a plan of
// ten triggers on four networks over an interleaved feed (see
// benchRealistic): the form the detector meets in a marketing tool.
func BenchmarkDetector(b *testing.B) {
	benchRealistic(b)
	sigs := benchSignals()
	b.Run("tandem", func(b *testing.B) { runDetector(b, benchPlan(), sigs, batchSize, feedBatch) })
	b.Run("tandem-observe", func(b *testing.B) { runDetector(b, benchPlan(), sigs, batchSize, feedEach) })
	b.Run("ewma-loop", func(b *testing.B) {
		const (
			alpha = 2.0 / 25 // a span of 24 buckets
			k2    = 16.0     // 4 standard deviations
			floor = 10.0
		)
		var mean, vr float64
		fired := 0
		b.ReportAllocs()
		b.ResetTimer()
		for i, j := 0, 0; i < b.N; i, j = i+1, j+1 {
			if j == len(sigs) {
				j, mean, vr = 0, 0, 0
			}
			x := float64(sigs[j].Negative)
			d := x - mean
			if x >= floor && d > 0 && d*d >= k2*vr {
				fired++
			}
			incr := alpha * d
			mean += incr
			vr = (1 - alpha) * (vr + d*incr)
		}
		b.StopTimer()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "signals/s")
		if b.N >= len(sigs) && fired == 0 {
			b.Fatal("no threshold crossing over the whole series")
		}
	})
}

// feed hands signals to a detector and returns the alerts appended.
type feed func(det *crisis.Detector, sigs []crisis.Signal, alerts []crisis.Alert) ([]crisis.Alert, error)

// feedBatch hands the signals over in one ObserveBatch call.
func feedBatch(det *crisis.Detector, sigs []crisis.Signal, alerts []crisis.Alert) ([]crisis.Alert, error) {
	alerts, _, err := det.ObserveBatch(sigs, alerts)
	return alerts, err
}

// feedEach calls Observe once per signal.
func feedEach(det *crisis.Detector, sigs []crisis.Signal, alerts []crisis.Alert) ([]crisis.Alert, error) {
	for k := range sigs {
		var err error
		if alerts, err = det.Observe(sigs[k], alerts); err != nil {
			return alerts, err
		}
	}
	return alerts, nil
}

// runDetector feeds b.N signals of sigs to a detector of plan, chunk
// signals per call of feed (one op is one signal), and reports the
// signals per second. When the series is over it starts again with a
// fresh detector, outside the timer, since signals must not go back in
// time; a run over the whole series must raise an alert.
func runDetector(b *testing.B, plan *crisis.Plan, sigs []crisis.Signal, chunk int, feed feed) {
	det, err := crisis.NewDetector(plan)
	if err != nil {
		b.Fatal(err)
	}
	alerts := make([]crisis.Alert, 0, 64)
	raised := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i, j := 0, 0; i < b.N; {
		if j == len(sigs) {
			b.StopTimer()
			det, _ = crisis.NewDetector(plan)
			j = 0
			b.StartTimer()
		}
		n := min(chunk, b.N-i, len(sigs)-j)
		if alerts, err = feed(det, sigs[j:j+n], alerts[:0]); err != nil {
			b.Fatal(err)
		}
		raised += len(alerts)
		i, j = i+n, j+n
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "signals/s")
	if b.N >= len(sigs) && raised == 0 {
		b.Fatal("no alert over the whole series")
	}
}
