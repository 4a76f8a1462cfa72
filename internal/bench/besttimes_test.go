package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
)

// timedValues builds n posts' engagement rates (0.00 to 9.99) in weekday
// × hour slots, seeded, with a better slot mean on weekday mornings so the
// ranking has something to find.
func timedValues(n int) []kpi.TimedValue {
	rng := rand.New(rand.NewPCG(uint64(n), 11))
	out := make([]kpi.TimedValue, n)
	for i := range out {
		day, hour := time.Weekday(rng.IntN(7)), rng.IntN(24)
		cents := rng.IntN(800)
		if day >= time.Monday && day <= time.Friday && hour >= 8 && hour < 11 {
			cents += 200
		}
		out[i] = kpi.TimedValue{Slot: kpi.HourSlot{Weekday: day, Hour: hour}, Value: decimal.New(int64(cents), -2)}
	}
	return out
}

// BenchmarkBestTimes ranks the weekday × hour slots of 100,000 and
// 1,000,000 posts (kpi.RankTimes): one pass, so ten times the posts
// should cost about ten times the time, with no allocation per post.
func BenchmarkBestTimes(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		values := timedValues(n)
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			best, err := kpi.RankTimes(values)
			if err != nil || !best.Evidence || best.Slots[0].Slot.Hour < 8 || best.Slots[0].Slot.Hour >= 11 {
				b.Fatalf("RankTimes = %+v, %v: the weekday mornings should win", best.Slots[:1], err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := kpi.RankTimes(values); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/post")
		})
	}
}
