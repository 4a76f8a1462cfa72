package community_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// Complaints about delivery went from 4 to 9 in a week: the community
// manager's drafts put it in front of the strategist, linked to the
// objective it bears on, with the interactions as evidence.
func ExampleDraftInsights() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	end := time.Date(2027, time.March, 1, 0, 0, 0, 0, madrid)
	var inbox community.Inbox
	tags := map[string][]string{}
	add := func(day, n int) {
		for i := range n {
			id := fmt.Sprintf("c-%d-%d", day, i)
			inbox = append(inbox, community.Interaction{ID: id, Kind: community.KindComment, Channel: channel.Instagram,
				Author: community.Author{Handle: fmt.Sprintf("buyer%d%d", day, i)}, Text: "My order still has not arrived",
				At: end.AddDate(0, 0, -day).Add(-time.Hour), Sentiment: community.Negative})
			tags[id] = []string{"delivery"}
		}
	}
	add(10, 4) // the week before: 4 complaints
	add(2, 9)  // the latest week: 9
	delivery := uuid.MustParse("00000000-0000-0000-0000-00000000d001")
	drafts, err := community.DraftInsights(inbox, tags, nil, end, uuid.MustParse("00000000-0000-0000-0000-00000000c001"),
		&community.DraftOptions{MinCount: 5, Objectives: map[string]uuid.UUID{"delivery": delivery}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range drafts {
		fmt.Println(d.Kind, d.Channel, d.Title)
		fmt.Println(" ", d.Detail)
		fmt.Println("  evidence:", len(d.Evidence), "interactions; objective", d.Objective == delivery)
	}
	// Output:
	// complaint instagram complaints tagged "delivery" rose from 4 to 9 in 7 days (+125%)
	//   9 complaints tagged "delivery" in the 7 days to 2027-03-01 00:00 CET, 4 in the 7 days before
	//   evidence: 9 interactions; objective true
}
