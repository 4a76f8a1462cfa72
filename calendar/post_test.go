package calendar_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// wholePost is an Instagram post from the company account and the
// founder's, with a carousel of an image and a video, a first comment and
// the founder's own text.
func wholePost(t *testing.T) calendar.Entry {
	return calendar.Entry{
		ID: idOf("whole"), Channel: channel.Instagram, Accounts: []string{"acme", "jane"},
		At:   wall(mustZone(t, "Europe/Madrid"), 2027, 3, 1, 10, 0),
		Text: "Our spring roast is here.", FirstComment: "Order: https://acme.example/spring",
		Link: "https://acme.example/spring",
		Media: []channel.Media{
			{Kind: channel.Image, URL: "https://cdn.acme.example/1.jpg", AltText: "A bag of coffee"},
			{Kind: channel.Video, URL: "https://cdn.acme.example/1.mp4", Duration: 45 * time.Second, Thumbnail: "https://cdn.acme.example/1-cover.jpg"},
		},
		Variants: []calendar.Variant{{Account: "jane", Text: "I picked these beans myself."}},
		Status:   calendar.StatusApproved,
	}
}

func TestEntryPostVariants(t *testing.T) {
	e := wholePost(t)
	require.NoError(t, e.Validate())
	assert.Equal(t, "Our spring roast is here.", e.Post("acme").Text)
	jane := e.Post("JANE")
	assert.Equal(t, "I picked these beans myself.", jane.Text, "handles compare without case")
	assert.Equal(t, e.FirstComment, jane.FirstComment, "what a variant leaves empty it inherits")
	assert.Equal(t, e.Media, jane.Media)

	e.Variants[0].Media = []channel.Media{}
	assert.Empty(t, e.Post("jane").Media, "an empty, non-nil media list publishes none")
	assert.Len(t, e.Post("acme").Media, 2)
}

func TestEntryPostValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*calendar.Entry)
		code validation.Code
		path string
	}{
		{"handle with @", func(e *calendar.Entry) { e.Accounts[1] = "@jane" }, validation.CodeInvalid, "accounts[1]"},
		{"handle twice", func(e *calendar.Entry) { e.Accounts[1] = "ACME" }, validation.CodeDuplicate, "accounts[1]"},
		{"variant for an account the entry does not target", func(e *calendar.Entry) { e.Variants[0].Account = "john" }, validation.CodeNotFound, "variants[0].account"},
		{"variant without account", func(e *calendar.Entry) { e.Variants[0].Account = "" }, validation.CodeRequired, "variants[0].account"},
		{"two variants for one account", func(e *calendar.Entry) {
			e.Variants = append(e.Variants, calendar.Variant{Account: "Jane", Text: "again"})
		}, validation.CodeDuplicate, "variants[1].account"},
		{"variant that overrides nothing", func(e *calendar.Entry) { e.Variants[0].Text = "" }, validation.CodeRequired, "variants[0]"},
		{"variant text over the limit", func(e *calendar.Entry) { e.Variants[0].Text = strings.Repeat("a", 2201) }, validation.CodeTooLong, "variants[0].text"},
		{"variant link not absolute", func(e *calendar.Entry) { e.Variants[0].Link = "/spring" }, validation.CodeInvalid, "variants[0].link"},
		{"media without kind", func(e *calendar.Entry) { e.Media[0].Kind = "" }, validation.CodeRequired, "media[0].kind"},
		{"media of an unknown kind", func(e *calendar.Entry) { e.Media[0].Kind = "hologram" }, validation.CodeNotSupported, "media[0].kind"},
		{"media without URL", func(e *calendar.Entry) { e.Media[0].URL = "" }, validation.CodeRequired, "media[0].url"},
		{"media URL not http", func(e *calendar.Entry) { e.Media[0].URL = "file:///x.jpg" }, validation.CodeInvalid, "media[0].url"},
		{"image with a duration", func(e *calendar.Entry) { e.Media[0].Duration = time.Second }, validation.CodeInvalid, "media[0].duration"},
		{"negative duration", func(e *calendar.Entry) { e.Media[1].Duration = -time.Second }, validation.CodeOutOfRange, "media[1].duration"},
		{"image with a thumbnail", func(e *calendar.Entry) { e.Media[0].Thumbnail = "https://cdn.acme.example/t.jpg" }, validation.CodeInvalid, "media[0].thumbnail"},
		{"variant media checked", func(e *calendar.Entry) { e.Variants[0].Media = []channel.Media{{Kind: channel.Image}} }, validation.CodeRequired, "variants[0].media[0].url"},
		{"title on a network without titles", func(e *calendar.Entry) { e.Title = "Spring" }, validation.CodeInvalid, "title"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := wholePost(t)
			c.edit(&e)
			err := e.Validate()
			assert.True(t, validation.Has(err, c.code, c.path), "want %s at %s; got %v", c.code, c.path, err)
		})
	}
}

