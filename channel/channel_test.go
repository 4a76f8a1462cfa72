package channel_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

func TestAllHaveLimits(t *testing.T) {
	require.Len(t, channel.All(), 11)
	for _, c := range channel.All() {
		t.Run(c.String(), func(t *testing.T) {
			assert.True(t, c.IsValid())
			l, ok := c.Limits()
			require.True(t, ok)
			assert.NotEmpty(t, l.Name)
			assert.Equal(t, l.Name, c.Name())
			assert.Positive(t, l.MaxText)
			assert.True(t, l.Counting.IsValid())
			assert.NotEmpty(t, l.Source, "every figure names its source")
		})
	}
}

func TestAllIsACopy(t *testing.T) {
	a := channel.All()
	a[0] = "myspace"
	assert.Equal(t, channel.Instagram, channel.All()[0])
}

func TestJSONStrict(t *testing.T) {
	type post struct {
		Channel channel.Channel `json:"channel"`
	}
	var p post
	require.NoError(t, json.Unmarshal([]byte(`{"channel":"linkedin"}`), &p))
	assert.Equal(t, channel.LinkedIn, p.Channel)

	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"channel":"linkedin"}`, string(b))

	for _, bad := range []string{`{"channel":"LinkedIn"}`, `{"channel":"myspace"}`, `{"channel":""}`} {
		err := json.Unmarshal([]byte(bad), &p)
		require.Error(t, err, bad)
		assert.True(t, errors.Is(err, validation.ErrUnknownValue), bad)
		assert.Contains(t, err.Error(), `"instagram"`, "the error lists the valid values")
	}

	_, err = json.Marshal(post{Channel: "myspace"})
	assert.Error(t, err, "an invalid channel never reaches JSON")
}

func TestParse(t *testing.T) {
	c, err := channel.Parse("bluesky")
	require.NoError(t, err)
	assert.Equal(t, channel.Bluesky, c)
	_, err = channel.Parse("Bluesky")
	assert.ErrorIs(t, err, validation.ErrUnknownValue)
	assert.Equal(t, "myspace", channel.Channel("myspace").Name())
	_, ok := channel.Channel("myspace").Limits()
	assert.False(t, ok)
}

func TestCounting(t *testing.T) {
	const (
		family = "\U0001F468\u200D\U0001F469\u200D\U0001F467" // man, ZWJ, woman, ZWJ, girl
		flag   = "\U0001F1EA\U0001F1F8"                       // regional indicators E S
		thumb  = "\U0001F44D\U0001F3FD"                       // thumbs up, medium skin tone
		eAcute = "e\u0301"                                    // e + combining acute
		keycap = "1\uFE0F\u20E3"
	)
	tests := []struct {
		name     string
		counting channel.Counting
		link     int
		text     string
		want     int
	}{
		{"runes ascii", channel.CountRunes, 0, "hello", 5},
		{"runes accent", channel.CountRunes, 0, "café", 4},
		{"runes family", channel.CountRunes, 0, family, 5},
		{"utf16 ascii", channel.CountUTF16, 0, "hello", 5},
		{"utf16 emoji", channel.CountUTF16, 0, "\U0001F600", 2},
		{"utf16 family", channel.CountUTF16, 0, family, 8},
		{"bytes", channel.CountBytes, 0, "café", 5},
		{"graphemes ascii", channel.CountGraphemes, 0, "hello", 5},
		{"graphemes family", channel.CountGraphemes, 0, family, 1},
		{"graphemes flags", channel.CountGraphemes, 0, flag + flag + "\U0001F1EA", 3},
		{"graphemes skin tone", channel.CountGraphemes, 0, thumb, 1},
		{"graphemes combining", channel.CountGraphemes, 0, eAcute + eAcute, 2},
		{"graphemes keycap", channel.CountGraphemes, 0, keycap, 1},
		{"graphemes crlf", channel.CountGraphemes, 0, "a\r\nb", 3},
		{"x latin", channel.CountXWeighted, 23, "hello world", 11},
		{"x cjk", channel.CountXWeighted, 23, "日本語", 6},
		{"x emoji sequence", channel.CountXWeighted, 23, family, 2},
		{"x flag", channel.CountXWeighted, 23, flag, 2},
		{"x link", channel.CountXWeighted, 23, "see https://example.com/a/very/long/path/that/goes/on/and/on", 27},
		{"x general punctuation", channel.CountXWeighted, 23, "\u2014\u201Cq\u201D", 4},
		{"mastodon link", channel.CountMastodon, 23, "read https://example.com/x", 28},
		{"mastodon remote mention", channel.CountMastodon, 23, "hi @alice@example.social", 9},
		{"mastodon local mention", channel.CountMastodon, 23, "hi @alice", 9},
		{"mastodon spaces kept", channel.CountMastodon, 23, "  a  b  ", 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.counting.Count(tt.text, tt.link))
		})
	}
}

func TestCheckText(t *testing.T) {
	x, _ := channel.X.Limits()
	assert.Empty(t, x.CheckText(validation.NewPath("text"), "short"))

	long := strings.Repeat("a", 281)
	err := x.CheckText(validation.NewPath("text"), long).Err()
	assert.True(t, validation.Has(err, validation.CodeTooLong, "text"))

	// 140 CJK characters weigh 280: exactly at the limit; one more is over.
	assert.Empty(t, x.CheckText(nil, strings.Repeat("語", 140)))
	assert.NotEmpty(t, x.CheckText(nil, strings.Repeat("語", 141)))

	bsky, _ := channel.Bluesky.Limits()
	// 300 family emoji are 300 graphemes but 5,400 bytes: over the byte limit only.
	fam := strings.Repeat("\U0001F468\u200D\U0001F469\u200D\U0001F467", 300)
	list := bsky.CheckText(validation.NewPath("text"), fam)
	require.Len(t, list, 1)
	assert.Equal(t, validation.CodeTooLong, list[0].Code)
	assert.Contains(t, list[0].Detail, "bytes")

	th, _ := channel.Threads.Limits()
	err = th.CheckText(validation.NewPath("text"), "#one #two").Err()
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "text"))

	ig, _ := channel.Instagram.Limits()
	assert.NotEmpty(t, ig.CheckText(nil, strings.Repeat("@a ", 21)))
	assert.NotEmpty(t, th.CheckText(nil, strings.Repeat("https://a.b ", 6)))
}

func TestCountingJSON(t *testing.T) {
	l, _ := channel.X.Limits()
	b, err := json.Marshal(l)
	require.NoError(t, err)
	var back channel.Limits
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, l, back)

	var c channel.Counting
	assert.ErrorIs(t, c.UnmarshalText([]byte("words")), validation.ErrUnknownValue)
	_, err = channel.Counting("words").MarshalText()
	assert.Error(t, err)
	assert.False(t, channel.Counting("words").IsValid())
}

func TestLimitsValidate(t *testing.T) {
	for _, c := range channel.All() {
		l, _ := c.Limits()
		assert.NoError(t, l.Validate(), c)
	}
	err := channel.Limits{Counting: "words", MaxText: -1, LinkLength: 23}.Validate()
	assert.True(t, validation.Has(err, validation.CodeRequired, "name"))
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "counting"))
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "maxText"))
	assert.True(t, validation.Has(err, validation.CodeConflict, "linkLength"))
}
