package channel_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

func images(n int) []channel.Media {
	out := make([]channel.Media, n)
	for i := range out {
		out[i] = channel.Media{Kind: channel.Image, URL: "https://cdn.example/" + strings.Repeat("i", i+1) + ".jpg"}
	}
	return out
}

func video(d time.Duration) channel.Media {
	return channel.Media{Kind: channel.Video, URL: "https://cdn.example/v.mp4", Duration: d}
}

func document() channel.Media {
	return channel.Media{Kind: channel.Document, URL: "https://cdn.example/deck.pdf"}
}

func withAlt(m channel.Media, alt string) channel.Media {
	m.AltText = alt
	return m
}

// want is one expected field error: its path, code and a piece of its
// detail.
type want struct {
	path   string
	code   validation.Code
	detail string
}

func TestCheckPostPerNetwork(t *testing.T) {
	tests := []struct {
		name    string
		channel channel.Channel
		post    channel.Post
		want    []want
	}{
		{"instagram carousel of 11", channel.Instagram, channel.Post{Text: "our menu", Media: images(11)},
			[]want{{"media", validation.CodeOutOfRange, "has 11 attachments; Instagram allows 10"}}},
		{"instagram carousel of 10 fits", channel.Instagram, channel.Post{Media: images(10)}, nil},
		{"instagram without media", channel.Instagram, channel.Post{Text: "words only"},
			[]want{{"media", validation.CodeRequired, "Instagram posts need at least 1 attachment"}}},
		{"instagram document", channel.Instagram, channel.Post{Media: []channel.Media{images(1)[0], document()}},
			[]want{{"media[1].kind", validation.CodeNotSupported, `"document" is not supported; valid values are "image", "video"`}}},
		{"instagram reel too short", channel.Instagram, channel.Post{Media: []channel.Media{video(2 * time.Second)}},
			[]want{{"media[0].duration", validation.CodeOutOfRange, "lasts 2s; Instagram takes videos of at least 3s"}}},
		{"instagram reel too long", channel.Instagram, channel.Post{Media: []channel.Media{video(15*time.Minute + time.Second)}},
			[]want{{"media[0].duration", validation.CodeOutOfRange, "lasts 15m1s; Instagram takes videos of at most 15m0s"}}},
		{"instagram video of unknown length", channel.Instagram, channel.Post{Media: []channel.Media{video(0)}}, nil},
		{"instagram alt text on a reel", channel.Instagram, channel.Post{Media: []channel.Media{withAlt(video(time.Minute), "a barista")}},
			[]want{{"media[0].altText", validation.CodeInvalid, "Instagram takes no alt text on a video"}}},
		{"instagram title", channel.Instagram, channel.Post{Title: "A title", Media: images(1)},
			[]want{{"title", validation.CodeInvalid, "Instagram posts have no title"}}},
		{"instagram first comment is a comment", channel.Instagram, channel.Post{FirstComment: strings.Repeat("#tag ", 100), Media: images(1)}, nil},

		{"x five images", channel.X, channel.Post{Media: images(5)},
			[]want{{"media", validation.CodeOutOfRange, "has 5 attachments; X allows 4"}}},
		{"x two videos", channel.X, channel.Post{Media: []channel.Media{video(time.Minute), video(time.Minute)}},
			[]want{{"media", validation.CodeOutOfRange, "has 2 videos; X allows 1"}}},
		{"x image and video", channel.X, channel.Post{Media: []channel.Media{images(1)[0], video(time.Minute)}},
			[]want{{"media", validation.CodeConflict, "mixes image, video; X takes one kind of attachment per post"}}},
		{"x video over 20 minutes", channel.X, channel.Post{Media: []channel.Media{video(20*time.Minute + time.Second)}},
			[]want{{"media[0].duration", validation.CodeOutOfRange, "lasts 20m1s; X takes videos of at most 20m0s"}}},
		// 2:21 was over the limit X documented until 2025 (140 seconds),
		// which now applies to direct messages only.
		{"x video of 2:21 fits", channel.X, channel.Post{Media: []channel.Media{video(2*time.Minute + 21*time.Second)}}, nil},
		{"x alt text too long", channel.X, channel.Post{Media: []channel.Media{withAlt(images(1)[0], strings.Repeat("a", 1001))}},
			[]want{{"media[0].altText", validation.CodeTooLong, "is 1001 characters long; at most 1000 allowed"}}},
		{"x alt text at the limit", channel.X, channel.Post{Media: []channel.Media{withAlt(images(1)[0], strings.Repeat("é", 1000))}}, nil},
		{"x alt text on a video", channel.X, channel.Post{Media: []channel.Media{withAlt(video(time.Minute), "a pour-over")}},
			[]want{{"media[0].altText", validation.CodeInvalid, "X takes no alt text on a video"}}},
		{"x reply counted as a post", channel.X, channel.Post{Text: "ok", FirstComment: strings.Repeat("語", 141)},
			[]want{{"firstComment", validation.CodeTooLong, "is 282 weighted characters long; at most 280 allowed"}}},
		{"x text-only post fits", channel.X, channel.Post{Text: "no media needed"}, nil},

		{"linkedin 21 images", channel.LinkedIn, channel.Post{Media: images(21)},
			[]want{{"media", validation.CodeOutOfRange, "has 21 attachments; LinkedIn allows 20"}}},
		{"linkedin two documents", channel.LinkedIn, channel.Post{Media: []channel.Media{document(), document()}},
			[]want{{"media", validation.CodeOutOfRange, "has 2 documents; LinkedIn allows 1"}}},
		{"linkedin document and image", channel.LinkedIn, channel.Post{Media: []channel.Media{document(), images(1)[0]}},
			[]want{{"media", validation.CodeConflict, "mixes image, document"}}},
		{"linkedin document fits", channel.LinkedIn, channel.Post{Text: "our deck", Media: []channel.Media{document()}}, nil},
		{"linkedin video over 30 minutes", channel.LinkedIn, channel.Post{Media: []channel.Media{video(31 * time.Minute)}},
			[]want{{"media[0].duration", validation.CodeOutOfRange, "LinkedIn takes videos of at most 30m0s"}}},

		{"youtube without title", channel.YouTube, channel.Post{Media: []channel.Media{video(time.Minute)}},
			[]want{{"title", validation.CodeRequired, "YouTube posts need a title"}}},
		{"youtube title of 101", channel.YouTube, channel.Post{Title: strings.Repeat("t", 101), Media: []channel.Media{video(time.Minute)}},
			[]want{{"title", validation.CodeTooLong, "is 101 characters long; at most 100 allowed"}}},
		{"youtube title of 100 fits", channel.YouTube, channel.Post{Title: strings.Repeat("ñ", 100), Media: []channel.Media{video(time.Minute)}}, nil},
		{"youtube without video", channel.YouTube, channel.Post{Title: "Brewing", Text: "a description"},
			[]want{{"media", validation.CodeRequired, "YouTube posts need at least 1 attachment"}}},
		{"youtube image", channel.YouTube, channel.Post{Title: "Brewing", Media: images(1)},
			[]want{{"media[0].kind", validation.CodeNotSupported, `valid values are "video"`}}},
		{"youtube alt text", channel.YouTube, channel.Post{Title: "Brewing", Media: []channel.Media{withAlt(video(time.Minute), "x")}},
			[]want{{"media[0].altText", validation.CodeInvalid, "YouTube takes no alt text on a video"}}},

		{"tiktok first comment", channel.TikTok, channel.Post{Media: []channel.Media{video(time.Minute)}, FirstComment: "link in bio"},
			[]want{{"firstComment", validation.CodeInvalid, "TikTok's publishing API cannot post a first comment"}}},
		{"tiktok photo post of 36", channel.TikTok, channel.Post{Media: images(36)},
			[]want{{"media", validation.CodeOutOfRange, "has 36 attachments; TikTok allows 35"}}},
		{"tiktok photos and video", channel.TikTok, channel.Post{Media: []channel.Media{images(1)[0], video(time.Minute)}},
			[]want{{"media", validation.CodeConflict, "TikTok takes one kind of attachment per post"}}},
		{"tiktok photo title of 91", channel.TikTok, channel.Post{Title: strings.Repeat("t", 91), Media: images(2)},
			[]want{{"title", validation.CodeTooLong, "at most 90 allowed"}}},

		{"pinterest six images", channel.Pinterest, channel.Post{Media: images(6)},
			[]want{{"media", validation.CodeOutOfRange, "has 6 attachments; Pinterest allows 5"}}},
		{"pinterest alt text of 501", channel.Pinterest, channel.Post{Media: []channel.Media{withAlt(images(1)[0], strings.Repeat("a", 501))}},
			[]want{{"media[0].altText", validation.CodeTooLong, "at most 500 allowed"}}},
		{"pinterest first comment", channel.Pinterest, channel.Post{Media: images(1), FirstComment: "more pins"},
			[]want{{"firstComment", validation.CodeInvalid, "Pinterest's publishing API cannot post a first comment"}}},

		{"threads carousel of 21", channel.Threads, channel.Post{Media: images(21)},
			[]want{{"media", validation.CodeOutOfRange, "has 21 attachments; Threads allows 20"}}},
		{"threads mixed carousel fits", channel.Threads, channel.Post{Media: append(images(19), video(time.Minute))}, nil},
		{"threads video over 5 minutes", channel.Threads, channel.Post{Media: []channel.Media{video(5*time.Minute + time.Second)}},
			[]want{{"media[0].duration", validation.CodeOutOfRange, "Threads takes videos of at most 5m0s"}}},
		{"threads reply with two topic tags", channel.Threads, channel.Post{Text: "hi", FirstComment: "#one #two"},
			[]want{{"firstComment", validation.CodeOutOfRange, "has 2 hashtags; Threads allows 1"}}},

		{"bluesky five images", channel.Bluesky, channel.Post{Media: images(5)},
			[]want{{"media", validation.CodeOutOfRange, "has 5 attachments; Bluesky allows 4"}}},
		{"bluesky long image alt text fits", channel.Bluesky, channel.Post{Media: []channel.Media{withAlt(images(1)[0], strings.Repeat("a", 5000))}}, nil},

		{"mastodon alt text of 1501", channel.Mastodon, channel.Post{Media: []channel.Media{withAlt(images(1)[0], strings.Repeat("a", 1501))}},
			[]want{{"media[0].altText", validation.CodeTooLong, "at most 1500 allowed"}}},
		{"mastodon video beside an image", channel.Mastodon, channel.Post{Media: []channel.Media{video(time.Minute), images(1)[0]}},
			[]want{{"media", validation.CodeConflict, "Mastodon takes one kind of attachment per post"}}},

		{"reddit without title", channel.Reddit, channel.Post{Text: "question"},
			[]want{{"title", validation.CodeRequired, "Reddit posts need a title"}}},
		{"facebook title", channel.Facebook, channel.Post{Text: "hello", Title: "no"},
			[]want{{"title", validation.CodeInvalid, "Facebook posts have no title"}}},
		{"facebook text-only post fits", channel.Facebook, channel.Post{Text: "hello", FirstComment: "more below"}, nil},

		{"every problem at once", channel.X, channel.Post{
			Text: strings.Repeat("a", 281), Title: "t", FirstComment: strings.Repeat("b", 281),
			Media: []channel.Media{withAlt(video(21*time.Minute), "v"), images(1)[0], document(), images(1)[0], images(1)[0]},
		}, []want{
			{"text", validation.CodeTooLong, "is 281 weighted characters long"},
			{"title", validation.CodeInvalid, "X posts have no title"},
			{"firstComment", validation.CodeTooLong, "is 281 weighted characters long"},
			{"media", validation.CodeOutOfRange, "has 5 attachments; X allows 4"},
			{"media", validation.CodeConflict, "mixes image, video, document"},
			{"media[0].duration", validation.CodeOutOfRange, "lasts 21m0s"},
			{"media[0].altText", validation.CodeInvalid, "X takes no alt text on a video"},
			{"media[2].kind", validation.CodeNotSupported, `"document" is not supported`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ok := tt.channel.Limits()
			require.True(t, ok)
			list := l.CheckPost(nil, tt.post)
			if tt.want == nil {
				assert.Nil(t, list, "%v", list.Err())
				return
			}
			require.Len(t, list, len(tt.want), "%v", list.Err())
			for i, w := range tt.want {
				assert.Equal(t, w.path, list[i].Path, "error %d", i)
				assert.Equal(t, w.code, list[i].Code, "error %d: %s", i, list[i].Detail)
				assert.Contains(t, list[i].Detail, w.detail, "error %d", i)
			}
		})
	}
}

// TestCheckPostPaths: the paths are below the caller's path, as calendar's
// entries and their variants need them.
func TestCheckPostPaths(t *testing.T) {
	l, _ := channel.X.Limits()
	p := validation.NewPath("entries").Index(3).Child("variants").Index(1)
	list := l.CheckPost(p, channel.Post{
		Text:  strings.Repeat("a", 281),
		Media: []channel.Media{images(1)[0], images(1)[0], images(1)[0], withAlt(images(1)[0], strings.Repeat("a", 1001))},
	})
	require.Len(t, list, 2)
	assert.Equal(t, "entries[3].variants[1].text", list[0].Path)
	assert.Equal(t, "entries[3].variants[1].media[3].altText", list[1].Path)
}

// fitting is a post that fits every network's limits.
var fitting = map[channel.Channel]channel.Post{
	channel.Instagram: {Text: "New season #coffee", FirstComment: "#brew #v60", Media: []channel.Media{withAlt(images(1)[0], "a cup"), video(30 * time.Second)}},
	channel.Facebook:  {Text: "Open today until 20:00", FirstComment: "Menu: https://example.com/menu"},
	channel.X:         {Text: "Spring menu https://example.com/spring", FirstComment: "More below", Media: []channel.Media{withAlt(images(1)[0], "a cup")}},
	channel.LinkedIn:  {Text: "Our office guide", Media: []channel.Media{document()}},
	channel.TikTok:    {Text: "60 seconds of latte art", Media: []channel.Media{video(time.Minute)}},
	channel.YouTube:   {Title: "Three V60 mistakes", Text: "How to fix them", Media: []channel.Media{video(8 * time.Minute)}},
	channel.Pinterest: {Title: "Cold brew at home", Text: "Steps", Media: []channel.Media{withAlt(images(1)[0], "a jar of cold brew")}},
	channel.Threads:   {Text: "Which brew method? #coffee", FirstComment: "Tell us", Media: append(images(3), video(time.Minute))},
	channel.Bluesky:   {Text: "Fresh beans", FirstComment: "From Huila", Media: []channel.Media{withAlt(video(time.Minute), "beans")}},
	channel.Mastodon:  {Text: "Fresh beans @alice@example.social", Media: images(4)},
	channel.Reddit:    {Title: "We roast coffee, ask us anything", Text: "Hi r/coffee", FirstComment: "Proof"},
}

// TestCheckPostFits: a post that fits is nil, and costs no allocation,
// since calendar checks every entry of a plan with it.
func TestCheckPostFits(t *testing.T) {
	require.Len(t, fitting, len(channel.All()))
	p := validation.NewPath("entries").Index(7)
	for _, c := range channel.All() {
		t.Run(c.String(), func(t *testing.T) {
			l, _ := c.Limits()
			post := fitting[c]
			require.Nil(t, l.CheckPost(p, post))
			allocs := testing.AllocsPerRun(20, func() { _ = l.CheckPost(p, post) })
			assert.Zero(t, allocs)
		})
	}
}

// TestPostFiguresValidate: every network's figures satisfy Validate, and
// hang together: no kind counted that the network does not take, no
// per-kind count above the total, a required title with a length.
func TestPostFiguresValidate(t *testing.T) {
	for _, c := range channel.All() {
		t.Run(c.String(), func(t *testing.T) {
			l, _ := c.Limits()
			require.NoError(t, l.Validate())
			for _, n := range []int{l.MaxImages, l.MaxVideos, l.MaxDocuments, l.MinAttachments} {
				if l.MaxAttachments > 0 {
					assert.LessOrEqual(t, n, l.MaxAttachments)
				}
			}
			if l.TitleRequired {
				assert.Positive(t, l.MaxTitle)
			}
			assert.True(t, l.FirstComment.IsValid(), "every network says how it takes a first comment")
			assert.Contains(t, l.Source, "first comment", "the source says how the first comment is posted")
			b, err := json.Marshal(l)
			require.NoError(t, err)
			var back channel.Limits
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, l, back)
		})
	}
	// Only LinkedIn takes documents.
	for _, c := range channel.All() {
		l, _ := c.Limits()
		assert.Equal(t, c == channel.LinkedIn, l.Media.Has(channel.Document), c)
	}
}

