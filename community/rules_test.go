package community_test

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
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

func ptr[T any](v T) *T { return &v }

// ruleInteraction is an Instagram comment on Cafetal's page, in Spanish,
// on Monday 12 January 2026 at 10:00 in Madrid.
func ruleInteraction() community.Interaction {
	return community.Interaction{
		ID: "c1", Kind: community.KindComment, Channel: channel.Instagram, Account: "Cafetal",
		Author: community.Author{Handle: "lucia", Followers: 5000, Verified: true},
		Text:   "Mi pedido llegó ROTO, quiero un reembolso", At: at(12, 10, 0), Language: "es-ES",
		Sentiment: community.Negative,
	}
}

// lengthScorer scores a text's intensity as minus ten times its length in
// bytes: a test stand-in for a sentiment scorer.
var lengthScorer = community.IntensityFunc(func(text string) int { return -10 * len(text) })

func ruleOptions() *community.RuleSetOptions {
	return &community.RuleSetOptions{
		Hours:     calendar.Weekdays(madrid, mustRange("09:00-18:00")),
		Intensity: lengthScorer,
	}
}

func TestInboxRuleConditions(t *testing.T) {
	act := community.Actions{Tags: []string{"hit"}}
	monday10, monday20 := at(12, 10, 0), at(12, 20, 0)
	unlabelled := ruleInteraction()
	unlabelled.Sentiment = ""
	noLanguage := ruleInteraction()
	noLanguage.Language = ""
	estonianish := ruleInteraction()
	estonianish.Language = "est"
	noAccount := ruleInteraction()
	noAccount.Account = ""
	tests := []struct {
		name string
		when community.Condition
		in   community.Interaction
		now  time.Time
		want bool
	}{
		{"nothing set", community.Condition{}, ruleInteraction(), monday10, true},
		{"kind in", community.Condition{Kinds: []community.Kind{community.KindReview, community.KindComment}}, ruleInteraction(), monday10, true},
		{"kind out", community.Condition{Kinds: []community.Kind{community.KindDirectMessage}}, ruleInteraction(), monday10, false},
		{"channel in", community.Condition{Channels: []channel.Channel{channel.Instagram}}, ruleInteraction(), monday10, true},
		{"channel out", community.Condition{Channels: []channel.Channel{channel.X}}, ruleInteraction(), monday10, false},
		{"account ignoring case", community.Condition{Accounts: []string{"CAFETAL"}}, ruleInteraction(), monday10, true},
		{"other account", community.Condition{Accounts: []string{"founder"}}, ruleInteraction(), monday10, false},
		{"no account named", community.Condition{Accounts: []string{"cafetal"}}, noAccount, monday10, false},
		{"label", community.Condition{Sentiments: []community.Sentiment{community.Negative}}, ruleInteraction(), monday10, true},
		{"other label", community.Condition{Sentiments: []community.Sentiment{community.Positive}}, ruleInteraction(), monday10, false},
		{"no label, no labeller", community.Condition{Sentiments: []community.Sentiment{community.Negative, community.Neutral}}, unlabelled, monday10, false},
		{"intensity at most, met", community.Condition{IntensityAtMost: ptr(-400)}, ruleInteraction(), monday10, true},
		{"intensity at most, exactly", community.Condition{IntensityAtMost: ptr(-420)}, ruleInteraction(), monday10, true},
		{"intensity at most, not met", community.Condition{IntensityAtMost: ptr(-421)}, ruleInteraction(), monday10, false},
		{"intensity at least", community.Condition{IntensityAtLeast: ptr(-420)}, ruleInteraction(), monday10, true},
		{"intensity at least, not met", community.Condition{IntensityAtLeast: ptr(-419)}, ruleInteraction(), monday10, false},
		{"word, folded", community.Condition{Words: []string{"roto"}}, ruleInteraction(), monday10, true},
		{"phrase", community.Condition{Words: []string{"pedido llegó"}}, ruleInteraction(), monday10, true},
		{"part of a word", community.Condition{Words: []string{"reembols"}}, ruleInteraction(), monday10, false},
		{"pattern", community.Condition{Patterns: []string{`(?i)reembols[oa]`}}, ruleInteraction(), monday10, true},
		{"pattern case-sensitive", community.Condition{Patterns: []string{`roto`}}, ruleInteraction(), monday10, false},
		{"any pattern", community.Condition{Patterns: []string{`nope`, `ROTO`}}, ruleInteraction(), monday10, true},
		{"followers at least", community.Condition{FollowersAtLeast: ptr(int64(5000))}, ruleInteraction(), monday10, true},
		{"followers at least, not met", community.Condition{FollowersAtLeast: ptr(int64(5001))}, ruleInteraction(), monday10, false},
		{"followers at most", community.Condition{FollowersAtMost: ptr(int64(5000))}, ruleInteraction(), monday10, true},
		{"followers at most, not met", community.Condition{FollowersAtMost: ptr(int64(4999))}, ruleInteraction(), monday10, false},
		{"verified", community.Condition{Verified: ptr(true)}, ruleInteraction(), monday10, true},
		{"not verified", community.Condition{Verified: ptr(false)}, ruleInteraction(), monday10, false},
		{"language range", community.Condition{Languages: []string{"ES"}}, ruleInteraction(), monday10, true},
		{"exact language", community.Condition{Languages: []string{"es-es"}}, ruleInteraction(), monday10, true},
		{"narrower range", community.Condition{Languages: []string{"es-MX"}}, ruleInteraction(), monday10, false},
		{"prefix that is not a subtag", community.Condition{Languages: []string{"es"}}, estonianish, monday10, false},
		{"no language", community.Condition{Languages: []string{"es"}}, noLanguage, monday10, false},
		{"open hours", community.Condition{Hours: community.HoursOpen}, ruleInteraction(), monday10, true},
		{"open hours, closed", community.Condition{Hours: community.HoursOpen}, ruleInteraction(), monday20, false},
		{"closed hours", community.Condition{Hours: community.HoursClosed}, ruleInteraction(), monday20, true},
		{"closed hours, open", community.Condition{Hours: community.HoursClosed}, ruleInteraction(), monday10, false},
		{"all together", community.Condition{
			Kinds: []community.Kind{community.KindComment}, Channels: []channel.Channel{channel.Instagram},
			Accounts: []string{"cafetal"}, Sentiments: []community.Sentiment{community.Negative},
			IntensityAtLeast: ptr(-1000), IntensityAtMost: ptr(0), Words: []string{"reembolso"},
			Patterns: []string{`ROTO`}, FollowersAtLeast: ptr(int64(1)), FollowersAtMost: ptr(int64(10_000)),
			Verified: ptr(true), Languages: []string{"es"}, Hours: community.HoursOpen,
		}, ruleInteraction(), monday10, true},
		{"all but one", community.Condition{
			Kinds: []community.Kind{community.KindComment}, Channels: []channel.Channel{channel.Instagram},
			Words: []string{"reembolso"}, Languages: []string{"en"},
		}, ruleInteraction(), monday10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := community.NewRuleSet(community.InboxRules{{Name: "r", When: tt.when, Then: act}}, ruleOptions())
			require.NoError(t, err)
			out := rs.Apply(tt.in, tt.now)
			if tt.want {
				assert.Equal(t, []string{"r"}, out.Matched)
				assert.Equal(t, []string{"hit"}, out.Tags)
			} else {
				assert.Empty(t, out.Matched)
				assert.Empty(t, out.Tags)
			}
		})
	}
}

