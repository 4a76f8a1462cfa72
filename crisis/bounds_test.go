package crisis_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/validation"
)

// seesaw is an incident of the sample plan that moves n times between
// moderate and critical (which pauses every channel), a minute apart, as
// JSON and decoded.
func seesaw(t *testing.T, n int) ([]byte, *crisis.Incident) {
	t.Helper()
	inc, err := crisis.Open(samplePlan(), "moderate", opened)
	require.NoError(t, err)
	at := opened
	for i := range n {
		at = at.Add(time.Minute)
		e := crisis.Event{Kind: crisis.EventEscalate, At: at, Level: "critical"}
		if i%2 == 1 {
			e = crisis.Event{Kind: crisis.EventDeEscalate, At: at, Level: "moderate"}
		}
		inc.Events = append(inc.Events, e)
	}
	b, err := json.Marshal(inc)
	require.NoError(t, err)
	var back crisis.Incident
	require.NoError(t, json.Unmarshal(b, &back))
	return b, &back
}

// TestPauseWindowsOfManyLevelChanges: each stretch at a pausing level is
// one window, found by a lookup: the windows were merged across channels
// by scanning every window listed before, so 40,000 level changes (a
// 2.6 MB incident) took 4.4 s, and 160,000 more than a minute.
func TestPauseWindowsOfManyLevelChanges(t *testing.T) {
	const n = 160_000
	b, inc := seesaw(t, n)
	var windows []crisis.PauseWindow
	var err error
	budget.Check(t, "PauseWindows of 160,000 level changes", budget.For(len(b)), func() {
		windows, err = inc.PauseWindows(samplePlan(), opened.Add(n*time.Minute))
	})
	require.NoError(t, err)
	require.Len(t, windows, n/2)
	for i, w := range windows {
		require.Len(t, w.Channels, len(samplePlan().Channels), "window %d holds every channel", i)
	}
}

// TestLevelBoundsKeepTimelinesSmall: a timeline lists a level's
// notifications and playbook steps again for every stretch at the level,
// so a plan with 100 steps repeated 100 times (10,100 notifications) made
// a 15 KB incident of 200 level changes a timeline of a million items
// (3.1 s). A level now sends at most MaxNotifications and has at most
// MaxPlaybookSteps steps, and a plan at those bounds keeps an incident's
// timeline within that many items per stretch at a level.
func TestLevelBoundsKeepTimelinesSmall(t *testing.T) {
	p := samplePlan()
	crit := &p.Levels[3]
	step := crit.Escalation.Steps[0]
	step.After = d("1s")
	crit.Escalation.Steps = nil
	for range 100 {
		crit.Escalation.Steps = append(crit.Escalation.Steps, step)
	}
	crit.Escalation.Repeat = 100
	err := p.Validate()
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "levels[3].escalation.steps"), "%v", err)

	play := crit.Playbook[0]
	crit.Playbook = nil
	for i := range crisis.MaxPlaybookSteps + 1 {
		play.Name = fmt.Sprint("step-", i)
		crit.Playbook = append(crit.Playbook, play)
	}
	err = p.Validate()
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "levels[3].playbook"), "%v", err)

	// At the bounds, the plan is valid and a long incident's timeline is
	// bounded by its size.
	crit.Escalation.Steps = crit.Escalation.Steps[:crisis.MaxNotifications/(crisis.MaxRepeat+1)]
	crit.Playbook = crit.Playbook[:crisis.MaxPlaybookSteps]
	require.NoError(t, p.Validate())
	inc, err := crisis.Open(p, "moderate", opened)
	require.NoError(t, err)
	at := opened
	for i := range 200 {
		at = at.Add(5 * time.Hour)
		e := crisis.Event{Kind: crisis.EventEscalate, At: at, Level: "critical"}
		if i%2 == 1 {
			e = crisis.Event{Kind: crisis.EventDeEscalate, At: at, Level: "moderate"}
		}
		inc.Events = append(inc.Events, e)
	}
	pj, err := json.Marshal(p)
	require.NoError(t, err)
	ij, err := json.Marshal(inc)
	require.NoError(t, err)
	var items []crisis.Item
	budget.Check(t, "Timeline of 200 level changes at the bounds", budget.For(len(pj)+len(ij)), func() {
		items, err = inc.Timeline(p, at)
	})
	require.NoError(t, err)
	assert.LessOrEqual(t, len(items), 1+201*(crisis.MaxNotifications+crisis.MaxPlaybookSteps+len(p.Channels)+1))
}

