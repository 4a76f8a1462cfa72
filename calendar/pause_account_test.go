package calendar_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// TestPauseAccounts: a pause of accounts holds the entries published from
// them, and those that name no account on their network (published from
// the brand's only account there), and leaves the others alone.
func TestPauseAccounts(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	at := wall(madrid, 2026, 3, 2, 10, 0)
	from := func(key string, c channel.Channel, accounts ...string) calendar.Entry {
		e := post(key, c, at, key)
		e.Accounts = accounts
		return e
	}
	entries := []calendar.Entry{
		from("page", channel.LinkedIn, "acme"),
		from("founder", channel.LinkedIn, "JaneRoe"),
		from("both", channel.LinkedIn, "acme", "janeroe"),
		from("only account", channel.X),
		from("on x", channel.X, "janeroe"),
		from("instagram", channel.Instagram),
	}
	w := calendar.Window{From: at.Add(-1), To: at.Add(1)}
	founder := channel.AccountRef{Channel: channel.LinkedIn, Handle: "janeroe"}
	onX := channel.AccountRef{Channel: channel.X, Handle: "acmex"}
	tests := []struct {
		name string
		opts calendar.PauseOptions
		held []string
	}{
		{"everything", calendar.PauseOptions{}, []string{"page", "founder", "both", "only account", "on x", "instagram"}},
		{"a whole network", calendar.PauseOptions{Channels: []channel.Channel{channel.LinkedIn}}, []string{"page", "founder", "both"}},
		{"the founder's profile, in any case", calendar.PauseOptions{Accounts: []channel.AccountRef{founder}}, []string{"founder", "both"}},
		{"an account on a network where entries name none", calendar.PauseOptions{Accounts: []channel.AccountRef{onX}}, []string{"only account"}},
		{"a network and an account elsewhere", calendar.PauseOptions{Channels: []channel.Channel{channel.Instagram}, Accounts: []channel.AccountRef{founder}},
			[]string{"founder", "both", "instagram"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			_, changes, err := calendar.Pause(entries, w, calendar.PausePolicy{Resume: calendar.ResumeSkip}, &o)
			require.NoError(t, err)
			var held []string
			for _, c := range changes {
				held = append(held, c.Before.Text)
			}
			assert.ElementsMatch(t, tt.held, held)
		})
	}
}

func TestPauseAccountsBadInput(t *testing.T) {
	li := func(h string) channel.AccountRef { return channel.AccountRef{Channel: channel.LinkedIn, Handle: h} }
	tests := []struct {
		name     string
		channels []channel.Channel
		accounts []channel.AccountRef
		code     validation.Code
		path     string
	}{
		{"no channel", nil, []channel.AccountRef{{Handle: "janeroe"}}, validation.CodeRequired, "accounts[0].channel"},
		{"an unknown channel", nil, []channel.AccountRef{{Channel: "fax", Handle: "janeroe"}}, validation.CodeNotSupported, "accounts[0].channel"},
		{"no handle", nil, []channel.AccountRef{li("")}, validation.CodeRequired, "accounts[0].handle"},
		{"a handle with its @", nil, []channel.AccountRef{li("@janeroe")}, validation.CodeInvalid, "accounts[0].handle"},
		{"twice, in another case", nil, []channel.AccountRef{li("janeroe"), li("JaneRoe")}, validation.CodeDuplicate, "accounts[1].handle"},
		{"on a network paused as a whole", []channel.Channel{channel.LinkedIn}, []channel.AccountRef{li("janeroe")}, validation.CodeConflict, "accounts[0].channel"},
	}
	entries, w := pauseFixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := calendar.Pause(entries, w, calendar.PausePolicy{Resume: calendar.ResumeSkip},
				&calendar.PauseOptions{Channels: tt.channels, Accounts: tt.accounts})
			require.Error(t, err)
			assert.True(t, validation.Has(err, tt.code, tt.path), "want %s at %s, got %v", tt.code, tt.path, err)
		})
	}
}

// FuzzPauseAccounts pauses accounts named by arbitrary handles: bad
// options are a *validation.Error, never a panic, and what a pause of
// accounts holds is always among what a pause of their channels holds.
func FuzzPauseAccounts(f *testing.F) {
	f.Add("acme|JaneRoe|", "janeroe|x", []byte{0, 1, 2, 3, 1, 0})
	f.Add("@acme|a b|", "ACME|acme", []byte{1, 1, 0, 2})
	f.Add("", "|", []byte{0})
	f.Fuzz(func(t *testing.T, entryHandles, pausedHandles string, shape []byte) {
		madrid := mustZone(t, "Europe/Madrid")
		at := wall(madrid, 2026, 3, 2, 10, 0)
		chans := []channel.Channel{channel.LinkedIn, channel.X}
		hs := strings.Split(entryHandles, "|")
		var entries []calendar.Entry
		for i := 0; i+1 < len(shape) && len(entries) < 64; i += 2 {
			e := post(fmt.Sprint(i), chans[shape[i]%2], at, "p")
			if h := hs[int(shape[i+1])%len(hs)]; h != "" {
				e.Accounts = []string{h}
			}
			entries = append(entries, e)
		}
		var accs []channel.AccountRef
		chs := map[channel.Channel]bool{}
		for i, h := range strings.Split(pausedHandles, "|") {
			if len(accs) == 16 {
				break
			}
			accs = append(accs, channel.AccountRef{Channel: chans[i%2], Handle: h})
			chs[chans[i%2]] = true
		}
		w := calendar.Window{From: at.Add(-1), To: at.Add(1)}
		policy := calendar.PausePolicy{Resume: calendar.ResumeSkip}
		_, byAccount, err := calendar.Pause(entries, w, policy, &calendar.PauseOptions{Accounts: accs})
		if err != nil {
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			return
		}
		var whole []channel.Channel
		for _, c := range chans {
			if chs[c] {
				whole = append(whole, c)
			}
		}
		_, byChannel, err := calendar.Pause(entries, w, policy, &calendar.PauseOptions{Channels: whole})
		require.NoError(t, err)
		wide := map[string]bool{}
		for _, c := range byChannel {
			wide[c.EntryID.String()] = true
		}
		for _, c := range byAccount {
			require.True(t, wide[c.EntryID.String()], "%v held by its account but not by its channel", c.Before)
		}
	})
}