// countingLabeler labels every interaction negative and counts its calls.
type countingLabeler struct{ calls *int }

func (c countingLabeler) Sentiment(community.Interaction) community.Sentiment {
	*c.calls++
	return community.Negative
}

func TestInboxRuleLabellerAndScorerRunOnce(t *testing.T) {
	var labels, scores int
	opts := &community.RuleSetOptions{
		Sentiment: countingLabeler{&labels},
		Intensity: community.IntensityFunc(func(string) int { scores++; return -5000 }), // read as -1000
	}
	rs, err := community.NewRuleSet(community.InboxRules{
		{Name: "a", When: community.Condition{Sentiments: []community.Sentiment{community.Negative}, IntensityAtMost: ptr(-1000)}, Then: community.Actions{Tags: []string{"a"}}},
		{Name: "b", When: community.Condition{Sentiments: []community.Sentiment{community.Negative}, IntensityAtLeast: ptr(-1000)}, Then: community.Actions{Tags: []string{"b"}}},
		{Name: "c", When: community.Condition{Kinds: []community.Kind{community.KindShare}, Sentiments: []community.Sentiment{community.Negative}}, Then: community.Actions{Tags: []string{"c"}}},
	}, opts)
	require.NoError(t, err)
	in := ruleInteraction()
	in.Sentiment = ""
	out := rs.Apply(in, at(12, 10, 0))
	assert.Equal(t, []string{"a", "b"}, out.Matched)
	assert.Equal(t, 1, labels)
	assert.Equal(t, 1, scores)

	// An interaction with its own label is not relabelled.
	labels = 0
	in.Sentiment = community.Positive
	out = rs.Apply(in, at(12, 10, 0))
	assert.Empty(t, out.Matched)
	assert.Zero(t, labels)

	// A Responder labels as it triages.
	rsp, err := community.NewResponder(samplePolicy(), nil)
	require.NoError(t, err)
	rs, err = community.NewRuleSet(community.InboxRules{
		{Name: "neg", When: community.Condition{Sentiments: []community.Sentiment{community.Negative}}, Then: community.Actions{Tags: []string{"neg"}}},
	}, &community.RuleSetOptions{Sentiment: rsp})
	require.NoError(t, err)
	in = ruleInteraction()
	in.Sentiment, in.Text = "", "my order arrived broken"
	assert.Equal(t, []string{"neg"}, rs.Apply(in, at(12, 10, 0)).Matched)
}

