package community_test

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

// Team members are member IDs (strategy.Member.ID) in every type that names
// one: they round-trip through JSON, a name where an ID belongs does not
// decode, and whoever must be named is required.
func TestMemberReferences(t *testing.T) {
	resp := roundTrip(t, community.Response{To: "c1", At: at(12, 10, 0), By: ana})
	assert.Equal(t, ana, resp.By)
	ins := roundTrip(t, sampleInsights()[0])
	assert.Equal(t, ana, ins.RaisedBy)
	tr := roundTrip(t, community.Transition{From: community.StageIdentified, To: community.StageContacted, At: at(13, 10, 0), By: luis})
	assert.Equal(t, luis, tr.By)
	assert.NotContains(t, mustJSON(t, community.Transition{From: community.StageIdentified, To: community.StageContacted, At: at(13, 10, 0)}), `"by"`)
	assert.NotContains(t, mustJSON(t, community.FirstResponse{ID: "c2"}), `"by"`, "an answer by a brand reply names nobody")
	assert.NotContains(t, mustJSON(t, community.Breach{ID: "c2"}), `"by"`)
	roundTrip(t, community.MemberStats{Member: ana, Answered: 1})

	for _, c := range []struct {
		name string
		into any
		json string
	}{
		{"response", &community.Response{}, `{"to":"c1","at":"2026-01-12T10:00:00+01:00","by":"ana"}`},
		{"insight", &community.Insight{}, `{"raisedBy":"ana"}`},
		{"transition", &community.Transition{}, `{"by":"ana"}`},
		{"member stats", &community.MemberStats{}, `{"member":"ana"}`},
		{"breach", &community.Breach{}, `{"by":"luis"}`},
		{"first response", &community.FirstResponse{}, `{"by":"luis"}`},
	} {
		assert.Error(t, json.Unmarshal([]byte(c.json), c.into), c.name)
	}

	err := community.Response{To: "c1", At: at(12, 10, 0)}.Validate()
	assert.True(t, validation.Has(err, validation.CodeRequired, "by"), "%v", err)
	r, err := community.NewResponder(samplePolicy(), nil)
	require.NoError(t, err)
	_, err = r.Report(sampleInbox(), []community.Response{{To: "c1", At: at(12, 10, 0), By: ana}, {To: "c2", At: at(12, 10, 0)}},
		calendar.Window{From: at(12, 0, 0), To: at(13, 0, 0)})
	assert.True(t, validation.Has(err, validation.CodeRequired, "responses[1].by"), "%v", err)
	in := sampleInsights()[0]
	in.RaisedBy = uuid.Nil
	assert.True(t, validation.Has(in.Validate(), validation.CodeRequired, "raisedBy"))

	rel, err := community.NewRelationship(community.Account{Channel: "x", Handle: "coffeefacts"}, at(12, 10, 0))
	require.NoError(t, err)
	moved, err := rel.Move(community.StageContacted, at(13, 10, 0), "", luis)
	require.NoError(t, err)
	assert.Equal(t, luis, moved.History[0].By)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
