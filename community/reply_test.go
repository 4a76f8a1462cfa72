package community_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

func replyInteraction() community.Interaction {
	return community.Interaction{
		ID: "c1", Kind: community.KindComment, Channel: channel.Instagram, Account: "cafetal",
		Author: community.Author{Handle: "@lucía_café"}, Text: "Where is my refund?",
		At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
	}
}

func TestSavedReplyRender(t *testing.T) {
	in := replyInteraction()
	tests := []struct {
		name     string
		text     string
		declared []string
		channels []channel.Channel
		language string
		vars     map[string]string
		in       func(*community.Interaction)
		want     string
		wantErr  error
		naming   string
	}{
		{name: "interaction variables", text: "Hi {author_handle}, thanks for writing to {account} on {channel}.",
			want: "Hi @lucía_café, thanks for writing to @cafetal on Instagram."},
		{name: "caller variables, used twice", text: "{author_name}, {agent_name} here. Bye {author_name}!",
			vars: map[string]string{"author_name": "Lucía", "agent_name": "Ana", "unused": "x"},
			want: "Lucía, Ana here. Bye Lucía!"},
		{name: "escaped braces", text: "{{author_name}} is written {{{author_name}}}; a lone }} too",
			vars: map[string]string{"author_name": "Lucía"},
			want: "{author_name} is written {Lucía}; a lone } too"},
		{name: "unicode around and in values", text: "¡Hola {author_name}! 🎉 — {brand_name}",
			vars: map[string]string{"author_name": "Zoë 👩🏽‍💻", "brand_name": "Café Ñandú"},
			want: "¡Hola Zoë 👩🏽‍💻! 🎉 — Café Ñandú"},
		{name: "a value is never read as a template", text: "{author_name}",
			vars: map[string]string{"author_name": "{brand_name} }{"}, want: "{brand_name} }{"},
		{name: "declared variable", text: "Order {order_id} ships today.", declared: []string{"order_id"},
			vars: map[string]string{"order_id": "A-1"}, want: "Order A-1 ships today."},
		{name: "missing variables are named, in order of first use", text: "{agent_name} for {author_name} and {agent_name}",
			wantErr: community.ErrMissingVariable, naming: "agent_name, author_name"},
		{name: "an empty value is missing", text: "Hi {author_name}", vars: map[string]string{"author_name": ""},
			wantErr: community.ErrMissingVariable, naming: "author_name"},
		{name: "no account on the interaction", text: "{account}", in: func(in *community.Interaction) { in.Account = "" },
			wantErr: community.ErrMissingVariable, naming: "account"},
		{name: "an interaction variable cannot be given", text: "{author_handle}", vars: map[string]string{"author_handle": "@someone"},
			wantErr: community.ErrReplyVariable, naming: "author_handle"},
		{name: "a value not in UTF-8", text: "{author_name}", vars: map[string]string{"author_name": "\xff"},
			wantErr: community.ErrReplyVariable, naming: "author_name"},
		{name: "another channel", text: "Hi", channels: []channel.Channel{channel.X, channel.Facebook},
			wantErr: community.ErrReplyChannel},
		{name: "listed channel", text: "Hi", channels: []channel.Channel{channel.Instagram}, want: "Hi"},
		{name: "another language", text: "Hola", language: "es-ES", in: func(in *community.Interaction) { in.Language = "es-MX" },
			wantErr: community.ErrReplyLanguage, naming: `"es-ES", the interaction in "es-MX"`},
		{name: "a broader language answers", text: "Hola", language: "es", in: func(in *community.Interaction) { in.Language = "ES-mx" }, want: "Hola"},
		{name: "an interaction without a language takes any reply", text: "Hola", language: "es", want: "Hola"},
		{name: "too long once rendered", text: "{author_name}{author_name}",
			vars: map[string]string{"author_name": strings.Repeat("a", community.MaxReplyBytes/2+1)}, wantErr: community.ErrReplyTooLong},
		{name: "malformed template", text: "Hi {author name}", wantErr: validation.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := community.SavedReply{ID: "r1", Name: "thanks", Text: tt.text, Variables: tt.declared, Channels: tt.channels, Language: tt.language}
			in := in
			if tt.in != nil {
				tt.in(&in)
			}
			got, err := r.Render(in, tt.vars)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Contains(t, err.Error(), tt.naming)
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSavedRepliesValidate(t *testing.T) {
	rs := community.SavedReplies{
		{ID: "ok", Name: "ok", Text: "Hi {author_handle}", Language: "en-GB", Channels: []channel.Channel{channel.X}},
		{ID: "ok", Name: "", Text: "  ", Language: "e", Channels: []channel.Channel{channel.X, channel.X, "myspace"}},
		{ID: "b", Name: "braces", Text: "Hi {author_handle, {} and } and {Name} and {order_id} and {nope} and {unclosed",
			Variables: []string{"order_id", "author_name", "Bad", "order_id"}},
	}
	var verr *validation.Error
	require.ErrorAs(t, rs.Validate(), &verr)
	type pc struct {
		path string
		code validation.Code
	}
	var got []pc
	for _, fe := range verr.Errors {
		got = append(got, pc{fe.Path, fe.Code})
	}
	want := []pc{
		{"[1].name", validation.CodeRequired},
		{"[1].text", validation.CodeRequired},
		{"[1].channels[1]", validation.CodeDuplicate},
		{"[1].channels[2]", validation.CodeNotSupported},
		{"[1].language", validation.CodeInvalid},
		{"[1].id", validation.CodeDuplicate},
		{"[2].variables[1]", validation.CodeConflict},
		{"[2].variables[2]", validation.CodeInvalid},
		{"[2].variables[3]", validation.CodeDuplicate},
		{"[2].text", validation.CodeInvalid}, // "{author_handle, " unclosed
		{"[2].text", validation.CodeInvalid}, // "{}"
		{"[2].text", validation.CodeInvalid}, // "}"
		{"[2].text", validation.CodeInvalid}, // "{Name}"
		{"[2].text", validation.CodeInvalid}, // "{unclosed"
		{"[2].text", validation.CodeInvalid}, // unknown {nope}
	}
	assert.Equal(t, want, got)
	var details []string
	for _, fe := range verr.Errors[9:] {
		details = append(details, fe.Detail)
	}
	assert.Contains(t, details[0], "unclosed { at byte 3")
	assert.Contains(t, details[2], "unmatched } at byte 26")
	assert.Contains(t, details[5], "unknown variable at byte 58")

	assert.NoError(t, community.SavedReply{ID: "x", Name: "x", Text: "{{}} only"}.Validate())
}

func TestCheckReplyFlagsApproval(t *testing.T) {
	checker, err := community.NewVoiceChecker(community.VoicePolicy{
		BannedWords:   []string{"cheap"},
		NeedsApproval: []community.VoiceRule{{Name: "refund promise", Pattern: `(?i)\brefund\b`}},
		Required:      []community.VoiceRule{{Name: "sign-off", Pattern: `— \pL+$`}},
	})
	require.NoError(t, err)
	in := replyInteraction()
	policy := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Name: "lead", Roles: []string{"strategist"}, Require: calendar.RequireAny}}}
	ana := uuid.MustParse("00000000-0000-0000-0000-000000000001")
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	vars := map[string]string{"agent_name": "Ana"}
	tests := []struct {
		name           string
		text           string
		blocked, needs bool
		wantErr        error
	}{
		{"in the voice", "Thanks {author_handle}! — {agent_name}", false, false, community.ErrNoApprovalNeeded},
		{"a refund needs approval", "We will refund you, {author_handle}. — {agent_name}", false, true, nil},
		{"a banned word blocks it", "Not cheap, {author_handle}, refund coming. — {agent_name}", true, true, community.ErrReplyBlocked},
		{"the channel's limit blocks it", strings.Repeat("a", 2300) + " — {agent_name}", true, false, community.ErrReplyBlocked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := checker.CheckReply(community.SavedReply{ID: "r", Name: "r", Text: tt.text}, in, vars)
			require.NoError(t, err)
			assert.Equal(t, tt.blocked, rc.Blocked())
			assert.Equal(t, tt.needs, rc.NeedsApproval())
			assert.Equal(t, "c1", rc.Interaction)
			a, err := rc.RequestApproval(policy, ana, at)
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, calendar.ApprovalPending, a.Status())
			assert.Equal(t, ana, a.Author)
			_, err = a.Approve(ana, []string{"strategist"}, at.Add(time.Minute))
			assert.ErrorIs(t, err, calendar.ErrSelfApproval, "the reply's author cannot approve it")
		})
	}
	_, err = checker.CheckReply(community.SavedReply{ID: "r", Name: "r", Text: "{author_name}"}, in, nil)
	assert.ErrorIs(t, err, community.ErrMissingVariable)
}

