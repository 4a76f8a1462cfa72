package calendar_test

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// TestDateDST pins RFC 5545 §3.3.5: a time in a gap takes the offset before
// the gap; a repeated time means its first occurrence.
func TestDateDST(t *testing.T) {
	tests := []struct {
		zone          string
		y             int
		m             time.Month
		d, h, min     int
		wantUTC       string
		wantLocalHHMM string
	}{
		// America/New_York: spring forward 2026-03-08 02:00 EST -> 03:00 EDT.
		{"America/New_York", 2026, 3, 8, 2, 30, "2026-03-08T07:30:00Z", "03:30"},
		// Fall back 2026-11-01 02:00 EDT -> 01:00 EST; 01:30 happens twice.
		{"America/New_York", 2026, 11, 1, 1, 30, "2026-11-01T05:30:00Z", "01:30"},
		{"America/New_York", 2026, 7, 1, 10, 0, "2026-07-01T14:00:00Z", "10:00"},
		// Europe/Madrid: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 -> 02:00.
		{"Europe/Madrid", 2026, 3, 29, 2, 30, "2026-03-29T01:30:00Z", "03:30"},
		{"Europe/Madrid", 2026, 10, 25, 2, 30, "2026-10-25T00:30:00Z", "02:30"},
		// Australia/Sydney: 2026-10-04 02:00 AEST -> 03:00 AEDT; 2026-04-05 03:00 AEDT -> 02:00 AEST.
		{"Australia/Sydney", 2026, 10, 4, 2, 15, "2026-10-03T16:15:00Z", "03:15"},
		{"Australia/Sydney", 2026, 4, 5, 2, 15, "2026-04-04T15:15:00Z", "02:15"},
		// Australia/Lord_Howe shifts by 30 minutes: 2026-10-04 02:00 +10:30 -> 02:30 +11.
		{"Australia/Lord_Howe", 2026, 10, 4, 2, 10, "2026-10-03T15:40:00Z", "02:40"},
		// 2026-04-05 02:00 +11 -> 01:30 +10:30; 01:45 happens twice.
		{"Australia/Lord_Howe", 2026, 4, 5, 1, 45, "2026-04-04T14:45:00Z", "01:45"},
		// Pacific/Chatham: +12:45 / +13:45; 2026-09-27 02:45 -> 03:45.
		{"Pacific/Chatham", 2026, 9, 27, 3, 0, "2026-09-26T14:15:00Z", "04:00"},
		// America/Santiago changes at midnight: 2026-09-06 00:00 -04 -> 01:00 -03.
		{"America/Santiago", 2026, 9, 6, 0, 0, "2026-09-06T04:00:00Z", "01:00"},
		// 2026-04-05 00:00 -03 -> 2026-04-04 23:00 -04; 23:30 on the 4th happens twice.
		{"America/Santiago", 2026, 4, 4, 23, 30, "2026-04-05T02:30:00Z", "23:30"},
	}
	for _, tt := range tests {
		t.Run(tt.zone+"/"+tt.wantUTC, func(t *testing.T) {
			loc := mustZone(t, tt.zone)
			got := calendar.Date(tt.y, tt.m, tt.d, tt.h, tt.min, 0, 0, loc)
			assert.Equal(t, tt.wantUTC, got.UTC().Format(time.RFC3339))
			assert.Equal(t, tt.wantLocalHHMM, got.Format("15:04"))
			assert.Equal(t, loc, got.Location())
		})
	}
}

func TestDateNormalises(t *testing.T) {
	loc := mustZone(t, "Europe/Madrid")
	got := calendar.Date(2026, 10, 32, 9, 0, 0, 0, loc)
	assert.True(t, got.Equal(time.Date(2026, 11, 1, 9, 0, 0, 0, loc)))
}

func FuzzDate(f *testing.F) {
	f.Add(2026, 3, 8, 2, 30, "America/New_York")
	f.Add(2026, 9, 6, 0, 0, "America/Santiago")
	f.Fuzz(func(t *testing.T, y, m, d, h, min int, zone string) {
		loc, err := time.LoadLocation(zone)
		if err != nil || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 28 || h < 0 || h > 23 || min < 0 || min > 59 {
			return
		}
		got := calendar.Date(y, time.Month(m), d, h, min, 0, 0, loc)
		// The result is the requested wall time, or (in a gap) later on the
		// same or next day by less than the gap's size (at most 3 hours in
		// any real zone).
		wall := time.Date(y, time.Month(m), d, h, min, 0, 0, time.UTC)
		gy, gm, gd := got.Date()
		gh, gmin, gs := got.Clock()
		gotWall := time.Date(gy, gm, gd, gh, gmin, gs, 0, time.UTC)
		diff := gotWall.Sub(wall)
		if diff < 0 || diff > 3*time.Hour {
			t.Fatalf("Date(%v) in %s = %v: wall differs by %v", wall, zone, got, diff)
		}
	})
}
