package community_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

func sampleVoiceChecker(t testing.TB) *community.VoiceChecker {
	t.Helper()
	c, err := community.NewVoiceChecker(sampleVoice())
	require.NoError(t, err)
	return c
}

func TestVoiceCheckCleanDraft(t *testing.T) {
	c := sampleVoiceChecker(t)
	draft := "Hi Pablo, sorry the bag arrived torn 🙏 We'll send a new one today: https://cafetal.es/help\n— Ana"
	findings, err := c.Check(draft, channel.Instagram)
	require.NoError(t, err)
	assert.Empty(t, findings)
}

func TestVoiceCheckFindings(t *testing.T) {
	c := sampleVoiceChecker(t)
	tests := []struct {
		name  string
		draft string
		ch    channel.Channel
		want  []community.Finding // Check, Severity, Rule, Text, RuneStart, RuneEnd
	}{
		{
			name:  "emoji over the limit, with positions in runes",
			draft: "¡Hola! 😀😀 ok\n— Ana",
			want: []community.Finding{
				{Check: community.CheckEmoji, Severity: community.SeverityError, Text: "😀", RuneStart: 8, RuneEnd: 9},
			},
		},
		{
			name:  "links outside the allowed domains, trailing dot not included",
			draft: "See https://example.com/x. Or www.cafetal.es. Or https://shop.cafetal.es/y\n— Ana",
			want: []community.Finding{
				{Check: community.CheckLink, Severity: community.SeverityError, Rule: "example.com", Text: "https://example.com/x", RuneStart: 4, RuneEnd: 25},
			},
		},
		{
			name:  "shouting and banned words, ignoring case",
			draft: "This is NOT CHEAP coffee, OK?\n— Ana",
			want: []community.Finding{
				{Check: community.CheckShouting, Severity: community.SeverityWarning, Text: "CHEAP", RuneStart: 12, RuneEnd: 17},
				{Check: community.CheckBannedWord, Severity: community.SeverityError, Rule: "cheap", Text: "CHEAP", RuneStart: 12, RuneEnd: 17},
			},
		},
		{
			name:  "text limit of the channel",
			draft: strings.Repeat("a", 281) + "\n— Ana",
			ch:    channel.X,
			want: []community.Finding{
				{Check: community.CheckLength, Severity: community.SeverityError, Rule: "X", RuneStart: 0, RuneEnd: 287},
			},
		},
		{
			name:  "approval for compensation",
			draft: "We will compensate you.\n— Ana",
			want: []community.Finding{
				{Check: community.CheckApproval, Severity: community.SeverityApproval, Rule: "refund promise", Text: "compensate", RuneStart: 8, RuneEnd: 18},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Check(tt.draft, tt.ch)
			require.NoError(t, err)
			require.Len(t, got, len(tt.want), "%+v", got)
			for i, w := range tt.want {
				g := got[i]
				assert.Equal(t, w.Check, g.Check)
				assert.Equal(t, w.Severity, g.Severity)
				assert.Equal(t, w.Rule, g.Rule)
				assert.Equal(t, w.Text, g.Text)
				assert.Equal(t, w.RuneStart, g.RuneStart)
				assert.Equal(t, w.RuneEnd, g.RuneEnd)
				assert.Equal(t, tt.draft[g.Start:g.End], g.Text+tt.draft[g.Start+len(g.Text):g.End])
				assert.NotEmpty(t, g.Detail)
			}
		})
	}
}

func TestVoiceWrongAddressAndForbidden(t *testing.T) {
	c, err := community.NewVoiceChecker(community.VoicePolicy{
		Address:      community.AddressFormal,
		WrongAddress: []community.VoiceRule{{Name: "tú", Pattern: `(?i)\b(tú|tu|te)\b`}},
		Emoji:        community.EmojiRule{Forbidden: true},
		Links:        community.LinkRule{Forbidden: true},
	})
	require.NoError(t, err)
	got, err := c.Check("Gracias, te escribimos 👍 en https://x.es", "")
	require.NoError(t, err)
	var checks []community.Check
	for _, f := range got {
		checks = append(checks, f.Check)
	}
	assert.Equal(t, []community.Check{community.CheckWrongAddress, community.CheckEmoji, community.CheckLink}, checks)
	assert.Equal(t, "te", got[0].Text)

	_, err = c.Check("hola", "myspace")
	assert.ErrorIs(t, err, community.ErrUnknownChannel)
}

