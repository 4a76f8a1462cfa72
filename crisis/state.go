package crisis

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/strictjson"
)

// stateVersion is the format of a saved detector state. Version 2 saves a
// deviation trigger's mean and variance as the exact decimals of their
// fixed-point values; version 1 saved them as float64 numbers. A version-1
// state is still read: its mean and variance are rounded to the nearest
// fixed-point values.
const stateVersion = 2

// fingerprint identifies what a detector's state depends on: the detection
// settings, the triggers and the ladder. A state saved under one plan cannot
// be restored under a plan with other triggers.
func fingerprint(p *Plan) (string, error) {
	type rung struct {
		Name string `json:"name"`
		Rank int    `json:"rank"`
	}
	ladder := make([]rung, len(p.Levels))
	for i, l := range p.Levels {
		ladder[i] = rung{l.Name, l.Rank}
	}
	b, err := json.Marshal(struct {
		Zone      string    `json:"zone"`
		Detection Detection `json:"detection"`
		Triggers  []Trigger `json:"triggers"`
		Ladder    []rung    `json:"ladder"`
	}{p.Zone, p.Detection, p.Triggers, ladder})
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16]), nil
}

// detectorState is the saved form of a Detector.
type detectorState struct {
	Version  int          `json:"version"`
	Plan     string       `json:"plan"`
	Started  bool         `json:"started"`
	Bucket   int64        `json:"bucket"`
	Open     []openState  `json:"open,omitempty"`
	Scopes   []scopeState `json:"scopes"`
	Triggers []trigState  `json:"triggers"`
}

// openState is one channel's signal in the bucket being filled.
type openState struct {
	Channel     channel.Channel `json:"channel"`
	Mentions    int64           `json:"mentions"`
	Negative    int64           `json:"negative"`
	KeywordHits int64           `json:"keywordHits"`
	Reach       int64           `json:"reach"`
}

type scopeState struct {
	Channel channel.Channel   `json:"channel,omitempty"`
	Pos     int               `json:"pos"`
	Filled  int               `json:"filled"`
	Cum     [nMetrics]int64   `json:"cum"`
	Ring    [][nMetrics]int64 `json:"ring"`
}

type trigState struct {
	Name  string          `json:"name"`
	Run   int             `json:"run"`
	Since int64           `json:"since"`
	Fired bool            `json:"fired"`
	Last  int64           `json:"last"`
	Mean  decimal.Decimal `json:"mean,omitzero" strictjson:"wide"`
	Var   decimal.Decimal `json:"var,omitzero" strictjson:"wide"`
	N     int             `json:"n,omitempty"`
	Held  int             `json:"held,omitempty"`
}

// fixedDecimal returns x/2^shift as an exact decimal (x·5^shift/10^shift).
func fixedDecimal(x *big.Int, shift uint) decimal.Decimal {
	f := new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(shift)), nil)
	return decimal.NewFromBigInt(f.Mul(f, x), -int32(shift))
}

// fixed returns x·2^shift, the fixed-point value of a saved decimal x ≥ 0,
// which must be whole unless round (a version-1 state, whose float64 is
// rounded half up to the unit). Sizes far beyond every bound are refused
// before any arithmetic.
func fixed(x decimal.Decimal, shift uint, round bool) (*big.Int, bool) {
	switch {
	case x.Sign() < 0:
		return nil, false
	case x.IsZero():
		return new(big.Int), true
	case x.NumDigits() > 80 || x.Exponent() > 80:
		return nil, false
	case x.Exponent() < -80:
		// A float64 has at most 17 digits: this one is below 10^-63
		// and rounds to 0.
		return new(big.Int), round && x.NumDigits() <= 17
	}
	r := new(big.Rat).Mul(x.Rat(), new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), shift)))
	if r.IsInt() {
		return new(big.Int).Set(r.Num()), true
	}
	if !round {
		return nil, false
	}
	return roundAt(r, 0).BigInt(), true
}