func TestInboxRuleActionsOrderAndStop(t *testing.T) {
	desk, press := memberID("desk"), memberID("press")
	rules := community.InboxRules{
		{Name: "tag-all", Then: community.Actions{Tags: []string{"inbox"}}},
		{Name: "refund", When: community.Condition{Words: []string{"reembolso"}},
			Then: community.Actions{Tags: []string{"Refund", "INBOX"}, Priority: community.PriorityHigh, Queue: "billing", Reply: "refund-how-to"}},
		{Name: "influencer", When: community.Condition{FollowersAtLeast: ptr(int64(1000))},
			Then: community.Actions{Tags: []string{"vip", "refund"}, Priority: community.PriorityUrgent, Assign: press, Reply: "vip-hello"}},
		{Name: "abuse", When: community.Condition{Words: []string{"roto"}}, Then: community.Actions{Hide: true, Assign: desk}},
		{Name: "hide-again", When: community.Condition{Words: []string{"pedido"}}, Then: community.Actions{Hide: true}, Stop: true},
		{Name: "after-stop", Then: community.Actions{Tags: []string{"never"}}},
	}
	rs, err := community.NewRuleSet(rules, nil)
	require.NoError(t, err)
	out := rs.Apply(ruleInteraction(), at(12, 10, 0))
	assert.Equal(t, community.RuleOutcome{
		Matched:  []string{"tag-all", "refund", "influencer", "abuse", "hide-again"},
		Tags:     []string{"inbox", "Refund", "vip"},
		Priority: community.PriorityHigh, PriorityBy: "refund",
		Queue: "billing", AssignedBy: "refund",
		Hide: true, HideBy: "abuse",
		Reply: "refund-how-to", ReplyBy: "refund",
		StoppedBy: "hide-again",
	}, out)
	roundTrip(t, out)

	// Without the refund words, the influencer rule decides; no rule stops.
	in := ruleInteraction()
	in.Text = "hola"
	out = rs.Apply(in, at(12, 10, 0))
	assert.Equal(t, community.RuleOutcome{
		Matched:  []string{"tag-all", "influencer", "after-stop"},
		Tags:     []string{"inbox", "vip", "refund", "never"},
		Priority: community.PriorityUrgent, PriorityBy: "influencer",
		Member: press, AssignedBy: "influencer",
		Reply: "vip-hello", ReplyBy: "influencer",
	}, out)

	// A rule that only stops ends the evaluation with no action.
	rs, err = community.NewRuleSet(community.InboxRules{
		{Name: "ignore-brand", When: community.Condition{Accounts: []string{"cafetal"}}, Stop: true},
		{Name: "tag", Then: community.Actions{Tags: []string{"x"}}},
	}, nil)
	require.NoError(t, err)
	assert.Equal(t, community.RuleOutcome{Matched: []string{"ignore-brand"}, StoppedBy: "ignore-brand"}, rs.Apply(ruleInteraction(), at(12, 10, 0)))
	assert.Len(t, rs.Rules(), 2)
}

