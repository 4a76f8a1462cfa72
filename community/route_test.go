package community_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

// everyDayHours is open on the given range every day of the week in loc.
func everyDayHours(loc *time.Location, r string) calendar.BusinessHours {
	h := calendar.BusinessHours{Location: loc}
	for d := range h.Week {
		h.Week[d] = []calendar.ClockRange{mustRange(r)}
	}
	return h
}

// routeResponder answers around the clock in UTC within an hour, so that
// an item's due time is its instant plus one hour.
func routeResponder(t *testing.T) *community.Responder {
	t.Helper()
	r, err := community.NewResponder(community.ResponsePolicy{
		Hours:   everyDayHours(time.UTC, "00:00-24:00"),
		Targets: []community.Target{{Within: calendar.Duration(time.Hour)}},
	}, nil)
	require.NoError(t, err)
	return r
}

// routeItem is an Instagram comment; with an empty thread and author it
// gets its ID as author.
type routeItem struct {
	id, thread, author, lang string
	ch                       channel.Channel
	at                       time.Time
}

func routeInbox(items ...routeItem) (community.Inbox, []community.TriageItem) {
	var b community.Inbox
	var ts []community.TriageItem
	for i, it := range items {
		in := community.Interaction{ID: it.id, Kind: community.KindComment, Channel: channel.Instagram,
			Thread: it.thread, Author: community.Author{Handle: it.author}, At: it.at, Language: it.lang}
		if in.Author.Handle == "" {
			in.Author.Handle = it.id
		}
		if it.ch != "" {
			in.Channel = it.ch
		}
		b = append(b, in)
		ts = append(ts, community.TriageItem{Index: i, ID: it.id, Assessment: community.Assessment{Priority: community.PriorityNormal}})
	}
	return b, ts
}

var routeNow = time.Date(2026, time.January, 12, 10, 0, 0, 0, time.UTC)

func allDay(name string) community.Agent {
	return community.Agent{Member: memberID(name), Name: name, Hours: everyDayHours(time.UTC, "00:00-24:00")}
}

// members returns the member of each assignment, by item ID.
func members(r community.Routing) map[string]uuid.UUID {
	m := make(map[string]uuid.UUID, len(r.Assignments))
	for _, a := range r.Assignments {
		m[a.ID] = a.Member
	}
	return m
}

func TestRouteFairness(t *testing.T) {
	rsp := routeResponder(t)
	var its []routeItem
	for i := range 10 {
		its = append(its, routeItem{id: fmt.Sprintf("c%d", i), at: routeNow})
	}
	b, items := routeInbox(its...)
	agents := community.Agents{allDay("ana"), allDay("luis")}
	out, err := rsp.Route(b, items, agents, routeNow, nil)
	require.NoError(t, err)
	assert.Empty(t, out.Unassigned)
	assert.Equal(t, []community.AgentLoad{{Member: ana, Assigned: 5}, {Member: luis, Assigned: 5}}, out.Loads)
	for i, a := range out.Assignments {
		assert.Equal(t, agents[i%2].Member, a.Member, "equal loads take turns")
		assert.Equal(t, community.RouteLeastLoaded, a.Reason)
		assert.Equal(t, "least loaded of 2 on instagram", a.Detail)
		assert.Equal(t, routeNow.Add(time.Hour), a.Due)
		assert.Equal(t, routeNow, a.Start)
	}

	// Items already open count: Luis catches up first.
	agents[0].Open = 3
	out, err = rsp.Route(b[:5], items[:5], agents, routeNow, nil)
	require.NoError(t, err)
	assert.Equal(t, []community.AgentLoad{{Member: ana, Open: 3, Assigned: 1}, {Member: luis, Assigned: 4}}, out.Loads)

	// Same input, same result.
	again, err := rsp.Route(b[:5], items[:5], agents, routeNow, nil)
	require.NoError(t, err)
	assert.Equal(t, out, again)
	roundTrip(t, out)
}

