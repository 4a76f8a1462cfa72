package crisis_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), got)
}

// script is the sample team's drill script.
func script() []crisis.Response {
	return []crisis.Response{
		{After: d("50m"), Kind: crisis.EventComplete, Step: "brief-team", By: "eva"},
		{After: d("12m"), Kind: crisis.EventAcknowledge, By: "eva"},
		{After: d("25m"), Kind: crisis.EventPublish, Channel: channel.X, By: "carla"},
		{After: d("6h"), Kind: crisis.EventResolve, By: "carla"},
	}
}

func TestDrillNegativeSpike(t *testing.T) {
	p := samplePlan()
	rep, err := crisis.Drill(p, crisis.NegativeSpike(crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script()})
	require.NoError(t, err)
	golden(t, "drill_negative_spike.txt", rep.String())

	require.Len(t, rep.Incidents, 1)
	inc := rep.Incidents[0]
	assert.Equal(t, "high", inc.Level, "the surge of negative mentions is the first sign")
	state, level, err := inc.Status(p)
	require.NoError(t, err)
	assert.Equal(t, crisis.StateResolved, state)
	assert.Equal(t, "critical", level, "the flood escalated it")
	assert.NotEmpty(t, rep.Notified("ceo"), "nobody acknowledged the critical level")
	assert.Empty(t, rep.Notified("head of communications")[:0])
	var missed []string
	for _, e := range rep.Missed() {
		missed = append(missed, string(e.Kind)+" "+e.Level+" "+e.Detail)
	}
	assert.Contains(t, missed, "statement critical instagram")
	assert.Contains(t, missed, "playbook critical legal")

	r, err := inc.Review(p)
	require.NoError(t, err)
	assert.True(t, r.FirstResponseMet)
	assert.Equal(t, 1, r.Escalations)
	assert.Equal(t, d("6h"), r.TimeToResolve)
	assert.Positive(t, time.Duration(r.TimeToDetect))

	// The same drill gives the same report: deterministic.
	again, err := crisis.Drill(p, crisis.NegativeSpike(crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script()})
	require.NoError(t, err)
	assert.Equal(t, rep.String(), again.String())

	b, err := json.Marshal(rep)
	require.NoError(t, err)
	var back crisis.DrillReport
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
}

func TestDrillQuietSeriesRaisesNothing(t *testing.T) {
	rep, err := crisis.Drill(samplePlan(), crisis.NegativeSpike(crisis.SpikeOptions{Seed: 9, SpikeLength: -1}), nil)
	require.NoError(t, err)
	assert.Empty(t, rep.Alerts)
	assert.Empty(t, rep.Incidents)
	assert.Empty(t, rep.Timeline)
	assert.Empty(t, rep.String())
}

func TestDrillWithoutResponsesMissesEverything(t *testing.T) {
	p := samplePlan()
	rep, err := crisis.Drill(p, crisis.NegativeSpike(crisis.SpikeOptions{Seed: 1}), nil)
	require.NoError(t, err)
	require.Len(t, rep.Incidents, 1)
	state, _, err := rep.Incidents[0].Status(p)
	require.NoError(t, err)
	assert.Equal(t, crisis.StateOpen, state)
	for _, e := range rep.Timeline {
		if e.Kind == crisis.EntryFirstResponse {
			assert.Equal(t, crisis.StatusOverdue, e.Status)
		}
	}
	// Critical pages three rounds of two steps.
	assert.Len(t, rep.Notified("ceo"), 3)
}

func TestDrillUntil(t *testing.T) {
	p := samplePlan()
	series := slices.Collect(crisis.NegativeSpike(crisis.SpikeOptions{Seed: 1}))
	full, err := crisis.Drill(p, slices.Values(series), &crisis.DrillOptions{Responses: script()})
	require.NoError(t, err)
	require.NotEmpty(t, full.Alerts)
	until := full.Alerts[0].At.Add(30 * time.Minute)
	rep, err := crisis.Drill(p, slices.Values(series), &crisis.DrillOptions{Responses: script(), Until: until})
	require.NoError(t, err)
	assert.True(t, rep.End.Equal(until))
	for _, e := range rep.Timeline {
		if e.Kind != crisis.EntryFirstResponse && e.Kind != crisis.EntryStatement && e.Kind != crisis.EntryPlaybook {
			assert.False(t, e.At.After(until), "%s at %s", e.Kind, e.At)
		}
	}
	require.Len(t, rep.Incidents, 1)
	events := rep.Incidents[0].Events
	require.Len(t, events, 3, "acknowledge, publish and the escalation at the end")
	assert.Equal(t, crisis.EventPublish, events[1].Kind)
	assert.Equal(t, crisis.EventEscalate, events[2].Kind)
	assert.Len(t, rep.Alerts, 3)
}

func TestDrillErrors(t *testing.T) {
	p := samplePlan()
	bad := []crisis.Response{{After: d("5m"), Kind: crisis.EventPublish, Channel: channel.X, By: "carla"}}
	_, err := crisis.Drill(p, crisis.NegativeSpike(crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: bad})
	assert.ErrorIs(t, err, crisis.ErrIllegalEvent, "publishing before anyone acknowledged")

	_, err = crisis.Drill(p, crisis.NegativeSpike(crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: []crisis.Response{{After: d("-5m"), Kind: crisis.EventResolve}}})
	assert.Error(t, err)

	misaligned := crisis.NegativeSpike(crisis.SpikeOptions{Start: time.Date(2026, 1, 5, 0, 1, 0, 0, time.UTC)})
	_, err = crisis.Drill(p, misaligned, nil)
	assert.ErrorIs(t, err, crisis.ErrMisaligned)

	p.Levels = nil
	_, err = crisis.Drill(p, crisis.NegativeSpike(crisis.SpikeOptions{}), nil)
	assert.Error(t, err)
}

func TestNegativeSpikeIsSeeded(t *testing.T) {
	a := slices.Collect(crisis.NegativeSpike(crisis.SpikeOptions{Seed: 5}))
	b := slices.Collect(crisis.NegativeSpike(crisis.SpikeOptions{Seed: 5}))
	c := slices.Collect(crisis.NegativeSpike(crisis.SpikeOptions{Seed: 6}))
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	require.Len(t, a, 432*2)
	peak, quiet := int64(0), int64(0)
	for i, s := range a {
		if i < 100 {
			quiet = max(quiet, s.Mentions)
		}
		peak = max(peak, s.Mentions)
		assert.LessOrEqual(t, s.Negative+s.Positive, s.Mentions)
		assert.LessOrEqual(t, s.KeywordHits, s.Mentions)
	}
	assert.Greater(t, peak, 5*quiet)
	// Stopping early stops the sequence.
	n := 0
	for range crisis.NegativeSpike(crisis.SpikeOptions{}) {
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
}
