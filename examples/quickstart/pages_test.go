package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The review page and the brief land beside the calendar exports: every
// section of each, no script, and the brief's text says the same as its
// page. (TestReportInBrowser renders them.)
func TestQuickstartWritesPages(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, run(io.Discard, dir, false))
	page, err := os.ReadFile(filepath.Join(dir, reportFile))
	require.NoError(t, err)
	html := string(page)
	for _, id := range reportSections {
		assert.Contains(t, html, `id="`+id+`"`, "section %s", id)
	}
	assert.NotContains(t, html, "<script")
	assert.NotContains(t, html, `data-points="0"`, "every chart of the sample is drawn")
	assert.Contains(t, html, "Bluebird Coffee Roasters")

	brief, err := os.ReadFile(filepath.Join(dir, briefFile+".html"))
	require.NoError(t, err)
	for _, id := range briefSections {
		assert.Contains(t, string(brief), `id="`+id+`"`, "brief section %s", id)
	}
	text, err := os.ReadFile(filepath.Join(dir, briefFile+".txt"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(text), "Brief for Mateo Ruiz"), "%.80s", text)
	for _, want := range []string{"Office Coffee Week", "damaged order", "critical"} {
		assert.Contains(t, string(text), want)
		assert.Contains(t, string(brief), want)
	}
}
