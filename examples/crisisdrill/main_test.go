package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/validation"
)

func TestDrillSamplePlan(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, "", ""))
	text := out.String()
	for _, want := range []string{"#1 alert", "#1 open           critical", "first_response critical  met", "late · linkedin", "review meeting due", "-> cancelled"} {
		assert.Contains(t, text, want)
	}
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
	err := run(&bytes.Buffer{}, write("typo.json", strings.Replace(string(samplePlan), `"handler"`, `"handlr"`, 1)), "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown field "handlr"`)

	bad := strings.Replace(string(samplePlan), `"level": "critical"`, `"level": "catastrophic"`, 1)
	err = run(&bytes.Buffer{}, write("level.json", bad), "")
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
	require.NoError(t, run(&out, "", quiet))
	assert.Contains(t, out.String(), "No incident")

	broken := filepath.Join(dir, "broken.jsonl")
	require.NoError(t, os.WriteFile(broken, []byte(
		`{"at":"2027-02-20T12:00:00Z","channel":"x","mentions":4}`+"\n"+
			`{"at":"2027-02-20T12:05:00Z","channel":"myspace","mentions":5}`+"\n"), 0o644))
	err := run(&bytes.Buffer{}, "", broken)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "signals line 2")
}
