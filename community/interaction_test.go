package community_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

func TestSampleInboxIsValid(t *testing.T) {
	require.NoError(t, sampleInbox().Validate())
}

func TestInteractionValidate(t *testing.T) {
	valid := community.Interaction{
		ID: "x", Kind: community.KindComment, Channel: channel.Instagram,
		Author: community.Author{Handle: "ana"}, At: at(12, 10, 0),
	}
	tests := []struct {
		name   string
		change func(*community.Interaction)
		code   validation.Code
		path   string
	}{
		{"no id", func(in *community.Interaction) { in.ID = "" }, validation.CodeRequired, "id"},
		{"no kind", func(in *community.Interaction) { in.Kind = "" }, validation.CodeRequired, "kind"},
		{"unknown kind", func(in *community.Interaction) { in.Kind = "like" }, validation.CodeNotSupported, "kind"},
		{"no channel", func(in *community.Interaction) { in.Channel = "" }, validation.CodeRequired, "channel"},
		{"unknown channel", func(in *community.Interaction) { in.Channel = "myspace" }, validation.CodeNotSupported, "channel"},
		{"no instant", func(in *community.Interaction) { in.At = time.Time{} }, validation.CodeRequired, "at"},
		{"no handle", func(in *community.Interaction) { in.Author.Handle = "" }, validation.CodeRequired, "author.handle"},
		{"bare @", func(in *community.Interaction) { in.Author.Handle = "@" }, validation.CodeInvalid, "author.handle"},
		{"handle with space", func(in *community.Interaction) { in.Author.Handle = "ana maria" }, validation.CodeInvalid, "author.handle"},
		{"negative followers", func(in *community.Interaction) { in.Author.Followers = -1 }, validation.CodeOutOfRange, "author.followers"},
		{"unknown sentiment", func(in *community.Interaction) { in.Sentiment = "angry" }, validation.CodeNotSupported, "sentiment"},
		{"reply without parent", func(in *community.Interaction) { in.Kind = community.KindReply }, validation.CodeRequired, "replyTo"},
		{"parent on a comment", func(in *community.Interaction) { in.ReplyTo = "y" }, validation.CodeConflict, "replyTo"},
		{"reply to itself", func(in *community.Interaction) { in.Kind, in.ReplyTo = community.KindReply, "x" }, validation.CodeConflict, "replyTo"},
		{"bad target", func(in *community.Interaction) { in.To = []string{"ok", ""} }, validation.CodeInvalid, "to[1]"},
		{"one-letter language", func(in *community.Interaction) { in.Language = "e" }, validation.CodeInvalid, "language"},
		{"four-letter language", func(in *community.Interaction) { in.Language = "engl" }, validation.CodeInvalid, "language"},
		{"digit in primary language", func(in *community.Interaction) { in.Language = "e1" }, validation.CodeInvalid, "language"},
		{"empty subtag", func(in *community.Interaction) { in.Language = "es--MX" }, validation.CodeInvalid, "language"},
		{"trailing hyphen", func(in *community.Interaction) { in.Language = "es-" }, validation.CodeInvalid, "language"},
		{"one-letter subtag", func(in *community.Interaction) { in.Language = "en-x" }, validation.CodeInvalid, "language"},
		{"nine-letter subtag", func(in *community.Interaction) { in.Language = "en-abcdefghi" }, validation.CodeInvalid, "language"},
		{"underscore", func(in *community.Interaction) { in.Language = "es_MX" }, validation.CodeInvalid, "language"},
		{"non-ASCII", func(in *community.Interaction) { in.Language = "és" }, validation.CodeInvalid, "language"},
	}
	require.NoError(t, valid.Validate())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid
			tt.change(&in)
			err := in.Validate()
			require.Error(t, err)
			assert.True(t, validation.Has(err, tt.code, tt.path), "%v", err)
			assert.True(t, errors.Is(err, validation.ErrInvalid))
		})
	}
}

func TestInteractionLanguage(t *testing.T) {
	for _, tag := range []string{"en", "es-MX", "zh-Hant", "zh-Hant-TW", "ast", "de-CH-1996", "EN-us", "sr-Latn-RS"} {
		in := community.Interaction{
			ID: "x", Kind: community.KindComment, Channel: channel.Instagram,
			Author: community.Author{Handle: "ana"}, At: at(12, 10, 0), Language: tag,
		}
		require.NoError(t, in.Validate(), tag)
		data, err := json.Marshal(in)
		require.NoError(t, err)
		assert.Contains(t, string(data), `"language":"`+tag+`"`)
		var back community.Interaction
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, tag, back.Language)
		assert.True(t, in.At.Equal(back.At))
	}
	data, err := json.Marshal(community.Interaction{ID: "x"})
	require.NoError(t, err)
	assert.NotContains(t, string(data), "language", "an unknown language is left out")
}