func TestVoicePolicyValidate(t *testing.T) {
	p := community.VoicePolicy{
		Tone:          "grumpy",
		WrongAddress:  []community.VoiceRule{{Name: "x", Pattern: `\bvous\b`}},
		BannedWords:   []string{"cheap", "CHEAP", ""},
		BannedPhrases: []community.VoiceRule{{Name: "bad", Pattern: `(unclosed`}, {Pattern: ""}},
		Required:      []community.VoiceRule{{Name: "anything", Pattern: `.*`}},
		Emoji:         community.EmojiRule{Forbidden: true, Max: 2},
		Links:         community.LinkRule{Domains: []string{"not a domain"}},
	}
	err := p.Validate()
	require.Error(t, err)
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeNotSupported, "tone"},
		{validation.CodeRequired, "address"},
		{validation.CodeDuplicate, "bannedWords[1]"},
		{validation.CodeRequired, "bannedWords[2]"},
		{validation.CodeInvalid, "bannedPhrases[0].pattern"},
		{validation.CodeRequired, "bannedPhrases[1].name"},
		{validation.CodeRequired, "bannedPhrases[1].pattern"},
		{validation.CodeInvalid, "required[0].pattern"},
		{validation.CodeConflict, "emoji.max"},
		{validation.CodeInvalid, "links.domains[0]"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "want %s at %s in %v", want.code, want.path, err)
	}
	require.NoError(t, sampleVoice().Validate())
}

func TestVoicePolicyJSONRoundTrip(t *testing.T) {
	p := sampleVoice()
	data, err := json.Marshal(p)
	require.NoError(t, err)
	var back community.VoicePolicy
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, p, back)
}

// FuzzVoiceCheck checks arbitrary drafts against the sample voice: no
// panic, every finding's positions are inside the draft, agree with each
// other, and point at the text reported.
func FuzzVoiceCheck(f *testing.F) {
	f.Add("Dear Sir, unfortunately you should have opened the box. We will refund you!!")
	f.Add("Hi 👨‍👩‍👧 🇪🇸 https://evil.com/a. CHEAP!!!\n— Ana")
	f.Add("\xff\xfe broken UTF-8 www.")
	c, err := community.NewVoiceChecker(sampleVoice())
	require.NoError(f, err)
	f.Add(strings.Repeat("CHEAP! cheap ", 400))
	f.Add(strings.Repeat("!", 3000) + "www.x.com cheap")
	f.Fuzz(func(t *testing.T, draft string) {
		findings, err := c.Check(draft, channel.Threads)
		var tooMany *community.TooManyFindingsError
		if errors.As(err, &tooMany) {
			require.Len(t, findings, community.MaxVoiceFindings)
			require.Positive(t, tooMany.Omitted)
		} else {
			require.NoError(t, err)
			require.LessOrEqual(t, len(findings), community.MaxVoiceFindings)
		}
		require.True(t, slices.IsSortedFunc(findings, func(a, b community.Finding) int { return a.Start - b.Start }))
		for _, fd := range findings {
			require.True(t, 0 <= fd.Start && fd.Start <= fd.End && fd.End <= len(draft), "%+v", fd)
			require.Equal(t, utf8.RuneCountInString(draft[:fd.Start]), fd.RuneStart)
			require.Equal(t, utf8.RuneCountInString(draft[:fd.End]), fd.RuneEnd)
			if fd.Text != "" {
				require.Equal(t, draft[fd.Start:fd.End], fd.Text)
			}
			require.True(t, fd.Check.IsValid() && fd.Severity.IsValid())
		}
	})
}
