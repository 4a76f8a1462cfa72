package crisis_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

func TestUncertainTakesHigherLevel(t *testing.T) {
	// Volume fires (moderate) while the negative share is 0.369: within
	// the 10% margin of high's 0.4, so the alert is high and uncertain.
	sig := series(166, func(i int) crisis.Signal {
		if i < 156 {
			return crisis.Signal{Mentions: 10, Negative: 3}
		}
		return crisis.Signal{Mentions: 40, Negative: 15}
	})
	p := planWith(trigger(t, "volume-spike"), trigger(t, "negative-share"))
	alerts := run(t, p, sig)
	require.Equal(t, []time.Time{bucket(165)}, at(alerts))
	a := alerts[0]
	assert.Equal(t, "high", a.Level)
	assert.True(t, a.Uncertain)
	require.Len(t, a.Evidence, 2)
	assert.True(t, a.Evidence[0].Fired)
	assert.False(t, a.Evidence[1].Fired)
	assert.Equal(t, "negative-share", a.Evidence[1].Trigger)
	assert.True(t, a.Evidence[1].Observed.Equal(num("0.3692")), a.Evidence[1].Observed.String())

	// Without a margin the same series is a plain moderate alert.
	p.Detection.Margin = num("0")
	alerts = run(t, p, sig)
	require.Len(t, alerts, 1)
	assert.Equal(t, "moderate", alerts[0].Level)
	assert.False(t, alerts[0].Uncertain)
}

func TestConfirmationWindow(t *testing.T) {
	// One bucket over the flood threshold is not enough when the trigger
	// asks for three.
	flood := trigger(t, "flood")
	flood.Confirm = d("15m")
	flood.Window = d("5m")
	flood.Threshold = num("100")
	sig := series(12, func(i int) crisis.Signal {
		switch i {
		case 2, 5, 6, 8, 9, 10:
			return crisis.Signal{Mentions: 200}
		}
		return crisis.Signal{Mentions: 1}
	})
	alerts := run(t, planWith(flood), sig)
	require.Equal(t, []time.Time{bucket(11)}, at(alerts))
	assert.Equal(t, bucket(8), alerts[0].Since.UTC())
}

func TestAlertWaitsForBucketToClose(t *testing.T) {
	det, err := crisis.NewDetector(planWith(trigger(t, "flood")))
	require.NoError(t, err)
	alerts, err := det.Observe(crisis.Signal{At: bucket(0), Channel: channel.X, Mentions: 2000}, nil)
	require.NoError(t, err)
	assert.Empty(t, alerts, "the bucket may still receive signals")
	alerts, err = det.Advance(bucket(0).Add(4*time.Minute), alerts)
	require.NoError(t, err)
	assert.Empty(t, alerts, "advancing inside the bucket closes nothing")
	alerts, err = det.Advance(bucket(1), alerts)
	require.NoError(t, err)
	require.Len(t, alerts, 1)
	_, err = det.Observe(crisis.Signal{At: bucket(0), Channel: channel.Instagram, Mentions: 1}, nil)
	assert.ErrorIs(t, err, crisis.ErrOutOfOrder, "a closed bucket takes no more signals")
	_, err = det.Advance(bucket(0), nil)
	assert.ErrorIs(t, err, crisis.ErrOutOfOrder)
	// The bucket advanced to is open for signals.
	_, err = det.Observe(crisis.Signal{At: bucket(1), Channel: channel.Instagram, Mentions: 1}, nil)
	assert.NoError(t, err)
}

func TestAlertJSONRoundTrip(t *testing.T) {
	alerts := run(t, samplePlan(), slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 3})))
	require.NotEmpty(t, alerts)
	b, err := json.Marshal(alerts)
	require.NoError(t, err)
	var back []crisis.Alert
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	for i := range alerts {
		assert.True(t, alerts[i].At.Equal(back[i].At))
		for j, e := range alerts[i].Evidence {
			assert.True(t, e.Observed.Equal(back[i].Evidence[j].Observed))
			assert.True(t, e.Threshold.Equal(back[i].Evidence[j].Threshold))
		}
	}
}
