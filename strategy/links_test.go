package strategy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// taggedPlan is the sample plan whose office campaign (LinkedIn, entries 4
// to 6) tags its links per account, posted by the company page and the
// founder.
func taggedPlan() *strategy.Strategy {
	s := verifiedplan.Plan()
	twoLinkedIn(s)
	s.Campaigns[1].Links = strategy.LinkPolicy{Medium: "social", Source: strategy.LinkSourceAccount}
	for i := range s.Entries {
		if s.Entries[i].Channel == channel.LinkedIn {
			s.Entries[i].Accounts = []string{"bluebird-coffee-roasters", "lucia-bluebird"}
			s.Entries[i].Text += " " + s.Entries[i].Link
		}
	}
	for i := range s.Routines {
		if s.Routines[i].Channel == channel.LinkedIn {
			s.Routines[i].Account = "bluebird-coffee-roasters"
		}
	}
	return s
}

func TestCalendarTagsLinksAndNamesAccounts(t *testing.T) {
	s := taggedPlan()
	require.NoError(t, s.Validate())
	before, err := json.Marshal(s)
	require.NoError(t, err)

	cal, err := s.Calendar()
	require.NoError(t, err)
	require.NoError(t, cal.Validate())
	after, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, string(before), string(after), "the plan is not changed")

	assert.Equal(t, []string{"bluebirdcoffee"}, cal.Entries[0].Accounts, "the implied account is named")
	assert.Equal(t, "bluebirdcoffee", cal.Routines[0].Account)
	assert.Equal(t, s.Entries[0].Link, cal.Entries[0].Link, "a campaign without a link policy keeps its links")

	office := cal.Entries[4]
	for _, h := range office.Accounts {
		post := office.Post(h)
		tags, err := calendar.ParseLinkTags(post.Link)
		require.NoError(t, err, h)
		assert.Equal(t, h, tags.Source)
		assert.Equal(t, "social", tags.Medium)
		entry, campaign, ok := tags.EntryIDs()
		require.True(t, ok)
		assert.Equal(t, s.Entries[4].ID, entry)
		assert.Equal(t, s.Campaigns[1].ID, campaign)
		assert.True(t, strings.HasSuffix(post.Text, " "+post.Link), "the link in the text is the tagged one: %q", post.Text)
	}
}

func TestTaggingBreaksTheLimit(t *testing.T) {
	s := taggedPlan()
	e := &s.Entries[4]
	e.Text = strings.Repeat("a", 3000-len(e.Link)-1) + " " + e.Link
	require.NoError(t, s.Validate(), "the untagged post fits")

	_, err := s.Calendar()
	require.Error(t, err)
	assert.True(t, validation.Has(err, validation.CodeTooLong, "entries[4].accounts[0]"), "%v", err)
	assert.Contains(t, err.Error(), "@bluebird-coffee-roasters's post (text), once its links are tagged")
	assert.NotContains(t, err.Error(), "variants[", "the variants tagging made are not the plan's: %v", err)

	rep := strategy.Verify(s, nil)
	found := false
	for _, f := range rep.Findings {
		if f.Rule == strategy.RuleLinksTagged && strings.HasPrefix(f.Path, "entries[4]") {
			found = true
		}
	}
	assert.True(t, found, "%s", rep)

	// On X a link counts 23 characters, however long it gets.
	s = verifiedplan.Plan()
	s.Campaigns[0].Links = strategy.LinkPolicy{Medium: "social"}
	e = &s.Entries[1]
	e.Channel = channel.X
	s.Channels = append(s.Channels, strategy.ChannelPlan{Channel: channel.X, Purpose: "news"})
	s.Campaigns[0].Channels = append(s.Campaigns[0].Channels, channel.X)
	s.Accounts = append(s.Accounts, channel.Account{Channel: channel.X, Handle: "bluebird"})
	e.Text = strings.Repeat("a", 280-23-1) + " " + e.Link
	require.NoError(t, s.Validate())
	_, err = s.Calendar()
	require.NoError(t, err)
}

func TestLinkConflictsAndPolicyErrors(t *testing.T) {
	s := taggedPlan()
	s.Entries[4].Link = "https://bluebird.coffee/office?utm_source=newsletter"
	s.Campaigns[0].Links = strategy.LinkPolicy{Source: "carrier-pigeon"}
	err := s.Validate()
	assert.True(t, validation.Has(err, validation.CodeRequired, "campaigns[0].links.medium"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "campaigns[0].links.source"), "%v", err)

	s.Campaigns[0].Links = strategy.LinkPolicy{}
	err = s.Validate()
	assert.True(t, validation.Has(err, validation.CodeConflict, "entries[4].link[utm_source]"), "%v", err)
	assert.Equal(t, 1, strings.Count(err.Error(), "entries[4].link[utm_source]"), "one problem, however many accounts post the link: %v", err)
	_, err = s.Calendar()
	assert.True(t, validation.Has(err, validation.CodeConflict, "entries[4].link[utm_source]"), "%v", err)
	rep := strategy.Verify(s, nil)
	assert.Contains(t, rep.String(), "plan.valid: entries[4].link[utm_source]")
	assert.NotContains(t, rep.String(), "links.tagged", "a link that cannot be tagged is the plan's problem, reported once")
}

func TestCalendarRefusesUnresolvedAccounts(t *testing.T) {
	s := verifiedplan.Plan()
	twoLinkedIn(s)
	_, err := s.Calendar()
	assert.True(t, validation.Has(err, validation.CodeRequired, "entries[4].accounts"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "routines[2].account"), "%v", err)
}

func TestLinkPolicyJSON(t *testing.T) {
	s := taggedPlan()
	data, err := json.Marshal(s.Campaigns[1])
	require.NoError(t, err)
	assert.Contains(t, string(data), `"links":{"medium":"social","source":"account"}`)
	data, err = json.Marshal(s.Campaigns[0])
	require.NoError(t, err)
	assert.NotContains(t, string(data), `"links"`)
	var c strategy.Campaign
	assert.Error(t, json.Unmarshal([]byte(`{"links":{"medium":"social","source":"pigeon"}}`), &c))
}

// TestTaggingBreaksTheLimitOfAVariant: every account already has a
// variant, so tagging changes no count, only the variants' links and the
// text they inherit; Verify still finds the text over the limit.
func TestTaggingBreaksTheLimitOfAVariant(t *testing.T) {
	s := taggedPlan()
	e := &s.Entries[4]
	e.Text = strings.Repeat("a", 3000-len(e.Link)-1) + " " + e.Link
	e.Variants = []calendar.Variant{{Account: e.Accounts[0], FirstComment: "more soon"}, {Account: e.Accounts[1], FirstComment: "more soon"}}
	require.NoError(t, s.Validate())
	_, err := s.Calendar()
	assert.True(t, validation.Has(err, validation.CodeTooLong, "entries[4].variants[0].text"), "%v", err)
	found := false
	for _, f := range strategy.Verify(s, nil).Findings {
		found = found || (f.Rule == strategy.RuleLinksTagged && f.Path == "entries[4].variants[0].text")
	}
	assert.True(t, found)
}
