package kpi_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// requireProblem fails unless err is a *validation.Error with a problem of
// the given code at path.
func requireProblem(t *testing.T, err error, code validation.Code, path string) {
	t.Helper()
	require.Error(t, err)
	assert.True(t, validation.Has(err, code, path), "want %s at %s, got %v", code, path, err)
}

func TestObservationAccountValidate(t *testing.T) {
	ok := kpi.Observation{Metric: kpi.Clicks, Channel: channel.LinkedIn, Account: "janeroe", At: day(1), Value: d("3")}
	tests := []struct {
		name string
		edit func(o *kpi.Observation)
		code validation.Code // "" for valid
		path string
	}{
		{"an account on its channel", func(*kpi.Observation) {}, "", ""},
		{"no account: the network as a whole", func(o *kpi.Observation) { o.Account = "" }, "", ""},
		{"a Mastodon handle", func(o *kpi.Observation) { o.Channel, o.Account = channel.Mastodon, "jane@mastodon.social" }, "", ""},
		{"an account without its channel", func(o *kpi.Observation) { o.Channel = "" }, validation.CodeRequired, "channel"},
		{"a handle with its @", func(o *kpi.Observation) { o.Account = "@janeroe" }, validation.CodeInvalid, "account"},
		{"a handle with a space", func(o *kpi.Observation) { o.Account = "jane roe" }, validation.CodeInvalid, "account"},
		{"a handle that is not UTF-8", func(o *kpi.Observation) { o.Account = "jane\xff" }, validation.CodeInvalid, "account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := ok
			tt.edit(&o)
			err := o.Validate()
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			requireProblem(t, err, tt.code, tt.path)
			// NewSeries refuses it too, at the observation's index.
			_, err = kpi.NewSeries([]kpi.Observation{ok, o})
			requireProblem(t, err, tt.code, "[1]."+tt.path)
		})
	}
}

func TestKPIAccountsValidate(t *testing.T) {
	li := func(h string) channel.AccountRef { return channel.AccountRef{Channel: channel.LinkedIn, Handle: h} }
	tests := []struct {
		name     string
		channels []channel.Channel
		accounts []channel.AccountRef
		code     validation.Code // "" for valid
		path     string
	}{
		{"one account", nil, []channel.AccountRef{li("janeroe")}, "", ""},
		{"two accounts on one network", nil, []channel.AccountRef{li("janeroe"), li("acme")}, "", ""},
		{"an account beside another network", []channel.Channel{channel.X}, []channel.AccountRef{li("janeroe")}, "", ""},
		{"no channel", nil, []channel.AccountRef{{Handle: "janeroe"}}, validation.CodeRequired, "accounts[0].channel"},
		{"an unknown channel", nil, []channel.AccountRef{{Channel: "myspace", Handle: "janeroe"}}, validation.CodeNotSupported, "accounts[0].channel"},
		{"no handle", nil, []channel.AccountRef{li("")}, validation.CodeRequired, "accounts[0].handle"},
		{"a handle with its @", nil, []channel.AccountRef{li("@janeroe")}, validation.CodeInvalid, "accounts[0].handle"},
		{"the same account twice, in another case", nil, []channel.AccountRef{li("janeroe"), li("JaneRoe")}, validation.CodeDuplicate, "accounts[1].handle"},
		{"an account on a network read as a whole", []channel.Channel{channel.LinkedIn}, []channel.AccountRef{li("janeroe")}, validation.CodeConflict, "accounts[0].channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := clicksKPI()
			k.Channels, k.Accounts = tt.channels, tt.accounts
			q := kpi.Selection{Metric: kpi.Clicks, Channels: tt.channels, Accounts: tt.accounts}
			if tt.code == "" {
				require.NoError(t, k.Validate())
				require.NoError(t, q.Validate())
				return
			}
			requireProblem(t, k.Validate(), tt.code, tt.path)
			requireProblem(t, q.Validate(), tt.code, tt.path)
		})
	}
}

