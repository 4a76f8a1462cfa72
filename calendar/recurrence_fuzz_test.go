package calendar_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

var fuzzRules = []string{
	"FREQ=DAILY;COUNT=10",
	"RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
	"FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
	"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
	"FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
	"FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200",
	"FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
	"FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
	"FREQ=HOURLY;INTERVAL=24;BYHOUR=5",
	"FREQ=SECONDLY;INTERVAL=7;BYSECOND=0,30;BYMINUTE=0",
	"FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0",
	"freq=yearly;bymonth=2;bymonthday=-1;byhour=2;byminute=30",
}

// FuzzParseRule: ParseRule never panics, and whatever it accepts prints
// back to text that parses to the same Rule and prints the same.
func FuzzParseRule(f *testing.F) {
	for _, s := range fuzzRules {
		f.Add(s)
	}
	f.Add("FREQ=DAILY;;BYDAY=+53MO")
	f.Add("FREQ=YEARLY;BYSETPOS=-366;BYYEARDAY=-366")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := calendar.ParseRule(s)
		if err != nil {
			return
		}
		require.NoError(t, r.Validate())
		text := r.String()
		again, err := calendar.ParseRule(text)
		require.NoError(t, err, "printed %q from %q", text, s)
		require.Equal(t, r, again)
		require.Equal(t, text, again.String())
	})
}

var fuzzZones = []string{"America/New_York", "Europe/Madrid", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "UTC"}

// FuzzBetween: Between never panics and always ends; its instances are
// strictly increasing, inside the window and in the start's location; and
// splitting the window in two gives the same instants. Windows are kept to
// a few thousand instances so that each run is quick.
func FuzzBetween(f *testing.F) {
	for i, s := range fuzzRules {
		f.Add(s, uint8(i), int64(i)*7919*86400, int32(-3600*i), uint32(86400*30*(i+1)), uint16(i*5000), int32(86400*i))
	}
	f.Add("FREQ=DAILY;BYHOUR=2,3;BYMINUTE=30", uint8(1), int64(1806364800-86400*3), int32(-3600), uint32(86400*30), uint16(9000), int32(0))
	f.Fuzz(func(t *testing.T, text string, zone uint8, startOff int64, fromOff int32, length uint32, frac uint16, extra int32) {
		rule, err := calendar.ParseRule(text)
		if err != nil {
			return
		}
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		require.NoError(t, err)
		// Starts from 1970 to about 2096, on whole seconds; windows up to
		// 400 days long, starting up to 60 days either side of the start.
		base := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		start := time.Unix(base+int64(uint64(startOff)%(4_000_000_000)), 0).In(loc)
		from := start.Add(time.Duration(int64(fromOff)%(60*86400)) * time.Second)
		to := from.Add(time.Duration(int64(length)%(400*86400)) * time.Second)
		rec := calendar.Recurrence{Start: start, Rule: rule}
		if gap := (calendar.Recurrence{Start: start, Rule: rule, StartInGap: true}); frac%2 == 1 && gap.Validate() == nil {
			rec = gap // a start written inside a DST gap
		}
		if extra != 0 {
			x := start.Add(time.Duration(extra) * time.Second)
			rec.RDates = []time.Time{x, x}
			rec.ExDates = []time.Time{start.Add(time.Duration(extra/2) * time.Second)}
		}

		const limit = 3000
		var all []time.Time
		for x := range rec.Between(from, to) {
			all = append(all, x)
			if len(all) == limit {
				break
			}
		}
		if len(all) == limit {
			// Shrink the window to end at the last instance, exclusive.
			to = all[limit-1]
			all = all[:limit-1]
		}
		for i, x := range all {
			require.Equal(t, loc, x.Location())
			require.False(t, x.Before(from), "instance %v before from %v", x, from)
			require.True(t, x.Before(to), "instance %v not before to %v", x, to)
			if i > 0 {
				require.True(t, all[i-1].Before(x), "not increasing: %v then %v", all[i-1], x)
			}
		}
		mid := from.Add(time.Duration(float64(to.Sub(from)) * float64(frac) / 65535))
		var split []time.Time
		for x := range rec.Between(from, mid) {
			split = append(split, x)
		}
		for x := range rec.Between(mid, to) {
			split = append(split, x)
		}
		require.Equal(t, len(all), len(split), "split at %v", mid)
		for i := range all {
			require.True(t, all[i].Equal(split[i]), "split at %v: %v vs %v", mid, all[i], split[i])
		}
	})
}

