package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

var routeLanguages = []string{"en", "es", "es-MX", "pt-BR", "fr", ""}

// routeAgents are 50 community managers in Madrid and New York, on
// morning, afternoon or evening shifts on weekdays, each covering a few
// channels (or all) and one to three languages (or all), with some items
// already open and a capacity that lets the team take every item.
func routeAgents(b *testing.B, n int, seed uint64) community.Agents {
	b.Helper()
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	zones := []*time.Location{mustLoad(b, "Europe/Madrid"), mustLoad(b, "America/New_York")}
	shifts := []string{"07:00-15:00", "09:00-18:00", "14:00-22:00"}
	chans := channel.All()
	agents := make(community.Agents, 50)
	for i := range agents {
		rng, err := calendar.ParseClockRange(shifts[r.IntN(len(shifts))])
		if err != nil {
			b.Fatal(err)
		}
		a := community.Agent{
			Member:   uuid.NewSHA1(uuid.NameSpaceURL, fmt.Appendf(nil, "https://cafetal.example/team/%d", i)),
			Name:     fmt.Sprintf("agent%02d", i),
			Hours:    calendar.Weekdays(zones[r.IntN(len(zones))], rng),
			Capacity: 2*n/len(agents) + 10,
			Open:     r.IntN(10),
		}
		if i%5 != 0 { // one in five covers every channel and language
			for _, c := range chans {
				if r.IntN(2) == 0 {
					a.Channels = append(a.Channels, c)
				}
			}
			a.Languages = []string{"es", "en", "pt", "fr"}[:1+r.IntN(3)]
		}
		agents[i] = a
	}
	return agents
}

func mustLoad(b *testing.B, name string) *time.Location {
	b.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		b.Fatal(err)
	}
	return loc
}

// BenchmarkRouting routes a triaged open inbox of 100,000 and of 1,000,000
// interactions, in five languages and every channel, to 50 agents with
// shifts in two zones. The inbox, its triage and the agents are built
// outside the timer; the time per item (ns/item) should grow at most like
// log n between the two sizes. Once, outside the timed loop, it checks
// that every item is placed once and that no agent goes above capacity.
func BenchmarkRouting(b *testing.B) {
	rsp, err := community.NewResponder(triagePolicy(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	loc := rsp.Hours().Location
	now := time.Date(2026, 1, 19, 11, 0, 0, 0, loc) // a Monday morning
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			inbox := triageInbox(n, now, uint64(n))
			r := rand.New(rand.NewPCG(uint64(n), 7))
			for i := range inbox {
				inbox[i].Language = routeLanguages[r.IntN(len(routeLanguages))]
				inbox[i].Thread = fmt.Sprintf("post-%d", r.IntN(n/20+1))
			}
			items, err := rsp.Triage(inbox, now)
			if err != nil {
				b.Fatal(err)
			}
			agents := routeAgents(b, n, 1)
			out, err := rsp.Route(inbox, items, agents, now, nil)
			if err != nil {
				b.Fatal(err)
			}
			if len(out.Assignments)+len(out.Unassigned) != len(items) {
				b.Fatalf("%d assigned and %d unassigned of %d items", len(out.Assignments), len(out.Unassigned), len(items))
			}
			for i, l := range out.Loads {
				if l.Open+l.Assigned > max(agents[i].Capacity, l.Open) {
					b.Fatalf("agent %d holds %d, above its capacity %d", i, l.Open+l.Assigned, agents[i].Capacity)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := rsp.Route(inbox, items, agents, now, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(items)), "ns/item")
		})
	}
}

