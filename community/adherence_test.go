package community_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

func routine(t *testing.T, key string, c channel.Channel, start time.Time, rule string) calendar.Routine {
	t.Helper()
	r, err := calendar.ParseRule(rule)
	require.NoError(t, err)
	return calendar.Routine{
		ID:         uuid.NewSHA1(uuid.NameSpaceURL, []byte("cafetal/routine/"+key)),
		Channel:    c,
		Recurrence: calendar.Recurrence{Start: start, Rule: r},
	}
}

func TestAdherence(t *testing.T) {
	reels := routine(t, "reels", channel.Instagram, at(5, 10, 0), "FREQ=WEEKLY;BYDAY=MO,WE,FR")
	threads := routine(t, "threads", channel.X, at(6, 18, 30), "FREQ=WEEKLY;BYDAY=TU,TH")
	pubs := []community.Publication{
		{ID: "p0", Channel: channel.Instagram, At: at(12, 10, 5)},  // Monday: on time
		{ID: "p1", Channel: channel.Instagram, At: at(14, 11, 30)}, // Wednesday: late
		{ID: "p2", Channel: channel.X, At: at(13, 18, 20)},         // Tuesday: 10 minutes early, on time
		{ID: "p3", Channel: channel.X, At: at(15, 12, 0)},          // Thursday, far too early: extra
		{ID: "p4", Channel: channel.Facebook, At: at(14, 9, 0)},    // no Facebook routine: extra
		{ID: "p5", Channel: channel.Instagram, At: at(20, 10, 0)},  // after the window: ignored
	}
	w := calendar.Window{From: at(12, 0, 0), To: at(19, 0, 0)}
	rep, err := community.Adherence([]calendar.Routine{reels, threads}, pubs, w, nil)
	require.NoError(t, err)

	type slot struct {
		routine uuid.UUID
		at      time.Time
		status  community.SlotStatus
		pub     int
		delay   time.Duration
	}
	want := []slot{
		{reels.ID, at(12, 10, 0), community.SlotOnTime, 0, 5 * time.Minute},
		{threads.ID, at(13, 18, 30), community.SlotOnTime, 2, -10 * time.Minute},
		{reels.ID, at(14, 10, 0), community.SlotLate, 1, 90 * time.Minute},
		{threads.ID, at(15, 18, 30), community.SlotMissed, -1, 0},
		{reels.ID, at(16, 10, 0), community.SlotMissed, -1, 0},
	}
	require.Len(t, rep.Slots, len(want))
	for i, s := range want {
		got := rep.Slots[i]
		assert.Equal(t, s.routine, got.Routine, "slot %d", i)
		assert.True(t, s.at.Equal(got.Slot), "slot %d at %v", i, got.Slot)
		assert.Equal(t, s.status, got.Status, "slot %d", i)
		assert.Equal(t, s.pub, got.Publication, "slot %d", i)
		assert.Equal(t, s.delay, time.Duration(got.Delay), "slot %d", i)
	}
	assert.Equal(t, []int{4, 3}, rep.Extra, "by time")

	require.Len(t, rep.Routines, 2)
	r0, r1 := rep.Routines[0], rep.Routines[1]
	assert.Equal(t, [4]int{3, 1, 1, 1}, [4]int{r0.Expected, r0.OnTime, r0.Late, r0.Missed})
	assert.True(t, decimal.RequireFromString("33.3333333333").Equal(r0.Adherence.Decimal), r0.Adherence.Decimal.String())
	assert.Equal(t, [4]int{2, 1, 0, 1}, [4]int{r1.Expected, r1.OnTime, r1.Late, r1.Missed})
	assert.True(t, decimal.NewFromInt(50).Equal(r1.Adherence.Decimal))

	require.Len(t, rep.Channels, 3, "instagram, facebook, x in channel.All order")
	assert.Equal(t, channel.Instagram, rep.Channels[0].Channel)
	assert.Equal(t, 0, rep.Channels[0].Extra)
	assert.Equal(t, channel.Facebook, rep.Channels[1].Channel)
	assert.Equal(t, 1, rep.Channels[1].Extra)
	assert.False(t, rep.Channels[1].Adherence.Valid, "nothing expected: undefined")
	assert.Equal(t, channel.X, rep.Channels[2].Channel)
	assert.Equal(t, 1, rep.Channels[2].Extra)
	assert.True(t, r1.Adherence.Decimal.Equal(rep.Channels[2].Adherence.Decimal))

	data, err := json.Marshal(rep)
	require.NoError(t, err)
	var back community.AdherenceReport
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
}

