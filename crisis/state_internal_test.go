package crisis

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// guardSeries is n buckets of X and Instagram signals from start: quiet,
// then a burst over the last burst buckets that makes every trigger of
// guardPlan hold.
func guardSeries(start time.Time, n, burst int) []Signal {
	var out []Signal
	for i := range n {
		m, g, h, r := int64(10), int64(2), int64(0), int64(1000)
		if i >= n-burst {
			m, g, h, r = 300, 200, 40, 950000
		}
		for _, c := range []channel.Channel{channel.X, channel.Instagram} {
			out = append(out, Signal{At: start.Add(time.Duration(i) * 5 * time.Minute), Channel: c, Mentions: m, Negative: g, KeywordHits: h, Reach: r})
		}
	}
	return out
}

var guardStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// savedState returns the state of a guardPlan detector fed signals, as
// its saved form.
func savedState(t *testing.T, signals []Signal) detectorState {
	t.Helper()
	d, err := NewDetector(guardPlan())
	require.NoError(t, err)
	_, n, err := d.ObserveBatch(signals, nil)
	require.NoError(t, err)
	require.Equal(t, len(signals), n)
	b, err := json.Marshal(d)
	require.NoError(t, err)
	var st detectorState
	require.NoError(t, json.Unmarshal(b, &st))
	return st
}

func (st *detectorState) trig(name string) *trigState {
	for i := range st.Triggers {
		if st.Triggers[i].Name == name {
			return &st.Triggers[i]
		}
	}
	panic(name)
}

func (st *detectorState) scope(c channel.Channel) *scopeState {
	for i := range st.Scopes {
		if st.Scopes[i].Channel == c {
			return &st.Scopes[i]
		}
	}
	panic(c)
}

// rotate moves a full ring's position by one, its buckets with it: the
// ring stays one the detector could have written, at another position.
func rotate(ss *scopeState) {
	n := len(ss.Ring)
	r := make([][nMetrics]int64, n)
	for i := range n {
		r[(i+1)%n] = ss.Ring[i]
	}
	ss.Ring, ss.Pos = r, (ss.Pos+1)%n
}

