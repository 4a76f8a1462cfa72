// Command quickstart is tandem's main job, end to end, for a sample brand
// (the plan of examples/verifiedplan, publishing from two accounts on
// LinkedIn): it verifies the plan and traces it from the goal to the posts,
// shows the accounts it publishes from and its posts as each account sends
// them (media, first comments, variants, tagged links), plants two flaws in
// a copy of the plan and shows that Verify catches them, measures its KPIs
// from sample observations, lists the next two weeks of posts, exports the
// calendar without the flawed posts, attributes the visits its links
// brought back, triages the community manager's inbox (with the lexicon
// sentiment: the complaints an old keyword list missed come first), runs
// the desk's inbox rules, routes the inbox to the people on shift, renders
// a saved reply and has it approved, checks a draft reply against the
// brand's voice, ranks the opinion leaders, runs a crisis
// drill, sets the brand beside its rivals month by month, shows what its
// Instagram posts did (the top and bottom posts, what works by pillar and
// format), ranks the hours its posts do best in and proposes moving the
// routine whose slot is clearly beaten, paces the campaigns' spend against
// their budgets, and ends with the review's recommendations (among them a
// campaign over pace, a format to publish more of, a routine to move and a
// rival gaining share of voice).
//
//	go run ./examples/quickstart              # a readable report
//	go run ./examples/quickstart -json        # the same, as JSON
//	go run ./examples/quickstart -out ./cal   # write the exports and pages to ./cal
//
// The calendar exports (.ics for calendar clients, and for each bulk-upload
// tool, Hootsuite and Sprout Social, one .csv per account), the review as
// one page with charts (report.html, package report) and the community
// manager's brief as a page and as text (brief-mateo.html and .txt) go to
// the folder given by -out, or to a fresh temporary folder, which the
// report names.
// The quickstart never reads the clock: its "now" is fixed in the sample,
// so every run prints the same report.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tandemsocial/tandem/strategy"
)

// report is everything the quickstart shows; -json prints it as it is.
type report struct {
	Brand           string                    `json:"brand"`
	Zone            string                    `json:"zone"`
	AsOf            time.Time                 `json:"asOf"`
	Verification    verification              `json:"verification"`
	Accounts        *accountsReport           `json:"accounts"`
	Flaws           *flawReport               `json:"flaws"`
	Objectives      []objectiveRow            `json:"objectives"`
	Posts           []postRow                 `json:"posts"`
	Files           []exportFile              `json:"files"`
	Attribution     *attributionReport        `json:"attribution"`
	Inbox           *inboxReport              `json:"inbox"`
	Drill           *drillReport              `json:"drill"`
	Rivals          *strategy.RivalsReport    `json:"rivals"`
	WhatWorks       *whatWorksReport          `json:"whatWorks"`
	BestTimes       *bestTimesReport          `json:"bestTimes"`
	Campaigns       []strategy.CampaignResult `json:"campaigns"`
	Pacing          []strategy.CampaignPace   `json:"pacing"`
	Overdue         []strategy.Assignment     `json:"overdue,omitempty"`
	Recommendations []strategy.Recommendation `json:"recommendations"`
}

