package community

import (
	"cmp"
	"fmt"
	"math"
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
// for each set of agents that cover some channel and language. Beyond the
// result it allocates a small fraction of an object per item: reasons
// that name the item's lane are made once per lane, and the others share
// blocks of text.
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
	list = append(list, checkRouteItems(open, items)...)
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

	rt, err := newRouter(r, agents, now)
	if err != nil {
		return Routing{}, err
	}
	for _, ow := range o.Owners {
		h := holder{agent: int32(member[ow.Member]), by: -1}
		if ow.Thread != "" {
			k := threadKey{rt.channelID(ow.Channel), handleKey(ow.Account), ow.Thread}
			if _, ok := rt.threads[k]; !ok {
				rt.threads[k] = h
			}
		} else {
			k := authorKey{rt.channelID(ow.Channel), handleKey(ow.Author)}
			if _, ok := rt.authors[k]; !ok {
				rt.authors[k] = h
			}
		}
	}
	// Most items are usually assigned: room for all of them up front
	// saves growing (and copying) the largest slice of the result.
	out := Routing{Assignments: make([]Assignment, 0, len(items)), Loads: make([]AgentLoad, len(agents))}
	for _, it := range items {
		if err := rt.route(open, it, &out); err != nil {
			return Routing{}, err
		}
	}
	rt.text.flush(&out)
	switch n := len(out.Assignments); {
	case n == 0:
		out.Assignments = nil
	case n < cap(out.Assignments)/2:
		// Most items were left unassigned: do not keep room for them.
		out.Assignments = slices.Clone(out.Assignments)
	}
	for i, a := range agents {
		out.Loads[i] = AgentLoad{Member: a.Member, Open: a.Open, Assigned: rt.load[i] - a.Open}
	}
	return out, nil
}

// checkRouteItems reports the items that do not name an interaction of
// open with an instant, or name one twice. An item's path is built only
// when it has a problem.
func checkRouteItems(open Inbox, items []TriageItem) validation.ErrorList {
	var list validation.ErrorList
	path := validation.NewPath("items")
	seen := make([]bool, len(open)) // by index in open
	for i, it := range items {
		switch {
		case it.Index < 0 || it.Index >= len(open):
			list = list.Add(validation.OutOfRange(path.Index(i).Child("index"), it.Index, fmt.Sprintf("the inbox holds %d interactions", len(open))))
			continue
		case open[it.Index].ID != it.ID:
			list = list.Add(validation.Conflict(path.Index(i).Child("id"), validation.Excerpt(it.ID),
				fmt.Sprintf("interaction %d of the inbox is %q", it.Index, validation.Excerpt(open[it.Index].ID))))
		case seen[it.Index]:
			list = list.Add(validation.Duplicate(path.Index(i).Child("index"), it.Index))
		case open[it.Index].At.IsZero():
			list = list.Add(validation.Required(path.Index(i), "the interaction's instant is required"))
		}
		seen[it.Index] = true
	}
	return list
}

// poolKey is a channel and a language as an item writes them.
type poolKey struct {
	ch   channel.Channel
	lang string
}

// threadKey and authorKey name a channel by its number in
// router.channels, which makes the keys of the two largest maps of a
// routing smaller and quicker to hash.
type threadKey struct {
	ch      int32
	account string
	thread  string
}

type authorKey struct {
	ch     int32
	author string
}

// holder is who holds a thread or an author: the agent, and the index in
// the inbox of the item that gave it to them (-1 when it came from
// RouteOptions.Owners).
type holder struct {
	agent, by int32
}

// lane is what routing needs to know, once, about the items of a channel
// and a language (as the items write it): the pool of agents who cover
// them, or why nobody does, and the sentences that name the lane in
// reasons, made the first time an item needs them and shared by the items
// that follow.
type lane struct {
	ch    int32  // the channel's number in router.channels
	pool  int    // index in router.pools; -1: nobody covers the lane
	where string // "instagram/es"
	// nobody and nobodyDetail say why nobody covers the lane.
	nobody       UnroutedReason
	nobodyDetail string
	// leastLoaded[j] is "least loaded of j on <where>" and atCapacity[j]
	// "all j on <where> by its deadline are at capacity", for the j
	// agents of the pool on shift by an item's deadline.
	leastLoaded []string
	atCapacity  []string
}

