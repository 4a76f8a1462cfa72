package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// bestTimesReport is when the brand's Instagram posts do best, and the
// routine change the review proposes.
type bestTimesReport struct {
	// Ranking is strategy.BestTimes of the brand's Instagram posts at
	// postAge, on Madrid's clock (its audience's).
	Ranking kpi.BestTimes `json:"ranking"`
	// Current are the plan's Instagram routines.
	Current []calendar.Routine `json:"current"`
	// Moves are the review's routine.move recommendations: each names a
	// routine whose posts do clearly worse than the account's, and the
	// routines proposed in its place.
	Moves []strategy.Recommendation `json:"moves"`
	// Rules are the plan's Instagram rules the proposals keep.
	Rules calendar.ChannelRules `json:"rules"`
}

// bestTimes ranks the hours the brand's Instagram posts went out in by
// their engagement rate seven days on, and takes from the review the
// routines it proposes to move.
func (s *sample) bestTimes(res *strategy.Results) (*bestTimesReport, error) {
	best, err := s.published.BestTimes(s.posts, kpi.EngagementRateByReach, postAge, channel.AccountRef{Channel: channel.Instagram, Handle: brandHandle})
	if err != nil {
		return nil, fmt.Errorf("best times: %w", err)
	}
	r := &bestTimesReport{Ranking: best, Rules: s.plan.CalendarRules.Channels[channel.Instagram], Moves: []strategy.Recommendation{}}
	for _, rt := range s.plan.Routines {
		if rt.Channel == channel.Instagram {
			r.Current = append(r.Current, rt)
		}
	}
	for _, rec := range res.Recommendations {
		if rec.Rule == "routine.move" {
			r.Moves = append(r.Moves, rec)
		}
	}
	return r, nil
}

// topSlots is how many of the ranked slots the report prints.
const topSlots = 6

func printBestTimes(w io.Writer, r *bestTimesReport) {
	b := r.Ranking
	fmt.Fprintf(w, "  %d Instagram posts seven days on, mean engagement rate %s%%; the slots differ more than chance: %t (shrinkage k = %s posts)\n",
		b.Posts, b.Overall.StringFixed(2), b.Evidence, b.Shrinkage.StringFixed(2))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  slot\tposts\tmean\tweight\tscore")
	for i, s := range b.Slots {
		if i == topSlots {
			break
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s%%\t%s\t%s%%\n", s.Slot, s.Posts, s.Mean.StringFixed(2), s.Weight.StringFixed(2), s.Score.StringFixed(2))
	}
	tw.Flush()
	fmt.Fprintf(w, "  Routines of @%s on Instagram (at most %d posts a day, %s apart):\n", brandHandle, r.Rules.DailyCap, r.Rules.MinSpacing)
	for _, rt := range r.Current {
		move := ""
		for _, m := range r.Moves {
			if m.Routine == rt.ID {
				move = "  clearly beaten: move it"
			}
		}
		fmt.Fprintf(w, "    now:      %s (%s %s)%s\n", routineTimes(rt), rt.Pillar, rt.Format, move)
	}
	for _, m := range r.Moves {
		for _, rt := range m.Routines {
			fmt.Fprintf(w, "    proposed: %s, from %s\n", routineTimes(rt), rt.Recurrence.Start.Format("Mon 2 Jan"))
		}
	}
	if len(r.Moves) == 0 {
		fmt.Fprintln(w, "    no routine's slot is clearly beaten: keep them")
	}
}

// routineTimes prints a weekly routine's days and time: "Mon, Wed, Fri 10:00".
func routineTimes(r calendar.Routine) string {
	days := make([]string, 0, len(r.Recurrence.Rule.ByDay))
	for _, d := range r.Recurrence.Rule.ByDay {
		days = append(days, d.Day.Std().String()[:3])
	}
	return strings.Join(days, ", ") + " " + r.Recurrence.Start.Format("15:04")
}