// BenchmarkInboxRules applies 20 rules (kinds, channels, followers,
// verified, languages, hours, sentiment, words and RE2 patterns, two with
// Stop) to 10,000 interactions of the triage benchmark's kind; ns/interaction
// is the cost of one Apply.
func BenchmarkInboxRules(b *testing.B) {
	policy := triagePolicy(b)
	rsp, err := community.NewResponder(policy, nil)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 1, 19, 11, 0, 0, 0, policy.Hours.Location)
	inbox := triageInbox(10_000, now, 42)
	r := rand.New(rand.NewPCG(42, 7))
	for i := range inbox {
		inbox[i].Language = routeLanguages[r.IntN(len(routeLanguages))]
	}
	p := func(v int64) *int64 { return &v }
	yes := true
	queue := community.Actions{Queue: "billing", Tags: []string{"billing"}}
	rules := community.InboxRules{
		{Name: "crisis", When: community.Condition{Words: []string{"food poisoning", "glass", "lawsuit"}}, Then: community.Actions{Priority: community.PriorityUrgent, Queue: "press", Tags: []string{"crisis"}}, Stop: true},
		{Name: "spam", When: community.Condition{Patterns: []string{`(?i)\b(?:free|win)\s+(?:money|iphone)\b`, `https?://bit\.ly/`}}, Then: community.Actions{Hide: true, Tags: []string{"spam"}}, Stop: true},
		{Name: "refund", When: community.Condition{Words: []string{"refund", "broken", "reembolso"}}, Then: queue},
		{Name: "late", When: community.Condition{Words: []string{"late", "delivery", "order"}, Sentiments: []community.Sentiment{community.Negative}}, Then: community.Actions{Priority: community.PriorityHigh, Tags: []string{"delivery"}}},
		{Name: "vip", When: community.Condition{FollowersAtLeast: p(100_000)}, Then: community.Actions{Tags: []string{"vip"}, Priority: community.PriorityHigh}},
		{Name: "verified", When: community.Condition{Verified: &yes}, Then: community.Actions{Tags: []string{"verified"}}},
		{Name: "small", When: community.Condition{FollowersAtMost: p(100)}, Then: community.Actions{Tags: []string{"small"}}},
		{Name: "dm", When: community.Condition{Kinds: []community.Kind{community.KindDirectMessage}}, Then: community.Actions{Tags: []string{"dm"}}},
		{Name: "reviews", When: community.Condition{Kinds: []community.Kind{community.KindReview}, Sentiments: []community.Sentiment{community.Negative}}, Then: community.Actions{Priority: community.PriorityHigh, Reply: "review-sorry"}},
		{Name: "spanish", When: community.Condition{Languages: []string{"es"}}, Then: community.Actions{Tags: []string{"es"}}},
		{Name: "portuguese", When: community.Condition{Languages: []string{"pt"}}, Then: community.Actions{Tags: []string{"pt"}}},
		{Name: "closed", When: community.Condition{Hours: community.HoursClosed, Kinds: []community.Kind{community.KindDirectMessage}}, Then: community.Actions{Reply: "closed"}},
		{Name: "tiktok", When: community.Condition{Channels: []channel.Channel{channel.TikTok}}, Then: community.Actions{Queue: "tiktok"}},
		{Name: "question", When: community.Condition{Patterns: []string{`\?\s*$`}}, Then: community.Actions{Tags: []string{"question"}}},
		{Name: "beans", When: community.Condition{Words: []string{"beans", "roast", "decaf", "moka pot"}}, Then: community.Actions{Tags: []string{"product"}}},
		{Name: "shop", When: community.Condition{Words: []string{"shop", "Malasaña"}}, Then: community.Actions{Tags: []string{"shop"}}},
		{Name: "praise", When: community.Condition{Sentiments: []community.Sentiment{community.Positive}}, Then: community.Actions{Tags: []string{"praise"}, Reply: "thanks"}},
		{Name: "mentions", When: community.Condition{Kinds: []community.Kind{community.KindMention}, FollowersAtLeast: p(10_000)}, Then: community.Actions{Tags: []string{"reach"}}},
		{Name: "shares", When: community.Condition{Kinds: []community.Kind{community.KindShare}}, Stop: true},
		{Name: "rest", Then: community.Actions{Tags: []string{"inbox"}}},
	}
	rs, err := community.NewRuleSet(rules, &community.RuleSetOptions{Hours: policy.Hours, Sentiment: rsp})
	if err != nil {
		b.Fatal(err)
	}
	matched := 0
	for _, in := range inbox {
		matched += len(rs.Apply(in, now).Matched)
	}
	if matched == 0 {
		b.Fatal("no rule matched")
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range inbox {
			rs.Apply(in, now)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(inbox)), "ns/interaction")
}
