package report

import (
	"strconv"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/strategy"
)

// calendarSection draws the calendar over the plan's span.
func calendarSection(r *Review, loc *time.Location) section {
	s := section{ID: SectionCalendar, Heading: "Calendar"}
	var cal calendar.Calendar
	if r.Calendar != nil {
		cal = *r.Calendar
	} else if c, err := r.Plan.Calendar(); err == nil {
		cal = c
	} else {
		s.Intro = append(s.Intro, "The plan's calendar cannot go out as it stands ("+clean(err.Error())+"); the chart shows its routines and entries as written.")
		cal = calendar.Calendar{Routines: r.Plan.Routines, Entries: r.Plan.Entries, Blackouts: r.Plan.CalendarRules.Blackouts}
	}
	w, ok := planSpan(r.Plan, loc)
	if !ok {
		s.Missing = "The plan has no span to draw: no campaign, entry or goal deadline gives it a start and an end."
		return s
	}
	s.Intro = append(s.Intro, "From the first campaign's start to the goal's deadline: "+day(w.From, loc)+" to "+day(w.To, loc)+".")
	s.Figures = append(s.Figures, newPageFigure(calendarFigure("chart-calendar", cal, r.Pauses, w)))
	return s
}

// planSpan is the plan's span on its wall clock: from the earliest
// campaign start (or entry) to the goal's deadline (or the latest campaign
// end or entry).
func planSpan(p *strategy.Strategy, loc *time.Location) (calendar.Window, bool) {
	var from, to time.Time
	early := func(t time.Time) {
		if !t.IsZero() && (from.IsZero() || t.Before(from)) {
			from = t
		}
	}
	late := func(t time.Time) {
		if !t.IsZero() && (to.IsZero() || t.After(to)) {
			to = t
		}
	}
	for _, c := range p.Campaigns {
		early(c.Start)
	}
	if from.IsZero() {
		for _, e := range p.Entries {
			early(e.At)
		}
	}
	if !p.Goal.Deadline.IsZero() {
		to = p.Goal.Deadline
	} else {
		for _, c := range p.Campaigns {
			late(c.End)
		}
		for _, e := range p.Entries {
			late(e.At.Add(time.Minute))
		}
	}
	if from.IsZero() || !to.After(from) {
		return calendar.Window{}, false
	}
	return calendar.Window{From: from.In(loc), To: to.In(loc)}, true
}

// whatWorksSection draws what works from the review's results.
func whatWorksSection(r *Review) section {
	s := section{ID: SectionWhatWorks, Heading: "What works"}
	if r.Results == nil || r.Results.WhatWorks == nil {
		s.Missing = "What works was not given: strategy.Review finds it when it is given the posts' results."
		return s
	}
	s.Figures = append(s.Figures, newPageFigure(whatWorksFigure("chart-what-works", r.Results.WhatWorks)))
	return s
}

// bestTimesSection draws one grid per account.
func bestTimesSection(r *Review) section {
	s := section{ID: SectionBestTimes, Heading: "Best times to post"}
	if len(r.BestTimes) == 0 {
		s.Missing = "The best times to post (strategy.Strategy.BestTimes) were not given."
		return s
	}
	s.Intro = append(s.Intro, "Hours are on the wall clock of each account's audience.")
	for i, a := range r.BestTimes {
		s.Figures = append(s.Figures, newPageFigure(bestTimesFigure("chart-best-times-"+itoa(i+1), a.Account, a.Times)))
	}
	return s
}

// drillSection draws the drill's timeline.
func drillSection(r *Review, loc *time.Location) section {
	s := section{ID: SectionDrill, Heading: "Crisis drill"}
	if r.Drill == nil {
		s.Missing = "No crisis drill (crisis.Drill) was given."
		return s
	}
	d := *r.Drill
	if !d.End.IsZero() {
		d.End = d.End.In(loc)
	}
	s.Figures = append(s.Figures, newPageFigure(drillFigure("chart-drill", &d, &r.Plan.Crisis, loc)))
	return s
}

// communitySection draws the response times and lists the opinion
// leaders.
func communitySection(r *Review, loc *time.Location) section {
	s := section{ID: SectionCommunity, Heading: "Community"}
	if r.Responses == nil && len(r.Leaders) == 0 {
		s.Missing = "Neither the response-time report (community.Responder.Report) nor the opinion leaders (community.RankLeaders) were given."
		return s
	}
	if r.Responses == nil {
		s.Intro = append(s.Intro, "The response-time report (community.Responder.Report) was not given.")
	} else {
		w := r.Responses.Window
		s.Intro = append(s.Intro, "Responses to the interactions received from "+when(w.From, loc)+" to "+when(w.To, loc)+".")
		s.Figures = append(s.Figures, newPageFigure(responsesFigure("chart-response-times", r.Responses, r.Plan.Community.Response.Targets, r.Plan.MemberNames())))
		if len(r.Responses.Breaches) > 0 {
			t := table{Caption: "Missed response targets, furthest past first", Head: []string{"Interaction", "Network", "Priority", "Target", "Took", "Answered"}}
			for _, b := range r.Responses.Breaches {
				t.Rows = append(t.Rows, []string{clean(b.ID), clean(b.Channel.Name()), clean(string(b.Priority)), duration(b.Target.Std()), duration(b.Took.Std()), map[bool]string{true: "yes", false: "no"}[b.Answered]})
			}
			s.Tables = append(s.Tables, t)
		}
	}
	if len(r.Leaders) == 0 {
		s.Intro = append(s.Intro, "The opinion leaders (community.RankLeaders) were not given.")
		return s
	}
	t := table{Caption: "Opinion leaders, most influential first", Head: []string{"Rank", "Account", "Score", "Centrality", "Followers", "Reach", "Engagement", "Relevance", "Addressed by", "Interactions"}}
	for _, l := range r.Leaders {
		fg := l.Figures
		t.Rows = append(t.Rows, []string{itoa(l.Rank), clean(l.Account.String()), dec(l.Score), dec(fg.Centrality), strconv.FormatInt(fg.Followers, 10),
			dec(fg.Reach), dec(fg.Engagement), dec(fg.Relevance), plural(fg.Addressed, "account", "accounts"), itoa(fg.Interactions)})
	}
	s.Tables = append(s.Tables, t)
	return s
}