func TestInboxRuleWordsOfManyRules(t *testing.T) {
	// The words of every rule are read in one scan; each rule sees only
	// its own.
	rules := community.InboxRules{
		{Name: "a", When: community.Condition{Words: []string{"alpha", "beta"}}, Then: community.Actions{Tags: []string{"a"}}},
		{Name: "b", When: community.Condition{Words: []string{"gamma"}}, Then: community.Actions{Tags: []string{"b"}}},
		{Name: "c", When: community.Condition{Kinds: []community.Kind{community.KindShare}, Words: []string{"beta"}}, Then: community.Actions{Tags: []string{"c"}}},
		{Name: "d", When: community.Condition{Words: []string{"beta", "delta"}}, Then: community.Actions{Tags: []string{"d"}}},
		{Name: "e", When: community.Condition{Words: []string{"alpha"}}, Then: community.Actions{Tags: []string{"e"}}},
	}
	rs, err := community.NewRuleSet(rules, nil)
	require.NoError(t, err)
	for text, want := range map[string][]string{
		"BETA here":     {"a", "d"},
		"gamma alpha":   {"a", "b", "e"},
		"delta":         {"d"},
		"alphabet soup": nil,
		"":              nil,
	} {
		in := ruleInteraction()
		in.Text = text
		assert.Equal(t, want, rs.Apply(in, at(12, 10, 0)).Matched, text)
	}
}