// TestRestoreChecksEveryInvariant tampers with saved states, one field at
// a time, each in a way the detector could never have written: restore
// refuses each with ErrBadState and a *validation.Error naming the field,
// and leaves the detector as it was.
func TestRestoreChecksEveryInvariant(t *testing.T) {
	burst := savedState(t, guardSeries(guardStart, 40, 4)) // every trigger running, some fired
	quiet := savedState(t, guardSeries(guardStart, 40, 0)) // nothing holds
	warm := savedState(t, guardSeries(guardStart, 5, 0))   // 4 buckets closed: rings and warm-up not full
	fresh := savedState(t, nil)
	require.Equal(t, 3, burst.trig("dev").Held)
	require.Equal(t, 4, warm.Scopes[0].Filled)
	bucket := func(st *detectorState) int64 { return st.Bucket }
	for _, c := range []struct {
		name  string
		base  detectorState
		path  string
		code  validation.Code
		shape func(st *detectorState)
	}{
		// What the issue found.
		{"count at MaxInt64", burst, "scopes[0].ring[6]", validation.CodeOutOfRange, func(st *detectorState) {
			st.Scopes[0].Ring[6][mMentions], st.Scopes[0].Cum[mMentions] = math.MaxInt64, math.MaxInt64
		}},
		{"open count at MaxInt64", burst, "open[0].mentions", validation.CodeOutOfRange, func(st *detectorState) { st.Open[0].Mentions = math.MaxInt64 }},
		{"run at MaxInt64", burst, "triggers[0].run", validation.CodeOutOfRange, func(st *detectorState) { st.Triggers[0].Run = math.MaxInt64 }},
		{"since at MaxInt64", burst, "triggers[0].since", validation.CodeOutOfRange, func(st *detectorState) { st.Triggers[0].Since = math.MaxInt64 }},
		{"last at MaxInt64", burst, "triggers[0].last", validation.CodeOutOfRange, func(st *detectorState) { st.Triggers[0].Last = math.MaxInt64 }},
		{"warm-up at MaxInt64", burst, "triggers[7].n", validation.CodeOutOfRange, func(st *detectorState) { st.trig("dev").N = math.MaxInt64 }},
		{"bucket at MaxInt64", burst, "bucket", validation.CodeOutOfRange, func(st *detectorState) { st.Bucket = math.MaxInt64 }},
		{"position at MaxInt64", burst, "scopes[1].pos", validation.CodeOutOfRange, func(st *detectorState) { st.Scopes[1].Pos = math.MaxInt64 }},
		{"negative bucket", burst, "scopes[0].ring[6]", validation.CodeOutOfRange, func(st *detectorState) {
			st.Scopes[0].Ring[6][mNegative] = st.Scopes[0].Ring[5][mNegative] - 1
			st.Scopes[0].Cum[mNegative] = st.Scopes[0].Ring[6][mNegative]
		}},
		{"decreasing ring", quiet, "scopes[1].ring[5]", validation.CodeOutOfRange, func(st *detectorState) {
			st.Scopes[1].Ring[5][mMentions] = st.Scopes[1].Ring[4][mMentions] - 3
		}},
		{"mean 1e300", burst, "triggers[7].mean", validation.CodeOutOfRange, func(st *detectorState) { st.trig("dev").Mean = decimal.New(1, 300) }},
		{"mean -1e300", burst, "triggers[7].mean", validation.CodeOutOfRange, func(st *detectorState) { st.trig("dev").Mean = decimal.New(-1, 300) }},
		{"version 1 mean 1e300", burst, "triggers[7].mean", validation.CodeOutOfRange, func(st *detectorState) {
			st.Version, st.trig("dev").Mean = 1, decimal.New(1, 300)
		}},
		{"totals not the sum of the buckets", burst, "scopes[0].cum", validation.CodeConflict, func(st *detectorState) { st.Scopes[0].Cum[mHits]++ }},

		// Whether the detector has started.
		{"history before the start", warm, "scopes[0].filled", validation.CodeConflict, func(st *detectorState) {
			st.Started, st.Bucket, st.Open = false, 0, nil
		}},
		{"fired before the start", fresh, "triggers[2].fired", validation.CodeConflict, func(st *detectorState) { st.Triggers[2].Fired = true }},
		{"run before the start", fresh, "triggers[2].run", validation.CodeConflict, func(st *detectorState) { st.Triggers[2].Run = 1 }},
		{"baseline before the start", fresh, "triggers[7].mean", validation.CodeConflict, func(st *detectorState) { st.trig("dev").Mean = decimal.NewFromInt(3) }},
		{"bucket at the zero instant", fresh, "bucket", validation.CodeOutOfRange, func(st *detectorState) {
			st.Started, st.Bucket = true, floorDiv(minUnix, 300)
		}},

		// Confirmation runs and cooldowns.
		{"last without firing", burst, "triggers[4].last", validation.CodeConflict, func(st *detectorState) { st.Triggers[4].Fired = false }},
		{"fired in the bucket being filled", burst, "triggers[4].last", validation.CodeOutOfRange, func(st *detectorState) { st.Triggers[4].Last = st.Bucket }},
		{"since in the bucket being filled", burst, "triggers[4].since", validation.CodeOutOfRange, func(st *detectorState) { st.Triggers[4].Since = st.Bucket }},
		{"run shorter than since says", burst, "triggers[1].run", validation.CodeConflict, func(st *detectorState) { st.trig("vol-x").Run = 1 }},
		{"since later than the run says", burst, "triggers[1].run", validation.CodeConflict, func(st *detectorState) { st.trig("vol-x").Since = bucket(st) - 1 }},
		{"run longer than the history", warm, "triggers[4].since", validation.CodeConflict, func(st *detectorState) {
			st.trig("kw").Run, st.trig("kw").Since = 1, bucket(st)-6
		}},
		{"running while not holding", quiet, "triggers[4].run", validation.CodeConflict, func(st *detectorState) {
			st.trig("kw").Run, st.trig("kw").Since = 1, bucket(st)-1
		}},
		{"holding while not running", burst, "triggers[5].run", validation.CodeConflict, func(st *detectorState) { st.trig("abs").Run = 0 }},

		// The deviation trigger's baseline.
		{"held without a run", burst, "triggers[7].held", validation.CodeConflict, func(st *detectorState) { st.trig("dev").Run = 0 }},
		{"run without being held", burst, "triggers[7].held", validation.CodeConflict, func(st *detectorState) { st.trig("dev").Held = 0 }},
		{"held shorter than the run", burst, "triggers[7].held", validation.CodeConflict, func(st *detectorState) { st.trig("dev").Held = 2 }},
		{"held before warming up", warm, "triggers[7].held", validation.CodeConflict, func(st *detectorState) {
			dv := st.trig("dev")
			dv.Held, dv.Run, dv.Since = 1, 1, bucket(st)-1
		}},
		{"baseline before any bucket", warm, "triggers[7].n", validation.CodeConflict, func(st *detectorState) { st.trig("dev").N = 0 }},
		{"baseline other than the buckets folded", warm, "triggers[7].mean", validation.CodeConflict, func(st *detectorState) {
			st.trig("dev").Mean = st.trig("dev").Mean.Add(decimal.New(152587890625, -16)) // 2^-16
		}},
		{"variance other than the buckets folded", warm, "triggers[7].var", validation.CodeConflict, func(st *detectorState) {
			st.trig("dev").Var = st.trig("dev").Var.Add(decimal.New(1, 0))
		}},
		{"warm-up other than the history", warm, "triggers[7].n", validation.CodeConflict, func(st *detectorState) { st.trig("dev").N = 3 }},

		// The scopes, together.
		{"positions of different histories", burst, "scopes[2].pos", validation.CodeConflict, func(st *detectorState) { rotate(st.scope(channel.Instagram)) }},
		{"a full ring beside one filling", warm, "scopes[0].filled", validation.CodeConflict, func(st *detectorState) { st.Scopes[0].Filled = len(st.Scopes[0].Ring) }},
		{"a channel above all channels", burst, "scopes[0].ring[6]", validation.CodeConflict, func(st *detectorState) {
			x := st.scope(channel.X)
			x.Ring[2][mMentions]++
			x.Cum[mMentions]++
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := c.base
			st.Open = append([]openState(nil), st.Open...)
			st.Scopes = append([]scopeState(nil), st.Scopes...)
			for i := range st.Scopes {
				st.Scopes[i].Ring = append([][nMetrics]int64(nil), st.Scopes[i].Ring...)
			}
			st.Triggers = append([]trigState(nil), st.Triggers...)
			// The untouched state restores.
			d, err := NewDetector(guardPlan())
			require.NoError(t, err)
			b, err := json.Marshal(st)
			require.NoError(t, err)
			require.NoError(t, d.UnmarshalJSON(b))

			c.shape(&st)
			d, err = NewDetector(guardPlan())
			require.NoError(t, err)
			before, err := json.Marshal(d)
			require.NoError(t, err)
			b, err = json.Marshal(st)
			require.NoError(t, err)
			err = d.UnmarshalJSON(b)
			require.ErrorIs(t, err, ErrBadState)
			assert.True(t, validation.Has(err, c.code, c.path), "want %s at %s: %v", c.code, c.path, err)
			after, err := json.Marshal(d)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after), "state changed")
		})
	}
}

