package calendar_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/validation"
)

// Validate and ParseRule accept the same INTERVAL and COUNT values (up to
// MaxRulePart and MaxCount), so a
// valid rule built in Go always prints as text that parses back; and the
// largest valid values expand without hanging or panicking.
func TestRuleIntervalAndCountBounds(t *testing.T) {
	for _, n := range []int{1, 2, calendar.MaxCount - 1, calendar.MaxCount, calendar.MaxCount + 1, calendar.MaxRulePart - 1, calendar.MaxRulePart, calendar.MaxRulePart + 1, math.MaxInt64} {
		for _, field := range []string{"interval", "count"} {
			r := calendar.Rule{Freq: calendar.Daily}
			if field == "interval" {
				r.Interval = n
			} else {
				r.Count = n
			}
			verr := r.Validate()
			back, perr := calendar.ParseRule(r.String())
			assert.Equal(t, verr == nil, perr == nil, "%s=%d: Validate %v, ParseRule(%q) %v", field, n, verr, r.String(), perr)
			if verr == nil {
				assert.Equal(t, r, back)
			} else {
				assert.True(t, validation.Has(verr, validation.CodeOutOfRange, field), "%v", verr)
			}
		}
	}

	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	start := calendar.Date(2027, 1, 31, 10, 0, 0, 0, madrid)
	for _, f := range []calendar.Frequency{calendar.Secondly, calendar.Minutely, calendar.Hourly, calendar.Daily, calendar.Weekly, calendar.Monthly, calendar.Yearly} {
		rec := calendar.Recurrence{Start: start, Rule: calendar.Rule{Freq: f, Interval: calendar.MaxRulePart}}
		require.NoError(t, rec.Validate(), f)
		next, ok := rec.Next(start)
		if ok {
			assert.True(t, next.After(start), "%s: %v", f, next)
		}
		n := 0
		for range rec.Between(start, start.AddDate(9000, 0, 0)) {
			n++
		}
		assert.GreaterOrEqual(t, n, 1, f)

		// Beyond the bound the rule does not validate, so only the start
		// is an instance: nothing hangs, nothing panics.
		huge := calendar.Recurrence{Start: start, Rule: calendar.Rule{Freq: f, Interval: math.MaxInt64}}
		require.Error(t, huge.Validate())
		_, ok = huge.Next(start)
		assert.False(t, ok, f)
	}
}

// A rule with COUNT is expanded from its start, whatever the window: with
// COUNT at most MaxCount, the instances of a window long after the start
// of the most frequent rule are found in a bounded time (before MaxCount,
// COUNT=2^31-1 took about a minute for a window sixty years on).
func TestCountBoundsTheWorkOfAFarWindow(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	start := calendar.Date(2027, 1, 1, 0, 0, 0, 0, madrid)
	rec := calendar.Recurrence{Start: start, Rule: calendar.Rule{Freq: calendar.Secondly, Count: calendar.MaxCount}}
	require.NoError(t, rec.Validate())
	tooMany := rec
	tooMany.Rule.Count = calendar.MaxCount + 1
	assert.True(t, validation.Has(tooMany.Validate(), validation.CodeOutOfRange, "rule.count"), "%v", tooMany.Validate())

	far := start.AddDate(60, 0, 0)
	done := make(chan int, 1)
	go func() {
		n := 0
		for range rec.Between(far, far.AddDate(0, 0, 1)) {
			n++
		}
		done <- n
	}()
	select {
	case n := <-done:
		assert.Zero(t, n, "the ten-millionth second is in April 2027")
	case <-time.After(30 * time.Second):
		t.Fatal("Between of a far window still running after 30 s")
	}
}
