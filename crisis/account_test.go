package crisis_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

func TestStatementFor(t *testing.T) {
	l := crisis.Level{Statements: []crisis.Statement{
		{Channel: channel.LinkedIn, Text: "G"},
		{Channel: channel.LinkedIn, Account: "JaneRoe", Text: "J"},
		{Channel: channel.X, Account: "brisa", Text: "A"},
		{Channel: channel.Instagram, Account: "a", Text: "IA"},
		{Channel: channel.Instagram, Account: "b", Text: "IB"},
	}}
	tests := []struct {
		name    string
		c       channel.Channel
		handle  string
		want    string // "" for none
		channel string // Level.Statement(c), for a ref without a handle
	}{
		{"an account's own statement", channel.LinkedIn, "janeroe", "J", ""},
		{"the handle in another case", channel.LinkedIn, "JANEROE", "J", ""},
		{"another account: the network's statement", channel.LinkedIn, "brisa", "G", ""},
		{"the network as a whole", channel.LinkedIn, "", "G", "G"},
		{"the only statement on a network is the only account's", channel.X, "", "A", "A"},
		{"the only statement names its account", channel.X, "brisa", "A", ""},
		{"another account and no network statement", channel.X, "someone", "", ""},
		{"several accounts' statements and no handle: ambiguous", channel.Instagram, "", "", ""},
		{"one of several accounts", channel.Instagram, "B", "IB", ""},
		{"a network without statements", channel.Facebook, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := l.StatementFor(channel.AccountRef{Channel: tt.c, Handle: tt.handle})
			assert.Equal(t, tt.want != "", ok)
			assert.Equal(t, tt.want, s.Text)
			if tt.handle == "" {
				s, ok := l.Statement(tt.c)
				assert.Equal(t, tt.channel != "", ok)
				assert.Equal(t, tt.channel, s.Text)
			}
		})
	}
}

// accountPlan is samplePlan with X spoken for by two accounts, the
// brand's (brisa) and its founder's (JaneRoe), at every level.
func accountPlan() *crisis.Plan {
	p := samplePlan()
	for i := range p.Levels {
		l := &p.Levels[i]
		for j := range l.Statements {
			if l.Statements[j].Channel == channel.X {
				l.Statements[j].Account = "brisa"
			}
		}
		l.Statements = append(l.Statements, crisis.Statement{Channel: channel.X, Account: "JaneRoe", Text: "I have read your messages and we are looking into them. More within the hour. — Jane"})
	}
	return p
}

func TestPlanValidateAccounts(t *testing.T) {
	founder := channel.AccountRef{Channel: channel.X, Handle: "janeroe"}
	tests := []struct {
		name string
		edit func(p *crisis.Plan)
		code validation.Code // "" for valid
		path string
	}{
		{"two accounts' statements on one channel", func(*crisis.Plan) {}, "", ""},
		{"an account's statement beside the network's", func(p *crisis.Plan) { p.Levels[0].Statements[1].Account = "" }, "", ""},
		{"a pause of an account", func(p *crisis.Plan) {
			p.Levels[1].Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: d("6h"), Accounts: []channel.AccountRef{founder}}
		}, "", ""},
		{"one account twice, in another case", func(p *crisis.Plan) { p.Levels[0].Statements[1].Account = "JANEROE" },
			validation.CodeDuplicate, "levels[0].statements[2].account"},
		{"the network's statement twice", func(p *crisis.Plan) {
			p.Levels[0].Statements[1].Account, p.Levels[0].Statements[2].Account = "", ""
		}, validation.CodeDuplicate, "levels[0].statements[2].channel"},
		{"a handle with its @", func(p *crisis.Plan) { p.Levels[0].Statements[2].Account = "@janeroe" },
			validation.CodeInvalid, "levels[0].statements[2].account"},
		{"an account's statement over the channel's limit", func(p *crisis.Plan) { p.Levels[0].Statements[2].Text = strings.Repeat("a", 281) },
			validation.CodeTooLong, "levels[0].statements[2].text"},
		{"a pause of an account on a network that is not the plan's", func(p *crisis.Plan) {
			p.Levels[1].Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: d("6h"),
				Accounts: []channel.AccountRef{{Channel: channel.LinkedIn, Handle: "janeroe"}}}
		}, validation.CodeConflict, "levels[1].pause.accounts[0].channel"},
		{"a pause of an account without a handle", func(p *crisis.Plan) {
			p.Levels[1].Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: d("6h"),
				Accounts: []channel.AccountRef{{Channel: channel.X}}}
		}, validation.CodeRequired, "levels[1].pause.accounts[0].handle"},
		{"a pause of an account without a network", func(p *crisis.Plan) {
			p.Levels[1].Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: d("6h"),
				Accounts: []channel.AccountRef{{Handle: "janeroe"}}}
		}, validation.CodeRequired, "levels[1].pause.accounts[0].channel"},
		{"a pause of an account on an unknown network", func(p *crisis.Plan) {
			p.Levels[1].Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: d("6h"),
				Accounts: []channel.AccountRef{{Channel: "myspace", Handle: "janeroe"}}}
		}, validation.CodeNotSupported, "levels[1].pause.accounts[0].channel"},
		{"a pause of one account twice", func(p *crisis.Plan) {
			p.Levels[1].Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: d("6h"),
				Accounts: []channel.AccountRef{founder, {Channel: channel.X, Handle: "JaneRoe"}}}
		}, validation.CodeDuplicate, "levels[1].pause.accounts[1].handle"},
		{"a pause of an account on a network paused whole", func(p *crisis.Plan) {
			p.Levels[1].Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: d("6h"),
				Channels: []channel.Channel{channel.X}, Accounts: []channel.AccountRef{founder}}
		}, validation.CodeConflict, "levels[1].pause.accounts[0].channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := accountPlan()
			tt.edit(p)
			err := p.Validate()
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, validation.Has(err, tt.code, tt.path), "want %s at %s, got %v", tt.code, tt.path, err)
		})
	}
}

