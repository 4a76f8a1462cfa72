package crisis

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"

	"github.com/tandemsocial/tandem/channel"
)

// stateVersion is the format of a saved detector state.
const stateVersion = 1

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
	Name  string  `json:"name"`
	Run   int     `json:"run"`
	Since int64   `json:"since"`
	Fired bool    `json:"fired"`
	Last  int64   `json:"last"`
	Mean  float64 `json:"mean,omitempty"`
	Var   float64 `json:"var,omitempty"`
	N     int     `json:"n,omitempty"`
	Held  int     `json:"held,omitempty"`
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
			ts.Mean, ts.Var, ts.N, ts.Held = v.mean, v.vr, v.n, v.held
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
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("%w: %w", ErrBadState, err)
	}
	if st.Version != stateVersion {
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
		}
	}
	for i, ts := range st.Triggers {
		t := d.trigs[i]
		switch {
		case ts.Name != t.name:
			return bad("trigger %d is %q, want %q", i, ts.Name, t.name)
		case ts.Run < 0 || ts.Run > t.confirm:
			return bad("trigger %q run %d out of range", t.name, ts.Run)
		case ts.Since > st.Bucket || ts.Last > st.Bucket:
			return bad("trigger %q refers to a later bucket", t.name)
		}
		if t.kind != kDeviation {
			if ts.Mean != 0 || ts.Var != 0 || ts.N != 0 || ts.Held != 0 {
				return bad("trigger %q has no moving baseline", t.name)
			}
			continue
		}
		v := d.devs[t.k]
		switch {
		case ts.N < 0 || ts.N > v.warm || ts.Held < 0 || ts.Held > v.warm:
			return bad("trigger %q warm-up %d or hold %d out of range", t.name, ts.N, ts.Held)
		case !finite(ts.Mean) || !finite(ts.Var) || ts.Var < 0:
			return bad("trigger %q has a malformed baseline", t.name)
		}
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
			v.mean, v.vr, v.n, v.held = ts.Mean, ts.Var, ts.N, ts.Held
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