// sentence returns (*made)[j], formatting it the first time.
func sentence(made *[]string, j int, format string, where string) string {
	if j >= len(*made) {
		*made = slices.Grow(*made, j+1-len(*made))[:j+1]
	}
	if (*made)[j] == "" {
		(*made)[j] = fmt.Sprintf(format, j, where)
	}
	return (*made)[j]
}

// sentences writes the reasons that differ from item to item ("same
// thread as c1", "least loaded of 3 on x; the thread's ana is at
// capacity") one after the other into a block of bytes, and turns each
// full block into one string that the reasons are slices of: a string of
// their own for each item was most of routing's allocations. A reason is
// a Detail of the result only once its block is full or routing ends
// (flush).
type sentences struct {
	buf     []byte
	pending []pendingSentence
}

// sentenceBlock is the size of a block of reasons, in bytes.
const sentenceBlock = 32 << 10

// pendingSentence is a reason in sentences.buf waiting for its block's
// string: buf[start:end] is the Detail of out.Assignments[index], or of
// out.Unassigned[index] when unassigned.
type pendingSentence struct {
	unassigned bool
	index      int
	start, end int
}

// done records that buf[start:] is the Detail of the last assignment (or
// of the last unassigned item).
func (s *sentences) done(out *Routing, unassigned bool, start int) {
	index := len(out.Assignments) - 1
	if unassigned {
		index = len(out.Unassigned) - 1
	}
	s.pending = append(s.pending, pendingSentence{unassigned: unassigned, index: index, start: start, end: len(s.buf)})
	if len(s.buf) >= sentenceBlock {
		s.flush(out)
	}
}

// flush gives the pending reasons their strings.
func (s *sentences) flush(out *Routing) {
	block := string(s.buf)
	for _, p := range s.pending {
		if p.unassigned {
			out.Unassigned[p.index].Detail = block[p.start:p.end]
		} else {
			out.Assignments[p.index].Detail = block[p.start:p.end]
		}
	}
	s.buf, s.pending = s.buf[:0], s.pending[:0]
}

// standing is how an agent ranks for the next item, lowest first: below
// capacity first, then the fewest items held, then by rank (the order of
// their next shift, then of the agents). Two integers, so that the pools'
// trees compare without looking anything up.
type standing struct {
	load uint64 // items held; the top bit is set when at capacity
	rank int32
}

const atCapacityBit = 1 << 63

// noAgent fills the leaves of a tree that hold nobody; it ranks after
// every agent.
var noAgent = standing{load: math.MaxUint64, rank: math.MaxInt32}

func (s standing) less(t standing) bool {
	return s.load < t.load || s.load == t.load && s.rank < t.rank
}

func minStanding(s, t standing) standing {
	if t.less(s) {
		return t
	}
	return s
}

// poolSlot is an agent's place in a pool.
type poolSlot struct{ pool, pos int }

// pool is a set of agents who cover the same channels and languages of
// some items, in order of their next shift (by rank), with a tournament
// tree over them: tree[k] is the best standing among the leaves under
// node k, the leaves starting at tree[size].
type pool struct {
	agents []int   // by rank
	pos    []int32 // pos[a] is agent a's place in agents, or -1
	tree   []standing
	size   int // leaves: a power of two
}

// router is the state of one call of Route.
type router struct {
	r      *Responder
	agents Agents
	now    time.Time
	load   []int       // items held: Agent.Open and this routing's
	start  []time.Time // the start of each agent's next shift
	rank   []int32     // each agent's place in the order by start, then index
	byRank []int       // the agents in that order
	pools  []*pool
	// inPools lists the pools each agent is in.
	inPools [][]poolSlot
	// poolSig finds the pool of a set of agents ("0,3,7,").
	poolSig  map[string]int
	lanes    map[poolKey]*lane
	channels map[channel.Channel]int32
	threads  map[threadKey]holder
	authors  map[authorKey]holder
	text     sentences
}

