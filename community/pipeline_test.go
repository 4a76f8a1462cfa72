package community_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

func TestCheckTransition(t *testing.T) {
	const (
		id = community.StageIdentified
		co = community.StageContacted
		en = community.StageEngaged
		pa = community.StagePartner
		la = community.StageLapsed
	)
	tests := []struct {
		from, to community.Stage
		cause    string
		ok       bool
		path     string
	}{
		{id, co, "", true, ""},
		{co, en, "", true, ""},
		{en, pa, "", true, ""},
		{pa, la, "", true, ""},
		{id, la, "", true, ""},
		{la, co, "", true, ""},
		{id, en, "", false, "cause"},         // skips contacted
		{id, en, "met at a fair", true, ""},  // with a cause
		{pa, en, "", false, "cause"},         // backwards
		{pa, en, "contract ended", true, ""}, // with a cause
		{la, pa, "", false, "cause"},         // back from lapsed too far
		{co, id, "", false, "cause"},         // backwards to the start
		{en, en, "whatever", false, "to"},    // not a move
		{la, la, "", false, "to"},
		{"", co, "", false, "from"},
		{id, "friend", "", false, "to"},
	}
	for _, tt := range tests {
		err := community.CheckTransition(tt.from, tt.to, tt.cause)
		if tt.ok {
			assert.NoError(t, err, "%s → %s", tt.from, tt.to)
			continue
		}
		var verr *validation.Error
		require.ErrorAs(t, err, &verr, "%s → %s", tt.from, tt.to)
		assert.NotNil(t, verr.Find(tt.path), "%s → %s: %v", tt.from, tt.to, err)
	}
}

func TestRelationshipMoves(t *testing.T) {
	r, err := community.NewRelationship(community.Account{Channel: channel.Instagram, Handle: "@BaristaBea"}, at(12, 10, 0))
	require.NoError(t, err)
	assert.Equal(t, "baristabea", r.Account.Handle)
	assert.Equal(t, community.StageIdentified, r.Stage)

	r1, err := r.Move(community.StageContacted, at(13, 10, 0), "", ana)
	require.NoError(t, err)
	r2, err := r1.Move(community.StageEngaged, at(20, 10, 0), "", ana)
	require.NoError(t, err)
	assert.Len(t, r1.History, 1, "moving r1 did not change it")
	assert.Len(t, r2.History, 2)
	assert.Equal(t, community.StageEngaged, r2.Stage)
	require.NoError(t, r2.Validate())

	_, err = r2.Move(community.StageIdentified, at(21, 10, 0), "", ana)
	assert.True(t, validation.Has(err, validation.CodeRequired, "cause"))
	_, err = r2.Move(community.StagePartner, at(19, 10, 0), "", ana)
	assert.True(t, validation.Has(err, validation.CodeOrder, "at"))
	_, err = r2.Move(community.StagePartner, time.Time{}, "", ana)
	assert.True(t, validation.Has(err, validation.CodeRequired, "at"))

	data, err := json.Marshal(r2)
	require.NoError(t, err)
	var back community.Relationship
	require.NoError(t, json.Unmarshal(data, &back))
	require.NoError(t, back.Validate())
	assert.Equal(t, r2.Stage, back.Stage)
	assert.Len(t, back.History, 2)

	_, err = community.NewRelationship(community.Account{Channel: "myspace", Handle: "a b"}, time.Time{})
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "account.channel"))
	assert.True(t, validation.Has(err, validation.CodeInvalid, "account.handle"))
	assert.True(t, validation.Has(err, validation.CodeRequired, "since"))
}

func TestRelationshipValidateHistory(t *testing.T) {
	r := community.Relationship{
		Account: community.Account{Channel: channel.X, Handle: "coffeefacts"},
		Since:   at(12, 10, 0),
		Stage:   community.StagePartner,
		History: []community.Transition{
			{From: community.StageIdentified, To: community.StageEngaged, At: at(13, 10, 0)}, // skip, no cause
			{From: community.StageContacted, To: community.StageEngaged, At: at(11, 10, 0)},  // wrong from, before
			{From: community.StageEngaged, To: community.StageLapsed, At: at(14, 10, 0)},
		},
	}
	err := r.Validate()
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeRequired, "history[0].cause"},
		{validation.CodeConflict, "history[1].from"},
		{validation.CodeOrder, "history[1].at"},
		{validation.CodeConflict, "stage"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "want %s at %s in %v", want.code, want.path, err)
	}
}

// FuzzRelationshipJSON decodes arbitrary relationships: validation never
// panics, and a valid one accepts exactly the moves CheckTransition allows.
func FuzzRelationshipJSON(f *testing.F) {
	f.Add(`{"account":{"channel":"x","handle":"a"},"since":"2026-01-12T10:00:00Z","stage":"contacted",`+
		`"history":[{"from":"identified","to":"contacted","at":"2026-01-13T10:00:00Z"}]}`, "engaged", "")
	f.Add(`{"account":{"channel":"x","handle":"a"},"since":"2026-01-12T10:00:00Z","stage":"identified"}`, "partner", "why not")
	f.Fuzz(func(t *testing.T, data, to, cause string) {
		var r community.Relationship
		if json.Unmarshal([]byte(data), &r) != nil {
			return
		}
		if r.Validate() != nil {
			return
		}
		next, err := r.Move(community.Stage(to), r.Since.AddDate(1, 0, 0), cause, ana)
		if err != nil {
			require.Equal(t, r.Stage, next.Stage)
			return
		}
		require.NoError(t, community.CheckTransition(r.Stage, community.Stage(to), cause))
		require.NoError(t, next.Validate())
	})
}
