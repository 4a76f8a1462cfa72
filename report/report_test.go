package report_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/report"
)

// wellFormed parses doc with encoding/xml to the end and fails on any
// error.
func wellFormed(t testing.TB, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, excerpt(doc, d.InputOffset()))
		}
	}
}

func excerpt(doc string, at int64) string {
	lo, hi := max(0, int(at)-200), min(len(doc), int(at)+200)
	return doc[lo:hi]
}

var svgRE = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// inlineSVGs returns every <svg> of the page.
func inlineSVGs(page string) []string { return svgRE.FindAllString(page, -1) }

func TestWriteHTMLSample(t *testing.T) {
	r, asOf := sampleReview(t)
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, r, asOf, nil))
	page := b.String()
	for _, id := range report.Sections() {
		assert.Contains(t, page, `<section id="`+id+`"`, id)
	}
	assert.NotContains(t, page, "<script")
	assert.NotContains(t, page, "NaN")
	assert.NotContains(t, page, "Inf")
	assert.NotContains(t, page, `class="missing"`, "every section has its input")
	svgs := inlineSVGs(page)
	require.NotEmpty(t, svgs)
	for _, s := range svgs {
		wellFormed(t, s)
		assert.Contains(t, s, `xmlns="http://www.w3.org/2000/svg"`)
		assert.Contains(t, s, "<title")
	}
	charts := regexp.MustCompile(`<figure class="chart" id="([^"]+)" data-chart="([^"]+)" data-points="(\d+)"`).FindAllStringSubmatch(page, -1)
	require.Len(t, charts, len(svgs))
	for _, c := range charts {
		assert.NotEqual(t, "0", c[3], "chart %s is empty", c[1])
	}
}
