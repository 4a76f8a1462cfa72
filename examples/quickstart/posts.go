package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// postRow is one upcoming post: a single entry, or a routine's slot that
// the community manager fills.
type postRow struct {
	At      time.Time       `json:"at"`
	Channel channel.Channel `json:"channel"`
	// Accounts are the handles of the accounts that publish it.
	Accounts []string `json:"accounts"`
	// What says what the post is: the entry's text, or the routine's
	// format and pillar.
	What    string `json:"what"`
	Routine bool   `json:"routine,omitempty"`
}

// upcomingPosts merges the routines' slots and the scheduled entries of
// the two weeks from asOf, in time order, each with the accounts it is
// published from (routines and entries as they go out name them). "Two
// weeks" is 14 calendar days on Madrid's wall clock (AddDate), not 336
// hours.
func (s *sample) upcomingPosts(routines []calendar.Routine, entries []calendar.Entry) ([]postRow, error) {
	w := calendar.Window{From: s.asOf, To: s.asOf.AddDate(0, 0, 14)}
	slots, err := calendar.Slots(routines, s.plan.CalendarRules.Blackouts, w)
	if err != nil {
		return nil, err
	}
	accounts := make(map[uuid.UUID]string, len(routines))
	for _, r := range routines {
		accounts[r.ID] = r.Account
	}
	var rows []postRow
	for slot := range slots {
		rows = append(rows, postRow{At: slot.At.In(s.loc), Channel: slot.Channel, Accounts: []string{accounts[slot.RoutineID]},
			What: slot.Format + ": " + slot.Pillar, Routine: true})
	}
	for _, e := range entries {
		if w.Contains(e.At) {
			rows = append(rows, postRow{At: e.At.In(s.loc), Channel: e.Channel, Accounts: e.Targets(), What: e.Text})
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
		from := make([]string, len(r.Accounts))
		for i, h := range r.Accounts {
			from[i] = "@" + h
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", r.At.Format("Mon 2 Jan 15:04 MST"), r.Channel, kind, strings.Join(from, " "), shorten(r.What, 60))
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

// exportFile is one file the exports wrote.
type exportFile struct {
	// Path is where it was written.
	Path string `json:"path"`
	// Format is "ics", or the CSV dialect: "hootsuite", "sprout".
	Format string `json:"format"`
	// Channel and Account are the account a CSV file is for.
	Channel channel.Channel `json:"channel,omitempty"`
	Account string          `json:"account,omitempty"`
	// Posts counts the posts in the file.
	Posts int `json:"posts"`
	// AddInTool lists what the file's posts carry that the tool's columns
	// cannot: a person adds it in the tool after the upload.
	AddInTool []string `json:"addInTool,omitempty"`
}

// exportCalendar writes cal, the brand's calendar as it goes out
// (Strategy.Calendar: every post's accounts named and links tagged), to
// dir: one .ics file with the routines (their owners by the names given),
// entries, milestones and blackouts, for calendar clients; and, for each of
// the two bulk-upload tools (Hootsuite, Sprout Social), one .csv per account
// with that account's posts still to publish. It returns the files written,
// in order.
func (s *sample) exportCalendar(dir string, cal calendar.Calendar, names map[uuid.UUID]string) ([]exportFile, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []exportFile
	write := func(f exportFile, content []byte) error {
		f.Path = filepath.Join(dir, f.Path)
		if err := os.WriteFile(f.Path, content, 0o644); err != nil {
			return err
		}
		files = append(files, f)
		return nil
	}

	var ics bytes.Buffer
	// The file's DTSTAMP is the report's "now", never the clock.
	if err := calendar.WriteICS(&ics, cal, s.asOf, &calendar.ICSOptions{Names: names}); err != nil {
		return nil, fmt.Errorf("iCalendar export: %w", err)
	}
	if err := write(exportFile{Path: "bluebird.ics", Format: "ics", Posts: len(cal.Entries)}, ics.Bytes()); err != nil {
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
	// The tools take one file per account, chosen when it is uploaded.
	for _, dialect := range []calendar.CSVDialect{calendar.CSVHootsuite, calendar.CSVSprout} {
		for _, g := range calendar.GroupByAccount(future) {
			// Neither tool's columns carry titles, first comments or
			// media: the files are written without them (OmitUnsupported),
			// and the report lists what to add in the tool.
			opts := &calendar.CSVOptions{Dialect: dialect, Account: g.Account, OmitUnsupported: true}
			var csv bytes.Buffer
			if err := calendar.WriteCSV(&csv, g.Entries, s.loc, s.asOf, opts); err != nil {
				return nil, fmt.Errorf("%s CSV export for @%s on %s: %w", dialect, g.Account, g.Channel.Name(), err)
			}
			f := exportFile{Path: fmt.Sprintf("%s-%s-%s.csv", dialect, g.Channel, fileSafe(g.Account)), Format: dialect.String(),
				Channel: g.Channel, Account: g.Account, Posts: len(g.Entries), AddInTool: addInTool(g.Entries, g.Account)}
			if err := write(f, csv.Bytes()); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}

// addInTool lists what account's posts of entries carry that no CSV
// column does: "2 images", "a first comment".
func addInTool(entries []calendar.Entry, account string) []string {
	var titles, comments int
	kinds := map[channel.MediaKind]int{}
	for _, e := range entries {
		p := e.Post(account)
		if p.Title != "" {
			titles++
		}
		if p.FirstComment != "" {
			comments++
		}
		for _, m := range p.Media {
			kinds[m.Kind]++
		}
	}
	var out []string
	for _, k := range channel.MediaKinds() {
		if n := kinds[k]; n > 0 {
			out = append(out, count(n, k.String()))
		}
	}
	if titles > 0 {
		out = append(out, count(titles, "title"))
	}
	if comments > 0 {
		out = append(out, count(comments, "first comment"))
	}
	return out
}

// count writes n and noun, with an s when n is not 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// fileSafe keeps a handle's letters, digits, dots, hyphens and
// underscores for a file name, and writes "_" for anything else (the "@"
// and "/" of some networks' handles); an empty handle is "account".
func fileSafe(handle string) string {
	if handle == "" {
		return "account"
	}
	return strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (r == '.' || r == '-' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return r
		}
		return '_'
	}, handle)
}

// toolNames are the bulk-upload tools' names, by CSV dialect.
var toolNames = map[string]string{"hootsuite": "Hootsuite", "sprout": "Sprout Social"}

func printFiles(w io.Writer, files []exportFile) {
	if len(files) == 0 {
		return
	}
	fmt.Fprintf(w, "  in %s:\n", filepath.Dir(files[0].Path))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range files {
		cells := []string{"    " + filepath.Base(f.Path)}
		switch f.Format {
		case "ics":
			cells = append(cells, "calendar clients", count(f.Posts, "post")+", the routines, milestones and blackouts")
		case "html":
			cells = append(cells, "a browser", "the review as one page with charts, prints on A4 or Letter")
		case "brief-html", "brief-text":
			what := "a page"
			if f.Format == "brief-text" {
				what = "plain text, for a chat message or an email"
			}
			cells = append(cells, f.Account+"'s brief", what+": the voice, the objectives, the week, replies, approvals and whom to call")
		default:
			cells = append(cells, toolNames[f.Format], fmt.Sprintf("%s from @%s on %s", count(f.Posts, "post"), f.Account, f.Channel.Name()))
			if len(f.AddInTool) > 0 {
				cells = append(cells, "to add in the tool: "+strings.Join(f.AddInTool, ", "))
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
}
