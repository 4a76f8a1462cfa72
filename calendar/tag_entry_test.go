package calendar_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

func tagsBy(source func(h string) string) func(string) calendar.LinkTags {
	return func(h string) calendar.LinkTags {
		return calendar.LinkTags{Source: source(h), Medium: "social", Campaign: "spring", Content: "e1"}
	}
}

func TestTagEntrySameTags(t *testing.T) {
	e := calendar.Entry{
		Channel: channel.LinkedIn, Accounts: []string{"acme", "jane"},
		Text:         "New roast: https://acme.example/roast. And https://acme.example/roast/2 stays.",
		FirstComment: "(https://acme.example/roast)",
		Link:         "https://acme.example/roast",
		Variants: []calendar.Variant{
			{Account: "jane", Text: "I roasted this: https://acme.example/roast"},
		},
	}
	out, err := calendar.TagEntry(e, tagsBy(func(string) string { return "linkedin" }))
	require.NoError(t, err)
	const tagged = "https://acme.example/roast?utm_source=linkedin&utm_medium=social&utm_campaign=spring&utm_content=e1"
	assert.Equal(t, tagged, out.Link)
	assert.Equal(t, "New roast: "+tagged+". And https://acme.example/roast/2 stays.", out.Text, "a longer URL that starts like the link is another URL")
	assert.Equal(t, "("+tagged+")", out.FirstComment)
	assert.Equal(t, "I roasted this: "+tagged, out.Variants[0].Text)
	assert.Empty(t, out.Variants[0].Link, "the variant still inherits the (tagged) link")
	assert.Equal(t, "https://acme.example/roast", e.Link, "the entry given is not changed")
	assert.Equal(t, "I roasted this: https://acme.example/roast", e.Variants[0].Text, "the entry's variants are not changed")
}

func TestTagEntryPerAccount(t *testing.T) {
	e := calendar.Entry{
		ID: idOf("per-account"), At: wall(mustZone(t, "Europe/Madrid"), 2027, 3, 1, 10, 0), Status: calendar.StatusDraft,
		Channel: channel.LinkedIn, Accounts: []string{"acme", "Jane"},
		Text: "Read https://acme.example/roast", Link: "https://acme.example/roast",
		Variants: []calendar.Variant{{Account: "jane", FirstComment: "Link: https://acme.example/roast"}},
	}
	out, err := calendar.TagEntry(e, tagsBy(func(h string) string { return strings.ToLower(h) }))
	require.NoError(t, err)
	require.Len(t, out.Variants, 2)
	for _, h := range e.Accounts {
		post := out.Post(h)
		tags, err := calendar.ParseLinkTags(post.Link)
		require.NoError(t, err, h)
		assert.Equal(t, strings.ToLower(h), tags.Source)
		assert.Equal(t, "Read "+post.Link, post.Text, h)
	}
	assert.Equal(t, "Link: "+out.Post("jane").Link, out.Post("jane").FirstComment)
	require.NoError(t, out.Validate())
}

func TestTagEntryRefuses(t *testing.T) {
	e := calendar.Entry{
		Channel: channel.X, Accounts: []string{"acme", "jane"},
		Link:     "https://acme.example/?utm_campaign=other",
		Variants: []calendar.Variant{{Account: "jane", Link: "ftp://acme.example/"}},
	}
	_, err := calendar.TagEntry(e, tagsBy(func(string) string { return "x" }))
	require.Error(t, err)
	assert.True(t, validation.Has(err, validation.CodeConflict, "link[utm_campaign]"), err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "variants[0].link"), err)
}

func TestTagEntryWithoutLink(t *testing.T) {
	e := calendar.Entry{ID: idOf("no-link"), Channel: channel.X, Text: "no link here"}
	out, err := calendar.TagEntry(e, tagsBy(func(string) string { return "x" }))
	require.NoError(t, err)
	assert.Equal(t, e, out)
}

