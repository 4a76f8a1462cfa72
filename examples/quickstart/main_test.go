package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/community"
)

func TestQuickstartText(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, t.TempDir(), false))
	text := out.String()
	for _, want := range []string{
		brandName, "KPI progress", "Instagram engagement rate", "on track", "off track",
		"The next two weeks of posts", "Mon 15 Feb 10:00 CET  instagram  routine", "Fri 26 Feb 10:00 CET",
		"bluebird.ics", "bluebird-instagram.csv",
		"Triage", "urgent", "crisis keyword", "banned phrase", "Opinion leaders", "x @coffeefacts",
		"Crisis drill", "escalate", "statement      critical  late · linkedin",
	} {
		assert.Contains(t, text, want)
	}
	// Two weeks end before Monday 1 March.
	assert.NotContains(t, text, "Mon 1 Mar")
}

func TestQuickstartJSON(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, t.TempDir(), true))
	var r report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	assert.Equal(t, brandName, r.Brand)
	assert.Len(t, r.KPIs, 4)
	for _, k := range r.KPIs {
		assert.True(t, k.Progress.Status.IsValid(), k.Name)
	}
	require.NotEmpty(t, r.Posts)
	for i, p := range r.Posts {
		assert.False(t, p.At.Before(r.AsOf), "post %d before now", i)
		assert.True(t, p.At.Before(r.AsOf.AddDate(0, 0, 14)), "post %d after two weeks", i)
	}
	require.NotEmpty(t, r.Inbox.Triage)
	assert.Equal(t, community.PriorityUrgent, r.Inbox.Triage[0].Assessment.Priority)
	assert.Len(t, r.Inbox.Leaders, 3)
	assert.NotEmpty(t, r.Drill.Timeline)
	assert.Len(t, r.Drill.Missed, 1)
}

// The exports land in the folder given, and hold the calendar.
func TestQuickstartWritesExports(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run(&out, dir, false))
	ics, err := os.ReadFile(filepath.Join(dir, "bluebird.ics"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(ics), "BEGIN:VCALENDAR\r\n"))
	assert.Contains(t, string(ics), "TZID:Europe/Madrid")
	assert.Equal(t, 3, strings.Count(string(ics), "RRULE:"), "one per routine")
	csv, err := os.ReadFile(filepath.Join(dir, "bluebird-instagram.csv"))
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(csv), "\n"), "the two Instagram posts still to publish")
	assert.Contains(t, string(csv), "22/02/2027 09:00,")
}

// The report is the same on every run: the quickstart never reads the clock.
func TestQuickstartDeterministic(t *testing.T) {
	dir := t.TempDir()
	var a, b bytes.Buffer
	require.NoError(t, run(&a, dir, true))
	require.NoError(t, run(&b, dir, true))
	assert.Equal(t, a.String(), b.String())
}
