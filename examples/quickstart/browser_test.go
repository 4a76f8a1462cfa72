package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image/png"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// chromium returns the path of a headless-capable Chromium, or skips the
// test when there is none, unless TANDEM_REQUIRE_BROWSER is set (.ci/run
// installs Debian's chromium and sets it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("TANDEM_REQUIRE_BROWSER") != "" {
		t.Fatal("TANDEM_REQUIRE_BROWSER is set but no chromium is on the PATH")
	}
	t.Skip("no chromium on the PATH (.ci/run installs it)")
	return ""
}

// rendered is what the browser shows of a page, read from its DOM after
// layout.
type rendered struct {
	Title    string   `json:"title"`
	Sections []string `json:"sections"`
	Charts   []struct {
		Label  string  `json:"label"`
		Points string  `json:"points"`
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
		Marks  int     `json:"marks"`
	} `json:"charts"`
	Text string `json:"text"`
}

// readDOM is run in the page by the test, never by the page (which has no
// script): the section ids, and each chart's drawn size and marks.
const readDOM = `JSON.stringify({
  title: document.title,
  sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
  charts: [...document.querySelectorAll('.chart')].map(c => {
    const svg = c.tagName.toLowerCase() === 'svg' ? c : c.querySelector('svg');
    const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {
      label: c.id || c.getAttribute('aria-label') || (svg && svg.querySelector('title') ? svg.querySelector('title').textContent : ''),
      points: c.getAttribute('data-points') || (svg ? svg.getAttribute('data-points') : '') || '',
      width: r.width, height: r.height,
      marks: svg ? svg.querySelectorAll('path,rect,circle,line,polyline,polygon').length : 0,
    };
  }),
  text: document.body.innerText,
})`

// open creates a page in b, opens file in it and waits for it to load; it
// returns the page's session and target, and the events so far.
func open(t *testing.T, b *browser, file string) (session, target string, events []cdpMessage) {
	t.Helper()
	var created struct {
		TargetID string `json:"targetId"`
	}
	require.NoError(t, b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &created))
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	require.NoError(t, b.call("", "Target.attachToTarget", map[string]any{"targetId": created.TargetID, "flatten": true}, &attached))
	s := attached.SessionID
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		require.NoError(t, b.call(s, domain, nil, nil))
	}
	require.NoError(t, b.call(s, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": false,
	}, nil))
	u := url.URL{Scheme: "file", Path: file}
	require.NoError(t, b.call(s, "Page.navigate", map[string]any{"url": u.String()}, nil))
	events, err := b.waitFor(s, "Page.loadEventFired")
	require.NoError(t, err)
	return s, created.TargetID, events
}

// openAndCollect opens file and returns its console errors.
func openAndCollect(t *testing.T, b *browser, file string) []string {
	t.Helper()
	s, target, events := open(t, b, file)
	// A round trip on the page's session, after the load, lets its last
	// log entries arrive first.
	require.NoError(t, b.call(s, "Runtime.evaluate", map[string]any{"expression": "1"}, nil))
	events = append(events, b.drain()...)
	require.NoError(t, b.call("", "Target.closeTarget", map[string]any{"targetId": target}, nil))
	require.Zero(t, b.dropped.Load(), "events lost")
	return consoleErrors(events)
}