// ringOK reports whether a saved ring is one the detector could have
// written for a scope whose buckets count at most most: every bucket's
// counts (differences of running totals, which may wrap) are within
// [0, most], its negative mentions and keyword hits within its mentions,
// the running totals end at cum, and a ring not filled yet is filled from
// its start, the rest zero. So a restored window total is never negative
// nor beyond the bounds the exact tests assume.
func ringOK(ss scopeState, most int64) bool {
	n := len(ss.Ring)
	if n == 0 {
		return ss.Cum == [nMetrics]int64{}
	}
	if ss.Filled < n {
		if ss.Pos != ss.Filled {
			return false
		}
		for _, e := range ss.Ring[ss.Pos:] {
			if e != [nMetrics]int64{} {
				return false
			}
		}
	}
	if ss.Cum != ss.Ring[(ss.Pos+n-1)%n] {
		return false
	}
	for k := range n - 1 { // every bucket but the oldest, newest first
		i := (ss.Pos - 1 - k + 2*n) % n
		a, b := ss.Ring[i], ss.Ring[(i+n-1)%n]
		m, g, h, pad := a[mMentions]-b[mMentions], a[mNegative]-b[mNegative], a[mHits]-b[mHits], a[3]-b[3]
		if m < 0 || m > most || g < 0 || g > m || h < 0 || h > m || pad != 0 {
			return false
		}
	}
	return true
}

// MarshalJSON saves the detector's state: the bucket being filled, the ring
// buffers, the moving baselines and the triggers' confirmation runs and
// cooldowns. Restoring it into a detector built from the same plan and
// feeding the rest of the signals gives exactly the alerts the detector
// would have given had it never stopped.
//
// A zero or nil Detector, which [NewDetector] did not build, has no state
// to save: [ErrBadState].
func (d *Detector) MarshalJSON() ([]byte, error) {
	if !d.built() {
		return nil, errZero()
	}
	st := detectorState{Version: stateVersion, Plan: d.fingerprint, Started: d.started, Bucket: d.cur}
	for i, c := range channel.All() {
		if d.seen&(1<<i) != 0 {
			o := d.open[i]
			st.Open = append(st.Open, openState{Channel: c, Mentions: o[mMentions], Negative: o[mNegative], KeywordHits: o[mHits], Reach: d.reach[i]})
		}
	}
	for _, s := range d.scopes {
		ss := scopeState{Pos: s.pos, Filled: s.filled, Cum: s.cum, Ring: s.ring}
		if s.ch >= 0 {
			ss.Channel = channel.All()[s.ch]
		}
		st.Scopes = append(st.Scopes, ss)
	}
	for _, t := range d.trigs {
		ts := trigState{Name: t.name, Run: t.run, Since: t.since, Fired: t.fired, Last: t.last}
		if t.kind == kDeviation {
			v := d.devs[t.k]
			ts.Mean, ts.Var = fixedDecimal(big.NewInt(v.mean), meanShift), fixedDecimal(v.vr.big(), 2*meanShift)
			ts.N, ts.Held = v.n, v.held
		}
		st.Triggers = append(st.Triggers, ts)
	}
	return json.Marshal(st)
}

