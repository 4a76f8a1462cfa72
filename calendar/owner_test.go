package calendar_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// Owners are team member IDs (strategy.Member.ID): they round-trip
// through JSON, are left out when nobody is named, and a name where an ID
// belongs does not decode.
func TestOwnersAreMemberIDs(t *testing.T) {
	cal := sampleCalendar(t)
	r := roundTrip(t, cal.Routines[0])
	assert.Equal(t, ana, r.Owner)
	e := cal.Entries[0]
	e.Owner = bea
	assert.Equal(t, bea, roundTrip(t, e).Owner)
	assert.NotContains(t, mustMarshal(t, cal.Entries[1]), `"owner"`, "an entry without an owner")
	assert.NotContains(t, mustMarshal(t, cal.Routines[2]), `"owner"`, "a routine without an owner")

	madrid := cal.Routines[0].Location()
	slots, err := calendar.Slots(cal.Routines[:1], nil, calendar.Window{From: wall(madrid, 2026, 1, 5, 0, 0), To: wall(madrid, 2026, 1, 6, 0, 0)})
	require.NoError(t, err)
	var first calendar.Slot
	for s := range slots {
		first = s
		break
	}
	assert.Equal(t, ana, roundTrip(t, first).Owner, "a slot carries its routine's owner")
	d := roundTrip(t, calendar.Draft{ID: idOf("draft"), Channel: channel.Instagram, Text: "t", Owner: bea})
	assert.Equal(t, bea, d.Owner)

	for _, c := range []struct {
		name string
		into any
		json string
	}{
		{"routine", &calendar.Routine{}, strings.Replace(mustMarshal(t, cal.Routines[0]), `"owner":"`+ana.String()+`"`, `"owner":"ana"`, 1)},
		{"entry", &calendar.Entry{}, `{"id":"` + idOf("e").String() + `","channel":"x","status":"draft","owner":"Ana García"}`},
		{"slot", &calendar.Slot{}, `{"at":"2026-01-05T10:00:00","zone":"Europe/Madrid","channel":"x","routineId":"` + idOf("r").String() + `","owner":"ana"}`},
		{"draft", &calendar.Draft{}, `{"id":"` + idOf("d").String() + `","channel":"x","text":"t","owner":""}`},
	} {
		assert.Error(t, json.Unmarshal([]byte(c.json), c.into), c.name)
	}
}

// The .ics export prints a routine's owner by the name the options give,
// by ID when they give none.
func TestWriteICSOwnerNames(t *testing.T) {
	cal := sampleCalendar(t)
	ics := func(opts *calendar.ICSOptions) string {
		var buf bytes.Buffer
		require.NoError(t, calendar.WriteICS(&buf, cal, icsStamp, opts))
		return strings.Join(unfold(buf.String()), "\n")
	}
	named := ics(&calendar.ICSOptions{Names: map[uuid.UUID]string{ana: "Ana García", bea: "Bea, PR"}})
	assert.Contains(t, named, `Format: reel\nOwner: Ana García`)
	assert.Contains(t, named, `Owner: Bea\, PR`, "a name is escaped as any text")
	bare := ics(nil)
	assert.Contains(t, bare, `Owner: `+ana.String())
	assert.NotContains(t, bare, "Owner: ana")

	var buf bytes.Buffer
	err := calendar.WriteICS(&buf, cal, icsStamp, &calendar.ICSOptions{Names: map[uuid.UUID]string{ana: "Ana\x07", bea: "Bea\xff"}})
	assert.True(t, validation.Has(err, validation.CodeInvalid, "options.names["+ana.String()+"]"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "options.names["+bea.String()+"]"), "%v", err)
	assert.Zero(t, buf.Len())
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// A routine with no instance is not written, and the routines after it
// keep their own UID, pillar and owner.
func TestWriteICSSkipsEmptyRoutineOnly(t *testing.T) {
	cal := sampleCalendar(t)
	empty := cal.Routines[0]
	empty.ID, empty.Pillar, empty.Owner = idOf("routine-empty"), "never", bea
	empty.Until = empty.Recurrence.Start.Add(-time.Hour)
	require.NoError(t, empty.Validate())
	cal.Routines = append([]calendar.Routine{empty}, cal.Routines...)
	var buf bytes.Buffer
	require.NoError(t, calendar.WriteICS(&buf, cal, icsStamp, &calendar.ICSOptions{Names: teamNames}))
	ics := strings.Join(unfold(buf.String()), "\n")
	assert.NotContains(t, ics, idOf("routine-empty").String())
	assert.NotContains(t, ics, "never")
	assert.Equal(t, writeSample(t, sampleCalendar(t)), buf.String(), "the same file as without the empty routine")
}