func newRouter(r *Responder, agents Agents, now time.Time) (*router, error) {
	rt := &router{r: r, agents: agents, now: now,
		load:     make([]int, len(agents)),
		start:    make([]time.Time, len(agents)),
		rank:     make([]int32, len(agents)),
		inPools:  make([][]poolSlot, len(agents)),
		poolSig:  make(map[string]int),
		lanes:    make(map[poolKey]*lane),
		channels: make(map[channel.Channel]int32),
		threads:  make(map[threadKey]holder),
		authors:  make(map[authorKey]holder),
	}
	for i, a := range agents {
		rt.load[i] = a.Open
		// The first open instant at or after now: the instant after which
		// one nanosecond of open time has passed, less that nanosecond.
		t, err := a.Hours.AddBusiness(now, time.Nanosecond)
		if err != nil {
			return nil, fmt.Errorf("community: route: the next shift of agents[%d]: %w", i, err)
		}
		rt.start[i] = t.Add(-time.Nanosecond)
	}
	rt.byRank = make([]int, len(agents))
	for i := range rt.byRank {
		rt.byRank[i] = i
	}
	slices.SortStableFunc(rt.byRank, func(a, b int) int { return rt.start[a].Compare(rt.start[b]) })
	for rank, a := range rt.byRank {
		rt.rank[a] = int32(rank)
	}
	return rt, nil
}

// channelID returns the number of ch in rt.channels, adding it.
func (rt *router) channelID(ch channel.Channel) int32 {
	id, ok := rt.channels[ch]
	if !ok {
		id = int32(len(rt.channels))
		rt.channels[ch] = id
	}
	return id
}

// full reports whether agent a is at capacity.
func (rt *router) full(a int) bool {
	c := rt.agents[a].Capacity
	return c > 0 && rt.load[a] >= c
}

