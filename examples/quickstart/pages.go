package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/kpi"
	review "github.com/tandemsocial/tandem/report"
	"github.com/tandemsocial/tandem/strategy"
)

// The pages the quickstart writes beside the calendar exports: the review
// as one page with charts, and the community manager's brief as a page and
// as plain text.
const (
	reportFile = "report.html"
	briefFile  = "brief-mateo" // + ".html" and ".txt"
)

// reportSections and briefSections are the sections each page has.
var (
	reportSections = review.Sections()
	briefSections  = review.BriefSections()
)

// pageParts is what the pages show that the rest of the run computed.
type pageParts struct {
	results   *strategy.Results
	verify    verification
	calendar  calendar.Calendar
	bestTimes *bestTimesReport
	drill     *drillReport
	inbox     *inboxReport
}

// writePages writes the review page and the community manager's brief to
// dir, and returns the files written.
func (s *sample) writePages(dir string, p pageParts) ([]exportFile, error) {
	series, err := kpi.NewSeries(s.observations)
	if err != nil {
		return nil, fmt.Errorf("sample observations: %w", err)
	}
	responses, err := s.responseReport(p.inbox.inbox)
	if err != nil {
		return nil, err
	}
	var pauses []crisis.PauseWindow
	for i := range p.drill.rep.Incidents {
		ws, err := p.drill.rep.Incidents[i].PauseWindows(&s.plan.Crisis, p.drill.rep.End)
		if err != nil {
			return nil, fmt.Errorf("drill pauses: %w", err)
		}
		pauses = append(pauses, ws...)
	}
	page := &review.Review{
		Plan:         s.published,
		Results:      p.results,
		Series:       series,
		Verification: &p.verify.Report,
		Matrix:       &p.verify.Trace,
		Calendar:     &p.calendar,
		Pauses:       pauses,
		BestTimes:    []review.AccountTimes{{Account: channel.AccountRef{Channel: channel.Instagram, Handle: brandHandle}, Times: p.bestTimes.Ranking}},
		Drill:        p.drill.rep,
		Responses:    responses,
		Leaders:      p.inbox.Leaders,
	}
	var buf bytes.Buffer
	if err := review.WriteHTML(&buf, page, s.asOf, &review.Options{Title: s.plan.Brand.Name + ": the review, first quarter of 2027"}); err != nil {
		return nil, fmt.Errorf("review page: %w", err)
	}
	files := []exportFile{{Path: filepath.Join(dir, reportFile), Format: "html"}}
	if err := os.WriteFile(files[0].Path, buf.Bytes(), 0o644); err != nil {
		return nil, err
	}

	brief, err := s.plan.Brief(verifiedplan.CommunityManager, s.asOf, nil)
	if err != nil {
		return nil, fmt.Errorf("brief: %w", err)
	}
	var html, text bytes.Buffer
	if err := review.WriteBriefHTML(&html, brief); err != nil {
		return nil, err
	}
	if err := review.WriteBriefText(&text, brief); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		ext, format string
		content     []byte
	}{{".html", "brief-html", html.Bytes()}, {".txt", "brief-text", text.Bytes()}} {
		path := filepath.Join(dir, briefFile+f.ext)
		if err := os.WriteFile(path, f.content, 0o644); err != nil {
			return nil, err
		}
		files = append(files, exportFile{Path: path, Format: f.format, Account: strings.Fields(verifiedplan.CommunityManagerName)[0]})
	}
	return files, nil
}

// responseReport is the desk's response times over the week before the
// Monday morning: last week's interactions and answers, and the weekend's
// interactions, still open (the desk above triages them). Business hours are Monday to Friday, 09:00–18:00, so what came
// in on the weekend waits for Monday without counting against a target.
func (s *sample) responseReport(weekend community.Inbox) (*community.ResponseReport, error) {
	responder, err := community.NewResponder(s.plan.Community.Response, nil)
	if err != nil {
		return nil, fmt.Errorf("response policy: %w", err)
	}
	at := func(day, hour, min int) time.Time {
		return time.Date(2027, time.February, day, hour, min, 0, 0, s.loc)
	}
	to := []string{brandHandle}
	author := func(handle string, followers int64) community.Author {
		return community.Author{Handle: handle, Followers: followers}
	}
	lastWeek := community.Inbox{
		{ID: "lw-1", Kind: community.KindComment, Channel: channel.Instagram, Thread: "reel-0205", Author: author("home.barista", 410),
			At: at(9, 10, 15), Text: "Which beans are in the winter blend?", To: to},
		{ID: "lw-2", Kind: community.KindMention, Channel: channel.X, Author: author("ana_cafe", 1_200),
			At: at(9, 12, 0), Text: "Just tried the new espresso from @bluebirdcoffee, lovely", To: to},
		{ID: "lw-3", Kind: community.KindDirectMessage, Channel: channel.Instagram, Thread: "dm-301", Author: author("oficina_sol", 90),
			At: at(10, 9, 30), Text: "Can I change the delivery address of my order?", To: to},
		{ID: "lw-4", Kind: community.KindMention, Channel: channel.X, Author: author("dani.m", 530),
			At: at(10, 16, 20), Text: "Second time my order from @bluebirdcoffee arrives late. Not happy.", To: to},
		{ID: "lw-5", Kind: community.KindComment, Channel: channel.Instagram, Thread: "carousel-0211", Author: author("marta_v", 140),
			At: at(11, 11, 0), Text: "Love the photos from the farm!", To: to},
		{ID: "lw-6", Kind: community.KindDirectMessage, Channel: channel.Instagram, Thread: "dm-305", Author: author("coworking.norte", 2_100),
			At: at(11, 14, 0), Text: "Do you deliver to offices in Alcobendas?", To: to},
		{ID: "lw-7", Kind: community.KindComment, Channel: channel.Instagram, Thread: "reel-0212", Author: author("pablo_r", 45),
			At: at(12, 9, 40), Text: "Is the moka grind fine enough for espresso?", To: to},
		{ID: "lw-8", Kind: community.KindMention, Channel: channel.X, Author: author("cafe_critic", 95_000),
			At: at(12, 12, 30), Text: "Visited the @bluebirdcoffee roastery today: great people, great beans", To: to},
	}
	mateo, lucia := verifiedplan.CommunityManager, verifiedplan.Strategist
	answers := []community.Response{
		{To: "lw-1", At: at(9, 10, 50), By: mateo},
		{To: "lw-2", At: at(9, 15, 30), By: mateo},
		{To: "lw-3", At: at(10, 11, 0), By: mateo},
		{To: "lw-4", At: at(11, 10, 5), By: mateo}, // a complaint at 16:20, answered the next morning: late
		{To: "lw-5", At: at(11, 17, 30), By: mateo},
		{To: "lw-6", At: at(12, 11, 30), By: mateo}, // a message at 14:00, answered the next day: late
		{To: "lw-7", At: at(12, 10, 10), By: mateo},
		{To: "lw-8", At: at(12, 13, 0), By: lucia},
		// The weekend's are still open: the desk triages them this
		// morning.
	}
	inbox := append(lastWeek, weekend...)
	week := calendar.Window{From: at(8, 0, 0), To: s.asOf}
	return responder.Report(inbox, answers, week)
}
