// Command postresults reads a real brand's Facebook posts and prints what
// worked: the top posts, the engagement rate by format, pillar and paid
// promotion, and the best weekdays and hours, each group with its
// interval and whether the data support its lift.
//
//	go run ./examples/postresults                 # ../shared/data/facebook-metrics/dataset_Facebook.csv
//	go run ./examples/postresults -data file.csv  # another copy of the file
//	go run ./examples/postresults -json           # the groups as JSON
//
// # The data
//
// dataset_Facebook.csv holds 500 posts published in 2014 on the page of a
// cosmetics brand (UCI "Facebook metrics"; S. Moro, P. Rita and B. Vala,
// "Predicting social media performance metrics and evaluation of the
// impact on brand building: A data mining approach", Journal of Business
// Research 69(9), 2016; CC BY 4.0). The file is not in this repository:
// the default path is relative to the repository's root, where `go run`
// and .ci/run start. When the default file is absent the program says how
// to get it and exits 0 (so .ci/run passes on a clone without it); when a
// file given with -data cannot be read, it exits 1.
//
// # From a row to an entry and its results
//
// Each row becomes a calendar.Entry on Facebook and its kpi.PostResults at
// the Lifetime age (the file's figures are lifetime totals):
//
//   - The date: the file gives the month, the weekday (1 = Sunday … 7 =
//     Saturday, per the UCI description) and the hour, not the day. The
//     entry is on the first day of that month in 2014 that falls on that
//     weekday (always day 1 to 7), at the hour, in Europe/Lisbon: the file
//     does not name the page's zone, and the paper's authors work in
//     Lisbon. No such day is on a clock change (the last Sunday of March
//     and October), so every local time exists once.
//   - The format: Photo → an image attachment, Video → a video, Link and
//     Status → no media; the "format" group is the Type as written.
//   - The pillar: the category (action, product, inspiration).
//   - Paid: 1 or 0.
//   - Results: reach, impressions, comments, likes, shares, and
//     engagements = the file's interactions (comments + likes + shares).
//
// The engagement rate by reach is interactions ÷ reach × 100 per post,
// kpi.EngagementRateByReach. Missing values are never read as zero: a row
// without a type, category, month, weekday, hour, reach or interactions
// becomes no post (it is listed as excluded with its reason); a missing
// likes or shares value is not recorded (listed as missing); a missing
// paid flag leaves the post out of the paid grouping (listed as
// unkeyed). A post with a reach of zero has no rate (listed as undefined).
//
// # JSON
//
// With -json the program prints one object:
//
//	{"groups":[{"by":"format","key":"Photo","posts":426,"median":"…","mean":"…",
//	            "low":"…","high":"…","evidence":"…","difference":"…"}, …],
//	 "top":[…], "excluded":[…], "missing":[…], "unkeyed":[…], "undefined":[…]}
//
// where median and mean are the group's engagement rate by reach, as
// exact decimals in strings (kpi's Precision, 10 places per post), and
// low and high the 95% interval of the median (absent below 6 posts).
package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// defaultData is the file's path from the repository's root.
const defaultData = "../shared/data/facebook-metrics/dataset_Facebook.csv"

// zoneName is the zone the file's hours are read in.
const zoneName = "Europe/Lisbon"

// space derives the entries' IDs from their row numbers.
var space = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://archive.ics.uci.edu/dataset/368/facebook+metrics"))

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// post is one row as an entry, its results and its group keys.
type post struct {
	row     int // 1-based line number in the file
	entry   calendar.Entry
	format  string
	pillar  string
	paid    string // "true", "false" or "" when the file has none
	results kpi.PostResults
}

// problem is a row or value left out, with the reason.
type problem struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// columns the program reads, by header name.
var columns = []string{"type", "category", "month", "weekday", "hour", "paid", "reach", "impressions", "comments", "likes", "shares", "interactions"}

// readPosts reads the file's rows. A row that cannot be a post is in
// excluded; a value left unrecorded is in missing.
func readPosts(r io.Reader, zone *time.Location) (posts []post, excluded, missing []problem, err error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("reading the header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	for _, c := range columns {
		if _, ok := col[c]; !ok {
			return nil, nil, nil, fmt.Errorf("the header has no %q column", c)
		}
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, nil, err
		}
		p, miss, bad := parseRow(line, rec, col, zone)
		if bad != nil {
			excluded = append(excluded, *bad)
			continue
		}
		missing = append(missing, miss...)
		posts = append(posts, p)
	}
	return posts, excluded, missing, nil
}

