package calendar_test

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// TestYearBounds: an instant outside the years MinYear to MaxYear (in
// any zone) is refused by Validate with out_of_range at its field, for
// every type that carries one; the instants at the edges of the range
// validate, and their JSON and .ics read back.
func TestYearBounds(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	kiritimati := mustZone(t, "Pacific/Kiritimati") // UTC+14
	pago := mustZone(t, "Pacific/Pago_Pago")        // UTC-11
	for _, c := range []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"year 10000", time.Date(10000, 1, 1, 10, 0, 0, 0, madrid), false},
		{"year -5000", time.Date(-5000, 1, 1, 10, 0, 0, 0, madrid), false},
		{"year 0", time.Date(0, 6, 1, 10, 0, 0, 0, madrid), false},
		{"9999 local, 10000 nowhere but +14 days", time.Date(9999, 12, 31, 20, 0, 0, 0, time.UTC), false},
		{"0001 local, year 0 in UTC", time.Date(1, 1, 1, 5, 0, 0, 0, kiritimati), false},
		{"last day of 9999 in Pago Pago", time.Date(9999, 12, 30, 10, 0, 0, 0, pago), true},
		{"late in 9999", time.Date(9999, 12, 30, 0, 0, 0, 0, madrid), true},
		{"early in 0001", time.Date(1, 1, 2, 12, 0, 0, 0, time.UTC), true},
		{"2027", time.Date(2027, 1, 1, 10, 0, 0, 0, madrid), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			check := func(err error, path string) {
				t.Helper()
				if c.ok {
					assert.NoError(t, err, path)
				} else {
					assert.True(t, validation.Has(err, validation.CodeOutOfRange, path), "%s: %v", path, err)
				}
			}
			e := withMedia(calendar.Entry{ID: idOf("e"), Channel: channel.Instagram, At: c.at, Status: calendar.StatusDraft})
			check(e.Validate(), "at")
			m := calendar.Milestone{ID: idOf("m"), Name: "launch", At: c.at}
			check(m.Validate(), "at")
			// A span with c.at at the end that is near the edge.
			from, to, end := c.at.Add(-48*time.Hour), c.at, "to"
			if c.at.Year() < 5 {
				from, to, end = c.at, c.at.Add(48*time.Hour), "from"
			}
			check(calendar.Blackout{From: from, To: to, Reason: "x"}.Validate(), end)
			check(calendar.Window{From: from, To: to}.Validate(), end)
			r := calendar.Routine{ID: idOf("r"), Channel: channel.Instagram, Recurrence: calendar.Recurrence{Start: c.at.Truncate(time.Second)}}
			check(r.Validate(), "recurrence.start")
			r.Recurrence.RDates = []time.Time{c.at}
			r.Recurrence.ExDates = []time.Time{c.at}
			check(r.Recurrence.Validate(), "rdates[0]")
			check(r.Recurrence.Validate(), "exdates[0]")
			if !c.ok {
				return
			}
			// What validates reads back, in JSON and in the .ics.
			cal := calendar.Calendar{Routines: []calendar.Routine{r}, Entries: []calendar.Entry{e}, Milestones: []calendar.Milestone{m},
				Blackouts: []calendar.Blackout{{From: from, To: to, Reason: "x"}}}
			b, err := json.Marshal(cal)
			require.NoError(t, err)
			var back calendar.Calendar
			require.NoError(t, json.Unmarshal(b, &back), string(b))
			assert.True(t, back.Entries[0].At.Equal(c.at))
			var buf bytes.Buffer
			require.NoError(t, calendar.WriteICS(&buf, cal, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), nil))
			for _, line := range bytes.Split(buf.Bytes(), []byte("\r\n")) {
				if i := bytes.IndexByte(line, ':'); i > 0 && bytes.HasPrefix(line, []byte("DT")) {
					v := line[i+1:]
					assert.True(t, len(v) == 8 || len(v) == 15 || len(v) == 16, "%s", line)
				}
			}
		})
	}
}

// TestWriteICSZoneSpan: one entry in 9999 beside one in 2027 adds the
// observances around 9999, not the eight thousand years between: the
// VTIMEZONE's size follows the dated elements, not their span.
func TestWriteICSZoneSpan(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	near := withMedia(calendar.Entry{ID: idOf("near"), Channel: channel.Instagram, At: wall(madrid, 2027, 5, 1, 10, 0), Status: calendar.StatusDraft})
	far := near
	far.ID, far.At = idOf("far"), wall(madrid, 9999, 5, 1, 10, 0)
	size := func(entries ...calendar.Entry) int {
		var buf bytes.Buffer
		require.NoError(t, calendar.WriteICS(&buf, calendar.Calendar{Entries: entries}, stamp, nil))
		return bytes.Count(buf.Bytes(), []byte("BEGIN:DAYLIGHT")) + bytes.Count(buf.Bytes(), []byte("BEGIN:STANDARD"))
	}
	one := size(near)
	two := size(near, far)
	assert.Less(t, two, 2*one+4, "observances: %d for one entry, %d with one in 9999", one, two)
}

// TestWriteICSEntryEnd: an entry whose event would end after the years
// (PostDuration past 9999-12-30 UTC) is refused at its path.
func TestWriteICSEntryEnd(t *testing.T) {
	e := withMedia(calendar.Entry{ID: idOf("late"), Channel: channel.Instagram, At: time.Date(9999, 12, 30, 12, 0, 0, 0, time.UTC), Status: calendar.StatusDraft})
	err := calendar.WriteICS(io.Discard, calendar.Calendar{Entries: []calendar.Entry{e}}, e.At, &calendar.ICSOptions{PostDuration: calendar.Duration(24 * time.Hour)})
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "calendar.entries[0].at"), "%v", err)
	assert.NoError(t, calendar.WriteICS(io.Discard, calendar.Calendar{Entries: []calendar.Entry{e}}, e.At, nil))
}
