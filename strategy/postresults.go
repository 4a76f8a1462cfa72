package strategy

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// The bands of the text groupings of PostGroupings. Change them here: the
// keys are written from them.
const (
	// ShortTextBelow: a post whose text has fewer characters (runes) is
	// "short (<80)".
	ShortTextBelow = 80
	// LongTextFrom: a post whose text has at least this many characters
	// is "long (200+)"; one in between is "medium (80-199)".
	LongTextFrom = 200
	// ManyHashtagsFrom (at least 3): a post with this many hashtags or
	// more is in the band "4+"; with none, "0"; with one, "1"; in
	// between, "2-3".
	ManyHashtagsFrom = 4
)

// The bands must stay ordered: these fail to compile otherwise.
const (
	_ uint = ManyHashtagsFrom - 3              // "0", "1", then at least "2"
	_ uint = LongTextFrom - ShortTextBelow - 1 // a medium band of one length at least
)

// The keys of the grouping "link".
const (
	// LinkKey: the post carries a link.
	LinkKey = "link"
	// NoLinkKey: it carries none.
	NoLinkKey = "no link"
)

// PostGroupings returns the groupings that kpi.PostResults.WhatWorks
// needs to say what works in this plan, each keyed from the plan's own
// entries and accounts (kpi does not know them), in this order:
//
//   - "pillar": the pillar of the routine whose slot the entry fills;
//     an entry outside a routine, or of a routine without a pillar, has
//     none.
//   - "format": the routine's format when it names one ("reel"), else the
//     kind of the entry's first attachment ("image", "video",
//     "document"), else "text".
//   - "campaign": the name of the entry's campaign; none outside one.
//   - "account": the brand's account that published the post, as its
//     channel and handle ("instagram/acme"), the handle spelled as the
//     plan's account spells it, whatever the case in the results; a post
//     with an empty handle is the brand's only account on the channel
//     (channel.AccountIndex.Resolve). A handle that resolves to none of
//     the brand's own accounts, or an empty one on a channel where the
//     brand has several, has none.
//   - "weekday" and "hour": when the post went out ("Monday", "10:00"),
//     in the audience zone of the account that published it
//     (channel.Account.Zone), else in the plan's Zone.
//   - "link", "hashtags" and "length": features of the text the account
//     published (calendar.Entry.Post: its variant's text and link where
//     it has one, else the entry's). "link" is LinkKey when the post has
//     a Link or its text a word starting "http://" or "https://", else
//     NoLinkKey. "hashtags" is the band of how many words of the text
//     start with "#" ("0", "1", "2-3", "4+"; see ManyHashtagsFrom), and
//     "length" the band of its length in characters, Unicode code points
//     ("short (<80)", "medium (80-199)", "long (200+)"; see
//     ShortTextBelow and LongTextFrom). Hashtags and links are counted by
//     channel.CountEntities, the rule the channels' limits are checked
//     by. The title and the first comment are not read; a post without
//     text is "short (<80)" with hashtags "0".
//
// Whether a post was paid is not in the plan but in its results: see
// PostGroupingsFor, which adds "paid".
//
// A post has no key in a grouping that the entry gives no value, and none
// at all when the plan has no such entry: WhatWorks lists those posts as
// unkeyed, never in a group. An account or zone that an entry names and
// that does not resolve is an error, before any grouping runs. The
// groupings hold what they read from the plan when they were made:
// changing the plan afterwards does not change them.
func (s *Strategy) PostGroupings() ([]kpi.Grouping, error) {
	return s.postGroupings(nil)
}

// PostGroupingsFor returns the groupings of PostGroupings and, after
// "account", the grouping "paid" of results (kpi.PostResults.PaidGrouping:
// kpi.PaidKey for a post with a Spend result above zero at any age, else
// kpi.OrganicKey). As in the others, a post whose entry the plan lacks
// has no key in "paid".
func (s *Strategy) PostGroupingsFor(results kpi.PostResults) ([]kpi.Grouping, error) {
	paid := results.PaidGrouping()
	return s.postGroupings(&paid)
}

