package calendar

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds the RFC 5545 content-line writer used by WriteICS:
// escaping of TEXT values, folding at 75 octets, CRLF line ends.

// icsMaxLine is the longest content line, in octets, without its CRLF
// (RFC 5545 §3.1).
const icsMaxLine = 75

// icsWriter collects content lines.
type icsWriter struct {
	buf bytes.Buffer
}

// line writes one content line "name[;param…]:value", folded. value must
// already be escaped for its type; params are written as given.
func (w *icsWriter) line(name string, value string, params ...string) {
	var b strings.Builder
	b.WriteString(name)
	for _, p := range params {
		b.WriteByte(';')
		b.WriteString(p)
	}
	b.WriteByte(':')
	b.WriteString(value)
	w.fold(b.String())
}

// text writes a property whose value is TEXT, escaped.
func (w *icsWriter) text(name, value string) { w.line(name, escapeText(value)) }

// fold writes s as one logical line: at most 75 octets per physical line,
// continuation lines starting with one space, never splitting a UTF-8
// sequence, each line ended by CRLF.
func (w *icsWriter) fold(s string) {
	limit := icsMaxLine
	for len(s) > limit {
		cut := limit
		// Step back to the start of a UTF-8 sequence.
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = icsMaxLine - 1 // the leading space counts
	}
	w.buf.WriteString(s)
	w.buf.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon
// and comma get a backslash; every line break (CRLF, CR or LF) becomes \n.
// Other control characters, which a content line cannot carry, become
// U+FFFD, as does invalid UTF-8.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == ';':
			b.WriteString(`\;`)
		case c == ',':
			b.WriteString(`\,`)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			b.WriteString("\uFFFD")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// icsDateTime formats t for DTSTART and friends: a UTC instant as
// 20060102T150405Z; any other instant as local time with a TZID parameter,
// or as UTC when the local wall time would name another instant (the
// second occurrence of a repeated wall time). Sub-second parts are dropped:
// iCalendar has whole seconds.
func icsDateTime(t time.Time) (value string, params []string) {
	t = t.Truncate(time.Second)
	// WriteICS validated every zone; the name is all that is needed here.
	name := t.Location().String()
	if name == "UTC" {
		return t.UTC().Format("20060102T150405Z"), nil
	}
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	if !Date(y, m, d, h, mi, s, 0, t.Location()).Equal(t) {
		return t.UTC().Format("20060102T150405Z"), nil
	}
	return t.Format("20060102T150405"), []string{"TZID=" + name}
}

// icsDuration formats a non-negative duration as an exact RFC 5545
// DURATION in hours, minutes and seconds (PT1H30M, PT0S); days are left
// out because P1D means a nominal day, which DST can make 23 or 25 hours.
func icsDuration(d time.Duration) string {
	d = d.Truncate(time.Second)
	if d <= 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("PT")
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
		d -= m * time.Minute
	}
	if s := d / time.Second; s > 0 {
		fmt.Fprintf(&b, "%dS", s)
	}
	return b.String()
}
