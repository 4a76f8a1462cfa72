package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstartText(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, false))
	text := out.String()
	for _, want := range []string{brandName, "KPI progress", "Instagram engagement rate", "on track", "off track"} {
		assert.Contains(t, text, want)
	}
}

func TestQuickstartJSON(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, true))
	var r report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	assert.Equal(t, brandName, r.Brand)
	assert.Len(t, r.KPIs, 4)
	for _, k := range r.KPIs {
		assert.True(t, k.Progress.Status.IsValid(), k.Name)
	}
}

// The report is the same on every run: the quickstart never reads the clock.
func TestQuickstartDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, run(&a, true))
	require.NoError(t, run(&b, true))
	assert.Equal(t, a.String(), b.String())
}
