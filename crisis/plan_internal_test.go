package crisis

import (
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
)

// guardPlan has every kind of trigger, on all channels and on one: the
// plan of the internal tests of the saved state.
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