func TestPublishPerAccount(t *testing.T) {
	p := accountPlan()
	inc, err := crisis.Open(p, "moderate", opened)
	require.NoError(t, err)
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("5m"), By: eva}))
	publish := func(at, account string) error {
		return inc.Record(p, crisis.Event{Kind: crisis.EventPublish, At: after(at), By: ana, Channel: channel.X, Account: account})
	}
	require.NoError(t, publish("10m", "janeroe"), "the founder's statement, the handle in any case")
	assert.ErrorIs(t, publish("11m", "JaneRoe"), crisis.ErrIllegalEvent, "published once")
	err = publish("12m", "")
	assert.ErrorIs(t, err, crisis.ErrNoStatement, "X has two accounts' statements: name one")
	assert.ErrorContains(t, err, "x at level")
	assert.ErrorIs(t, publish("13m", "nobody"), crisis.ErrNoStatement)
	require.NoError(t, publish("14m", "brisa"))

	items, err := inc.Timeline(p, after("20m"))
	require.NoError(t, err)
	type st struct {
		Channel channel.Channel
		Account string
		Done    bool
	}
	var got []st
	for _, it := range items {
		if it.Kind == crisis.ItemStatement {
			got = append(got, st{it.Channel, it.Account, !it.Done.IsZero()})
		}
	}
	assert.Equal(t, []st{{channel.Instagram, "", false}, {channel.X, "brisa", true}, {channel.X, "JaneRoe", true}}, got,
		"one item per statement, in the plan's channels' order, then the level's")

	t.Run("events", func(t *testing.T) {
		err := crisis.Event{Kind: crisis.EventAcknowledge, At: after("1m"), By: eva, Account: "janeroe"}.Validate()
		assert.True(t, validation.Has(err, validation.CodeConflict, "account"), "%v", err)
		err = crisis.Event{Kind: crisis.EventPublish, At: after("1m"), By: eva, Channel: channel.X, Account: "@janeroe"}.Validate()
		assert.True(t, validation.Has(err, validation.CodeInvalid, "account"), "%v", err)
	})
	t.Run("a drill response publishes from an account", func(t *testing.T) {
		r := crisis.Response{After: d("20m"), From: crisis.AnchorLevel, Kind: crisis.EventPublish, By: ana, Channel: channel.X, Account: "janeroe"}
		require.NoError(t, r.Validate())
		assert.Contains(t, r.String(), "publish x @janeroe")
	})
}

// pauseAccountPlan: moderate pauses the founder's X account for an hour;
// high pauses all of X (and Instagram) for twelve.
func pauseAccountPlan() *crisis.Plan {
	p := accountPlan()
	p.Levels[1].Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeAtRate, RatePerHour: 2}, For: d("1h"),
		Accounts: []channel.AccountRef{{Channel: channel.X, Handle: "JaneRoe"}}}
	p.Levels[2].Pause.Channels = []channel.Channel{channel.Instagram, channel.X}
	return p
}

