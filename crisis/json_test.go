package crisis_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/validation"
)

// roundTrip encodes v, decodes it into a new value of its type, encodes that
// again and checks that the two encodings are the same.
func roundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var back T
	require.NoError(t, json.Unmarshal(b, &back), string(b))
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	return back
}

func TestJSONRoundTrips(t *testing.T) {
	p := samplePlan()
	s := crisis.Signal{At: opened, Channel: channel.X, Mentions: 40, Negative: 10, Positive: 5, Reach: 1000, KeywordHits: 3}
	back := roundTrip(t, s)
	assert.True(t, back.At.Equal(s.At))
	back.At = s.At
	assert.Equal(t, s, back)

	inc, err := crisis.Open(p, "high", opened)
	require.NoError(t, err)
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("5m"), By: eva}))
	items, err := inc.Timeline(p, after("1h"))
	require.NoError(t, err)
	itemsBack := roundTrip(t, items)
	require.Len(t, itemsBack, len(items))
	for i := range items {
		assert.True(t, items[i].At.Equal(itemsBack[i].At))
		assert.Equal(t, items[i].Status, itemsBack[i].Status)
	}
	ws, err := inc.PauseWindows(p, after("1h"))
	require.NoError(t, err)
	require.NotEmpty(t, ws)
	pw := ws[0]
	pwBack := roundTrip(t, pw)
	assert.True(t, pw.Window.From.Equal(pwBack.Window.From))
	assert.Equal(t, "Europe/Madrid", pwBack.Window.From.Location().String())

	roundTrip(t, crisis.Response{After: d("5m"), Kind: crisis.EventPublish, Channel: channel.X, By: ana})
	r := roundTrip(t, crisis.Response{After: d("10m"), From: crisis.AnchorLevel, OnLevel: "critical", Kind: crisis.EventAcknowledge, By: ana})
	assert.Equal(t, crisis.AnchorLevel, r.From)
	assert.Equal(t, "critical", r.OnLevel)
	assert.Equal(t, `{"after":"10m0s","from":"alert","kind":"resolve"}`, mustJSON(t, crisis.Response{After: d("10m"), From: crisis.AnchorAlert, Kind: crisis.EventResolve}))
	assert.Equal(t, `{"after":"0s","kind":"resolve"}`, mustJSON(t, crisis.Response{Kind: crisis.EventResolve}), "the zero anchor is left out: the opening")
	opts := roundTrip(t, crisis.DrillOptions{Responses: []crisis.Response{{After: d("5m"), From: crisis.AnchorEscalation, Kind: crisis.EventAcknowledge, By: ana}}, Until: opened, Names: names})
	assert.True(t, opts.Until.Equal(opened))
	assert.Equal(t, names, opts.Names)
	assert.Equal(t, ana, opts.Responses[0].By)
	assert.Equal(t, `{}`, mustJSON(t, crisis.DrillOptions{}))
	for _, bad := range []string{`{"from":"whenever"}`, `{"from":""}`, `{"from":"Level"}`} {
		var r crisis.Response
		assert.Error(t, json.Unmarshal([]byte(bad), &r), bad)
	}
	roundTrip(t, crisis.Event{Kind: crisis.EventEscalate, At: opened, Level: "critical", Note: "n"})
	roundTrip(t, crisis.SpikeOptions{Seed: 3, Buckets: 10})
	roundTrip(t, crisis.Keywords{Brand: []string{"b"}, Risky: []string{"r"}})

	ev := roundTrip(t, crisis.Event{Kind: crisis.EventAcknowledge, At: opened, By: eva})
	assert.Equal(t, eva, ev.By)
	assert.NotContains(t, mustJSON(t, crisis.Event{Kind: crisis.EventResolve, At: opened}), `"by"`, "nobody is left out")

	var e crisis.Event
	assert.Error(t, json.Unmarshal([]byte(`{"kind":"shrug"}`), &e))
	assert.True(t, reflect.ValueOf(e).IsZero(), "a failed decode leaves the value as it was")
}

// People are member IDs: a name where an ID belongs does not decode, in
// any of the types that name a person.
func TestMemberReferencesDecodeStrictly(t *testing.T) {
	for _, c := range []struct {
		name string
		into any
		json string
	}{
		{"event", &crisis.Event{}, `{"kind":"acknowledge","by":"eva"}`},
		{"response", &crisis.Response{}, `{"kind":"acknowledge","by":"eva"}`},
		{"item notify", &crisis.Item{}, `{"notify":["ceo"]}`},
		{"item owner", &crisis.Item{}, `{"owner":"legal"}`},
		{"entry", &crisis.Entry{}, `{"who":["eva"]}`},
		{"drill names", &crisis.DrillOptions{}, `{"names":{"eva":"Eva"}}`},
		{"report names", &crisis.DrillReport{}, `{"names":{"eva":"Eva"}}`},
		{"escalation step", &crisis.EscalationStep{}, `{"notify":["community manager"]}`},
		{"playbook step", &crisis.PlaybookStep{}, `{"owner":"community manager"}`},
		{"level", &crisis.Level{}, `{"approver":"ana"}`},
	} {
		assert.Error(t, json.Unmarshal([]byte(c.json), c.into), c.name)
	}
}

func TestEventNeedsSomeoneToAct(t *testing.T) {
	p := samplePlan()
	inc, err := crisis.Open(p, "high", opened)
	require.NoError(t, err)
	err = inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("5m")})
	assert.True(t, validation.Has(err, validation.CodeRequired, "by"), "%v", err)
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("5m"), By: eva}))
	// Record knows no names: the error names people by member ID.
	err = inc.Record(p, crisis.Event{Kind: crisis.EventPublish, At: after("6m"), Channel: channel.X, By: eva})
	assert.ErrorIs(t, err, crisis.ErrNotApprover)
	assert.Contains(t, err.Error(), eva.String())
	assert.Contains(t, err.Error(), carla.String())
	assert.Contains(t, err.Error(), ana.String())
}
