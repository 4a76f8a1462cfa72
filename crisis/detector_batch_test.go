package crisis_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

func TestObserveDoesNotAllocate(t *testing.T) {
	det, err := crisis.NewDetector(samplePlan())
	require.NoError(t, err)
	dst := make([]crisis.Alert, 0, 4)
	i := 0
	allocs := testing.AllocsPerRun(2000, func() {
		var err error
		dst, err = det.Observe(crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 20, Negative: 2, Positive: 5, Reach: 100}, dst[:0])
		if err != nil || len(dst) != 0 {
			t.Fatalf("bucket %d: %v %v", i, err, dst)
		}
		i++
	})
	assert.Zero(t, allocs)
}

// ObserveBatch is Observe in a loop: the same alerts and state, and it
// stops at the first refused signal, saying how many it observed.
func TestObserveBatchIsObserveInALoop(t *testing.T) {
	p := samplePlan()
	signals := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7}))
	want := run(t, p, signals)
	require.NotEmpty(t, want)

	det, err := crisis.NewDetector(p)
	require.NoError(t, err)
	var got []crisis.Alert
	for c := range slices.Chunk(signals, 37) {
		var n int
		got, n, err = det.ObserveBatch(c, got)
		require.NoError(t, err)
		require.Equal(t, len(c), n)
	}
	got, err = det.Advance(signals[len(signals)-1].At.Add(time.Hour), got)
	require.NoError(t, err)
	assert.Equal(t, mustJSON(t, want), mustJSON(t, got))

	// A refused signal in the middle: the ones before it are observed, it
	// and the ones after are not, and the state is Observe's.
	one, err := crisis.NewDetector(p)
	require.NoError(t, err)
	many, err := crisis.NewDetector(p)
	require.NoError(t, err)
	bad := slices.Clone(signals[:300])
	bad[200].At = bad[199].At // out of order or duplicate
	var a []crisis.Alert
	for _, s := range bad[:200] {
		a, err = one.Observe(s, a)
		require.NoError(t, err)
	}
	_, errOne := one.Observe(bad[200], nil)
	b, n, errMany := many.ObserveBatch(bad, nil)
	assert.Equal(t, 200, n)
	require.Error(t, errMany)
	assert.Equal(t, errOne.Error(), errMany.Error())
	assert.Equal(t, mustJSON(t, a), mustJSON(t, b))
	assert.Equal(t, mustJSON(t, one), mustJSON(t, many))
}

func TestObserveBatchDoesNotAllocate(t *testing.T) {
	det, err := crisis.NewDetector(samplePlan())
	require.NoError(t, err)
	dst := make([]crisis.Alert, 0, 4)
	batch := make([]crisis.Signal, 24)
	i := 0
	allocs := testing.AllocsPerRun(200, func() {
		for k := range batch {
			batch[k] = crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 20, Negative: 2, Positive: 5, Reach: 100}
			i++
		}
		var err error
		dst, _, err = det.ObserveBatch(batch, dst[:0])
		if err != nil || len(dst) != 0 {
			t.Fatalf("bucket %d: %v %v", i, err, dst)
		}
	})
	assert.Zero(t, allocs)
}
