package community_test

import (
	"fmt"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// The community manager's Monday morning: triage the inbox, check a draft
// reply against the brand's voice, and list the opinion leaders.
func Example() {
	responder, err := community.NewResponder(samplePolicy(), nil)
	if err != nil {
		panic(err)
	}
	inbox := sampleInbox()
	items, err := responder.Triage(inbox, at(12, 11, 0))
	if err != nil {
		panic(err)
	}
	fmt.Println("triage:")
	for _, it := range items {
		fmt.Printf("  %-3s %-7s left %-8v %v\n", it.ID, it.Assessment.Priority, it.Left, it.Assessment.Reasons)
	}

	voice, err := community.NewVoiceChecker(sampleVoice())
	if err != nil {
		panic(err)
	}
	draft := "Dear Sir, unfortunately you should have opened the box. We will refund you!!"
	findings, err := voice.Check(draft, channel.Instagram)
	if err != nil {
		panic(err)
	}
	fmt.Println("voice:")
	for _, f := range findings {
		fmt.Printf("  %-8s %-14s %q at %d\n", f.Severity, f.Check, f.Text, f.RuneStart)
	}

	leaders, err := community.RankLeaders(inbox, &community.LeaderOptions{
		Brand:  []string{"cafetal"},
		Topics: []string{"roast", "tasting notes", "decaf"},
		Limit:  3,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("leaders:")
	for _, l := range leaders {
		f := l.Figures
		fmt.Printf("  %d %s/%s score %s (centrality %s, reach %s, engagement %s, relevance %s)\n",
			l.Rank, l.Account.Channel, l.Account.Handle, l.Score, f.Centrality, f.Reach, f.Engagement, f.Relevance)
	}
	// Output:
	// triage:
	//   v1  urgent  left -15m0s   [negative crisis_keyword]
	//   m1  high    left 0s       [influential]
	//   c2  high    left 0s       [question]
	//   r1  high    left 5m0s     [influential]
	//   d1  high    left 2h50m0s  [negative]
	//   c1  normal  left 6h0m0s   []
	//   s1  normal  left 7h20m0s  []
	// voice:
	//   warning  off_tone       "Dear Sir" at 0
	//   error    required       "" at 0
	//   error    banned_word    "unfortunately" at 10
	//   error    banned_phrase  "you should have" at 24
	//   approval needs_approval "refund" at 64
	//   warning  exclamations   "!" at 75
	// leaders:
	//   1 x/coffeefacts score 1 (centrality 1, reach 1, engagement 1, relevance 1)
	//   2 instagram/baristabea score 0.716 (centrality 0.3453, reach 0.8894, engagement 1, relevance 1)
	//   3 instagram/lucia score 0.7047 (centrality 0.492, reach 0.5397, engagement 1, relevance 1)
}

func ExampleMatcher() {
	m, err := community.NewMatcher([]string{"cold brew", "decaf", "#NewRoast"}, community.MatcherOptions{WholeWords: true})
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
