package strategy

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// PostGroupings returns the groupings that kpi.PostResults.WhatWorks
// needs to say what works in this plan, each keyed from the plan's own
// entries (kpi does not know them):
//
//   - "pillar": the pillar of the routine whose slot the entry fills;
//     an entry outside a routine, or of a routine without a pillar, has
//     none.
//   - "format": the routine's format when it names one ("reel"), else the
//     kind of the entry's first attachment ("image", "video",
//     "document"), else "text".
//   - "campaign": the name of the entry's campaign; none outside one.
//   - "weekday" and "hour": when the post went out ("Monday", "10:00"),
//     in the audience zone of the account that published it
//     (channel.Account.Zone), else in the plan's Zone.
//
// A post has no key in a grouping that the entry gives no value, and none
// at all when the plan has no such entry: WhatWorks lists those posts as
// unkeyed, never in a group. An account or zone that does not resolve is
// an error, before any grouping runs.
func (s *Strategy) PostGroupings() ([]kpi.Grouping, error) {
	planLoc, err := s.Location()
	if err != nil {
		return nil, err
	}
	type attrs struct {
		pillar, format, campaign string
		at                       time.Time
	}
	routines := make(map[uuid.UUID]*calendar.Routine, len(s.Routines))
	for i := range s.Routines {
		routines[s.Routines[i].ID] = &s.Routines[i]
	}
	campaigns := make(map[uuid.UUID]string, len(s.Campaigns))
	for _, c := range s.Campaigns {
		campaigns[c.ID] = c.Name
	}
	entries := make(map[uuid.UUID]attrs, len(s.Entries))
	for _, e := range s.Entries {
		a := attrs{campaign: campaigns[e.CampaignID], at: e.At, format: "text"}
		if len(e.Media) > 0 {
			a.format = string(e.Media[0].Kind)
		}
		if r, ok := routines[e.RoutineID]; ok {
			a.pillar = r.Pillar
			if r.Format != "" {
				a.format = r.Format
			}
		}
		entries[e.ID] = a
	}
	// The audience zone of every account a post can name, resolved now.
	ix := s.Accounts.Index()
	zones := map[string]*time.Location{}
	locOf := func(ref channel.AccountRef) (*time.Location, error) {
		a, err := ix.Resolve(ref)
		if err != nil {
			return nil, err
		}
		if a.Zone == "" {
			return planLoc, nil
		}
		if loc, ok := zones[a.Zone]; ok {
			return loc, nil
		}
		loc, err := a.Location()
		if err != nil {
			return nil, err
		}
		zones[a.Zone] = loc
		return loc, nil
	}
	type accountKey struct {
		ch     channel.Channel
		handle string
	}
	locs := map[accountKey]*time.Location{}
	for _, e := range s.Entries {
		handles := e.Accounts
		if len(handles) == 0 {
			handles = []string{""}
		}
		for _, h := range handles {
			k := accountKey{e.Channel, h}
			if _, ok := locs[k]; ok {
				continue
			}
			loc, err := locOf(channel.AccountRef{Channel: e.Channel, Handle: h})
			if err != nil {
				return nil, fmt.Errorf("entry %s: %w", e.ID, err)
			}
			locs[k] = loc
		}
	}
	text := func(get func(attrs) string) func(kpi.PostKey) (string, bool) {
		return func(k kpi.PostKey) (string, bool) {
			a, ok := entries[k.Entry]
			if !ok {
				return "", false
			}
			v := get(a)
			return v, v != ""
		}
	}
	local := func(k kpi.PostKey) (time.Time, bool) {
		a, ok := entries[k.Entry]
		if !ok || a.at.IsZero() {
			return time.Time{}, false
		}
		loc, ok := locs[accountKey{k.Channel, k.Account}]
		if !ok {
			// A handle written in another case than the entry's, or an
			// account the entry does not name: resolve it now.
			var err error
			if loc, err = locOf(channel.AccountRef{Channel: k.Channel, Handle: k.Account}); err != nil {
				return time.Time{}, false
			}
		}
		return a.at.In(loc), true
	}
	return []kpi.Grouping{
		{By: "pillar", Key: text(func(a attrs) string { return a.pillar })},
		{By: "format", Key: text(func(a attrs) string { return a.format })},
		{By: "campaign", Key: text(func(a attrs) string { return a.campaign })},
		{By: "weekday", Key: func(k kpi.PostKey) (string, bool) {
			t, ok := local(k)
			return t.Weekday().String(), ok
		}},
		{By: "hour", Key: func(k kpi.PostKey) (string, bool) {
			t, ok := local(k)
			return fmt.Sprintf("%02d:00", t.Hour()), ok
		}},
	}, nil
}