func TestInboxRulesValidate(t *testing.T) {
	ok := community.InboxRule{Name: "ok", Then: community.Actions{Tags: []string{"t"}}}
	tests := []struct {
		name string
		rule community.InboxRule
		code validation.Code
		path string
	}{
		{"no name", community.InboxRule{Name: " ", Then: ok.Then}, validation.CodeRequired, "[1].name"},
		{"repeated name", community.InboxRule{Name: "ok", Then: ok.Then}, validation.CodeDuplicate, "[1].name"},
		{"unknown kind", community.InboxRule{Name: "r", When: community.Condition{Kinds: []community.Kind{"like"}}, Then: ok.Then}, validation.CodeNotSupported, "[1].when.kinds[0]"},
		{"repeated kind", community.InboxRule{Name: "r", When: community.Condition{Kinds: []community.Kind{"share", "share"}}, Then: ok.Then}, validation.CodeDuplicate, "[1].when.kinds[1]"},
		{"unknown channel", community.InboxRule{Name: "r", When: community.Condition{Channels: []channel.Channel{"myspace"}}, Then: ok.Then}, validation.CodeNotSupported, "[1].when.channels[0]"},
		{"bad account", community.InboxRule{Name: "r", When: community.Condition{Accounts: []string{"a b"}}, Then: ok.Then}, validation.CodeInvalid, "[1].when.accounts[0]"},
		{"repeated account", community.InboxRule{Name: "r", When: community.Condition{Accounts: []string{"ab", "AB"}}, Then: ok.Then}, validation.CodeDuplicate, "[1].when.accounts[1]"},
		{"unknown sentiment", community.InboxRule{Name: "r", When: community.Condition{Sentiments: []community.Sentiment{"angry"}}, Then: ok.Then}, validation.CodeNotSupported, "[1].when.sentiments[0]"},
		{"intensity too low", community.InboxRule{Name: "r", When: community.Condition{IntensityAtLeast: ptr(-1001)}, Then: ok.Then}, validation.CodeOutOfRange, "[1].when.intensityAtLeast"},
		{"intensity too high", community.InboxRule{Name: "r", When: community.Condition{IntensityAtMost: ptr(1001)}, Then: ok.Then}, validation.CodeOutOfRange, "[1].when.intensityAtMost"},
		{"intensity never", community.InboxRule{Name: "r", When: community.Condition{IntensityAtLeast: ptr(500), IntensityAtMost: ptr(400)}, Then: ok.Then}, validation.CodeConflict, "[1].when.intensityAtLeast"},
		{"empty word", community.InboxRule{Name: "r", When: community.Condition{Words: []string{"a", " "}}, Then: ok.Then}, validation.CodeRequired, "[1].when.words[1]"},
		{"repeated word", community.InboxRule{Name: "r", When: community.Condition{Words: []string{"Roto", "roto"}}, Then: ok.Then}, validation.CodeDuplicate, "[1].when.words[1]"},
		{"empty pattern", community.InboxRule{Name: "r", When: community.Condition{Patterns: []string{""}}, Then: ok.Then}, validation.CodeRequired, "[1].when.patterns[0]"},
		{"pattern does not compile", community.InboxRule{Name: "r", When: community.Condition{Patterns: []string{"(a"}}, Then: ok.Then}, validation.CodeInvalid, "[1].when.patterns[0]"},
		{"backreference is not RE2", community.InboxRule{Name: "r", When: community.Condition{Patterns: []string{`(a)\1`}}, Then: ok.Then}, validation.CodeInvalid, "[1].when.patterns[0]"},
		{"pattern too long", community.InboxRule{Name: "r", When: community.Condition{Patterns: []string{strings.Repeat("a", community.MaxRulePatternLength+1)}}, Then: ok.Then}, validation.CodeTooLong, "[1].when.patterns[0]"},
		{"repeated pattern", community.InboxRule{Name: "r", When: community.Condition{Patterns: []string{"a", "a"}}, Then: ok.Then}, validation.CodeDuplicate, "[1].when.patterns[1]"},
		{"negative followers", community.InboxRule{Name: "r", When: community.Condition{FollowersAtMost: ptr(int64(-1))}, Then: ok.Then}, validation.CodeOutOfRange, "[1].when.followersAtMost"},
		{"followers never", community.InboxRule{Name: "r", When: community.Condition{FollowersAtLeast: ptr(int64(10)), FollowersAtMost: ptr(int64(9))}, Then: ok.Then}, validation.CodeConflict, "[1].when.followersAtLeast"},
		{"bad language", community.InboxRule{Name: "r", When: community.Condition{Languages: []string{"spanish"}}, Then: ok.Then}, validation.CodeInvalid, "[1].when.languages[0]"},
		{"repeated language", community.InboxRule{Name: "r", When: community.Condition{Languages: []string{"es", "ES"}}, Then: ok.Then}, validation.CodeDuplicate, "[1].when.languages[1]"},
		{"unknown hours", community.InboxRule{Name: "r", When: community.Condition{Hours: "lunch"}, Then: ok.Then}, validation.CodeNotSupported, "[1].when.hours"},
		{"no action", community.InboxRule{Name: "r"}, validation.CodeRequired, "[1].then"},
		{"blank tag", community.InboxRule{Name: "r", Then: community.Actions{Tags: []string{""}}}, validation.CodeRequired, "[1].then.tags[0]"},
		{"long tag", community.InboxRule{Name: "r", Then: community.Actions{Tags: []string{strings.Repeat("t", community.MaxTagLength+1)}}}, validation.CodeTooLong, "[1].then.tags[0]"},
		{"repeated tag", community.InboxRule{Name: "r", Then: community.Actions{Tags: []string{"vip", "VIP"}}}, validation.CodeDuplicate, "[1].then.tags[1]"},
		{"unknown priority", community.InboxRule{Name: "r", Then: community.Actions{Priority: "asap"}}, validation.CodeNotSupported, "[1].then.priority"},
		{"member and queue", community.InboxRule{Name: "r", Then: community.Actions{Assign: ana, Queue: "billing"}}, validation.CodeConflict, "[1].then.queue"},
		{"blank queue", community.InboxRule{Name: "r", Then: community.Actions{Queue: " "}}, validation.CodeRequired, "[1].then.queue"},
		{"blank reply", community.InboxRule{Name: "r", Then: community.Actions{Reply: "\t"}}, validation.CodeRequired, "[1].then.reply"},
	}
	require.NoError(t, community.InboxRules{ok}.Validate())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := community.InboxRules{ok, tt.rule}
			err := rules.Validate()
			require.Error(t, err)
			assert.True(t, validation.Has(err, tt.code, tt.path), "%v", err)
			// NewRuleSet reports the same problem under "rules".
			_, err = community.NewRuleSet(rules, ruleOptions())
			assert.True(t, validation.Has(err, tt.code, "rules"+tt.path), "%v", err)
		})
	}
	many := make(community.InboxRules, community.MaxInboxRules+1)
	assert.True(t, validation.Has(many.Validate(), validation.CodeTooLong, ""))
}

