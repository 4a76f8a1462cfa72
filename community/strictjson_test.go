package community_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/strictjson/strictjsontest"
)

// TestPlainJSONIsStrict: json.Unmarshal into any community type that holds
// a decimal refuses a million-digit value before decimal's decoder runs,
// and a misspelled or repeated key, as the kpi, crisis and strategy types
// do.
func TestPlainJSONIsStrict(t *testing.T) {
	strictjsontest.Run(t, []strictjsontest.Case{
		{Name: "Adherent", New: func() any { return new(community.Adherent) }, Decimal: "adherence"},
		{Name: "LeaderWeights", New: func() any { return new(community.LeaderWeights) }, Decimal: "centrality"},
		{Name: "LeaderFigures", New: func() any { return new(community.LeaderFigures) }, Decimal: "pageRank"},
		{Name: "Leader", New: func() any { return new(community.Leader) }, Decimal: "score"},
		{Name: "ResponseStats", New: func() any { return new(community.ResponseStats) }, Decimal: "responseRate"},
		{Name: "VoiceShare", New: func() any { return new(community.VoiceShare) }, Decimal: "share"},
		{Name: "RisingOptions", New: func() any { return new(community.RisingOptions) }, Decimal: "minGrowth"},
		{Name: "RoutineAdherence", New: func() any { return new(community.RoutineAdherence) }, Decimal: "adherence"},
		{Name: "ChannelAdherence", New: func() any { return new(community.ChannelAdherence) }, Decimal: "adherence"},
		{Name: "ChannelStats", New: func() any { return new(community.ChannelStats) }, Decimal: "responseRate"},
		{Name: "AccountStats", New: func() any { return new(community.AccountStats) }, Decimal: "responseRate"},
		{Name: "Trend", New: func() any { return new(community.Trend) }, Decimal: "growth"},
	})
}

// The types that embed a strict type decode every field, theirs and the
// embedded one's, and keep what the document does not name.
func TestEmbeddedStrictTypesDecodeWhole(t *testing.T) {
	var r community.RoutineAdherence
	r.Late = 7
	require.NoError(t, json.Unmarshal([]byte(`{"routine":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","channel":"instagram","expected":4,"onTime":3,"adherence":"75"}`), &r))
	assert.Equal(t, "6ba7b810-9dad-11d1-80b4-00c04fd430c8", r.Routine.String())
	assert.Equal(t, channel.Instagram, r.Channel)
	assert.Equal(t, 4, r.Expected)
	assert.Equal(t, 7, r.Late)
	assert.Equal(t, "75", r.Adherence.Decimal.String())

	var c community.ChannelAdherence
	require.NoError(t, json.Unmarshal([]byte(`{"channel":"x","missed":2,"extra":5}`), &c))
	assert.Equal(t, community.ChannelAdherence{Channel: channel.X, Adherent: community.Adherent{Missed: 2}, Extra: 5}, c)

	var s community.ChannelStats
	require.NoError(t, json.Unmarshal([]byte(`{"channel":"x","received":3,"answered":2}`), &s))
	assert.Equal(t, 3, s.Received)
	assert.Equal(t, channel.X, s.Channel)
	assert.Error(t, json.Unmarshal([]byte(`{"channel":"x","Received":3}`), &s))
}
