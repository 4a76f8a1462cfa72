package community_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/kpi"
)

// benchInbox repeats the sample inbox's kinds of message n times over the
// week before Monday 12 January 2026, 11:00, with distinct IDs and authors.
func benchInbox(n int) community.Inbox {
	r := rand.New(rand.NewPCG(1, 2))
	base := sampleInbox()
	out := make(community.Inbox, n)
	for i := range out {
		in := base[i%len(base)]
		in.ID = fmt.Sprintf("%s-%d", in.ID, i)
		in.ReplyTo, in.Thread = "", ""
		if in.Kind == community.KindReply {
			in.Kind = community.KindComment
		}
		in.Author.Handle = fmt.Sprintf("user%d", r.IntN(n/3+1))
		in.To = []string{"cafetal", fmt.Sprintf("user%d", r.IntN(n/3+1))}
		in.At = at(12, 11, 0).Add(-time.Duration(r.Int64N(int64(7 * 24 * time.Hour))))
		out[i] = in
	}
	return out
}

func BenchmarkTriage(b *testing.B) {
	rsp, err := community.NewResponder(samplePolicy(), nil)
	if err != nil {
		b.Fatal(err)
	}
	inbox := benchInbox(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := rsp.Triage(inbox, at(12, 11, 0)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReport(b *testing.B) {
	rsp, err := community.NewResponder(samplePolicy(), nil)
	if err != nil {
		b.Fatal(err)
	}
	inbox := benchInbox(10_000)
	var responses []community.Response
	for i, in := range inbox {
		if i%3 != 0 {
			responses = append(responses, community.Response{To: in.ID, At: in.At.Add(time.Duration(i%300) * time.Minute), By: ana})
		}
	}
	w := calendar.Window{From: at(5, 0, 0), To: at(13, 0, 0)}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := rsp.Report(inbox, responses, w); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVoiceCheck(b *testing.B) {
	c, err := community.NewVoiceChecker(sampleVoice())
	if err != nil {
		b.Fatal(err)
	}
	draft := "Hi Inés, we're so sorry about the bag 😔 Could you send us a photo at https://cafetal.es/help? " +
		"We'll sort it out today.\n— Ana"
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := c.Check(draft, channel.Instagram); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatcher(b *testing.B) {
	w, err := community.NewWatcher(sampleWatchlist())
	if err != nil {
		b.Fatal(err)
	}
	text := "Cafetal's new decaf cold brew beats Bruma and @tostado on price, but it is expensive for a weekday coffee"
	var buf []int
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		buf = w.Match(buf[:0], text)
	}
}

func BenchmarkRankLeaders(b *testing.B) {
	inbox := benchInbox(10_000)
	opts := &community.LeaderOptions{Brand: []string{"cafetal"}, Topics: []string{"roast", "decaf", "tasting notes"}, Limit: 20}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := community.RankLeaders(inbox, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPageRank(b *testing.B) {
	const nodes, edges = 10_000, 100_000
	r := rand.New(rand.NewPCG(3, 4))
	es := make([]community.Edge, edges)
	for i := range es {
		es[i] = community.Edge{From: r.IntN(nodes), To: r.IntN(nodes / 10), Weight: 1}
	}
	g, err := community.NewGraph(nodes, es)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := g.PageRank(nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWatchCount(b *testing.B) {
	w, err := community.NewWatcher(sampleWatchlist())
	if err != nil {
		b.Fatal(err)
	}
	inbox := benchInbox(10_000)
	periods, err := community.Periods(at(5, 0, 0), kpi.Day, 8)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := w.Count(inbox, periods); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTriageAge triages 1,000 interactions one minute apart that are
// a day old and a thousand days old: business time is counted by whole
// weeks, so the cost per item should not grow with their age.
func BenchmarkTriageAge(b *testing.B) {
	rsp, err := community.NewResponder(samplePolicy(), nil)
	if err != nil {
		b.Fatal(err)
	}
	now := at(12, 11, 0)
	for _, days := range []int{1, 1000} {
		b.Run(fmt.Sprintf("days=%d", days), func(b *testing.B) {
			inbox := benchInbox(1000)
			first := now.AddDate(0, 0, -days)
			for i := range inbox {
				inbox[i].At = first.Add(time.Duration(i) * time.Minute)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := rsp.Triage(inbox, now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
