package community_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// accountInbox is sampleInbox with Cafetal on Instagram as two accounts:
// the shop's page (cafetal) and its head barista's profile (BaristaAna).
// c1, its reply r1 and d1 reached the page, c2 the barista; the other
// networks' interactions name no account.
func accountInbox() community.Inbox {
	b := sampleInbox()
	for i := range b {
		switch b[i].ID {
		case "c1", "r1":
			b[i].Account = "cafetal"
		case "d1":
			b[i].Account = "Cafetal" // the same account, in another case
		case "c2":
			b[i].Account = "BaristaAna"
		}
	}
	return b
}

func TestInteractionAccountValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(b community.Inbox)
		code validation.Code // "" for valid
		path string
	}{
		{"accounts on Instagram", func(community.Inbox) {}, "", ""},
		{"a reply that names no account under a parent that names one", func(b community.Inbox) { b[2].Account = "" }, "", ""},
		{"a reply on the parent's account in another case", func(b community.Inbox) { b[2].Account = "CAFETAL" }, "", ""},
		{"a handle with its @", func(b community.Inbox) { b[1].Account = "@baristaana" }, validation.CodeInvalid, "[1].account"},
		{"a handle with a space", func(b community.Inbox) { b[1].Account = "barista ana" }, validation.CodeInvalid, "[1].account"},
		{"a reply on another account than its parent", func(b community.Inbox) { b[2].Account = "baristaana" }, validation.CodeConflict, "[2].account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := accountInbox()
			tt.edit(b)
			err := b.Validate()
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, validation.Has(err, tt.code, tt.path), "want %s at %s, got %v", tt.code, tt.path, err)
		})
	}
}

func TestReportByAccount(t *testing.T) {
	r := sampleResponder(t)
	responses := []community.Response{
		{To: "c2", At: at(12, 9, 30), By: ana},
		{To: "m1", At: at(12, 11, 30), By: luis},
		{To: "d1", At: at(12, 10, 20), By: ana},
		{To: "c1", At: at(13, 9, 30), By: ana},
	}
	w := calendar.Window{From: at(12, 0, 0), To: at(13, 12, 0)}
	rep, err := r.Report(accountInbox(), responses, w)
	require.NoError(t, err)

	type fig struct {
		Channel                      channel.Channel
		Account                      string
		Received, Answered, Breached int
	}
	var got []fig
	for _, a := range rep.Accounts {
		got = append(got, fig{a.Channel, a.Account, a.Received, a.Answered, a.Breached})
	}
	assert.Equal(t, []fig{
		{channel.Instagram, "BaristaAna", 1, 1, 0},
		{channel.Instagram, "cafetal", 3, 2, 2}, // c1, r1 and d1; c1 answered late, r1 never
	}, got, "by handle without regard to case, in the first spelling")
	require.Len(t, rep.Channels, 3)
	assert.Equal(t, 4, rep.Channels[0].Received, "the channel's figures are unchanged")

	for _, f := range rep.FirstResponses {
		want := map[string]string{"c1": "cafetal", "c2": "BaristaAna", "d1": "Cafetal"}[f.ID]
		assert.Equal(t, want, f.Account, f.ID)
	}
	for _, b := range rep.Breaches {
		want := map[string]string{"c1": "cafetal", "r1": "cafetal"}[b.ID]
		assert.Equal(t, want, b.Account, b.ID)
	}

	// KPIs read the report's observations by channel and by account.
	s, err := kpi.NewSeries(rep.Observations())
	require.NoError(t, err)
	sum := func(m kpi.Metric, chs []channel.Channel, accs ...channel.AccountRef) string {
		v, err := s.Sum(kpi.Selection{Metric: m, Channels: chs, Accounts: accs})
		require.NoError(t, err)
		return v.String()
	}
	ig := []channel.Channel{channel.Instagram}
	page := channel.AccountRef{Channel: channel.Instagram, Handle: "cafetal"}
	assert.Equal(t, "4", sum(kpi.MessagesReceived, ig), "Instagram as a whole counts each interaction once")
	assert.Equal(t, "3", sum(kpi.MessagesAnswered, ig))
	assert.Equal(t, "3", sum(kpi.MessagesReceived, nil, page))
	assert.Equal(t, "2", sum(kpi.MessagesAnswered, nil, page))
	assert.Equal(t, "7", sum(kpi.MessagesReceived, nil), "every channel")
	var samples int
	for o := range s.Observations() {
		if o.Metric == kpi.FirstResponseTime && o.Channel == channel.Instagram && channel.SameHandle(o.Account, "cafetal") {
			samples++
		}
	}
	assert.Equal(t, 2, samples, "one first response sample per answered interaction of the account")

	t.Run("a channel whose interactions all name an account gives no empty set", func(t *testing.T) {
		for _, o := range rep.Observations() {
			if o.Channel == channel.Instagram && o.Metric != kpi.FirstResponseTime {
				assert.NotEmpty(t, o.Account, "%+v", o)
			}
		}
	})
	t.Run("without accounts the report is as before", func(t *testing.T) {
		plain, err := r.Report(sampleInbox(), responses, w)
		require.NoError(t, err)
		assert.Empty(t, plain.Accounts)
		assert.Len(t, plain.Observations(), 2*3+4)
	})

	t.Run("JSON", func(t *testing.T) {
		data, err := json.Marshal(rep)
		require.NoError(t, err)
		assert.Contains(t, string(data), `"accounts":[{"channel":"instagram","account":"BaristaAna","received":1,`)
		var back community.ResponseReport
		require.NoError(t, json.Unmarshal(data, &back))
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.JSONEq(t, string(data), string(again))
		require.Len(t, back.Accounts, len(rep.Accounts))
		for i, a := range back.Accounts {
			assert.Equal(t, rep.Accounts[i].Ref(), a.Ref())
			assert.Equal(t, rep.Accounts[i].Received, a.Received)
			assert.True(t, rep.Accounts[i].ResponseRate.Decimal.Equal(a.ResponseRate.Decimal))
		}
	})
}

