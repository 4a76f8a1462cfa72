package crisis_test

import (
	"encoding/json"
	"flag"
	"fmt"
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

func TestNegativeSpikeIsSeeded(t *testing.T) {
	a := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 5}))
	b := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 5}))
	c := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 6}))
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
	for range crisis.NegativeSpike(&crisis.SpikeOptions{}) {
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
}

// entriesOf returns the timeline entries of one kind.
func entriesOf(rep *crisis.DrillReport, kind crisis.EntryKind) []crisis.Entry {
	var out []crisis.Entry
	for _, e := range rep.Timeline {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// A response that is illegal when it comes due is a line of the timeline
// that says why, not the end of the drill.
func TestDrillRefusedResponseIsALine(t *testing.T) {
	p := samplePlan()
	script := []crisis.Response{
		{After: d("5m"), Kind: crisis.EventPublish, Channel: channel.X, By: carla}, // nobody has acknowledged yet
		{After: d("12m"), Kind: crisis.EventAcknowledge, By: eva},
		{After: d("20m"), Kind: crisis.EventPublish, Channel: channel.X, By: eva}, // not an approver
		{After: d("25m"), Kind: crisis.EventPublish, Channel: channel.X, By: carla},
		{After: d("6h"), Kind: crisis.EventResolve, By: carla},
		{After: d("7h"), Kind: crisis.EventComplete, Step: "legal", By: eva}, // after the resolution
	}
	rep, err := crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script, Names: names})
	require.NoError(t, err)
	require.NotNil(t, rep)
	refused := entriesOf(rep, "refused")
	require.Len(t, refused, 3, rep.String())
	madrid := mustZone("Europe/Madrid")
	for i, want := range []struct {
		at     string
		who    uuid.UUID
		reason error
	}{
		{"01:20", carla, crisis.ErrIllegalEvent},
		{"01:35", eva, crisis.ErrNotApprover},
		{"08:15", eva, crisis.ErrIllegalEvent},
	} {
		e := refused[i]
		assert.Equal(t, want.at, e.At.In(madrid).Format("15:04"))
		assert.Equal(t, 1, e.Incident)
		assert.Equal(t, []uuid.UUID{want.who}, e.Who)
		assert.Contains(t, e.Detail, want.reason.Error())
	}
	// The rest of the script played as written.
	require.Len(t, rep.Incidents, 1)
	kinds := []crisis.EventKind{}
	for _, e := range rep.Incidents[0].Events {
		kinds = append(kinds, e.Kind)
	}
	assert.Equal(t, []crisis.EventKind{crisis.EventAcknowledge, crisis.EventPublish, crisis.EventEscalate, crisis.EventResolve}, kinds)
	assert.Contains(t, rep.String(), "#1 refused")
	// The reason names people as the report does.
	assert.Contains(t, refused[1].Detail, `not an approver of this level: eva; level "high" is approved by carla or ana`)
	back := roundTrip(t, *rep)
	assert.Equal(t, len(refused), len(back.Refused()))
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

// The report prints people by the names the caller gave, by member ID
// where it gave none, and keeps the names for later.
func TestDrillPrintsNames(t *testing.T) {
	p := samplePlan()
	run := func(names map[uuid.UUID]string) *crisis.DrillReport {
		rep, err := crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script(), Names: names})
		require.NoError(t, err)
		return rep
	}
	named := run(names)
	assert.Contains(t, named.String(), "notified · ana, carla\n")
	assert.Equal(t, "diego", named.Name(diego))

	bare := run(nil)
	assert.Contains(t, bare.String(), "notified · "+ana.String()+", "+carla.String()+"\n")
	assert.Equal(t, named.Timeline, bare.Timeline, "names change the printing, not the timeline")

	partial := map[uuid.UUID]string{ana: "Ana García"}
	some := run(partial)
	assert.Contains(t, some.String(), "notified · Ana García, "+carla.String()+"\n")
	partial[ana] = "changed"
	assert.Equal(t, "Ana García", some.Name(ana), "the report keeps its own copy of the names")

	back := roundTrip(t, *named)
	assert.Equal(t, names, back.Names)
	assert.Equal(t, named.Timeline[3].Who, back.Timeline[3].Who)
}