func TestNewRuleSetNeedsOptions(t *testing.T) {
	rules := community.InboxRules{
		{Name: "closed", When: community.Condition{Hours: community.HoursClosed}, Then: community.Actions{Reply: "closed"}},
		{Name: "angry", When: community.Condition{IntensityAtMost: ptr(-500)}, Then: community.Actions{Priority: community.PriorityHigh}},
	}
	_, err := community.NewRuleSet(rules, nil)
	require.Error(t, err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "rules[0].when.hours"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "options.hours.zone"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "rules[1].when.intensityAtMost"), "%v", err)
	_, err = community.NewRuleSet(rules, ruleOptions())
	require.NoError(t, err)
}

func TestInboxRulesJSON(t *testing.T) {
	rules := community.InboxRules{
		{Name: "everything", When: community.Condition{
			Kinds: []community.Kind{community.KindComment}, Channels: []channel.Channel{channel.Instagram},
			Accounts: []string{"cafetal"}, Sentiments: []community.Sentiment{community.Negative},
			IntensityAtLeast: ptr(-1000), IntensityAtMost: ptr(0), Words: []string{"reembolso"},
			Patterns: []string{`ROTO`}, FollowersAtLeast: ptr(int64(0)), FollowersAtMost: ptr(int64(10_000)),
			Verified: ptr(false), Languages: []string{"es"}, Hours: community.HoursOpen,
		}, Then: community.Actions{Tags: []string{"a"}, Priority: community.PriorityLow, Assign: uuid.MustParse("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), Hide: true, Reply: "r"}, Stop: true},
		{Name: "queue", Then: community.Actions{Queue: "billing"}},
	}
	back := roundTrip(t, rules)
	assert.Equal(t, rules, back)
	data, err := json.Marshal(rules[0])
	require.NoError(t, err)
	for _, key := range []string{`"followersAtLeast":0`, `"verified":false`, `"intensityAtMost":0`, `"hours":"open"`} {
		assert.Contains(t, string(data), key)
	}
	var h community.HoursCondition
	assert.ErrorIs(t, json.Unmarshal([]byte(`"lunch"`), &h), validation.ErrUnknownValue)
	_, err = json.Marshal(community.HoursCondition("lunch"))
	assert.Error(t, err)
	assert.True(t, community.HoursClosed.IsValid())
	assert.Equal(t, "closed", community.HoursClosed.String())
	roundTrip(t, community.RuleSetOptions{Hours: calendar.Weekdays(madrid, mustRange("09:00-18:00"))})
}
