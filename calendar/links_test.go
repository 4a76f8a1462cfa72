package calendar_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

var linkTags = calendar.LinkTags{Source: "linkedin", Medium: "social", Campaign: "spring", Content: "post-1"}

func TestTagLink(t *testing.T) {
	const tail = "utm_source=linkedin&utm_medium=social&utm_campaign=spring&utm_content=post-1"
	for _, c := range []struct {
		name, link, want string
		tags             calendar.LinkTags
	}{
		{"no query", "https://example.com/p", "https://example.com/p?" + tail, linkTags},
		{"query kept byte for byte", "https://example.com/p?b=2&a=%41+x&&flag", "https://example.com/p?b=2&a=%41+x&&flag&" + tail, linkTags},
		{"fragment kept", "http://example.com/p?x=1#sec?a=b&c", "http://example.com/p?x=1&" + tail + "#sec?a=b&c", linkTags},
		{"fragment without query", "https://example.com/#top", "https://example.com/?" + tail + "#top", linkTags},
		{"empty query", "https://example.com/?", "https://example.com/?&" + tail, linkTags},
		{"trailing ampersand", "https://example.com/?a=1&", "https://example.com/?a=1&&" + tail, linkTags},
		{"other utm kept", "https://example.com/?utm_id=9", "https://example.com/?utm_id=9&" + tail, linkTags},
		{"term, escaped values", "https://example.com", "https://example.com?utm_source=Ma+page&utm_medium=social&utm_campaign=%C3%A9t%C3%A9+2027&utm_term=a%26b%3Dc%2F%23",
			calendar.LinkTags{Source: "Ma page", Medium: "social", Campaign: "été 2027", Term: "a&b=c/#"}},
		{"same tags: unchanged", "https://example.com/?" + tail + "#x", "https://example.com/?" + tail + "#x", linkTags},
		{"same tags elsewhere, other escapes: unchanged", "https://example.com/?utm_campaign=spr%69ng&a=1&utm%5Fcontent=post-1&utm_medium=social&utm_source=linkedin", "https://example.com/?utm_campaign=spr%69ng&a=1&utm%5Fcontent=post-1&utm_medium=social&utm_source=linkedin", linkTags},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := calendar.TagLink(c.link, c.tags)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
			back, err := calendar.ParseLinkTags(got)
			require.NoError(t, err)
			assert.Equal(t, c.tags, back)
			again, err := calendar.TagLink(got, c.tags)
			require.NoError(t, err)
			assert.Equal(t, got, again, "tagging twice is tagging once")
			if got != c.link {
				untagged, err := calendar.UntagLink(got)
				require.NoError(t, err)
				assert.Equal(t, c.link, untagged)
			}
		})
	}
}

