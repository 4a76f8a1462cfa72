package strategy_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// groupingsPlan is a plan with two Instagram accounts (one for an
// audience in Mexico City) and one LinkedIn account, whose entries show
// every text feature: a variant with its own text, an entry with a Link,
// an entry whose only account has a variant.
func groupingsPlan(t *testing.T) *strategy.Strategy {
	t.Helper()
	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	id := func(key string) uuid.UUID { return uuid.NewSHA1(uuid.NameSpaceURL, []byte("groupings/"+key)) }
	monday := calendar.Date(2027, 1, 11, 10, 0, 0, 0, madrid)
	return &strategy.Strategy{
		Zone: "Europe/Madrid",
		Accounts: channel.Accounts{
			{Channel: channel.Instagram, Handle: "Acme"},
			{Channel: channel.Instagram, Handle: "acme_es", Zone: "America/Mexico_City"},
			{Channel: channel.LinkedIn, Handle: "Acme-Co"},
			{Channel: channel.Instagram, Handle: "rival", Competitor: "Rival Roasters"},
		},
		Entries: []calendar.Entry{
			{
				ID: id("both"), Channel: channel.Instagram, Accounts: []string{"Acme", "acme_es"}, At: monday,
				Text: "Monday brew #coffee #mondays",
				Variants: []calendar.Variant{{Account: "ACME_ES", Text: "Café del lunes: " + strings.Repeat("tostado despacio, molido al momento. ", 6) +
					"Receta completa en https://acme.example/es/receta #cafe #lunes #receta #mexico"}},
			},
			{
				ID: id("article"), Channel: channel.LinkedIn, At: monday.Add(2 * time.Hour), Link: "https://acme.example/office",
				Text: "Why the office coffee matters more than the office chairs: what forty teams told us this year #worklife",
			},
			{
				ID: id("founder"), Channel: channel.LinkedIn, Accounts: []string{"acme-co"}, At: monday.Add(26 * time.Hour),
				Text:     "A note from the team",
				Variants: []calendar.Variant{{Account: "acme-co", Link: "https://acme.example/note"}},
			},
		},
	}
}

// keysOf returns every grouping's key of post, "(none)" for none.
func keysOf(groupings []kpi.Grouping, post kpi.PostKey) map[string]string {
	out := map[string]string{}
	for _, g := range groupings {
		k, ok := g.Key(post)
		if !ok {
			k = "(none)"
		}
		out[g.By] = k
	}
	return out
}

