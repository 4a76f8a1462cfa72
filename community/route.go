package community

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// Agent is a community manager who can take items of the inbox: a team
// member (strategy.Member.ID) with working hours, the channels and
// languages they cover and how many open items they may hold.
type Agent struct {
	// Member is the team member, by member ID.
	Member uuid.UUID `json:"member"`
	// Name is how reasons name the agent; empty means the member ID.
	Name string `json:"name,omitempty"`
	// Hours are the agent's working hours.
	Hours calendar.BusinessHours `json:"hours"`
	// Channels lists the networks the agent covers; empty means all.
	Channels []channel.Channel `json:"channels,omitempty"`
	// Languages lists the languages the agent answers in, as BCP 47 tags;
	// empty means all. An agent's language and an item's meet when one
	// matches the other by RFC 4647 basic filtering, ignoring case: "es"
	// takes "es" and "es-MX" items, "es-MX" takes "es-MX" and "es" items
	// but not "es-ES" ones. An item without a language goes to anyone.
	Languages []string `json:"languages,omitempty"`
	// Capacity is the most open items the agent holds; 0 means no limit.
	Capacity int `json:"capacity,omitempty"`
	// Open is the number of items the agent already holds.
	Open int `json:"open,omitempty"`
}

// label is how reasons name a.
func (a Agent) label() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Member.String()
}

// Agents are the people routing assigns to, in a fixed order that breaks
// the last ties.
type Agents []Agent

// Validate reports every problem with as, with paths such as
// "[1].hours.zone": no agent at all, a missing or repeated member, working
// hours that are invalid or never open, unknown or repeated channels,
// malformed or repeated languages, and a negative capacity or open count.
func (as Agents) Validate() error { return as.validate(nil).Err() }

func (as Agents) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	if len(as) == 0 {
		list = list.Add(validation.Required(p, "routing needs at least one agent"))
	}
	seen := make(map[uuid.UUID]bool, len(as))
	for i, a := range as {
		ap := p.Index(i)
		switch {
		case a.Member == uuid.Nil:
			list = list.Add(validation.Required(ap.Child("member"), "name the team member by member ID"))
		case seen[a.Member]:
			list = list.Add(validation.Duplicate(ap.Child("member"), a.Member.String()))
		}
		seen[a.Member] = true
		list = list.Merge(ap.Child("hours"), a.Hours.Validate())
		list = append(list, checkEnums(ap.Child("channels"), a.Channels, channel.All())...)
		list = append(list, checkLanguages(ap.Child("languages"), a.Languages)...)
		if a.Capacity < 0 {
			list = list.Add(validation.OutOfRange(ap.Child("capacity"), a.Capacity, "a capacity is not negative (0 means no limit)"))
		}
		if a.Open < 0 {
			list = list.Add(validation.OutOfRange(ap.Child("open"), a.Open, "a count of open items is not negative"))
		}
	}
	return list
}

// Owner says who already holds a thread or an author from earlier
// routing, so that [Responder.Route] keeps them together. Exactly one of
// Thread and Author is set.
type Owner struct {
	// Channel is the network of the thread or author.
	Channel channel.Channel `json:"channel"`
	// Account is the brand's account the thread is on (as in
	// [Interaction.Account]); it is part of a thread's identity, not an
	// author's.
	Account string `json:"account,omitempty"`
	// Thread is the conversation ([Interaction.Thread]).
	Thread string `json:"thread,omitempty"`
	// Author is the author's handle, compared without "@", ignoring case.
	Author string `json:"author,omitempty"`
	// Member is the agent who holds it.
	Member uuid.UUID `json:"member"`
}

// RouteOptions tune [Responder.Route]. The zero value, or nil, means no
// earlier owners.
type RouteOptions struct {
	// Owners are the threads and authors already with an agent.
	Owners []Owner `json:"owners,omitempty"`
}

// RouteReason says why an item went to its agent.
type RouteReason string