// FuzzRecurrenceJSON: decoding never panics, and whatever decodes
// encodes and decodes again to an equal Recurrence.
func FuzzRecurrenceJSON(f *testing.F) {
	f.Add(`{"start":"2026-01-05T10:00:00","zone":"Europe/Madrid","rule":"FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0"}`)
	f.Add(`{"start":"2026-11-01T01:30:00-05:00","zone":"America/New_York","rule":"FREQ=DAILY;COUNT=2","exdates":["2026-11-02T01:30:00"]}`)
	f.Add(`{"start":"2026-03-29T02:30:00","zone":"Europe/Madrid","rdates":["2026-03-29T02:30:00.5"]}`)
	f.Add(`{"start":"2027-03-28T02:30:00","zone":"Europe/Madrid","rule":"FREQ=DAILY"}`)
	f.Add(`{"start":"2027-09-05T00:30:00","zone":"America/Santiago","rule":"FREQ=WEEKLY;COUNT=3"}`)
	f.Add(`{"start":"2028-02-29T10:00:00","zone":"Europe/Madrid","rule":"FREQ=YEARLY;COUNT=1934"}`)
	f.Add(`{"start":"9999-12-30T10:00:00","zone":"Europe/Madrid","exdates":["10000-01-01T00:00:00"]}`)
	f.Fuzz(func(t *testing.T, s string) {
		var r calendar.Recurrence
		if err := json.Unmarshal([]byte(s), &r); err != nil {
			return
		}
		require.NoError(t, r.Validate())
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var back calendar.Recurrence
		require.NoError(t, json.Unmarshal(b, &back), "%s", b)
		assert.Equal(t, r, back)
	})
}

// FuzzSlots: Slots, which expands each routine once and suspends and
// resumes its expansion a batch at a time, yields exactly each routine's
// Between, merged in time order; and SkippedSlots with one blackout plus
// Slots is every slot once. Windows are kept to a few thousand instances.
func FuzzSlots(f *testing.F) {
	for i, s := range fuzzRules {
		f.Add(s, fuzzRules[(i+3)%len(fuzzRules)], uint8(i), int64(i)*7919*86400, uint32(86400*30*(i+1)), uint16(i*5000))
	}
	f.Add("FREQ=MINUTELY;INTERVAL=7", "FREQ=SECONDLY;INTERVAL=13;COUNT=900", uint8(1), int64(1806364800-86400), uint32(86400*3), uint16(1))
	f.Fuzz(func(t *testing.T, text1, text2 string, zone uint8, startOff int64, length uint32, frac uint16) {
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		require.NoError(t, err)
		base := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		start := time.Unix(base+int64(uint64(startOff)%(4_000_000_000)), 0).In(loc)
		var routines []calendar.Routine
		for i, text := range []string{text1, text2} {
			rule, err := calendar.ParseRule(text)
			if err != nil {
				return
			}
			r := calendar.Routine{ID: idOf(fmt.Sprint("fuzz", i)), Channel: channel.Instagram,
				Recurrence: calendar.Recurrence{Start: start.Add(time.Duration(i*int(frac)) * time.Second), Rule: rule,
					StartInGap: frac%2 == 1}}
			if r.Validate() != nil {
				r.Recurrence.StartInGap = false
			}
			if r.Validate() != nil {
				return
			}
			routines = append(routines, r)
		}
		from, to := start, start.Add(time.Duration(int64(length)%(400*86400))*time.Second)
		// Keep the window to a few thousand instances of each routine.
		const limit = 3000
		for _, r := range routines {
			n := 0
			for x := range r.Between(from, to) {
				if n++; n == limit {
					to = x
					break
				}
			}
		}
		want := map[int][]time.Time{}
		for i, r := range routines {
			for x := range r.Between(from, to) {
				want[i] = append(want[i], x)
			}
		}
		seq, err := calendar.Slots(routines, nil, calendar.Window{From: from, To: to})
		require.NoError(t, err)
		got := map[int][]time.Time{}
		var last time.Time
		for s := range seq {
			require.False(t, s.At.Before(last), "out of order")
			last = s.At
			i := 0
			if s.RoutineID != routines[0].ID {
				i = 1
			}
			got[i] = append(got[i], s.At)
		}
		for i := range routines {
			require.Equal(t, len(want[i]), len(got[i]), "routine %d", i)
			for j := range want[i] {
				require.True(t, want[i][j].Equal(got[i][j]), "routine %d #%d: %v vs %v", i, j, want[i][j], got[i][j])
			}
		}
		// A blackout over the middle third: kept plus skipped is all.
		span := to.Sub(from) / 3
		b := []calendar.Blackout{{From: from.Add(span), To: from.Add(2 * span), Reason: "fuzz"}}
		kept, err := calendar.Slots(routines, b, calendar.Window{From: from, To: to})
		require.NoError(t, err)
		skipped, err := calendar.SkippedSlots(routines, b, calendar.Window{From: from, To: to})
		require.NoError(t, err)
		n := 0
		for range kept {
			n++
		}
		for s := range skipped {
			require.True(t, b[0].Covers(s.Slot.Channel, s.Slot.At))
			n++
		}
		require.Equal(t, len(want[0])+len(want[1]), n)
	})
}
