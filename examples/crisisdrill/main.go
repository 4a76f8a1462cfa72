// Command crisisdrill rehearses a brand's crisis plan: it reads the plan
// from JSON (strictly: an unknown field or value is an error that names
// it), plays a series of listening signals against it with the team's
// scripted responses, and prints what would have happened: the timeline,
// the deadlines missed, the post-crisis review, and which scheduled posts
// the pause would hold.
//
//	go run ./examples/crisisdrill                        # the sample plan, a synthetic spike
//	go run ./examples/crisisdrill -plan plan.json        # your plan
//	go run ./examples/crisisdrill -team team.json        # your team's names
//	go run ./examples/crisisdrill -signals signals.jsonl # your listening tool's export
//
// The plan names people by their team member IDs (strategy.Member.ID), so
// that renaming someone never drops them from the ladder. The team file maps
// each ID to a name, for the printed timeline:
//
//	{"719dc474-5eb6-534d-b0ba-b938a5cfddac": "Lucía Ortega"}
//
// A plan that names an ID the team file does not have is an error that
// says where.
//
// Signals are JSON Lines, one crisis.Signal per line:
//
//	{"at":"2027-02-20T12:00:00Z","channel":"x","mentions":40,"negative":12,"keywordHits":2}
package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/validation"
)

// samplePlan is the sample brand's crisis plan, as a team would keep it.
//
//go:embed plan.json
var samplePlan []byte

// sampleTeam is the sample brand's team: names by member ID.
//
//go:embed team.json
var sampleTeam []byte

func main() {
	planFile := flag.String("plan", "", "crisis plan as JSON (default: the sample brand's)")
	teamFile := flag.String("team", "", "the team's names by member ID, as a JSON object (default: the sample brand's)")
	signalsFile := flag.String("signals", "", "signals as JSON Lines (default: a seeded negative spike)")
	flag.Parse()
	if err := run(os.Stdout, files{plan: *planFile, team: *teamFile, signals: *signalsFile}); err != nil {
		fmt.Fprintln(os.Stderr, "crisisdrill:", err)
		var verr *validation.Error
		if errors.As(err, &verr) {
			for _, fe := range verr.Errors {
				fmt.Fprintf(os.Stderr, "  %s: %s\n", fe.Path, fe.Code)
			}
		}
		os.Exit(1)
	}
}

// files names the input files; an empty name takes the sample's.
type files struct{ plan, team, signals string }

// read returns the content of the named file, or sample.
func read(name string, sample []byte) ([]byte, error) {
	if name == "" {
		return sample, nil
	}
	return os.ReadFile(name)
}

