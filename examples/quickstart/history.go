package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// The brand's Instagram routines have run since the autumn, at the same
// hours: the plan of the first quarter carries them on from 4 January.
// What they and the community manager's trial posts published from
// routinesSince to the as-of day is the history below, with what each post
// did seven days after it went out.
var routinesSince = calendar.LocalDate{Year: 2026, Month: time.October, Day: 5}

// postAge is the age the quickstart compares posts at: seven days after
// each went out. Posts younger than that have no figures at that age yet
// and wait for the next review.
var postAge = kpi.AgeOf(7 * 24 * time.Hour)

// historyPost is one kind of post the brand published every week: the
// weekday and hour (Madrid time), the routine whose slot it filled (nil for
// the community manager's trial posts), what it carried, and its
// engagement rate by reach in hundredths of a percent, give or take
// spread.
type historyPost struct {
	day     time.Weekday
	hour    int
	routine uuid.UUID
	kind    channel.MediaKind
	text    string
	rate    int64
	spread  int64
	// every is the weeks between two such posts; from is the first week.
	every, from int
}

// startRoutinesEarlier moves the start of the Instagram routines of p (the
// history's copy of the plan) to their first day on or after
// routinesSince, at the same hour: the routines whose slots the history's
// posts filled.
func startRoutinesEarlier(p *strategy.Strategy, loc *time.Location) {
	for i := range p.Routines {
		r := &p.Routines[i]
		if r.Channel != channel.Instagram {
			continue
		}
		start := r.Recurrence.Start.In(loc)
		d := routinesSince
		for d.Weekday() != start.Weekday() {
			d = d.AddDays(1)
		}
		r.Recurrence.Start = calendar.Date(d.Year, d.Month, d.Day, start.Hour(), start.Minute(), 0, 0, loc)
	}
}

// history returns the plan with the Instagram posts the brand published
// from routinesSince to the day before the as-of day, and their reach and
// engagements at postAge (for the posts old enough to have them). The
// posts are sample data from a seeded generator, the same on every run:
// the brewing-tips reels (Monday, Wednesday and Friday at 10:00) engage
// about 4% of the people they reach, the behind-the-scenes carousels
// (Tuesday at 18:00) about 2.3%, and the pictures the community manager
// tried on Thursday evenings about 5.3%, the films on Sunday evenings
// about 4.5%. The history is kept apart from s.plan, which the quickstart
// verifies and exports: the exports carry what is still to be published,
// and the quarter's plan starts its routines on 4 January.
func (s *sample) history() (*strategy.Strategy, kpi.PostResults) {
	id := verifiedplan.IDs.ID
	kinds := []historyPost{
		{time.Monday, 10, id("routine", "instagram-brewing-tips"), channel.Video, "Brewing tip: %s", 400, 90, 1, 0},
		{time.Wednesday, 10, id("routine", "instagram-brewing-tips"), channel.Video, "Brewing tip: %s", 400, 90, 1, 0},
		{time.Friday, 10, id("routine", "instagram-brewing-tips"), channel.Video, "Brewing tip: %s", 400, 90, 1, 0},
		{time.Tuesday, 18, id("routine", "instagram-behind-the-scenes"), channel.Image, "Behind the scenes: %s", 230, 60, 1, 0},
		{time.Thursday, 19, uuid.Nil, channel.Image, "From the roastery tonight: %s", 530, 90, 1, 4},
		{time.Sunday, 20, uuid.Nil, channel.Video, "Sunday brew with Mateo: %s", 450, 90, 2, 5},
	}
	topics := []string{"the V60 bloom", "grind size for moka pots", "the new Huila lot", "water at 94 °C", "cupping day",
		"the Aeropress upside down", "our green-bean store", "cold brew in a jar", "the roaster warming up", "milk for a flat white"}
	plan := *s.plan
	plan.Entries = slices.Clone(s.plan.Entries)
	plan.Routines = slices.Clone(s.plan.Routines)
	startRoutinesEarlier(&plan, s.loc)
	taken := map[time.Time]bool{}
	for _, e := range plan.Entries {
		if e.Channel == channel.Instagram {
			taken[e.At] = true
		}
	}
	rng := rand.New(rand.NewPCG(2026, 10))
	monday := routinesSince
	var results kpi.PostResults
	for week := 0; ; week++ {
		first := monday.AddDays(7 * week)
		if !calendar.Date(first.Year, first.Month, first.Day, 0, 0, 0, 0, s.loc).Before(s.asOf) {
			break
		}
		for _, k := range kinds {
			if week < k.from || (week-k.from)%k.every != 0 {
				continue
			}
			d := first.AddDays((int(k.day) + 6) % 7) // Monday is day 0 of the week
			at := calendar.Date(d.Year, d.Month, d.Day, k.hour, 0, 0, 0, s.loc)
			if !at.Before(s.asOf) || taken[at] {
				continue // in the future, or a post of the plan fills the slot
			}
			topic := topics[rng.IntN(len(topics))]
			e := calendar.Entry{
				ID: id("published", at.Format(time.RFC3339)), Channel: channel.Instagram, At: at, RoutineID: k.routine,
				Status: calendar.StatusPublished, Owner: verifiedplan.CommunityManager, Text: fmt.Sprintf(k.text, topic),
				Media: []channel.Media{{Kind: k.kind, URL: fmt.Sprintf("https://bluebird.coffee/media/%s.%s", at.Format("2006-01-02-15"), ext(k.kind)),
					AltText: altText(k.kind, topic), Duration: duration(k.kind)}},
			}
			plan.Entries = append(plan.Entries, e)
			// Seven days after it went out: only the posts that old have
			// figures at that age.
			if at.AddDate(0, 0, 7).After(s.asOf) {
				continue
			}
			reach := 8000 + rng.Int64N(4000)
			rate := k.rate - k.spread + rng.Int64N(2*k.spread+1)
			results = append(results,
				kpi.PostResult{Entry: e.ID, Channel: channel.Instagram, Account: brandHandle, Metric: kpi.Reach, Age: postAge, Value: decimal.NewFromInt(reach)},
				kpi.PostResult{Entry: e.ID, Channel: channel.Instagram, Account: brandHandle, Metric: kpi.Engagements, Age: postAge, Value: decimal.NewFromInt(reach * rate / 10000)})
		}
	}
	return &plan, results
}

func ext(k channel.MediaKind) string {
	if k == channel.Video {
		return "mp4"
	}
	return "jpg"
}

// altText describes a picture; Instagram takes none for a video.
func altText(k channel.MediaKind, topic string) string {
	if k == channel.Image {
		return topic
	}
	return ""
}

func duration(k channel.MediaKind) time.Duration {
	if k == channel.Video {
		return 40 * time.Second
	}
	return 0
}