// The reasons of an assignment.
const (
	// RouteSameThread: the agent holds the item's thread.
	RouteSameThread RouteReason = "same_thread"
	// RouteSameAuthor: the agent holds the item's author.
	RouteSameAuthor RouteReason = "same_author"
	// RouteLeastLoaded: the agent held the fewest items among those who
	// could take it.
	RouteLeastLoaded RouteReason = "least_loaded"
)

var routeReasons = []RouteReason{RouteSameThread, RouteSameAuthor, RouteLeastLoaded}

// IsValid reports whether r is a known reason.
func (r RouteReason) IsValid() bool { return enum.Valid(r, routeReasons) }

// String returns the identifier of r.
func (r RouteReason) String() string { return string(r) }

// MarshalText encodes r; an unknown value is an error.
func (r RouteReason) MarshalText() ([]byte, error) {
	return enum.Marshal("community.RouteReason", r, routeReasons)
}

// UnmarshalText accepts exactly the known identifiers.
func (r *RouteReason) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.RouteReason", text, routeReasons, r)
}

// UnroutedReason says why nobody could take an item.
type UnroutedReason string

// The reasons an item is left unassigned, in the order Route tests them.
const (
	// UnroutedNoChannel: no agent covers the item's channel.
	UnroutedNoChannel UnroutedReason = "no_channel"
	// UnroutedNoLanguage: agents cover the channel, but none the item's
	// language.
	UnroutedNoLanguage UnroutedReason = "no_language"
	// UnroutedNoShift: no agent who covers it is on shift by the item's
	// due time (by now, for an item already overdue).
	UnroutedNoShift UnroutedReason = "no_shift"
	// UnroutedAtCapacity: every agent who could take it in time is at
	// capacity.
	UnroutedAtCapacity UnroutedReason = "at_capacity"
)

var unroutedReasons = []UnroutedReason{UnroutedNoChannel, UnroutedNoLanguage, UnroutedNoShift, UnroutedAtCapacity}

// IsValid reports whether r is a known reason.
func (r UnroutedReason) IsValid() bool { return enum.Valid(r, unroutedReasons) }

// String returns the identifier of r.
func (r UnroutedReason) String() string { return string(r) }

// MarshalText encodes r; an unknown value is an error.
func (r UnroutedReason) MarshalText() ([]byte, error) {
	return enum.Marshal("community.UnroutedReason", r, unroutedReasons)
}

// UnmarshalText accepts exactly the known identifiers.
func (r *UnroutedReason) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.UnroutedReason", text, unroutedReasons, r)
}

// Assignment is one item given to an agent, with the reason.
type Assignment struct {
	// Index is the interaction's position in the inbox; ID its ID.
	Index int    `json:"index"`
	ID    string `json:"id"`
	// Member is the agent's member ID.
	Member uuid.UUID `json:"member"`
	// Reason is why this agent; Detail says it in a sentence ("same
	// thread as c1", "least loaded of 3 on instagram/es").
	Reason RouteReason `json:"reason"`
	Detail string      `json:"detail"`
	// Due is when the item must be answered; zero when no target applies.
	Due time.Time `json:"due,omitzero"`
	// Start is when the agent can first work on it: now, or the start of
	// their next shift.
	Start time.Time `json:"start"`
}

// Unassigned is an item nobody could take in time, with the reason.
type Unassigned struct {
	// Index is the interaction's position in the inbox; ID its ID.
	Index int    `json:"index"`
	ID    string `json:"id"`
	// Reason is why; Detail says it in a sentence.
	Reason UnroutedReason `json:"reason"`
	Detail string         `json:"detail"`
	// Due is when the item must be answered; zero when no target applies.
	Due time.Time `json:"due,omitzero"`
}

// AgentLoad is an agent's load after routing.
type AgentLoad struct {
	// Member is the agent's member ID.
	Member uuid.UUID `json:"member"`
	// Open is the items the agent held before routing; Assigned those
	// routing gave them.
	Open     int `json:"open"`
	Assigned int `json:"assigned"`
}

// Routing is the result of [Responder.Route].
type Routing struct {
	// Assignments are the items given to an agent, in the order of the
	// items.
	Assignments []Assignment `json:"assignments,omitempty"`
	// Unassigned are the items nobody could take, in the order of the
	// items.
	Unassigned []Unassigned `json:"unassigned,omitempty"`
	// Loads are the agents' loads, in the order of the agents.
	Loads []AgentLoad `json:"loads,omitempty"`
}