// parseRow maps one row to a post, or says why it cannot.
func parseRow(line int, rec []string, col map[string]int, zone *time.Location) (post, []problem, *problem) {
	get := func(c string) string { return strings.TrimSpace(rec[col[c]]) }
	whole := func(c string, lo, hi int64) (int64, *problem) {
		s := get(c)
		if s == "" {
			return 0, &problem{line, c, "empty"}
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < lo || v > hi {
			return 0, &problem{line, c, fmt.Sprintf("%q is not a whole number from %d to %d", s, lo, hi)}
		}
		return v, nil
	}
	p := post{row: line, format: get("type"), pillar: get("category")}
	var media []channel.Media
	switch p.format {
	case "Photo":
		media = []channel.Media{{Kind: channel.Image}}
	case "Video":
		media = []channel.Media{{Kind: channel.Video}}
	case "Link", "Status":
	default:
		return post{}, nil, &problem{line, "type", fmt.Sprintf("%q is not Photo, Video, Link or Status", p.format)}
	}
	switch p.pillar {
	case "action", "product", "inspiration":
	default:
		return post{}, nil, &problem{line, "category", fmt.Sprintf("%q is not action, product or inspiration", p.pillar)}
	}
	month, bad := whole("month", 1, 12)
	if bad != nil {
		return post{}, nil, bad
	}
	weekday, bad := whole("weekday", 1, 7)
	if bad != nil {
		return post{}, nil, bad
	}
	hour, bad := whole("hour", 0, 23)
	if bad != nil {
		return post{}, nil, bad
	}
	switch get("paid") {
	case "1":
		p.paid = "true"
	case "0":
		p.paid = "false"
	case "":
	default:
		return post{}, nil, &problem{line, "paid", fmt.Sprintf("%q is not 1 or 0", get("paid"))}
	}
	p.entry = calendar.Entry{
		ID:      uuid.NewSHA1(space, []byte(strconv.Itoa(line))),
		Channel: channel.Facebook,
		At:      dateOf(int(month), time.Weekday(weekday-1), int(hour), zone),
		Media:   media,
	}
	var missing []problem
	for _, m := range []struct {
		column string
		metric kpi.Metric
		needed bool
	}{
		{"reach", kpi.Reach, true},
		{"interactions", kpi.Engagements, true},
		{"impressions", kpi.Impressions, false},
		{"comments", kpi.Comments, false},
		{"likes", kpi.Likes, false},
		{"shares", kpi.Shares, false},
	} {
		v, bad := whole(m.column, 0, 1<<53)
		if bad != nil {
			if m.needed || bad.Reason != "empty" {
				return post{}, nil, bad
			}
			missing = append(missing, problem{line, m.column, "empty: not recorded"})
			continue
		}
		p.results = append(p.results, kpi.PostResult{Entry: p.entry.ID, Channel: channel.Facebook,
			Metric: m.metric, Age: kpi.Lifetime, Value: decimal.NewFromInt(v)})
	}
	return p, missing, nil
}

// dateOf returns the first day of month in 2014 that falls on weekday, at
// hour in zone.
func dateOf(month int, weekday time.Weekday, hour int, zone *time.Location) time.Time {
	first := time.Date(2014, time.Month(month), 1, 0, 0, 0, 0, time.UTC).Weekday()
	day := 1 + (int(weekday)-int(first)+7)%7
	return time.Date(2014, time.Month(month), day, hour, 0, 0, 0, zone)
}

// jsonGroup is one group in the -json output.
type jsonGroup struct {
	By         string           `json:"by"`
	Key        string           `json:"key"`
	Posts      int              `json:"posts"`
	Median     decimal.Decimal  `json:"median"`
	Mean       decimal.Decimal  `json:"mean"`
	Low        *decimal.Decimal `json:"low,omitempty"`
	High       *decimal.Decimal `json:"high,omitempty"`
	Evidence   kpi.Evidence     `json:"evidence"`
	Difference *decimal.Decimal `json:"difference,omitempty"`
}

// jsonTop is one of the top posts in the -json output.
type jsonTop struct {
	Row    int             `json:"row"`
	At     string          `json:"at"`
	Format string          `json:"format"`
	Pillar string          `json:"pillar"`
	Rate   decimal.Decimal `json:"rate"`
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("postresults", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", defaultData, "the Facebook metrics CSV file")
	asJSON := fl.Bool("json", false, "print the groups as JSON")
	top := fl.Int("top", 5, "how many top and bottom posts to print (1 to 1000)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	explicit := false
	fl.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "data" })

	f, err := os.Open(*data)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stdout, "postresults: %s is absent, so there is nothing to read.\n"+
				"Download dataset_Facebook.csv from https://archive.ics.uci.edu/dataset/368/facebook+metrics\n"+
				"and run: go run ./examples/postresults -data path/to/dataset_Facebook.csv\n", *data)
			return 0
		}
		fmt.Fprintln(stderr, "postresults:", err)
		return 1
	}
	defer f.Close()
	zone, err := time.LoadLocation(zoneName)
	if err != nil {
		fmt.Fprintln(stderr, "postresults:", err)
		return 1
	}
	posts, excluded, missing, err := readPosts(f, zone)
	if err != nil {
		fmt.Fprintf(stderr, "postresults: %s: %v\n", *data, err)
		return 1
	}

	byEntry := make(map[uuid.UUID]*post, len(posts))
	var results kpi.PostResults
	for i := range posts {
		byEntry[posts[i].entry.ID] = &posts[i]
		results = append(results, posts[i].results...)
	}
	if err := results.Validate(); err != nil {
		fmt.Fprintln(stderr, "postresults:", err)
		return 1
	}
	key := func(get func(*post) string) func(kpi.PostKey) (string, bool) {
		return func(k kpi.PostKey) (string, bool) {
			p, ok := byEntry[k.Entry]
			if !ok {
				return "", false
			}
			v := get(p)
			return v, v != ""
		}
	}
	groupings := []kpi.Grouping{
		{By: "format", Key: key(func(p *post) string { return p.format })},
		{By: "pillar", Key: key(func(p *post) string { return p.pillar })},
		{By: "paid", Key: key(func(p *post) string { return p.paid })},
		{By: "weekday", Key: key(func(p *post) string { return p.entry.At.Weekday().String() })},
		{By: "hour", Key: key(func(p *post) string { return fmt.Sprintf("%02d:00", p.entry.At.Hour()) })},
	}
	w, err := results.WhatWorks(kpi.EngagementRateByReach, kpi.Lifetime, groupings, kpi.WhatWorksOptions{Top: *top})
	if err != nil {
		fmt.Fprintln(stderr, "postresults:", err)
		return 1
	}
	var unkeyed []problem
	for _, g := range w.Groupings {
		for _, k := range g.Unkeyed {
			unkeyed = append(unkeyed, problem{byEntry[k.Entry].row, g.By, "no value: left out of this grouping"})
		}
	}
	var undefined []problem
	for _, k := range w.Undefined {
		undefined = append(undefined, problem{byEntry[k.Entry].row, "reach", "zero: no engagement rate"})
	}
	if *asJSON {
		return printJSON(stdout, stderr, w, byEntry, excluded, missing, unkeyed, undefined)
	}
	printText(stdout, w, byEntry, len(posts), excluded, missing, unkeyed, undefined)
	if err := printSlots(stdout, results, byEntry); err != nil {
		fmt.Fprintln(stderr, "postresults:", err)
		return 1
	}
	fmt.Fprintln(stdout, "\nData: Moro, Rita and Vala (2016), UCI \"Facebook metrics\", CC BY 4.0.")
	return 0
}