// TestTaggedTextRechecked: X counts every link as 23 characters whatever
// its length, LinkedIn counts the tagged link as written, so the same
// tagging breaks LinkedIn's limit and not X's.
func TestTaggedTextRechecked(t *testing.T) {
	link := "https://acme.example/roast"
	for _, c := range []struct {
		ch     channel.Channel
		filler int
		breaks bool
	}{
		{channel.X, 280 - 23 - 1, false},
		{channel.LinkedIn, 3000 - len(link) - 1, true},
	} {
		e := calendar.Entry{ID: idOf("tagged/" + string(c.ch)), Channel: c.ch, At: wall(mustZone(t, "Europe/Madrid"), 2027, 3, 1, 10, 0), Text: strings.Repeat("a", c.filler) + " " + link, Link: link, Status: calendar.StatusApproved}
		require.NoError(t, e.Validate(), c.ch)
		out, err := calendar.TagEntry(e, tagsBy(func(string) string { return string(c.ch) }))
		require.NoError(t, err)
		err = out.Validate()
		if c.breaks {
			assert.True(t, validation.Has(err, validation.CodeTooLong, "text"), "%s: %v", c.ch, err)
		} else {
			assert.NoError(t, err, c.ch)
		}
	}
}

func FuzzTagEntry(f *testing.F) {
	f.Add("see https://a.example/p.", "https://a.example/p", "acme", "jane", true)
	f.Add("https://a.example/p https://a.example/p/2", "https://a.example/p", "acme", "", false)
	f.Add("(https://a.example/?x=1#f)", "https://a.example/?x=1#f", "a", "b", true)
	f.Fuzz(func(t *testing.T, text, link, h1, h2 string, perAccount bool) {
		e := calendar.Entry{Channel: channel.LinkedIn, Text: text, Link: link}
		for _, h := range []string{h1, h2} {
			if h != "" {
				e.Accounts = append(e.Accounts, h)
			}
		}
		out, err := calendar.TagEntry(e, func(h string) calendar.LinkTags {
			src := "linkedin"
			if perAccount && h != "" {
				src = h
			}
			return calendar.LinkTags{Source: src, Medium: "social", Campaign: "c", Content: "e"}
		})
		if err != nil {
			assert.Equal(t, text, e.Text)
			return
		}
		for _, h := range e.Targets() {
			post := out.Post(h)
			if link == "" {
				assert.Equal(t, text, post.Text)
				continue
			}
			back, err := calendar.UntagLink(post.Link)
			require.NoError(t, err)
			if post.Link != link {
				assert.Equal(t, link, back, "untagging gives the link back")
			}
			if !strings.Contains(text, post.Link) {
				assert.Equal(t, text, strings.ReplaceAll(post.Text, post.Link, link), "only the link changed in the text")
			}
		}
	})
}

// TestTagEntryLeavesLongerURLs: a URL in the text that continues the link
// (a path segment, a non-ASCII letter) is another URL and is left as it
// is; in a script written without spaces the link ends where the text
// goes on.
func TestTagEntryLeavesLongerURLs(t *testing.T) {
	tags := func(string) calendar.LinkTags { return linkTags }
	for _, c := range []struct{ text, link, want string }{
		{"Carta: https://acme.com/es/menú — pedidos: https://acme.com/es/men", "https://acme.com/es/men",
			"Carta: https://acme.com/es/menú — pedidos: https://acme.com/es/men?T"},
		{"Menu https://acme.com/menu/2025, and https://acme.com/menu!", "https://acme.com/menu",
			"Menu https://acme.com/menu/2025, and https://acme.com/menu?T!"},
		{"詳しくはhttps://acme.com/jpこちら", "https://acme.com/jp", "詳しくはhttps://acme.com/jp?Tこちら"},
		{"«https://acme.com/fr» — voir", "https://acme.com/fr", "«https://acme.com/fr?T» — voir"},
	} {
		e := calendar.Entry{Channel: channel.LinkedIn, Text: c.text, Link: c.link}
		out, err := calendar.TagEntry(e, tags)
		require.NoError(t, err)
		tail := strings.TrimPrefix(out.Link, c.link)
		assert.Equal(t, strings.ReplaceAll(c.want, "?T", tail), out.Text, c.text)
	}
}
