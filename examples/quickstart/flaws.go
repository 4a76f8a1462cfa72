package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
)

// flawReport is what Verify found in a copy of the plan with two flaws
// planted in it, and the entries the exports hold back because of them.
type flawReport struct {
	// Planted says what was planted.
	Planted []string `json:"planted"`
	// Report is Verify's whole report on the flawed copy.
	Report strategy.Report `json:"report"`
	// New are its findings that the plan itself does not have: the
	// planted flaws, caught.
	New []strategy.Finding `json:"new"`
	// HeldBack are the entries that cannot go out, and why.
	HeldBack []heldBack `json:"heldBack"`
}

// heldBack is an entry the exports leave out, and the findings that name it.
type heldBack struct {
	// Path is the entry's path in the flawed plan: entries[9].
	Path     string             `json:"path"`
	Entry    uuid.UUID          `json:"entry"`
	Channel  channel.Channel    `json:"channel"`
	At       time.Time          `json:"at"`
	Findings []strategy.Finding `json:"findings"`
}

// flawedPlan is the quickstart's plan with two entries that cannot go out,
// the kind of mistakes Verify exists to catch before anything is
// published: an Instagram carousel of 11 pictures (Instagram takes 10),
// and a YouTube film whose title is longer than YouTube's 100 characters.
// Both are approved and due in the next two weeks, so without Verify they
// would reach the exports.
func flawedPlan() (*strategy.Strategy, []string, error) {
	p, err := newPlan()
	if err != nil {
		return nil, nil, err
	}
	loc, err := p.Location()
	if err != nil {
		return nil, nil, err
	}
	origin := campaign(p, "origin-stories")
	if origin == nil {
		return nil, nil, fmt.Errorf("the sample plan lacks the Origin Stories campaign")
	}
	id := verifiedplan.IDs.ID
	var carousel []channel.Media
	for i := 1; i <= 11; i++ {
		carousel = append(carousel, channel.Media{Kind: channel.Image, URL: fmt.Sprintf("%sharvest-%02d.jpg", media, i),
			AltText: fmt.Sprintf("Harvest day at Doña Rosa's farm, picture %d of 11", i)})
	}
	title := "Huila, from farm to cup, part two: the harvest, the drying beds and the long road from Doña Rosa's farm to Madrid"
	p.Entries = append(p.Entries,
		calendar.Entry{ID: id("entry", "origin-harvest-carousel"), Channel: channel.Instagram,
			At: calendar.Date(2027, time.February, 23, 12, 0, 0, 0, loc), CampaignID: origin.ID,
			Owner: verifiedplan.CommunityManager, Status: calendar.StatusApproved,
			Text: "Harvest day in Huila, in eleven pictures: swipe to the drying beds",
			Link: "https://bluebird.coffee/origin-harvest", Media: carousel},
		calendar.Entry{ID: id("entry", "origin-film-harvest"), Channel: channel.YouTube,
			At: calendar.Date(2027, time.February, 26, 17, 0, 0, 0, loc), CampaignID: origin.ID,
			Owner: verifiedplan.CommunityManager, Status: calendar.StatusApproved,
			Title: title,
			Text:  "The second Origin Stories film: harvest time at Doña Rosa's farm in Huila.",
			Link:  "https://bluebird.coffee/origin-harvest",
			Media: []channel.Media{{Kind: channel.Video, URL: media + "origin-harvest.mp4", Duration: 11 * time.Minute, Thumbnail: media + "origin-harvest-thumb.jpg"}}},
	)
	planted := []string{
		fmt.Sprintf("an Instagram carousel of %d pictures, on %s", len(carousel), "Tue 23 Feb"),
		fmt.Sprintf("a YouTube film titled with %d characters, on %s", len([]rune(title)), "Fri 26 Feb"),
	}
	return p, planted, nil
}

// checkFlaws verifies the flawed copy of the plan and compares its report
// with the plan's own (before): the findings it adds are the flaws caught.
func checkFlaws(flawed *strategy.Strategy, planted []string, before strategy.Report) *flawReport {
	r := &flawReport{Planted: planted, Report: strategy.Verify(flawed, nil), New: []strategy.Finding{}}
	for _, f := range r.Report.Findings {
		if !slices.Contains(before.Findings, f) {
			r.New = append(r.New, f)
		}
	}
	return r
}

// holdBack returns a copy of plan without the entries that an error-level
// finding of report names (at entries[i] or below), each listed with its
// findings: what cannot go out is left out, and said so. An error-level
// finding about any other part of the plan stops the exports: that is no
// single post to hold back, but a plan to fix.
func holdBack(plan *strategy.Strategy, report strategy.Report) (*strategy.Strategy, []heldBack, error) {
	byEntry := map[int][]strategy.Finding{}
	for _, f := range report.AtLeast(strategy.SeverityError) {
		i, ok := entryIndex(f.Path)
		if !ok || i >= len(plan.Entries) {
			return nil, nil, fmt.Errorf("the plan cannot go out: %s", f)
		}
		byEntry[i] = append(byEntry[i], f)
	}
	out := *plan
	out.Entries = make([]calendar.Entry, 0, len(plan.Entries))
	held := []heldBack{}
	for i, e := range plan.Entries {
		if fs, ok := byEntry[i]; ok {
			held = append(held, heldBack{Path: fmt.Sprintf("entries[%d]", i), Entry: e.ID, Channel: e.Channel, At: e.At, Findings: fs})
			continue
		}
		out.Entries = append(out.Entries, e)
	}
	return &out, held, nil
}

// entryIndex returns i when path is entries[i] or a path below it.
func entryIndex(path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, "entries[")
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 || (end+1 < len(rest) && rest[end+1] != '.' && rest[end+1] != '[') {
		return 0, false
	}
	i, err := strconv.Atoi(rest[:end])
	if err != nil || i < 0 {
		return 0, false
	}
	return i, true
}

func printFlaws(w io.Writer, r *flawReport) {
	fmt.Fprintln(w, "  Planted in a copy of the plan:")
	for _, p := range r.Planted {
		fmt.Fprintln(w, "    - "+p)
	}
	fmt.Fprintln(w, "  Verify on the copy:")
	for _, line := range lines(r.Report.String()) {
		fmt.Fprintln(w, "    "+line)
	}
	fmt.Fprintf(w, "  Caught: %d findings the plan itself does not have.\n", len(r.New))
	fmt.Fprintln(w, "  Held back from the exports (Strategy.Calendar refuses what cannot go out):")
	for _, h := range r.HeldBack {
		fmt.Fprintf(w, "    %s  %s %s, because of %s\n", h.Path, h.Channel, h.At.Format("Mon 2 Jan 15:04"), findingPaths(h.Findings))
	}
}

// findingPaths lists the paths of fs: "entries[8].media".
func findingPaths(fs []strategy.Finding) string {
	paths := make([]string, len(fs))
	for i, f := range fs {
		paths[i] = f.Path
	}
	return strings.Join(paths, ", ")
}
