package crisis

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
)

// quietTestPlan is guardPlan with only the triggers the quiet loop takes:
// one scope with a ring (all channels), a reach trigger on X and the
// deviation trigger on X, which see only some of the signals.
func quietTestPlan() *Plan {
	p := guardPlan()
	var ts []Trigger
	for _, t := range p.Triggers {
		switch t.Name {
		case "vol-x", "share-ig":
			continue
		case "reach", "dev":
			t.Channel = channel.X
		}
		ts = append(ts, t)
	}
	p.Triggers = ts
	return p
}

func TestQuietPlanApplies(t *testing.T) {
	d, err := NewDetector(quietTestPlan())
	require.NoError(t, err)
	for _, c := range []channel.Channel{channel.X, channel.Instagram} {
		require.True(t, d.quiet[channelIndex(c)].ok, c)
	}
	g, err := NewDetector(guardPlan())
	require.NoError(t, err)
	require.False(t, g.quiet[channelIndex(channel.X)].ok, "two scopes with rings")
}

// quietSeries turns bytes into a series that is mostly one signal per
// bucket, on one channel for stretches, with bursts, gaps, a second
// channel in some buckets, and bad signals.
func quietSeries(data []byte) []Signal {
	var out []Signal
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	chans := []channel.Channel{channel.X, channel.Instagram}
	for ; len(data) >= 4; data = data[4:] {
		r := data[:4]
		step := 1
		switch r[0] % 16 {
		case 0:
			step = 0 // the same bucket: a second signal
		case 1:
			step = int(r[1] % 40) // a gap, maybe past the horizon
		}
		at = at.Add(time.Duration(step) * 5 * time.Minute)
		m := int64(r[2]) * int64(1+r[2]%7)
		neg := int64(r[3]) * m / 255
		s := Signal{At: at, Channel: chans[(r[0]>>4)%2], Mentions: m, Negative: neg, KeywordHits: neg / 2, Reach: int64(r[1]^r[3]) * 4000}
		if r[0]>>5 == 7 && r[1]%8 == 0 {
			s.Negative = m + 1 // refused
		}
		out = append(out, s)
	}
	return out
}

// checkQuiet feeds series to a detector through Observe and to another
// through ObserveBatch in batches of the given sizes, and requires the
// same alerts, errors and state.
func checkQuiet(t *testing.T, p *Plan, series []Signal, sizes func() int) {
	one, err := NewDetector(p)
	require.NoError(t, err)
	many, err := NewDetector(p)
	require.NoError(t, err)
	var a, b []Alert
	var errs []int
	for i, s := range series {
		if a, err = one.Observe(s, a); err != nil {
			errs = append(errs, i)
		}
	}
	var got []int
	for i := 0; i < len(series); {
		n := min(sizes(), len(series)-i)
		var k int
		b, k, err = many.ObserveBatch(series[i:i+n], b)
		if err != nil {
			got = append(got, i+k)
			k++
		}
		i += k
	}
	require.Equal(t, errs, got)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	require.JSONEq(t, string(ja), string(jb))
	sa, _ := json.Marshal(one)
	sb, _ := json.Marshal(many)
	require.JSONEq(t, string(sa), string(sb))
	// The guards' bounds and schedules are not saved: compare them too.
	for i := range one.scopes {
		require.Equal(t, one.scopes[i], many.scopes[i], "scope %d", i)
	}
	require.Equal(t, one.windowTrigs, many.windowTrigs)
	require.Equal(t, one.nextGuard, many.nextGuard)
	require.Equal(t, one.deviations, many.deviations)
}

// TestQuietLoopChangesNothing: ObserveBatch, which runs the quiet loop,
// gives what Observe gives, on random bursty series.
func TestQuietLoopChangesNothing(t *testing.T) {
	p := quietTestPlan()
	raised := 0
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 11))
		data := make([]byte, 4*3000)
		burst := 0
		for i := 0; i < len(data); i += 4 {
			if rng.IntN(150) == 0 {
				burst = 5 + rng.IntN(30)
			}
			data[i] = byte(2 + rng.IntN(14)) // the next bucket
			if rng.IntN(40) == 0 {
				data[i] = byte(rng.IntN(256))
			}
			if i/4/400%2 == 1 {
				data[i] |= 0x10 // stretches on Instagram
			}
			data[i+1] = byte(rng.IntN(256))
			data[i+2] = byte(rng.IntN(12))
			data[i+3] = byte(rng.IntN(60))
			if burst > 0 {
				data[i+2] += byte(rng.IntN(40))
				data[i+3] += byte(rng.IntN(190))
				burst--
			}
		}
		series := quietSeries(data)
		checkQuiet(t, p, series, func() int { return 1 + rng.IntN(300) })
		one, _ := NewDetector(p)
		alerts, _, _ := one.ObserveBatch(series, nil)
		raised += len(alerts)
	}
	require.NotZero(t, raised, "no alert: the test would prove nothing")
}

// FuzzQuiet: ObserveBatch and Observe agree on arbitrary series.
func FuzzQuiet(f *testing.F) {
	f.Add([]byte{2, 0, 10, 3, 2, 1, 200, 250, 2, 0, 0, 0, 9, 1, 255, 255}, uint8(3))
	f.Add([]byte{2, 0, 1, 0, 2, 0, 1, 0, 0, 1, 255, 200, 18, 1, 255, 255, 17, 0, 255, 128, 30, 0, 5, 5}, uint8(1))
	p := quietTestPlan()
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		checkQuiet(t, p, quietSeries(data), func() int { return 1 + int(size) })
	})
}