func TestAdherenceRoutineNamedAndTolerance(t *testing.T) {
	a := routine(t, "a", channel.Instagram, at(12, 10, 0), "FREQ=DAILY;COUNT=2")
	b := routine(t, "b", channel.Instagram, at(12, 10, 0), "FREQ=DAILY;COUNT=2")
	pubs := []community.Publication{
		{Channel: channel.Instagram, Routine: b.ID, At: at(12, 10, 0)}, // for b, although a's slot comes first
		{Channel: channel.Instagram, At: at(12, 10, 1)},
		{Channel: channel.Instagram, At: at(13, 10, 40)},
	}
	w := calendar.Window{From: at(12, 0, 0), To: at(14, 0, 0)}
	rep, err := community.Adherence([]calendar.Routine{a, b}, pubs, w, &community.AdherenceOptions{Tolerance: calendar.Duration(time.Hour)})
	require.NoError(t, err)
	require.Len(t, rep.Slots, 4)
	assert.Equal(t, 1, rep.Slots[0].Publication, "a takes the publication that names no routine")
	assert.Equal(t, 0, rep.Slots[1].Publication, "b takes its own")
	assert.Equal(t, community.SlotOnTime, rep.Slots[2].Status, "40 minutes late is within an hour")
	assert.Equal(t, community.SlotMissed, rep.Slots[3].Status)
	assert.Empty(t, rep.Extra)
}

// Routines keep their wall-clock time across DST changes: a post at 10:02
// local time is on time every day, before and after the change.
func TestAdherenceAcrossDST(t *testing.T) {
	for _, tt := range []struct {
		zone string
		from time.Time // local midnight three days before a change
	}{
		{"Europe/Madrid", time.Date(2026, 3, 27, 0, 0, 0, 0, mustZone("Europe/Madrid"))},
		{"America/New_York", time.Date(2026, 10, 30, 0, 0, 0, 0, mustZone("America/New_York"))},
		{"Australia/Sydney", time.Date(2026, 4, 3, 0, 0, 0, 0, mustZone("Australia/Sydney"))},
	} {
		t.Run(tt.zone, func(t *testing.T) {
			loc := tt.from.Location()
			start := time.Date(tt.from.Year(), tt.from.Month(), tt.from.Day(), 10, 0, 0, 0, loc)
			r := routine(t, tt.zone, channel.LinkedIn, start, "FREQ=DAILY")
			var pubs []community.Publication
			for d := range 6 {
				day := tt.from.AddDate(0, 0, d)
				pubs = append(pubs, community.Publication{Channel: channel.LinkedIn,
					At: time.Date(day.Year(), day.Month(), day.Day(), 10, 2, 0, 0, loc)})
			}
			w := calendar.Window{From: tt.from, To: tt.from.AddDate(0, 0, 6)}
			rep, err := community.Adherence([]calendar.Routine{r}, pubs, w, nil)
			require.NoError(t, err)
			require.Len(t, rep.Slots, 6)
			for _, s := range rep.Slots {
				assert.Equal(t, community.SlotOnTime, s.Status, "%v", s.Slot)
				assert.Equal(t, 2*time.Minute, time.Duration(s.Delay))
				assert.Equal(t, 10, s.Slot.In(loc).Hour())
			}
			assert.True(t, decimal.NewFromInt(100).Equal(rep.Routines[0].Adherence.Decimal))
		})
	}
}

func TestAdherenceBadInput(t *testing.T) {
	good := routine(t, "good", channel.Instagram, at(5, 10, 0), "FREQ=DAILY")
	bad := good
	bad.Channel = "myspace"
	_, err := community.Adherence(
		[]calendar.Routine{good, bad},
		[]community.Publication{
			{At: at(12, 10, 0)},
			{Channel: channel.X, Routine: uuid.NewSHA1(uuid.NameSpaceURL, []byte("nope")), At: at(12, 10, 0)},
		},
		calendar.Window{From: at(13, 0, 0), To: at(12, 0, 0)},
		&community.AdherenceOptions{Tolerance: calendar.Duration(-time.Minute)},
	)
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeDuplicate, "routines[1].id"},
		{validation.CodeRequired, "publications[0].channel"},
		{validation.CodeNotFound, "publications[1].routine"},
		{validation.CodeOutOfRange, "options.tolerance"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "want %s at %s in %v", want.code, want.path, err)
	}
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	assert.NotNil(t, verr.Find("routines[1].channel"), "%v", err)

	err = community.Publication{Channel: "myspace"}.Validate()
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "channel"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "at"), "%v", err)
	assert.NoError(t, community.Publication{Channel: channel.X, At: at(12, 10, 0)}.Validate())
	assert.NotNil(t, verr.Find("window.to"), "%v", err)
}

func TestSlotStatusIsStrict(t *testing.T) {
	for _, s := range []community.SlotStatus{community.SlotOnTime, community.SlotLate, community.SlotMissed, community.SlotExtra} {
		assert.True(t, s.IsValid())
		text, err := s.MarshalText()
		require.NoError(t, err)
		var back community.SlotStatus
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, s, back)
		assert.Equal(t, string(s), s.String())
	}
	var s community.SlotStatus
	assert.ErrorIs(t, s.UnmarshalText([]byte("early")), validation.ErrUnknownValue)
	_, err := community.SlotStatus("early").MarshalText()
	assert.Error(t, err)
}

func TestAdherenceOptionsValidate(t *testing.T) {
	assert.NoError(t, community.AdherenceOptions{}.Validate())
	assert.NoError(t, community.AdherenceOptions{Tolerance: calendar.Duration(time.Hour)}.Validate())
	err := community.AdherenceOptions{Tolerance: calendar.Duration(-time.Minute)}.Validate()
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "tolerance"), "%v", err)
}
