package bench

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// triagePolicy is a desk open Monday to Friday, 09:00–18:00 in Madrid,
// with targets per priority and kind, every priority rule on, and the
// English sentiment keywords (which extend the default lexicon).
func triagePolicy(b *testing.B) community.ResponsePolicy {
	b.Helper()
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		b.Fatal(err)
	}
	hours, err := calendar.ParseClockRange("09:00-18:00")
	if err != nil {
		b.Fatal(err)
	}
	h := calendar.Weekdays(loc, hours)
	h.Holidays = []calendar.LocalDate{{Year: 2026, Month: time.January, Day: 6}}
	return community.ResponsePolicy{
		Hours: h,
		Targets: []community.Target{
			{Within: calendar.Duration(8 * time.Hour)},
			{Priority: community.PriorityHigh, Within: calendar.Duration(2 * time.Hour)},
			{Priority: community.PriorityUrgent, Within: calendar.Duration(30 * time.Minute)},
			{Kind: community.KindDirectMessage, Within: calendar.Duration(4 * time.Hour)},
			{Kind: community.KindReview, Priority: community.PriorityHigh, Within: calendar.Duration(time.Hour)},
		},
		Priority: community.PriorityRules{
			Negative:              community.PriorityHigh,
			Question:              community.PriorityHigh,
			QuestionWords:         []string{"how do I", "can someone"},
			Influential:           community.PriorityHigh,
			InfluentialFollowers:  50_000,
			VerifiedIsInfluential: true,
			Crisis:                community.PriorityUrgent,
			CrisisKeywords:        []string{"food poisoning", "glass", "lawsuit"},
		},
		Sentiment: community.EnglishSentimentRules(),
	}
}

// triageTexts are the texts the benchmark's interactions carry: praise,
// questions, complaints, crisis words and plain chatter.
var triageTexts = []string{
	"Love the new Ethiopian roast!",
	"Does the decaf come in whole beans?",
	"Agreed, best roast this year",
	"Tasting notes from @cafetal: cocoa, citrus, honey",
	"My order arrived broken and I want a refund",
	"Found glass in the bag. Terrible.",
	"how do I grind for a moka pot",
	"Third time my delivery is late, awful service",
	"Just had a flat white at the Malasaña shop",
	"can someone tell me when the shop opens",
	"My lawyer is preparing a lawsuit",
	"",
}

// triageInbox draws n open interactions, from a seed, over the five
// business days before now: every kind and channel, audiences from a few
// followers to a million, some verified, a sentiment label on a third of
// them (the classifier labels the rest).
func triageInbox(n int, now time.Time, seed uint64) community.Inbox {
	r := rand.New(rand.NewPCG(seed, seed^0x13198a2e03707344))
	kinds, chans := community.Kinds(), channel.All()
	labels := []community.Sentiment{community.Positive, community.Neutral, community.Negative}
	inbox := make(community.Inbox, n)
	span := int64(7 * 24 * time.Hour) // Monday a week ago to now
	for i := range inbox {
		followers := int64(1) << r.IntN(21)
		in := community.Interaction{
			ID:      fmt.Sprintf("i%07d", i),
			Kind:    kinds[r.IntN(len(kinds))],
			Channel: chans[r.IntN(len(chans))],
			Author:  community.Author{Handle: fmt.Sprintf("user%d", r.IntN(n/4+1)), Followers: followers, Verified: r.IntN(200) == 0},
			At:      now.Add(-time.Duration(r.Int64N(span))),
			Text:    triageTexts[r.IntN(len(triageTexts))],
		}
		if r.IntN(3) == 0 {
			in.Sentiment = labels[r.IntN(len(labels))]
		}
		inbox[i] = in
	}
	return inbox
}

// BenchmarkTriage orders an open inbox of 100,000 and of 1,000,000
// interactions: each is assessed (sentiment, priority rules), its business
// time elapsed and left is computed in the desk's hours, and the whole is
// sorted. The time per interaction (ns/interaction) should grow at most
// like log n between the two sizes. The inbox is built outside the timer;
// once, outside the timed loop, the order is checked against the rules and
// against the triage of the same inbox given in reverse order.
func BenchmarkTriage(b *testing.B) {
	rsp, err := community.NewResponder(triagePolicy(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	loc := rsp.Hours().Location
	now := time.Date(2026, 1, 19, 11, 0, 0, 0, loc) // a Monday morning
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			inbox := triageInbox(n, now, uint64(n))
			items, err := rsp.Triage(inbox, now)
			if err != nil {
				b.Fatal(err)
			}
			checkTriage(b, inbox, items)
			rev := slices.Clone(inbox)
			slices.Reverse(rev)
			again, err := rsp.Triage(rev, now)
			if err != nil {
				b.Fatal(err)
			}
			for i := range items {
				if items[i].ID != again[i].ID {
					b.Fatalf("item %d: %s, and %s when the inbox is reversed", i, items[i].ID, again[i].ID)
				}
			}
			rev, again = nil, nil

			b.ReportAllocs()
			for b.Loop() {
				if _, err := rsp.Triage(inbox, now); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/interaction")
		})
	}
}

// checkTriage checks that items hold every interaction once, in the order
// Triage documents: priority, then business time left (those with a target
// first), then instant and ID.
func checkTriage(b *testing.B, inbox community.Inbox, items []community.TriageItem) {
	b.Helper()
	if len(items) != len(inbox) {
		b.Fatalf("%d items for %d interactions", len(items), len(inbox))
	}
	seen := make([]bool, len(inbox))
	for i, it := range items {
		if seen[it.Index] || inbox[it.Index].ID != it.ID {
			b.Fatalf("item %d: index %d (%s) repeated or wrong", i, it.Index, it.ID)
		}
		seen[it.Index] = true
		if i == 0 {
			continue
		}
		p, q := items[i-1], it
		pr, qr := p.Assessment.Priority.Rank(), q.Assessment.Priority.Rank()
		switch {
		case pr != qr:
			if pr < qr {
				b.Fatalf("item %d (%s) before a more urgent one", i-1, p.ID)
			}
		case p.HasTarget != q.HasTarget:
			if !p.HasTarget {
				b.Fatalf("item %d (%s) without a target before one with a target", i-1, p.ID)
			}
		case p.Left != q.Left:
			if p.Left > q.Left {
				b.Fatalf("item %d (%s) has more time left than the next", i-1, p.ID)
			}
		case !inbox[p.Index].At.Equal(inbox[q.Index].At):
			if inbox[p.Index].At.After(inbox[q.Index].At) {
				b.Fatalf("item %d (%s) is newer than the next at the same time left", i-1, p.ID)
			}
		case p.ID > q.ID:
			b.Fatalf("item %d (%s) out of ID order", i-1, p.ID)
		}
	}
}
