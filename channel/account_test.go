package channel_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

var brandAccounts = channel.Accounts{
	{Channel: channel.LinkedIn, Handle: "acme-coffee", Name: "Acme Coffee", PlatformID: "li-1"},
	{Channel: channel.LinkedIn, Handle: "jane-roe", Name: "Jane Roe, founder", PlatformID: "li-2", Zone: "America/Mexico_City"},
	{Channel: channel.Instagram, Handle: "acmecoffee"},
	{Channel: channel.Instagram, Handle: "rivalroast", Competitor: "Rival Roasters"},
}

func TestAccountsResolve(t *testing.T) {
	require.NoError(t, brandAccounts.Validate())
	for _, c := range []struct {
		name string
		ref  channel.AccountRef
		want string
		err  error
	}{
		{"handle, other case and @", channel.AccountRef{Channel: channel.LinkedIn, Handle: "@Jane-Roe"}, "jane-roe", nil},
		{"only own account on the network", channel.AccountRef{Channel: channel.Instagram}, "acmecoffee", nil},
		{"two own accounts: name one", channel.AccountRef{Channel: channel.LinkedIn}, "", channel.ErrAmbiguousAccount},
		{"no account on the network", channel.AccountRef{Channel: channel.TikTok}, "", channel.ErrUnknownAccount},
		{"unknown handle", channel.AccountRef{Channel: channel.LinkedIn, Handle: "john"}, "", channel.ErrUnknownAccount},
		{"same handle, other network", channel.AccountRef{Channel: channel.X, Handle: "acmecoffee"}, "", channel.ErrUnknownAccount},
		{"competitor's account", channel.AccountRef{Channel: channel.Instagram, Handle: "rivalroast"}, "", channel.ErrNotOwnAccount},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := brandAccounts.Resolve(c.ref)
			if c.err != nil {
				require.ErrorIs(t, err, c.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, a.Handle)
		})
	}
	_, err := brandAccounts.Resolve(channel.AccountRef{Channel: channel.LinkedIn})
	assert.EqualError(t, err, "channel: several accounts on the network: the brand has 2 accounts on LinkedIn (@acme-coffee, @jane-roe); name one")
}

func TestAccountsValidate(t *testing.T) {
	bad := channel.Accounts{
		{Channel: channel.LinkedIn, Handle: "acme", PlatformID: "p1"},
		{Channel: channel.LinkedIn, Handle: "ACME", PlatformID: "p1"},
		{Channel: channel.X, Handle: "acme"},
		{Channel: "myspace", Handle: "@acme"},
		{Channel: channel.X, Handle: "two words", Zone: "Mars/Base"},
		{Channel: channel.X, Handle: "ok", Name: "bell\a"},
		{},
	}
	err := bad.Validate()
	var verr *validation.Error
	require.True(t, errors.As(err, &verr), "%v", err)
	for _, w := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeDuplicate, "[1].handle"},
		{validation.CodeDuplicate, "[1].platformId"},
		{validation.CodeNotSupported, "[3].channel"},
		{validation.CodeInvalid, "[3].handle"},
		{validation.CodeInvalid, "[4].handle"},
		{validation.CodeInvalid, "[4].zone"},
		{validation.CodeInvalid, "[5].name"},
		{validation.CodeRequired, "[6].channel"},
		{validation.CodeRequired, "[6].handle"},
	} {
		assert.True(t, verr.Has(w.code, w.path), "want %s at %s in %v", w.code, w.path, err)
	}
	assert.False(t, verr.Has(validation.CodeDuplicate, "[2].handle"), "one handle on two networks is two accounts")
}

func TestAccountJSONRoundTrip(t *testing.T) {
	data, err := json.Marshal(brandAccounts)
	require.NoError(t, err)
	var back channel.Accounts
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, brandAccounts, back)
}

func TestAccountRefString(t *testing.T) {
	assert.Equal(t, "@jane on LinkedIn", channel.AccountRef{Channel: channel.LinkedIn, Handle: "jane"}.String())
	assert.Equal(t, "Instagram", channel.AccountRef{Channel: channel.Instagram}.String())
}

func FuzzAccountValidate(f *testing.F) {
	f.Add("linkedin", "acme", "Acme", "p1", "", "Europe/Madrid")
	f.Add("x", "@acme", "", "", "Rival", "Local")
	f.Add("x", "a b", "\x00", "", "", "")
	f.Fuzz(func(t *testing.T, ch, handle, name, platformID, competitor, zone string) {
		a := channel.Account{Channel: channel.Channel(ch), Handle: handle, Name: name, PlatformID: platformID, Competitor: competitor, Zone: zone}
		err := channel.Accounts{a, a}.Validate()
		require.Error(t, err, "an account given twice is a duplicate")
		if a.Validate() == nil {
			_, rerr := channel.Accounts{a}.Resolve(a.Ref())
			if a.Own() {
				require.NoError(t, rerr)
			} else {
				require.ErrorIs(t, rerr, channel.ErrNotOwnAccount)
			}
		}
	})
}

func TestPostJSON(t *testing.T) {
	p := channel.Post{Text: "t", Title: "T", FirstComment: "c", Link: "https://a.example",
		Media: []channel.Media{{Kind: channel.Video, URL: "https://a.example/v.mp4", AltText: "a", Duration: 90e9, Thumbnail: "https://a.example/t.jpg"}}}
	data, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"text":"t","title":"T","firstComment":"c","link":"https://a.example",
		"media":[{"kind":"video","url":"https://a.example/v.mp4","altText":"a","duration":"1m30s","thumbnail":"https://a.example/t.jpg"}]}`, string(data))
	var back channel.Post
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, p, back)
}

func TestCheckRefs(t *testing.T) {
	refs := []channel.AccountRef{
		{Channel: channel.LinkedIn, Handle: "acme"},
		{Channel: channel.LinkedIn, Handle: "ACME"},
		{Channel: channel.X, Handle: "acme"},
		{Handle: "x"},
		{Channel: "myspace", Handle: "x"},
		{Channel: channel.Instagram},
		{Channel: channel.Instagram, Handle: "@x"},
	}
	err := channel.CheckRefs(validation.NewPath("accounts"), refs, []channel.Channel{channel.X}).Err()
	for _, w := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeDuplicate, "accounts[1].handle"},
		{validation.CodeConflict, "accounts[2].channel"},
		{validation.CodeRequired, "accounts[3].channel"},
		{validation.CodeNotSupported, "accounts[4].channel"},
		{validation.CodeRequired, "accounts[5].handle"},
		{validation.CodeInvalid, "accounts[6].handle"},
	} {
		assert.True(t, validation.Has(err, w.code, w.path), "want %s at %s in %v", w.code, w.path, err)
	}
	assert.Nil(t, channel.CheckRefs(nil, refs[:1], nil))
}
