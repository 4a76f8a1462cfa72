package crisis_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

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
