package main

import (
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
)

// drillReport is the outcome of the crisis drill.
type drillReport struct {
	// Scenario says what the drill plays.
	Scenario string `json:"scenario"`
	// Timeline is what would have happened, in order.
	Timeline []crisis.Entry `json:"timeline"`
	// Missed lists the deadlines the team missed.
	Missed []crisis.Entry `json:"missed"`
	// Names are the team's names by the member IDs the timeline holds.
	Names map[uuid.UUID]string `json:"names"`
	text  string
	rep   *crisis.DrillReport // the whole report, which the review page draws
}

// runDrill plays a synthetic negative spike against the crisis plan, with
// the team's scripted responses, the way a team rehearses in go test. The
// plan and the script name people by member ID; names prints them.
func (s *sample) runDrill(p *crisis.Plan, names map[uuid.UUID]string) (*drillReport, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("crisis plan: %w", err)
	}
	// A Saturday in February: 18 hours of 5-minute buckets on Instagram
	// and LinkedIn, the spike two thirds of the way in.
	start := time.Date(2027, time.February, 20, 0, 0, 0, 0, s.loc)
	spike := crisis.NegativeSpike(&crisis.SpikeOptions{
		Seed: 2027, Start: start, Buckets: 216,
		Channels: []channel.Channel{channel.Instagram, channel.LinkedIn},
	})
	minutes := func(n int) crisis.Duration { return crisis.Duration(time.Duration(n) * time.Minute) }
	rep, err := crisis.Drill(p, spike, &crisis.DrillOptions{Names: names, Responses: []crisis.Response{
		// Every new level is acknowledged within ten minutes, however the
		// incident escalates; the rest is timed from the opening.
		{After: minutes(10), From: crisis.AnchorLevel, Kind: crisis.EventAcknowledge, By: verifiedplan.CommunityManager},
		{After: minutes(20), Kind: crisis.EventComplete, Step: "brief", By: verifiedplan.CommunityManager},
		{After: minutes(25), Kind: crisis.EventPublish, Channel: channel.Instagram, By: verifiedplan.Strategist},
		{After: minutes(28), Kind: crisis.EventPublish, Channel: channel.YouTube, By: verifiedplan.Strategist},
		// LinkedIn is remembered a quarter of an hour late: the drill shows it.
		{After: minutes(45), Kind: crisis.EventPublish, Channel: channel.LinkedIn, By: verifiedplan.Strategist},
		{After: minutes(6 * 60), Kind: crisis.EventResolve, By: verifiedplan.Strategist},
	}})
	if err != nil {
		return nil, err
	}
	return &drillReport{
		Scenario: "a seeded negative spike on Instagram and LinkedIn, Saturday 20 February",
		Timeline: rep.Timeline,
		Missed:   rep.Missed(),
		Names:    rep.Names,
		text:     rep.String(),
		rep:      rep,
	}, nil
}

func printDrill(w io.Writer, r *drillReport) {
	fmt.Fprintf(w, "  Scenario: %s\n", r.Scenario)
	for _, line := range lines(r.text) {
		fmt.Fprintln(w, "  "+line)
	}
	if len(r.Missed) == 0 {
		fmt.Fprintln(w, "  Every deadline met.")
		return
	}
	fmt.Fprintf(w, "  Deadlines missed or met late: %d\n", len(r.Missed))
	for _, e := range r.Missed {
		fmt.Fprintf(w, "    %s  %s %s %s\n", e.At.Format("15:04"), e.Kind, e.Level, e.Detail)
	}
}