// TestRestoreBefore1970: a detector whose buckets are before the Unix
// epoch (negative bucket numbers) saves a state that restores, and
// continues as one that never stopped.
func TestRestoreBefore1970(t *testing.T) {
	series := guardSeries(time.Date(1960, 3, 1, 0, 0, 0, 0, time.UTC), 60, 6)
	whole, err := NewDetector(guardPlan())
	require.NoError(t, err)
	want, _, err := whole.ObserveBatch(series, nil)
	require.NoError(t, err)
	require.NotEmpty(t, want)
	assertRestoresAt(t, series, want, []int{0, 1, 20, 80, 110, 115})
}

// assertRestoresAt: a detector of guardPlan saved after series[:cut] and
// restored into a fresh one raises, over the rest, the alerts want of one
// that ran the whole series, for each cut.
func assertRestoresAt(t *testing.T, series []Signal, want []Alert, cuts []int) {
	t.Helper()
	for _, cut := range cuts {
		d, err := NewDetector(guardPlan())
		require.NoError(t, err)
		got, _, err := d.ObserveBatch(series[:cut], nil)
		require.NoError(t, err)
		b, err := json.Marshal(d)
		require.NoError(t, err)
		d, err = NewDetector(guardPlan())
		require.NoError(t, err)
		require.NoError(t, d.UnmarshalJSON(b), "cut %d", cut)
		got, _, err = d.ObserveBatch(series[cut:], got)
		require.NoError(t, err)
		require.Equal(t, mustJSONi(t, want), mustJSONi(t, got), "cut %d", cut)
	}
}

