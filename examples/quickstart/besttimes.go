package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// pastPosts is how many of the brand's past Instagram posts the sample
// ranks the hours of.
const pastPosts = 60

// bestTimesReport is when the brand's Instagram posts do best, and the
// routines that would publish then.
type bestTimesReport struct {
	Ranking kpi.BestTimes `json:"ranking"`
	// Current are the plan's Instagram routines; Proposed the routines
	// strategy.ProposeRoutines proposes instead, from Start, in the slots
	// Chosen, keeping the channel's rules (Rules).
	Current  []calendar.Routine    `json:"current"`
	Proposed []calendar.Routine    `json:"proposed"`
	Chosen   []kpi.SlotScore       `json:"chosen"`
	Start    time.Time             `json:"start"`
	Rules    calendar.ChannelRules `json:"rules"`
}

// slotMean is an hour the brand has published in, and the engagement rate
// (in percent of reach) its posts there have on average in the sample.
type slotMean struct {
	slot kpi.HourSlot
	mean int64 // hundredths of a percent
}

// samplePastPosts are the brand's last 60 Instagram posts, from October to
// December 2026: the hour each went out (Madrid time) and its engagement
// rate by reach. They are sample data, from a seeded generator: the
// routines' hours (Monday, Wednesday and Friday at 10:00, Tuesday at
// 18:00) do about as well as one another, and the evening posts the
// community manager tried on Thursdays and at weekends do better.
func samplePastPosts() []kpi.TimedValue {
	slots := []slotMean{
		{kpi.HourSlot{Weekday: time.Monday, Hour: 10}, 310},
		{kpi.HourSlot{Weekday: time.Wednesday, Hour: 10}, 295},
		{kpi.HourSlot{Weekday: time.Friday, Hour: 10}, 305},
		{kpi.HourSlot{Weekday: time.Tuesday, Hour: 18}, 340},
		{kpi.HourSlot{Weekday: time.Thursday, Hour: 19}, 500},
		{kpi.HourSlot{Weekday: time.Thursday, Hour: 20}, 470},
		{kpi.HourSlot{Weekday: time.Saturday, Hour: 11}, 455},
		{kpi.HourSlot{Weekday: time.Sunday, Hour: 20}, 420},
		{kpi.HourSlot{Weekday: time.Wednesday, Hour: 13}, 360},
	}
	rng := rand.New(rand.NewPCG(2026, 10))
	values := make([]kpi.TimedValue, 0, pastPosts)
	for range pastPosts {
		s := slots[rng.IntN(len(slots))]
		rate := s.mean - 80 + rng.Int64N(161) // ±0.80 points
		values = append(values, kpi.TimedValue{Slot: s.slot, Value: decimal.New(rate, -2)})
	}
	return values
}

// bestTimes ranks the past posts' hours and proposes the Instagram
// routines that would publish the channel plan's posts per week in the
// best of them from Monday 22 February, the week after next, keeping the
// plan's Instagram rules (a daily cap of 2, 3 hours apart).
func (s *sample) bestTimes() (*bestTimesReport, error) {
	best, err := kpi.RankTimes(samplePastPosts())
	if err != nil {
		return nil, fmt.Errorf("best times: %w", err)
	}
	r := &bestTimesReport{Ranking: best, Start: time.Date(2027, time.February, 22, 0, 0, 0, 0, s.loc),
		Rules: s.plan.CalendarRules.Channels[channel.Instagram]}
	perWeek := 0
	for _, c := range s.plan.Channels {
		if c.Channel == channel.Instagram {
			perWeek = c.PostsPerWeek
		}
	}
	for _, rt := range s.plan.Routines {
		if rt.Channel == channel.Instagram {
			r.Current = append(r.Current, rt)
		}
	}
	r.Proposed, r.Chosen, err = strategy.ProposeRoutines(best, perWeek,
		channel.AccountRef{Channel: channel.Instagram, Handle: brandHandle}, r.Start, r.Rules)
	if err != nil {
		return nil, fmt.Errorf("best times: %w", err)
	}
	return r, nil
}

// topSlots is how many of the ranked slots the report prints.
const topSlots = 6

func printBestTimes(w io.Writer, r *bestTimesReport) {
	b := r.Ranking
	fmt.Fprintf(w, "  %d past Instagram posts, mean engagement rate %s%%; the slots differ more than chance: %t (shrinkage k = %s posts)\n",
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
	fmt.Fprintf(w, "  Proposed routine change for @%s on Instagram, from %s (at most %d posts a day, %s apart):\n",
		brandHandle, r.Start.Format("Mon 2 Jan"), r.Rules.DailyCap, r.Rules.MinSpacing)
	for _, rt := range r.Current {
		fmt.Fprintf(w, "    now:      %s (%s %s)\n", routineTimes(rt), rt.Pillar, rt.Format)
	}
	for _, rt := range r.Proposed {
		fmt.Fprintf(w, "    proposed: %s\n", routineTimes(rt))
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
