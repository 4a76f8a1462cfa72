package strategy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// twoLinkedIn gives the sample plan a second LinkedIn account, the
// founder's profile, so that LinkedIn entries must say which they use.
func twoLinkedIn(s *strategy.Strategy) {
	s.Accounts = append(s.Accounts, channel.Account{Channel: channel.LinkedIn, Handle: "lucia-bluebird", Name: "Lucía, founder"})
}

func TestValidateAccountReferences(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*strategy.Strategy)
		code validation.Code
		path string
	}{
		{"two accounts with one handle on one network", func(s *strategy.Strategy) {
			s.Accounts = append(s.Accounts, channel.Account{Channel: channel.Instagram, Handle: "BlueBirdCoffee"})
		}, validation.CodeDuplicate, "accounts[5].handle"},
		{"account of a competitor the research does not name", func(s *strategy.Strategy) { s.Accounts[2].Competitor = "Nobody" }, validation.CodeNotFound, "accounts[2].competitor"},
		{"a chosen network without an account", func(s *strategy.Strategy) { s.Accounts = s.Accounts[1:] }, validation.CodeRequired, "channels[0].channel"},
		{"entry names an unknown account", func(s *strategy.Strategy) { s.Entries[0].Accounts = []string{"nobody"} }, validation.CodeNotFound, "entries[0].accounts[0]"},
		{"entry publishes from a competitor's account", func(s *strategy.Strategy) { s.Entries[0].Accounts = []string{"tostadoresnorte"} }, validation.CodeNotFound, "entries[0].accounts[0]"},
		{"routine names an unknown account", func(s *strategy.Strategy) { s.Routines[0].Account = "nobody" }, validation.CodeNotFound, "routines[0].account"},
		{"two LinkedIn accounts: a LinkedIn entry must name one", twoLinkedIn, validation.CodeRequired, "entries[4].accounts"},
		{"two LinkedIn accounts: a LinkedIn routine must name one", twoLinkedIn, validation.CodeRequired, "routines[2].account"},
		{"KPI of an unknown account", func(s *strategy.Strategy) {
			s.KPIs[0].Channels = nil
			s.KPIs[0].Accounts = []channel.AccountRef{{Channel: channel.Instagram, Handle: "nobody"}}
		}, validation.CodeNotFound, "kpis[0].accounts[0].handle"},
		{"statement from a competitor's account", func(s *strategy.Strategy) {
			s.Crisis.Levels[0].Statements[0].Account = "tostadoresnorte"
		}, validation.CodeNotFound, "crisis.levels[0].statements[0].account"},
		{"pause of an unknown account", func(s *strategy.Strategy) {
			s.Crisis.Levels[1].Pause = &crisis.Pause{Policy: calendar.PausePolicy{Resume: calendar.ResumeSkip}, For: crisis.Duration(time.Hour),
				Accounts: []channel.AccountRef{{Channel: channel.Instagram, Handle: "nobody"}}}
		}, validation.CodeNotFound, "crisis.levels[1].pause.accounts[0].handle"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := verifiedplan.Plan()
			require.NoError(t, s.Validate())
			c.edit(s)
			err := s.Validate()
			assert.True(t, validation.Has(err, c.code, c.path), "want %s at %s; got %v", c.code, c.path, err)
		})
	}
}

func TestTwoAccountsOnOneNetwork(t *testing.T) {
	s := verifiedplan.Plan()
	twoLinkedIn(s)
	for i := range s.Entries {
		if s.Entries[i].Channel == channel.LinkedIn {
			s.Entries[i].Accounts = []string{"bluebird-coffee-roasters", "lucia-bluebird"}
		}
	}
	for i := range s.Routines {
		if s.Routines[i].Channel == channel.LinkedIn {
			s.Routines[i].Account = "bluebird-coffee-roasters"
		}
	}
	require.NoError(t, s.Validate())
}

func TestDecodeOldShape(t *testing.T) {
	s := verifiedplan.Plan()
	s.Accounts = nil
	data, err := json.Marshal(s)
	require.NoError(t, err)
	_, err = strategy.Decode(bytes.NewReader(data))
	require.Error(t, err)
	assert.ErrorIs(t, err, strategy.ErrDecode)
	assert.ErrorIs(t, err, strategy.ErrNoAccounts)
	var verr *validation.Error
	require.True(t, errors.As(err, &verr))
	assert.True(t, verr.Has(validation.CodeRequired, "accounts"), "%v", err)
	assert.Contains(t, err.Error(), `{"channel":"instagram","handle":"…"}`)

	s = verifiedplan.Plan()
	data, err = json.Marshal(s)
	require.NoError(t, err)
	back, err := strategy.Decode(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Equal(t, s.Accounts, back.Accounts)
}

// TestCrisisCoversEveryAccount: with a second LinkedIn account, a level
// whose only LinkedIn statement is the company page's leaves the founder's
// profile without a holding statement.
func TestCrisisCoversEveryAccount(t *testing.T) {
	s := verifiedplan.Plan()
	require.True(t, strategy.Verify(s, nil).OK())
	twoLinkedIn(s)
	for i := range s.Crisis.Levels {
		for j := range s.Crisis.Levels[i].Statements {
			if s.Crisis.Levels[i].Statements[j].Channel == channel.LinkedIn {
				s.Crisis.Levels[i].Statements[j].Account = "bluebird-coffee-roasters"
			}
		}
	}
	found := ""
	for _, f := range strategy.Verify(s, nil).Findings {
		if f.Rule == strategy.RuleCrisisCoverage {
			found = f.Message
		}
	}
	assert.Contains(t, found, "levels without a holding statement for @lucia-bluebird on LinkedIn")
	assert.False(t, strings.Contains(found, "@bluebird-coffee-roasters"), found)
}
