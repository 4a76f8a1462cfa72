package community_test

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// The community manager's Monday morning at Cafetal, a coffee roaster whose
// desk answers Monday to Friday, 09:00–18:00 Madrid time: triage the
// inbox, check a draft reply against the brand's voice, and list the
// opinion leaders with the figures behind their rank. Everything the
// example needs is written out here.
func Example() {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		panic(err)
	}
	at := func(hour, min int) time.Time { return time.Date(2026, time.January, 12, hour, min, 0, 0, madrid) }
	desk, err := calendar.ParseClockRange("09:00-18:00")
	if err != nil {
		panic(err)
	}

	// 1. Triage: order the open inbox by priority and by the business time
	// left before each response target is breached.
	policy := community.ResponsePolicy{
		Hours: calendar.Weekdays(madrid, desk),
		Targets: []community.Target{
			{Within: calendar.Duration(8 * time.Hour)}, // any kind, any priority
			{Priority: community.PriorityHigh, Within: calendar.Duration(2 * time.Hour)},
			{Priority: community.PriorityUrgent, Within: calendar.Duration(30 * time.Minute)},
			{Kind: community.KindDirectMessage, Within: calendar.Duration(4 * time.Hour)},
		},
		Priority: community.PriorityRules{
			Negative:              community.PriorityHigh,
			Question:              community.PriorityHigh,
			Influential:           community.PriorityHigh,
			InfluentialFollowers:  50_000,
			VerifiedIsInfluential: true,
			Crisis:                community.PriorityUrgent,
			CrisisKeywords:        []string{"food poisoning", "glass", "lawsuit"},
		},
		Sentiment: community.EnglishSentimentRules(), // keywords that extend the default lexicon
	}
	inbox := community.Inbox{
		{ID: "c1", Kind: community.KindComment, Channel: channel.Instagram, Thread: "post-1",
			Author: community.Author{Handle: "@lucia", Followers: 800}, At: at(8, 10),
			Text: "Love the new Ethiopian roast!", To: []string{"cafetal"}},
		{ID: "c2", Kind: community.KindComment, Channel: channel.Instagram, Thread: "post-1",
			Author: community.Author{Handle: "marco", Followers: 120}, At: at(8, 40),
			Text: "Does the decaf come in whole beans?"},
		{ID: "r1", Kind: community.KindReply, Channel: channel.Instagram, Thread: "post-1", ReplyTo: "c1",
			Author: community.Author{Handle: "baristabea", Followers: 61_000}, At: at(9, 5),
			Text: "Agreed, best roast this year", To: []string{"cafetal"}},
		{ID: "m1", Kind: community.KindMention, Channel: channel.X,
			Author: community.Author{Handle: "coffeefacts", Followers: 240_000, Verified: true}, At: at(7, 30),
			Text: "Tasting notes from @cafetal and @lucia: cocoa, citrus, honey", To: []string{"cafetal", "lucia"}},
		{ID: "d1", Kind: community.KindDirectMessage, Channel: channel.Instagram, Thread: "dm-77",
			Author: community.Author{Handle: "pablo", Followers: 45}, At: at(9, 50),
			Text: "My order arrived broken and I want a refund", To: []string{"cafetal"}},
		{ID: "v1", Kind: community.KindReview, Channel: channel.Facebook,
			Author: community.Author{Handle: "ines", Followers: 300}, At: at(10, 15),
			Text: "Found glass in the bag. Terrible.", To: []string{"cafetal"}},
		{ID: "s1", Kind: community.KindShare, Channel: channel.X,
			Author: community.Author{Handle: "lucia", Followers: 800}, At: at(10, 20),
			To: []string{"coffeefacts"}},
	}
	if err := inbox.Validate(); err != nil {
		panic(err)
	}
	responder, err := community.NewResponder(policy, nil) // nil: the default lexicon classifier
	if err != nil {
		panic(err)
	}
	items, err := responder.Triage(inbox, at(11, 0))
	if err != nil {
		panic(err)
	}
	fmt.Println("triage at 11:00:")
	for _, it := range items {
		fmt.Printf("  %-3s %-7s %-8s left %-9v %v\n", it.ID, it.Assessment.Priority, it.Assessment.Sentiment, it.Left, it.Assessment.Reasons)
	}

	// 2. Voice: check a draft reply to the review before it is sent.
	voice, err := community.NewVoiceChecker(community.VoicePolicy{
		Tone:            community.ToneFriendly,
		Address:         community.AddressInformal,
		MaxExclamations: 1,
		NoShouting:      true,
		BannedWords:     []string{"cheap", "unfortunately"},
		BannedPhrases:   []community.VoiceRule{{Name: "blame the customer", Pattern: `(?i)\byou should have\b`}},
		OffTone:         []community.VoiceRule{{Name: "stiff opening", Pattern: `(?i)^dear (sir|madam)`}},
		Required:        []community.VoiceRule{{Name: "sign-off", Pattern: `(?m)^— [A-Z][a-z]+$`}},
		NeedsApproval:   []community.VoiceRule{{Name: "refund promise", Pattern: `(?i)\b(refund|money back|compensat\w*)\b`}},
		Emoji:           community.EmojiRule{Max: 1},
		Links:           community.LinkRule{Domains: []string{"cafetal.es"}},
	})
	if err != nil {
		panic(err)
	}
	draft := "Dear Sir, unfortunately you should have opened the box. We will refund you!!"
	findings, err := voice.Check(draft, channel.Facebook)
	if err != nil {
		panic(err)
	}
	fmt.Println("voice check of the draft:")
	for _, f := range findings {
		fmt.Printf("  %-8s %-14s %-18s rune %2d  %q\n", f.Severity, f.Check, f.Rule, f.RuneStart, f.Text)
	}

	// 3. Opinion leaders: PageRank on who mentions, replies to and shares
	// whom, combined with reach, engagement with the brand and relevance
	// to its topics.
	leaders, err := community.RankLeaders(inbox, &community.LeaderOptions{
		Brand:  []string{"cafetal"},
		Topics: []string{"roast", "tasting notes", "decaf"},
		Limit:  3,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("opinion leaders:")
	for _, l := range leaders {
		f := l.Figures
		fmt.Printf("  %d %s/%s score %s\n", l.Rank, l.Account.Channel, l.Account.Handle, l.Score)
		fmt.Printf("      centrality %s (pagerank %s, addressed by %d)\n", f.Centrality, f.PageRank.Round(4), f.Addressed)
		fmt.Printf("      reach %s (%d followers), engagement %s (%d with the brand), relevance %s (%d of %d on topic)\n",
			f.Reach, f.Followers, f.Engagement, f.WithBrand, f.Relevance, f.OnTopic, f.Interactions)
	}
	// Output:
	// triage at 11:00:
	//   v1  urgent  negative left -15m0s    [negative crisis_keyword]
	//   m1  high    neutral  left 0s        [influential]
	//   c2  high    neutral  left 0s        [question]
	//   r1  high    positive left 5m0s      [influential]
	//   d1  high    negative left 50m0s     [negative]
	//   c1  normal  positive left 6h0m0s    []
	//   s1  normal  neutral  left 7h20m0s   []
	// voice check of the draft:
	//   warning  off_tone       stiff opening      rune  0  "Dear Sir"
	//   error    required       sign-off           rune  0  ""
	//   error    banned_word    unfortunately      rune 10  "unfortunately"
	//   error    banned_phrase  blame the customer rune 24  "you should have"
	//   approval needs_approval refund promise     rune 64  "refund"
	//   warning  exclamations                      rune 75  "!"
	// opinion leaders:
	//   1 x/coffeefacts score 1
	//       centrality 1 (pagerank 0.1598, addressed by 1)
	//       reach 1 (240000 followers), engagement 1 (1 with the brand), relevance 1 (1 of 1 on topic)
	//   2 instagram/baristabea score 0.716
	//       centrality 0.3453 (pagerank 0.0552, addressed by 0)
	//       reach 0.8894 (61000 followers), engagement 1 (1 with the brand), relevance 1 (1 of 1 on topic)
	//   3 instagram/lucia score 0.7047
	//       centrality 0.492 (pagerank 0.0786, addressed by 1)
	//       reach 0.5397 (800 followers), engagement 1 (1 with the brand), relevance 1 (1 of 1 on topic)
}

func ExampleMatcher() {
	m, err := community.NewMatcher([]string{"cold brew", "decaf", "#NewRoast"}, &community.MatcherOptions{WholeWords: true})
	if err != nil {
		panic(err)
	}
	for match := range m.Matches("Any DECAF cold brew? #newroast looks great; decafs too") {
		fmt.Printf("%s at bytes %d-%d\n", m.Pattern(match.Pattern), match.Start, match.End)
	}
	// Output:
	// decaf at bytes 4-9
	// cold brew at bytes 10-19
	// #NewRoast at bytes 21-30
}