func TestSavedReplyJSONRoundTrip(t *testing.T) {
	r := community.SavedReply{ID: "r1", Name: "refund", Text: "Hi {author_handle} {{ok}}", Variables: []string{"order_id"},
		Channels: []channel.Channel{channel.X}, Language: "es"}
	data, err := json.Marshal(r)
	require.NoError(t, err)
	var back community.SavedReply
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, r, back)
	rc := community.ReplyCheck{Reply: "r1", Interaction: "c1", Channel: channel.X, Text: "Hi",
		Findings: []community.Finding{{Check: community.CheckApproval, Severity: community.SeverityApproval, Start: 0, End: 2, Detail: "d"}}, Omitted: 1}
	data, err = json.Marshal(rc)
	require.NoError(t, err)
	var rcBack community.ReplyCheck
	require.NoError(t, json.Unmarshal(data, &rcBack))
	assert.Equal(t, rc, rcBack)
	assert.True(t, errors.Is(community.SavedReplies{{}}.Validate(), validation.ErrInvalid))
	assert.Contains(t, community.KnownReplyVariables(), community.VarBrandName)
}

// FuzzSavedReplyRender renders arbitrary templates with arbitrary values:
// Validate and Render never panic and agree (a template that validates
// renders or fails only for a value), a rendered text holds no
// placeholder the template did not escape (it equals the template with
// each variable replaced, rebuilt here independently), and it stays
// within MaxReplyBytes.
func FuzzSavedReplyRender(f *testing.F) {
	f.Add("Hi {author_name}, {{x}} }}", "Lucía", "{brand_name}")
	f.Add("{order_id}{order_id}{", "", "x")
	f.Add("}{{{author_handle}}}", "a", "b")
	f.Add("{agent_name}{brand_name}", strings.Repeat("é", 1000), "{")
	f.Fuzz(func(t *testing.T, text, name, other string) {
		r := community.SavedReply{ID: "r", Name: "r", Text: text, Variables: []string{"order_id"}}
		vars := map[string]string{"author_name": name, "agent_name": other, "brand_name": name + other, "order_id": other}
		in := replyInteraction()
		got, err := r.Render(in, vars)
		verr := r.Validate()
		if verr != nil {
			if err == nil {
				t.Fatalf("an invalid template rendered: %v", verr)
			}
			return
		}
		if err != nil {
			if !errors.Is(err, community.ErrMissingVariable) && !errors.Is(err, community.ErrReplyVariable) && !errors.Is(err, community.ErrReplyTooLong) {
				t.Fatalf("a valid template failed: %v", err)
			}
			return
		}
		if len(got) > community.MaxReplyBytes {
			t.Fatalf("rendered %d bytes", len(got))
		}
		// Rebuild the expected text naively: unescape, substitute.
		values := map[string]string{"author_handle": "@lucía_café", "account": "@cafetal", "channel": "Instagram"}
		for k, v := range vars {
			values[k] = v
		}
		var want strings.Builder
		for i := 0; i < len(text); i++ {
			switch {
			case strings.HasPrefix(text[i:], "{{"), strings.HasPrefix(text[i:], "}}"):
				want.WriteByte(text[i])
				i++
			case text[i] == '{':
				j := strings.IndexByte(text[i:], '}')
				want.WriteString(values[text[i+1:i+j]])
				i += j
			default:
				want.WriteByte(text[i])
			}
		}
		if got != want.String() {
			t.Fatalf("rendered %q, want %q", got, want.String())
		}
	})
}
