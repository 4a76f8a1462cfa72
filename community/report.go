package community

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// ResponseTimes summarises first-response times in business time.
type ResponseTimes struct {
	// Samples is the number of answered interactions measured.
	Samples int `json:"samples"`
	// Mean is kpi's average first-response time, to the nanosecond.
	Mean calendar.Duration `json:"mean"`
	// Median is kpi's median first-response time.
	Median calendar.Duration `json:"median"`
	// P90 is the 90th percentile by the nearest-rank method: the smallest
	// sample that at least 90% of the samples do not exceed.
	P90 calendar.Duration `json:"p90"`
}

// ResponseStats are the response figures of a group of interactions.
type ResponseStats struct {
	// Received counts the interactions in the window that a response
	// target applies to.
	Received int `json:"received"`
	// Answered counts those answered by the end of the window.
	Answered int `json:"answered"`
	// ResponseRate is kpi's response rate, Answered / Received × 100 in
	// percent; null (Valid false) when nothing was received.
	ResponseRate decimal.NullDecimal `json:"responseRate"`
	// Breached counts the interactions answered after their target, or
	// still unanswered at the end of the window past their target.
	Breached int `json:"breached"`
	// FirstResponse summarises the time to the first answer; nil when
	// nothing was answered.
	FirstResponse *ResponseTimes `json:"firstResponse,omitempty"`
}

// ChannelStats are the response figures of one channel.
type ChannelStats struct {
	Channel channel.Channel `json:"channel"`
	ResponseStats
}

// AccountStats are the response figures of one of the brand's accounts:
// the interactions that reached it ([Interaction.Account]).
type AccountStats struct {
	// Channel is the account's network.
	Channel channel.Channel `json:"channel"`
	// Account is its handle, as the first interaction that reached it
	// spells it.
	Account string `json:"account"`
	ResponseStats
}

// Ref returns the reference that names the account.
func (s AccountStats) Ref() channel.AccountRef {
	return channel.AccountRef{Channel: s.Channel, Handle: s.Account}
}

// MemberStats are the figures of one team member: the interactions they
// answered first. Answers that are brand replies in the inbox name no
// member and count in no member's figures.
type MemberStats struct {
	// Member is the team member's ID, as in Response.By.
	Member uuid.UUID `json:"member"`
	// Answered counts the first responses they gave.
	Answered int `json:"answered"`
	// Breached counts those given after the target.
	Breached int `json:"breached"`
	// FirstResponse summarises their response times.
	FirstResponse *ResponseTimes `json:"firstResponse,omitempty"`
}

// Breach is an interaction whose response target was missed.
type Breach struct {
	// ID is the interaction's ID.
	ID      string          `json:"id"`
	Channel channel.Channel `json:"channel"`
	// Account is the interaction's: the brand's account it reached, or
	// empty.
	Account  string   `json:"account,omitempty"`
	Priority Priority `json:"priority"`
	// Target is the business time that was allowed.
	Target calendar.Duration `json:"target"`
	// Took is the business time to the first response, or to the end of
	// the window when unanswered.
	Took calendar.Duration `json:"took"`
	// Answered reports whether it had been answered by the end of the
	// window.
	Answered bool `json:"answered"`
	// By is the team member who answered it, by member ID; the nil ID
	// (left out of JSON) when unanswered or answered by a brand reply in
	// the inbox.
	By uuid.UUID `json:"by,omitzero"`
}

// ResponseReport is the response-time report of a window.
type ResponseReport struct {
	// Window is the span reported on: interactions received in it, and
	// responses given by its end.
	Window calendar.Window `json:"window"`
	// Overall covers every channel.
	Overall ResponseStats `json:"overall"`
	// Channels has one entry per channel with interactions, in the order
	// of channel.All.
	Channels []ChannelStats `json:"channels,omitempty"`
	// Accounts has one entry per account of the brand that interactions
	// reached (those that name an [Interaction.Account]), in the order of
	// channel.All, then of handles without regard to case. An interaction
	// that names no account counts in its channel's figures only; so the
	// accounts of a channel add up to its figures when every interaction
	// on it names one.
	Accounts []AccountStats `json:"accounts,omitempty"`
	// Members has one entry per team member who answered first, in the
	// order of their member IDs.
	Members []MemberStats `json:"members,omitempty"`
	// Breaches lists the missed targets, by how far past the target they
	// went (furthest first), then by ID.
	Breaches []Breach `json:"breaches,omitempty"`
	// FirstResponses lists every first response measured, by time of
	// answer, then channel and ID.
	FirstResponses []FirstResponse `json:"firstResponses,omitempty"`
}