func TestLimitsValidatePost(t *testing.T) {
	l := channel.Limits{
		Name: "N", Counting: channel.CountRunes,
		Media: channel.SetOf(channel.Image), MaxDocuments: 1, MaxImages: -1,
		MinAttachments: 3, MaxAttachments: 2, MinVideoSeconds: 10, MaxVideoSeconds: 5,
		MaxAltText: -1, FirstComment: channel.FirstCommentAsReply, MaxFirstComment: 10,
	}
	err := l.Validate()
	for _, w := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeOutOfRange, "maxImages"},
		{validation.CodeOutOfRange, "maxAltText"},
		{validation.CodeConflict, "minAttachments"},
		{validation.CodeConflict, "minVideoSeconds"},
		{validation.CodeConflict, "maxDocuments"},
		{validation.CodeConflict, "maxFirstComment"},
	} {
		assert.True(t, validation.Has(err, w.code, w.path), "%s %s: %v", w.code, w.path, err)
	}
	bad := channel.Limits{Name: "N", Counting: channel.CountRunes, FirstComment: "carrier_pigeon"}
	assert.True(t, validation.Has(bad.Validate(), validation.CodeNotSupported, "firstComment"))
	assert.NoError(t, channel.Limits{Name: "N", Counting: channel.CountRunes}.Validate(), "the zero figures restrict nothing")
}

