package calendar_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/validation"
)

// TestCountBeforeYearLimit: a COUNT the rule cannot reach before the
// year 10000 is refused at rule.count, never cut short unseen; one it
// reaches validates.
func TestCountBeforeYearLimit(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	leap := wall(madrid, 2028, 2, 29, 10, 0)
	for _, c := range []struct {
		start time.Time
		rule  string
		ok    bool
	}{
		{leap, "FREQ=YEARLY;COUNT=5000", false},                // 1,933 leap days from 2028 to 9996
		{leap, "FREQ=YEARLY;COUNT=1933", true},                 // exactly reached
		{leap, "FREQ=YEARLY;COUNT=1934", false},                // one short
		{leap, "FREQ=YEARLY;BYMONTHDAY=29;COUNT=99999", false}, // about 95,600: counted
		{wall(madrid, 9990, 1, 1, 10, 0), "FREQ=MONTHLY;COUNT=200", false},
		{wall(madrid, 9990, 1, 1, 10, 0), "FREQ=DAILY;COUNT=200", true},
		{wall(madrid, 2026, 1, 1, 10, 0), "FREQ=YEARLY;COUNT=10000000", false},  // refused by the bound
		{wall(madrid, 2026, 1, 1, 10, 0), "FREQ=SECONDLY;COUNT=10000000", true}, // reached in 116 days
	} {
		rec := calendar.Recurrence{Start: c.start, Rule: mustRule(t, c.rule)}
		var err error
		within(t, 30*time.Second, func() { err = rec.Validate() })
		if c.ok {
			assert.NoError(t, err, c.rule)
		} else {
			assert.True(t, validation.Has(err, validation.CodeOutOfRange, "rule.count"), "%s: %v", c.rule, err)
		}
	}
}
