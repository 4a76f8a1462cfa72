// Command quickstart is tandem's main job, end to end, for a sample brand:
// it measures the brand's KPIs from sample observations, lists the next two
// weeks of posts and exports the calendar, triages the community manager's
// inbox, checks a draft reply against the brand's voice, ranks the opinion
// leaders, and runs a crisis drill.
//
//	go run ./examples/quickstart              # a readable report
//	go run ./examples/quickstart -json        # the same, as JSON
//	go run ./examples/quickstart -out ./cal   # write the exports to ./cal
//
// The calendar exports (.ics for calendar clients, one .csv per network for
// bulk-upload tools) go to the folder given by -out, or to a fresh temporary
// folder, which the report names. The quickstart never reads the clock: its
// "now" is fixed in the sample, so every run prints the same report.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tandemsocial/tandem/calendar"
)

// report is everything the quickstart shows; -json prints it as it is.
type report struct {
	Brand string       `json:"brand"`
	Zone  string       `json:"zone"`
	AsOf  time.Time    `json:"asOf"`
	KPIs  []kpiRow     `json:"kpis"`
	Posts []postRow    `json:"posts"`
	Files []string     `json:"files"`
	Inbox *inboxReport `json:"inbox"`
	Drill *drillReport `json:"drill"`
}

func main() {
	asJSON := flag.Bool("json", false, "print the report as JSON")
	out := flag.String("out", "", "folder for the .ics and .csv exports (default: a new temporary folder)")
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
	r := report{Brand: brandName, Zone: brandZone, AsOf: s.asOf}
	if r.KPIs, err = s.evaluateKPIs(); err != nil {
		return err
	}

	cal := calendar.Calendar{Name: brandName, Routines: s.routines(), Entries: s.entries()}
	if err := cal.Validate(); err != nil {
		return fmt.Errorf("sample calendar: %w", err)
	}
	if r.Posts, err = s.upcomingPosts(cal.Routines, cal.Entries); err != nil {
		return err
	}
	if r.Files, err = s.exportCalendar(dir, cal); err != nil {
		return err
	}
	if r.Inbox, err = s.communityManagersMorning(); err != nil {
		return err
	}
	if r.Drill, err = s.runDrill(s.crisisPlan()); err != nil {
		return err
	}

	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(w, "%s: first quarter of 2027, as of %s (%s)\n", r.Brand, s.asOf.Format("Mon 2 Jan 2006 15:04 MST"), r.Zone)
	section(w, "KPI progress")
	printKPIs(w, r.KPIs)
	section(w, "The next two weeks of posts (Madrid time)")
	printPosts(w, r.Posts)
	section(w, "Calendar exports")
	for _, f := range r.Files {
		fmt.Fprintln(w, "  "+f)
	}
	section(w, "The community manager's morning")
	printInbox(w, r.Inbox)
	section(w, "Crisis drill")
	printDrill(w, r.Drill)
	return nil
}

func section(w io.Writer, title string) { fmt.Fprintf(w, "\n%s\n", title) }