// TestVariantErrorsOnlyForOverrides: a text over the limit is reported
// once, at the entry, not again for each variant that inherits it.
func TestVariantErrorsOnlyForOverrides(t *testing.T) {
	e := wholePost(t)
	e.Text = strings.Repeat("a", 2201)
	e.Variants[0] = calendar.Variant{Account: "jane", FirstComment: "mine"}
	err := e.Validate()
	assert.True(t, validation.Has(err, validation.CodeTooLong, "text"), "%v", err)
	assert.False(t, validation.Has(err, validation.CodeTooLong, "variants[0].text"), "%v", err)
}

func TestEntryWholePostJSON(t *testing.T) {
	e := wholePost(t)
	e.Variants = append(e.Variants, calendar.Variant{Account: "acme", Media: []channel.Media{}})
	data, err := json.Marshal(e)
	require.NoError(t, err)
	for _, want := range []string{`"accounts":["acme","jane"]`, `"firstComment":"Order: https://acme.example/spring"`,
		`"duration":"45s"`, `"altText":"A bag of coffee"`, `{"account":"acme","media":[]}`} {
		assert.Contains(t, string(data), want)
	}
	var back calendar.Entry
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, e.Variants, back.Variants)
	assert.Equal(t, e.Media, back.Media)
	assert.Equal(t, e.Accounts, back.Accounts)

	for _, bad := range []string{
		strings.Replace(string(data), `"altText"`, `"alttext"`, 1),
		strings.Replace(string(data), `"kind":"image"`, `"kind":"gif"`, 1),
		strings.Replace(string(data), `"duration":"45s"`, `"duration":45`, 1),
		strings.Replace(string(data), `"duration":"45s"`, `"duration":"45 seconds"`, 1),
		strings.Replace(string(data), `"account":"jane"`, `"Account":"jane"`, 1),
	} {
		assert.Error(t, json.Unmarshal([]byte(bad), &back), bad)
	}
}

// TestDraftMayLackMediaAndTitle: what a network requires of a post (an
// Instagram post's media, a YouTube video's title) is required once the
// entry is approved, as its text is; a draft may lack it.
func TestDraftMayLackMediaAndTitle(t *testing.T) {
	at := wall(mustZone(t, "Europe/Madrid"), 2027, 3, 1, 10, 0)
	for _, e := range []calendar.Entry{
		{ID: idOf("ig-draft"), Channel: channel.Instagram, At: at, Text: "soon"},
		{ID: idOf("yt-draft"), Channel: channel.YouTube, At: at, Text: "soon", Media: []channel.Media{{Kind: channel.Video, URL: "https://cdn.example.com/v.mp4"}}},
	} {
		e.Status = calendar.StatusDraft
		require.NoError(t, e.Validate(), e.Channel)
		e.Status = calendar.StatusApproved
		err := e.Validate()
		assert.True(t, validation.Has(err, validation.CodeRequired, "media") || validation.Has(err, validation.CodeRequired, "title"), "%s: %v", e.Channel, err)
	}
}