func TestPauseAccounts(t *testing.T) {
	founder := []channel.AccountRef{{Channel: channel.X, Handle: "JaneRoe"}}
	t.Run("an account alone", func(t *testing.T) {
		p := pauseAccountPlan()
		inc, err := crisis.Open(p, "moderate", opened)
		require.NoError(t, err)
		ws := pauseWindows(t, p, inc, after("5m"))
		require.Len(t, ws, 1)
		assert.Empty(t, ws[0].Channels)
		assert.Equal(t, founder, ws[0].Accounts)
		assert.Equal(t, after("1h"), ws[0].Window.To)

		cal := []calendar.Entry{
			entryFrom("founder", channel.X, after("30m"), "janeroe"),
			entryFrom("page", channel.X, after("30m"), "brisa"),
			entryFrom("both", channel.X, after("40m"), "brisa", "JANEROE"),
			entryFrom("ig", channel.Instagram, after("30m")),
		}
		_, changes, err := inc.ApplyToCalendar(p, cal, after("5m"), nil)
		require.NoError(t, err)
		var held []uuid.UUID
		for _, c := range changes {
			held = append(held, c.EntryID)
		}
		assert.Equal(t, []uuid.UUID{cal[0].ID, cal[2].ID}, held, "the founder's posts only")
	})
	t.Run("an account stays paused while its network is", func(t *testing.T) {
		p := pauseAccountPlan()
		inc, err := crisis.Open(p, "moderate", opened)
		require.NoError(t, err)
		require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventEscalate, At: after("30m"), Level: "high"}))
		ws := pauseWindows(t, p, inc, after("2h"))
		require.Len(t, ws, 2)
		acc, whole := ws[0], ws[1]
		assert.Equal(t, founder, acc.Accounts)
		assert.Equal(t, opened, acc.Window.From, "the founder from the opening")
		assert.Equal(t, after("12h30m"), acc.Window.To, "until X as a whole resumes, past the 12 hours from the opening")
		assert.Equal(t, "high", acc.Level)
		assert.Equal(t, []channel.Channel{channel.Instagram, channel.X}, whole.Channels)
		assert.Equal(t, after("30m"), whole.Window.From)
		assert.Equal(t, after("12h30m"), whole.Window.To)

		cal := []calendar.Entry{
			entryFrom("founder-10", channel.X, after("10m"), "janeroe"),
			entryFrom("page-10", channel.X, after("10m"), "brisa"),
			entryFrom("founder-11h", channel.X, after("11h"), "janeroe"),
			entryFrom("page-11h", channel.X, after("11h"), "brisa"),
		}
		_, changes, err := inc.ApplyToCalendar(p, cal, after("2h"), nil)
		require.NoError(t, err)
		seen := map[uuid.UUID]int{}
		for _, c := range changes {
			seen[c.EntryID]++
			assert.False(t, c.After.At.Before(after("12h30m")), "%s moved to %s", c.Before.Text, c.After.At)
		}
		assert.Equal(t, map[uuid.UUID]int{cal[0].ID: 1, cal[2].ID: 1, cal[3].ID: 1}, seen, "each held post moves once")

		items, err := inc.Timeline(p, after("2h"))
		require.NoError(t, err)
		var pauses []crisis.Item
		for _, it := range items {
			if it.Kind == crisis.ItemPause {
				pauses = append(pauses, it)
			}
		}
		require.Len(t, pauses, 2)
		assert.Equal(t, founder, pauses[0].Accounts)
	})
	t.Run("at one start, an account's window goes first", func(t *testing.T) {
		// High pauses X for 12 hours, then moderate the founder alone: the
		// founder's pause, from the opening, outlasts X's, which ends at
		// the de-escalation.
		p := pauseAccountPlan()
		inc, err := crisis.Open(p, "high", opened)
		require.NoError(t, err)
		require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventDeEscalate, At: after("1h"), Level: "moderate"}))
		ws := pauseWindows(t, p, inc, after("2h"))
		require.Len(t, ws, 2)
		assert.Equal(t, founder, ws[0].Accounts)
		assert.Equal(t, after("12h"), ws[0].Window.To)
		assert.Equal(t, []channel.Channel{channel.Instagram, channel.X}, ws[1].Channels)
		assert.Equal(t, opened, ws[1].Window.From)
		assert.Equal(t, after("1h"), ws[1].Window.To)

		cal := []calendar.Entry{
			entryFrom("founder", channel.X, after("10m"), "janeroe"),
			entryFrom("page", channel.X, after("20m"), "brisa"),
		}
		_, changes, err := inc.ApplyToCalendar(p, cal, after("2h"), nil)
		require.NoError(t, err)
		require.Len(t, changes, 2, "each held post moves once")
		for _, c := range changes {
			if c.EntryID == cal[0].ID {
				assert.False(t, c.After.At.Before(after("12h")), "the founder's post after the founder's pause: %s", c.After.At)
			}
		}
	})
	t.Run("an account paused with its network is not listed again", func(t *testing.T) {
		p := pauseAccountPlan()
		inc, err := crisis.Open(p, "high", opened)
		require.NoError(t, err)
		ws := pauseWindows(t, p, inc, after("5m"))
		require.Len(t, ws, 1)
		assert.Equal(t, []channel.Channel{channel.Instagram, channel.X}, ws[0].Channels)
		assert.Empty(t, ws[0].Accounts)
	})
}