// TestZeroInstantSignal: a signal whose instant is the zero time.Time is
// refused as an invalid signal by Observe, ObserveBatch and Drill.
func TestZeroInstantSignal(t *testing.T) {
	p := guardPlan()
	zero := Signal{Channel: channel.X, Mentions: 3}
	d, err := NewDetector(p)
	require.NoError(t, err)
	_, err = d.Observe(zero, nil)
	require.ErrorIs(t, err, ErrInvalidSignal)
	_, n, err := d.ObserveBatch([]Signal{zero}, nil)
	require.ErrorIs(t, err, ErrInvalidSignal)
	require.Zero(t, n)
	// Nor after the first signal of year 1, where the zero instant would be
	// the next bucket's or the same one's.
	first := Signal{At: time.Time{}.Add(-5 * time.Minute), Channel: channel.Instagram}
	_, err = d.Observe(first, nil)
	require.Error(t, err, "before the year 1")
	first.At = time.Time{}.Add(5 * time.Minute)
	_, err = d.Observe(first, nil)
	require.NoError(t, err)
	_, err = d.Observe(zero, nil)
	require.True(t, errors.Is(err, ErrInvalidSignal) || errors.Is(err, ErrOutOfOrder), "%v", err)

	rep, err := Drill(p, func(yield func(Signal) bool) { yield(zero) }, nil)
	require.ErrorIs(t, err, ErrInvalidSignal)
	require.NotNil(t, rep)
	require.Empty(t, rep.Alerts)
}

func mustJSONi(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestRestoreAfterSilence: a detector that started afresh after a silence
// longer than its horizon (empty rings and baselines, cooldowns kept)
// saves a state that restores and continues as one that never stopped.
func TestRestoreAfterSilence(t *testing.T) {
	d, err := NewDetector(guardPlan())
	require.NoError(t, err)
	series := guardSeries(guardStart, 40, 4)
	later := guardSeries(guardStart.Add(40*5*time.Minute+d.Horizon()+time.Hour), 30, 3)
	series = append(series, later...)
	whole, err := NewDetector(guardPlan())
	require.NoError(t, err)
	want, _, err := whole.ObserveBatch(series, nil)
	require.NoError(t, err)
	require.NotEmpty(t, want)
	assertRestoresAt(t, series, want, []int{78, 79, 80, 81, 82, 83, 84, 85}) // around the silence
}