func main() {
	asJSON := flag.Bool("json", false, "print the report as JSON")
	out := flag.String("out", "", "folder for the .ics and .csv exports, report.html and the brief (default: a new temporary folder)")
	flag.Parse()
	dir := *out
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "tandem-quickstart-"); err != nil {
			fmt.Fprintln(os.Stderr, "quickstart:", err)
			os.Exit(1)
		}
	}
	if err := run(os.Stdout, dir, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run builds the report, writes the exports to dir and prints the report
// to w.
func run(w io.Writer, dir string, asJSON bool) error {
	s, err := newSample()
	if err != nil {
		return err
	}
	plan := s.plan
	r := report{Brand: plan.Brand.Name, Zone: plan.Zone, AsOf: s.asOf, Verification: s.verify()}

	results, err := s.review()
	if err != nil {
		return err
	}
	r.Objectives = s.objectiveRows(results)
	r.Campaigns, r.Overdue, r.Recommendations = results.Campaigns, results.Overdue, results.Recommendations
	r.Pacing = results.Pacing
	if r.Rivals, err = s.rivals(); err != nil {
		return err
	}
	r.WhatWorks = s.whatWorks(results)
	if r.BestTimes, err = s.bestTimes(results); err != nil {
		return err
	}

	// Verify catches the flaws planted in a copy of the plan, and the
	// exports leave out the entries they are in, saying which and why: the
	// calendar that goes out is the flawed copy's, without them.
	flawed, planted, err := flawedPlan()
	if err != nil {
		return err
	}
	r.Flaws = checkFlaws(flawed, planted, r.Verification.Report)
	ready, held, err := holdBack(flawed, r.Flaws.Report)
	if err != nil {
		return err
	}
	r.Flaws.HeldBack = held
	// The calendar as it goes out: every post's accounts named, every
	// link tagged by its campaign, every post checked again once tagged.
	cal, err := ready.Calendar()
	if err != nil {
		return fmt.Errorf("the calendar cannot go out: %w", err)
	}
	cal.Name = plan.Brand.Name
	r.Accounts = s.accounts(cal)
	if r.Posts, err = s.upcomingPosts(cal.Routines, cal.Entries); err != nil {
		return err
	}
	if r.Files, err = s.exportCalendar(dir, cal, plan.MemberNames()); err != nil {
		return err
	}
	if r.Attribution, err = s.attribute(cal); err != nil {
		return err
	}
	if r.Inbox, err = s.communityManagersMorning(); err != nil {
		return err
	}
	if r.Drill, err = s.runDrill(&plan.Crisis, plan.MemberNames()); err != nil {
		return err
	}
	pages, err := s.writePages(dir, pageParts{results: results, verify: r.Verification, calendar: cal, bestTimes: r.BestTimes, drill: r.Drill, inbox: r.Inbox})
	if err != nil {
		return err
	}
	r.Files = append(r.Files, pages...)

	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(w, "%s: first quarter of 2027, as of %s (%s)\n", r.Brand, s.asOf.Format("Mon 2 Jan 2006 15:04 MST"), r.Zone)
	section(w, "The plan, verified")
	printVerification(w, r.Verification)
	section(w, "Accounts, and the whole post as each account publishes it")
	printAccounts(w, r.Accounts)
	section(w, "Planted flaws: Verify catches them before anything goes out")
	printFlaws(w, r.Flaws)
	section(w, "Objectives and KPI progress")
	printObjectives(w, r.Objectives)
	section(w, "The next two weeks of posts (Madrid time)")
	printPosts(w, r.Posts)
	section(w, "Exports: the calendar without the held-back posts, the review page and the brief")
	printFiles(w, r.Files)
	section(w, "Attribution: what the tagged links brought back")
	printAttribution(w, r.Attribution)
	section(w, "The community manager's morning")
	printInbox(w, r.Inbox)
	section(w, "Crisis drill")
	printDrill(w, r.Drill)
	section(w, "Rivals, month by month (share of voice among the tracked accounts)")
	printRivals(w, r.Rivals)
	section(w, "What the Instagram posts did, seven days after each went out")
	printWhatWorks(w, r.WhatWorks)
	section(w, "Best times to post on Instagram")
	printBestTimes(w, r.BestTimes)
	section(w, "Review: what the campaigns did, and what to do next")
	printCampaigns(w, results)
	fmt.Fprintln(w)
	printPacing(w, r.Pacing)
	for _, a := range r.Overdue {
		fmt.Fprintf(w, "  overdue: %s (due %s)\n", a.Title, a.Due.Format("Mon 2 Jan 15:04"))
	}
	fmt.Fprintln(w)
	printRecommendations(w, results)
	return nil
}

func section(w io.Writer, title string) { fmt.Fprintf(w, "\n%s\n", title) }
