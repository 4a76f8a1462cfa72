package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
)

// The desk's saved reply for a damaged order, and the reply policy: a
// reply that promises a refund waits for a strategist's approval, for at
// most four hours.
const refundReply = "refund-sorry"

// setUpDesk gives the plan the community manager's desk: priority rules
// that read how strongly negative a message is, inbox rules, the saved
// replies and who approves a reply that needs it.
func setUpDesk(p *strategy.Strategy) {
	prio := &p.Community.Response.Priority
	// A strongly negative message is high; one from an author with 50,000
	// followers or more is urgent: the complaint that travels furthest.
	prio.StrongNegative = community.PriorityHigh
	prio.StrongNegativeAt = 500
	prio.InfluentialComplaint = community.PriorityUrgent
	prio.InfluentialFollowers = 50_000

	p.Community.Replies = community.SavedReplies{{
		ID: refundReply, Name: "damaged order: sorry, and a refund",
		Text: "Hi {author_handle}, I am so sorry your bag arrived like that. I have sent you a refund for the whole order, " +
			"and a fresh bag is on its way.\n— {agent_name}",
		Channels: []channel.Channel{channel.Instagram, channel.X}, Language: "en",
	}}
	strongly := -500
	p.Community.InboxRules = community.InboxRules{
		{Name: "orders", When: community.Condition{Words: []string{"order", "delivery", "arrived", "shipping", "bag", "still nothing"}},
			Then: community.Actions{Tags: []string{"delivery"}}},
		{Name: "quality", When: community.Condition{Words: []string{"burnt", "stale", "mould", "grinder", "taste", "tastes"}},
			Then: community.Actions{Tags: []string{"quality"}}},
		{Name: "damaged order, by message", When: community.Condition{Kinds: []community.Kind{community.KindDirectMessage}, Words: []string{"torn", "broken", "damaged"}},
			Then: community.Actions{Tags: []string{"damaged"}, Reply: refundReply}},
		{Name: "loud complaints to the strategist", When: community.Condition{IntensityAtMost: &strongly, FollowersAtLeast: ptr(int64(50_000))},
			Then: community.Actions{Tags: []string{"reputation"}, Assign: verifiedplan.Strategist}},
		{Name: "spam", When: community.Condition{Words: []string{"follow for follow", "dm for promo"}},
			Then: community.Actions{Hide: true}, Stop: true},
	}
	p.Approvals.Replies = calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{
		Name: "a strategist approves", Roles: []string{string(strategy.RoleStrategist)}, Require: calendar.RequireAny,
		Expires: calendar.Duration(4 * time.Hour),
	}}}
}

func ptr[T any](v T) *T { return &v }

// deskReport is the desk at work on the morning's inbox: what the inbox
// rules decided, who takes what, and the saved reply to the torn bag with
// its approval.
type deskReport struct {
	// Missed are the interactions the old keyword list saw nothing
	// negative in, that the default classifier finds negative.
	Missed   []string                         `json:"missed"`
	Outcomes map[string]community.RuleOutcome `json:"outcomes"`
	Routing  community.Routing                `json:"routing"`
	Reply    community.ReplyCheck             `json:"reply"`
	Approval calendar.Approval                `json:"approval"`
	agents   community.Agents
}