func TestTagLinkRefuses(t *testing.T) {
	for _, c := range []struct {
		name, link string
		tags       calendar.LinkTags
		code       validation.Code
		path       string
	}{
		{"empty link", "", linkTags, validation.CodeRequired, "link"},
		{"relative", "/p?a=1", linkTags, validation.CodeInvalid, "link"},
		{"ftp", "ftp://example.com/f", linkTags, validation.CodeInvalid, "link"},
		{"mailto", "mailto:a@example.com", linkTags, validation.CodeInvalid, "link"},
		{"no host", "https:///p", linkTags, validation.CodeInvalid, "link"},
		{"space", "https://example.com/a b", linkTags, validation.CodeInvalid, "link"},
		{"bad UTF-8", "https://example.com/\xff", linkTags, validation.CodeInvalid, "link"},
		{"other source", "https://example.com/?utm_source=x", linkTags, validation.CodeConflict, "link[utm_source]"},
		{"escaped key, other value", "https://example.com/?utm%5Fmedium=email", linkTags, validation.CodeConflict, "link[utm_medium]"},
		{"partial tags: missing one conflicts", "https://example.com/?utm_source=linkedin", linkTags, validation.CodeConflict, "link[utm_medium]"},
		{"term the tags do not have", "https://example.com/?utm_source=linkedin&utm_medium=social&utm_campaign=spring&utm_content=post-1&utm_term=k", linkTags, validation.CodeConflict, "link[utm_term]"},
		{"duplicate", "https://example.com/?utm_source=linkedin&utm_source=linkedin", linkTags, validation.CodeDuplicate, "link[utm_source]"},
		{"bad escape", "https://example.com/?utm_source=%zz", linkTags, validation.CodeInvalid, "link[utm_source]"},
		{"no source", "https://example.com", calendar.LinkTags{Medium: "m", Campaign: "c"}, validation.CodeRequired, "tags.source"},
		{"no medium", "https://example.com", calendar.LinkTags{Source: "s", Campaign: "c"}, validation.CodeRequired, "tags.medium"},
		{"no campaign", "https://example.com", calendar.LinkTags{Source: "s", Medium: "m"}, validation.CodeRequired, "tags.campaign"},
		{"control character", "https://example.com", calendar.LinkTags{Source: "s", Medium: "m", Campaign: "c", Content: "a\nb"}, validation.CodeInvalid, "tags.content"},
		{"C1 control", "https://example.com", calendar.LinkTags{Source: "s", Medium: "m", Campaign: "c", Term: "a\u0085"}, validation.CodeInvalid, "tags.term"},
		{"not UTF-8", "https://example.com", calendar.LinkTags{Source: "s\xff", Medium: "m", Campaign: "c"}, validation.CodeInvalid, "tags.source"},
		{"too long", "https://example.com", calendar.LinkTags{Source: "s", Medium: "m", Campaign: strings.Repeat("é", calendar.MaxTagLength+1)}, validation.CodeTooLong, "tags.campaign"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := calendar.TagLink(c.link, c.tags)
			assert.Empty(t, got)
			assert.True(t, validation.Has(err, c.code, c.path), "%v", err)
		})
	}
}

func TestTagLinkReportsEverything(t *testing.T) {
	_, err := calendar.TagLink("ftp://x", calendar.LinkTags{Source: "s"})
	assert.True(t, validation.Has(err, validation.CodeInvalid, "link"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "tags.medium"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "tags.campaign"), "%v", err)
	_, err = calendar.TagLink("https://x/?utm_source=a&utm_campaign=b", linkTags)
	for _, path := range []string{"link[utm_source]", "link[utm_medium]", "link[utm_campaign]", "link[utm_content]"} {
		assert.True(t, validation.Has(err, validation.CodeConflict, path), "%s: %v", path, err)
	}
}

func TestLinkTagsValidate(t *testing.T) {
	assert.NoError(t, linkTags.Validate())
	assert.NoError(t, calendar.LinkTags{Source: "s", Medium: "m", Campaign: strings.Repeat("é", calendar.MaxTagLength)}.Validate())
	err := calendar.LinkTags{}.Validate()
	for _, path := range []string{"source", "medium", "campaign"} {
		assert.True(t, validation.Has(err, validation.CodeRequired, path), "%s: %v", path, err)
	}
	assert.False(t, validation.Has(err, validation.CodeRequired, "content"))
	assert.False(t, validation.Has(err, validation.CodeRequired, "term"))
}

func TestParseLinkTags(t *testing.T) {
	got, err := calendar.ParseLinkTags("https://example.com/?a=1&utm_term=x+y&utm_campaign=c&utm_medium=m&utm_source=s#f")
	require.NoError(t, err)
	assert.Equal(t, calendar.LinkTags{Source: "s", Medium: "m", Campaign: "c", Term: "x y"}, got)

	for _, c := range []struct {
		name, link string
		code       validation.Code
		path       string
	}{
		{"not http", "ftp://example.com/?utm_source=s", validation.CodeInvalid, "link"},
		{"empty", "", validation.CodeRequired, "link"},
		{"untagged", "https://example.com/?a=1", validation.CodeRequired, "link[utm_source]"},
		{"tags in the fragment only", "https://example.com/#?utm_source=s&utm_medium=m&utm_campaign=c", validation.CodeRequired, "link[utm_campaign]"},
		{"empty medium", "https://example.com/?utm_source=s&utm_medium=&utm_campaign=c", validation.CodeRequired, "link[utm_medium]"},
		{"duplicate", "https://example.com/?utm_source=s&utm_medium=m&utm_campaign=c&utm_campaign=c", validation.CodeDuplicate, "link[utm_campaign]"},
		{"control character", "https://example.com/?utm_source=s%0A&utm_medium=m&utm_campaign=c", validation.CodeInvalid, "link[utm_source]"},
		{"too long", "https://example.com/?utm_source=s&utm_medium=m&utm_campaign=" + strings.Repeat("c", calendar.MaxTagLength+1), validation.CodeTooLong, "link[utm_campaign]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := calendar.ParseLinkTags(c.link)
			assert.Equal(t, calendar.LinkTags{}, got)
			assert.True(t, validation.Has(err, c.code, c.path), "%v", err)
		})
	}
}