// A member renamed after the plan was written is still who the plan
// means: the plan holds member IDs, names only print them.
func TestDrillAfterRename(t *testing.T) {
	renamed := map[uuid.UUID]string{ana: "ana", bruno: "bruno", carla: "Carla Ruiz", diego: "diego", eva: "eva"}
	rep, err := crisis.Drill(samplePlan(), crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script(), Names: renamed})
	require.NoError(t, err)
	assert.Empty(t, rep.Refused(), "carla still publishes as the level's approver")
	assert.Contains(t, rep.String(), "publish                  Carla Ruiz · x")
}

// acts lists an incident's events as "15:04 kind by level", on Madrid's
// wall clock.
func acts(inc crisis.Incident) []string {
	var out []string
	for _, e := range inc.Events {
		s := e.At.In(mustZone("Europe/Madrid")).Format("15:04") + " " + string(e.Kind)
		for _, part := range []string{names[e.By], e.Level, string(e.Channel), e.Step} {
			if part != "" {
				s += " " + part
			}
		}
		out = append(out, s)
	}
	return out
}

// The sample spike (seed 1) opens an incident at high at 01:15 and
// escalates it to critical at 01:45, in Madrid.
func TestDrillResponsesTimedFromLevels(t *testing.T) {
	cases := []struct {
		name    string
		script  []crisis.Response
		want    []string
		refused int
	}{{
		name: "each new level is acknowledged, critical's statements go out",
		script: []crisis.Response{
			{After: d("10m"), From: crisis.AnchorLevel, Kind: crisis.EventAcknowledge, By: eva},
			{After: d("15m"), From: crisis.AnchorLevel, OnLevel: "critical", Kind: crisis.EventPublish, Channel: channel.X, By: carla},
			{After: d("20m"), From: crisis.AnchorLevel, OnLevel: "critical", Kind: crisis.EventPublish, Channel: channel.Instagram, By: diego},
			{After: d("6h"), Kind: crisis.EventResolve, By: carla},
		},
		want: []string{
			"01:25 acknowledge eva",
			"01:45 escalate critical",
			"01:55 acknowledge eva",
			"02:00 publish carla x",
			"02:05 publish diego instagram",
			"07:15 resolve carla",
		},
	}, {
		name: "a response the incident left behind lapses",
		script: []crisis.Response{
			{After: d("40m"), From: crisis.AnchorLevel, Kind: crisis.EventAcknowledge, By: eva},
		},
		// High's acknowledgement was due at 01:55, after the escalation.
		want: []string{"01:45 escalate critical", "02:25 acknowledge eva"},
	}, {
		name: "escalations only, with the opening timed on its own",
		script: []crisis.Response{
			{After: d("5m"), Kind: crisis.EventAcknowledge, By: eva},
			{After: d("5m"), From: crisis.AnchorEscalation, Kind: crisis.EventAcknowledge, By: carla},
			{After: d("1h"), From: crisis.AnchorEscalation, OnLevel: "critical", Kind: crisis.EventDeEscalate, Level: "high"},
			{After: d("10m"), From: crisis.AnchorLevel, OnLevel: "high", Kind: crisis.EventPublish, Channel: channel.X, By: ana},
		},
		// The de-escalation keeps the acknowledgement: nobody acknowledges
		// high again, and its statement goes out ten minutes after each
		// time the incident reaches it. The critical alert at 02:50
		// escalates it again, and the publish due at 02:55 lapses.
		want: []string{
			"01:20 acknowledge eva",
			"01:25 publish ana x",
			"01:45 escalate critical",
			"01:50 acknowledge carla",
			"02:45 de_escalate high",
			"02:50 escalate critical",
			"02:55 acknowledge carla",
			"03:50 de_escalate high",
			"04:00 escalate critical",
			"04:05 acknowledge carla",
			"05:00 de_escalate high",
			"05:10 publish ana x",
		},
	}, {
		name: "the critical alerts, each answered",
		script: []crisis.Response{
			{After: d("5m"), From: crisis.AnchorAlert, OnLevel: "critical", Kind: crisis.EventAcknowledge, By: carla},
		},
		// The incident opened at high is acknowledged 5 minutes after the
		// first critical alert; the later ones find it acknowledged.
		want:    []string{"01:45 escalate critical", "01:50 acknowledge carla"},
		refused: 7,
	}, {
		name: "a response may be due at the very moment",
		script: []crisis.Response{
			{From: crisis.AnchorEscalation, Kind: crisis.EventAcknowledge, By: carla},
		},
		want: []string{"01:45 escalate critical", "01:45 acknowledge carla"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := crisis.Drill(samplePlan(), crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: c.script})
			require.NoError(t, err)
			require.Len(t, rep.Incidents, 1)
			assert.Equal(t, c.want, acts(rep.Incidents[0]))
			refused := rep.Refused()
			assert.Len(t, refused, c.refused, rep.String())
			for _, e := range refused {
				assert.Contains(t, e.Detail, crisis.ErrIllegalEvent.Error())
				assert.Contains(t, e.Detail, "acknowledge, 5m0s after each critical alert")
			}
		})
	}
}