// desk runs the plan's inbox rules on the open inbox, routes the triaged
// items to the two people who answer (Mateo, the community manager, all
// day; Lucía, the strategist and founder, on LinkedIn and X early in the
// morning), renders the saved reply to the torn bag and has Lucía approve
// it, since it promises a refund.
func (s *sample) desk(responder *community.Responder, b community.Inbox, items []community.TriageItem) (*deskReport, error) {
	r := &deskReport{Outcomes: map[string]community.RuleOutcome{}}
	keywords, err := community.NewKeywordClassifier(community.EnglishSentimentRules())
	if err != nil {
		return nil, err
	}
	for _, in := range b {
		if responder.Sentiment(in) == community.Negative && keywords.Classify(in.Text) != community.Negative {
			r.Missed = append(r.Missed, in.ID)
		}
	}
	rules, err := community.NewRuleSet(s.plan.Community.InboxRules, &community.RuleSetOptions{
		Hours: responder.Hours(), Sentiment: responder, Intensity: community.DefaultClassifier(),
	})
	if err != nil {
		return nil, fmt.Errorf("inbox rules: %w", err)
	}
	for _, in := range b {
		r.Outcomes[in.ID] = rules.Apply(in, s.asOf)
	}

	weekdays := func(ranges ...string) calendar.BusinessHours {
		var rs []calendar.ClockRange
		for _, text := range ranges {
			cr, err := calendar.ParseClockRange(text)
			if err != nil {
				panic(err) // the ranges are written here
			}
			rs = append(rs, cr)
		}
		return calendar.Weekdays(s.loc, rs...)
	}
	r.agents = community.Agents{
		{Member: verifiedplan.CommunityManager, Name: verifiedplan.CommunityManagerName, Hours: weekdays("09:00-18:00"),
			Languages: []string{"en", "es"}, Capacity: 6},
		{Member: verifiedplan.Strategist, Name: verifiedplan.StrategistName, Hours: weekdays("08:00-10:00"),
			Channels: []channel.Channel{channel.LinkedIn, channel.X}, Languages: []string{"en", "es"}, Capacity: 2},
	}
	// What an inbox rule assigned stays with that person: the rule's
	// assignment is the author's owner when routing.
	var owners []community.Owner
	for _, in := range b {
		if o := r.Outcomes[in.ID]; o.Member != uuid.Nil {
			owners = append(owners, community.Owner{Channel: in.Channel, Author: in.Author.Handle, Member: o.Member})
		}
	}
	if r.Routing, err = responder.Route(b, items, r.agents, s.asOf, &community.RouteOptions{Owners: owners}); err != nil {
		return nil, fmt.Errorf("routing: %w", err)
	}

	// The torn bag: the saved reply, checked against the voice and
	// Instagram's limits, then approved by Lucía an hour later.
	voice, err := community.NewVoiceChecker(s.plan.Brand.Voice)
	if err != nil {
		return nil, err
	}
	torn := b[b.ByID()["ig-d1"]]
	if r.Reply, err = voice.CheckReply(s.plan.Community.Replies[0], torn, map[string]string{community.VarAgentName: "Mateo"}); err != nil {
		return nil, fmt.Errorf("saved reply: %w", err)
	}
	if r.Approval, err = r.Reply.RequestApproval(s.plan.Approvals.Replies, verifiedplan.CommunityManager, s.asOf); err != nil {
		return nil, fmt.Errorf("reply approval: %w", err)
	}
	// Mateo cannot approve his own reply; Lucía can.
	if _, err := r.Approval.Approve(verifiedplan.CommunityManager, []string{string(strategy.RoleCommunityManager)}, s.asOf.Add(5*time.Minute)); err == nil {
		return nil, fmt.Errorf("reply approval: the author approved his own reply")
	}
	if r.Approval, err = r.Approval.Approve(verifiedplan.Strategist, []string{string(strategy.RoleStrategist)}, s.asOf.Add(40*time.Minute)); err != nil {
		return nil, fmt.Errorf("reply approval: %w", err)
	}
	return r, nil
}

func printDesk(w io.Writer, r *deskReport, b community.Inbox, names map[uuid.UUID]string) {
	byID := b.ByID()
	fmt.Fprintf(w, "\n  Negative, and missed by the old keyword list (they now come first by how strongly they complain):\n")
	for _, id := range r.Missed {
		in := b[byID[id]]
		fmt.Fprintf(w, "    %s @%s: %q\n", in.Channel, in.Author.Handle, in.Text)
	}

	fmt.Fprintln(w, "\n  Inbox rules (tandem decides, the desk acts):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, in := range b {
		o := r.Outcomes[in.ID]
		var did []string
		if len(o.Tags) > 0 {
			did = append(did, "tags "+strings.Join(o.Tags, ", "))
		}
		if o.Member != uuid.Nil {
			did = append(did, "assign to "+names[o.Member])
		}
		if o.Reply != "" {
			did = append(did, "suggest reply "+o.Reply)
		}
		if o.Hide {
			did = append(did, "suggest hiding")
		}
		if len(did) == 0 {
			continue
		}
		fmt.Fprintf(tw, "    %s @%s\t%s\t(%s)\n", in.Channel, in.Author.Handle, strings.Join(did, "; "), strings.Join(o.Matched, ", "))
	}
	tw.Flush()

	fmt.Fprintln(w, "\n  Routing:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, a := range r.Routing.Assignments {
		in := b[byID[a.ID]]
		fmt.Fprintf(tw, "    %s @%s\t→ %s\t%s\n", in.Channel, in.Author.Handle, names[a.Member], a.Detail)
	}
	for _, u := range r.Routing.Unassigned {
		in := b[byID[u.ID]]
		fmt.Fprintf(tw, "    %s @%s\tnobody\t%s\n", in.Channel, in.Author.Handle, u.Detail)
	}
	tw.Flush()

	fmt.Fprintf(w, "\n  Saved reply %q to @%s:\n", r.Reply.Reply, b[byID[r.Reply.Interaction]].Author.Handle)
	for _, line := range lines(r.Reply.Text) {
		fmt.Fprintf(w, "    | %s\n", line)
	}
	for _, f := range r.Reply.Findings {
		where := ""
		if f.Text != "" {
			where = fmt.Sprintf(" %q", f.Text)
		}
		fmt.Fprintf(w, "    %s %s%s: %s\n", f.Severity, words(f.Check), where, f.Detail)
	}
	fmt.Fprintf(w, "  Approval (%s): %s\n", r.Approval.Policy.Steps[0].Name, r.Approval.Status())
	for _, ev := range r.Approval.Trail {
		fmt.Fprintf(w, "    %s  %-8s %s\n", ev.At.Format("Mon 15:04"), ev.Action, names[ev.Actor])
	}
}
