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
	"github.com/tandemsocial/tandem/validation"
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

// stateError is the error of a state that restore refuses: ErrBadState,
// with a *validation.Error naming the field.
func stateError(fe *validation.FieldError) error {
	return fmt.Errorf("%w: %w", ErrBadState, validation.ErrorList{fe}.Err())
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
			st.Open = append(st.Open, openStateOf(c, &o, d.reach[i]))
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
		if t.engine == engineDeviation {
			v := d.deviations[t.slot]
			ts.Mean, ts.Var = fixedDecimal(big.NewInt(v.mean), meanShift), fixedDecimal(v.variance.big(), 2*meanShift)
			ts.N, ts.Held = v.folded, v.held
		}
		st.Triggers = append(st.Triggers, ts)
	}
	return json.Marshal(st)
}

// UnmarshalJSON restores a state saved by [Detector.MarshalJSON] into a
// detector built by [NewDetector]. A state from a plan with other triggers
// is [ErrStateMismatch]; a malformed one, or one that no detector of the
// plan could have reached (see Limits in the package documentation), is
// [ErrBadState], with a *validation.Error naming the first field found
// wrong. On error the detector is unchanged. A zero or nil Detector
// refuses every state with ErrBadState: build it with NewDetector first.
func (d *Detector) UnmarshalJSON(data []byte) error {
	if !d.built() {
		return errZero()
	}
	var st detectorState
	if err := strictjson.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("%w: %w", ErrBadState, err)
	}
	if st.Version != stateVersion && st.Version != 1 {
		return stateError(validation.OutOfRange(validation.NewPath("version"), st.Version, fmt.Sprintf("want %d (or 1)", stateVersion)))
	}
	if st.Plan != d.fingerprint {
		return fmt.Errorf("%w: state of plan %s, detector of plan %s", ErrStateMismatch, st.Plan, d.fingerprint)
	}
	r, fe := d.checkState(&st)
	if fe != nil {
		return stateError(fe)
	}
	// Everything checked: apply.
	d.started, d.cur, d.curSec, d.seen = st.Started, st.Bucket, st.Bucket*d.bucketSec, r.seen
	d.open, d.reach = r.open, r.reach
	for i, ss := range st.Scopes {
		s := &d.scopes[i]
		s.pos, s.filled, s.cum = ss.Pos, ss.Filled, ss.Cum
		s.last, s.maxReach = [nMetrics]int64{}, 0
		copy(s.ring, ss.Ring)
	}
	d.boundWins()
	d.running = 0
	for i, ts := range st.Triggers {
		t := &d.trigs[i]
		t.run, t.since, t.fired, t.last = ts.Run, ts.Since, ts.Fired, ts.Last
		if t.run > 0 {
			d.running |= 1 << i
		}
		if t.engine == engineDeviation {
			v := &d.deviations[t.slot]
			v.mean, v.variance, v.folded, v.held = r.means[t.slot], r.vars[t.slot], ts.N, ts.Held
		}
	}
	return nil
}
