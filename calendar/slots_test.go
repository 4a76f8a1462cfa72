package calendar_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// routine builds a routine from RRULE text starting at start.
func routine(t *testing.T, key string, c channel.Channel, start time.Time, rule string) calendar.Routine {
	t.Helper()
	r, err := calendar.ParseRule(rule)
	require.NoError(t, err)
	rt := calendar.Routine{ID: idOf(key), Channel: c, Recurrence: calendar.Recurrence{Start: start, Rule: r}, Pillar: key, Owner: idOf("member/owner-" + key)}
	require.NoError(t, rt.Validate())
	return rt
}

func TestRoutine(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	r := routine(t, "ig", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=WEEKLY;BYDAY=MO,WE,FR")
	r.From = wall(madrid, 2026, 3, 25, 0, 0)
	r.Until = wall(madrid, 2026, 4, 4, 0, 0)
	require.NoError(t, r.Validate())
	var got []string
	for t := range r.Between(wall(madrid, 2026, 1, 1, 0, 0), wall(madrid, 2027, 1, 1, 0, 0)) {
		got = append(got, t.Format("Mon 01-02 15:04 -07"))
	}
	// 10:00 Madrid on both sides of the change on March 29.
	assert.Equal(t, []string{"Wed 03-25 10:00 +01", "Fri 03-27 10:00 +01", "Mon 03-30 10:00 +02", "Wed 04-01 10:00 +02", "Fri 04-03 10:00 +02"}, got)

	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"from":"2026-03-25T00:00:00","until":"2026-04-04T00:00:00"`)
	assert.Contains(t, string(b), `"zone":"Europe/Madrid"`)
	var back calendar.Routine
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.From.Equal(r.From) && back.Until.Equal(r.Until))
	assert.Equal(t, r.Recurrence.Rule.String(), back.Recurrence.Rule.String())
	assert.True(t, back.Recurrence.Start.Equal(r.Recurrence.Start))
	assert.Equal(t, r.Pillar, back.Pillar)

	err = json.Unmarshal([]byte(`{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","channel":"x","recurrence":{"start":"2026-03-02T10:00:00","zone":"Europe/Madrid","rule":"FREQ=WEEKLY;INTERVAL=0"}}`), &back)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "recurrence.rule.interval") || validation.Has(err, validation.CodeInvalid, "recurrence.rule.interval"), "%v", err)

	bad := r
	bad.ID = [16]byte{}
	bad.Channel = "fax"
	bad.Until = r.From.Add(-time.Hour)
	bad.Recurrence.Start = r.Recurrence.Start.Add(time.Millisecond).In(time.Local)
	err = bad.Validate()
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeRequired, "id"},
		{validation.CodeNotSupported, "channel"},
		{validation.CodeOrder, "until"},
		{validation.CodeInvalid, "recurrence.start"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s %s in %v", want.code, want.path, err)
	}
}

func TestSlots(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	ny := mustZone(t, "America/New_York")
	routines := []calendar.Routine{
		routine(t, "x-ny", channel.X, wall(ny, 2026, 3, 2, 5, 0), "FREQ=DAILY"), // 05:00 NY = 10:00 or 11:00 Madrid
		routine(t, "ig", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
		routine(t, "x-mad", channel.X, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=DAILY"),
	}
	w := calendar.Window{From: wall(madrid, 2026, 3, 6, 0, 0), To: wall(madrid, 2026, 3, 10, 0, 0)}
	seq, err := calendar.Slots(routines, nil, w)
	require.NoError(t, err)
	var got []string
	for s := range seq {
		got = append(got, s.At.In(madrid).Format("01-02 15:04")+" "+string(s.Channel)+" "+s.Pillar)
		assert.Equal(t, idOf("member/owner-"+s.Pillar), s.Owner)
	}
	// New York moves its clocks on March 8, Madrid on March 29: 05:00 in
	// New York is 11:00 in Madrid until March 7, then 10:00, when it ties
	// with the Madrid routine. Ties: channel order (instagram before x),
	// then routine ID.
	tie := []string{"x-mad", "x-ny"}
	if idOf("x-ny").String() < idOf("x-mad").String() {
		tie = []string{"x-ny", "x-mad"}
	}
	assert.Equal(t, []string{
		"03-06 10:00 instagram ig",
		"03-06 10:00 x x-mad",
		"03-06 11:00 x x-ny",
		"03-07 10:00 x x-mad",
		"03-07 11:00 x x-ny",
		"03-08 10:00 x " + tie[0],
		"03-08 10:00 x " + tie[1],
		"03-09 10:00 instagram ig",
		"03-09 10:00 x " + tie[0],
		"03-09 10:00 x " + tie[1],
	}, got)

	// Stopping early is allowed.
	n := 0
	for range seq {
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)

	_, err = calendar.Slots(routines, nil, calendar.Window{From: w.To, To: w.From})
	assert.True(t, validation.Has(err, validation.CodeOrder, "to"), "%v", err)
	empty, err := calendar.Slots(nil, nil, w)
	require.NoError(t, err)
	for range empty {
		t.Fatal("no routines, no slots")
	}
}

// TestSlotsManyRoutines checks the merge against a plain sort on routines
// long enough to need several refills of each routine's buffer.
func TestSlotsManyRoutines(t *testing.T) {
	zones := []string{"Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham"}
	rules := []string{"FREQ=DAILY;BYHOUR=9,13,18", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=HOURLY;INTERVAL=7", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1"}
	var routines []calendar.Routine
	for i := range 40 {
		loc := mustZone(t, zones[i%len(zones)])
		routines = append(routines, routine(t, "m"+string(rune('a'+i)), channel.All()[i%4], wall(loc, 2026, 1, 1+i%5, 8, i), rules[i%len(rules)]))
	}
	w := calendar.Window{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	seq, err := calendar.Slots(routines, nil, w)
	require.NoError(t, err)
	count := 0
	var last time.Time
	for s := range seq {
		require.False(t, s.At.Before(last))
		last = s.At
		count++
	}
	want := 0
	for _, r := range routines {
		for range r.Between(w.From, w.To) {
			want++
		}
	}
	assert.Equal(t, want, count)
	assert.Greater(t, count, 10000)
}

// TestSlotsSkipBlackouts: a routine slot inside a blackout that applies to
// its channel is not published. Slots leaves it out; SkippedSlots yields
// it with the blackout that skips it (the first, in the order given); a
// blackout on other channels skips nothing; a slot at the blackout's end
// is not in it.
func TestSlotsSkipBlackouts(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	ny := mustZone(t, "America/New_York")
	routines := []calendar.Routine{
		routine(t, "ig", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=DAILY"),
		routine(t, "x-ny", channel.X, wall(ny, 2026, 3, 2, 9, 0), "FREQ=DAILY"), // 15:00 or 14:00 Madrid
		routine(t, "li", channel.LinkedIn, wall(madrid, 2026, 3, 2, 12, 0), "FREQ=DAILY"),
	}
	blackouts := []calendar.Blackout{
		// Three Madrid days (the 28th to the 30th, across the DST change)
		// on every channel.
		calendar.NewDayBlackout(calendar.LocalDate{Year: 2026, Month: 3, Day: 28}, calendar.LocalDate{Year: 2026, Month: 3, Day: 30}, madrid, "national mourning"),
		// Overlaps the first on X only: the first, in the order given, wins.
		{From: wall(madrid, 2026, 3, 29, 0, 0), To: wall(madrid, 2026, 3, 29, 23, 0), Reason: "x outage", Channels: []channel.Channel{channel.X}},
		// Instagram only, ending exactly at the 10:00 slot of the 26th.
		{From: wall(madrid, 2026, 3, 25, 0, 0), To: wall(madrid, 2026, 3, 26, 10, 0), Reason: "reel shoot", Channels: []channel.Channel{channel.Instagram}},
		// A LinkedIn-only blackout that the X routine's 25th slot is in.
		{From: wall(madrid, 2026, 3, 25, 13, 0), To: wall(madrid, 2026, 3, 25, 16, 0), Reason: "li", Channels: []channel.Channel{channel.LinkedIn}},
	}
	w := calendar.Window{From: wall(madrid, 2026, 3, 25, 0, 0), To: wall(madrid, 2026, 4, 1, 0, 0)}
	seq, err := calendar.Slots(routines, blackouts, w)
	require.NoError(t, err)
	var kept []string
	for s := range seq {
		kept = append(kept, s.At.In(madrid).Format("01-02 15:04")+" "+s.Pillar)
	}
	assert.Equal(t, []string{
		"03-25 12:00 li", "03-25 14:00 x-ny",
		"03-26 10:00 ig", "03-26 12:00 li", "03-26 14:00 x-ny",
		"03-27 10:00 ig", "03-27 12:00 li", "03-27 14:00 x-ny",
		"03-31 10:00 ig", "03-31 12:00 li", "03-31 15:00 x-ny",
	}, kept)

	skippedSeq, err := calendar.SkippedSlots(routines, blackouts, w)
	require.NoError(t, err)
	var skipped []string
	for s := range skippedSeq {
		skipped = append(skipped, s.Slot.At.In(madrid).Format("01-02 15:04")+" "+s.Slot.Pillar+": "+s.Blackout.Reason)
	}
	assert.Equal(t, []string{
		"03-25 10:00 ig: reel shoot",
		"03-28 10:00 ig: national mourning", "03-28 12:00 li: national mourning", "03-28 14:00 x-ny: national mourning",
		"03-29 10:00 ig: national mourning", "03-29 12:00 li: national mourning", "03-29 15:00 x-ny: national mourning",
		"03-30 10:00 ig: national mourning", "03-30 12:00 li: national mourning", "03-30 15:00 x-ny: national mourning",
	}, skipped)

	// Kept and skipped together are every slot, once.
	all, err := calendar.Slots(routines, nil, w)
	require.NoError(t, err)
	n := 0
	for range all {
		n++
	}
	assert.Equal(t, n, len(kept)+len(skipped))

	// Blackouts are validated.
	_, err = calendar.Slots(routines, []calendar.Blackout{{From: w.To, To: w.From}}, w)
	assert.True(t, validation.Has(err, validation.CodeOrder, "blackouts[0].to"), "%v", err)
	_, err = calendar.SkippedSlots(routines, []calendar.Blackout{{From: w.From, To: w.To, Channels: []channel.Channel{"fax"}}}, w)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "blackouts[0].channels[0]"), "%v", err)
}

// TestSlotsBlackoutsMatchCovers: with many routines and blackouts, a slot
// is left out exactly when some blackout covers it, and SkippedSlots names
// the first that does.
func TestSlotsBlackoutsMatchCovers(t *testing.T) {
	zones := []string{"Europe/Madrid", "America/New_York", "Australia/Lord_Howe"}
	var routines []calendar.Routine
	for i := range 12 {
		loc := mustZone(t, zones[i%len(zones)])
		routines = append(routines, routine(t, fmt.Sprint("cov", i), channel.All()[i%3], wall(loc, 2026, 1, 1, 7+i, 0), "FREQ=DAILY;BYHOUR=9,13,18"))
	}
	madrid := mustZone(t, "Europe/Madrid")
	var blackouts []calendar.Blackout
	for i := range 30 {
		from := wall(madrid, 2026, 1, 1, 0, 0).Add(time.Duration(i*i*7919%(300*24)) * time.Hour)
		b := calendar.Blackout{From: from, To: from.Add(time.Duration(1+i%9) * 11 * time.Hour), Reason: fmt.Sprint("b", i)}
		if i%3 > 0 {
			b.Channels = []channel.Channel{channel.All()[i%4]}
		}
		blackouts = append(blackouts, b)
	}
	w := calendar.Window{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	first := func(s calendar.Slot) int {
		for i, b := range blackouts {
			if b.Covers(s.Channel, s.At) {
				return i
			}
		}
		return -1
	}
	all, err := calendar.Slots(routines, nil, w)
	require.NoError(t, err)
	var wantKept, wantSkipped []string
	for s := range all {
		key := s.At.UTC().Format(time.RFC3339) + " " + s.Pillar
		if i := first(s); i >= 0 {
			wantSkipped = append(wantSkipped, key+" "+blackouts[i].Reason)
		} else {
			wantKept = append(wantKept, key)
		}
	}
	kept, err := calendar.Slots(routines, blackouts, w)
	require.NoError(t, err)
	var gotKept []string
	for s := range kept {
		gotKept = append(gotKept, s.At.UTC().Format(time.RFC3339)+" "+s.Pillar)
	}
	skipped, err := calendar.SkippedSlots(routines, blackouts, w)
	require.NoError(t, err)
	var gotSkipped []string
	for s := range skipped {
		gotSkipped = append(gotSkipped, s.Slot.At.UTC().Format(time.RFC3339)+" "+s.Slot.Pillar+" "+s.Blackout.Reason)
	}
	assert.Equal(t, wantKept, gotKept)
	assert.Equal(t, wantSkipped, gotSkipped)
	assert.Greater(t, len(wantSkipped), 200)
}

// SkippedSlots expands the routines only where the blackouts are: two
// one-day blackouts five centuries apart cost two days of minutely slots
// (2,880), not the 260 million minutes between them. The limit is
// generous; the walk takes milliseconds.
func TestSkippedSlotsCostFollowsTheBlackouts(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	r := routine(t, "every-minute", channel.X, wall(madrid, 2026, 1, 1, 0, 0), "FREQ=MINUTELY")
	day := func(y int) calendar.Blackout {
		return calendar.Blackout{From: wall(madrid, y, 3, 2, 0, 0), To: wall(madrid, y, 3, 3, 0, 0), Reason: fmt.Sprint(y)}
	}
	blackouts := []calendar.Blackout{day(2527), day(2027)}
	w := calendar.Window{From: wall(madrid, 2026, 1, 1, 0, 0), To: wall(madrid, 2600, 1, 1, 0, 0)}
	done := make(chan int, 1)
	go func() {
		seq, err := calendar.SkippedSlots([]calendar.Routine{r}, blackouts, w)
		if err != nil {
			done <- -1
			return
		}
		n := 0
		for range seq {
			n++
		}
		done <- n
	}()
	select {
	case n := <-done:
		assert.Equal(t, 2*24*60, n)
	case <-time.After(60 * time.Second):
		t.Fatal("SkippedSlots walked the whole window, not the blackouts")
	}
}

func TestSkippedSlotJSON(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	r := routine(t, "ig", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "FREQ=DAILY")
	b := calendar.NewDayBlackout(calendar.LocalDate{Year: 2026, Month: 3, Day: 3}, calendar.LocalDate{Year: 2026, Month: 3, Day: 3}, madrid, "mourning")
	seq, err := calendar.SkippedSlots([]calendar.Routine{r}, []calendar.Blackout{b}, calendar.Window{From: r.Recurrence.Start, To: r.Recurrence.Start.AddDate(0, 0, 7)})
	require.NoError(t, err)
	var got []calendar.SkippedSlot
	for s := range seq {
		got = append(got, s)
	}
	require.Len(t, got, 1)
	data, err := json.Marshal(got[0])
	require.NoError(t, err)
	assert.Contains(t, string(data), `"slot":{"at":"2026-03-03T10:00:00","zone":"Europe/Madrid"`)
	assert.Contains(t, string(data), `"blackout":{"from":"2026-03-03T00:00:00","to":"2026-03-04T00:00:00","zone":"Europe/Madrid","reason":"mourning"}`)
	var back calendar.SkippedSlot
	require.NoError(t, json.Unmarshal(data, &back))
	assert.True(t, back.Slot.At.Equal(got[0].Slot.At))
	assert.Equal(t, "mourning", back.Blackout.Reason)
}

// BenchmarkSlotsBlackouts merges 100 routines over a year with and
// without 50 blackouts (a day each, half of them on one channel): the
// sweep adds a check against the blackouts in effect, nothing per
// blackout outside them.
func BenchmarkSlotsBlackouts(b *testing.B) {
	madrid := mustZone(b, "Europe/Madrid")
	var routines []calendar.Routine
	for i := range 100 {
		rule, err := calendar.ParseRule("FREQ=DAILY;BYHOUR=9,13,18")
		require.NoError(b, err)
		routines = append(routines, calendar.Routine{ID: idOf(fmt.Sprint("bench", i)), Channel: channel.All()[i%4],
			Recurrence: calendar.Recurrence{Start: wall(madrid, 2026, 1, 1, 9, i%60), Rule: rule}})
	}
	var blackouts []calendar.Blackout
	for i := range 50 {
		d := calendar.LocalDate{Year: 2026, Month: 1, Day: 1}.AddDays(i * 7)
		bo := calendar.NewDayBlackout(d, d, madrid, fmt.Sprint("b", i))
		if i%2 == 1 {
			bo.Channels = []channel.Channel{channel.Instagram}
		}
		blackouts = append(blackouts, bo)
	}
	w := calendar.Window{From: wall(madrid, 2026, 1, 1, 0, 0), To: wall(madrid, 2027, 1, 1, 0, 0)}
	for _, bb := range []struct {
		name      string
		blackouts []calendar.Blackout
	}{{"none", nil}, {"50", blackouts}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				seq, _ := calendar.Slots(routines, bb.blackouts, w)
				for range seq {
				}
			}
		})
	}
}