// FirstResponse is the first answer to one interaction.
type FirstResponse struct {
	// ID is the interaction's ID.
	ID      string          `json:"id"`
	Channel channel.Channel `json:"channel"`
	// Account is the interaction's: the brand's account it reached, or
	// empty.
	Account string `json:"account,omitempty"`
	// At is when the answer was published.
	At time.Time `json:"at"`
	// By is the team member who answered, as in Response.By; the nil ID
	// (left out of JSON) when the answer is a reply in the inbox by one
	// of the brand's handles.
	By uuid.UUID `json:"by,omitzero"`
	// Took is the business time from the interaction to the answer.
	Took calendar.Duration `json:"took"`
}

// Report measures how b was answered by responses in window w: response
// rates, first-response times in business time (mean, median, 90th
// percentile) and breached targets, overall, by channel, by the brand's
// account the interactions reached and by team member. Priorities come
// from the policy's rules.
//
// Interactions written by the brand's own handles ([ResponsePolicy.Brand])
// are not received. A reply by the brand in b answers its parent as a
// response does, published at the reply's instant; a response at the same
// instant takes precedence, since it names the team member.
//
// An invalid inbox, response or window is a *validation.Error with paths
// below "inbox", "responses" and "window"; a response to an interaction not
// in the inbox is "responses[i].to" not_found.
func (r *Responder) Report(b Inbox, responses []Response, w calendar.Window) (*ResponseReport, error) {
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("inbox"), b.Validate())
	list = list.Merge(validation.NewPath("window"), w.Validate())
	index := b.ByID()
	for i, resp := range responses {
		p := validation.NewPath("responses").Index(i)
		list = append(list, resp.validate(p)...)
		if resp.To != "" {
			if _, ok := index[resp.To]; !ok {
				list = append(list, validation.NotFound(p.Child("to"), resp.To, fmt.Sprintf("no interaction %q in the inbox", resp.To)))
			}
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	first := firstAnswers(b, responses, w.To, r.brand)
	rep := &ResponseReport{Window: w}
	type group struct {
		received, answered, breached int
		took                         []time.Duration
	}
	var overall group
	byChannel := make(map[channel.Channel]*group)
	// The accounts' groups, by channel and lower-case handle; names keeps
	// the spelling of the first interaction that reached each.
	byAccount := make(map[channel.AccountRef]*group)
	names := make(map[channel.AccountRef]string)
	byMember := make(map[uuid.UUID]*group)
	for i, in := range b {
		if !w.Contains(in.At) || r.ByBrand(in) {
			continue
		}
		a := r.prio.assess(in, r.Sentiment(in), false)
		target, ok := r.Target(in.Kind, a.Priority)
		if !ok {
			continue
		}
		ch := byChannel[in.Channel]
		if ch == nil {
			ch = &group{}
			byChannel[in.Channel] = ch
		}
		groups := []*group{&overall, ch}
		if in.Account != "" {
			k := channel.AccountRef{Channel: in.Channel, Handle: handleKey(in.Account)}
			g := byAccount[k]
			if g == nil {
				g = &group{}
				byAccount[k] = g
				names[k] = in.Account
			}
			groups = append(groups, g)
		}
		ans, answered := first[i]
		var took time.Duration
		var err error
		if answered {
			took, err = r.policy.Hours.BusinessBetween(in.At, ans.at)
		} else {
			took, err = r.policy.Hours.BusinessBetween(in.At, w.To)
		}
		if err != nil {
			return nil, fmt.Errorf("community: response time of %q: %w", validation.Excerpt(in.ID), err)
		}
		breached := took > target
		if answered && ans.by != uuid.Nil {
			m := byMember[ans.by]
			if m == nil {
				m = &group{}
				byMember[ans.by] = m
			}
			m.answered++
			m.took = append(m.took, took)
			if breached {
				m.breached++
			}
		}
		if answered {
			rep.FirstResponses = append(rep.FirstResponses, FirstResponse{
				ID: in.ID, Channel: in.Channel, Account: in.Account, At: ans.at, By: ans.by, Took: calendar.Duration(took),
			})
		}
		for _, g := range groups {
			g.received++
			if answered {
				g.answered++
				g.took = append(g.took, took)
			}
			if breached {
				g.breached++
			}
		}
		if breached {
			br := Breach{
				ID: in.ID, Channel: in.Channel, Account: in.Account, Priority: a.Priority,
				Target: calendar.Duration(target), Took: calendar.Duration(took), Answered: answered,
			}
			if answered {
				br.By = ans.by
			}
			rep.Breaches = append(rep.Breaches, br)
		}
	}
	stats := func(g *group) ResponseStats {
		s := ResponseStats{Received: g.received, Answered: g.answered, Breached: g.breached, FirstResponse: summarize(g.took)}
		if rate, err := kpi.ResponseRateOf(decimal.NewFromInt(int64(g.answered)), decimal.NewFromInt(int64(g.received))); err == nil {
			s.ResponseRate = decimal.NewNullDecimal(rate)
		}
		return s
	}
	rep.Overall = stats(&overall)
	for _, c := range channel.All() {
		if g, ok := byChannel[c]; ok {
			rep.Channels = append(rep.Channels, ChannelStats{Channel: c, ResponseStats: stats(g)})
		}
	}
	accounts := make([]channel.AccountRef, 0, len(byAccount))
	for k := range byAccount {
		accounts = append(accounts, k)
	}
	slices.SortFunc(accounts, func(x, y channel.AccountRef) int {
		return cmp.Or(cmp.Compare(channelIndex(x.Channel), channelIndex(y.Channel)), cmp.Compare(x.Handle, y.Handle))
	})
	for _, k := range accounts {
		rep.Accounts = append(rep.Accounts, AccountStats{Channel: k.Channel, Account: names[k], ResponseStats: stats(byAccount[k])})
	}
	for id, g := range byMember {
		rep.Members = append(rep.Members, MemberStats{Member: id, Answered: g.answered, Breached: g.breached, FirstResponse: summarize(g.took)})
	}
	slices.SortFunc(rep.Members, func(x, y MemberStats) int { return bytes.Compare(x.Member[:], y.Member[:]) })
	slices.SortFunc(rep.Breaches, func(x, y Breach) int {
		return cmp.Or(cmp.Compare(y.Took-y.Target, x.Took-x.Target), cmp.Compare(x.ID, y.ID))
	})
	slices.SortFunc(rep.FirstResponses, func(x, y FirstResponse) int {
		return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.Channel, y.Channel), cmp.Compare(x.ID, y.ID))
	})
	return rep, nil
}

