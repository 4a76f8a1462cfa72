package calendar_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/budget"
)

// FuzzCalendarCalls builds routines (rules split from one string by "|"),
// blackouts and entries from the fuzzer's bytes and runs, within a budget
// that grows with that input, every call that takes them: Slots and
// SkippedSlots (which together must give each slot once), Conflicts,
// Pause under each policy, FillQueue and WallClockShifts. None may panic,
// hang or allocate past the budget.
func FuzzCalendarCalls(f *testing.F) {
	f.Add("FREQ=DAILY|FREQ=HOURLY;INTERVAL=3", uint8(1), int32(0), []byte{0, 4, 1, 2, 30, 1}, []byte{0, 1, 5, 2, 9}, uint16(300))
	f.Add("FREQ=MINUTELY;COUNT=5000|FREQ=WEEKLY;BYDAY=MO,SU", uint8(3), int32(-500), []byte{1, 1, 0, 200, 5, 0, 7, 7, 1}, []byte{1, 1, 1, 1}, uint16(2000))
	f.Add("FREQ=SECONDLY;BYSECOND=0,30|FREQ=DAILY;BYHOUR=2,3;BYMINUTE=30", uint8(1), int32(2000), []byte{2, 90, 2}, []byte{3, 3, 3}, uint16(100))
	f.Fuzz(func(t *testing.T, rules string, zone uint8, startOff int32, blackouts, entries []byte, hours uint16) {
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		if err != nil {
			t.Skip(err)
		}
		start := time.Date(2027, 3, 20, 9, 0, 0, 0, loc).Add(time.Duration(startOff) * time.Minute)
		chans := []channel.Channel{channel.Instagram, channel.LinkedIn}
		var rs []calendar.Routine
		for i, text := range strings.Split(rules, "|") {
			rule, err := calendar.ParseRule(text)
			if err != nil || len(rs) == 8 {
				continue
			}
			r := calendar.Routine{ID: uuid.NewSHA1(uuid.Nil, []byte{byte(i)}), Channel: chans[i%2], Pillar: fmt.Sprint(i % 3), Recurrence: calendar.Recurrence{Start: start, Rule: rule}}
			if r.Validate() == nil {
				rs = append(rs, r)
			}
		}
		from := time.Date(2027, 3, 25, 0, 0, 0, 0, loc)
		w := calendar.Window{From: from, To: from.Add(time.Duration(hours%(24*40)+1) * time.Hour)}
		var bs []calendar.Blackout
		for i := 0; i+2 < len(blackouts) && len(bs) < 64; i += 3 {
			f := from.Add(time.Duration(blackouts[i]) * 3 * time.Hour)
			b := calendar.Blackout{From: f, To: f.Add(time.Duration(blackouts[i+1]) * 10 * time.Minute), Reason: fmt.Sprint(i)}
			if blackouts[i+2]%3 != 0 {
				b.Channels = []channel.Channel{chans[blackouts[i+2]%2]}
			}
			bs = append(bs, b)
		}
		var es []calendar.Entry
		var queue []calendar.Draft
		for i := 0; i+1 < len(entries) && len(es) < 256; i += 2 {
			es = append(es, calendar.Entry{ID: uuid.NewSHA1(uuid.Nil, []byte{1, byte(i), byte(i >> 8)}), Channel: chans[entries[i]%2], At: from.Add(time.Duration(entries[i+1]) * 37 * time.Minute), Text: fmt.Sprint("post ", entries[i]%4), Status: calendar.StatusApproved})
			queue = append(queue, calendar.Draft{ID: uuid.NewSHA1(uuid.Nil, []byte{2, byte(i), byte(i >> 8)}), Channel: chans[entries[i+1]%2], Text: "q", Pillar: fmt.Sprint(entries[i] % 4),
				Media: []channel.Media{{Kind: channel.Image, URL: "https://cdn.example/q.jpg"}}})
		}
		n := len(rules) + len(blackouts) + len(entries) + 4096
		budget.Check(t, "calendar calls", budget.For(n), func() {
			all, err := calendar.Slots(rs, nil, w)
			if err != nil {
				return // too many slots: refused, as documented
			}
			total := 0
			for range all {
				total++
			}
			kept, err1 := calendar.Slots(rs, bs, w)
			skipped, err2 := calendar.SkippedSlots(rs, bs, w)
			if err1 == nil && err2 == nil {
				k, s := 0, 0
				for range kept {
					k++
				}
				for range skipped {
					s++
				}
				if k+s != total {
					panic(fmt.Sprintf("Slots %d + SkippedSlots %d != %d slots without blackouts", k, s, total))
				}
			}
			rules := calendar.Rules{Blackouts: bs, Channels: map[channel.Channel]calendar.ChannelRules{
				channel.Instagram: {MinSpacing: calendar.Duration(20 * time.Minute), DailyCap: 3, Location: loc},
			}}
			_, _ = calendar.Conflicts(es, rules)
			for _, p := range []calendar.ResumePolicy{calendar.ResumeSkip, calendar.ResumeAtRate, calendar.ResumeNextFreeSlot} {
				_, _, _ = calendar.Pause(es, calendar.Window{From: from, To: from.Add(5 * time.Hour)}, calendar.PausePolicy{Resume: p, RatePerHour: 4},
					&calendar.PauseOptions{Rules: rules, Routines: rs, Horizon: calendar.Duration(10 * 24 * time.Hour)})
			}
			if slots, err := calendar.Slots(rs, bs, w); err == nil {
				_, _ = calendar.FillQueue(queue, slots, rules, es)
			}
			for _, r := range rs {
				for range r.WallClockShifts(w) {
				}
			}
		})
	})
}