// accountClicks are clicks on LinkedIn as a whole (a network total), on
// the brand's page and on the founder's profile (spelled in two cases), and
// on the founder's X account.
func accountClicks() []kpi.Observation {
	o := func(c channel.Channel, acc string, n int, v string) kpi.Observation {
		return kpi.Observation{Metric: kpi.Clicks, Channel: c, Account: acc, At: day(n), Value: d(v)}
	}
	return []kpi.Observation{
		o(channel.LinkedIn, "", 1, "1000"),
		o(channel.LinkedIn, "acme", 1, "10"),
		o(channel.LinkedIn, "JaneRoe", 1, "20"),
		o(channel.LinkedIn, "janeroe", 2, "30"),
		o(channel.X, "janeroe", 2, "400"),
		o("", "", 2, "5000"),
	}
}

func TestEvaluateAndSumByAccount(t *testing.T) {
	li := func(h string) channel.AccountRef { return channel.AccountRef{Channel: channel.LinkedIn, Handle: h} }
	tests := []struct {
		name     string
		channels []channel.Channel
		accounts []channel.AccountRef
		want     string
	}{
		{"everything", nil, nil, "6460"},
		{"LinkedIn as a whole: the total and every account", []channel.Channel{channel.LinkedIn}, nil, "1060"},
		{"the founder's profile, whatever the case of its handle", nil, []channel.AccountRef{li("janeroe")}, "50"},
		{"the handle as the plan writes it", nil, []channel.AccountRef{li("JANEROE")}, "50"},
		{"two accounts on LinkedIn", nil, []channel.AccountRef{li("janeroe"), li("acme")}, "60"},
		{"an account and another network", []channel.Channel{channel.X}, []channel.AccountRef{li("acme")}, "410"},
		{"the same handle on another network", nil, []channel.AccountRef{{Channel: channel.X, Handle: "janeroe"}}, "400"},
		{"an account with no observations", nil, []channel.AccountRef{li("nobody")}, "0"},
	}
	s := mustSeries(t, accountClicks()...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := s.Sum(kpi.Selection{Metric: kpi.Clicks, Channels: tt.channels, Accounts: tt.accounts})
			require.NoError(t, err)
			assert.True(t, d(tt.want).Equal(sum), "sum: want %s, got %s", tt.want, sum)

			k := clicksKPI()
			k.Target.Value = d("100000")
			k.Channels, k.Accounts = tt.channels, tt.accounts
			p, err := kpi.Evaluate(k, s, day(5), nil)
			require.NoError(t, err)
			if tt.want == "0" {
				assert.Nil(t, p.Actual, "an account with no observations has no value")
				return
			}
			require.NotNil(t, p.Actual)
			assert.True(t, d(tt.want).Equal(*p.Actual), "evaluate: want %s, got %s", tt.want, p.Actual)
		})
	}
}

func TestSeriesGroupsAccountsWithoutCase(t *testing.T) {
	o := func(acc string, n int) kpi.Observation {
		return kpi.Observation{Metric: kpi.Followers, Channel: channel.LinkedIn, Account: acc, At: day(n), Value: d("7")}
	}
	t.Run("one account in two cases is one column", func(t *testing.T) {
		_, err := kpi.NewSeries([]kpi.Observation{o("JaneRoe", 2), o("janeroe", 1)})
		requireProblem(t, err, validation.CodeOrder, "[1].at")
		_, err = kpi.NewSeries([]kpi.Observation{o("JaneRoe", 1), o("janeroe", 1)})
		requireProblem(t, err, validation.CodeDuplicate, "[1].at")
	})
	t.Run("an account and the network as a whole are two columns", func(t *testing.T) {
		_, err := kpi.NewSeries([]kpi.Observation{o("janeroe", 2), o("", 1), o("acme", 1)})
		require.NoError(t, err)
	})
	t.Run("the first spelling is kept, in order of handles", func(t *testing.T) {
		s := mustSeries(t, o("JaneRoe", 1), o("janeroe", 2), o("", 1), o("Acme", 1))
		var got []string
		for ob := range s.Observations() {
			got = append(got, ob.Account)
		}
		assert.Equal(t, []string{"", "Acme", "JaneRoe", "JaneRoe"}, got)
	})
	t.Run("messages name the account", func(t *testing.T) {
		_, err := kpi.NewSeries([]kpi.Observation{o("janeroe", 2), o("janeroe", 1)})
		assert.ErrorContains(t, err, "on @janeroe on linkedin")
	})
}