func TestRouteStickiness(t *testing.T) {
	rsp := routeResponder(t)
	b, items := routeInbox(
		routeItem{id: "c1", thread: "post-1", author: "lucia", at: routeNow},
		routeItem{id: "c2", thread: "post-2", author: "marco", at: routeNow},
		routeItem{id: "c3", thread: "post-1", author: "pablo", at: routeNow},
		routeItem{id: "c4", thread: "post-3", author: "lucia", at: routeNow},
		routeItem{id: "c5", thread: "post-9", author: "bea", at: routeNow},
		routeItem{id: "c6", thread: "post-8", author: "@Bea", at: routeNow},
		routeItem{id: "c7", thread: "post-7", author: "rosa", at: routeNow},
	)
	agents := community.Agents{allDay("ana"), allDay("luis"), allDay("eva")}
	eva := agents[2].Member
	opts := &community.RouteOptions{Owners: []community.Owner{
		{Channel: channel.Instagram, Thread: "post-9", Member: eva},
		{Channel: channel.Instagram, Author: "rosa", Member: ana},
	}}
	out, err := rsp.Route(b, items, agents, routeNow, opts)
	require.NoError(t, err)
	got := make([]string, len(out.Assignments))
	for i, a := range out.Assignments {
		got[i] = fmt.Sprintf("%s %s %s", a.ID, a.Reason, a.Detail)
	}
	assert.Equal(t, []string{
		"c1 least_loaded least loaded of 3 on instagram",
		"c2 least_loaded least loaded of 3 on instagram",
		"c3 same_thread same thread as c1",
		"c4 same_author same author as c1",
		"c5 same_thread thread already with eva",
		"c6 same_author same author as c5",
		"c7 same_author author already with ana",
	}, got)
	m := members(out)
	assert.Equal(t, ana, m["c1"])
	assert.Equal(t, luis, m["c2"])
	assert.Equal(t, ana, m["c3"])
	assert.Equal(t, ana, m["c4"])
	assert.Equal(t, eva, m["c5"])
	assert.Equal(t, eva, m["c6"])
	assert.Equal(t, ana, m["c7"])

	// A holder at capacity lets the thread go to the least loaded, and
	// the reason says so.
	agents[0].Capacity = 1
	out, err = rsp.Route(b[:3], items[:3], agents, routeNow, nil)
	require.NoError(t, err)
	assert.Equal(t, community.RouteLeastLoaded, out.Assignments[2].Reason)
	assert.Equal(t, "least loaded of 3 on instagram; the thread's ana is at capacity", out.Assignments[2].Detail)
	assert.Equal(t, eva, out.Assignments[2].Member)
}

func TestRouteCapacity(t *testing.T) {
	rsp := routeResponder(t)
	var its []routeItem
	for i := range 6 {
		its = append(its, routeItem{id: fmt.Sprintf("c%d", i), at: routeNow})
	}
	b, items := routeInbox(its...)
	agents := community.Agents{allDay("ana"), allDay("luis")}
	agents[0].Capacity, agents[0].Open = 2, 1
	agents[1].Capacity = 2
	out, err := rsp.Route(b, items, agents, routeNow, nil)
	require.NoError(t, err)
	assert.Equal(t, []community.AgentLoad{{Member: ana, Open: 1, Assigned: 1}, {Member: luis, Assigned: 2}}, out.Loads)
	require.Len(t, out.Unassigned, 3)
	for _, u := range out.Unassigned {
		assert.Equal(t, community.UnroutedAtCapacity, u.Reason)
		assert.Equal(t, "all 2 on instagram by its deadline are at capacity", u.Detail)
	}
	assert.Equal(t, []string{"c3", "c4", "c5"}, []string{out.Unassigned[0].ID, out.Unassigned[1].ID, out.Unassigned[2].ID})
}

