package crisis_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/validation"
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
		{After: d("50m"), Kind: crisis.EventComplete, Step: "brief-team", By: eva},
		{After: d("12m"), Kind: crisis.EventAcknowledge, By: eva},
		{After: d("25m"), Kind: crisis.EventPublish, Channel: channel.X, By: carla},
		{After: d("6h"), Kind: crisis.EventResolve, By: carla},
	}
}

func TestDrillNegativeSpike(t *testing.T) {
	p := samplePlan()
	rep, err := crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script(), Names: names})
	require.NoError(t, err)
	golden(t, "drill_negative_spike.txt", rep.String())

	require.Len(t, rep.Incidents, 1)
	inc := rep.Incidents[0]
	assert.Equal(t, "high", inc.Level, "the surge of negative mentions is the first sign")
	state, level, err := inc.Status(p)
	require.NoError(t, err)
	assert.Equal(t, crisis.StateResolved, state)
	assert.Equal(t, "critical", level, "the flood escalated it")
	assert.NotEmpty(t, rep.Notified(diego), "nobody acknowledged the critical level")
	assert.NotEmpty(t, rep.Notified(carla))
	assert.Empty(t, rep.Notified(bruno), "bruno is on no notify list")
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
	again, err := crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script(), Names: names})
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
	rep, err := crisis.Drill(samplePlan(), crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 9, SpikeLength: -1}), nil)
	require.NoError(t, err)
	assert.Empty(t, rep.Alerts)
	assert.Empty(t, rep.Incidents)
	assert.Empty(t, rep.Timeline)
	assert.Empty(t, rep.String())
}

func TestDrillWithoutResponsesMissesEverything(t *testing.T) {
	p := samplePlan()
	rep, err := crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), nil)
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
	assert.Len(t, rep.Notified(diego), 3)
}

func TestDrillUntil(t *testing.T) {
	p := samplePlan()
	series := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}))
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
	// A script is checked before the drill starts: every problem at once,
	// with paths from responses[i].
	rep, err := crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: []crisis.Response{
		{After: d("-5m"), Kind: crisis.EventResolve},
		{After: d("5m"), From: crisis.AnchorLevel, OnLevel: "severe", Kind: crisis.EventAcknowledge, By: eva},
		{After: d("5m"), Kind: crisis.EventEscalate, Level: "apocalyptic"},
		{After: d("5m"), OnLevel: "high", Kind: crisis.EventAcknowledge, By: eva},
		{After: d("5m"), From: "whenever", Kind: crisis.EventAcknowledge, By: eva},
	}})
	require.NotNil(t, rep)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "responses[0].after"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotFound, "responses[1].onLevel"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotFound, "responses[2].level"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeConflict, "responses[3].onLevel"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "responses[4].from"), "%v", err)

	misaligned := crisis.NegativeSpike(&crisis.SpikeOptions{Start: time.Date(2026, 1, 5, 0, 1, 0, 0, time.UTC)})
	rep, err = crisis.Drill(p, misaligned, nil)
	assert.ErrorIs(t, err, crisis.ErrMisaligned)
	require.NotNil(t, rep)
	assert.Empty(t, rep.Timeline)

	// No series at all (a nil sequence would panic when ranged over),
	// and a name that would forge a line of the printed timeline.
	rep, err = crisis.Drill(p, nil, &crisis.DrillOptions{Names: map[uuid.UUID]string{eva: "Eva\n2026-01-05 10:00 CET  #1 resolve"}})
	require.NotNil(t, rep)
	assert.True(t, validation.Has(err, validation.CodeRequired, "signals"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "names["+eva.String()+"]"), "%v", err)

	p.Levels = nil
	rep, err = crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{}), nil)
	assert.Error(t, err)
	assert.NotNil(t, rep)
}

// A signal the detector refuses ends the drill with an error, and the
// report of everything up to that point comes back with it.
func TestDrillReportComesBackWithTheError(t *testing.T) {
	p := samplePlan()
	series := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}))
	madrid := mustZone("Europe/Madrid")
	// 02:20 in Madrid, after the escalation to critical at 01:45.
	bad := slices.IndexFunc(series, func(s crisis.Signal) bool { return s.At.In(madrid).Format("01-02 15:04") == "01-06 02:20" })
	require.Positive(t, bad)
	series[bad].At = series[bad].At.Add(time.Second)
	rep, err := crisis.Drill(p, slices.Values(series), &crisis.DrillOptions{Responses: script()})
	assert.ErrorIs(t, err, crisis.ErrMisaligned)
	require.NotNil(t, rep)
	assert.Equal(t, "02:20", rep.End.In(madrid).Format("15:04"), "the drill ends where the signals stopped")
	assert.Len(t, rep.Alerts, 5)
	require.Len(t, rep.Incidents, 1)
	require.NotEmpty(t, rep.Timeline)
	var kinds []crisis.EventKind
	for _, e := range rep.Incidents[0].Events {
		kinds = append(kinds, e.Kind)
	}
	assert.Equal(t, []crisis.EventKind{crisis.EventAcknowledge, crisis.EventPublish, crisis.EventEscalate, crisis.EventComplete}, kinds,
		"the resolution, due later, is not played")

	// A plan that does not validate gives an empty report, not nil.
	p.Levels = nil
	rep, err = crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), nil)
	assert.Error(t, err)
	require.NotNil(t, rep)
	assert.Empty(t, rep.Timeline)
}

// A script whose responses keep moving the incident between levels, each
// timed from the level the other reached, stops with an error and the
// report so far.
func TestDrillRunawayScript(t *testing.T) {
	script := []crisis.Response{
		{From: crisis.AnchorLevel, OnLevel: "high", Kind: crisis.EventEscalate, Level: "critical"},
		{From: crisis.AnchorLevel, OnLevel: "critical", Kind: crisis.EventDeEscalate, Level: "high"},
	}
	rep, err := crisis.Drill(samplePlan(), crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script})
	assert.ErrorIs(t, err, crisis.ErrRunawayScript)
	require.NotNil(t, rep)
	require.Len(t, rep.Incidents, 1)
	assert.Len(t, rep.Incidents[0].Events, crisis.MaxDrillResponses)
}