// entryFrom is a scheduled entry published from the given accounts.
func entryFrom(key string, c channel.Channel, at time.Time, accounts ...string) calendar.Entry {
	e := entry(key, c, at)
	e.Accounts = accounts
	return e
}

func TestAccountJSON(t *testing.T) {
	p := pauseAccountPlan()
	t.Run("round trips", func(t *testing.T) {
		data, err := json.Marshal(p)
		require.NoError(t, err)
		assert.Contains(t, string(data), `{"channel":"x","account":"JaneRoe","text":`)
		assert.Contains(t, string(data), `"accounts":[{"channel":"x","handle":"JaneRoe"}]`)
		var back crisis.Plan
		require.NoError(t, strictjson.Unmarshal(data, &back))
		again, err := json.Marshal(&back)
		require.NoError(t, err)
		assert.JSONEq(t, string(data), string(again))
		require.NoError(t, back.Validate())

		inc, err := crisis.Open(p, "moderate", opened)
		require.NoError(t, err)
		require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("5m"), By: eva}))
		require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventPublish, At: after("6m"), By: ana, Channel: channel.X, Account: "brisa"}))
		for _, v := range []any{inc, pauseWindows(t, p, inc, after("10m"))} {
			data, err := json.Marshal(v)
			require.NoError(t, err)
			assert.Contains(t, string(data), `"account`)
		}
		items, err := inc.Timeline(p, after("10m"))
		require.NoError(t, err)
		data, err = json.Marshal(items)
		require.NoError(t, err)
		assert.Contains(t, string(data), `"channel":"x","account":"JaneRoe","text":`)
		assert.Contains(t, string(data), `"accounts":[{"channel":"x","handle":"JaneRoe"}]`)
		var items2 []crisis.Item
		require.NoError(t, strictjson.Unmarshal(data, &items2))
		again, err = json.Marshal(items2)
		require.NoError(t, err)
		assert.JSONEq(t, string(data), string(again))

		data, err = json.Marshal(inc)
		require.NoError(t, err)
		var inc2 crisis.Incident
		require.NoError(t, strictjson.Unmarshal(data, &inc2))
		again, err = json.Marshal(&inc2)
		require.NoError(t, err)
		assert.JSONEq(t, string(data), string(again))
	})
	t.Run("strict decoding", func(t *testing.T) {
		bad := []struct {
			name string
			into any
			in   string
		}{
			{"Account in a statement", new(crisis.Statement), `{"channel":"x","Account":"brisa","text":"t"}`},
			{"account twice in a statement", new(crisis.Statement), `{"channel":"x","account":"a","account":"b","text":"t"}`},
			{"Accounts in a pause", new(crisis.Pause), `{"policy":{"resume":"skip"},"for":"1h","Accounts":[{"channel":"x","handle":"a"}]}`},
			{"Handle in a pause's account", new(crisis.Pause), `{"policy":{"resume":"skip"},"for":"1h","accounts":[{"channel":"x","Handle":"a"}]}`},
			{"Account in an event", new(crisis.Event), `{"kind":"publish","at":"2026-03-06T10:00:00Z","channel":"x","Account":"a"}`},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				assert.Error(t, strictjson.Unmarshal([]byte(tt.in), tt.into), "a decoder as strict as strategy.Decode")
			})
		}
		var s crisis.Statement
		require.NoError(t, strictjson.Unmarshal([]byte(`{"channel":"x","account":"brisa","text":"t"}`), &s))
		assert.Equal(t, "brisa", s.Account)
	})
}
