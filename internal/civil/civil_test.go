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
