package kpi_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// Avinash Kaushik defines the conversation, amplification and applause
// rates per post; the per-follower variants are other figures, named for
// what they are. Values below are computed by hand.
func TestConversationAmplificationApplause(t *testing.T) {
	type fn2 = func(a, b decimal.Decimal) (decimal.Decimal, error)
	tests := []struct {
		name string
		f    fn2
		a, b string
		want string // "" means ErrUndefined
	}{
		// Kaushik's: per post, a plain ratio.
		{"conversation per post", kpi.ConversationRatePerPostOf, "36", "12", "3"},
		{"conversation per post, fraction", kpi.ConversationRatePerPostOf, "7", "4", "1.75"},
		{"conversation per post, no posts", kpi.ConversationRatePerPostOf, "7", "0", ""},
		{"amplification per post", kpi.AmplificationRatePerPostOf, "10", "4", "2.5"},
		{"amplification per post, rounded", kpi.AmplificationRatePerPostOf, "100", "3", "33.3333333333"},
		{"amplification per post, no posts", kpi.AmplificationRatePerPostOf, "1", "0", ""},
		{"applause per post", kpi.ApplauseRatePerPostOf, "1250", "25", "50"},
		{"applause per post, none", kpi.ApplauseRatePerPostOf, "0", "9", "0"},
		{"applause per post, no posts", kpi.ApplauseRatePerPostOf, "3", "0", ""},
		// Per follower, in percent.
		{"conversation by followers", kpi.ConversationRateByFollowersOf, "7", "700", "1"},
		{"conversation by followers, zero", kpi.ConversationRateByFollowersOf, "7", "0", ""},
		{"amplification by followers", kpi.AmplificationRateByFollowersOf, "12", "4800", "0.25"},
		{"amplification by followers, zero", kpi.AmplificationRateByFollowersOf, "12", "0", ""},
		{"applause by followers", kpi.ApplauseRateByFollowersOf, "300", "12000", "2.5"},
		{"applause by followers, zero", kpi.ApplauseRateByFollowersOf, "300", "0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.f(d(tt.a), d(tt.b))
			if tt.want == "" {
				assert.True(t, errors.Is(err, kpi.ErrUndefined), "%v", err)
				return
			}
			require.NoError(t, err)
			assertDec(t, tt.want, got)
		})
	}
	_, err := kpi.ConversationRatePerPostOf(d("1"), d("0"))
	assert.ErrorContains(t, err, "posts is zero")
}

func TestRateVariantsAreNamedForWhatTheyAre(t *testing.T) {
	tests := []struct {
		f          kpi.Formula
		id         string
		unit       kpi.Unit
		inputs     []kpi.Metric
		definition string
	}{
		{kpi.ConversationRatePerPost, "conversation_rate_per_post", kpi.UnitRatio, []kpi.Metric{kpi.Comments, kpi.Posts}, "comments / posts"},
		{kpi.AmplificationRatePerPost, "amplification_rate_per_post", kpi.UnitRatio, []kpi.Metric{kpi.Shares, kpi.Posts}, "shares / posts"},
		{kpi.ApplauseRatePerPost, "applause_rate_per_post", kpi.UnitRatio, []kpi.Metric{kpi.Likes, kpi.Posts}, "likes / posts"},
		{kpi.ConversationRateByFollowers, "conversation_rate_by_followers", kpi.UnitPercent, []kpi.Metric{kpi.Comments, kpi.Followers}, "comments / followers × 100"},
		{kpi.AmplificationRateByFollowers, "amplification_rate_by_followers", kpi.UnitPercent, []kpi.Metric{kpi.Shares, kpi.Followers}, "shares / followers × 100"},
		{kpi.ApplauseRateByFollowers, "applause_rate_by_followers", kpi.UnitPercent, []kpi.Metric{kpi.Likes, kpi.Followers}, "likes / followers × 100"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.id, tt.f.String())
		assert.True(t, tt.f.IsValid(), tt.id)
		assert.Contains(t, kpi.Formulas(), tt.f)
		assert.Equal(t, tt.unit, tt.f.Unit(), tt.id)
		assert.Equal(t, tt.inputs, tt.f.Inputs(), tt.id)
		assert.Equal(t, tt.definition, tt.f.Definition(), tt.id)
	}
	// The old identifiers stay in Go for the per-follower figures they
	// always computed.
	assert.Equal(t, kpi.ConversationRateByFollowers, kpi.ConversationRate)
	assert.Equal(t, kpi.AmplificationRateByFollowers, kpi.AmplificationRate)
	assert.Equal(t, kpi.ApplauseRateByFollowers, kpi.ApplauseRate)
	assert.True(t, kpi.UnitRatio.IsValid())
	for _, pair := range []struct {
		old, now func(a, b decimal.Decimal) (decimal.Decimal, error)
	}{
		{kpi.ConversationRateOf, kpi.ConversationRateByFollowersOf},
		{kpi.AmplificationRateOf, kpi.AmplificationRateByFollowersOf},
		{kpi.ApplauseRateOf, kpi.ApplauseRateByFollowersOf},
	} {
		old, err := pair.old(d("7"), d("700"))
		require.NoError(t, err)
		now, err := pair.now(d("7"), d("700"))
		require.NoError(t, err)
		assertDec(t, "1", old)
		assertDec(t, "1", now)
	}
}