// Incidents are numbered from 1 in order of opening, in the entries, the
// printed report and the report's list of incidents.
func TestDrillNumbersIncidentsFromOne(t *testing.T) {
	script := []crisis.Response{
		{After: d("10m"), Kind: crisis.EventAcknowledge, By: eva},
		{After: d("1h"), Kind: crisis.EventResolve, By: carla},
		{After: d("90m"), Kind: crisis.EventComplete, Step: "brief-team", By: eva}, // after the resolution
	}
	rep, err := crisis.Drill(samplePlan(), crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script})
	require.NoError(t, err)
	// Resolved an hour after each opening, the incident is opened again
	// by the next alert: at 01:15, 02:35 and 03:50.
	require.Len(t, rep.Incidents, 3)
	madrid := mustZone("Europe/Madrid")
	opens := entriesOf(rep, crisis.EntryOpen)
	require.Len(t, opens, 3)
	for i, e := range opens {
		assert.Equal(t, i+1, e.Incident)
		assert.True(t, e.At.Equal(rep.Incidents[i].Opened))
	}
	refused := rep.Refused()
	var got []string
	for _, e := range refused {
		got = append(got, e.At.In(madrid).Format("15:04")+" #"+fmt.Sprint(e.Incident))
	}
	assert.Equal(t, []string{"02:45 #1", "04:05 #2", "05:20 #3"}, got, "the step comes after each resolution")
	text := rep.String()
	assert.Contains(t, text, "02:45 CET  #1 refused")
	assert.Contains(t, text, "02:35 CET  #2 open")
	assert.NotContains(t, text, "#0")
	for _, e := range rep.Timeline {
		assert.True(t, e.Incident >= 1 && e.Incident <= 3, "%+v", e)
	}
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

// NegativeSpike takes its options as a pointer that may be nil, the
// defaults, and leaves the caller's options as they were.
func TestNegativeSpikeOptions(t *testing.T) {
	def := slices.Collect(crisis.NegativeSpike(nil))
	assert.Equal(t, def, slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{})))
	require.Len(t, def, 432*2)
	assert.True(t, def[0].At.Equal(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)))

	o := &crisis.SpikeOptions{Seed: 3, Buckets: 12}
	n := 0
	for range crisis.NegativeSpike(o) {
		n++
	}
	assert.Equal(t, 24, n)
	assert.Equal(t, crisis.SpikeOptions{Seed: 3, Buckets: 12}, *o, "the defaults are not written into the caller's options")
}

func TestResponseString(t *testing.T) {
	for _, c := range []struct {
		r    crisis.Response
		want string
	}{
		{crisis.Response{After: d("6h"), Kind: crisis.EventResolve}, "resolve, 6h0m0s after the opening"},
		{crisis.Response{After: d("10m"), From: crisis.AnchorOpen, Kind: crisis.EventAcknowledge}, "acknowledge, 10m0s after the opening"},
		{crisis.Response{After: d("10m"), From: crisis.AnchorLevel, Kind: crisis.EventAcknowledge}, "acknowledge, 10m0s after each new level"},
		{crisis.Response{After: d("20m"), From: crisis.AnchorLevel, OnLevel: "critical", Kind: crisis.EventPublish, Channel: channel.X}, "publish x, 20m0s after reaching critical"},
		{crisis.Response{From: crisis.AnchorEscalation, Kind: crisis.EventComplete, Step: "legal"}, "complete legal, 0s after each escalation"},
		{crisis.Response{After: d("1h"), From: crisis.AnchorEscalation, OnLevel: "critical", Kind: crisis.EventDeEscalate, Level: "high"}, "de_escalate high, 1h0m0s after each escalation to critical"},
		{crisis.Response{After: d("5m"), From: crisis.AnchorAlert, Kind: crisis.EventAcknowledge}, "acknowledge, 5m0s after each alert"},
		{crisis.Response{After: d("5m"), From: crisis.AnchorAlert, OnLevel: "high", Kind: crisis.EventEscalate, Level: "critical"}, "escalate critical, 5m0s after each high alert"},
	} {
		assert.Equal(t, c.want, c.r.String())
	}
}
