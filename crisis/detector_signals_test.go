package crisis_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

func TestGapsCountAsSilence(t *testing.T) {
	flood := trigger(t, "flood") // 1500 in an hour
	det, err := crisis.NewDetector(planWith(flood))
	require.NoError(t, err)
	alerts, err := det.Observe(crisis.Signal{At: bucket(0), Channel: channel.X, Mentions: 1000}, nil)
	require.NoError(t, err)
	// Eleven empty buckets later the first 1000 are still in the window.
	alerts, err = det.Observe(crisis.Signal{At: bucket(11), Channel: channel.X, Mentions: 600}, alerts)
	require.NoError(t, err)
	alerts, err = det.Advance(bucket(12), alerts)
	require.NoError(t, err)
	require.Equal(t, []time.Time{bucket(12)}, at(alerts))
	assert.Equal(t, bucket(11), alerts[0].Since.UTC())
}

func TestLongSilenceStartsAfresh(t *testing.T) {
	p := planWith(trigger(t, "volume-spike"))
	det, err := crisis.NewDetector(p)
	require.NoError(t, err)
	assert.Equal(t, 13*time.Hour, det.Horizon())
	var alerts []crisis.Alert
	for i := range 160 {
		alerts, err = det.Observe(crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 10}, alerts)
		require.NoError(t, err)
	}
	// A day later the baseline is gone: the spike is not judged.
	for i := 448; i < 470; i++ {
		alerts, err = det.Observe(crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 100}, alerts)
		require.NoError(t, err)
	}
	assert.Empty(t, alerts)
}

func TestSignalErrorsLeaveStateUnchanged(t *testing.T) {
	det, err := crisis.NewDetector(samplePlan())
	require.NoError(t, err)
	_, err = det.Observe(crisis.Signal{At: bucket(5), Channel: channel.X, Mentions: 3}, nil)
	require.NoError(t, err)
	before, err := json.Marshal(det)
	require.NoError(t, err)

	for _, c := range []struct {
		name string
		s    crisis.Signal
		want error
	}{
		{"earlier bucket", crisis.Signal{At: bucket(4), Channel: channel.X}, crisis.ErrOutOfOrder},
		{"duplicate", crisis.Signal{At: bucket(5), Channel: channel.X}, crisis.ErrDuplicate},
		{"misaligned", crisis.Signal{At: bucket(6).Add(time.Minute), Channel: channel.X}, crisis.ErrMisaligned},
		{"fraction of a second", crisis.Signal{At: bucket(6).Add(time.Millisecond), Channel: channel.X}, crisis.ErrMisaligned},
		{"unknown channel", crisis.Signal{At: bucket(6), Channel: "myspace"}, crisis.ErrInvalidSignal},
		{"negative mentions", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: -1}, crisis.ErrInvalidSignal},
		{"more negative than mentions", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: 1, Negative: 2}, crisis.ErrInvalidSignal},
		{"parts exceed whole", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: 3, Negative: 2, Positive: 2}, crisis.ErrInvalidSignal},
		{"hits exceed mentions", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: 1, KeywordHits: 2}, crisis.ErrInvalidSignal},
		{"negative reach", crisis.Signal{At: bucket(6), Channel: channel.X, Reach: -1}, crisis.ErrInvalidSignal},
		{"too many", crisis.Signal{At: bucket(6), Channel: channel.X, Mentions: crisis.MaxCount + 1}, crisis.ErrInvalidSignal},
		{"year 10000", crisis.Signal{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), Channel: channel.X}, crisis.ErrInvalidSignal},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := make([]crisis.Alert, 0, 1)
			out, err := det.Observe(c.s, dst)
			assert.ErrorIs(t, err, c.want)
			assert.Empty(t, out)
			after, err := json.Marshal(det)
			require.NoError(t, err)
			assert.JSONEq(t, string(before), string(after))
		})
	}
	// Another channel in the same bucket is fine; so is a later bucket.
	_, err = det.Observe(crisis.Signal{At: bucket(5), Channel: channel.Instagram, Mentions: 3}, nil)
	assert.NoError(t, err)
	_, err = det.Observe(crisis.Signal{At: bucket(9), Channel: channel.Instagram}, nil)
	assert.NoError(t, err)
}