func TestUntagLink(t *testing.T) {
	for link, want := range map[string]string{
		"https://example.com/p":                                       "https://example.com/p",
		"https://example.com/p?":                                      "https://example.com/p?",
		"https://example.com/p?utm_source=a#f":                        "https://example.com/p#f",
		"https://example.com/p?utm_source=a&b=1&utm_term=&utm_id=3#f": "https://example.com/p?b=1&utm_id=3#f",
		"https://example.com/p?&utm_source=a":                         "https://example.com/p?",
		"https://example.com/p?b=%zz&utm%5Fsource=a&UTM_SOURCE=b":     "https://example.com/p?b=%zz&UTM_SOURCE=b",
	} {
		got, err := calendar.UntagLink(link)
		require.NoError(t, err, link)
		assert.Equal(t, want, got, link)
	}
	_, err := calendar.UntagLink("javascript:alert(1)")
	assert.True(t, validation.Has(err, validation.CodeInvalid, "link"), "%v", err)
}

func TestEntryLinkTags(t *testing.T) {
	entry := calendar.Entry{ID: uuid.MustParse("6f9619ff-8b86-4d01-b42d-00c04fc964ff"), Channel: channel.LinkedIn, CampaignID: uuid.MustParse("0b6e3c1a-2f7e-4c55-9a51-2b8f1d3e4a77")}
	tags := calendar.EntryLinkTags(entry, "", "social")
	assert.Equal(t, calendar.LinkTags{Source: "linkedin", Medium: "social", Campaign: "0b6e3c1a-2f7e-4c55-9a51-2b8f1d3e4a77", Content: "6f9619ff-8b86-4d01-b42d-00c04fc964ff"}, tags)
	assert.Equal(t, "acme_founder", calendar.EntryLinkTags(entry, "acme_founder", "social").Source)

	link, err := calendar.TagLink("https://example.com/launch?ref=nl#buy", tags)
	require.NoError(t, err)
	back, err := calendar.ParseLinkTags(link)
	require.NoError(t, err)
	gotEntry, gotCampaign, ok := back.EntryIDs()
	assert.True(t, ok)
	assert.Equal(t, entry.ID, gotEntry)
	assert.Equal(t, entry.CampaignID, gotCampaign)

	noCampaign := calendar.EntryLinkTags(calendar.Entry{ID: entry.ID, Channel: channel.X}, "", "social")
	_, err = calendar.TagLink("https://example.com", noCampaign)
	assert.True(t, validation.Has(err, validation.CodeRequired, "tags.campaign"), "%v", err)

	for _, bad := range []calendar.LinkTags{
		{Campaign: tags.Campaign},
		{Content: tags.Content},
		{Campaign: "spring", Content: tags.Content},
		{Campaign: tags.Campaign, Content: "{" + tags.Content + "}"},
		{Campaign: tags.Campaign, Content: strings.ReplaceAll(tags.Content, "-", "")},
		{Campaign: uuid.Nil.String(), Content: tags.Content},
	} {
		_, _, ok := bad.EntryIDs()
		assert.False(t, ok, "%+v", bad)
	}
}