// summarize computes the response times of took with kpi's mean and
// median; nil for no samples.
func summarize(took []time.Duration) *ResponseTimes {
	if len(took) == 0 {
		return nil
	}
	secs := make([]decimal.Decimal, len(took))
	for i, d := range took {
		secs[i] = decimal.New(int64(d), -9)
	}
	mean, err1 := kpi.AverageFirstResponseTimeOf(secs)
	median, err2 := kpi.MedianFirstResponseTimeOf(secs)
	if err1 != nil || err2 != nil {
		return nil // unreachable: there are samples
	}
	sorted := slices.Clone(took)
	slices.Sort(sorted)
	rank := (9*len(sorted) + 9) / 10 // ceil(0.9 n)
	return &ResponseTimes{
		Samples: len(took),
		Mean:    calendar.Duration(mean.Shift(9).Round(0).IntPart()),
		Median:  calendar.Duration(median.Shift(9).Round(0).IntPart()),
		P90:     calendar.Duration(sorted[rank-1]),
	}
}

// Observations turns the report into kpi observations, one set per
// channel: messages_received and messages_answered at the end of the
// window, and one first_response_time sample (in seconds of business
// time) per answered interaction, at the time of its answer.
//
// Each interaction is counted once, on its account when it names one: a
// channel with accounts gives one set per account (the observations name
// the account) and one, naming no account, for the interactions that
// named none, left out when there were none. So a KPI on the whole
// channel reads the same totals as before accounts, and a KPI on an
// account (kpi.KPI.Accounts) reads that account's.
func (rep *ResponseReport) Observations() []kpi.Observation {
	var out []kpi.Observation
	counts := func(c channel.Channel, account string, received, answered int) {
		out = append(out,
			kpi.Observation{Metric: kpi.MessagesReceived, Channel: c, Account: account, At: rep.Window.To, Value: decimal.NewFromInt(int64(received))},
			kpi.Observation{Metric: kpi.MessagesAnswered, Channel: c, Account: account, At: rep.Window.To, Value: decimal.NewFromInt(int64(answered))},
		)
	}
	for _, c := range rep.Channels {
		received, answered, split := c.Received, c.Answered, false
		for _, a := range rep.Accounts {
			if a.Channel == c.Channel {
				received, answered, split = received-a.Received, answered-a.Answered, true
			}
		}
		if !split || received != 0 || answered != 0 {
			counts(c.Channel, "", received, answered)
		}
		for _, a := range rep.Accounts {
			if a.Channel == c.Channel {
				counts(a.Channel, a.Account, a.Received, a.Answered)
			}
		}
	}
	for _, f := range rep.FirstResponses {
		out = append(out, kpi.Observation{Metric: kpi.FirstResponseTime, Channel: f.Channel, Account: f.Account, At: f.At, Value: decimal.New(int64(f.Took), -9)})
	}
	return out
}

// channelIndex is c's place in channel.All, for sorting.
func channelIndex(c channel.Channel) int { return slices.Index(channel.All(), c) }
