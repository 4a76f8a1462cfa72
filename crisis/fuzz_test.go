package crisis_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/budget"
)

// FuzzPlan decodes arbitrary JSON as a plan and validates it: never a
// panic; a valid plan builds a detector and round-trips through JSON.
func FuzzPlan(f *testing.F) {
	good, _ := json.Marshal(samplePlan())
	f.Add(good)
	f.Add([]byte(`{"name":"x","zone":"UTC","channels":["x"],"levels":[{"name":"a","rank":1}],"detection":{"bucket":"1m"}}`))
	f.Add([]byte(`{"levels":[{"rank":-1,"escalation":{"repeat":1000000}}],"triggers":[{"kind":"volume","window":"-1h"}]}`))
	f.Add([]byte(`{"detection":{"bucket":"1ns","margin":"0.99999"},"triggers":[{"threshold":"1e400"}]}`))
	withAccounts, _ := json.Marshal(pauseAccountPlan())
	f.Add(withAccounts)
	f.Add([]byte(`{"channels":["x"],"levels":[{"statements":[{"channel":"x","account":"A","text":"t"},{"channel":"x","account":"a","text":"t"}],` +
		`"pause":{"policy":{"resume":"skip"},"for":"1h","channels":["x"],"accounts":[{"channel":"x","handle":"@a"},{"channel":"linkedin"}]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p crisis.Plan
		if json.Unmarshal(data, &p) != nil {
			return
		}
		if err := p.Validate(); err != nil {
			return
		}
		if _, err := crisis.NewDetector(&p); err != nil {
			t.Fatalf("valid plan, no detector: %v", err)
		}
		b, err := json.Marshal(&p)
		if err != nil {
			t.Fatalf("valid plan does not marshal: %v", err)
		}
		var back crisis.Plan
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("round trip no longer valid: %v", err)
		}
		b2, _ := json.Marshal(&back)
		if string(b) != string(b2) {
			t.Fatalf("round trip changed the plan:\n%s\n%s", b, b2)
		}
	})
}

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

// FuzzIncident decodes an incident and replays it, and records arbitrary
// events: never a panic; a recorded event keeps the incident valid.
func FuzzIncident(f *testing.F) {
	p := samplePlan()
	inc, _ := crisis.Open(p, "moderate", opened)
	_ = inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("10m"), By: eva})
	b, _ := json.Marshal(inc)
	f.Add(b, []byte{0, 1, 2, 3, 4, 5})
	f.Add([]byte(`{"events":[{"kind":"resolve"}]}`), []byte{5, 5, 0})
	f.Add([]byte(`{"events":[{"kind":"publish","channel":"x","account":"JaneRoe"}]}`), []byte{0, 3, 9, 15, 21, 1, 3})
	kinds := []crisis.EventKind{crisis.EventAcknowledge, crisis.EventEscalate, crisis.EventDeEscalate, crisis.EventPublish, crisis.EventComplete, crisis.EventResolve}
	// The sample plan, and one whose X statements and pauses name accounts.
	plans := []*crisis.Plan{p, pauseAccountPlan()}
	handles := []string{"", "brisa", "JANEROE", "nobody"}
	f.Fuzz(func(t *testing.T, data []byte, script []byte) {
		for _, p := range plans {
			fuzzIncident(t, p, kinds, handles, data, script)
		}
	})
}

// fuzzIncident replays a fuzzed script of events under p.
func fuzzIncident(t *testing.T, p *crisis.Plan, kinds []crisis.EventKind, handles []string, data, script []byte) {
	var in crisis.Incident
	if json.Unmarshal(data, &in) == nil {
		_, _ = in.Timeline(p, after("3h"))
		_, _ = in.Due(p, after("3h"))
		_, _ = in.Review(p)
	}
	inc, _ := crisis.Open(p, "moderate", opened)
	at := opened
	for i, c := range script {
		at = at.Add(time.Duration(int(c)%7-1) * 10 * time.Minute)
		e := crisis.Event{Kind: kinds[int(c)%len(kinds)], At: at}
		switch e.Kind {
		case crisis.EventAcknowledge:
			e.By = eva
		case crisis.EventEscalate, crisis.EventDeEscalate:
			e.Level = p.Levels[i%len(p.Levels)].Name
		case crisis.EventPublish:
			e.Channel = p.Channels[i%2]
			e.Account = handles[(int(c)/6)%len(handles)]
			e.By = []uuid.UUID{ana, bruno, carla, diego}[int(c)%4]
		case crisis.EventComplete:
			e.Step = []string{"brief-team", "legal"}[i%2]
		}
		if inc.Record(p, e) == nil {
			if err := inc.Validate(); err != nil {
				t.Fatalf("recorded event made the incident invalid: %v", err)
			}
		}
	}
	items, err := inc.Timeline(p, at.Add(time.Hour))
	if err != nil {
		t.Fatalf("timeline of a recorded incident: %v", err)
	}
	for _, it := range items {
		if !it.Status.IsValid() || !it.Kind.IsValid() {
			t.Fatalf("bad item %+v", it)
		}
	}
	if _, _, err := inc.ApplyToCalendar(p, nil, at.Add(time.Hour), nil); err != nil {
		t.Fatalf("pausing an empty calendar: %v", err)
	}
}

// FuzzEnums checks that every enum decodes strictly.
func FuzzEnums(f *testing.F) {
	for _, s := range []string{"volume", "keyword_hits", "business_days", "open", "de_escalate", "notify", "missed", "alert", "refused", "escalation", "level", "Volume", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(err error, valid bool, back []byte) {
			if err == nil && (!valid || string(back) != s) {
				t.Fatalf("accepted %q", s)
			}
		}
		var k crisis.TriggerKind
		err := k.UnmarshalText([]byte(s))
		b, _ := k.MarshalText()
		check(err, k.IsValid(), b)
		var m crisis.Metric
		err = m.UnmarshalText([]byte(s))
		b, _ = m.MarshalText()
		check(err, m.IsValid(), b)
		var u crisis.DayUnit
		err = u.UnmarshalText([]byte(s))
		b, _ = u.MarshalText()
		check(err, u.IsValid(), b)
		var st crisis.State
		err = st.UnmarshalText([]byte(s))
		b, _ = st.MarshalText()
		check(err, st.IsValid(), b)
		var ek crisis.EventKind
		err = ek.UnmarshalText([]byte(s))
		b, _ = ek.MarshalText()
		check(err, ek.IsValid(), b)
		var ik crisis.ItemKind
		err = ik.UnmarshalText([]byte(s))
		b, _ = ik.MarshalText()
		check(err, ik.IsValid(), b)
		var ss crisis.Status
		err = ss.UnmarshalText([]byte(s))
		b, _ = ss.MarshalText()
		check(err, ss.IsValid(), b)
		var en crisis.EntryKind
		err = en.UnmarshalText([]byte(s))
		b, _ = en.MarshalText()
		check(err, en.IsValid(), b)
		var an crisis.Anchor
		err = an.UnmarshalText([]byte(s))
		b, _ = an.MarshalText()
		check(err, an.IsValid(), b)
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// FuzzDrill decodes a script as JSON and builds another from bytes, and
// runs both against a short spike: never a panic, never a nil report, and
// a report whose incidents are numbered from 1 and whose timeline is in
// order. A script that decodes round-trips through JSON.
func FuzzDrill(f *testing.F) {
	good, _ := json.Marshal(crisis.DrillOptions{Responses: []crisis.Response{
		{After: d("10m"), From: crisis.AnchorLevel, Kind: crisis.EventAcknowledge, By: eva},
		{After: d("20m"), From: crisis.AnchorLevel, OnLevel: "critical", Kind: crisis.EventPublish, Channel: channel.X, By: carla},
		{After: d("6h"), Kind: crisis.EventResolve},
	}})
	f.Add(good, []byte{0, 0, 1, 0, 1, 1, 3, 2, 2, 3, 4, 3})
	f.Add([]byte(`{"responses":[{"after":"-1m","from":"alert","onLevel":"nope","kind":"resolve"}]}`), []byte{1, 2, 0, 1, 2, 1, 0, 2})
	f.Add([]byte(`{"responses":[{"from":""}]}`), []byte{})
	f.Add([]byte(`{"responses":[{}]}`), []byte{})
	p := samplePlan()
	series := slices.Collect(crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1, Buckets: 150, SpikeAt: 90}))
	anchors := []crisis.Anchor{"", crisis.AnchorOpen, crisis.AnchorLevel, crisis.AnchorEscalation, crisis.AnchorAlert}
	kinds := []crisis.EventKind{crisis.EventAcknowledge, crisis.EventEscalate, crisis.EventDeEscalate, crisis.EventPublish, crisis.EventComplete, crisis.EventResolve}
	check := func(t *testing.T, opts *crisis.DrillOptions) {
		rep, err := crisis.Drill(p, slices.Values(series), opts)
		if rep == nil {
			t.Fatalf("nil report (%v)", err)
		}
		for i, e := range rep.Timeline {
			if e.Incident < 1 || e.Incident > len(rep.Incidents) || !e.Kind.IsValid() {
				t.Fatalf("bad entry %+v of %d incidents", e, len(rep.Incidents))
			}
			if i > 0 && e.At.Before(rep.Timeline[i-1].At) {
				t.Fatalf("timeline out of order at %d", i)
			}
		}
		for i := range rep.Incidents {
			if err := rep.Incidents[i].Validate(); err != nil {
				t.Fatalf("incident %d: %v", i+1, err)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, script []byte) {
		var o crisis.DrillOptions
		if json.Unmarshal(data, &o) == nil {
			// A response decoded without its kind holds the zero kind,
			// which encodes as "" and is refused when read back (decoding
			// stays strict): valid responses survive a round trip.
			valid := true
			for _, r := range o.Responses {
				valid = valid && r.Validate() == nil
			}
			if valid {
				b, err := json.Marshal(o)
				if err != nil {
					t.Fatalf("decoded options do not encode: %v", err)
				}
				var back crisis.DrillOptions
				if err := json.Unmarshal(b, &back); err != nil {
					t.Fatalf("round trip: %v", err)
				}
				if b2, _ := json.Marshal(back); string(b) != string(b2) {
					t.Fatalf("round trip changed the options:\n%s\n%s", b, b2)
				}
			}
			if len(o.Responses) <= 8 {
				check(t, &o)
			}
		}
		var rs []crisis.Response
		for i := 0; i+3 < len(script) && len(rs) < 8; i += 4 {
			r := crisis.Response{
				After: crisis.Duration(time.Duration(script[i+2]%50) * 5 * time.Minute),
				From:  anchors[int(script[i])%len(anchors)],
				Kind:  kinds[int(script[i+1])%len(kinds)],
			}
			if r.From != "" && r.From != crisis.AnchorOpen && script[i+3]&1 == 1 {
				r.OnLevel = p.Levels[int(script[i+3]>>1)%len(p.Levels)].Name
			}
			switch r.Kind {
			case crisis.EventAcknowledge:
				r.By = eva
			case crisis.EventEscalate, crisis.EventDeEscalate:
				r.Level = p.Levels[int(script[i+3]>>2)%len(p.Levels)].Name
			case crisis.EventPublish:
				r.Channel = p.Channels[int(script[i+3])%2]
				r.By = []uuid.UUID{ana, bruno, carla, diego}[int(script[i+3]>>1)%4]
			case crisis.EventComplete:
				r.Step = []string{"brief-team", "legal"}[int(script[i+3])%2]
			}
			rs = append(rs, r)
		}
		check(t, &crisis.DrillOptions{Responses: rs})
	})
}

// FuzzIncidentOperations decodes a plan, an incident and a batch of
// events, and runs every incident operation under a time and memory budget
// set by the input's size: never a panic, a hang or a blow-up; a valid
// plan's timeline always encodes as JSON (every instant within the years
// JSON carries), and a refused batch leaves the incident unchanged.
func FuzzIncidentOperations(f *testing.F) {
	p := samplePlan()
	pj, _ := json.Marshal(p)
	inc, _ := crisis.Open(p, "moderate", opened)
	_ = inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("10m"), By: eva},
		crisis.Event{Kind: crisis.EventEscalate, At: after("20m"), Level: "critical"})
	ij, _ := json.Marshal(inc)
	ej, _ := json.Marshal([]crisis.Event{{Kind: crisis.EventDeEscalate, At: after("1h"), Level: "moderate"}, {Kind: crisis.EventResolve, At: after("2h")}})
	f.Add(pj, ij, ej, int64(180))
	f.Add(pj, []byte(`{"events":[{"kind":"resolve"}]}`), []byte(`[]`), int64(-5))
	f.Add([]byte(`{"levels":[{"escalation":{"steps":[{"after":"2562047h"}],"repeat":100}}]}`), ij, ej, int64(1<<40))
	ap := pauseAccountPlan()
	apj, _ := json.Marshal(ap)
	ainc, _ := crisis.Open(ap, "moderate", opened)
	_ = ainc.Record(ap, crisis.Event{Kind: crisis.EventAcknowledge, At: after("10m"), By: eva},
		crisis.Event{Kind: crisis.EventPublish, At: after("15m"), By: ana, Channel: channel.X, Account: "janeroe"},
		crisis.Event{Kind: crisis.EventEscalate, At: after("20m"), Level: "high"})
	aij, _ := json.Marshal(ainc)
	aej, _ := json.Marshal([]crisis.Event{{Kind: crisis.EventDeEscalate, At: after("1h"), Level: "moderate"},
		{Kind: crisis.EventPublish, At: after("61m"), By: ana, Channel: channel.X, Account: "Brisa"}})
	f.Add(apj, aij, aej, int64(90))
	f.Fuzz(func(t *testing.T, pdata, idata, edata []byte, asOfMin int64) {
		var plan crisis.Plan
		var in crisis.Incident
		var events []crisis.Event
		if json.Unmarshal(pdata, &plan) != nil || json.Unmarshal(idata, &in) != nil || json.Unmarshal(edata, &events) != nil {
			return
		}
		asOf := opened.Add(time.Duration(asOfMin%(1<<30)) * time.Minute)
		budget.Check(t, "incident operations", budget.For(len(pdata)+len(idata)+len(edata)), func() {
			items, err := in.Timeline(&plan, asOf)
			if err == nil {
				if _, jerr := json.Marshal(items); jerr != nil {
					t.Errorf("the timeline of a valid plan does not encode: %v", jerr)
				}
			}
			_, _ = in.Due(&plan, asOf)
			_, _ = in.PauseWindows(&plan, asOf)
			_, _, _ = in.Status(&plan)
			if r, err := in.Review(&plan); err == nil {
				if _, jerr := json.Marshal(r); jerr != nil {
					t.Errorf("the review of a valid plan does not encode: %v", jerr)
				}
			}
			_, _, _ = in.ApplyToCalendar(&plan, nil, asOf, nil)
			before := len(in.Events)
			if err := in.Record(&plan, events...); err != nil && len(in.Events) != before {
				t.Errorf("a refused batch changed the incident: %d events, had %d", len(in.Events), before)
			}
		})
	})
}
