package crisis_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// TestZeroDetector calls every exported method of a zero Detector and of a
// nil one: each returns ErrBadState (or, for Bucket and Horizon, zero)
// instead of panicking.
func TestZeroDetector(t *testing.T) {
	s := crisis.Signal{At: bucket(0), Channel: channel.X, Mentions: 3}
	for name, det := range map[string]*crisis.Detector{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			dst := make([]crisis.Alert, 0, 1)
			out, err := det.Observe(s, dst)
			assert.ErrorIs(t, err, crisis.ErrBadState)
			assert.Empty(t, out)
			out, n, err := det.ObserveBatch([]crisis.Signal{s, s}, dst)
			assert.ErrorIs(t, err, crisis.ErrBadState)
			assert.Zero(t, n)
			assert.Empty(t, out)
			out, n, err = det.ObserveBatch(nil, dst)
			assert.ErrorIs(t, err, crisis.ErrBadState)
			assert.Zero(t, n)
			assert.Empty(t, out)
			out, err = det.Advance(bucket(3), dst)
			assert.ErrorIs(t, err, crisis.ErrBadState)
			assert.Empty(t, out)
			assert.Zero(t, det.Bucket())
			assert.Zero(t, det.Horizon())
			_, err = det.MarshalJSON()
			assert.ErrorIs(t, err, crisis.ErrBadState)
			good, err := crisis.NewDetector(samplePlan())
			require.NoError(t, err)
			saved, err := json.Marshal(good)
			require.NoError(t, err)
			assert.ErrorIs(t, det.UnmarshalJSON(saved), crisis.ErrBadState)
		})
	}
	// A zero Detector inside a value: json.Unmarshal reaches it through a
	// pointer and is refused too.
	var holder struct{ D crisis.Detector }
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"D":{"version":2}}`), &holder), crisis.ErrBadState)
}