func TestPostGroupingsAccountsAndText(t *testing.T) {
	s := groupingsPlan(t)
	groupings, err := s.PostGroupings()
	require.NoError(t, err)
	var names []string
	for _, g := range groupings {
		names = append(names, g.By)
	}
	assert.Equal(t, []string{"pillar", "format", "campaign", "account", "weekday", "hour", "link", "hashtags", "length"}, names)

	both, article, founder := s.Entries[0], s.Entries[1], s.Entries[2]
	none := "(none)"
	for _, tc := range []struct {
		name string
		post kpi.PostKey
		want map[string]string
	}{
		{"the entry's own text", kpi.PostKey{Entry: both.ID, Channel: channel.Instagram, Account: "acme"},
			map[string]string{"pillar": none, "format": "text", "campaign": none, "account": "instagram/Acme", "weekday": "Monday", "hour": "10:00",
				"link": "no link", "hashtags": "2-3", "length": "short (<80)"}},
		{"the handle in another case keys the account's own spelling", kpi.PostKey{Entry: both.ID, Channel: channel.Instagram, Account: "ACME"},
			map[string]string{"pillar": none, "format": "text", "campaign": none, "account": "instagram/Acme", "weekday": "Monday", "hour": "10:00",
				"link": "no link", "hashtags": "2-3", "length": "short (<80)"}},
		{"a variant's text, in the account's audience zone", kpi.PostKey{Entry: both.ID, Channel: channel.Instagram, Account: "acme_es"},
			map[string]string{"pillar": none, "format": "text", "campaign": none, "account": "instagram/acme_es", "weekday": "Monday", "hour": "03:00",
				"link": "link", "hashtags": "4+", "length": "long (200+)"}},
		{"the only account on the network, resolved", kpi.PostKey{Entry: article.ID, Channel: channel.LinkedIn},
			map[string]string{"pillar": none, "format": "text", "campaign": none, "account": "linkedin/Acme-Co", "weekday": "Monday", "hour": "12:00",
				"link": "link", "hashtags": "1", "length": "medium (80-199)"}},
		{"an empty handle finds the only account's variant", kpi.PostKey{Entry: founder.ID, Channel: channel.LinkedIn},
			map[string]string{"pillar": none, "format": "text", "campaign": none, "account": "linkedin/Acme-Co", "weekday": "Tuesday", "hour": "12:00",
				"link": "link", "hashtags": "0", "length": "short (<80)"}},
		{"an empty handle on a network of two accounts", kpi.PostKey{Entry: both.ID, Channel: channel.Instagram},
			map[string]string{"pillar": none, "format": "text", "campaign": none, "account": none, "weekday": none, "hour": none,
				"link": "no link", "hashtags": "2-3", "length": "short (<80)"}},
		{"a competitor's account", kpi.PostKey{Entry: both.ID, Channel: channel.Instagram, Account: "rival"},
			map[string]string{"pillar": none, "format": "text", "campaign": none, "account": none, "weekday": none, "hour": none,
				"link": "no link", "hashtags": "2-3", "length": "short (<80)"}},
		{"an entry the plan lacks", kpi.PostKey{Entry: uuid.MustParse("00000000-0000-0000-0000-000000000001"), Channel: channel.Instagram, Account: "acme"},
			map[string]string{"pillar": none, "format": none, "campaign": none, "account": none, "weekday": none, "hour": none,
				"link": none, "hashtags": none, "length": none}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, keysOf(groupings, tc.post))
		})
	}

	// The groupings hold what they read: changing the plan afterwards
	// changes no key.
	s.Entries[0].Text = "https://acme.example"
	s.Accounts[0].Handle = "renamed"
	assert.Equal(t, "no link", keysOf(groupings, kpi.PostKey{Entry: both.ID, Channel: channel.Instagram, Account: "acme"})["link"])
	assert.Equal(t, "instagram/Acme", keysOf(groupings, kpi.PostKey{Entry: both.ID, Channel: channel.Instagram, Account: "acme"})["account"])
}

// TestPostGroupingsTextBands checks the bands at their edges: lengths in
// characters, not bytes; hashtags and links by channel.CountEntities.
func TestPostGroupingsTextBands(t *testing.T) {
	for _, tc := range []struct {
		name, text, link           string
		wantLink, wantTags, length string
	}{
		{"no text", "", "", "no link", "0", "short (<80)"},
		{"79 characters", strings.Repeat("a", 79), "", "no link", "0", "short (<80)"},
		{"80 characters", strings.Repeat("a", 80), "", "no link", "0", "medium (80-199)"},
		{"79 characters of two bytes each", strings.Repeat("ñ", 79), "", "no link", "0", "short (<80)"},
		{"199 characters", strings.Repeat("é", 199), "", "no link", "0", "medium (80-199)"},
		{"200 characters", strings.Repeat("☕", 200), "", "no link", "0", "long (200+)"},
		{"one hashtag", "#coffee", "", "no link", "1", "short (<80)"},
		{"three hashtags", "#a #b #c", "", "no link", "2-3", "short (<80)"},
		{"four hashtags", "#a #b #c #d", "", "no link", "4+", "short (<80)"},
		{"what is no hashtag", "C# # (#a) we're#1 https://acme.example/#top", "", "link", "0", "short (<80)"},
		{"a link in the text", "Read it at http://acme.example", "", "link", "0", "short (<80)"},
		{"a bare domain is no link", "Read it at acme.example", "", "no link", "0", "short (<80)"},
		{"the entry's Link", "Read it", "https://acme.example", "link", "0", "short (<80)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := calendar.Entry{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte(tc.name)), Channel: channel.Facebook, Text: tc.text, Link: tc.link,
				At: time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)}
			s := &strategy.Strategy{Zone: "UTC", Accounts: channel.Accounts{{Channel: channel.Facebook, Handle: "acme"}}, Entries: []calendar.Entry{e}}
			groupings, err := s.PostGroupings()
			require.NoError(t, err)
			got := keysOf(groupings, kpi.PostKey{Entry: e.ID, Channel: channel.Facebook})
			assert.Equal(t, tc.wantLink, got["link"])
			assert.Equal(t, tc.wantTags, got["hashtags"])
			assert.Equal(t, tc.length, got["length"])
		})
	}
}

