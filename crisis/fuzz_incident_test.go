package crisis_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/budget"
)

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