// Route assigns triaged items to agents as of now. items are usually
// [Responder.Triage]'s result for open, so the most urgent items choose
// first; Route takes them in the order given. For each item:
//
//  1. The agents who could take it are those who cover its channel and
//     its language (see [Agent.Languages]) and whose next shift starts at
//     or before its deadline: its due time ([Responder.Due], for the
//     priority the item was triaged with), or now for an item already
//     overdue; any shift will do for an item without a target.
//  2. If the agent who holds the item's thread (same channel, account and
//     thread) can take it and is below capacity, it goes to them; else
//     the agent who holds its author (same channel and handle). An item
//     routed to someone gives them its thread and its author when nobody
//     holds them yet; [RouteOptions.Owners] names those held from before.
//  3. Otherwise it goes to the least loaded of them below capacity
//     (fewest items held, counting Agent.Open and this routing's), then
//     the one whose shift starts first, then the first in agents: equal
//     loads are split evenly, by turns.
//  4. An item nobody can take is [Unassigned], with the first reason that
//     applies: nobody covers its channel, nobody its language, nobody is
//     on shift by its deadline, everyone who could is at capacity.
//
// Routing is deterministic. Its cost is O(n log a) for n items and a
// agents, plus O(a) for each distinct channel and language among the
// items: the agents who can take an item are kept in a tree keyed by load
// for each set of agents that cover some channel and language.
//
// Bad input is a *validation.Error listing every problem with paths such
// as "agents[1].hours.zone" ([Agents.Validate]), "items[3].index" (an
// index outside open, whose ID is not the item's, or repeated) and
// "options.owners[0].member" (an owner not among the agents). An
// instant outside the years 1 to 9999 is an error matching
// calendar.ErrBusinessRange.
func (r *Responder) Route(open Inbox, items []TriageItem, agents Agents, now time.Time, opts *RouteOptions) (Routing, error) {
	var o RouteOptions
	if opts != nil {
		o = *opts
	}
	list := agents.validate(validation.NewPath("agents"))
	seenIndex := make(map[int]bool, len(items))
	for i, it := range items {
		ip := validation.NewPath("items").Index(i)
		switch {
		case it.Index < 0 || it.Index >= len(open):
			list = list.Add(validation.OutOfRange(ip.Child("index"), it.Index, fmt.Sprintf("the inbox holds %d interactions", len(open))))
		case open[it.Index].ID != it.ID:
			list = list.Add(validation.Conflict(ip.Child("id"), validation.Excerpt(it.ID),
				fmt.Sprintf("interaction %d of the inbox is %q", it.Index, validation.Excerpt(open[it.Index].ID))))
		case seenIndex[it.Index]:
			list = list.Add(validation.Duplicate(ip.Child("index"), it.Index))
		case open[it.Index].At.IsZero():
			list = list.Add(validation.Required(ip, "the interaction's instant is required"))
		}
		if it.Index >= 0 && it.Index < len(open) {
			seenIndex[it.Index] = true
		}
	}
	member := make(map[uuid.UUID]int, len(agents))
	for i, a := range agents {
		if _, dup := member[a.Member]; !dup {
			member[a.Member] = i
		}
	}
	for i, ow := range o.Owners {
		op := validation.NewPath("options", "owners").Index(i)
		if !ow.Channel.IsValid() {
			list = list.Add(validation.NotSupported(op.Child("channel"), validation.Excerpt(string(ow.Channel)), channel.All()))
		}
		if ow.Account != "" {
			list = list.Add(channel.CheckHandle(op.Child("account"), ow.Account))
		}
		switch {
		case (ow.Thread == "") == (ow.Author == ""):
			list = list.Add(validation.Required(op, "an owner holds a thread or an author: exactly one of them"))
		case ow.Author != "" && !validHandle(ow.Author):
			list = list.Add(validation.Invalid(op.Child("author"), validation.Excerpt(ow.Author), "a handle is one word: no spaces and not just \"@\""))
		}
		if _, ok := member[ow.Member]; !ok {
			list = list.Add(validation.NotFound(op.Child("member"), ow.Member.String(), "not one of the agents"))
		}
	}
	if err := list.Err(); err != nil {
		return Routing{}, err
	}

	rt := router{r: r, agents: agents, now: now,
		load:     make([]int, len(agents)),
		start:    make([]time.Time, len(agents)),
		poolOf:   make(map[poolKey]int),
		poolSig:  make(map[string]int),
		inPools:  make([][]poolSlot, len(agents)),
		threads:  make(map[threadKey]holder),
		authors:  make(map[authorKey]holder),
		chanSeen: make(map[channel.Channel]bool),
	}
	for i, a := range agents {
		rt.load[i] = a.Open
		// The first open instant at or after now: the instant after which
		// one nanosecond of open time has passed, less that nanosecond.
		t, err := a.Hours.AddBusiness(now, time.Nanosecond)
		if err != nil {
			return Routing{}, fmt.Errorf("community: route: the next shift of agents[%d]: %w", i, err)
		}
		rt.start[i] = t.Add(-time.Nanosecond)
	}
	for _, ow := range o.Owners {
		h := holder{agent: member[ow.Member]}
		if ow.Thread != "" {
			k := threadKey{ow.Channel, handleKey(ow.Account), ow.Thread}
			if _, ok := rt.threads[k]; !ok {
				rt.threads[k] = h
			}
		} else {
			k := authorKey{ow.Channel, handleKey(ow.Author)}
			if _, ok := rt.authors[k]; !ok {
				rt.authors[k] = h
			}
		}
	}
	out := Routing{Loads: make([]AgentLoad, len(agents))}
	for _, it := range items {
		if err := rt.route(open, it, &out); err != nil {
			return Routing{}, err
		}
	}
	for i, a := range agents {
		out.Loads[i] = AgentLoad{Member: a.Member, Open: a.Open, Assigned: rt.load[i] - a.Open}
	}
	return out, nil
}

