package community_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// A saved reply rendered for a comment: the handle and the network come
// from the interaction, the names from the caller; {{ writes a brace.
func ExampleSavedReply_Render() {
	reply := community.SavedReply{
		ID:   "thanks",
		Name: "Thanks for the love",
		Text: "Thank you {author_handle}! Share your brew on {channel} with {{cafetal}}. — {agent_name}",
	}
	in := community.Interaction{
		ID: "c1", Kind: community.KindComment, Channel: channel.Instagram,
		Author: community.Author{Handle: "lucia"}, At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
	}
	text, err := reply.Render(in, map[string]string{"agent_name": "Ana"})
	fmt.Println(text, err)

	_, err = reply.Render(in, nil)
	fmt.Println(errors.Is(err, community.ErrMissingVariable), err)
	// Output:
	// Thank you @lucia! Share your brew on Instagram with {cafetal}. — Ana <nil>
	// true community: saved reply variable has no value: agent_name
}

// A reply that promises a refund needs approval under the plan's reply
// policy before it is sent; its author cannot give it.
func ExampleVoiceChecker_CheckReply() {
	checker, err := community.NewVoiceChecker(community.VoicePolicy{
		NeedsApproval: []community.VoiceRule{{Name: "refund promise", Pattern: `(?i)\brefund`}},
	})
	if err != nil {
		panic(err)
	}
	reply := community.SavedReply{ID: "refund", Name: "Refund on its way", Text: "Sorry {author_handle}, your refund is on its way."}
	in := community.Interaction{
		ID: "m7", Kind: community.KindDirectMessage, Channel: channel.X,
		Author: community.Author{Handle: "@marco"}, At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
	}
	rc, err := checker.CheckReply(reply, in, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(rc.Text)
	for _, f := range rc.Findings {
		fmt.Printf("%s %s %q\n", f.Severity, f.Rule, f.Text)
	}
	ana := uuid.MustParse("00000000-0000-0000-0000-000000000001")
	lead := uuid.MustParse("00000000-0000-0000-0000-000000000002")
	policy := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Name: "desk lead", Members: []uuid.UUID{lead}, Require: calendar.RequireAny}}}
	at := time.Date(2026, 3, 2, 9, 5, 0, 0, time.UTC)
	a, err := rc.RequestApproval(policy, ana, at)
	fmt.Println(rc.NeedsApproval(), a.Status(), err)
	a, err = a.Approve(lead, nil, at.Add(3*time.Minute))
	fmt.Println(a.Status(), err)
	// Output:
	// Sorry @marco, your refund is on its way.
	// approval refund promise "refund"
	// true pending <nil>
	// approved <nil>
}
