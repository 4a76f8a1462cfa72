package community_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/budget"
)

// FuzzInboxRules decodes arbitrary JSON as inbox rules and applies them to
// an interaction with arbitrary text and author: decoding, Validate and
// NewRuleSet never panic, NewRuleSet accepts exactly what Validate accepts
// (with every option given), valid rules survive a JSON round trip, and
// Apply is deterministic and keeps its documented order: Matched in rule
// order, each decision made by a matched rule (the first that sets it),
// tags without repeats, and nothing after the rule that stops.
func FuzzInboxRules(f *testing.F) {
	seed, _ := json.Marshal(community.InboxRules{
		{Name: "crisis", When: community.Condition{Words: []string{"lawsuit"}}, Then: community.Actions{Priority: community.PriorityUrgent, Queue: "press"}, Stop: true},
		{Name: "refund", When: community.Condition{Words: []string{"refund", "broken"}, Sentiments: []community.Sentiment{community.Negative}}, Then: community.Actions{Tags: []string{"billing"}, Reply: "r"}},
		{Name: "big", When: community.Condition{FollowersAtLeast: ptr(int64(1000)), Verified: ptr(true), Languages: []string{"en"}}, Then: community.Actions{Tags: []string{"vip", "Billing"}, Assign: ana}},
		{Name: "angry", When: community.Condition{IntensityAtMost: ptr(-300), Patterns: []string{`(?i)\bidiots?\b`}}, Then: community.Actions{Hide: true}},
		{Name: "night", When: community.Condition{Hours: community.HoursClosed, Kinds: []community.Kind{community.KindDirectMessage}}, Then: community.Actions{Reply: "closed"}},
	})
	f.Add(string(seed), "my order arrived broken, refund please", int64(5000), true, int64(0))
	f.Add(`[{"name":"a","when":{"followersAtLeast":10,"followersAtMost":5},"then":{"tags":["x"]}}]`, "x", int64(7), false, int64(3600e9))
	f.Add(`[{"name":"a","when":{"patterns":["(a*)*b"],"words":["a a"]},"then":{"tags":["x"]},"stop":true},{"name":"b","then":{"hide":true}}]`, strings.Repeat("a ", 200), int64(0), false, int64(-7200e9))
	rsp, err := community.NewResponder(samplePolicy(), nil)
	require.NoError(f, err)
	opts := &community.RuleSetOptions{
		Hours:     calendar.Weekdays(madrid, mustRange("09:00-18:00")),
		Sentiment: rsp,
		Intensity: community.IntensityFunc(func(text string) int { return 2000 - 20*len(text) }),
	}
	f.Fuzz(func(t *testing.T, data, text string, followers int64, verified bool, nowOff int64) {
		var rules community.InboxRules
		if json.Unmarshal([]byte(data), &rules) != nil {
			return
		}
		var rs *community.RuleSet
		budget.Check(t, "inbox rules", budget.For(len(data)), func() {
			verr := rules.Validate()
			checkValidationError(t, verr)
			var err error
			rs, err = community.NewRuleSet(rules, opts)
			checkValidationError(t, err)
			if (verr == nil) != (err == nil) {
				panic(fmt.Sprintf("Validate says %v, NewRuleSet says %v", verr, err))
			}
		})
		if rs == nil {
			return
		}
		again, err := json.Marshal(rules)
		require.NoError(t, err)
		var back community.InboxRules
		require.NoError(t, json.Unmarshal(again, &back))
		require.NoError(t, back.Validate())

		in := ruleInteraction()
		in.Text, in.Author.Followers, in.Author.Verified = text, max(followers, 0), verified
		if len(text)%2 == 0 {
			in.Sentiment = ""
		}
		now := in.At.Add(time.Duration(nowOff % int64(1000*time.Hour)))
		var out community.RuleOutcome
		budget.Check(t, "apply", budget.For(len(data)+len(text)), func() { out = rs.Apply(in, now) })
		require.Equal(t, out, rs.Apply(in, now), "deterministic")

		pos := make(map[string]int, len(rules))
		for i, r := range rules {
			pos[r.Name] = i
		}
		last := -1
		for _, name := range out.Matched {
			require.Greater(t, pos[name], last, "matched in rule order")
			last = pos[name]
		}
		first := func(set func(community.Actions) bool) string {
			for _, name := range out.Matched {
				if set(rules[pos[name]].Then) {
					return name
				}
			}
			return ""
		}
		require.Equal(t, first(func(a community.Actions) bool { return a.Priority != "" }), out.PriorityBy)
		require.Equal(t, first(func(a community.Actions) bool { return a.Assign != [16]byte{} || a.Queue != "" }), out.AssignedBy)
		require.Equal(t, first(func(a community.Actions) bool { return a.Hide }), out.HideBy)
		require.Equal(t, first(func(a community.Actions) bool { return a.Reply != "" }), out.ReplyBy)
		if out.StoppedBy != "" {
			require.Equal(t, out.StoppedBy, out.Matched[len(out.Matched)-1])
			require.True(t, rules[pos[out.StoppedBy]].Stop)
		}
		for _, name := range out.Matched[:max(len(out.Matched)-1, 0)] {
			require.False(t, rules[pos[name]].Stop, "no rule after one that stops")
		}
		for i, tag := range out.Tags {
			require.False(t, slices.ContainsFunc(out.Tags[:i], func(u string) bool { return strings.EqualFold(u, tag) }), "repeated tag %q", tag)
		}
	})
}

