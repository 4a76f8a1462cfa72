package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/validation"
)

func TestDrillSamplePlan(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, files{}))
	text := out.String()
	for _, want := range []string{"#1 alert", "#1 open           critical", "first_response critical  met", "late · linkedin", "review meeting due", "-> cancelled",
		"acknowledge              Mateo Ruiz", "publish                  Lucía Ortega · instagram"} {
		assert.Contains(t, text, want)
	}
}

// The plan names people by member ID; the team file gives their names.
// Renaming someone in the team file changes only what is printed, and a
// plan that names someone not on the team is an error that says where.
func TestDrillTeam(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		return path
	}
	var out bytes.Buffer
	renamed := write("renamed.json", strings.Replace(string(sampleTeam), "Lucía Ortega", "Lucía Ortega Díaz", 1))
	require.NoError(t, run(&out, files{team: renamed}))
	assert.Contains(t, out.String(), "publish                  Lucía Ortega Díaz · instagram")
	assert.NotContains(t, out.String(), "refused")

	stranger := "3e1c4f5a-0000-5000-8000-000000000001"
	bad := strings.Replace(string(samplePlan), `"approver": "719dc474-5eb6-534d-b0ba-b938a5cfddac"`, `"approver": "`+stranger+`"`, 1)
	err := run(&bytes.Buffer{}, files{plan: write("stranger.json", bad)})
	assert.True(t, validation.Has(err, validation.CodeNotFound, "levels[0].approver"), "%v", err)

	err = run(&bytes.Buffer{}, files{team: write("names.json", `{"Lucía Ortega": "Lucía Ortega"}`)})
	assert.ErrorContains(t, err, "reading the team")
	named := strings.Replace(string(samplePlan), `"approver": "719dc474-5eb6-534d-b0ba-b938a5cfddac"`, `"approver": "Lucía Ortega"`, 1)
	err = run(&bytes.Buffer{}, files{plan: write("named.json", named)})
	assert.ErrorContains(t, err, "reading the plan", "a name where a member ID belongs")
}

// A plan with a typo in a field name, or one that does not validate, is an
// error naming what is wrong, before any drill runs.
func TestDrillRejectsBadPlans(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		return path
	}
	err := run(&bytes.Buffer{}, files{plan: write("typo.json", strings.Replace(string(samplePlan), `"handler"`, `"handlr"`, 1))})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown field "handlr"`)

	bad := strings.Replace(string(samplePlan), `"level": "critical"`, `"level": "catastrophic"`, 1)
	err = run(&bytes.Buffer{}, files{plan: write("level.json", bad)})
	var verr *validation.Error
	require.True(t, errors.As(err, &verr), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotFound, "triggers[2].level"), "%v", err)
}

func TestDrillReadsSignals(t *testing.T) {
	dir := t.TempDir()
	quiet := filepath.Join(dir, "quiet.jsonl")
	require.NoError(t, os.WriteFile(quiet, []byte(
		`{"at":"2027-02-20T12:00:00Z","channel":"x","mentions":4,"negative":1}`+"\n\n"+
			`{"at":"2027-02-20T12:05:00Z","channel":"x","mentions":5}`+"\n"), 0o644))
	var out bytes.Buffer
	require.NoError(t, run(&out, files{signals: quiet}))
	assert.Contains(t, out.String(), "No incident")

	broken := filepath.Join(dir, "broken.jsonl")
	require.NoError(t, os.WriteFile(broken, []byte(
		`{"at":"2027-02-20T12:00:00Z","channel":"x","mentions":4}`+"\n"+
			`{"at":"2027-02-20T12:05:00Z","channel":"myspace","mentions":5}`+"\n"), 0o644))
	out.Reset()
	err := run(&out, files{signals: broken})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "signals line 2")

	// A signal the detector refuses stops the drill; what happened until
	// then is printed.
	misaligned := filepath.Join(dir, "misaligned.jsonl")
	require.NoError(t, os.WriteFile(misaligned, []byte(
		`{"at":"2027-02-20T12:00:00Z","channel":"x","mentions":4}`+"\n"+
			`{"at":"2027-02-20T12:05:00Z","channel":"x","mentions":5000}`+"\n"+
			`{"at":"2027-02-20T12:12:00Z","channel":"x","mentions":5}`+"\n"), 0o644))
	out.Reset()
	err = run(&out, files{signals: misaligned})
	assert.ErrorIs(t, err, crisis.ErrMisaligned)
	assert.Contains(t, out.String(), "#1 open")
}

// The sample script is timed from the levels: when the incident opens at
// high and escalates to critical, each level is acknowledged, the
// statements of the level it is at go out, and the drill refuses nothing.
func TestScriptHoldsThroughEscalation(t *testing.T) {
	p, err := decodePlan(samplePlan)
	require.NoError(t, err)
	p.Triggers[2].Threshold = decimal.NewFromInt(3000) // the flood comes later
	loc, err := time.LoadLocation(p.Zone)
	require.NoError(t, err)
	series := crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7, Start: time.Date(2027, time.February, 20, 0, 0, 0, 0, loc), Buckets: 216,
		Channels: []channel.Channel{channel.Instagram, channel.X}})
	rep, err := crisis.Drill(p, series, &crisis.DrillOptions{Responses: script(p)})
	require.NoError(t, err)
	assert.Empty(t, rep.Refused(), rep.String())
	require.Len(t, rep.Incidents, 1)
	var kinds []string
	for _, e := range rep.Incidents[0].Events {
		kinds = append(kinds, string(e.Kind)+" "+e.Level+string(e.Channel))
	}
	// Opened at high at 13:05 and escalated at 13:20, before high's
	// statements were due: they lapse, and critical's go out.
	assert.Equal(t, []string{
		"acknowledge ", "escalate critical", "complete ", "acknowledge ",
		"publish instagram", "publish linkedin", "resolve ",
	}, kinds, rep.String())
}
