package crisis_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

func TestVolumeAgainstOwnBaseline(t *testing.T) {
	// 13 quiet hours of 10 mentions per bucket, then 40 per bucket.
	sig := series(200, func(i int) crisis.Signal {
		if i < 156 {
			return crisis.Signal{Mentions: 10, Negative: 2}
		}
		return crisis.Signal{Mentions: 40, Negative: 2}
	})
	alerts := run(t, planWith(trigger(t, "volume-spike")), sig)
	// The condition first holds in bucket 163 (4×10 + 8×40 = 360 against
	// 3 × 1440 scaled to one hour = 360); confirmed one bucket later; the
	// cooldown of an hour lets it fire again 12 buckets later; from
	// bucket 184 the spike has entered the baseline enough to stop it.
	require.Equal(t, []time.Time{bucket(165), bucket(177)}, at(alerts))
	a := alerts[0]
	assert.Equal(t, "moderate", a.Level)
	assert.False(t, a.Uncertain)
	assert.Equal(t, bucket(163), a.Since.UTC())
	assert.Equal(t, "Europe/Madrid", a.At.Location().String())
	require.Len(t, a.Evidence, 1)
	e := a.Evidence[0]
	assert.Equal(t, "volume-spike", e.Trigger)
	assert.Equal(t, crisis.TriggerVolume, e.Kind)
	assert.True(t, e.Fired)
	assert.True(t, e.Observed.Equal(num("390")), e.Observed.String())
	assert.True(t, e.Baseline.Equal(num("360")), e.Baseline.String())
	assert.True(t, e.Threshold.Equal(num("360")), e.Threshold.String())
}

func TestVolumeWaitsForItsBaseline(t *testing.T) {
	// A spike before 13 hours of history is not judged against a baseline.
	sig := series(100, func(i int) crisis.Signal {
		if i < 50 {
			return crisis.Signal{Mentions: 1}
		}
		return crisis.Signal{Mentions: 100}
	})
	assert.Empty(t, run(t, planWith(trigger(t, "volume-spike")), sig))
}

func TestNegativeShare(t *testing.T) {
	sig := series(30, func(i int) crisis.Signal {
		if i < 12 {
			return crisis.Signal{Mentions: 10}
		}
		return crisis.Signal{Mentions: 10, Negative: 10}
	})
	alerts := run(t, planWith(trigger(t, "negative-share")), sig)
	require.NotEmpty(t, alerts)
	// 5 of 12 buckets negative reaches 0.4 in bucket 16; confirmed over
	// 15 minutes, in bucket 18.
	a := alerts[0]
	assert.Equal(t, bucket(19), a.At.UTC())
	assert.Equal(t, bucket(16), a.Since.UTC())
	assert.Equal(t, "high", a.Level)
	assert.True(t, a.Evidence[0].Observed.Equal(num("0.5833")), a.Evidence[0].Observed.String())
	assert.True(t, a.Evidence[0].Threshold.Equal(num("0.4")))
	assert.True(t, a.Evidence[0].Baseline.IsZero())
}

func TestNegativeShareNeedsEnoughMentions(t *testing.T) {
	// Every mention is negative, but the share is judged only from 40
	// mentions in the window on: bucket 3, confirmed in bucket 5.
	sig := series(8, func(int) crisis.Signal { return crisis.Signal{Mentions: 10, Negative: 10} })
	alerts := run(t, planWith(trigger(t, "negative-share")), sig)
	require.Equal(t, []time.Time{bucket(6)}, at(alerts))
	assert.Equal(t, bucket(3), alerts[0].Since.UTC())
}

func TestKeywordAndAbsolute(t *testing.T) {
	sig := series(6, func(int) crisis.Signal { return crisis.Signal{Mentions: 400, KeywordHits: 4} })
	alerts := run(t, planWith(trigger(t, "risky-keywords"), trigger(t, "flood")), sig)
	// Keyword hits reach 16 ≥ 15 in bucket 3; mentions reach 1600 ≥ 1500
	// in bucket 3 too: both fire, the highest level wins.
	require.Equal(t, []time.Time{bucket(4)}, at(alerts))
	a := alerts[0]
	assert.Equal(t, "critical", a.Level)
	assert.False(t, a.Uncertain)
	require.Len(t, a.Evidence, 2)
	assert.Equal(t, "risky-keywords", a.Evidence[0].Trigger)
	assert.Equal(t, "flood", a.Evidence[1].Trigger)
	assert.True(t, a.Evidence[1].Observed.Equal(num("1600")))
}

func TestReachIsPerChannel(t *testing.T) {
	var sig []crisis.Signal
	for i := range 4 {
		sig = append(sig,
			crisis.Signal{At: bucket(i), Channel: channel.Instagram, Mentions: 5, Reach: 3_000_000},
			crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: 5, Reach: 1000},
		)
	}
	sig = append(sig, crisis.Signal{At: bucket(4), Channel: channel.X, Mentions: 1, Reach: 1_200_000})
	alerts := run(t, planWith(trigger(t, "big-author")), sig)
	require.Equal(t, []time.Time{bucket(5)}, at(alerts))
	e := alerts[0].Evidence[0]
	assert.Equal(t, channel.X, e.Channel)
	assert.True(t, e.Observed.Equal(num("1200000")))
}

func TestDeviationFromMovingMean(t *testing.T) {
	// Negative mentions wobble between 4 and 6 for five hours, then jump.
	sig := series(70, func(i int) crisis.Signal {
		n := int64(4 + 2*(i%2))
		if i >= 60 {
			n = 40
		}
		return crisis.Signal{Mentions: 50, Negative: n}
	})
	alerts := run(t, planWith(trigger(t, "negative-surge")), sig)
	require.NotEmpty(t, alerts)
	// Holds from bucket 60, confirmed over 10 minutes in bucket 61.
	assert.Equal(t, bucket(62), alerts[0].At.UTC())
	e := alerts[0].Evidence[0]
	assert.True(t, e.Observed.Equal(num("40")))
	assert.True(t, e.Baseline.GreaterThan(num("4.5")) && e.Baseline.LessThan(num("40")), e.Baseline.String())
	assert.True(t, e.Threshold.LessThanOrEqual(e.Observed))
	assert.True(t, e.Threshold.GreaterThan(e.Baseline))
}

func TestDeviationWarmsUp(t *testing.T) {
	// A jump before a span of history is not judged.
	sig := series(20, func(i int) crisis.Signal {
		if i < 10 {
			return crisis.Signal{Mentions: 50, Negative: 1}
		}
		return crisis.Signal{Mentions: 50, Negative: 50}
	})
	assert.Empty(t, run(t, planWith(trigger(t, "negative-surge")), sig))
}
