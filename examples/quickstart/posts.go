package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// postRow is one upcoming post: a single entry, or a routine's slot that
// the community manager fills.
type postRow struct {
	At      time.Time       `json:"at"`
	Channel channel.Channel `json:"channel"`
	// What says what the post is: the entry's text, or the routine's
	// format and pillar.
	What    string `json:"what"`
	Routine bool   `json:"routine,omitempty"`
}

// upcomingPosts merges the routines' slots and the scheduled entries of
// the two weeks from asOf, in time order. "Two weeks" is 14 calendar days
// on Madrid's wall clock (AddDate), not 336 hours.
func (s *sample) upcomingPosts(routines []calendar.Routine, entries []calendar.Entry) ([]postRow, error) {
	w := calendar.Window{From: s.asOf, To: s.asOf.AddDate(0, 0, 14)}
	slots, err := calendar.Slots(routines, s.plan.CalendarRules.Blackouts, w)
	if err != nil {
		return nil, err
	}
	var rows []postRow
	for slot := range slots {
		rows = append(rows, postRow{At: slot.At.In(s.loc), Channel: slot.Channel, What: slot.Format + ": " + slot.Pillar, Routine: true})
	}
	for _, e := range entries {
		if w.Contains(e.At) {
			rows = append(rows, postRow{At: e.At.In(s.loc), Channel: e.Channel, What: e.Text})
		}
	}
	// Stable: at the same instant, slots (in Slots' order) come before
	// entries (in calendar order).
	slices.SortStableFunc(rows, func(a, b postRow) int { return a.At.Compare(b.At) })
	return rows, nil
}

func printPosts(w io.Writer, rows []postRow) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		kind := "post"
		if r.Routine {
			kind = "routine"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.At.Format("Mon 2 Jan 15:04 MST"), r.Channel, kind, shorten(r.What, 60))
	}
	tw.Flush()
}

// shorten cuts text to at most n runes, with an ellipsis when it cuts.
func shorten(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n-1]) + "…"
}

// exportCalendar writes the brand's calendar to dir: one .ics file with
// the routines (their owners by the names given), entries and their zone,
// for calendar clients, and one .csv per network with the entries still to
// publish, for bulk-upload tools. It returns the paths written, in order.
func (s *sample) exportCalendar(dir string, cal calendar.Calendar, names map[uuid.UUID]string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	write := func(name string, content []byte) error {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
		files = append(files, path)
		return nil
	}

	var ics bytes.Buffer
	// The file's DTSTAMP is the report's "now", never the clock.
	if err := calendar.WriteICS(&ics, cal, s.asOf, &calendar.ICSOptions{Names: names}); err != nil {
		return nil, fmt.Errorf("iCalendar export: %w", err)
	}
	if err := write("bluebird.ics", ics.Bytes()); err != nil {
		return nil, err
	}

	// Only what is ready and still to publish goes to the upload tools:
	// approved or scheduled posts at least calendar.CSVMinLead after now.
	var future []calendar.Entry
	for _, e := range cal.Entries {
		ready := e.Status == calendar.StatusApproved || e.Status == calendar.StatusScheduled
		if ready && e.At.Sub(s.asOf) >= calendar.CSVMinLead {
			future = append(future, e)
		}
	}
	for _, g := range calendar.GroupByChannel(future) {
		var csv bytes.Buffer
		if err := calendar.WriteCSV(&csv, g.Entries, s.loc, s.asOf, nil); err != nil {
			return nil, fmt.Errorf("CSV export for %s: %w", g.Channel, err)
		}
		if err := write("bluebird-"+g.Channel.String()+".csv", csv.Bytes()); err != nil {
			return nil, err
		}
	}
	return files, nil
}