// TestZeroLimitsRestrictNothing: limits without figures pass any post
// without a title; a zero MaxTitle means the posts have no title.
func TestZeroLimitsRestrictNothing(t *testing.T) {
	l := channel.Limits{Name: "Anything", Counting: channel.CountRunes}
	post := channel.Post{Text: strings.Repeat("a", 100000), FirstComment: "x",
		Media: append(append(images(50), video(10*time.Hour)), withAlt(document(), strings.Repeat("d", 9000)))}
	assert.Nil(t, l.CheckPost(nil, post))
	post.Title = "A title"
	list := l.CheckPost(nil, post)
	require.Len(t, list, 1)
	assert.Equal(t, "title", list[0].Path)
}

func TestKindSet(t *testing.T) {
	s := channel.SetOf(channel.Video, channel.Image, channel.Image, "hologram")
	assert.True(t, s.Has(channel.Image))
	assert.True(t, s.Has(channel.Video))
	assert.False(t, s.Has(channel.Document))
	assert.False(t, s.Has("hologram"))
	assert.Equal(t, []channel.MediaKind{channel.Image, channel.Video}, s.Kinds())
	assert.Equal(t, "image, video", s.String())
	assert.True(t, channel.KindSet(0).IsEmpty())

	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `["image","video"]`, string(b))
	var back channel.KindSet
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, s, back)

	require.NoError(t, json.Unmarshal([]byte(`null`), &back))
	assert.True(t, back.IsEmpty())
	b, err = json.Marshal(channel.KindSet(0))
	require.NoError(t, err)
	assert.Equal(t, `[]`, string(b))

	for _, bad := range []string{`["image","image"]`, `["hologram"]`, `["Image"]`, `"image"`, `[1]`} {
		back = channel.SetOf(channel.Document)
		assert.Error(t, json.Unmarshal([]byte(bad), &back), bad)
	}
	_, err = json.Marshal(channel.KindSet(0xff))
	assert.Error(t, err, "bits that name no kind never reach JSON")

	// Limits stay comparable values: a caller cannot change the figures
	// through the limits it was given.
	l, _ := channel.YouTube.Limits()
	l.Media = channel.SetOf(channel.Image)
	again, _ := channel.YouTube.Limits()
	assert.Equal(t, channel.SetOf(channel.Video), again.Media)
}

func TestFirstCommentMode(t *testing.T) {
	var m channel.FirstCommentMode
	require.NoError(t, m.UnmarshalText([]byte("reply")))
	assert.Equal(t, channel.FirstCommentAsReply, m)
	assert.Equal(t, "reply", m.String())
	assert.ErrorIs(t, m.UnmarshalText([]byte("Reply")), validation.ErrUnknownValue)
	assert.Equal(t, channel.FirstCommentAsReply, m, "a failed decode leaves the value")
	_, err := channel.FirstCommentMode("dm").MarshalText()
	assert.Error(t, err)
	assert.False(t, channel.FirstCommentMode("").IsValid())

	var l channel.Limits
	assert.Error(t, json.Unmarshal([]byte(`{"name":"N","counting":"runes","firstComment":"dm"}`), &l))
}
