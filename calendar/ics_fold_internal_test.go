package calendar

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// fold always ends, even on bytes that are not UTF-8: a cut that steps
// back to the start of a rune must not step back to 0 (it used to, and
// looped for ever while the buffer grew).
func TestFoldEndsOnInvalidUTF8(t *testing.T) {
	for _, s := range []string{
		"URL:" + strings.Repeat("\x80", 200),
		strings.Repeat("\xff", 300),
		strings.Repeat("é", 100) + strings.Repeat("\x80", 80),
	} {
		done := make(chan string, 1)
		go func() {
			var w icsWriter
			w.fold(s)
			done <- w.buf.String()
		}()
		select {
		case out := <-done:
			for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
				assert.LessOrEqual(t, len(line), icsMaxLine, "%q", line)
			}
			assert.Equal(t, s, strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""), "nothing lost")
		case <-time.After(10 * time.Second): // generous: it takes microseconds
			t.Fatalf("fold does not end on %q", s[:10])
		}
	}
	var w icsWriter
	w.fold(strings.Repeat("é", 100))
	for _, line := range strings.Split(w.buf.String(), "\r\n") {
		assert.True(t, utf8.ValidString(line), "valid UTF-8 is never split: %q", line)
	}
}

// Values that WriteICS writes without escaping are refused when they are
// not UTF-8, before anything is written.
func TestICSRefusesInvalidUTF8(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	e := Entry{ID: [16]byte{1}, Channel: channel.X, At: Date(2027, 1, 4, 10, 0, 0, 0, madrid), Text: "hi",
		Link: "https://example.com/" + strings.Repeat("\x80", 100), Status: StatusApproved}
	assert.True(t, validation.Has(e.Validate(), validation.CodeInvalid, "link"))
	var b strings.Builder
	err = WriteICS(&b, Calendar{Entries: []Entry{e}}, madridStamp(madrid), nil)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "calendar.entries[0].link"), "%v", err)

	e.Link = ""
	err = WriteICS(&b, Calendar{Entries: []Entry{e}}, madridStamp(madrid), &ICSOptions{Domain: "ex\x80ample.com"})
	assert.True(t, validation.Has(err, validation.CodeInvalid, "options.domain"), "%v", err)
}

func madridStamp(loc *time.Location) time.Time { return Date(2027, 1, 1, 9, 0, 0, 0, loc) }