func TestRouteHours(t *testing.T) {
	rsp := routeResponder(t)
	late := community.Agent{Member: ana, Name: "ana", Hours: everyDayHours(time.UTC, "14:00-18:00")}
	now := routeNow // 10:00
	b, items := routeInbox(
		routeItem{id: "early", at: now},                        // due 11:00, before 14:00
		routeItem{id: "on-time", at: now.Add(3 * time.Hour)},   // due 14:00: at the start
		routeItem{id: "overdue", at: now.Add(-2 * time.Hour)},  // due 09:00, nobody on shift now
		routeItem{id: "later", at: now.Add(200 * time.Minute)}, // due 14:20
	)
	out, err := rsp.Route(b, items, community.Agents{late}, now, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"on-time", "later"}, []string{out.Assignments[0].ID, out.Assignments[1].ID})
	assert.Equal(t, time.Date(2026, 1, 12, 14, 0, 0, 0, time.UTC), out.Assignments[0].Start)
	require.Len(t, out.Unassigned, 2)
	assert.Equal(t, community.Unassigned{Index: 0, ID: "early", Reason: community.UnroutedNoShift, Due: now.Add(time.Hour),
		Detail: "due 2026-01-12T11:00:00Z, before the first shift on instagram starts at 2026-01-12T14:00:00Z"}, out.Unassigned[0])
	assert.Equal(t, community.UnroutedNoShift, out.Unassigned[1].Reason)
	assert.Contains(t, out.Unassigned[1].Detail, "overdue since 2026-01-12T09:00:00Z")

	// An overdue item goes to someone on shift now, even with a later
	// shift less loaded.
	busy := allDay("luis")
	busy.Open = 10
	out, err = rsp.Route(b, items, community.Agents{late, busy}, now, nil)
	require.NoError(t, err)
	m := members(out)
	assert.Equal(t, luis, m["overdue"])
	assert.Equal(t, luis, m["early"])
	assert.Equal(t, ana, m["on-time"])
	assert.Equal(t, "least loaded of 1 on instagram", out.Assignments[0].Detail)
}

func TestRouteChannelsAndLanguages(t *testing.T) {
	rsp := routeResponder(t)
	xOnly := allDay("ana")
	xOnly.Channels = []channel.Channel{channel.X}
	mexican := allDay("luis")
	mexican.Channels = []channel.Channel{channel.Instagram, channel.TikTok}
	mexican.Languages = []string{"es-MX", "pt"}
	b, items := routeInbox(
		routeItem{id: "fb", ch: channel.Facebook, at: routeNow},
		routeItem{id: "en", lang: "en", at: routeNow},
		routeItem{id: "es", lang: "es", at: routeNow},
		routeItem{id: "es-mx", lang: "ES-mx", at: routeNow},
		routeItem{id: "es-es", lang: "es-ES", at: routeNow},
		routeItem{id: "pt-br", lang: "pt-BR", at: routeNow},
		routeItem{id: "any", at: routeNow},
		routeItem{id: "x-en", ch: channel.X, lang: "en", at: routeNow},
	)
	out, err := rsp.Route(b, items, community.Agents{xOnly, mexican}, routeNow, nil)
	require.NoError(t, err)
	m := members(out)
	assert.Equal(t, map[string]uuid.UUID{"es": luis, "es-mx": luis, "pt-br": luis, "any": luis, "x-en": ana}, m)
	reasons := map[string]string{}
	for _, u := range out.Unassigned {
		reasons[u.ID] = string(u.Reason) + ": " + u.Detail
	}
	assert.Equal(t, map[string]string{
		"fb":    "no_channel: nobody works facebook",
		"en":    "no_language: nobody on instagram speaks en",
		"es-es": "no_language: nobody on instagram speaks es-ES",
	}, reasons)
	for _, a := range out.Assignments {
		if a.ID == "es-mx" {
			assert.Equal(t, "least loaded of 1 on instagram/ES-mx", a.Detail)
		}
	}
}