type poolKey struct {
	ch   channel.Channel
	lang string // lower case
}

type threadKey struct {
	ch      channel.Channel
	account string
	thread  string
}

type authorKey struct {
	ch     channel.Channel
	author string
}

// holder is who holds a thread or an author, and the ID of the item that
// gave it to them (empty when it came from RouteOptions.Owners).
type holder struct {
	agent int
	by    string
}

// poolSlot is an agent's place in a pool.
type poolSlot struct{ pool, pos int }

// pool is a set of agents who cover the same channels and languages of
// some items, in order of their next shift, with a tournament tree over
// them: tree[k] is the best agent (see router.better) among the leaves
// under node k, or -1.
type pool struct {
	agents []int // by start, then index
	pos    map[int]int
	tree   []int32
	size   int // leaves: a power of two
}

type router struct {
	r       *Responder
	agents  Agents
	now     time.Time
	load    []int
	start   []time.Time
	pools   []*pool
	poolOf  map[poolKey]int // -1: nobody
	poolSig map[string]int
	inPools [][]poolSlot
	threads map[threadKey]holder
	authors map[authorKey]holder
	// chanSeen caches whether any agent covers a channel.
	chanSeen map[channel.Channel]bool
}

// full reports whether agent a is at capacity.
func (rt *router) full(a int) bool {
	c := rt.agents[a].Capacity
	return c > 0 && rt.load[a] >= c
}

// better reports whether agent a is a better choice than b: below
// capacity, less loaded, on shift sooner, first in the list. -1 is no
// agent, worse than any.
func (rt *router) better(a, b int32) bool {
	switch {
	case a < 0:
		return false
	case b < 0:
		return true
	}
	fa, fb := rt.full(int(a)), rt.full(int(b))
	if fa != fb {
		return fb
	}
	if c := cmp.Compare(rt.load[a], rt.load[b]); c != 0 {
		return c < 0
	}
	if c := rt.start[a].Compare(rt.start[b]); c != 0 {
		return c < 0
	}
	return a < b
}