// render opens file in b, fails on a console error, writes it printed on
// A4 and on Letter (name-a4.pdf, name-letter.pdf) and a full-page PNG
// (name.png) in out, and returns what the DOM shows.
func render(t *testing.T, b *browser, file, out, name string) rendered {
	t.Helper()
	s, target, events := open(t, b, file)

	var eval struct {
		Result struct {
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails json.RawMessage `json:"exceptionDetails"`
	}
	require.NoError(t, b.call(s, "Runtime.evaluate", map[string]any{"expression": readDOM, "returnByValue": true}, &eval))
	require.Empty(t, eval.ExceptionDetails, "reading the DOM")
	var got rendered
	require.NoError(t, json.Unmarshal([]byte(eval.Result.Value), &got))

	for _, paper := range []struct {
		name          string
		width, height float64 // inches
	}{{"a4", 8.27, 11.69}, {"letter", 8.5, 11}} {
		var pdf struct {
			Data string `json:"data"`
		}
		require.NoError(t, b.call(s, "Page.printToPDF", map[string]any{
			"paperWidth": paper.width, "paperHeight": paper.height, "printBackground": true,
		}, &pdf))
		pdfBytes, err := base64.StdEncoding.DecodeString(pdf.Data)
		require.NoError(t, err)
		require.True(t, bytes.HasPrefix(pdfBytes, []byte("%PDF")), "the %s print is a PDF", paper.name)
		require.NoError(t, os.WriteFile(filepath.Join(out, name+"-"+paper.name+".pdf"), pdfBytes, 0o644))
	}

	var layout struct {
		CSSContentSize struct {
			Width, Height float64
		} `json:"cssContentSize"`
	}
	require.NoError(t, b.call(s, "Page.getLayoutMetrics", nil, &layout))
	var shot struct {
		Data string `json:"data"`
	}
	require.NoError(t, b.call(s, "Page.captureScreenshot", map[string]any{
		"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": layout.CSSContentSize.Width, "height": layout.CSSContentSize.Height, "scale": 1},
	}, &shot))
	pngBytes, err := base64.StdEncoding.DecodeString(shot.Data)
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(pngBytes))
	require.NoError(t, err, "the screenshot is a PNG")
	require.Greater(t, img.Bounds().Dy(), 900, "the page is longer than one screen")
	require.NoError(t, os.WriteFile(filepath.Join(out, name+".png"), pngBytes, 0o644))

	events = append(events, b.drain()...)
	require.Empty(t, consoleErrors(events), "console errors in %s", name)
	require.Zero(t, b.dropped.Load(), "events lost: a console error could be among them")
	require.NoError(t, b.call("", "Target.closeTarget", map[string]any{"targetId": target}, nil))
	return got
}

// TestReportInBrowser renders the quickstart's report and brief in
// headless Chromium: no console error (the page loads nothing from
// outside, and its content security policy would report it if it tried),
// every section there, and every chart drawn with marks and points.
// TANDEM_BROWSER_OUT keeps the PDFs and screenshots in a folder to look
// at.
func TestReportInBrowser(t *testing.T) {
	path := chromium(t)
	dir := t.TempDir()
	require.NoError(t, run(io.Discard, dir, false))
	out := os.Getenv("TANDEM_BROWSER_OUT")
	if out == "" {
		out = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(out, 0o755))
	b := startBrowser(t, path)

	got := render(t, b, filepath.Join(dir, "report.html"), out, "report")
	require.Contains(t, got.Title, "Bluebird Coffee Roasters")
	require.Subset(t, got.Sections, reportSections, "the report's sections")
	require.NotEmpty(t, got.Charts)
	for _, c := range got.Charts {
		n, err := strconv.Atoi(c.Points)
		require.NoError(t, err, "chart %q says how many points it draws", c.Label)
		require.Positive(t, n, "chart %q draws points", c.Label)
		require.Positive(t, c.Width, "chart %q has a width", c.Label)
		require.Positive(t, c.Height, "chart %q has a height", c.Label)
		require.Positive(t, c.Marks, "chart %q has marks", c.Label)
	}

	brief := render(t, b, filepath.Join(dir, briefFile+".html"), out, "brief")
	require.Subset(t, brief.Sections, briefSections, "the brief's sections")
	text, err := os.ReadFile(filepath.Join(dir, briefFile+".txt"))
	require.NoError(t, err)
	require.NotEmpty(t, text)
}

// TestBrowserCatchesConsoleErrors: the console check of TestReportInBrowser
// can fail. A page like the report's, with its content security policy,
// that tries to load an image from elsewhere gets a console error.
func TestBrowserCatchesConsoleErrors(t *testing.T) {
	path := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "loads.html")
	require.NoError(t, os.WriteFile(page, []byte(`<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>loads</title></head><body><section id="x"><img src="https://example.com/logo.png" alt=""></section></body></html>`), 0o644))
	b := startBrowser(t, path)
	errs := openAndCollect(t, b, page)
	require.NotEmpty(t, errs, "an image refused by the policy is a console error")
}