// printSlots ranks the weekday × hour slots by the posts' engagement rates
// (kpi.RankTimes: each slot's mean shrunk toward the page's, so that a
// slot of one lucky post does not win) and prints the best ones.
func printSlots(stdout io.Writer, results kpi.PostResults, byEntry map[uuid.UUID]*post) error {
	rates, err := results.PerPost(kpi.EngagementRateByReach, kpi.Lifetime)
	if err != nil {
		return err
	}
	values := make([]kpi.TimedValue, 0, len(rates.Values))
	for _, v := range rates.Values {
		at := byEntry[v.Post.Entry].entry.At
		values = append(values, kpi.TimedValue{Slot: kpi.HourSlot{Weekday: at.Weekday(), Hour: at.Hour()}, Value: v.Value})
	}
	best, err := kpi.RankTimes(values)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nBest weekday × hour slots (%s), shrunk toward the page's mean %s%%:\n", zoneName, best.Overall.StringFixed(2))
	if !best.Evidence {
		fmt.Fprintln(stdout, "  the slots differ no more than chance would make them: no slot is better on this evidence")
		return nil
	}
	for _, sl := range best.Slots[:min(5, len(best.Slots))] {
		fmt.Fprintf(stdout, "  %s  %3d posts  mean %6s%%  weight %s  score %s%%\n", sl.Slot, sl.Posts, sl.Mean.StringFixed(2), sl.Weight.StringFixed(2), sl.Score.StringFixed(2))
	}
	return nil
}

