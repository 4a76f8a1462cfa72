package civil_test

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/internal/civil"
)

func TestMidnight(t *testing.T) {
	tests := []struct {
		zone    string
		y       int
		m       time.Month
		d       int
		wantUTC string
	}{
		{"Europe/Madrid", 2026, 3, 29, "2026-03-28T23:00:00Z"},
		// Santiago jumps from 00:00 to 01:00: the day begins at 01:00 -03.
		{"America/Santiago", 2026, 9, 6, "2026-09-06T04:00:00Z"},
		// Santiago falls back at 24:00 -03 on the 4th to 23:00 -04, so
		// 23:00-24:00 of the 4th happens twice and midnight of the 5th
		// happens once, at 00:00 -04.
		{"America/Santiago", 2026, 4, 5, "2026-04-05T04:00:00Z"},
		// Beirut switched at midnight in 2024 (00:00 -> 01:00 on March 31).
		{"Asia/Beirut", 2024, 3, 31, "2024-03-30T22:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.zone+"/"+tt.wantUTC, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			require.NoError(t, err)
			got := civil.Midnight(tt.y, tt.m, tt.d, loc)
			assert.Equal(t, tt.wantUTC, got.UTC().Format(time.RFC3339))
			assert.Equal(t, loc, got.Location())
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		zone    string
		wall    string // local wall time
		wantUTC string
		kind    civil.Kind
	}{
		{"America/New_York", "2026-03-08T02:30", "2026-03-08T07:30:00Z", civil.Gap},
		{"America/New_York", "2026-03-08T03:00", "2026-03-08T07:00:00Z", civil.Unique},
		{"America/New_York", "2026-03-08T01:59", "2026-03-08T06:59:00Z", civil.Unique},
		{"America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00Z", civil.Repeated},
		{"America/New_York", "2026-11-01T01:00", "2026-11-01T05:00:00Z", civil.Repeated},
		{"America/New_York", "2026-11-01T02:00", "2026-11-01T07:00:00Z", civil.Unique},
		{"America/New_York", "2026-11-01T00:59", "2026-11-01T04:59:00Z", civil.Unique},
		{"Europe/Madrid", "2026-03-29T02:30", "2026-03-29T01:30:00Z", civil.Gap},
		{"Europe/Madrid", "2026-10-25T02:30", "2026-10-25T00:30:00Z", civil.Repeated},
		{"Europe/Madrid", "2026-10-25T03:00", "2026-10-25T02:00:00Z", civil.Unique},
		// Lord Howe moves by 30 minutes: 02:00-02:30 is skipped in
		// October and 01:30-02:00 repeated in April.
		{"Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-03T15:45:00Z", civil.Gap},
		{"Australia/Lord_Howe", "2026-10-04T02:30", "2026-10-03T15:30:00Z", civil.Unique},
		{"Australia/Lord_Howe", "2026-04-05T01:45", "2026-04-04T14:45:00Z", civil.Repeated},
		{"Australia/Lord_Howe", "2026-04-05T01:15", "2026-04-04T14:15:00Z", civil.Unique},
		// Santiago changes at midnight.
		{"America/Santiago", "2026-09-06T00:30", "2026-09-06T04:30:00Z", civil.Gap},
		{"America/Santiago", "2026-04-04T23:30", "2026-04-05T02:30:00Z", civil.Repeated},
		{"UTC", "2026-03-08T02:30", "2026-03-08T02:30:00Z", civil.Unique},
	}
	for _, tt := range tests {
		t.Run(tt.zone+"/"+tt.wall, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			require.NoError(t, err)
			w, err := time.Parse("2006-01-02T15:04", tt.wall)
			require.NoError(t, err)
			got, kind := civil.Resolve(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc)
			assert.Equal(t, tt.wantUTC, got.UTC().Format(time.RFC3339))
			assert.Equal(t, tt.kind, kind)
			assert.True(t, civil.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc).Equal(got))
			if kind != civil.Gap {
				assert.Equal(t, kind, civil.KindOf(got), "KindOf the instant")
			}
		})
	}
}

// TestResolveCountsInstants checks the kind against a count of the instants
// that show the wall time, every 10 minutes for two days around every
// transition from 2010 to 2035 in zones with 1-hour, 30-minute and
// midnight changes.
func TestResolveCountsInstants(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/Madrid", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham", "Europe/Dublin"} {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		at := time.Date(2010, 1, 1, 0, 0, 0, 0, loc)
		for at.Year() < 2035 {
			_, end := at.ZoneBounds()
			if end.IsZero() {
				break
			}
			_, off := end.Add(-time.Second).Zone()
			wallTrans := end.Add(time.Duration(off) * time.Second).UTC()
			for w := wallTrans.Add(-24 * time.Hour); w.Before(wallTrans.Add(24 * time.Hour)); w = w.Add(10 * time.Minute) {
				// Every instant whose wall clock shows w lies within a day
				// of w read as UTC minus some offset in [-15h, +15h].
				n := 0
				for _, o := range []int{-4 * 3600, -3600, -1800, 0, 1800, 3600, 4 * 3600} {
					cand := w.Add(-time.Duration(off+o) * time.Second).In(loc)
					if cand.Format("2006-01-02T15:04:05") == w.Format("2006-01-02T15:04:05") {
						_, co := cand.Zone()
						if co == off+o {
							n++
						}
					}
				}
				want := []civil.Kind{civil.Gap, civil.Unique, civil.Repeated}[min(n, 2)]
				_, kind := civil.Resolve(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc)
				require.Equal(t, want, kind, "%s %s (%d instants)", name, w.Format("2006-01-02 15:04"), n)
			}
			at = end
		}
	}
}
