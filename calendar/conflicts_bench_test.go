package calendar_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/tandemsocial/tandem/calendar"
)

// BenchmarkConflictsSameText: n posts with one text in one window are one
// near-duplicate group; the cost per post must stay flat from 1,000 to
// 3,000 posts (it grew with n when every pair was a conflict: 17.7 s and
// 1.8 GB for 3,000). Compare the ns/post of the two sizes.
func BenchmarkConflictsSameText(b *testing.B) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, n := range []int{1000, 3000} {
		entries := sameTextPosts(n, start, time.Minute)
		b.Run(fmt.Sprint("posts=", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				got, err := calendar.Conflicts(entries, calendar.Rules{})
				if err != nil || len(got) != 1 {
					b.Fatal(err, len(got))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/post")
		})
	}
}