// A plan written with the old identifiers still decodes, to the same
// per-follower figure it always meant, and is written back under the
// accurate name. Decoding stays strict otherwise.
func TestOldRateIdentifiersDecode(t *testing.T) {
	for old, want := range map[string]kpi.Formula{
		"conversation_rate":  kpi.ConversationRateByFollowers,
		"amplification_rate": kpi.AmplificationRateByFollowers,
		"applause_rate":      kpi.ApplauseRateByFollowers,
	} {
		var m kpi.Measure
		require.NoError(t, json.Unmarshal([]byte(`{"formula":"`+old+`"}`), &m), old)
		assert.Equal(t, want, m.Formula, old)
		data, err := json.Marshal(m)
		require.NoError(t, err)
		assert.JSONEq(t, `{"formula":"`+string(want)+`"}`, string(data))
		assert.NotContains(t, kpi.Formulas(), kpi.Formula(old))
	}
	for _, bad := range []string{"Amplification_Rate", "amplification", "conversation_rate ", "applause_rate_by_follower"} {
		var f kpi.Formula
		err := f.UnmarshalText([]byte(bad))
		assert.ErrorIs(t, err, validation.ErrUnknownValue, bad)
	}

	k := clicksKPI()
	k.Measure, k.Unit = kpi.Measure{Formula: kpi.ApplauseRateByFollowers}, kpi.UnitPercent
	k.Baseline.Value, k.Target.Value = d("1"), d("3")
	data, err := json.Marshal(k)
	require.NoError(t, err)
	var old map[string]any
	require.NoError(t, json.Unmarshal(data, &old))
	old["measure"] = map[string]any{"formula": "applause_rate"}
	data, err = json.Marshal(old)
	require.NoError(t, err)
	var back kpi.KPI
	require.NoError(t, json.Unmarshal(data, &back))
	require.NoError(t, back.Validate())
	assert.Equal(t, k.Measure, back.Measure)
}

// Evaluating Kaushik's conversation rate reads comments and posts over
// the window: 18 comments on 6 posts are 3 per post.
func TestEvaluateConversationRatePerPost(t *testing.T) {
	k := clicksKPI()
	k.Measure, k.Unit = kpi.Measure{Formula: kpi.ConversationRatePerPost}, kpi.UnitRatio
	k.Baseline.Value, k.Target.Value = d("1.5"), d("4.5")
	require.NoError(t, k.Validate())
	obs := append(daily(kpi.Comments, channel.Instagram, "12", "6"), daily(kpi.Posts, channel.Instagram, "4", "2")...)
	p := evaluate(t, k, obs, day(2), nil)
	require.NotNil(t, p.Actual, p.Reason)
	assertDec(t, "3", *p.Actual)

	k.Unit = kpi.UnitPercent
	assert.True(t, validation.Has(k.Validate(), validation.CodeConflict, "unit"), "a per-post rate is not a percentage")
}
