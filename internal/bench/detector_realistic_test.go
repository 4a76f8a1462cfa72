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

// realisticChannels are the networks of the realistic plan: a brand on
// four of them, each reported by the listening feed per bucket.
var realisticChannels = []channel.Channel{channel.Instagram, channel.X, channel.Facebook, channel.TikTok}

// realisticSignals is how many signals the realistic series holds.
const realisticSignals = 4_000_000

var (
	realisticOnce sync.Once
	realistic     []crisis.Signal
)

// realisticSeries generates, once, the signals of a listening feed over
// four networks as it delivers them: bucket by bucket, the networks that
// saw something in the bucket in the feed's own order (which varies), so
// that each bucket holds one to four signals; nights are quiet (a network
// reports a bucket at night one time in four, by day three in four); and
// every 20 days a spike of two hours on X and Instagram, negative and with
// keyword hits, of which the triggers must make alerts.
func realisticSeries() []crisis.Signal {
	realisticOnce.Do(func() {
		realistic = make([]crisis.Signal, 0, realisticSignals)
		start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
		var s uint64 = 7
		next := func() uint64 { // SplitMix64
			s += 0x9e3779b97f4a7c15
			z := s
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
			z = (z ^ (z >> 27)) * 0x94d049bb133111eb
			return z ^ (z >> 31)
		}
		const perDay = 288 // five-minute buckets
		for b := 0; len(realistic) < realisticSignals; b++ {
			at := start.Add(time.Duration(b) * 5 * time.Minute)
			hour := (b % perDay) / 12
			night := hour < 7
			spike := b%(20*perDay) >= 10*perDay+14*12 && b%(20*perDay) < 10*perDay+16*12
			// The feed's order of networks this bucket: a rotation.
			first := int(next() % 4)
			for k := range realisticChannels {
				c := realisticChannels[(first+k)%4]
				hot := spike && (c == channel.X || c == channel.Instagram)
				if !hot && next()%4 >= map[bool]uint64{true: 1, false: 3}[night] {
					continue
				}
				mentions := int64(3 + next()%9)
				negative := mentions / 8
				var hits int64
				if hot {
					mentions = 60 + int64(next()%40)
					negative = mentions * 6 / 10
					hits = negative / 4
				}
				realistic = append(realistic, crisis.Signal{
					At: at, Channel: c, Mentions: mentions, Negative: negative,
					Positive: (mentions - negative) / 3, Reach: int64(next() % 30_000), KeywordHits: hits,
				})
				if len(realistic) == realisticSignals {
					break
				}
			}
		}
	})
	return realistic
}

