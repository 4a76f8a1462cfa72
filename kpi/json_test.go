package kpi_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// TestJSONRoundTrip encodes a populated value of every type, decodes it and
// encodes it again: the two encodings must be the same.
func TestJSONRoundTrip(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	v := d("12.5")
	k := clicksKPI()
	k.Milestones = []kpi.Milestone{{Value: d("40"), At: day(4)}}
	k.Channels = []channel.Channel{channel.Pinterest, channel.Reddit}
	within := clicksKPI()
	within.Direction, within.Target.Value = kpi.Within, decimal.Decimal{}
	within.Band = &kpi.Band{Low: d("1"), High: d("2")}
	p := evaluate(t, clicksKPI(), daily(kpi.Clicks, channel.Mastodon, "6", "6", "7"), day(3), nil)
	bucket := kpi.Bucket{Label: "2025-W13", Start: time.Date(2025, 3, 24, 0, 0, 0, 0, madrid),
		End: time.Date(2025, 3, 31, 0, 0, 0, 0, madrid), Count: 3, Value: &v}

	t.Run("Observation", func(t *testing.T) {
		reencode(t, kpi.Observation{Metric: kpi.Revenue, Channel: channel.LinkedIn, At: time.Date(2025, 3, 30, 3, 0, 0, 0, madrid), Value: v, Currency: "CHF"})
		reencode(t, kpi.Observation{Metric: kpi.Followers, At: day(1), Value: d("100")})
	})
	t.Run("Selection", func(t *testing.T) {
		reencode(t, kpi.Selection{Metric: kpi.Spend, Channels: []channel.Channel{channel.Threads}, Currency: "EUR"})
	})
	t.Run("KPI", func(t *testing.T) { reencode(t, k); reencode(t, within) })
	t.Run("parts", func(t *testing.T) {
		reencode(t, kpi.Measure{Formula: kpi.ShareOfVoice})
		reencode(t, kpi.Baseline{Value: v, At: day(0)})
		reencode(t, kpi.Target{Value: v, Deadline: day(9)})
		reencode(t, kpi.Band{Low: d("-5"), High: v})
		reencode(t, kpi.Milestone{Value: v, At: day(2)})
		reencode(t, kpi.EvaluateOptions{TrendDays: 14})
	})
	t.Run("Progress", func(t *testing.T) {
		reencode(t, p)
		reencode(t, *p.Forecast)
		reencode(t, p.Forecast.Points[0])
	})
	t.Run("Bucket and Comparison", func(t *testing.T) {
		reencode(t, bucket)
		reencode(t, kpi.Bucket{Start: day(0), End: day(1)})
		reencode(t, kpi.Comparison{Current: bucket, Previous: bucket, Change: &v, RelativeChange: &v})
	})
	t.Run("Series", func(t *testing.T) {
		reencode(t, mustSeries(t, daily(kpi.Spend, channel.Facebook, "1.5", "2", "0")...))
	})
	t.Run("enums", func(t *testing.T) {
		type all struct {
			M kpi.Metric      `json:"m"`
			K kpi.Kind        `json:"k"`
			U kpi.Unit        `json:"u"`
			F kpi.Formula     `json:"f"`
			D kpi.Direction   `json:"d"`
			S kpi.Status      `json:"s"`
			P kpi.Period      `json:"p"`
			A kpi.Aggregation `json:"a"`
		}
		reencode(t, all{kpi.Impressions, kpi.KindGauge, kpi.UnitDuration, kpi.ViralityRate, kpi.Decrease,
			kpi.OffTrack, kpi.Month, kpi.AggregateMax})
	})
}
