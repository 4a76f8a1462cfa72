package report

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// svgNS is the SVG namespace every chart declares, so that each one is a
// standalone document as well as an inline element of the page.
const svgNS = "http://www.w3.org/2000/svg"

// canvas builds one SVG document. Every text and attribute value goes
// through esc: user text never reaches the output unescaped.
type canvas struct {
	b    strings.Builder
	w, h float64
	// id prefixes the ids of the chart's patterns, so that several charts
	// on one page do not share them.
	id string
}

// newCanvas opens an <svg> of w × h user units with its <title> and
// <desc>, and the fill patterns the charts use for greyscale-safe areas.
func newCanvas(id string, w, h float64, title, desc string) *canvas {
	c := &canvas{w: w, h: h, id: id}
	c.raw(`<svg xmlns="` + svgNS + `" viewBox="0 0 ` + num(w) + " " + num(h) + `" width="` + num(w) + `" height="` + num(h) +
		`" role="img" aria-labelledby="` + id + `-title ` + id + `-desc" class="chart-svg" font-family="sans-serif" font-size="11">`)
	c.raw(`<title id="` + id + `-title">`)
	c.text(title)
	c.raw(`</title><desc id="` + id + `-desc">`)
	c.text(desc)
	c.raw(`</desc><defs>`)
	// Hatching for tolerance and blackouts, cross-hatching for pauses,
	// dots for missing data: patterns, not hue, tell the areas apart.
	c.raw(`<pattern id="` + id + `-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
		`<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="2"/></pattern>`)
	c.raw(`<pattern id="` + id + `-cross" width="6" height="6" patternUnits="userSpaceOnUse">` +
		`<rect width="6" height="6" fill="#ffffff"/><path d="M0 0L6 6M6 0L0 6" stroke="#404040" stroke-width="1"/></pattern>`)
	c.raw(`<pattern id="` + id + `-dots" width="5" height="5" patternUnits="userSpaceOnUse">` +
		`<rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="0.9" fill="#9a9a9a"/></pattern>`)
	c.raw(`</defs>`)
	c.el("rect", "x", "0", "y", "0", "width", num(w), "height", num(h), "fill", "#ffffff")
	return c
}

// pattern returns the url() of one of the canvas's patterns: "hatch",
// "cross" or "dots".
func (c *canvas) pattern(name string) string { return "url(#" + c.id + "-" + name + ")" }

func (c *canvas) raw(s string) { c.b.WriteString(s) }

// text writes s escaped as XML character data.
func (c *canvas) text(s string) { c.b.WriteString(esc(s)) }

// attrs writes name="value" pairs; the names are the package's own, the
// values are escaped.
func (c *canvas) attrs(kv []string) {
	for i := 0; i+1 < len(kv); i += 2 {
		c.b.WriteString(" " + kv[i] + `="` + esc(kv[i+1]) + `"`)
	}
}

// el writes an empty element.
func (c *canvas) el(tag string, kv ...string) {
	c.b.WriteString("<" + tag)
	c.attrs(kv)
	c.b.WriteString("/>")
}

// open starts an element; close ends it.
func (c *canvas) open(tag string, kv ...string) {
	c.b.WriteString("<" + tag)
	c.attrs(kv)
	c.b.WriteString(">")
}

func (c *canvas) close(tag string) { c.b.WriteString("</" + tag + ">") }

// label writes a <text> element at (x, y).
func (c *canvas) label(x, y float64, s string, kv ...string) {
	c.open("text", append([]string{"x", num(x), "y", num(y)}, kv...)...)
	c.text(s)
	c.close("text")
}

// tip writes a <title> child: the tooltip of the element it is in.
func (c *canvas) tip(s string) {
	c.raw("<title>")
	c.text(s)
	c.raw("</title>")
}

// message writes a sentence in the middle of the canvas: what a chart
// shows when it has nothing to draw.
func (c *canvas) message(s string) {
	c.label(c.w/2, c.h/2, s, "text-anchor", "middle", "font-size", "13", "fill", "#333333")
}

// String closes the document and returns it.
func (c *canvas) String() string { return c.b.String() + "</svg>" }

// esc escapes s for XML text and attribute values. Invalid UTF-8 and
// characters XML cannot hold become U+FFFD, so the output always parses.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(clean(s)))
	return b.String()
}

// clean returns s as valid UTF-8 without the control characters XML 1.0
// and HTML forbid (tab and newline become spaces).
func clean(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, badRune) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case badRune(r):
			return '\uFFFD'
		}
		return r
	}, s)
}

func badRune(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0) || (r >= 0xD800 && r <= 0xDFFF) || r == 0xFFFE || r == 0xFFFF
}

// num prints a coordinate with one decimal. NaN and infinities, which
// must never reach an SVG, print as 0; the scales clamp before this.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}