// standing returns agent a's standing as it is now.
func (rt *router) standing(a int) standing {
	s := standing{load: uint64(rt.load[a]), rank: rt.rank[a]}
	if rt.full(a) {
		s.load |= atCapacityBit
	}
	return s
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

// lane returns the lane of items on ch in lang, making it the first time.
func (rt *router) lane(ch channel.Channel, lang string) *lane {
	k := poolKey{ch, lang}
	if ln, ok := rt.lanes[k]; ok {
		return ln
	}
	ln := &lane{ch: rt.channelID(ch), pool: rt.poolFor(ch, lang), where: where(ch, lang)}
	if ln.pool < 0 {
		covered := slices.ContainsFunc(rt.agents, func(a Agent) bool {
			return len(a.Channels) == 0 || slices.Contains(a.Channels, ch)
		})
		if !covered {
			ln.nobody, ln.nobodyDetail = UnroutedNoChannel, fmt.Sprintf("nobody works %s", ch)
		} else {
			ln.nobody, ln.nobodyDetail = UnroutedNoLanguage, fmt.Sprintf("nobody on %s speaks %s", ch, lang)
		}
	}
	rt.lanes[k] = ln
	return ln
}

// poolFor returns the pool of the agents who cover ch and lang, or -1.
// Lanes with the same agents share a pool.
func (rt *router) poolFor(ch channel.Channel, lang string) int {
	var members []int
	for a := range rt.agents {
		if rt.covers(a, ch, lang) {
			members = append(members, a)
		}
	}
	if len(members) == 0 {
		return -1
	}
	var sig strings.Builder
	for _, a := range members {
		sig.WriteString(strconv.Itoa(a))
		sig.WriteByte(',')
	}
	id, ok := rt.poolSig[sig.String()]
	if !ok {
		id = rt.newPool(members)
		rt.poolSig[sig.String()] = id
	}
	return id
}

func (rt *router) newPool(members []int) int {
	slices.SortFunc(members, func(a, b int) int { return cmp.Compare(rt.rank[a], rt.rank[b]) })
	p := &pool{agents: members, pos: make([]int32, len(rt.agents)), size: 1}
	for p.size < len(members) {
		p.size *= 2
	}
	p.tree = make([]standing, 2*p.size)
	for i := range p.tree {
		p.tree[i] = noAgent
	}
	for a := range p.pos {
		p.pos[a] = -1
	}
	id := len(rt.pools)
	for i, a := range members {
		p.pos[a] = int32(i)
		p.tree[p.size+i] = rt.standing(a)
		rt.inPools[a] = append(rt.inPools[a], poolSlot{id, i})
	}
	for k := p.size - 1; k >= 1; k-- {
		p.tree[k] = minStanding(p.tree[2*k], p.tree[2*k+1])
	}
	rt.pools = append(rt.pools, p)
	return id
}

// update puts agent a's standing, after its load changed, in every pool
// a is in. A node changes only if its best changes, so each walk up stops
// at the first node that stays as it was.
func (rt *router) update(a int) {
	s := rt.standing(a)
	for _, slot := range rt.inPools[a] {
		p := rt.pools[slot.pool]
		k := p.size + slot.pos
		p.tree[k] = s
		for k /= 2; k >= 1; k /= 2 {
			best := minStanding(p.tree[2*k], p.tree[2*k+1])
			if best == p.tree[k] {
				break
			}
			p.tree[k] = best
		}
	}
}

// best returns the best standing among the first j agents of pool p, or
// noAgent.
func (p *pool) best(j int) standing {
	best := noAgent
	lo, hi := p.size, p.size+j // [lo, hi)
	for lo < hi {
		if lo&1 == 1 {
			best = minStanding(best, p.tree[lo])
			lo++
		}
		if hi&1 == 1 {
			hi--
			best = minStanding(best, p.tree[hi])
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

// refusal is why the agent who holds an item's thread or author does not
// take it.
type refusal int8

const (
	canTake     refusal = iota
	notCovering         // does not cover the item's channel and language
	offShift            // is not on shift by the item's deadline
	full                // is at capacity
)

// refusal says whether agent a can take an item of lane ln when only the
// first j agents of the lane's pool are on shift by its deadline.
func (rt *router) refusal(ln *lane, j int, a int) refusal {
	pos := rt.pools[ln.pool].pos[a]
	switch {
	case pos < 0:
		return notCovering
	case int(pos) >= j:
		return offShift
	case rt.full(a):
		return full
	}
	return canTake
}

// appendRefusal writes why the thread's or author's (whose) agent a did
// not take an item: "; the thread's ana is at capacity".
func (rt *router) appendRefusal(b []byte, whose string, a int, no refusal, ln *lane, deadline time.Time) []byte {
	b = append(b, "; the "...)
	b = append(b, whose...)
	b = append(b, "'s "...)
	b = append(b, rt.agents[a].label()...)
	switch no {
	case notCovering:
		b = append(b, " does not cover "...)
		b = append(b, ln.where...)
	case offShift:
		b = append(b, " is not on shift by "...)
		b = deadline.AppendFormat(b, time.RFC3339)
	case full:
		b = append(b, " is at capacity"...)
	}
	return b
}

func (rt *router) route(open Inbox, it TriageItem, out *Routing) error {
	in := &open[it.Index]
	due, hasDue, err := rt.r.Due(*in, it.Assessment.Priority)
	if err != nil {
		return fmt.Errorf("community: route: %w", err)
	}
	unassigned := func(reason UnroutedReason, detail string) {
		out.Unassigned = append(out.Unassigned, Unassigned{Index: it.Index, ID: it.ID, Reason: reason, Detail: detail, Due: due})
	}
	ln := rt.lane(in.Channel, in.Language)
	if ln.pool < 0 {
		unassigned(ln.nobody, ln.nobodyDetail)
		return nil
	}
	p := rt.pools[ln.pool]
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
	text := &rt.text
	if j == 0 {
		first := rt.start[p.agents[0]]
		unassigned(UnroutedNoShift, "")
		start := len(text.buf)
		if due.Before(rt.now) {
			text.buf = append(text.buf, "overdue since "...)
			text.buf = due.AppendFormat(text.buf, time.RFC3339)
			text.buf = append(text.buf, " and nobody on "...)
			text.buf = append(text.buf, ln.where...)
			text.buf = append(text.buf, " is on shift now; the first shift starts "...)
		} else {
			text.buf = append(text.buf, "due "...)
			text.buf = due.AppendFormat(text.buf, time.RFC3339)
			text.buf = append(text.buf, ", before the first shift on "...)
			text.buf = append(text.buf, ln.where...)
			text.buf = append(text.buf, " starts at "...)
		}
		text.buf = first.AppendFormat(text.buf, time.RFC3339)
		text.done(out, true, start)
		return nil
	}

	// Look up who holds the thread and the author once: the same lookups
	// tell whether this item gives them to its agent.
	var tk threadKey
	var ak authorKey
	var thread, author holder
	threadHeld, authorHeld := false, false
	if in.Thread != "" {
		tk = threadKey{ln.ch, handleKey(in.Account), in.Thread}
		thread, threadHeld = rt.threads[tk]
	}
	if in.Author.Handle != "" {
		ak = authorKey{ln.ch, handleKey(in.Author.Handle)}
		author, authorHeld = rt.authors[ak]
	}
	assign := func(a int, reason RouteReason, detail string) {
		rt.load[a]++
		rt.update(a)
		if in.Thread != "" && !threadHeld {
			rt.threads[tk] = holder{agent: int32(a), by: int32(it.Index)}
		}
		if in.Author.Handle != "" && !authorHeld {
			rt.authors[ak] = holder{agent: int32(a), by: int32(it.Index)}
		}
		out.Assignments = append(out.Assignments, Assignment{Index: it.Index, ID: it.ID, Member: rt.agents[a].Member,
			Reason: reason, Detail: detail, Due: due, Start: rt.start[a]})
	}
	// follow gives the item to holder h ("same thread as c1", or "thread
	// already with ana" for a holder from RouteOptions.Owners).
	follow := func(h holder, reason RouteReason, what string) {
		assign(int(h.agent), reason, "")
		start := len(text.buf)
		if h.by >= 0 {
			text.buf = append(text.buf, "same "...)
			text.buf = append(text.buf, what...)
			text.buf = append(text.buf, " as "...)
			text.buf = append(text.buf, open[h.by].ID...)
		} else {
			text.buf = append(text.buf, what...)
			text.buf = append(text.buf, " already with "...)
			text.buf = append(text.buf, rt.agents[h.agent].label()...)
		}
		text.done(out, false, start)
	}

	threadNo, authorNo := canTake, canTake
	if threadHeld {
		if threadNo = rt.refusal(ln, j, int(thread.agent)); threadNo == canTake {
			follow(thread, RouteSameThread, "thread")
			return nil
		}
	}
	if authorHeld {
		if authorNo = rt.refusal(ln, j, int(author.agent)); authorNo == canTake {
			follow(author, RouteSameAuthor, "author")
			return nil
		}
		if threadHeld && author.agent == thread.agent {
			authorNo = canTake // the thread's refusal already names them
		}
	}
	best := p.best(j)
	if best == noAgent || best.load&atCapacityBit != 0 {
		unassigned(UnroutedAtCapacity, sentence(&ln.atCapacity, j, "all %d on %s by its deadline are at capacity", ln.where))
		return nil
	}
	leastLoaded := sentence(&ln.leastLoaded, j, "least loaded of %d on %s", ln.where)
	if threadNo == canTake && authorNo == canTake {
		assign(rt.byRank[best.rank], RouteLeastLoaded, leastLoaded)
		return nil
	}
	// The reason also says why the thread's or the author's agent did not
	// take it.
	assign(rt.byRank[best.rank], RouteLeastLoaded, "")
	start := len(text.buf)
	text.buf = append(text.buf, leastLoaded...)
	if threadNo != canTake {
		text.buf = rt.appendRefusal(text.buf, "thread", int(thread.agent), threadNo, ln, deadline)
	}
	if authorNo != canTake {
		text.buf = rt.appendRefusal(text.buf, "author", int(author.agent), authorNo, ln, deadline)
	}
	text.done(out, false, start)
	return nil
}