// covers reports whether agent a covers channel ch and language lang.
func (rt *router) covers(a int, ch channel.Channel, lang string) bool {
	ag := rt.agents[a]
	if len(ag.Channels) > 0 && !slices.Contains(ag.Channels, ch) {
		return false
	}
	if lang == "" || len(ag.Languages) == 0 {
		return true
	}
	return slices.ContainsFunc(ag.Languages, func(l string) bool { return languagesMeet(l, lang) })
}

// poolFor returns the pool of the agents who cover ch and lang, or -1.
func (rt *router) poolFor(ch channel.Channel, lang string) int {
	k := poolKey{ch, strings.ToLower(lang)}
	if id, ok := rt.poolOf[k]; ok {
		return id
	}
	var members []int
	for a := range rt.agents {
		if rt.covers(a, ch, lang) {
			members = append(members, a)
		}
	}
	id := -1
	if len(members) > 0 {
		var sig strings.Builder
		for _, a := range members {
			sig.WriteString(strconv.Itoa(a))
			sig.WriteByte(',')
		}
		var ok bool
		if id, ok = rt.poolSig[sig.String()]; !ok {
			id = rt.newPool(members)
			rt.poolSig[sig.String()] = id
		}
	}
	rt.poolOf[k] = id
	return id
}

func (rt *router) newPool(members []int) int {
	slices.SortStableFunc(members, func(a, b int) int { return rt.start[a].Compare(rt.start[b]) })
	p := &pool{agents: members, pos: make(map[int]int, len(members)), size: 1}
	for p.size < len(members) {
		p.size *= 2
	}
	p.tree = make([]int32, 2*p.size)
	for i := range p.tree {
		p.tree[i] = -1
	}
	id := len(rt.pools)
	for i, a := range members {
		p.pos[a] = i
		p.tree[p.size+i] = int32(a)
		rt.inPools[a] = append(rt.inPools[a], poolSlot{id, i})
	}
	for k := p.size - 1; k >= 1; k-- {
		p.tree[k] = rt.pick(p.tree[2*k], p.tree[2*k+1])
	}
	rt.pools = append(rt.pools, p)
	return id
}

func (rt *router) pick(a, b int32) int32 {
	if rt.better(b, a) {
		return b
	}
	return a
}

// update recomputes the trees of every pool agent a is in, after its
// load changed.
func (rt *router) update(a int) {
	for _, s := range rt.inPools[a] {
		p := rt.pools[s.pool]
		for k := (p.size + s.pos) / 2; k >= 1; k /= 2 {
			p.tree[k] = rt.pick(p.tree[2*k], p.tree[2*k+1])
		}
	}
}

// best returns the best agent among the first j of pool p, or -1.
func (rt *router) best(p *pool, j int) int32 {
	best := int32(-1)
	lo, hi := p.size, p.size+j // [lo, hi)
	for lo < hi {
		if lo&1 == 1 {
			best = rt.pick(best, p.tree[lo])
			lo++
		}
		if hi&1 == 1 {
			hi--
			best = rt.pick(best, p.tree[hi])
		}
		lo /= 2
		hi /= 2
	}
	return best
}

// where names a channel and language for reasons: "instagram/es".
func where(ch channel.Channel, lang string) string {
	if lang == "" {
		return string(ch)
	}
	return string(ch) + "/" + lang
}