func TestRouteDSTShifts(t *testing.T) {
	ny := mustZone("America/New_York")
	tests := []struct {
		name      string
		loc       *time.Location
		day       time.Weekday
		shift     string
		now       time.Time
		wantStart time.Time
	}{
		// Madrid springs forward at 02:00 on 29 March 2026: a shift from
		// 02:30, inside the gap, is read with the offset before it
		// (RFC 5545 §3.3.5, as DESIGN.md says): 02:30 CET, that is 03:30
		// CEST, 01:30 UTC.
		{"Madrid spring forward", madrid, time.Sunday, "02:30-06:00", time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)},
		// Madrid falls back at 03:00 on 25 October 2026: 02:30 happens
		// twice, and the shift starts at the first, 02:30 CEST.
		{"Madrid fall back", madrid, time.Sunday, "02:30-06:00", time.Date(2026, 10, 24, 22, 0, 0, 0, time.UTC), time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
		// New York springs forward at 02:00 on 8 March 2026: 02:30 EST
		// is 03:30 EDT, 07:30 UTC.
		{"New York spring forward", ny, time.Sunday, "02:30-05:00", time.Date(2026, 3, 8, 5, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC)},
		// New York falls back at 02:00 on 1 November 2026: 01:30 EDT is
		// 05:30 UTC.
		{"New York fall back", ny, time.Sunday, "01:30-03:00", time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)},
		// An ordinary Monday 09:00 in New York after the change: 14:00 UTC.
		{"New York Monday after", ny, time.Monday, "09:00-17:00", time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC), time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)},
	}
	rsp := routeResponder(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := calendar.BusinessHours{Location: tt.loc}
			h.Week[tt.day] = []calendar.ClockRange{mustRange(tt.shift)}
			agent := community.Agent{Member: ana, Name: "ana", Hours: h}
			// Due one minute before the shift, and exactly at its start.
			b, items := routeInbox(
				routeItem{id: "before", at: tt.wantStart.Add(-time.Hour - time.Minute)},
				routeItem{id: "at", at: tt.wantStart.Add(-time.Hour)},
			)
			out, err := rsp.Route(b, items, community.Agents{agent}, tt.now, nil)
			require.NoError(t, err)
			require.Len(t, out.Assignments, 1)
			assert.Equal(t, "at", out.Assignments[0].ID)
			assert.True(t, tt.wantStart.Equal(out.Assignments[0].Start), "start %v, want %v", out.Assignments[0].Start, tt.wantStart)
			require.Len(t, out.Unassigned, 1)
			assert.Equal(t, community.UnroutedNoShift, out.Unassigned[0].Reason)
		})
	}
}

func TestRouteValidation(t *testing.T) {
	rsp := routeResponder(t)
	b, items := routeInbox(routeItem{id: "c1", at: routeNow}, routeItem{id: "c2", at: routeNow})
	bad := community.Agents{
		{Member: ana, Hours: calendar.BusinessHours{Location: time.UTC}, Channels: []channel.Channel{"myspace"}, Languages: []string{"spanish"}, Capacity: -1, Open: -2},
		{Member: ana, Hours: everyDayHours(time.UTC, "09:00-17:00")},
		{Hours: everyDayHours(time.UTC, "09:00-17:00")},
	}
	badItems := append(items, community.TriageItem{Index: 5, ID: "x"}, community.TriageItem{Index: 0, ID: "c2"}, community.TriageItem{Index: 1, ID: "c2"})
	opts := &community.RouteOptions{Owners: []community.Owner{
		{Channel: channel.Instagram, Thread: "p", Author: "a", Member: luis},
		{Channel: "myspace", Author: "a b", Member: ana},
	}}
	_, err := rsp.Route(b, badItems, bad, routeNow, opts)
	require.Error(t, err)
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeRequired, "agents[0].hours.week"},
		{validation.CodeNotSupported, "agents[0].channels[0]"},
		{validation.CodeInvalid, "agents[0].languages[0]"},
		{validation.CodeOutOfRange, "agents[0].capacity"},
		{validation.CodeOutOfRange, "agents[0].open"},
		{validation.CodeDuplicate, "agents[1].member"},
		{validation.CodeRequired, "agents[2].member"},
		{validation.CodeOutOfRange, "items[2].index"},
		{validation.CodeConflict, "items[3].id"},
		{validation.CodeDuplicate, "items[4].index"},
		{validation.CodeRequired, "options.owners[0]"},
		{validation.CodeNotFound, "options.owners[0].member"},
		{validation.CodeNotSupported, "options.owners[1].channel"},
		{validation.CodeInvalid, "options.owners[1].author"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s %s in %v", want.code, want.path, err)
	}
	_, err = rsp.Route(b, items, nil, routeNow, nil)
	assert.True(t, validation.Has(err, validation.CodeRequired, "agents"), "%v", err)
	assert.NoError(t, community.Agents{allDay("ana")}.Validate())

	// Nothing to route is not an error.
	out, err := rsp.Route(nil, nil, community.Agents{allDay("ana")}, routeNow, nil)
	require.NoError(t, err)
	assert.Equal(t, []community.AgentLoad{{Member: ana}}, out.Loads)
}