// TestMediaWithoutKindRoundTrips: a draft's attachment without a kind yet
// is saved and loaded; Validate reports the missing kind.
func TestMediaWithoutKindRoundTrips(t *testing.T) {
	e := wholePost(t)
	e.Status = calendar.StatusDraft
	e.Media = []channel.Media{{URL: "https://cdn.acme.example/a.jpg"}}
	data, err := json.Marshal(e)
	require.NoError(t, err)
	var back calendar.Entry
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, e.Media, back.Media)
	assert.True(t, validation.Has(back.Validate(), validation.CodeRequired, "media[0].kind"))
	assert.Error(t, json.Unmarshal([]byte(`{"kind":"","url":"https://a.example"}`), &channel.Media{}), "an empty kind written out is not the writer's")
}

func TestVariantAccountIsAHandle(t *testing.T) {
	e := wholePost(t)
	e.Variants[0].Account = "@jane"
	assert.True(t, validation.Has(e.Validate(), validation.CodeInvalid, "variants[0].account"))
}

// TestTitleFromEveryVariant: a YouTube entry whose every account's variant
// sets the title needs none of its own; one account without it does.
func TestTitleFromEveryVariant(t *testing.T) {
	e := calendar.Entry{ID: idOf("yt"), Channel: channel.YouTube, At: wall(mustZone(t, "Europe/Madrid"), 2027, 3, 1, 10, 0),
		Status: calendar.StatusApproved, Text: "film", Accounts: []string{"acme", "acme-es"},
		Media:    []channel.Media{{Kind: channel.Video, URL: "https://cdn.acme.example/v.mp4"}},
		Variants: []calendar.Variant{{Account: "acme", Title: "Our farm"}, {Account: "acme-es", Title: "Nuestra finca"}}}
	require.NoError(t, e.Validate())
	e.Variants = e.Variants[:1]
	assert.True(t, validation.Has(e.Validate(), validation.CodeRequired, "title"))
}

// TestFillQueueWholePostFromTheRoutinesAccount: a queued draft becomes an
// entry with its whole post, published from the account of the routine
// whose slot it fills.
func TestFillQueueWholePostFromTheRoutinesAccount(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	r := routine(t, "founder-posts", channel.LinkedIn, wall(madrid, 2027, 3, 1, 9, 0), "FREQ=WEEKLY;COUNT=2")
	r.Account = "jane"
	d := calendar.Draft{ID: idOf("queued"), Channel: channel.LinkedIn, Text: "A note from me", FirstComment: "More: https://acme.example",
		Media: []channel.Media{{Kind: channel.Document, URL: "https://cdn.acme.example/deck.pdf"}}}
	slots, err := calendar.Slots([]calendar.Routine{r}, nil, calendar.Window{From: wall(madrid, 2027, 3, 1, 0, 0), To: wall(madrid, 2027, 3, 20, 0, 0)})
	require.NoError(t, err)
	fill, err := calendar.FillQueue([]calendar.Draft{d}, slots, calendar.Rules{}, nil)
	require.NoError(t, err)
	require.Len(t, fill.Scheduled, 1)
	e := fill.Scheduled[0]
	assert.Equal(t, []string{"jane"}, e.Accounts)
	assert.Equal(t, d.FirstComment, e.FirstComment)
	assert.Equal(t, d.Media, e.Media)
	require.NoError(t, e.Validate())

	// A draft the network would refuse is refused in the queue already.
	d.Media = append(d.Media, channel.Media{Kind: channel.Image, URL: "https://cdn.acme.example/a.jpg"})
	_, err = calendar.FillQueue([]calendar.Draft{d}, slots, calendar.Rules{}, nil)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "queue[0].media") || validation.Has(err, validation.CodeConflict, "queue[0].media"), "%v", err)
}
