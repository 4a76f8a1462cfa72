package calendar_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/validation"
)

// TestParseRuleBoundedErrors: a rule of millions of bad parts gives an
// error of at most validation.MaxErrors problems and the count of the
// rest, and collecting them allocates a bounded amount, whatever the
// number of parts (the issue saw a 482 MB error after 3 GB).
func TestParseRuleBoundedErrors(t *testing.T) {
	const parts = 2_500_000
	tests := []struct {
		name string
		text string
		want int // problems in all
	}{
		{"unknown parts", strings.Repeat("X=1;", parts), parts + 1}, // and FREQ is missing
		{"parts without a value", "FREQ=DAILY;" + strings.Repeat("X;", parts), parts},
		{"repeated part", "FREQ=DAILY;" + strings.Repeat("COUNT=2;", parts), parts - 1},
		{"bad list elements", "FREQ=DAILY;BYHOUR=" + strings.Repeat("x,", parts) + "1", parts},
		{"bad days", "FREQ=WEEKLY;BYDAY=" + strings.Repeat("Q,", parts) + "MO", parts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := calendar.ParseRule(tt.text)
			runtime.ReadMemStats(&after)
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "%v", err)
			assert.Len(t, verr.Errors, validation.MaxErrors)
			assert.Equal(t, tt.want-validation.MaxErrors, verr.Omitted)
			assert.Less(t, len(err.Error()), 40_000)
			// The list elements are counted in a slice of ints (8 bytes
			// for each of 2.5M elements): generous for that, far below
			// the gigabytes of one error per element.
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<20))
		})
	}
}
