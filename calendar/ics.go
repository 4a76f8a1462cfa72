package calendar

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/internal/civil"
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
// sequence, each line ended by CRLF. Every line is cut at least one octet
// in, so fold ends whatever s holds (invalid UTF-8 never reaches it from
// WriteICS, which validates or escapes every value, but a cut that stepped
// back to 0 would loop for ever).
func (w *icsWriter) fold(s string) {
	limit := icsMaxLine
	for len(s) > limit {
		cut := limit
		// Step back to the start of a UTF-8 sequence: at most 3 octets
		// in valid UTF-8.
		for cut > limit-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
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

// icsInstant formats a single instant (an entry's, a milestone's, a
// blackout's end): as 20060102T150405Z when t is in UTC or when its wall
// time occurs twice in its zone (either occurrence: RFC 5545 reads a TZID
// time in a repeated hour as the first, but ical.js, python-icalendar and
// libical read the second, so only UTC names the instant for every
// reader); otherwise as local time with a TZID parameter. civil.KindOf
// decides, as it does for WallClockShifts. Sub-second parts are dropped:
// iCalendar has whole seconds.
func icsInstant(t time.Time) (value string, params []string) {
	t = t.Truncate(time.Second)
	// WriteICS validated every zone; the name is all that is needed here.
	name := t.Location().String()
	if name == "UTC" || civil.KindOf(t) == civil.Repeated {
		return icsUTC(t), nil
	}
	return t.Format("20060102T150405"), []string{"TZID=" + name}
}

// icsWall formats a wall time of a routine's rule (seconds, read as UTC)
// in the routine's zone loc: with a TZID parameter, or with a Z in UTC. A
// rule's DTSTART must stay a wall time for the rule to keep its wall
// clock; its EXDATEs take the same form.
func icsWall(wall int64, loc *time.Location) (value string, params []string) {
	v := time.Unix(wall, 0).UTC().Format("20060102T150405")
	if name := loc.String(); name != "UTC" {
		return v, []string{"TZID=" + name}
	}
	return v + "Z", nil
}

// icsUTC formats t as a UTC DATE-TIME, 20060102T150405Z.
func icsUTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

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