// TestLevelDelaysAreBounded: a level's durations are at most MaxDelay. A
// first-response target of 292 years, or escalation steps of 146 years
// repeated 100 times, passed Validate and put the incident's deadlines in
// years past 9999, which its timeline's JSON cannot carry.
func TestLevelDelaysAreBounded(t *testing.T) {
	huge := crisis.Duration(1 << 62)
	for _, c := range []struct {
		name string
		edit func(l *crisis.Level)
		path string
	}{
		{"first response", func(l *crisis.Level) { l.FirstResponse = huge }, "levels[3].firstResponse"},
		{"pause", func(l *crisis.Level) { l.Pause.For = huge }, "levels[3].pause.for"},
		{"playbook", func(l *crisis.Level) { l.Playbook[0].Within = huge }, "levels[3].playbook[0].within"},
		{"one step", func(l *crisis.Level) { l.Escalation.Steps[0].After = huge }, "levels[3].escalation.steps"},
		{"steps that wrap", func(l *crisis.Level) {
			l.Escalation.Repeat = 0
			for i := range l.Escalation.Steps {
				l.Escalation.Steps[i].After = huge
			}
			for len(l.Escalation.Steps) < 4 {
				l.Escalation.Steps = append(l.Escalation.Steps, crisis.EscalationStep{After: huge, Notify: l.Escalation.Steps[0].Notify})
			}
		}, "levels[3].escalation.steps"},
		{"rounds", func(l *crisis.Level) {
			l.Escalation.Repeat = crisis.MaxRepeat
			l.Escalation.Steps = l.Escalation.Steps[:1]
			l.Escalation.Steps[0].After = crisis.Duration(crisis.MaxDelay / 50)
		}, "levels[3].escalation.steps"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := samplePlan()
			c.edit(&p.Levels[3])
			err := p.Validate()
			assert.True(t, validation.Has(err, validation.CodeOutOfRange, c.path), "%v", err)
		})
	}

	// At MaxDelay, every instant of the timeline encodes.
	p := samplePlan()
	l := &p.Levels[3]
	l.FirstResponse = crisis.Duration(crisis.MaxDelay)
	l.Pause.For = crisis.Duration(crisis.MaxDelay)
	l.Escalation.Repeat = crisis.MaxRepeat
	l.Escalation.Steps = l.Escalation.Steps[:1]
	l.Escalation.Steps[0].After = crisis.Duration(crisis.MaxDelay / (crisis.MaxRepeat + 1))
	require.NoError(t, p.Validate())
	inc, err := crisis.Open(p, "critical", opened)
	require.NoError(t, err)
	items, err := inc.Timeline(p, opened.Add(time.Hour))
	require.NoError(t, err)
	_, err = json.Marshal(items)
	require.NoError(t, err)
}

// TestRecordMany: events recorded together cost one replay. Recorded one
// call at a time, 8,000 events took 56 s (each call replays the events
// before it); in one call they take milliseconds. A refused event leaves
// the incident as it was and is named by its index.
func TestRecordMany(t *testing.T) {
	const n = 100_000
	p := samplePlan()
	_, events := seesaw(t, n)
	inc, err := crisis.Open(p, "moderate", opened)
	require.NoError(t, err)
	b, err := json.Marshal(events.Events)
	require.NoError(t, err)
	budget.Check(t, "Record of 100,000 events in one call", budget.For(len(b)), func() {
		err = inc.Record(p, events.Events...)
	})
	require.NoError(t, err)
	require.Len(t, inc.Events, n)

	bad := []crisis.Event{
		{Kind: crisis.EventEscalate, At: opened.Add((n + 1) * time.Minute), Level: "critical"},
		{Kind: crisis.EventEscalate, At: opened.Add((n + 2) * time.Minute), Level: "critical"},
	}
	err = inc.Record(p, bad...)
	assert.ErrorIs(t, err, crisis.ErrIllegalEvent)
	assert.ErrorContains(t, err, "events[1]")
	assert.Len(t, inc.Events, n, "nothing recorded")
	require.NoError(t, inc.Record(p))
	assert.Len(t, inc.Events, n)
}

// TestDrillSchedulesBoundedly: every alert schedules each script response
// timed from alerts, so a 2,000-response script over a spike of 5,000
// buckets (416 alerts) scheduled 832,000 responses, each inserted into a
// sorted slice: the drill ran past ten minutes. The queue is a heap now,
// and a drill schedules at most MaxDrillCues responses before it stops
// with ErrRunawayScript.
func TestDrillSchedulesBoundedly(t *testing.T) {
	p := samplePlan()
	var script []crisis.Response
	for i := range 2000 {
		script = append(script, crisis.Response{After: crisis.Duration(time.Duration(1000+i) * time.Hour), From: crisis.AnchorAlert, Kind: crisis.EventResolve})
	}
	signals := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1, Buckets: 5200, SpikeAt: 100, SpikeLength: 5000}))
	sj, err := json.Marshal(signals)
	require.NoError(t, err)
	rj, err := json.Marshal(script)
	require.NoError(t, err)
	var rep *crisis.DrillReport
	budget.Check(t, "Drill of 2,000 responses over 416 alerts", budget.For(len(sj)+len(rj)), func() {
		rep, err = crisis.Drill(p, slices.Values(signals), &crisis.DrillOptions{Responses: script})
	})
	assert.ErrorIs(t, err, crisis.ErrRunawayScript)
	require.NotNil(t, rep)
	assert.NotEmpty(t, rep.Alerts)

	// A script that schedules fewer is played whole.
	rep, err = crisis.Drill(p, slices.Values(signals), &crisis.DrillOptions{Responses: script[:100]})
	require.NoError(t, err)
	require.NotEmpty(t, rep.Incidents)
	st, _, err := rep.Incidents[0].Status(p)
	require.NoError(t, err)
	assert.Equal(t, crisis.StateResolved, st)
}