func run(w io.Writer, in files) error {
	data, err := read(in.plan, samplePlan)
	if err != nil {
		return err
	}
	p, err := decodePlan(data)
	if err != nil {
		return err
	}
	if data, err = read(in.team, sampleTeam); err != nil {
		return err
	}
	names, err := decodeTeam(data)
	if err != nil {
		return err
	}
	if err := checkTeam(p, names); err != nil {
		return fmt.Errorf("the plan names people who are not on the team: %w", err)
	}
	loc, err := time.LoadLocation(p.Zone)
	if err != nil {
		return err
	}

	readErr := func() error { return nil }
	signals := crisis.NegativeSpike(&crisis.SpikeOptions{
		Seed: 7, Start: time.Date(2027, time.February, 20, 0, 0, 0, 0, loc), Buckets: 216,
		Channels: []channel.Channel{channel.Instagram, channel.X},
	})
	if in.signals != "" {
		f, err := os.Open(in.signals)
		if err != nil {
			return err
		}
		defer f.Close()
		signals, readErr = readSignals(f)
	}

	rep, err := crisis.Drill(p, signals, &crisis.DrillOptions{Responses: script(p), Names: names})
	if err == nil {
		err = readErr()
	}
	fmt.Fprint(w, rep) // the report comes back also with an error: the timeline up to where the drill stopped
	if err != nil {
		return err
	}
	if refused := rep.Refused(); len(refused) > 0 {
		fmt.Fprintf(w, "The incidents refused %d scripted response(s): fix the script or the plan.\n", len(refused))
	}
	if len(rep.Incidents) == 0 {
		fmt.Fprintln(w, "No incident: the plan's triggers stayed quiet.")
		return nil
	}

	for i := range rep.Incidents {
		inc := &rep.Incidents[i]
		fmt.Fprintf(w, "\nIncident #%d (%s), opened %s\n", i+1, inc.ID, inc.Opened.In(loc).Format("Mon 2 Jan 15:04 MST"))
		if r, err := inc.Review(p); err == nil {
			fmt.Fprintf(w, "  reached %s; detected after %s; first response after %s (target %s, met: %t)\n",
				r.Level, time.Duration(r.TimeToDetect), time.Duration(r.TimeToFirstResponse), time.Duration(r.FirstResponseTarget), r.FirstResponseMet)
			fmt.Fprintf(w, "  resolved after %s; %d escalation(s), %d statement(s), %d missed, %d late\n",
				time.Duration(r.TimeToResolve), r.Escalations, r.Statements, r.Missed, r.Late)
			fmt.Fprintf(w, "  review meeting due %s\n", r.MeetingDue.In(loc).Format("Mon 2 Jan 15:04 MST"))
		} else if !errors.Is(err, crisis.ErrNotResolved) {
			return err
		} else {
			fmt.Fprintln(w, "  not resolved by the end of the drill")
		}

		// What the pause does to the posts scheduled around the incident,
		// the community manager's (who handles the lowest level).
		_, changes, err := inc.ApplyToCalendar(p, scheduled(inc.Opened.In(loc), p.Levels[0].Handler), inc.Opened, nil)
		if err != nil {
			return err
		}
		if len(changes) > 0 {
			fmt.Fprintln(w, "  the pause, applied when the incident opened:")
		}
		for _, c := range changes {
			fmt.Fprintf(w, "    post %-9s %s -> %s", c.Before.Channel, c.Before.At.Format("Mon 15:04"), c.Kind)
			if !c.After.At.Equal(c.Before.At) {
				fmt.Fprintf(w, " at %s", c.After.At.Format("Mon 15:04"))
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

// decodePlan reads a plan strictly and validates it: an unknown field, an
// unknown enum value or a structural problem is an error.
func decodePlan(data []byte) (*crisis.Plan, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p crisis.Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	if dec.More() {
		return nil, errors.New("reading the plan: more than one JSON value")
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("the plan: %w", err)
	}
	return &p, nil
}

// decodeTeam reads the team's names by member ID, strictly: a key that is
// not a member ID or a value that is not a name is an error.
func decodeTeam(data []byte) (map[uuid.UUID]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var names map[uuid.UUID]string
	if err := dec.Decode(&names); err != nil {
		return nil, fmt.Errorf("reading the team: %w", err)
	}
	if dec.More() {
		return nil, errors.New("reading the team: more than one JSON value")
	}
	return names, nil
}

// checkTeam reports every person of the plan (handlers, approvers, the
// people notified, playbook owners) who is not on the team, at the JSON
// path of the reference.
func checkTeam(p *crisis.Plan, names map[uuid.UUID]string) error {
	var list validation.ErrorList
	check := func(path *validation.Path, id uuid.UUID) {
		if _, ok := names[id]; !ok {
			list = append(list, validation.NotFound(path, id.String(), "no member of the team has this ID"))
		}
	}
	for i, l := range p.Levels {
		lp := validation.NewPath("levels").Index(i)
		check(lp.Child("handler"), l.Handler)
		check(lp.Child("approver"), l.Approver)
		check(lp.Child("backupApprover"), l.BackupApprover)
		for j, st := range l.Escalation.Steps {
			for k, id := range st.Notify {
				check(lp.Child("escalation", "steps").Index(j).Child("notify").Index(k), id)
			}
		}
		for j, st := range l.Playbook {
			check(lp.Child("playbook").Index(j).Child("owner"), st.Owner)
		}
	}
	return list.Err()
}

// readSignals yields the signals of a JSON Lines stream. The returned
// function reports the first decoding error once the sequence is done.
func readSignals(r io.Reader) (iter.Seq[crisis.Signal], func() error) {
	var failed error
	seq := func(yield func(crisis.Signal) bool) {
		sc := bufio.NewScanner(r)
		for line := 1; sc.Scan(); line++ {
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
			dec.DisallowUnknownFields()
			var s crisis.Signal
			if err := dec.Decode(&s); err != nil {
				failed = fmt.Errorf("signals line %d: %w", line, err)
				return
			}
			if !yield(s) {
				return
			}
		}
		failed = sc.Err()
	}
	return seq, func() error { return failed }
}

// script is the team's rehearsed runbook, timed from the moments of each
// incident: within 10 minutes of reaching any level, that level's handler
// acknowledges; 15 minutes after the opening the playbook steps that every
// level has are done, and 15 minutes after reaching a level the steps only
// it has; from 20 minutes on, the level's approver publishes its holding
// statements, one channel every quarter of an hour; eight hours after the
// opening the incident is resolved. Because the lines are timed from the
// levels, the script holds however the incident escalates.
func script(p *crisis.Plan) []crisis.Response {
	minutes := func(n int) crisis.Duration { return crisis.Duration(time.Duration(n) * time.Minute) }
	levelsWith := map[string]int{}
	for _, l := range p.Levels {
		for _, step := range l.Playbook {
			levelsWith[step.Name]++
		}
	}
	var responses []crisis.Response
	opening := map[string]bool{}
	for _, l := range p.Levels {
		on := func(after int, r crisis.Response) {
			r.After, r.From, r.OnLevel = minutes(after), crisis.AnchorLevel, l.Name
			responses = append(responses, r)
		}
		on(10, crisis.Response{Kind: crisis.EventAcknowledge, By: l.Handler})
		for _, step := range l.Playbook {
			complete := crisis.Response{Kind: crisis.EventComplete, Step: step.Name, By: step.Owner}
			switch {
			case levelsWith[step.Name] < len(p.Levels):
				on(15, complete)
			case !opening[step.Name]:
				complete.After = minutes(15)
				responses = append(responses, complete)
				opening[step.Name] = true
			}
		}
		for i, c := range p.Channels {
			on(20+15*i, crisis.Response{Kind: crisis.EventPublish, Channel: c, By: l.Approver})
		}
	}
	top := p.Levels[len(p.Levels)-1]
	return append(responses, crisis.Response{After: minutes(8 * 60), Kind: crisis.EventResolve, By: top.Approver})
}

// scheduled is a small publishing calendar around an incident: posts one
// hour, one day and four days after it opens, owned by the team member
// owner.
func scheduled(opened time.Time, owner uuid.UUID) []calendar.Entry {
	entry := func(n byte, c channel.Channel, at time.Time, text string) calendar.Entry {
		return calendar.Entry{ID: uuid.UUID{15: n}, Channel: c, At: at, Text: text, Owner: owner, Status: calendar.StatusScheduled}
	}
	return []calendar.Entry{
		entry(1, channel.Instagram, opened.Add(time.Hour), "Weekend brew guide"),
		entry(2, channel.X, opened.AddDate(0, 0, 1), "Sunday cupping, live"),
		entry(3, channel.Instagram, opened.AddDate(0, 0, 4), "Guji restock"),
	}
}