func TestAccountJSON(t *testing.T) {
	li := channel.AccountRef{Channel: channel.LinkedIn, Handle: "janeroe"}
	k := clicksKPI()
	k.Channels = []channel.Channel{channel.X}
	k.Accounts = []channel.AccountRef{li}
	t.Run("round trips", func(t *testing.T) {
		reencode(t, kpi.Observation{Metric: kpi.Clicks, Channel: channel.LinkedIn, Account: "janeroe", At: day(1), Value: d("3")})
		reencode(t, k)
		reencode(t, kpi.Selection{Metric: kpi.Clicks, Accounts: []channel.AccountRef{li}})
		reencode(t, mustSeries(t, accountClicks()...))
	})
	t.Run("the names on the wire", func(t *testing.T) {
		b, err := json.Marshal(kpi.Observation{Metric: kpi.Clicks, Channel: channel.LinkedIn, Account: "janeroe", At: day(1), Value: d("3")})
		require.NoError(t, err)
		assert.JSONEq(t, `{"metric":"clicks","channel":"linkedin","account":"janeroe","at":"2025-06-02T12:00:00Z","value":"3"}`, string(b))
		b, err = json.Marshal(kpi.Selection{Metric: kpi.Clicks, Accounts: []channel.AccountRef{li}})
		require.NoError(t, err)
		assert.JSONEq(t, `{"metric":"clicks","accounts":[{"channel":"linkedin","handle":"janeroe"}]}`, string(b))
	})
	t.Run("strict decoding", func(t *testing.T) {
		bad := []struct {
			name string
			into any
			in   string
		}{
			{"Account in capitals", new(kpi.Observation), `{"metric":"clicks","channel":"linkedin","Account":"janeroe","at":"2025-06-02T12:00:00Z","value":"3"}`},
			{"account twice", new(kpi.Observation), `{"metric":"clicks","channel":"linkedin","account":"a","account":"b","at":"2025-06-02T12:00:00Z","value":"3"}`},
			{"Handle in capitals in a KPI's accounts", new(kpi.KPI), `{"accounts":[{"channel":"linkedin","Handle":"janeroe"}]}`},
			{"an unknown key in a KPI's accounts", new(kpi.KPI), `{"accounts":[{"channel":"linkedin","handle":"janeroe","name":"Jane"}]}`},
			{"Account in a series", new(kpi.Series), `[{"metric":"clicks","channel":"linkedin","Account":"janeroe","at":"2025-06-02T12:00:00Z","value":"3"}]`},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				assert.Error(t, json.Unmarshal([]byte(tt.in), tt.into))
			})
		}
		var o kpi.Observation
		require.NoError(t, json.Unmarshal([]byte(`{"metric":"clicks","channel":"linkedin","account":"janeroe","at":"2025-06-02T12:00:00Z","value":"3"}`), &o))
		assert.Equal(t, "janeroe", o.Account)
		var s kpi.Series
		err := json.Unmarshal([]byte(`[{"metric":"clicks","account":"janeroe","at":"2025-06-02T12:00:00Z","value":"3"}]`), &s)
		requireProblem(t, err, validation.CodeRequired, "[0].channel")
	})
}