// FuzzRoute routes an arbitrary inbox to arbitrary agents: Route never
// panics, fails only with a *validation.Error or a business-time range
// error, and otherwise places every item exactly once (assigned or
// reported), never above an agent's capacity, with an agent who covers
// the item's channel and language, deterministically.
func FuzzRoute(f *testing.F) {
	inbox, _ := json.Marshal(sampleInbox())
	agents, _ := json.Marshal(community.Agents{
		{Member: ana, Name: "ana", Hours: calendar.Weekdays(madrid, mustRange("08:00-14:00")), Languages: []string{"es", "en"}, Capacity: 2},
		{Member: luis, Name: "luis", Hours: calendar.Weekdays(madrid, mustRange("14:00-20:00")), Channels: []channel.Channel{channel.Instagram, channel.X}},
	})
	f.Add(string(inbox), string(agents), int64(0))
	f.Add(string(inbox), `[{"member":"`+ana.String()+`","hours":{"zone":"America/New_York","week":{"sunday":["01:30-03:00"]}},"capacity":1,"open":4}]`, int64(-3600e9))
	f.Add(`[]`, `[]`, int64(0))
	rsp, err := community.NewResponder(samplePolicy(), nil)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, inboxJSON, agentsJSON string, nowOff int64) {
		var b community.Inbox
		var as community.Agents
		if json.Unmarshal([]byte(inboxJSON), &b) != nil || json.Unmarshal([]byte(agentsJSON), &as) != nil || b.Validate() != nil {
			return
		}
		now := at(12, 12, 0).Add(time.Duration(nowOff % int64(50*365*24*time.Hour)))
		items, err := rsp.Triage(b, now)
		if err != nil {
			return
		}
		var out community.Routing
		budget.Check(t, "route", budget.For(len(inboxJSON)+len(agentsJSON)), func() {
			out, err = rsp.Route(b, items, as, now, nil)
		})
		if err != nil {
			if !errors.Is(err, calendar.ErrBusinessRange) {
				checkValidationError(t, err)
			}
			return
		}
		again, err := rsp.Route(b, items, as, now, nil)
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(out, again), "deterministic")
		require.Equal(t, len(items), len(out.Assignments)+len(out.Unassigned))
		placed := map[int]bool{}
		for _, a := range out.Assignments {
			require.False(t, placed[a.Index])
			placed[a.Index] = true
			i := slices.IndexFunc(as, func(g community.Agent) bool { return g.Member == a.Member })
			require.GreaterOrEqual(t, i, 0)
			g, in := as[i], b[a.Index]
			require.True(t, len(g.Channels) == 0 || slices.Contains(g.Channels, in.Channel))
			if in.Language != "" && len(g.Languages) > 0 {
				require.True(t, slices.ContainsFunc(g.Languages, func(l string) bool {
					return strings.HasPrefix(strings.ToLower(in.Language)+"-", strings.ToLower(l)+"-") ||
						strings.HasPrefix(strings.ToLower(l)+"-", strings.ToLower(in.Language)+"-")
				}), "%s speaks %v, not %s", g.Name, g.Languages, in.Language)
			}
			if !a.Due.IsZero() {
				deadline := a.Due
				if deadline.Before(now) {
					deadline = now
				}
				require.False(t, a.Start.After(deadline), "starts after the deadline")
			}
		}
		for _, u := range out.Unassigned {
			require.False(t, placed[u.Index])
			placed[u.Index] = true
			require.True(t, u.Reason.IsValid())
		}
		for i, l := range out.Loads {
			if c := as[i].Capacity; c > 0 {
				require.LessOrEqual(t, l.Open+l.Assigned, max(c, l.Open), "above capacity")
			}
		}
	})
}
