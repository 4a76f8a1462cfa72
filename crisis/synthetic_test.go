package crisis_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/crisis"
)

func TestNegativeSpikeIsSeeded(t *testing.T) {
	a := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 5}))
	b := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 5}))
	c := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 6}))
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	require.Len(t, a, 432*2)
	peak, quiet := int64(0), int64(0)
	for i, s := range a {
		if i < 100 {
			quiet = max(quiet, s.Mentions)
		}
		peak = max(peak, s.Mentions)
		assert.LessOrEqual(t, s.Negative+s.Positive, s.Mentions)
		assert.LessOrEqual(t, s.KeywordHits, s.Mentions)
	}
	assert.Greater(t, peak, 5*quiet)
	// Stopping early stops the sequence.
	n := 0
	for range crisis.NegativeSpike(&crisis.SpikeOptions{}) {
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
}

// NegativeSpike takes its options as a pointer that may be nil, the
// defaults, and leaves the caller's options as they were.
func TestNegativeSpikeOptions(t *testing.T) {
	def := slices.Collect(crisis.NegativeSpike(nil))
	assert.Equal(t, def, slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{})))
	require.Len(t, def, 432*2)
	assert.True(t, def[0].At.Equal(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)))

	o := &crisis.SpikeOptions{Seed: 3, Buckets: 12}
	n := 0
	for range crisis.NegativeSpike(o) {
		n++
	}
	assert.Equal(t, 24, n)
	assert.Equal(t, crisis.SpikeOptions{Seed: 3, Buckets: 12}, *o, "the defaults are not written into the caller's options")
}