func TestInboxValidateListsEveryProblem(t *testing.T) {
	b := sampleInbox()
	b[1].ID = "c1" // duplicate
	b = append(b,
		community.Interaction{ID: "r9", Kind: community.KindReply, Channel: channel.Instagram, ReplyTo: "nope",
			Author: community.Author{Handle: "a"}, At: at(12, 11, 0)},
		community.Interaction{ID: "r10", Kind: community.KindReply, Channel: channel.X, ReplyTo: "c1", Thread: "post-1",
			Author: community.Author{Handle: "a"}, At: at(12, 11, 0)},
		community.Interaction{ID: "r11", Kind: community.KindReply, Channel: channel.Instagram, ReplyTo: "c1", Thread: "post-2",
			Author: community.Author{Handle: "a"}, At: at(12, 11, 0)},
		community.Interaction{Kind: community.KindComment},
	)
	err := b.Validate()
	require.Error(t, err)
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeDuplicate, "[1].id"},
		{validation.CodeNotFound, "[7].replyTo"},
		{validation.CodeConflict, "[8].channel"},
		{validation.CodeConflict, "[9].thread"},
		{validation.CodeRequired, "[10].id"},
		{validation.CodeRequired, "[10].channel"},
		{validation.CodeRequired, "[10].at"},
		{validation.CodeRequired, "[10].author.handle"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "want %s at %s in %v", want.code, want.path, err)
	}
}

func TestInteractionJSONRoundTrip(t *testing.T) {
	b := sampleInbox()
	b[0].Sentiment = community.Positive
	data, err := json.Marshal(b)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"replyTo":"c1"`)
	assert.Contains(t, string(data), `"kind":"direct_message"`)
	var back community.Inbox
	require.NoError(t, json.Unmarshal(data, &back))
	require.Len(t, back, len(b))
	for i := range b {
		assert.True(t, b[i].At.Equal(back[i].At))
		back[i].At = b[i].At
	}
	assert.Equal(t, b, back)
}

func TestEnumsAreStrict(t *testing.T) {
	tests := []struct {
		name  string
		good  string
		check func(text string) error
		bad   func() ([]byte, error)
	}{
		{"Kind", "direct_message", func(s string) error { var v community.Kind; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.Kind("like").MarshalText() }},
		{"Sentiment", "negative", func(s string) error { var v community.Sentiment; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.Sentiment("mixed").MarshalText() }},
		{"Priority", "urgent", func(s string) error { var v community.Priority; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.Priority("asap").MarshalText() }},
		{"Reason", "crisis_keyword", func(s string) error { var v community.Reason; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.Reason("x").MarshalText() }},
		{"Tone", "playful", func(s string) error { var v community.Tone; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.Tone("x").MarshalText() }},
		{"Address", "formal", func(s string) error { var v community.Address; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.Address("x").MarshalText() }},
		{"Severity", "approval", func(s string) error { var v community.Severity; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.Severity("x").MarshalText() }},
		{"Check", "banned_word", func(s string) error { var v community.Check; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.Check("x").MarshalText() }},
		{"Stage", "partner", func(s string) error { var v community.Stage; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.Stage("x").MarshalText() }},
		{"TermKind", "competitor", func(s string) error { var v community.TermKind; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.TermKind("x").MarshalText() }},
		{"InsightKind", "competitor_move", func(s string) error { var v community.InsightKind; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.InsightKind("x").MarshalText() }},
		{"SlotStatus", "on_time", func(s string) error { var v community.SlotStatus; return v.UnmarshalText([]byte(s)) },
			func() ([]byte, error) { return community.SlotStatus("x").MarshalText() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.NoError(t, tt.check(tt.good))
			for _, bad := range []string{"", "Positive", tt.good + " ", "unknown"} {
				err := tt.check(bad)
				assert.ErrorIs(t, err, validation.ErrUnknownValue, "%q", bad)
			}
			_, err := tt.bad()
			assert.ErrorIs(t, err, validation.ErrUnknownValue)
		})
	}
	assert.Equal(t, []community.Priority{"low", "normal", "high", "urgent"}, community.Priorities())
	assert.Equal(t, 3, community.PriorityUrgent.Rank())
	assert.Equal(t, -1, community.Priority("x").Rank())
	assert.Len(t, community.Kinds(), 6)
	assert.Len(t, community.InsightKinds(), 7)
}

// FuzzInboxJSON decodes arbitrary JSON as an inbox: decoding and
// validation never panic, and a valid inbox survives a round trip.
func FuzzInboxJSON(f *testing.F) {
	data, _ := json.Marshal(sampleInbox())
	f.Add(string(data))
	f.Add(`[{"id":"a","kind":"reply","channel":"x","author":{"handle":"@"},"at":"2026-01-12T10:00:00Z","replyTo":"a"}]`)
	f.Add(`[{"kind":"like"}]`)
	f.Fuzz(func(t *testing.T, s string) {
		var b community.Inbox
		if json.Unmarshal([]byte(s), &b) != nil {
			return
		}
		err := b.Validate()
		if err != nil {
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			return
		}
		out, err := json.Marshal(b)
		require.NoError(t, err)
		var back community.Inbox
		require.NoError(t, json.Unmarshal(out, &back))
		require.NoError(t, back.Validate())
		require.Len(t, back, len(b))
	})
}
