package crisis

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
)

// guardPlan has every kind of trigger, on all channels and on one.
func guardPlan() *Plan {
	d := func(s string) Duration { v, _ := time.ParseDuration(s); return Duration(v) }
	n := decimal.RequireFromString
	a, b := uuid.UUID{15: 1}, uuid.UUID{15: 2}
	lv := func(name string, rank int) Level {
		return Level{Name: name, Rank: rank, Meaning: name, Handler: a, FirstResponse: d("1h"),
			Escalation: Escalation{Steps: []EscalationStep{{After: d("5m"), Notify: []uuid.UUID{a}}}},
			Approver:   a, BackupApprover: b,
			Statements: []Statement{{Channel: channel.X, Text: "On it."}, {Channel: channel.Instagram, Text: "On it."}},
			Review:     ReviewRule{Within: 1, Unit: CalendarDays}}
	}
	return &Plan{
		Name: "guards", Zone: "UTC", Channels: []channel.Channel{channel.X, channel.Instagram},
		Levels: []Level{lv("low", 1), lv("mid", 2), lv("high", 3)},
		Triggers: []Trigger{
			{Name: "vol", Kind: TriggerVolume, Level: "mid", Metric: MetricMentions, Window: d("15m"), Baseline: d("1h"), Ratio: n("2"), Threshold: n("30"), Confirm: d("5m"), Cooldown: d("20m")},
			{Name: "vol-x", Kind: TriggerVolume, Level: "low", Channel: channel.X, Metric: MetricNegative, Window: d("10m"), Baseline: d("30m"), Ratio: n("1.5"), Threshold: n("5"), Confirm: d("10m"), Cooldown: d("15m")},
			{Name: "share", Kind: TriggerNegativeShare, Level: "high", Window: d("20m"), Share: n("0.5"), Threshold: n("20"), Confirm: d("5m"), Cooldown: d("30m")},
			{Name: "share-ig", Kind: TriggerNegativeShare, Level: "mid", Channel: channel.Instagram, Window: d("10m"), Share: n("0.3"), Threshold: n("5"), Confirm: d("10m"), Cooldown: d("30m")},
			{Name: "kw", Kind: TriggerKeyword, Level: "high", Window: d("15m"), Threshold: n("12"), Confirm: d("5m"), Cooldown: d("25m")},
			{Name: "abs", Kind: TriggerAbsolute, Level: "mid", Metric: MetricMentions, Window: d("30m"), Threshold: n("400"), Confirm: d("5m"), Cooldown: d("1h")},
			{Name: "reach", Kind: TriggerReach, Level: "low", Threshold: n("900000"), Confirm: d("5m"), Cooldown: d("1h")},
			{Name: "dev", Kind: TriggerDeviation, Level: "mid", Metric: MetricNegative, Span: d("30m"), K: n("3"), Threshold: n("4"), Confirm: d("5m"), Cooldown: d("30m")},
		},
		Detection: Detection{Bucket: d("5m"), Margin: n("0.15")},
		Keywords:  Keywords{Brand: []string{"b"}, Risky: []string{"r"}},
	}
}

// TestGuardsChangeNothing runs random bursty series through a detector with
// guards and one that judges every trigger every bucket, saving and
// restoring the guarded one now and then: the alerts are the same.
func TestGuardsChangeNothing(t *testing.T) {
	p := guardPlan()
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		fast, err := NewDetector(p)
		require.NoError(t, err)
		slow, err := NewDetector(p)
		require.NoError(t, err)
		slow.exact = true
		var a, b []Alert
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		burst := 0
		for i := range 3000 {
			if rng.IntN(200) == 0 {
				burst = 5 + rng.IntN(30)
			}
			step := 1
			if rng.IntN(50) == 0 {
				step += rng.IntN(40) // silences, some longer than the horizon
			}
			at = at.Add(time.Duration(step) * 5 * time.Minute)
			for _, c := range []channel.Channel{channel.X, channel.Instagram} {
				if rng.IntN(4) == 0 {
					continue
				}
				m := int64(rng.IntN(12))
				if burst > 0 {
					m += int64(rng.IntN(60))
				}
				neg := int64(rng.IntN(int(m) + 1))
				if burst == 0 {
					neg /= 3
				}
				s := Signal{At: at, Channel: c, Mentions: m, Negative: neg, KeywordHits: int64(rng.IntN(int(neg) + 1)), Reach: int64(rng.IntN(1_000_000))}
				a, err = fast.Observe(s, a)
				require.NoError(t, err)
				b, err = slow.Observe(s, b)
				require.NoError(t, err)
			}
			if burst > 0 {
				burst--
			}
			if i%500 == 250 {
				saved, err := json.Marshal(fast)
				require.NoError(t, err)
				fast, _ = NewDetector(p)
				require.NoError(t, json.Unmarshal(saved, fast))
			}
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		require.JSONEq(t, string(jb), string(ja), "seed %d", seed)
		require.NotEmpty(t, a, "seed %d raised no alert; the test would prove nothing", seed)
	}
}

// FuzzGuards feeds arbitrary series, with bursts far above the bounds the
// guards assumed, to a detector with guards and one that judges every
// trigger every bucket: the alerts are the same.
func FuzzGuards(f *testing.F) {
	f.Add([]byte{1, 0, 10, 3, 1, 1, 200, 250, 1, 0, 0, 0, 9, 1, 255, 255})
	f.Add([]byte{1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 255, 200, 1, 1, 255, 255, 1, 0, 255, 128, 30, 0, 5, 5})
	p := guardPlan()
	chans := []channel.Channel{channel.X, channel.Instagram}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, err := NewDetector(p)
		require.NoError(t, err)
		slow, err := NewDetector(p)
		require.NoError(t, err)
		slow.exact = true
		var a, b []Alert
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for ; len(data) >= 4; data = data[4:] {
			r := data[:4]
			at = at.Add(time.Duration(r[0]%40) * 5 * time.Minute) // 0 is the same bucket
			m := int64(r[2]) * int64(1+r[2]%7)
			neg := int64(r[3]) * m / 255
			s := Signal{At: at, Channel: chans[r[1]%2], Mentions: m, Negative: neg, KeywordHits: neg / 2, Reach: int64(r[3]) * 5000}
			var errF, errS error
			a, errF = fast.Observe(s, a)
			b, errS = slow.Observe(s, b)
			require.Equal(t, errF == nil, errS == nil)
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		require.JSONEq(t, string(jb), string(ja))
	})
}
