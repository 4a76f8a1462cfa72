package crisis_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

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
