package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// inboxReport is the community manager's Monday morning: the open inbox in
// the order to answer it, a draft reply checked against the brand's voice,
// and the audience's opinion leaders.
type inboxReport struct {
	Triage  []community.TriageItem `json:"triage"`
	Desk    *deskReport            `json:"desk"`
	Draft   string                 `json:"draft"`
	Voice   []community.Finding    `json:"voice"`
	Leaders []community.Leader     `json:"leaders"`
	inbox   community.Inbox
	names   map[uuid.UUID]string
}

// inbox is what came in over the weekend and on Monday morning.
func (s *sample) inbox() community.Inbox {
	at := func(day, hour, min int) time.Time {
		return time.Date(2027, time.February, day, hour, min, 0, 0, s.loc)
	}
	to := []string{brandHandle}
	return community.Inbox{
		{ID: "ig-c1", Kind: community.KindComment, Channel: channel.Instagram, Thread: "reel-0212",
			Author: community.Author{Handle: "lucia.brews", Followers: 2_300}, At: at(12, 18, 5),
			Text: "Love the new espresso blend, the tasting notes are spot on", To: to},
		{ID: "ig-c2", Kind: community.KindComment, Channel: channel.Instagram, Thread: "reel-0212",
			Author: community.Author{Handle: "marta_v", Followers: 140}, At: at(13, 10, 40),
			Text: "How do I grind it for a moka pot?"},
		{ID: "ig-r1", Kind: community.KindReply, Channel: channel.Instagram, Thread: "reel-0212", ReplyTo: "ig-c1",
			Author: community.Author{Handle: "baristabea", Followers: 61_000}, At: at(13, 11, 5),
			Text: "Agreed, best roast this winter", To: to},
		{ID: "x-m1", Kind: community.KindMention, Channel: channel.X,
			Author: community.Author{Handle: "coffeefacts", Followers: 240_000, Verified: true}, At: at(14, 20, 30),
			Text: "Tasting notes from @bluebirdcoffee and @lucia.brews: cocoa, citrus, honey", To: []string{brandHandle, "lucia.brews"}},
		{ID: "ig-d1", Kind: community.KindDirectMessage, Channel: channel.Instagram, Thread: "dm-311", Language: "en",
			Author: community.Author{Handle: "pablo_r", Followers: 45}, At: at(15, 8, 10),
			Text: "My order arrived with the bag torn open and I want a refund", To: to},
		{ID: "x-m2", Kind: community.KindMention, Channel: channel.X,
			Author: community.Author{Handle: "ines_g", Followers: 310}, At: at(15, 8, 40),
			Text: "Found mould in my bag of @bluebirdcoffee beans. Terrible.", To: to},
		{ID: "x-m3", Kind: community.KindMention, Channel: channel.X, Language: "en",
			Author: community.Author{Handle: "cafe_critic", Followers: 95_000}, At: at(15, 7, 55),
			Text: "Ordered from @bluebirdcoffee ten days ago and still nothing. Nobody answers the phone either. Ridiculous 😡", To: to},
		{ID: "ig-c4", Kind: community.KindComment, Channel: channel.Instagram, Thread: "reel-0212", Language: "en",
			Author: community.Author{Handle: "jorge.hb", Followers: 620}, At: at(14, 19, 20),
			Text: "ugh, the grinder I bought from you already sounds like a dying blender"},
		{ID: "x-s1", Kind: community.KindShare, Channel: channel.X,
			Author: community.Author{Handle: "lucia.brews", Followers: 2_300}, At: at(15, 8, 50),
			To: []string{"coffeefacts"}},
	}
}

// draftReply is Mateo's first draft of the answer to the torn bag.
const draftReply = "Dear Sir, unfortunately you should have checked the box on delivery. We will refund you!!"

func (s *sample) communityManagersMorning() (*inboxReport, error) {
	b := s.inbox()
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("sample inbox: %w", err)
	}
	responder, err := community.NewResponder(s.plan.Community.Response, nil)
	if err != nil {
		return nil, fmt.Errorf("response policy: %w", err)
	}
	r := &inboxReport{Draft: draftReply, inbox: b}
	if r.Triage, err = responder.Triage(b, s.asOf); err != nil {
		return nil, err
	}
	if r.Desk, err = s.desk(responder, b, r.Triage); err != nil {
		return nil, err
	}
	r.names = s.plan.MemberNames()
	voice, err := community.NewVoiceChecker(s.plan.Brand.Voice)
	if err != nil {
		return nil, fmt.Errorf("voice policy: %w", err)
	}
	if r.Voice, err = voice.Check(draftReply, channel.Instagram); err != nil {
		return nil, err
	}
	r.Leaders, err = community.RankLeaders(b, &community.LeaderOptions{
		Brand:  []string{brandHandle},
		Topics: []string{"roast", "tasting notes", "espresso", "grind", "brew"},
		Limit:  3,
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func printInbox(w io.Writer, r *inboxReport) {
	byID := make(map[string]community.Interaction, len(r.inbox))
	for _, in := range r.inbox {
		byID[in.ID] = in
	}
	fmt.Fprintln(w, "  Triage, in the order to answer:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, it := range r.Triage {
		in := byID[it.ID]
		left := "no target"
		if it.HasTarget {
			left = short(time.Duration(it.Left)) + " left"
			if it.Breached {
				left = "late by " + short(time.Duration(-it.Left))
			}
		}
		reasons := make([]string, len(it.Assessment.Reasons))
		for i, reason := range it.Assessment.Reasons {
			reasons[i] = words(reason)
		}
		fmt.Fprintf(tw, "    %s\t%s\t%s @%s\t%s\t%s\n", it.Assessment.Priority, in.Kind, in.Channel, strings.TrimPrefix(in.Author.Handle, "@"),
			left, strings.Join(reasons, ", "))
	}
	tw.Flush()
	printDesk(w, r.Desk, r.inbox, r.names)

	fmt.Fprintf(w, "\n  Mateo's own first draft to the torn bag: %q\n", r.Draft)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range r.Voice {
		where := "whole draft"
		if f.Text != "" {
			where = fmt.Sprintf("%q at %d", f.Text, f.RuneStart)
		}
		fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\n", f.Severity, words(f.Check), where, f.Detail)
	}
	tw.Flush()

	fmt.Fprintln(w, "\n  Opinion leaders:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "    #\taccount\tscore\tcentrality\treach\tengagement\trelevance\tfollowers")
	for _, l := range r.Leaders {
		f := l.Figures
		fmt.Fprintf(tw, "    %d\t%s @%s\t%s\t%s\t%s\t%s\t%s\t%d\n", l.Rank, l.Account.Channel, l.Account.Handle,
			l.Score.StringFixed(2), f.Centrality.StringFixed(2), f.Reach.StringFixed(2), f.Engagement.StringFixed(2), f.Relevance.StringFixed(2), f.Followers)
	}
	tw.Flush()
}

// short prints a duration without its zero units: "2h", "1h30m", "45m".
func short(d time.Duration) string {
	s := d.Round(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
