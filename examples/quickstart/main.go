// Command quickstart is tandem's main job, end to end, for a sample brand:
// it measures the brand's KPIs from sample observations and prints their
// progress and forecasts.
//
//	go run ./examples/quickstart          # a readable report
//	go run ./examples/quickstart -json    # the same, as JSON
//
// Files the quickstart writes go to the folder given by -out, or to a fresh
// temporary folder, which it prints.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

// report is everything the quickstart shows; -json prints it as it is.
type report struct {
	Brand string    `json:"brand"`
	Zone  string    `json:"zone"`
	AsOf  time.Time `json:"asOf"`
	KPIs  []kpiRow  `json:"kpis"`
}

func main() {
	asJSON := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, asJSON bool) error {
	s, err := newSample()
	if err != nil {
		return err
	}
	r := report{Brand: brandName, Zone: brandZone, AsOf: s.asOf}
	if r.KPIs, err = s.evaluateKPIs(); err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(w, "%s: first quarter of 2027, as of %s (%s)\n\n", r.Brand, s.asOf.Format("Mon 2 Jan 2006 15:04 MST"), r.Zone)
	fmt.Fprintln(w, "KPI progress")
	printKPIs(w, r.KPIs)
	return nil
}