func TestPostGroupingsForPaid(t *testing.T) {
	s := groupingsPlan(t)
	both, article := s.Entries[0], s.Entries[1]
	spend := func(entry uuid.UUID, ch channel.Channel, account, v string) kpi.PostResult {
		return kpi.PostResult{Entry: entry, Channel: ch, Account: account, Metric: kpi.Spend, Value: decimal.RequireFromString(v), Currency: "EUR"}
	}
	unknown := uuid.MustParse("00000000-0000-0000-0000-000000000001")
	results := kpi.PostResults{
		spend(both.ID, channel.Instagram, "ACME_ES", "20"),
		spend(both.ID, channel.Instagram, "Acme", "0"),
		spend(unknown, channel.Instagram, "acme", "5"),
	}
	groupings, err := s.PostGroupingsFor(results)
	require.NoError(t, err)
	var names []string
	for _, g := range groupings {
		names = append(names, g.By)
	}
	assert.Equal(t, []string{"pillar", "format", "campaign", "account", "paid", "weekday", "hour", "link", "hashtags", "length"}, names)
	for _, tc := range []struct {
		post kpi.PostKey
		want string
	}{
		{kpi.PostKey{Entry: both.ID, Channel: channel.Instagram, Account: "acme_es"}, kpi.PaidKey},
		{kpi.PostKey{Entry: both.ID, Channel: channel.Instagram, Account: "acme"}, kpi.OrganicKey},
		{kpi.PostKey{Entry: article.ID, Channel: channel.LinkedIn}, kpi.OrganicKey},
		{kpi.PostKey{Entry: unknown, Channel: channel.Instagram, Account: "acme"}, "(none)"},
	} {
		assert.Equal(t, tc.want, keysOf(groupings, tc.post)["paid"], "%+v", tc.post)
	}

	// Through WhatWorks: paid and organic groups; the unknown entry is
	// unkeyed (and, as the plan has no routine or campaign, every post in
	// pillar and campaign).
	var rs kpi.PostResults
	for i, k := range []kpi.PostKey{
		{Entry: both.ID, Channel: channel.Instagram, Account: "acme_es"},
		{Entry: both.ID, Channel: channel.Instagram, Account: "acme"},
		{Entry: article.ID, Channel: channel.LinkedIn},
		{Entry: unknown, Channel: channel.Instagram, Account: "acme"},
	} {
		rs = append(rs,
			kpi.PostResult{Entry: k.Entry, Channel: k.Channel, Account: k.Account, Metric: kpi.Engagements, Value: decimal.NewFromInt(int64(10 * (i + 1)))},
			kpi.PostResult{Entry: k.Entry, Channel: k.Channel, Account: k.Account, Metric: kpi.Reach, Value: decimal.NewFromInt(100)})
	}
	rs = append(rs, results...)
	groupings, err = s.PostGroupingsFor(rs)
	require.NoError(t, err)
	w, err := rs.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, groupings, kpi.WhatWorksOptions{})
	require.NoError(t, err)
	got := map[string]string{}
	for _, g := range w.Groupings {
		var keys []string
		for _, gr := range g.Groups {
			keys = append(keys, fmt.Sprintf("%s:%d", gr.Key, gr.Posts))
		}
		got[g.By] = strings.Join(keys, " ")
		if g.By != "pillar" && g.By != "campaign" { // the plan has neither
			assert.Equal(t, []kpi.PostKey{{Entry: unknown, Channel: channel.Instagram, Account: "acme"}}, g.Unkeyed, g.By)
		}
	}
	assert.Equal(t, "organic:2 paid:1", got["paid"])
	assert.Equal(t, "instagram/Acme:1 instagram/acme_es:1 linkedin/Acme-Co:1", got["account"])
	assert.Equal(t, "link:2 no link:1", got["link"])
}

