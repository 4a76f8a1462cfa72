package crisis_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
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
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("5m"), By: "eva"}))
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

	roundTrip(t, crisis.Response{After: d("5m"), Kind: crisis.EventPublish, Channel: channel.X, By: "ana"})
	r := roundTrip(t, crisis.Response{After: d("10m"), From: crisis.AnchorLevel, OnLevel: "critical", Kind: crisis.EventAcknowledge, By: "ana"})
	assert.Equal(t, crisis.AnchorLevel, r.From)
	assert.Equal(t, "critical", r.OnLevel)
	assert.Equal(t, `{"after":"10m0s","from":"alert","kind":"resolve"}`, mustJSON(t, crisis.Response{After: d("10m"), From: crisis.AnchorAlert, Kind: crisis.EventResolve}))
	assert.Equal(t, `{"after":"0s","kind":"resolve"}`, mustJSON(t, crisis.Response{Kind: crisis.EventResolve}), "the zero anchor is left out: the opening")
	opts := roundTrip(t, crisis.DrillOptions{Responses: []crisis.Response{{After: d("5m"), From: crisis.AnchorEscalation, Kind: crisis.EventAcknowledge, By: "ana"}}, Until: opened})
	assert.True(t, opts.Until.Equal(opened))
	assert.Equal(t, `{}`, mustJSON(t, crisis.DrillOptions{}))
	for _, bad := range []string{`{"from":"whenever"}`, `{"from":""}`, `{"from":"Level"}`} {
		var r crisis.Response
		assert.Error(t, json.Unmarshal([]byte(bad), &r), bad)
	}
	roundTrip(t, crisis.Event{Kind: crisis.EventEscalate, At: opened, Level: "critical", Note: "n"})
	roundTrip(t, crisis.SpikeOptions{Seed: 3, Buckets: 10})
	roundTrip(t, crisis.Keywords{Brand: []string{"b"}, Risky: []string{"r"}})

	var e crisis.Event
	assert.Error(t, json.Unmarshal([]byte(`{"kind":"shrug"}`), &e))
	assert.True(t, reflect.ValueOf(e).IsZero(), "a failed decode leaves the value as it was")
}
