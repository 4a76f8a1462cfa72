package report_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/report"
)

func TestDumpSample(t *testing.T) {
	out := os.Getenv("TANDEM_REPORT_DUMP")
	if out == "" {
		t.Skip("set TANDEM_REPORT_DUMP to a file to write the sample page")
	}
	r, asOf := sampleReview(t)
	f, err := os.Create(out)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, report.WriteHTML(f, r, asOf, nil))
}
