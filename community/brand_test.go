package community_test

import (
	"encoding/json"
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

// brandResponder is Cafetal's responder, knowing its own handles in the
// forms a caller might write them.
func brandResponder(t testing.TB) *community.Responder {
	t.Helper()
	p := samplePolicy()
	p.Brand = []string{"@Cafetal", "cafetal_help"}
	r, err := community.NewResponder(p, nil)
	require.NoError(t, err)
	return r
}

// brandInbox is the sample inbox with what the brand itself wrote: a reply
// to c2 at 09:30, a reply to d1 published after 11:00, and a post of its
// own that mentions a customer.
func brandInbox() community.Inbox {
	return append(sampleInbox(),
		community.Interaction{ID: "b1", Kind: community.KindReply, Channel: channel.Instagram, Thread: "post-1", ReplyTo: "c2",
			Author: community.Author{Handle: "CAFETAL", Followers: 9_000}, At: at(12, 9, 30),
			Text: "Yes! Whole beans or ground, your choice. Sorry for the wait, terrible weekend"},
		community.Interaction{ID: "b2", Kind: community.KindReply, Channel: channel.Instagram, Thread: "dm-77", ReplyTo: "d1",
			Author: community.Author{Handle: "@cafetal_help", Followers: 300}, At: at(12, 11, 30),
			Text: "So sorry, Pablo: we are sending a new bag"},
		community.Interaction{ID: "b3", Kind: community.KindMention, Channel: channel.X,
			Author: community.Author{Handle: "@cafetal", Followers: 9_000}, At: at(12, 10, 0),
			Text: "Thanks @coffeefacts for the tasting notes!", To: []string{"coffeefacts"}},
	)
}

func TestResponderByBrand(t *testing.T) {
	r := brandResponder(t)
	for _, h := range []string{"cafetal", "@cafetal", "CaFeTaL", "@CAFETAL_HELP"} {
		assert.True(t, r.ByBrand(community.Interaction{Author: community.Author{Handle: h}}), h)
	}
	for _, h := range []string{"cafetal2", "@lucia", "cafe", ""} {
		assert.False(t, r.ByBrand(community.Interaction{Author: community.Author{Handle: h}}), h)
	}
	assert.False(t, sampleResponder(t).ByBrand(community.Interaction{Author: community.Author{Handle: "cafetal"}}),
		"a policy without handles knows no brand")
}

func TestTriageLeavesOutTheBrand(t *testing.T) {
	r := brandResponder(t)
	b := brandInbox()
	require.NoError(t, b.Validate())
	items, err := r.Triage(b, at(12, 11, 0))
	require.NoError(t, err)
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
		assert.Equal(t, it.ID, b[it.Index].ID)
	}
	// b1, b2 and b3 are the brand's; c2 was answered by b1 at 09:30; d1's
	// answer (b2) comes after now, so d1 is still open.
	assert.Equal(t, []string{"v1", "m1", "r1", "d1", "c1", "s1"}, ids)

	// A policy without handles triages everything, as before.
	items, err = sampleResponder(t).Triage(b, at(12, 11, 0))
	require.NoError(t, err)
	assert.Len(t, items, len(b))
}

func TestReportCountsBrandReplies(t *testing.T) {
	r := brandResponder(t)
	b := brandInbox()
	responses := []community.Response{
		{To: "m1", At: at(12, 11, 30), By: luis},
		{To: "d1", At: at(12, 11, 30), By: ana}, // the same answer as b2: the member is credited
	}
	w := calendar.Window{From: at(12, 0, 0), To: at(13, 12, 0)}
	rep, err := r.Report(b, responses, w)
	require.NoError(t, err)
	o := rep.Overall
	assert.Equal(t, 7, o.Received, "the brand's own interactions are not received")
	assert.Equal(t, 3, o.Answered, "c2 by the brand's reply, m1 and d1 by responses")
	byID := map[string]community.FirstResponse{}
	for _, f := range rep.FirstResponses {
		byID[f.ID] = f
	}
	require.Contains(t, byID, "c2")
	assert.Equal(t, calendar.Duration(30*time.Minute), byID["c2"].Took)
	assert.True(t, at(12, 9, 30).Equal(byID["c2"].At))
	assert.Equal(t, uuid.Nil, byID["c2"].By, "a reply in the inbox names no team member")
	assert.Equal(t, ana, byID["d1"].By)
	var members []uuid.UUID
	for _, m := range rep.Members {
		members = append(members, m.Member)
	}
	assert.ElementsMatch(t, []uuid.UUID{ana, luis}, members)
	for _, br := range rep.Breaches {
		assert.NotContains(t, []string{"b1", "b2", "b3", "c2"}, br.ID)
	}
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	var back community.ResponseReport
	require.NoError(t, json.Unmarshal(data, &back))

	// Inbox.Open knows no brand: it is the responses' view.
	assert.Len(t, b.Open(responses, w.To), len(b)-2)
}

func TestSignalsLeaveOutTheBrand(t *testing.T) {
	plan := signalPlan(t)
	want, err := sampleResponder(t).Signals(sampleInbox(), plan)
	require.NoError(t, err)
	got, err := brandResponder(t).Signals(brandInbox(), plan)
	require.NoError(t, err)
	assert.Equal(t, want, got, "the brand's own words are not mentions of it")
}

func TestResponsePolicyBrandValidate(t *testing.T) {
	p := samplePolicy()
	p.Brand = []string{"cafetal", "", "two words", "@", "@Cafetal", "ok"}
	err := p.Validate()
	require.Error(t, err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "brand[1]"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "brand[2]"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "brand[3]"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeDuplicate, "brand[4]"), "%v", err)
	assert.Len(t, fieldErrors(t, err), 4)

	p.Brand = []string{"@cafetal"}
	data, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"brand":["@cafetal"]`)
	var back community.ResponsePolicy
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, p.Brand, back.Brand)
}
