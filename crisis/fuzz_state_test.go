package crisis_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// statePlan is the sample plan with short baselines, which judge sooner,
// and a trigger on Instagram, which gives the detector a second ring.
func statePlan() *crisis.Plan {
	p := samplePlan()
	p.Triggers[0].Baseline = d("1h")
	p.Triggers[4].Span = d("30m")
	p.Triggers = append(p.Triggers, crisis.Trigger{Name: "ig-share", Kind: crisis.TriggerNegativeShare, Level: "moderate", Channel: channel.Instagram,
		Window: d("20m"), Share: num("0.5"), Threshold: num("10"), Confirm: d("10m"), Cooldown: d("1h")})
	return p
}

// mutateState changes one field of a saved state: leaf which−1 (of its
// numbers, booleans and strings, in the order of their paths), set to
// value or moved by a little of it.
func mutateState(saved []byte, which uint16, value int64) []byte {
	dec := json.NewDecoder(bytes.NewReader(saved))
	dec.UseNumber()
	var root any
	if dec.Decode(&root) != nil {
		return saved
	}
	type leaf struct {
		v   any
		set func(any)
	}
	var leaves []leaf
	var walk func(v any, set func(any))
	walk = func(v any, set func(any)) {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k], func(n any) { x[k] = n })
			}
		case []any:
			for i := range x {
				walk(x[i], func(n any) { x[i] = n })
			}
		default:
			leaves = append(leaves, leaf{v, set})
		}
	}
	walk(root, nil)
	l := leaves[int(which-1)%len(leaves)]
	set := which&0x8000 != 0
	switch x := l.v.(type) {
	case json.Number:
		n, _ := x.Int64()
		if set {
			n = value
		} else {
			n += value % 4
		}
		l.set(json.Number(strconv.FormatInt(n, 10)))
	case bool:
		l.set(!x)
	case string:
		if v, err := decimal.NewFromString(x); err == nil {
			delta := decimal.New(value%1000, -int32(which%24))
			if set {
				v = delta
			} else {
				v = v.Add(delta)
			}
			l.set(v.String())
		} else {
			l.set(x + "x")
		}
	}
	out, _ := json.Marshal(root)
	return out
}

// FuzzDetectorState restores arbitrary JSON, and the state of a detector
// stopped anywhere in a spike with one field changed: never a panic. A
// refused state is ErrBadState or ErrStateMismatch and leaves the detector
// unchanged. An accepted one saves as it was read and keeps working: fed
// the rest of the spike, Observe and ObserveBatch agree, alerts are well
// formed and their evidence sits on the side of its threshold its
// decision says. And a state restored unchanged continues exactly as the
// detector that was never saved.
func FuzzDetectorState(f *testing.F) {
	p := statePlan()
	if _, err := crisis.NewDetector(p); err != nil {
		f.Fatal(err)
	}
	spike := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 7, Buckets: 200, SpikeAt: 120}))
	det, _ := crisis.NewDetector(p)
	_, _, _ = det.ObserveBatch(spike[:60], nil)
	saved, _ := json.Marshal(det)
	f.Add(saved, uint16(0), int64(0), uint16(0))
	f.Add([]byte(`{"version":1}`), uint16(0), int64(0), uint16(0))
	for _, cut := range []uint16{0, 1, 7, 60, 250, 262, 300} {
		f.Add([]byte(nil), uint16(0), int64(0), cut)
		for which := range uint16(40) {
			f.Add([]byte(nil), which*7+1, int64(which%5)-2, cut)
		}
	}
	f.Add([]byte(nil), uint16(0x8003), int64(math.MaxInt64), uint16(262))
	f.Fuzz(func(t *testing.T, data []byte, which uint16, value int64, cut uint16) {
		k := int(cut) % (len(spike) + 1)
		base, _ := crisis.NewDetector(p)
		_, n, err := base.ObserveBatch(spike[:k], nil)
		if err != nil || n != k {
			t.Fatalf("the spike: %d, %v", n, err)
		}
		saved := mustJSON(t, base)
		state := data
		if len(data) == 0 {
			state = []byte(saved)
			if which != 0 {
				state = mutateState(state, which, value)
			}
		}
		d, _ := crisis.NewDetector(p)
		fresh := mustJSON(t, d)
		if err := d.UnmarshalJSON(state); err != nil {
			if !errors.Is(err, crisis.ErrBadState) && !errors.Is(err, crisis.ErrStateMismatch) {
				t.Fatalf("refused with %v", err)
			}
			if mustJSON(t, d) != fresh {
				t.Fatalf("a refused state changed the detector")
			}
			if string(state) == saved {
				t.Fatalf("the saved state is refused: %v", err)
			}
			return
		}
		read := mustJSON(t, d)
		again, _ := crisis.NewDetector(p)
		if err := json.Unmarshal([]byte(read), again); err != nil {
			t.Fatalf("accepted state does not restore once saved: %v", err)
		}
		if mustJSON(t, again) != read {
			t.Fatalf("accepted state does not save as it was read")
		}
		// The rest of the spike, one by one and in batches.
		rest := spike[k:]
		var a, b []crisis.Alert
		var refused []int
		for i, s := range rest {
			var err error
			if a, err = d.Observe(s, a); err != nil {
				refused = append(refused, i)
			}
		}
		for i := 0; i < len(rest); {
			var n int
			var err error
			b, n, err = again.ObserveBatch(rest[i:], b)
			if i += n; err != nil {
				if !slices.Contains(refused, i) {
					t.Fatalf("ObserveBatch refused signal %d, Observe did not: %v", i, err)
				}
				i++
			}
		}
		end := spike[len(spike)-1].At.Add(time.Hour)
		var errA, errB error
		a, errA = d.Advance(end, a)
		b, errB = again.Advance(end, b)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("Advance: %v vs %v", errA, errB)
		}
		if ja, jb := mustJSON(t, a), mustJSON(t, b); ja != jb {
			t.Fatalf("ObserveBatch diverged from Observe:\n%s\n%s", ja, jb)
		}
		if mustJSON(t, d) != mustJSON(t, again) {
			t.Fatalf("ObserveBatch left another state")
		}
		levels := map[string]bool{}
		for _, l := range p.Levels {
			levels[l.Name] = true
		}
		for _, al := range a {
			if !levels[al.Level] || len(al.Evidence) == 0 || !al.Since.Before(al.At) {
				t.Fatalf("bad alert %+v", al)
			}
		}
		checkEvidence(t, a)
		if read != saved {
			return
		}
		// Unchanged: exactly the detector that never stopped.
		if len(refused) != 0 {
			t.Fatalf("the spike's signals %v refused after a restore", refused)
		}
		want, _, _ := base.ObserveBatch(rest, nil)
		want, _ = base.Advance(end, want)
		if jw, ja := mustJSON(t, want), mustJSON(t, a); jw != ja {
			t.Fatalf("restored detector diverged:\n%s\n%s", jw, ja)
		}
		if mustJSON(t, base) != mustJSON(t, d) {
			t.Fatalf("states diverged")
		}
	})
}
