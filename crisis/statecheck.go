package crisis

import (
	"fmt"
	"math/big"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// restored is what applying a checked state needs beyond its saved form.
type restored struct {
	seen  uint32
	open  [maxChannels][nMetrics]int64
	reach [maxChannels]int64
	means []int64
	vars  []u128
}

// checkState checks that a saved state is one a detector built from the
// same plan could have reached, and returns what applying it needs, or the
// first field found wrong. These are the invariants the detector keeps and
// relies on (its exact tests and fixed-point folds
// assume them; Observe cannot panic or overflow on a state that has them).
// K is the number of buckets closed since the detector started, or last
// started afresh (an Observe or Advance that closed more than its horizon
// of empty buckets at once): the state does not hold it, but its rings and
// warm-ups tell it, up to their lengths.
//
//   - bucket: 0 before the start; once started, a bucket whose start is
//     after the zero instant (the first signal's start is) and within the
//     years 1 to 9999.
//   - open: only once started; known channels, each once, with counts a
//     Signal may have.
//   - scopes: each for the plan's channel, with the plan's ring length,
//     pos in [0, len), filled in [0, len], and a ring the detector could
//     have written ([ringProblem]): every bucket's counts within 0 and the
//     most one bucket of the scope can count, its parts within its
//     mentions, the running totals at the newest slot, a ring not full
//     yet filled from its start. Before the start, every ring is empty.
//   - K: every ring has filled = min(K, len) and pos = K mod len, and
//     every deviation trigger has folded n = min(K, span) buckets, for one
//     K ≥ 0.
//   - in every bucket they both still keep, the channel scopes count no
//     more together than the all-channel scope.
//   - triggers, in plan order by name: run in [0, confirm]; a trigger that
//     fired did so in a closed bucket (last in [first bucket, bucket−1]),
//     one that never did has last 0; a run going on began in a closed
//     bucket, since, and has lasted bucket − since ≤ K buckets, of which
//     run = min(bucket − since, confirm); a trigger not running has since
//     0 or a closed bucket. Before the start, every trigger is zero.
//   - window, share and volume triggers run exactly when their condition
//     holds on the saved windows, once a bucket has closed.
//   - deviation triggers: n and held in [0, span]; held counts the
//     buckets of the run, min(bucket − since, span), and only after the
//     warm-up (n = span); the baseline is 0 while n = 0; in fixed point
//     0 ≤ mean ≤ U and 0 ≤ var ≤ U², U the most a bucket of the scope can
//     count (the bounds foldSmall and foldWide keep), on the fixed-point
//     grid (or, for a version-1 float, rounded to it); during the warm-up
//     (n < span), when the ring keeps every bucket folded in, exactly the
//     baseline they give. Other triggers keep no baseline.
//
// What no invariant ties is accepted as saved: counts within those bounds,
// and the run of a reach trigger (the largest reach of the bucket closed
// last is not saved).
func (d *Detector) checkState(st *detectorState) (*restored, *validation.FieldError) {
	first, lastB := floorDiv(minUnix, d.bucketSec)+1, floorDiv(maxUnix, d.bucketSec)
	root := validation.NewPath
	switch {
	case st.Started && (st.Bucket < first || st.Bucket > lastB):
		return nil, validation.OutOfRange(root("bucket"), st.Bucket, fmt.Sprintf("must be within %d and %d: buckets of %s after the zero instant, up to the year 9999", first, lastB, d.Bucket()))
	case !st.Started && st.Bucket != 0:
		return nil, validation.Conflict(root("bucket"), st.Bucket, "a detector that has not started has no bucket")
	case !st.Started && len(st.Open) != 0:
		return nil, validation.Conflict(root("open"), len(st.Open), "a detector that has not started has seen no signal")
	}
	r := &restored{means: make([]int64, len(d.deviations)), vars: make([]u128, len(d.deviations))}
	for i, o := range st.Open {
		p := root("open").Index(i)
		ci := channelIndex(o.Channel)
		switch {
		case ci < 0:
			return nil, validation.Invalid(p.Child("channel"), string(o.Channel), "unknown channel")
		case r.seen&(1<<ci) != 0:
			return nil, validation.Duplicate(p.Child("channel"), string(o.Channel))
		}
		if fe := openProblem(p, o); fe != nil {
			return nil, fe
		}
		r.seen |= 1 << ci
		r.open[ci] = openCounts(&o)
		r.reach[ci] = o.Reach
	}

	// Each scope on its own.
	if len(st.Scopes) != len(d.scopes) {
		return nil, validation.Invalid(root("scopes"), len(st.Scopes), fmt.Sprintf("the plan has %d scopes", len(d.scopes)))
	}
	if len(st.Triggers) != len(d.trigs) {
		return nil, validation.Invalid(root("triggers"), len(st.Triggers), fmt.Sprintf("the plan has %d triggers", len(d.trigs)))
	}
	for i := range st.Scopes {
		ss, s, p := &st.Scopes[i], &d.scopes[i], root("scopes").Index(i)
		ci, n := -1, len(s.ring)
		if ss.Channel != "" {
			ci = channelIndex(ss.Channel)
		}
		switch {
		case ci != s.ch || ss.Channel != "" && ci < 0:
			want := "all channels"
			if s.ch >= 0 {
				want = string(channel.All()[s.ch])
			}
			return nil, validation.Conflict(p.Child("channel"), string(ss.Channel), "the plan's scope is for "+want)
		case len(ss.Ring) != n:
			return nil, validation.Invalid(p.Child("ring"), len(ss.Ring), fmt.Sprintf("the plan's scope keeps %d buckets", n))
		case ss.Pos < 0 || ss.Pos >= max(n, 1):
			return nil, validation.OutOfRange(p.Child("pos"), ss.Pos, fmt.Sprintf("must be within 0 and %d", max(n, 1)-1))
		case ss.Filled < 0 || ss.Filled > n:
			return nil, validation.OutOfRange(p.Child("filled"), ss.Filled, fmt.Sprintf("must be within 0 and %d", n))
		case !st.Started && ss.Filled != 0:
			return nil, validation.Conflict(p.Child("filled"), ss.Filled, "a detector that has not started has closed no bucket")
		}
		if fe := ringProblem(p, ss, maxCount(s.ch)); fe != nil {
			return nil, fe
		}
	}

	// Each trigger's own ranges.
	for i := range st.Triggers {
		ts, t, p := &st.Triggers[i], &d.trigs[i], root("triggers").Index(i)
		switch {
		case ts.Name != t.name:
			return nil, validation.Conflict(p.Child("name"), ts.Name, fmt.Sprintf("the plan's trigger %d is %q", i, t.name))
		case ts.Run < 0 || ts.Run > t.confirm:
			return nil, validation.OutOfRange(p.Child("run"), ts.Run, fmt.Sprintf("must be within 0 and %d, the buckets it confirms over", t.confirm))
		}
		if t.engine != engineDeviation {
			for _, f := range []struct {
				name string
				zero bool
			}{{"mean", ts.Mean.IsZero()}, {"var", ts.Var.IsZero()}, {"n", ts.N == 0}, {"held", ts.Held == 0}} {
				if !f.zero {
					return nil, validation.Conflict(p.Child(f.name), nil, fmt.Sprintf("a %s trigger keeps no moving baseline", t.planKind))
				}
			}
			continue
		}
		warm := d.deviations[t.slot].warm
		switch {
		case ts.N < 0 || ts.N > warm:
			return nil, validation.OutOfRange(p.Child("n"), ts.N, fmt.Sprintf("must be within 0 and %d, the buckets of its span", warm))
		case ts.Held < 0 || ts.Held > warm:
			return nil, validation.OutOfRange(p.Child("held"), ts.Held, fmt.Sprintf("must be within 0 and %d, the buckets of its span", warm))
		}
	}

	// K, the buckets closed since the start: every ring and warm-up that
	// is not full says it; those full say it is at least their length,
	// and each ring's position says it modulo the ring's length.
	type part struct {
		at, pos *validation.Path // filled or n; pos, for a ring
		v, cap  int
		p       int
	}
	var parts []part
	for i := range st.Scopes {
		if n := len(st.Scopes[i].Ring); n > 0 {
			p := root("scopes").Index(i)
			parts = append(parts, part{p.Child("filled"), p.Child("pos"), st.Scopes[i].Filled, n, st.Scopes[i].Pos})
		}
	}
	for i := range st.Triggers {
		if t := &d.trigs[i]; t.engine == engineDeviation {
			parts = append(parts, part{at: root("triggers").Index(i).Child("n"), v: st.Triggers[i].N, cap: d.deviations[t.slot].warm})
		}
	}
	k := -1 // K, when a ring or warm-up not full says it
	for _, q := range parts {
		if q.v < q.cap {
			k = q.v
			break
		}
	}
	for j, q := range parts {
		switch {
		case k >= 0 && q.v != min(k, q.cap):
			return nil, validation.Conflict(q.at, q.v, fmt.Sprintf("%d buckets were closed since the start, as the other rings and warm-ups say: want %d", k, min(k, q.cap)))
		case k >= 0 && q.pos != nil && q.p != k%q.cap:
			return nil, validation.Conflict(q.pos, q.p, fmt.Sprintf("%d buckets were closed since the start: want %d", k, k%q.cap))
		case k < 0 && q.pos != nil:
			for _, o := range parts[:j] {
				if o.pos != nil && (q.p-o.p)%gcd(q.cap, o.cap) != 0 {
					return nil, validation.Conflict(q.pos, q.p, fmt.Sprintf("no number of closed buckets puts this ring of %d at %d and the one at %s (of %d) at %d", q.cap, q.p, o.pos, o.cap, o.p))
				}
			}
		}
	}
	kKnown := len(parts) > 0
	closed := k > 0 || k < 0 && kKnown // a bucket has closed since the start

	// The scopes together: the channels count no more than all of them.
	for a := range d.scopes {
		sa := &st.Scopes[a]
		if d.scopes[a].ch >= 0 || len(sa.Ring) == 0 {
			continue
		}
		for lag := range sa.known() {
			var sum [nCounted]int64
			for i := range st.Scopes {
				if ss := &st.Scopes[i]; i != a && len(ss.Ring) > 0 && lag < ss.known() {
					for m := range nCounted {
						sum[m] += stateTotal(ss, m, lag, lag+1)
					}
				}
			}
			for m := range nCounted {
				if sum[m] > stateTotal(sa, m, lag, lag+1) {
					n := len(sa.Ring)
					i := (sa.Pos - 1 - lag + 2*n) % n
					return nil, validation.Conflict(root("scopes").Index(a).Child("ring").Index(i), sa.Ring[i], "the channels' scopes count more in this bucket than all channels together")
				}
			}
		}
	}

	// Each trigger's state against the history.
	for i := range st.Triggers {
		ts, t, p := &st.Triggers[i], &d.trigs[i], root("triggers").Index(i)
		if !st.Started {
			for _, f := range []struct {
				name string
				zero bool
			}{{"run", ts.Run == 0}, {"since", ts.Since == 0}, {"fired", !ts.Fired}, {"last", ts.Last == 0},
				{"mean", ts.Mean.IsZero()}, {"var", ts.Var.IsZero()}, {"n", ts.N == 0}, {"held", ts.Held == 0}} {
				if !f.zero {
					return nil, validation.Conflict(p.Child(f.name), nil, "a detector that has not started has judged no bucket")
				}
			}
			continue
		}
		closedBucket := func(b int64) bool { return b >= first && b < st.Bucket }
		switch {
		case ts.Fired && !closedBucket(ts.Last):
			return nil, validation.OutOfRange(p.Child("last"), ts.Last, fmt.Sprintf("must be a closed bucket, within %d and %d", first, st.Bucket-1))
		case !ts.Fired && ts.Last != 0:
			return nil, validation.Conflict(p.Child("last"), ts.Last, "a trigger that never fired has last 0")
		case (ts.Run > 0 || ts.Since != 0) && !closedBucket(ts.Since):
			return nil, validation.OutOfRange(p.Child("since"), ts.Since, fmt.Sprintf("must be a closed bucket, within %d and %d", first, st.Bucket-1))
		}
		var streak int64 // the buckets of the run
		if ts.Run > 0 {
			streak = st.Bucket - ts.Since
			switch {
			case int64(ts.Run) != min(streak, int64(t.confirm)):
				return nil, validation.Conflict(p.Child("run"), ts.Run, fmt.Sprintf("a run since bucket %d has lasted %d buckets: want %d", ts.Since, streak, min(streak, int64(t.confirm))))
			case k >= 0 && streak > int64(k):
				return nil, validation.Conflict(p.Child("since"), ts.Since, fmt.Sprintf("a run of %d buckets, but %d were closed since the start", streak, k))
			}
		}
		switch t.engine {
		case engineWindow:
			g := &d.windowTrigs[t.slot]
			if ss := &st.Scopes[g.scope]; kKnown {
				holds := closed && g.holds(stateTotal(ss, g.metricA, 0, g.windowA), stateTotal(ss, g.metricB, g.fromB, g.toB), ss.Filled)
				if holds != (ts.Run > 0) {
					what := "does not hold"
					if holds {
						what = "holds"
					}
					return nil, validation.Conflict(p.Child("run"), ts.Run, "the trigger's condition "+what+" in the bucket closed last")
				}
			}
		case engineDeviation:
			v := &d.deviations[t.slot]
			switch {
			case int64(ts.Held) != min(streak, int64(v.warm)):
				return nil, validation.Conflict(p.Child("held"), ts.Held, fmt.Sprintf("the buckets held out of the baseline are those of the run: want %d", min(streak, int64(v.warm))))
			case ts.Held > 0 && ts.N < v.warm:
				return nil, validation.Conflict(p.Child("held"), ts.Held, "a bucket is held out of the baseline only after the warm-up")
			case ts.N == 0 && !ts.Mean.IsZero():
				return nil, validation.Conflict(p.Child("mean"), ts.Mean.String(), "no bucket has been folded into the baseline")
			case ts.N == 0 && !ts.Var.IsZero():
				return nil, validation.Conflict(p.Child("var"), ts.Var.String(), "no bucket has been folded into the baseline")
			}
			u := big.NewInt(v.maxMean)
			mean, fe := baseline(p.Child("mean"), ts.Mean, meanShift, st.Version == 1, u)
			if fe != nil {
				return nil, fe
			}
			vr, fe := baseline(p.Child("var"), ts.Var, 2*meanShift, st.Version == 1, new(big.Int).Mul(u, u))
			if fe != nil {
				return nil, fe
			}
			r.means[t.slot], r.vars[t.slot] = mean.Int64(), u128From(vr)
			// During the warm-up every bucket closed is folded in: a ring
			// that still keeps them all gives the baseline exactly.
			if ss := &st.Scopes[v.scope]; st.Version == stateVersion && ts.N < v.warm && len(ss.Ring) > 0 && ts.N <= ss.known() {
				var m int64
				var w u128
				for lag := ts.N - 1; lag >= 0; lag-- {
					m, w = foldWide(m, w, v.alpha, v.beta, stateTotal(ss, v.metric, lag, lag+1)<<meanShift-m)
				}
				switch {
				case m != r.means[t.slot]:
					return nil, validation.Conflict(p.Child("mean"), ts.Mean.String(), fmt.Sprintf("the %d buckets folded in give %s", ts.N, fixedDecimal(big.NewInt(m), meanShift)))
				case w != r.vars[t.slot]:
					return nil, validation.Conflict(p.Child("var"), ts.Var.String(), fmt.Sprintf("the %d buckets folded in give %s", ts.N, fixedDecimal(w.big(), 2*meanShift)))
				}
			}
		}
	}
	return r, nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
