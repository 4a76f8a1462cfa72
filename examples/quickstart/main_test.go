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
	"github.com/tandemsocial/tandem/examples/verifiedplan"
)

func TestQuickstartText(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, t.TempDir(), false))
	text := out.String()
	for _, want := range []string{
		verifiedplan.BrandName, "KPI progress", "Instagram engagement rate", "on track", "off track",
		"The next two weeks of posts", "Mon 15 Feb 10:00 CET  instagram  routine", "Fri 26 Feb 10:00 CET",
		"0 errors, 0 warnings, 1 info", "calendar.skipped: routines[0]", "objective: Raise share of voice",
		"bluebird.ics", "bluebird-linkedin.csv",
		"Triage", "urgent", "crisis keyword", "banned word", "Opinion leaders", "x @coffeefacts",
		"Crisis drill", "first_response critical  met", "statement      critical  late · linkedin",
		"acknowledge              Mateo Ruiz", "publish                  Lucía Ortega · instagram",
		"too early to judge: \"Office Coffee Week\"", "overdue: Draft the Office Coffee Week posts",
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
	assert.Equal(t, verifiedplan.BrandName, r.Brand)
	require.Len(t, r.Objectives, 3)
	kpis := 0
	for _, o := range r.Objectives {
		for _, k := range o.KPIs {
			assert.True(t, k.Progress.Status.IsValid(), k.Name)
			kpis++
		}
	}
	assert.Equal(t, 4, kpis)
	assert.True(t, r.Verification.Report.OK())
	assert.NotEmpty(t, r.Recommendations)
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
	assert.Equal(t, verifiedplan.CommunityManagerName, r.Drill.Names[verifiedplan.CommunityManager], "the timeline's member IDs come with their names")
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
	assert.Equal(t, 3, strings.Count(string(ics), `\nOwner: Mateo Ruiz`), "owners by name, not by member ID")
	csv, err := os.ReadFile(filepath.Join(dir, "bluebird-linkedin.csv"))
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(csv), "\n"), "the one approved LinkedIn post still to publish; drafts stay out")
	assert.Contains(t, string(csv), "17/02/2027 12:00,")
	_, err = os.Stat(filepath.Join(dir, "bluebird-instagram.csv"))
	assert.True(t, os.IsNotExist(err), "no Instagram post is left to upload")
}

// The report is the same on every run: the quickstart never reads the clock.
func TestQuickstartDeterministic(t *testing.T) {
	dir := t.TempDir()
	var a, b bytes.Buffer
	require.NoError(t, run(&a, dir, true))
	require.NoError(t, run(&b, dir, true))
	assert.Equal(t, a.String(), b.String())
}