// realisticPlan has ten triggers of all six kinds, over all networks and
// over single ones.
func realisticPlan() *crisis.Plan {
	ana, bruno := uuid.UUID{15: 1}, uuid.UUID{15: 2} // member IDs
	var statements []crisis.Statement
	for _, c := range realisticChannels {
		statements = append(statements, crisis.Statement{Channel: c, Text: "We are looking into it."})
	}
	level := func(name string, rank int) crisis.Level {
		return crisis.Level{
			Name: name, Rank: rank, Meaning: name, Handler: bruno, FirstResponse: dur("1h"),
			Escalation:     crisis.Escalation{Steps: []crisis.EscalationStep{{After: dur("15m"), Notify: []uuid.UUID{ana}}}},
			Approver:       ana,
			BackupApprover: bruno,
			Statements:     statements,
			Review:         crisis.ReviewRule{Within: 3, Unit: crisis.CalendarDays},
		}
	}
	n := decimal.RequireFromString
	return &crisis.Plan{
		Name: "realistic", Zone: "Europe/Madrid", Channels: realisticChannels,
		Levels: []crisis.Level{level("low", 1), level("moderate", 2), level("high", 3), level("critical", 4)},
		Triggers: []crisis.Trigger{
			{Name: "volume", Kind: crisis.TriggerVolume, Level: "moderate", Metric: crisis.MetricMentions,
				Window: dur("1h"), Baseline: dur("12h"), Ratio: n("3"), Threshold: n("60"), Confirm: dur("10m"), Cooldown: dur("1h")},
			{Name: "volume-instagram", Kind: crisis.TriggerVolume, Level: "moderate", Metric: crisis.MetricNegative, Channel: channel.Instagram,
				Window: dur("30m"), Baseline: dur("6h"), Ratio: n("4"), Threshold: n("20"), Confirm: dur("10m"), Cooldown: dur("2h")},
			{Name: "share", Kind: crisis.TriggerNegativeShare, Level: "high",
				Window: dur("1h"), Share: n("0.4"), Threshold: n("40"), Confirm: dur("15m"), Cooldown: dur("2h")},
			{Name: "share-x", Kind: crisis.TriggerNegativeShare, Level: "moderate", Channel: channel.X,
				Window: dur("30m"), Share: n("0.35"), Threshold: n("15"), Confirm: dur("10m"), Cooldown: dur("2h")},
			{Name: "keywords", Kind: crisis.TriggerKeyword, Level: "high",
				Window: dur("1h"), Threshold: n("15"), Confirm: dur("5m"), Cooldown: dur("2h")},
			{Name: "keywords-tiktok", Kind: crisis.TriggerKeyword, Level: "moderate", Channel: channel.TikTok,
				Window: dur("2h"), Threshold: n("5"), Confirm: dur("5m"), Cooldown: dur("4h")},
			{Name: "reach", Kind: crisis.TriggerReach, Level: "moderate", Channel: channel.X,
				Threshold: n("1000000"), Confirm: dur("5m"), Cooldown: dur("6h")},
			{Name: "surge", Kind: crisis.TriggerDeviation, Level: "high", Metric: crisis.MetricNegative,
				Span: dur("2h"), K: n("4"), Threshold: n("10"), Confirm: dur("10m"), Cooldown: dur("2h")},
			{Name: "surge-facebook", Kind: crisis.TriggerDeviation, Level: "moderate", Metric: crisis.MetricMentions, Channel: channel.Facebook,
				Span: dur("4h"), K: n("5"), Threshold: n("30"), Confirm: dur("10m"), Cooldown: dur("4h")},
			{Name: "flood", Kind: crisis.TriggerAbsolute, Level: "critical", Metric: crisis.MetricMentions,
				Window: dur("1h"), Threshold: n("1500"), Confirm: dur("5m"), Cooldown: dur("3h")},
		},
		Detection: crisis.Detection{Bucket: dur("5m"), Margin: n("0.1")},
		Keywords:  crisis.Keywords{Brand: []string{"brisa"}, Risky: []string{"sick"}},
	}
}

// benchRealistic is BenchmarkDetector's plan=realistic rows: ten
// triggers of every kind on a brand's four networks, over signals
// interleaved as a listening feed delivers them (one to four networks a
// bucket, quiet nights, a spike every 20 days). One op is one signal.
// "observe" calls Observe per signal, as a live host does; "batch" hands
// over a day of buckets per ObserveBatch call. Goal: at most 100 ns a
// signal through Observe, 50 ns through ObserveBatch (ns/op: one op is
// one signal), no allocation per signal.
func benchRealistic(b *testing.B) {
	sigs := realisticSeries()
	// A day of buckets per ObserveBatch call: up to four signals a bucket.
	b.Run("plan=realistic/observe", func(b *testing.B) { runDetector(b, realisticPlan(), sigs, 4*batchSize, feedEach) })
	b.Run("plan=realistic/batch", func(b *testing.B) { runDetector(b, realisticPlan(), sigs, 4*batchSize, feedBatch) })
}

// TestRealisticSeriesAlerts: the realistic series makes alerts, of more
// than one trigger, so the benchmark measures a detector at work.
func TestRealisticSeriesAlerts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 4,000,000 signals")
	}
	det, err := crisis.NewDetector(realisticPlan())
	if err != nil {
		t.Fatal(err)
	}
	sigs := realisticSeries()[:200_000]
	alerts, _, err := det.ObserveBatch(sigs, nil)
	if err != nil {
		t.Fatal(err)
	}
	fired := map[string]bool{}
	for _, a := range alerts {
		for _, e := range a.Evidence {
			if e.Fired {
				fired[e.Trigger] = true
			}
		}
	}
	if len(alerts) == 0 || len(fired) < 3 {
		t.Fatalf("%d alerts, triggers that fired: %v", len(alerts), fired)
	}
	t.Logf("%d alerts over %d signals; triggers that fired: %v", len(alerts), len(sigs), fired)
}