func (rt *router) route(open Inbox, it TriageItem, out *Routing) error {
	in := open[it.Index]
	due, hasDue, err := rt.r.Due(in, it.Assessment.Priority)
	if err != nil {
		return fmt.Errorf("community: route: %w", err)
	}
	unassigned := func(reason UnroutedReason, detail string) {
		out.Unassigned = append(out.Unassigned, Unassigned{Index: it.Index, ID: it.ID, Reason: reason, Detail: detail, Due: due})
	}
	pid := rt.poolFor(in.Channel, in.Language)
	if pid < 0 {
		covered, ok := rt.chanSeen[in.Channel]
		if !ok {
			covered = slices.ContainsFunc(rt.agents, func(a Agent) bool {
				return len(a.Channels) == 0 || slices.Contains(a.Channels, in.Channel)
			})
			rt.chanSeen[in.Channel] = covered
		}
		if !covered {
			unassigned(UnroutedNoChannel, fmt.Sprintf("nobody works %s", in.Channel))
		} else {
			unassigned(UnroutedNoLanguage, fmt.Sprintf("nobody on %s speaks %s", in.Channel, in.Language))
		}
		return nil
	}
	p := rt.pools[pid]
	j := len(p.agents)
	deadline := due
	if hasDue {
		if deadline.Before(rt.now) {
			deadline = rt.now
		}
		j, _ = slices.BinarySearchFunc(p.agents, deadline, func(a int, t time.Time) int {
			if rt.start[a].After(t) {
				return 1
			}
			return -1
		})
	}
	w := where(in.Channel, in.Language)
	if j == 0 {
		first := rt.start[p.agents[0]]
		if due.Before(rt.now) {
			unassigned(UnroutedNoShift, fmt.Sprintf("overdue since %s and nobody on %s is on shift now; the first shift starts %s",
				due.Format(time.RFC3339), w, first.Format(time.RFC3339)))
		} else {
			unassigned(UnroutedNoShift, fmt.Sprintf("due %s, before the first shift on %s starts at %s",
				due.Format(time.RFC3339), w, first.Format(time.RFC3339)))
		}
		return nil
	}
	tk := threadKey{in.Channel, handleKey(in.Account), in.Thread}
	ak := authorKey{in.Channel, handleKey(in.Author.Handle)}
	available := func(a int) string {
		pos, ok := p.pos[a]
		switch {
		case !ok:
			return fmt.Sprintf("does not cover %s", w)
		case pos >= j:
			return fmt.Sprintf("is not on shift by %s", deadline.Format(time.RFC3339))
		case rt.full(a):
			return "is at capacity"
		}
		return ""
	}
	assign := func(a int, reason RouteReason, detail string) {
		rt.load[a]++
		rt.update(a)
		by := rt.agents[a]
		if in.Thread != "" {
			if _, ok := rt.threads[tk]; !ok {
				rt.threads[tk] = holder{agent: a, by: in.ID}
			}
		}
		if in.Author.Handle != "" {
			if _, ok := rt.authors[ak]; !ok {
				rt.authors[ak] = holder{agent: a, by: in.ID}
			}
		}
		out.Assignments = append(out.Assignments, Assignment{Index: it.Index, ID: it.ID, Member: by.Member,
			Reason: reason, Detail: detail, Due: due, Start: rt.start[a]})
	}
	var why []string
	threadHolder := -1
	if in.Thread != "" {
		if h, ok := rt.threads[tk]; ok {
			if no := available(h.agent); no == "" {
				detail := "thread already with " + rt.agents[h.agent].label()
				if h.by != "" {
					detail = "same thread as " + h.by
				}
				assign(h.agent, RouteSameThread, detail)
				return nil
			} else {
				threadHolder = h.agent
				why = append(why, fmt.Sprintf("the thread's %s %s", rt.agents[h.agent].label(), no))
			}
		}
	}
	if in.Author.Handle != "" {
		if h, ok := rt.authors[ak]; ok {
			if no := available(h.agent); no == "" {
				detail := "author already with " + rt.agents[h.agent].label()
				if h.by != "" {
					detail = "same author as " + h.by
				}
				assign(h.agent, RouteSameAuthor, detail)
				return nil
			} else if h.agent != threadHolder {
				why = append(why, fmt.Sprintf("the author's %s %s", rt.agents[h.agent].label(), no))
			}
		}
	}
	a := rt.best(p, j)
	if a < 0 || rt.full(int(a)) {
		unassigned(UnroutedAtCapacity, fmt.Sprintf("all %d on %s by its deadline are at capacity", j, w))
		return nil
	}
	detail := fmt.Sprintf("least loaded of %d on %s", j, w)
	if len(why) > 0 {
		detail += "; " + strings.Join(why, "; ")
	}
	assign(int(a), RouteLeastLoaded, detail)
	return nil
}
