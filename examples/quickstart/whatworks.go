package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// whatWorksReport is what the review found in the posts' results: the
// best and worst posts, and the posts grouped by pillar and by format.
type whatWorksReport struct {
	// Found is the review's kpi.WhatWorks (engagement rate by reach,
	// seven days on).
	Found *kpi.WhatWorks `json:"found"`
	// Top and Bottom are its best and worst posts, with when they went
	// out and what they said.
	Top    []postLine `json:"top"`
	Bottom []postLine `json:"bottom"`
	// Waiting counts the posts published less than seven days before the
	// as-of instant: they have no figures at that age yet.
	Waiting int `json:"waiting"`
}

// postLine is one post of the history and its figure.
type postLine struct {
	At    time.Time       `json:"at"`
	Text  string          `json:"text"`
	Value decimal.Decimal `json:"value"`
}

func (s *sample) whatWorks(res *strategy.Results) *whatWorksReport {
	if res.WhatWorks == nil {
		return nil
	}
	byID := make(map[uuid.UUID]int, len(s.published.Entries))
	for i, e := range s.published.Entries {
		byID[e.ID] = i
	}
	lines := func(vs []kpi.PostValue) []postLine {
		out := make([]postLine, 0, len(vs))
		for _, v := range vs {
			e := s.published.Entries[byID[v.Post.Entry]]
			out = append(out, postLine{At: e.At.In(s.loc), Text: e.Text, Value: v.Value})
		}
		return out
	}
	waiting := 0
	for _, e := range s.published.Entries {
		if e.Status == calendar.StatusPublished && e.At.Before(s.asOf) && e.At.AddDate(0, 0, 7).After(s.asOf) {
			waiting++
		}
	}
	return &whatWorksReport{Found: res.WhatWorks, Top: lines(res.WhatWorks.Top), Bottom: lines(res.WhatWorks.Bottom), Waiting: waiting}
}

func printWhatWorks(w io.Writer, r *whatWorksReport) {
	if r == nil {
		fmt.Fprintln(w, "  no post results")
		return
	}
	f := r.Found
	fmt.Fprintf(w, "  %d posts; engagement rate by reach: median %s%%, mean %s%%; %d outliers (beyond 3 × MAD, %s points, from the median); %d posts of the last seven days wait for their figures\n",
		f.Posts, f.Baseline.StringFixed(2), f.Mean.StringFixed(2), len(f.Outliers), f.MAD.StringFixed(2), r.Waiting)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, part := range []struct {
		title string
		posts []postLine
	}{{"top", r.Top}, {"bottom", r.Bottom}} {
		for i, p := range part.posts {
			title := ""
			if i == 0 {
				title = part.title
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s%%\t%s\n", title, p.At.Format("Mon 2 Jan 2006 15:04"), p.Value.StringFixed(2), validation.Excerpt(p.Text))
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  by\tgroup\tposts\tmedian\tmean\t95% interval of the median\tlift over the median of all")
	for _, g := range f.Groupings {
		for _, grp := range g.Groups {
			interval := "-"
			if grp.Interval != nil {
				interval = grp.Interval.Low.StringFixed(2) + "% to " + grp.Interval.High.StringFixed(2) + "%"
			}
			lift := "not enough evidence"
			if grp.Lift.Evidence == kpi.EvidenceSupported {
				lift = grp.Lift.Difference.StringFixed(2) + " points"
				if grp.Lift.Difference.IsPositive() {
					lift = "+" + lift
				}
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%s%%\t%s%%\t%s\t%s\n", g.By, grp.Key, grp.Posts, grp.Median.StringFixed(2), grp.Mean.StringFixed(2), interval, lift)
		}
		if len(g.Unkeyed) > 0 {
			fmt.Fprintf(tw, "  %s\t(none)\t%d\t\t\t\t\n", g.By, len(g.Unkeyed))
		}
	}
	tw.Flush()
}
