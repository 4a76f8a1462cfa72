package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// verification is what Verify found in the plan, and the plan's
// traceability from the goal down to the posts.
type verification struct {
	Report strategy.Report `json:"report"`
	Trace  strategy.Matrix `json:"trace"`
}

func (s *sample) verify() verification {
	return verification{Report: strategy.Verify(s.plan, nil), Trace: strategy.Trace(s.plan)}
}

func printVerification(w io.Writer, v verification) {
	for _, line := range lines(v.Report.String()) {
		fmt.Fprintln(w, "  "+line)
	}
	fmt.Fprintln(w)
	for _, line := range lines(v.Trace.String()) {
		fmt.Fprintln(w, "  "+line)
	}
}

// insights are what Mateo, the community manager, fed back to Lucía this
// week, each linked to the objective it bears on.
func (s *sample) insights() []community.Insight {
	return []community.Insight{{
		ID:        verifiedplan.IDs.ID("insight", "grind-questions"),
		Kind:      community.InsightQuestion,
		Title:     "Home brewers keep asking how to grind for a moka pot",
		Detail:    "a brewing-tips reel on grind size would answer it and invite comments",
		Evidence:  []string{"ig-c2"},
		Channel:   channel.Instagram,
		Objective: verifiedplan.IDs.ID("objective", "share-of-voice"),
		RaisedBy:  verifiedplan.CommunityManager,
		RaisedAt:  time.Date(2027, time.February, 15, 9, 30, 0, 0, s.loc),
	}}
}

// review judges the plan as of now: every objective's KPIs, whether each
// campaign moved them, overdue assignments, each campaign's spend against
// its budget, whether a rival gains share of voice week by week, and what
// the strategist should do about it.
func (s *sample) review() (*strategy.Results, error) {
	series, err := kpi.NewSeries(s.observations)
	if err != nil {
		return nil, fmt.Errorf("sample observations: %w", err)
	}
	rivals := rivalsOptions
	// The plan with what it published, so that Review sees the posts'
	// results: what works, and whether a routine's slot is beaten.
	return strategy.Review(s.published, series, s.asOf, &strategy.ReviewOptions{Insights: s.insights(), Rivals: &rivals, Spend: s.spend(),
		Posts: s.posts, PostAge: postAge})
}

func printCampaigns(w io.Writer, res *strategy.Results) {
	for _, c := range res.Campaigns {
		if !c.Started {
			fmt.Fprintf(w, "  %s: not started\n", c.Name)
			continue
		}
		span := fmt.Sprintf("%s to %s", c.Start.Format("2 Jan"), c.End.Format("2 Jan"))
		if c.Start.Format("2 Jan") == c.End.Format("2 Jan") {
			span = "started " + c.Start.Format("2 Jan 15:04")
		}
		fmt.Fprintf(w, "  %s, %s:", c.Name, span)
		for i, m := range c.KPIs {
			sep := ","
			if i == 0 {
				sep = ""
			}
			fmt.Fprintf(w, "%s %s %s", sep, m.Name, words(m.Effect))
		}
		fmt.Fprintln(w)
	}
}

func printRecommendations(w io.Writer, res *strategy.Results) {
	if len(res.Recommendations) == 0 {
		fmt.Fprintln(w, "  Nothing to change: every objective is on track.")
		return
	}
	for _, r := range res.Recommendations {
		fmt.Fprintf(w, "  - %s (%s)\n", r.Message, r.Rule)
	}
}

// lines splits text into its lines, without the final newline.
func lines(text string) []string { return strings.Split(strings.TrimRight(text, "\n"), "\n") }