// UnmarshalJSON restores a state saved by [Detector.MarshalJSON] into a
// detector built by [NewDetector]. A state from a plan with other triggers
// is [ErrStateMismatch]; a malformed or inconsistent one is [ErrBadState].
// On error the detector is unchanged. A zero or nil Detector refuses
// every state with ErrBadState: build it with NewDetector first.
func (d *Detector) UnmarshalJSON(data []byte) error {
	if !d.built() {
		return errZero()
	}
	var st detectorState
	if err := strictjson.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("%w: %w", ErrBadState, err)
	}
	if st.Version != stateVersion && st.Version != 1 {
		return fmt.Errorf("%w: version %d, want %d", ErrBadState, st.Version, stateVersion)
	}
	if st.Plan != d.fingerprint {
		return fmt.Errorf("%w: state of plan %s, detector of plan %s", ErrStateMismatch, st.Plan, d.fingerprint)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadState}, args...)...)
	}
	if st.Bucket < floorDiv(minUnix, d.w) || st.Bucket > floorDiv(maxUnix, d.w) {
		return bad("bucket %d out of range", st.Bucket)
	}
	var seen uint32
	var open [maxChannels][nMetrics]int64
	var reach [maxChannels]int64
	for _, o := range st.Open {
		ci := channelIndex(o.Channel)
		switch {
		case ci < 0 || seen&(1<<ci) != 0:
			return bad("open channel %q unknown or repeated", o.Channel)
		case (Signal{Channel: o.Channel, Mentions: o.Mentions, Negative: o.Negative, KeywordHits: o.KeywordHits, Reach: o.Reach}).check() != nil:
			return bad("open signal of %s has impossible counts", o.Channel)
		}
		seen |= 1 << ci
		open[ci] = [nMetrics]int64{mMentions: o.Mentions, mNegative: o.Negative, mHits: o.KeywordHits}
		reach[ci] = o.Reach
	}
	if !st.Started && (seen != 0 || st.Bucket != 0) {
		return bad("a detector that has not started has no bucket")
	}
	if len(st.Scopes) != len(d.scopes) || len(st.Triggers) != len(d.trigs) {
		return bad("%d scopes and %d triggers, want %d and %d", len(st.Scopes), len(st.Triggers), len(d.scopes), len(d.trigs))
	}
	for i, ss := range st.Scopes {
		s := d.scopes[i]
		ci := -1
		if ss.Channel != "" {
			ci = channelIndex(ss.Channel)
		}
		switch {
		case ci != s.ch || (ss.Channel != "" && ci < 0):
			return bad("scope %d is for channel %q", i, ss.Channel)
		case len(ss.Ring) != len(s.ring):
			return bad("scope %d keeps %d buckets, want %d", i, len(ss.Ring), len(s.ring))
		case ss.Pos < 0 || ss.Pos >= max(len(s.ring), 1) || ss.Filled < 0 || ss.Filled > len(s.ring):
			return bad("scope %d position %d or fill %d out of range", i, ss.Pos, ss.Filled)
		case !ringOK(ss, maxCount(s.ch)):
			return bad("scope %d has impossible counts", i)
		}
	}
	minBucket := floorDiv(minUnix, d.w)
	means, vars := make([]int64, len(d.devs)), make([]u128, len(d.devs))
	for i, ts := range st.Triggers {
		t := d.trigs[i]
		switch {
		case ts.Name != t.name:
			return bad("trigger %d is %q, want %q", i, ts.Name, t.name)
		case ts.Run < 0 || ts.Run > t.confirm:
			return bad("trigger %q run %d out of range", t.name, ts.Run)
		case ts.Since > st.Bucket || ts.Last > st.Bucket:
			return bad("trigger %q refers to a later bucket", t.name)
		case ts.Since < minBucket || ts.Last < minBucket:
			return bad("trigger %q refers to a bucket before the year 1", t.name)
		}
		if t.kind != kDeviation {
			if !ts.Mean.IsZero() || !ts.Var.IsZero() || ts.N != 0 || ts.Held != 0 {
				return bad("trigger %q has no moving baseline", t.name)
			}
			continue
		}
		v := d.devs[t.k]
		if ts.N < 0 || ts.N > v.warm || ts.Held < 0 || ts.Held > v.warm {
			return bad("trigger %q warm-up %d or hold %d out of range", t.name, ts.N, ts.Held)
		}
		// The bounds foldSmall and foldWide keep: 0 ≤ mean ≤ U, 0 ≤ var ≤ U².
		u := big.NewInt(v.most)
		mean, okM := fixed(ts.Mean, meanShift, st.Version == 1)
		vr, okV := fixed(ts.Var, 2*meanShift, st.Version == 1)
		if !okM || !okV || mean.Cmp(u) > 0 || vr.Cmp(u.Mul(u, u)) > 0 {
			return bad("trigger %q has a malformed baseline", t.name)
		}
		means[t.k], vars[t.k] = mean.Int64(), u128From(vr)
	}
	// Everything checked: apply.
	d.started, d.cur, d.curSec, d.seen = st.Started, st.Bucket, st.Bucket*d.w, seen
	d.open, d.reach = open, reach
	for i, ss := range st.Scopes {
		s := &d.scopes[i]
		s.pos, s.filled, s.cum = ss.Pos, ss.Filled, ss.Cum
		s.last, s.closed = [nMetrics]int64{}, 0
		copy(s.ring, ss.Ring)
	}
	for i := range d.scopes {
		d.scopes[i].rebound()
	}
	d.dueGuards()
	d.running = 0
	for i, ts := range st.Triggers {
		t := &d.trigs[i]
		t.run, t.since, t.fired, t.last = ts.Run, ts.Since, ts.Fired, ts.Last
		if t.run > 0 {
			d.running |= 1 << i
		}
		if t.kind == kDeviation {
			v := &d.devs[t.k]
			v.mean, v.vr, v.n, v.held = means[t.k], vars[t.k], ts.N, ts.Held
		}
	}
	return nil
}