// postGroupings builds the groupings of PostGroupings, with paid after
// "account" when it is not nil.
func (s *Strategy) postGroupings(paid *kpi.Grouping) ([]kpi.Grouping, error) {
	planLoc, err := s.Location()
	if err != nil {
		return nil, err
	}
	type attrs struct {
		pillar, format, campaign string
		at                       time.Time
		// text is the features of the entry's own post; variants those
		// of the accounts that have a variant, by handleKey, nil when
		// none has.
		text     textFeatures
		variants map[string]textFeatures
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
		own := e.Post("")
		a.text = featuresOf(own)
		for _, v := range e.Variants {
			hk := handleKey(v.Account)
			if _, seen := a.variants[hk]; seen {
				continue // Entry.Post applies an account's first variant
			}
			if a.variants == nil {
				a.variants = map[string]textFeatures{}
			}
			// What Entry.Post gives v.Account: the entry's post with v
			// applied, found without searching all of e's variants again.
			one := calendar.Entry{Text: e.Text, Title: e.Title, FirstComment: e.FirstComment, Link: e.Link, Media: e.Media,
				Variants: []calendar.Variant{v}}
			a.variants[hk] = featuresOf(one.Post(v.Account))
		}
		entries[e.ID] = a
	}
	// The audience zone of every account a post can name, resolved now,
	// from a copy of the accounts: the groupings outlive the call.
	ix := slices.Clone(s.Accounts).Index()
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
	// features returns the text features of what k's account published.
	features := func(k kpi.PostKey) (textFeatures, bool) {
		a, ok := entries[k.Entry]
		if !ok {
			return textFeatures{}, false
		}
		if a.variants == nil {
			return a.text, true
		}
		h := k.Account
		if h == "" {
			// The brand's only account on the channel, whose variant the
			// entry may hold under its handle.
			acct, err := ix.Resolve(channel.AccountRef{Channel: k.Channel})
			if err != nil {
				return a.text, true // several accounts: the entry's own post
			}
			h = acct.Handle
		}
		if f, ok := a.variants[handleKey(h)]; ok {
			return f, true
		}
		return a.text, true
	}
	lengths := [...]string{
		fmt.Sprintf("short (<%d)", ShortTextBelow),
		fmt.Sprintf("medium (%s)", band(ShortTextBelow, LongTextFrom-1)),
		fmt.Sprintf("long (%d+)", LongTextFrom),
	}
	hashtags := [...]string{"0", "1", band(2, ManyHashtagsFrom-1), fmt.Sprintf("%d+", ManyHashtagsFrom)}
	groupings := []kpi.Grouping{
		{By: "pillar", Key: text(func(a attrs) string { return a.pillar })},
		{By: "format", Key: text(func(a attrs) string { return a.format })},
		{By: "campaign", Key: text(func(a attrs) string { return a.campaign })},
		{By: "account", Key: func(k kpi.PostKey) (string, bool) {
			if _, ok := entries[k.Entry]; !ok {
				return "", false
			}
			a, err := ix.Resolve(channel.AccountRef{Channel: k.Channel, Handle: k.Account})
			if err != nil {
				return "", false
			}
			return string(a.Channel) + "/" + a.Handle, true
		}},
	}
	if paid != nil {
		byResults := paid.Key
		groupings = append(groupings, kpi.Grouping{By: paid.By, Key: func(k kpi.PostKey) (string, bool) {
			if _, ok := entries[k.Entry]; !ok {
				return "", false
			}
			return byResults(k)
		}})
	}
	return append(groupings,
		kpi.Grouping{By: "weekday", Key: func(k kpi.PostKey) (string, bool) {
			t, ok := local(k)
			return t.Weekday().String(), ok
		}},
		kpi.Grouping{By: "hour", Key: func(k kpi.PostKey) (string, bool) {
			t, ok := local(k)
			return fmt.Sprintf("%02d:00", t.Hour()), ok
		}},
		kpi.Grouping{By: "link", Key: func(k kpi.PostKey) (string, bool) {
			f, ok := features(k)
			if f.link {
				return LinkKey, ok
			}
			return NoLinkKey, ok
		}},
		kpi.Grouping{By: "hashtags", Key: func(k kpi.PostKey) (string, bool) {
			f, ok := features(k)
			switch {
			case f.hashtags >= ManyHashtagsFrom:
				return hashtags[3], ok
			case f.hashtags >= 2:
				return hashtags[2], ok
			}
			return hashtags[f.hashtags], ok
		}},
		kpi.Grouping{By: "length", Key: func(k kpi.PostKey) (string, bool) {
			f, ok := features(k)
			switch {
			case f.runes < ShortTextBelow:
				return lengths[0], ok
			case f.runes < LongTextFrom:
				return lengths[1], ok
			}
			return lengths[2], ok
		}},
	), nil
}

// textFeatures are what the text groupings read of a post.
type textFeatures struct {
	link            bool
	hashtags, runes int
}

// featuresOf returns p's text features: whether it has a link (its Link,
// or a link in its text), how many hashtags its text has and how many
// characters.
func featuresOf(p channel.Post) textFeatures {
	e := channel.CountEntities(p.Text)
	return textFeatures{link: p.Link != "" || e.Links > 0, hashtags: e.Hashtags, runes: utf8.RuneCountInString(p.Text)}
}

// band writes the band from lo to hi: "2-3", or "2" when they are equal.
func band(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return strconv.Itoa(lo) + "-" + strconv.Itoa(hi)
}

// handleKey is the form in which handles are compared, as
// channel.SameHandle compares them: lower case, without a leading "@".
func handleKey(h string) string { return strings.ToLower(strings.TrimPrefix(h, "@")) }
