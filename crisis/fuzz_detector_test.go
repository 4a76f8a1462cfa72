package crisis_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// signalsFrom turns fuzz bytes into a series: each 8-byte record moves
// 0–3 buckets on (sometimes back), picks a channel, and sets counts.
func signalsFrom(data []byte) []crisis.Signal {
	var out []crisis.Signal
	at := t0
	chans := channel.All()
	for len(data) >= 8 {
		r := data[:8]
		data = data[8:]
		step := int(r[0]%5) - 1 // -1 … 3 buckets: some out of order
		at = at.Add(time.Duration(step) * 5 * time.Minute)
		s := crisis.Signal{At: at, Channel: chans[int(r[1])%len(chans)]}
		if r[1] == 255 {
			s.Channel = "myspace"
		}
		if r[0] == 255 {
			s.At = s.At.Add(time.Second) // misaligned
		}
		s.Mentions = int64(binary.LittleEndian.Uint16(r[2:4]))
		s.Negative = int64(r[4]) * s.Mentions / 255
		s.Positive = int64(r[5]) * (s.Mentions - s.Negative) / 255
		s.KeywordHits = int64(r[6]) * s.Mentions / 255
		s.Reach = int64(r[7]) * 20_000
		if r[7] == 255 {
			s.Negative = s.Mentions + 1 // invalid
		}
		out = append(out, s)
	}
	return out
}

// FuzzDetector feeds arbitrary series: the detector never panics, errors
// leave its state unchanged, alerts name real levels, evidence sits on the
// side of its threshold its decision says, and saving and restoring at any
// point changes nothing.
func FuzzDetector(f *testing.F) {
	f.Add([]byte{1, 0, 10, 0, 30, 10, 5, 1, 1, 2, 200, 0, 200, 0, 100, 60}, uint8(1))
	f.Add([]byte{1, 0, 0, 1, 255, 0, 255, 255, 0, 0, 0, 8, 255, 0, 255, 255, 4, 3, 1, 1, 0, 0, 0, 0, 255, 255, 1, 1, 1, 1, 1, 1}, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		p := samplePlan()
		p.Triggers[0].Baseline = d("1h") // short baselines reach judging sooner
		p.Triggers[4].Span = d("30m")
		levels := map[string]bool{}
		for _, l := range p.Levels {
			levels[l.Name] = true
		}
		series := signalsFrom(data)
		whole, err := crisis.NewDetector(p)
		if err != nil {
			t.Fatal(err)
		}
		first, err := crisis.NewDetector(p)
		if err != nil {
			t.Fatal(err)
		}
		var a, b []crisis.Alert
		cut := int(split) % (len(series) + 1)
		current := first
		for i, s := range series {
			if i == cut {
				saved, err := json.Marshal(current)
				if err != nil {
					t.Fatal(err)
				}
				current, _ = crisis.NewDetector(p)
				if err := json.Unmarshal(saved, current); err != nil {
					t.Fatalf("restore: %v", err)
				}
			}
			before, _ := json.Marshal(whole)
			var errW, errC error
			n := len(a)
			a, errW = whole.Observe(s, a)
			b, errC = current.Observe(s, b)
			if (errW == nil) != (errC == nil) {
				t.Fatalf("signal %d: %v vs %v", i, errW, errC)
			}
			if errW != nil {
				if len(a) != n {
					t.Fatalf("alerts on error")
				}
				after, _ := json.Marshal(whole)
				if string(before) != string(after) {
					t.Fatalf("error %v changed the state", errW)
				}
			}
		}
		// A zero Detector refuses every signal, batch and instant, and
		// has no state to save.
		var zero crisis.Detector
		for _, s := range series {
			if _, err := zero.Observe(s, nil); !errors.Is(err, crisis.ErrBadState) {
				t.Fatalf("zero Detector observed %+v: %v", s, err)
			}
			if _, err := zero.Advance(s.At, nil); !errors.Is(err, crisis.ErrBadState) {
				t.Fatalf("zero Detector advanced: %v", err)
			}
		}
		if _, n, err := zero.ObserveBatch(series, nil); n != 0 || !errors.Is(err, crisis.ErrBadState) {
			t.Fatalf("zero Detector observed a batch: %d, %v", n, err)
		}
		if _, err := zero.MarshalJSON(); !errors.Is(err, crisis.ErrBadState) {
			t.Fatalf("zero Detector saved: %v", err)
		}

		// ObserveBatch over the same series, in batches that end where
		// Observe refused a signal, gives the same alerts and state.
		batched, _ := crisis.NewDetector(p)
		var c []crisis.Alert
		for rest := series; len(rest) > 0; {
			var n int
			var err error
			if c, n, err = batched.ObserveBatch(rest, c); err != nil {
				rest = rest[n+1:]
			} else {
				rest = rest[n:]
			}
		}
		end := t0.Add(time.Duration(len(series)+2) * 15 * time.Minute)
		a, _ = whole.Advance(end, a)
		b, _ = current.Advance(end, b)
		c, _ = batched.Advance(end, c)
		if ja, jc := mustJSON(t, a), mustJSON(t, c); ja != jc {
			t.Fatalf("ObserveBatch diverged from Observe:\n%s\n%s", ja, jc)
		}
		if sa, sc := mustJSON(t, whole), mustJSON(t, batched); sa != sc {
			t.Fatalf("ObserveBatch left another state")
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Fatalf("restored detector diverged:\n%s\n%s", ja, jb)
		}
		for _, al := range a {
			if !levels[al.Level] || len(al.Evidence) == 0 || !al.Since.Before(al.At) {
				t.Fatalf("bad alert %+v", al)
			}
		}
		checkEvidence(t, a)
		sa, _ := json.Marshal(whole)
		sb, _ := json.Marshal(current)
		if string(sa) != string(sb) {
			t.Fatalf("states diverged")
		}
	})
}
