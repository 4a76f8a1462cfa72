package community_test

import (
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// Cafetal's inbox rules: crisis words go to the urgent press queue and
// stop there; refund requests get the billing queue and a saved reply;
// abuse is hidden; after hours, the "we're closed" reply.
func ExampleRuleSet_Apply() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	desk, _ := calendar.ParseClockRange("09:00-18:00")
	rules := community.InboxRules{
		{Name: "crisis", When: community.Condition{Words: []string{"food poisoning", "lawsuit"}},
			Then: community.Actions{Tags: []string{"crisis"}, Priority: community.PriorityUrgent, Queue: "press"}, Stop: true},
		{Name: "refund", When: community.Condition{Words: []string{"refund", "reembolso"}},
			Then: community.Actions{Tags: []string{"billing"}, Priority: community.PriorityHigh, Queue: "billing", Reply: "refund-steps"}},
		{Name: "abuse", When: community.Condition{Patterns: []string{`(?i)\bidiots?\b`}},
			Then: community.Actions{Tags: []string{"abuse"}, Hide: true}},
		{Name: "after-hours", When: community.Condition{Hours: community.HoursClosed, Kinds: []community.Kind{community.KindDirectMessage}},
			Then: community.Actions{Reply: "we-are-closed"}},
	}
	rs, err := community.NewRuleSet(rules, &community.RuleSetOptions{Hours: calendar.Weekdays(madrid, desk)})
	if err != nil {
		fmt.Println(err)
		return
	}
	in := community.Interaction{
		ID: "d1", Kind: community.KindDirectMessage, Channel: channel.Instagram,
		Author: community.Author{Handle: "marco"}, Language: "en",
		Text: "Broken grinder, idiots. I want a refund", At: time.Date(2026, 1, 12, 20, 5, 0, 0, madrid),
	}
	out := rs.Apply(in, in.At)
	fmt.Println("matched:", out.Matched)
	fmt.Println("tags:", out.Tags)
	fmt.Printf("priority %s by %s, queue %s by %s\n", out.Priority, out.PriorityBy, out.Queue, out.AssignedBy)
	fmt.Printf("hide %v by %s, reply %s by %s\n", out.Hide, out.HideBy, out.Reply, out.ReplyBy)

	in.Text = "Your beans gave me food poisoning, I want a refund"
	out = rs.Apply(in, in.At)
	fmt.Println("matched:", out.Matched, "stopped by", out.StoppedBy)
	// Output:
	// matched: [refund abuse after-hours]
	// tags: [billing abuse]
	// priority high by refund, queue billing by refund
	// hide true by abuse, reply refund-steps by refund
	// matched: [crisis] stopped by crisis
}

// Two community managers share Cafetal's Instagram and X inbox: Ana works
// mornings in Spanish and English and holds two items at most, Luis
// afternoons in Spanish only. Items of one thread stay together, the rest
// go to the least loaded who is on shift by their due time, and the
// English item that only Ana could take once she is full is reported.
func ExampleResponder_Route() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	desk, _ := calendar.ParseClockRange("09:00-18:00")
	rsp, err := community.NewResponder(community.ResponsePolicy{
		Hours:   calendar.Weekdays(madrid, desk),
		Targets: []community.Target{{Within: calendar.Duration(6 * time.Hour)}},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	at := func(h, m int) time.Time { return time.Date(2026, 1, 12, h, m, 0, 0, madrid) }
	inbox := community.Inbox{
		{ID: "c1", Kind: community.KindComment, Channel: channel.Instagram, Thread: "post-1", Language: "es",
			Author: community.Author{Handle: "lucia"}, Text: "¿Tenéis descafeinado?", At: at(9, 0)},
		{ID: "c2", Kind: community.KindComment, Channel: channel.Instagram, Thread: "post-1", Language: "es",
			Author: community.Author{Handle: "pablo"}, Text: "¡Yo también quiero saberlo!", At: at(9, 10)},
		{ID: "c3", Kind: community.KindComment, Channel: channel.Instagram, Thread: "post-2", Language: "es-MX",
			Author: community.Author{Handle: "rosa"}, Text: "Me encantó el tueste", At: at(9, 20)},
		{ID: "m1", Kind: community.KindMention, Channel: channel.X, Language: "en",
			Author: community.Author{Handle: "coffeefacts"}, Text: "Tried @cafetal today", At: at(9, 30)},
	}
	items, err := rsp.Triage(inbox, at(10, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	morning, _ := calendar.ParseClockRange("08:00-14:00")
	afternoon, _ := calendar.ParseClockRange("14:00-20:00")
	agents := community.Agents{
		{Member: ana, Name: "Ana", Hours: calendar.Weekdays(madrid, morning), Languages: []string{"es", "en"}, Capacity: 2},
		{Member: luis, Name: "Luis", Hours: calendar.Weekdays(madrid, afternoon), Languages: []string{"es"}},
	}
	routing, err := rsp.Route(inbox, items, agents, at(10, 0), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	name := map[string]string{ana.String(): "Ana", luis.String(): "Luis"}
	for _, a := range routing.Assignments {
		fmt.Printf("%s → %s (%s), starts %s\n", a.ID, name[a.Member.String()], a.Detail, a.Start.Format("15:04"))
	}
	for _, u := range routing.Unassigned {
		fmt.Printf("%s: %s, %s\n", u.ID, u.Reason, u.Detail)
	}
	// Output:
	// c1 → Ana (least loaded of 2 on instagram/es), starts 10:00
	// c2 → Ana (same thread as c1), starts 10:00
	// c3 → Luis (least loaded of 2 on instagram/es-MX), starts 14:00
	// m1: at_capacity, all 1 on x/en by its deadline are at capacity
}