// FuzzPostGroupingsText: any text, valid UTF-8 or not, and any variant
// text get a key in each text grouping, the band that its own length and
// channel.CountEntities give, and never a panic.
func FuzzPostGroupingsText(f *testing.F) {
	f.Add("Monday brew #coffee", "", "")
	f.Add("#a #b #c #d https://x.example", "Otro #texto", "https://acme.example")
	f.Add("\xff#\xfe C# (#x)", "\u00a0#y", "")
	f.Fuzz(func(t *testing.T, text, variant, link string) {
		e := calendar.Entry{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("fuzz")), Channel: channel.Facebook, Accounts: []string{"acme", "acme_es"},
			Text: text, Link: link, At: time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)}
		if variant != "" {
			e.Variants = []calendar.Variant{{Account: "ACME_ES", Text: variant}}
		}
		s := &strategy.Strategy{Zone: "UTC", Entries: []calendar.Entry{e}, Accounts: channel.Accounts{
			{Channel: channel.Facebook, Handle: "acme"}, {Channel: channel.Facebook, Handle: "acme_es"}}}
		groupings, err := s.PostGroupings()
		if err != nil {
			t.Fatal(err)
		}
		for _, handle := range []string{"acme", "acme_es"} {
			published := e.Post(handle).Text
			got := keysOf(groupings, kpi.PostKey{Entry: e.ID, Channel: channel.Facebook, Account: handle})
			n := len([]rune(published))
			wantLength := "medium (80-199)"
			if n < strategy.ShortTextBelow {
				wantLength = "short (<80)"
			} else if n >= strategy.LongTextFrom {
				wantLength = "long (200+)"
			}
			ent := channel.CountEntities(published)
			wantTags := map[int]string{0: "0", 1: "1", 2: "2-3", 3: "2-3"}[ent.Hashtags]
			if ent.Hashtags >= strategy.ManyHashtagsFrom {
				wantTags = "4+"
			}
			wantLink := strategy.NoLinkKey
			if link != "" || ent.Links > 0 {
				wantLink = strategy.LinkKey
			}
			if got["length"] != wantLength || got["hashtags"] != wantTags || got["link"] != wantLink {
				t.Fatalf("%s: %q: %v, want %s, %s, %s", handle, published, got, wantLength, wantTags, wantLink)
			}
		}
	})
}

// TestPostGroupingsFirstVariant: of two variants for one account (which
// Validate refuses), the first is what the account publishes, as
// calendar.Entry.Post says, even when it changes only the title.
func TestPostGroupingsFirstVariant(t *testing.T) {
	e := calendar.Entry{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("first-variant")), Channel: channel.Facebook, Accounts: []string{"acme", "acme_es"},
		Text: "#uno", At: time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC),
		Variants: []calendar.Variant{{Account: "acme_es", Title: "Título"}, {Account: "ACME_ES", Text: "#a #b #c #d https://acme.example"}}}
	s := &strategy.Strategy{Zone: "UTC", Entries: []calendar.Entry{e}, Accounts: channel.Accounts{
		{Channel: channel.Facebook, Handle: "acme"}, {Channel: channel.Facebook, Handle: "acme_es"}}}
	require.Equal(t, "#uno", e.Post("acme_es").Text)
	groupings, err := s.PostGroupings()
	require.NoError(t, err)
	got := keysOf(groupings, kpi.PostKey{Entry: e.ID, Channel: channel.Facebook, Account: "acme_es"})
	assert.Equal(t, "1", got["hashtags"])
	assert.Equal(t, "no link", got["link"])
}