func topOf(vs []kpi.PostValue, byEntry map[uuid.UUID]*post) []jsonTop {
	out := make([]jsonTop, len(vs))
	for i, v := range vs {
		p := byEntry[v.Post.Entry]
		out[i] = jsonTop{Row: p.row, At: p.entry.At.Format("Mon 2 Jan 2006 15:04 MST"), Format: p.format, Pillar: p.pillar, Rate: v.Value}
	}
	return out
}

func printJSON(stdout, stderr io.Writer, w kpi.WhatWorks, byEntry map[uuid.UUID]*post, excluded, missing, unkeyed, undefined []problem) int {
	out := struct {
		Groups    []jsonGroup `json:"groups"`
		Top       []jsonTop   `json:"top"`
		Excluded  []problem   `json:"excluded"`
		Missing   []problem   `json:"missing"`
		Unkeyed   []problem   `json:"unkeyed"`
		Undefined []problem   `json:"undefined"`
	}{Groups: []jsonGroup{}, Top: topOf(w.Top, byEntry), Excluded: excluded, Missing: missing, Unkeyed: unkeyed, Undefined: undefined}
	for _, gr := range w.Groupings {
		if gr.By != "format" && gr.By != "pillar" && gr.By != "paid" {
			continue
		}
		for _, g := range gr.Groups {
			jg := jsonGroup{By: g.By, Key: g.Key, Posts: g.Posts, Median: g.Median, Mean: g.Mean, Evidence: g.Lift.Evidence}
			if g.Interval != nil {
				jg.Low, jg.High = &g.Interval.Low, &g.Interval.High
			}
			if g.Lift.Evidence == kpi.EvidenceSupported {
				d := g.Lift.Difference
				jg.Difference = &d
			}
			out.Groups = append(out.Groups, jg)
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(stderr, "postresults:", err)
		return 1
	}
	return 0
}

func printText(stdout io.Writer, w kpi.WhatWorks, byEntry map[uuid.UUID]*post, posts int, excluded, missing, unkeyed, undefined []problem) {
	fmt.Fprintf(stdout, "%d posts read; %d with an engagement rate by reach (interactions ÷ reach × 100, lifetime).\n", posts, w.Posts)
	fmt.Fprintf(stdout, "The page's median post: %s%%; mean %s%%; %d outliers beyond 3 × MAD (%s).\n\n",
		w.Baseline.StringFixed(2), w.Mean.StringFixed(2), len(w.Outliers), w.MAD.StringFixed(2))
	fmt.Fprintln(stdout, "Top posts:")
	for _, t := range topOf(w.Top, byEntry) {
		fmt.Fprintf(stdout, "  row %3d  %-26s  %-6s %-11s  %s%%\n", t.Row, t.At, t.Format, t.Pillar, t.Rate.StringFixed(2))
	}
	fmt.Fprintln(stdout, "Bottom posts:")
	for _, t := range topOf(w.Bottom, byEntry) {
		fmt.Fprintf(stdout, "  row %3d  %-26s  %-6s %-11s  %s%%\n", t.Row, t.At, t.Format, t.Pillar, t.Rate.StringFixed(2))
	}
	for _, gr := range w.Groupings {
		title := "What works by " + gr.By
		if gr.By == "weekday" || gr.By == "hour" {
			title = "Best times by " + gr.By + " (" + zoneName + ")"
		}
		fmt.Fprintf(stdout, "\n%s:\n", title)
		for _, g := range gr.Groups {
			interval := "no interval (under 6 posts)"
			if g.Interval != nil {
				interval = fmt.Sprintf("95%% %s to %s", g.Interval.Low.StringFixed(2), g.Interval.High.StringFixed(2))
			}
			lift := "not enough evidence"
			if g.Lift.Evidence == kpi.EvidenceSupported {
				lift = fmt.Sprintf("lift %+s points over the median", g.Lift.Difference.StringFixed(2))
			}
			fmt.Fprintf(stdout, "  %-11s %4d posts  median %6s%%  mean %6s%%  %-22s  %s\n",
				g.Key, g.Posts, g.Median.StringFixed(2), g.Mean.StringFixed(2), interval, lift)
		}
	}
	fmt.Fprintln(stdout)
	for _, list := range []struct {
		what  string
		items []problem
	}{{"rows excluded", excluded}, {"values not recorded", missing}, {"posts left out of a grouping", unkeyed}, {"posts with a reach of zero", undefined}} {
		fmt.Fprintf(stdout, "%d %s", len(list.items), list.what)
		for i, p := range list.items {
			sep := ", "
			if i == 0 {
				sep = ": "
			}
			fmt.Fprintf(stdout, "%srow %d %s (%s)", sep, p.Row, p.Column, p.Reason)
		}
		fmt.Fprintln(stdout)
	}
}