func TestAccountJSON(t *testing.T) {
	in := accountInbox()[1]
	t.Run("round trips", func(t *testing.T) {
		data, err := json.Marshal(in)
		require.NoError(t, err)
		assert.Contains(t, string(data), `"account":"BaristaAna"`)
		var back community.Interaction
		require.NoError(t, strictjson.Unmarshal(data, &back))
		assert.Equal(t, "BaristaAna", back.Account)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.JSONEq(t, string(data), string(again))
		stats := community.AccountStats{Channel: channel.Instagram, Account: "cafetal", ResponseStats: community.ResponseStats{Received: 3, Answered: 2}}
		data, err = json.Marshal(stats)
		require.NoError(t, err)
		var s community.AccountStats
		require.NoError(t, json.Unmarshal(data, &s))
		assert.Equal(t, stats, s)
		assert.Equal(t, channel.AccountRef{Channel: channel.Instagram, Handle: "cafetal"}, s.Ref())
	})
	t.Run("strict decoding", func(t *testing.T) {
		var back community.Interaction
		assert.Error(t, strictjson.Unmarshal([]byte(`{"id":"c2","kind":"comment","channel":"instagram","Account":"baristaana","author":{"handle":"marco"},"at":"2026-01-12T08:40:00+01:00"}`), &back),
			"a decoder as strict as strategy.Decode refuses Account for account")
		var s community.AccountStats
		assert.Error(t, json.Unmarshal([]byte(`{"channel":"instagram","Account":"cafetal","received":3}`), &s))
		assert.Error(t, json.Unmarshal([]byte(`{"channel":"instagram","account":"cafetal","account":"x"}`), &s))
		require.NoError(t, json.Unmarshal([]byte(`{"channel":"instagram","account":"cafetal","received":3,"responseRate":"50"}`), &s))
		assert.Equal(t, 3, s.Received)
		assert.Equal(t, "cafetal", s.Account)
	})
	t.Run("a leader's account is channel.AccountRef, in the same shape", func(t *testing.T) {
		a := community.Account{Channel: channel.X, Handle: "coffeefacts"}
		var ref channel.AccountRef = a
		data, err := json.Marshal(a)
		require.NoError(t, err)
		assert.JSONEq(t, `{"channel":"x","handle":"coffeefacts"}`, string(data))
		assert.Equal(t, "@coffeefacts on X", ref.String())
	})
}
