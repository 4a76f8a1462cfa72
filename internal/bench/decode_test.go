package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// BenchmarkDecode reads plans with strategy.Decode: the Verify plan of
// 1,000 campaigns, and a plan of 10,000 KPIs with two milestones each,
// whose decimals sit two types deep below the plan (kpi.KPI, then its
// Baseline, Target and Milestones), so that the cost of strict decoding
// through nested types shows.
func BenchmarkDecode(b *testing.B) {
	kpis := benchStrategy(b, 10)
	base := kpis.KPIs[0]
	kpis.KPIs = nil
	ids := strategy.NewIDSpace("bench-kpis")
	for i := range 10_000 {
		k := base
		k.ID = ids.ID("kpi", fmt.Sprint(i))
		k.Name = fmt.Sprint("followers ", i)
		k.Milestones = []kpi.Milestone{
			{Value: decimal.NewFromInt(11000), At: k.Baseline.At.Add(90 * 24 * time.Hour)},
			{Value: decimal.NewFromInt(13000), At: k.Baseline.At.Add(180 * 24 * time.Hour)},
		}
		kpis.KPIs = append(kpis.KPIs, k)
	}
	for _, tc := range []struct {
		name string
		plan *strategy.Strategy
	}{
		{"campaigns=1000", benchStrategy(b, 1000)},
		{"kpis=10000", kpis},
	} {
		b.Run(tc.name, func(b *testing.B) {
			data, err := json.Marshal(tc.plan)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := strategy.Decode(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