// FuzzTagLink tags arbitrary links with arbitrary tags. TagLink never
// panics; it refuses every link that is not an absolute http(s) URL; what
// it returns reads back to the tags, is returned unchanged when tagged
// again, and without its tags is the link given (or the link itself, when
// it already carried them).
func FuzzTagLink(f *testing.F) {
	f.Add("https://example.com/p?b=2&a=%41+x#top", "linkedin", "social", "spring", "post-1", "")
	f.Add("http://example.com/?", "a b", "m", "été", "", "a&b=c#")
	f.Add("https://example.com/?utm_source=s&utm_medium=m&utm_campaign=c", "s", "m", "c", "", "")
	f.Add("https://example.com/?utm%5Fsource=s&a", "s", "m", "c", "", "")
	f.Add("ftp://example.com/", "s", "m", "c", "x", "y")
	f.Add("https://example.com/#?utm_source=s", "s", "m", "c", "x", "y")
	f.Fuzz(func(t *testing.T, link, source, medium, campaign, content, term string) {
		tags := calendar.LinkTags{Source: source, Medium: medium, Campaign: campaign, Content: content, Term: term}
		got, err := calendar.TagLink(link, tags)
		httpLink := link != "" && !validation.Has(calendar.Entry{Link: link}.Validate(), validation.CodeInvalid, "link")
		if !httpLink {
			if err == nil {
				t.Fatalf("TagLink(%q) accepted a link that is not an absolute http(s) URL", link)
			}
			return
		}
		if err != nil {
			return
		}
		if got != link {
			var want strings.Builder
			for i, v := range []string{source, medium, campaign, content, term} {
				if v != "" {
					fmt.Fprintf(&want, "&%s=%s", []string{"utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"}[i], url.QueryEscape(v))
				}
			}
			if !strings.Contains(got, want.String()[1:]) {
				t.Fatalf("TagLink(%q) = %q; want the tags written as url.QueryEscape does: %s", link, got, want.String()[1:])
			}
		}
		if validation.Has(calendar.Entry{Link: got}.Validate(), validation.CodeInvalid, "link") {
			t.Fatalf("TagLink(%q) = %q, not an absolute http(s) URL", link, got)
		}
		back, err := calendar.ParseLinkTags(got)
		if err != nil || back != tags {
			t.Fatalf("ParseLinkTags(%q) = %+v, %v; want %+v", got, back, err, tags)
		}
		again, err := calendar.TagLink(got, tags)
		if err != nil || again != got {
			t.Fatalf("TagLink(%q) again = %q, %v", got, again, err)
		}
		untagged, err := calendar.UntagLink(got)
		if err != nil {
			t.Fatal(err)
		}
		if got != link && untagged != link {
			t.Fatalf("UntagLink(%q) = %q; want %q", got, untagged, link)
		}
	})
}

// TestTagLinkEscapesAsQueryEscape: every printable ASCII character and
// multi-byte ones are written as url.QueryEscape writes them.
func TestTagLinkEscapesAsQueryEscape(t *testing.T) {
	var term strings.Builder
	for c := byte(' '); c < 0x7f; c++ {
		term.WriteByte(c)
	}
	term.WriteString("é€😀")
	tags := calendar.LinkTags{Source: "s", Medium: "m", Campaign: "c", Term: term.String()}
	got, err := calendar.TagLink("https://example.com", tags)
	require.NoError(t, err)
	assert.Equal(t, "https://example.com?utm_source=s&utm_medium=m&utm_campaign=c&utm_term="+url.QueryEscape(term.String()), got)
}

// TestLinkHostile: a link of a megabyte whose query repeats a tag 100,000
// times is refused with one duplicate per parameter, not one per repeat.
func TestLinkHostile(t *testing.T) {
	link := "https://example.com/?" + strings.Repeat("utm_source=a&utm_medium=%zz&x=1&", 100_000)
	for name, call := range map[string]func() error{
		"TagLink":       func() error { _, err := calendar.TagLink(link, linkTags); return err },
		"ParseLinkTags": func() error { _, err := calendar.ParseLinkTags(link); return err },
	} {
		err := call()
		var verr *validation.Error
		require.ErrorAs(t, err, &verr, name)
		assert.True(t, validation.Has(err, validation.CodeDuplicate, "link[utm_source]"), "%s: %v", name, err)
		assert.True(t, validation.Has(err, validation.CodeInvalid, "link[utm_medium]"), "%s: %v", name, err)
		assert.LessOrEqual(t, len(verr.Errors)+verr.Omitted, 5, name)
		assert.Less(t, len(err.Error()), 2000, name)
	}
	untagged, err := calendar.UntagLink(link)
	require.NoError(t, err)
	assert.Equal(t, "https://example.com/?"+strings.Repeat("x=1&", 100_000), untagged)
}