func TestRouteJSON(t *testing.T) {
	a := allDay("ana")
	a.Channels, a.Languages, a.Capacity, a.Open = []channel.Channel{channel.Instagram}, []string{"es"}, 5, 2
	back := roundTrip(t, community.Agents{a})
	require.NoError(t, back.Validate())
	assert.Equal(t, a.Languages, back[0].Languages)
	assert.Equal(t, a.Capacity, back[0].Capacity)
	roundTrip(t, community.RouteOptions{Owners: []community.Owner{{Channel: channel.X, Author: "a", Member: ana}}})
	roundTrip(t, community.Routing{
		Assignments: []community.Assignment{{Index: 1, ID: "c1", Member: ana, Reason: community.RouteSameThread, Detail: "d", Due: routeNow, Start: routeNow}},
		Unassigned:  []community.Unassigned{{Index: 2, ID: "c2", Reason: community.UnroutedNoShift, Detail: "d"}},
	})
	for _, r := range []community.RouteReason{community.RouteSameThread, community.RouteSameAuthor, community.RouteLeastLoaded} {
		assert.True(t, r.IsValid())
		assert.Equal(t, r, roundTrip(t, r))
	}
	for _, r := range []community.UnroutedReason{community.UnroutedNoChannel, community.UnroutedNoLanguage, community.UnroutedNoShift, community.UnroutedAtCapacity} {
		assert.True(t, r.IsValid())
		assert.Equal(t, string(r), r.String())
	}
	var r community.RouteReason
	assert.ErrorIs(t, r.UnmarshalText([]byte("random")), validation.ErrUnknownValue)
	var u community.UnroutedReason
	assert.ErrorIs(t, u.UnmarshalText([]byte("")), validation.ErrUnknownValue)
}

// Reasons are not formatted one string per item, nor are the thread and
// author holders kept one allocation each: routing 20,000 items (a fifth
// of them with details of their own: same thread, same author, or a
// holder who refused) allocates a small fraction of an object per item.
// It allocated about nine per item before.
func TestRouteAllocationsPerItem(t *testing.T) {
	rsp := routeResponder(t)
	langs := []string{"", "es", "en", "es-MX"}
	var its []routeItem
	for i := range 20_000 {
		it := routeItem{id: fmt.Sprintf("c%05d", i), author: fmt.Sprintf("user%d", i%9001), lang: langs[i%len(langs)], at: routeNow.Add(-time.Duration(i) * time.Second)}
		if i%2 == 0 {
			it.thread = fmt.Sprintf("post-%d", i%3998)
		}
		its = append(its, it)
	}
	b, items := routeInbox(its...)
	ana, luis := allDay("ana"), allDay("luis")
	ana.Languages = []string{"es"}
	agents := community.Agents{ana, luis, allDay("eva")}
	var out community.Routing
	allocs := testing.AllocsPerRun(1, func() {
		var err error
		out, err = rsp.Route(b, items, agents, routeNow, nil)
		require.NoError(t, err)
	})
	require.Len(t, out.Assignments, len(items))
	reasons := map[community.RouteReason]int{}
	for _, a := range out.Assignments {
		reasons[a.Reason]++
	}
	require.Positive(t, reasons[community.RouteSameThread])
	require.Positive(t, reasons[community.RouteSameAuthor])
	require.Positive(t, reasons[community.RouteLeastLoaded])
	assert.Less(t, allocs, float64(len(items))/10, "allocations for %d items", len(items))
}
