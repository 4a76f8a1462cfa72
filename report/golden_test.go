package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/report"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden pins the whole page of the sample review, so that a change
// to it is seen in review; go test ./report -run Golden -update rewrites
// it.
func TestGolden(t *testing.T) {
	r, asOf := sampleReview(t)
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, r, asOf, nil))
	path := filepath.Join("testdata", "sample.golden.html")
	if *update {
		require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, b.Bytes()), "the page differs from %s; run go test ./report -run Golden -update and review the diff", path)

	// The same review gives the same bytes: no map order, no clock.
	var again bytes.Buffer
	require.NoError(t, report.WriteHTML(&again, r, asOf, nil))
	assert.True(t, bytes.Equal(b.Bytes(), again.Bytes()))
}
