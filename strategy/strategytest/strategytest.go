package strategytest

import (
	"bytes"
	"flag"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/strategy"
)

// TB is the part of testing.TB the helpers use. *testing.T, *testing.B and
// *testing.F satisfy it; so does a recorder in a test that checks that a
// flawed plan is reported.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// Options tune VerifyWith. The zero value fails on errors only, with the
// default verification options.
type Options struct {
	// Min is the least severity that fails the test; empty means
	// strategy.SeverityError.
	Min strategy.Severity
	// Verify is passed to strategy.Verify.
	Verify *strategy.VerifyOptions
}

// Verify verifies plan with the default options and reports, in one
// t.Errorf, every finding of severity error, one a line. It returns the
// whole report, so a test can look further.
func Verify(t TB, plan *strategy.Strategy) strategy.Report {
	t.Helper()
	return VerifyWith(t, plan, nil)
}

// VerifyWith verifies plan with opts and reports, in one t.Errorf, every
// finding at or above opts.Min. It returns the whole report.
func VerifyWith(t TB, plan *strategy.Strategy, opts *Options) strategy.Report {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	min := opts.Min
	if min == "" {
		min = strategy.SeverityError
	}
	report := strategy.Verify(plan, opts.Verify)
	if !min.IsValid() || min == strategy.SeverityOff {
		t.Errorf("strategytest: %q is not a severity to fail on (error, warning, info)", string(min))
		return report
	}
	if bad := report.AtLeast(min); len(bad) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "the plan has %d finding(s) at or above %s:\n", len(bad), min)
		for _, f := range bad {
			b.WriteString("\t")
			b.WriteString(f.String())
			b.WriteByte('\n')
		}
		t.Errorf("%s", b.String())
	}
	return report
}

// HasFinding reports whether report holds a finding of the named rule at
// path (any path when path is empty).
func HasFinding(report strategy.Report, rule, path string) bool {
	return slices.ContainsFunc(report.Findings, func(f strategy.Finding) bool {
		return f.Rule == rule && (path == "" || f.Path == path)
	})
}

// ExpectFinding fails the test unless report holds a finding of the named
// rule at path (any path when path is empty). It is how a test proves that
// a planted flaw is caught.
func ExpectFinding(t TB, report strategy.Report, rule, path string) {
	t.Helper()
	if !HasFinding(report, rule, path) {
		t.Errorf("no %s finding at %q; the report was:\n%s", rule, path, report.String())
	}
}

// UpdateFlag is the name of the command-line flag that makes the
// golden-file helpers write their files instead of comparing:
//
//	go test ./... -strategytest.update
//
// It is namespaced, as net/http/httptest's flags are, so a test package
// that imports strategytest may define its own -update flag.
const UpdateFlag = "strategytest.update"

// update is the -strategytest.update flag.
var update = flag.Bool(UpdateFlag, false, "rewrite the golden files of the strategytest helpers")

// Updating reports whether the test binary runs with -strategytest.update.
func Updating() bool { return *update }

// CalendarText prints the plan's calendar over window w, one line per
// publication in time order: every routine slot and every entry that is not
// cancelled (an entry that fills a routine's slot replaces it), with its
// local time in the plan's zone, channel, the accounts that publish it
// (resolved as Validate resolves them: an entry or routine that names no
// account publishes from the brand's only account on its network; a
// reference that does not resolve is printed as written, or as "@?"),
// origin and text or pillar. A routine slot that a blackout of the plan's
// calendar rules skips is printed as "skip", with the blackout's reason
// (see calendar.SkippedSlots):
//
//	2027-01-06 Wed 10:00 CET  instagram  @bluebirdcoffee  skip   reel       brewing tips  [blackout: Epiphany: the team is off]
//	2027-01-11 Mon 10:00 CET  instagram  @bluebirdcoffee  entry  scheduled  Three V60 mistakes…  [routine]
//
// It is the form GoldenCalendar compares; it changes only when the plan's
// calendar does.
func CalendarText(plan *strategy.Strategy, w calendar.Window) (string, error) {
	loc, err := time.LoadLocation(plan.Zone)
	if err != nil || plan.Zone == "" || plan.Zone == "Local" {
		return "", fmt.Errorf("strategytest: the plan's zone %q is not an IANA zone", plan.Zone)
	}
	if err := w.Validate(); err != nil {
		return "", fmt.Errorf("strategytest: window: %w", err)
	}
	names := map[uuid.UUID]string{}
	for _, c := range plan.Campaigns {
		names[c.ID] = c.Name
	}
	accounts := plan.Accounts.Index()
	who := func(c channel.Channel, handles []string) string {
		out := make([]string, len(handles))
		for i, h := range handles {
			a, err := accounts.Resolve(channel.AccountRef{Channel: c, Handle: h})
			switch {
			case err == nil:
				out[i] = "@" + a.Handle
			case h == "":
				out[i] = "@?"
			default:
				out[i] = "@" + h
			}
		}
		return strings.Join(out, ",")
	}
	// The accounts column is as wide as the widest of the plan's.
	routineAccount := map[uuid.UUID]string{}
	width := 0
	for _, r := range plan.Routines {
		routineAccount[r.ID] = who(r.Channel, []string{r.Account})
		width = max(width, utf8.RuneCountInString(routineAccount[r.ID]))
	}
	for _, e := range plan.Entries {
		if e.Status != calendar.StatusCancelled && w.Contains(e.At) {
			width = max(width, utf8.RuneCountInString(who(e.Channel, e.Targets())))
		}
	}
	type line struct {
		at   time.Time
		text string
	}
	var lines []line
	filled := map[string]bool{}
	key := func(r uuid.UUID, t time.Time) string { return fmt.Sprintf("%x@%d", r, t.Unix()) }
	for _, e := range plan.Entries {
		if e.Status == calendar.StatusCancelled || !w.Contains(e.At) {
			continue
		}
		origin := "routine"
		if name, ok := names[e.CampaignID]; ok {
			origin = "campaign " + name
		}
		if e.RoutineID != uuid.Nil {
			filled[key(e.RoutineID, e.At)] = true
		}
		lines = append(lines, line{e.At, fmt.Sprintf("%s  %-9s  %-*s  entry  %-9s  %s  [%s]", stamp(e.At, loc), e.Channel, width, who(e.Channel, e.Targets()), e.Status, firstLine(e.Text), origin)})
	}
	var valid []calendar.Routine
	for _, r := range plan.Routines {
		if r.Validate() == nil {
			valid = append(valid, r)
		}
	}
	// Blackouts that do not validate skip nothing (Verify reports them).
	var blackouts []calendar.Blackout
	for _, b := range plan.CalendarRules.Blackouts {
		if b.Validate() == nil {
			blackouts = append(blackouts, b)
		}
	}
	slots, err := calendar.Slots(valid, blackouts, w)
	if err != nil {
		return "", err
	}
	for s := range slots {
		if filled[key(s.RoutineID, s.At)] {
			continue
		}
		lines = append(lines, line{s.At, fmt.Sprintf("%s  %-9s  %-*s  slot   %-9s  %s  [routine]", stamp(s.At, loc), s.Channel, width, routineAccount[s.RoutineID], s.Format, s.Pillar)})
	}
	skipped, err := calendar.SkippedSlots(valid, blackouts, w)
	if err != nil {
		return "", err
	}
	for s := range skipped {
		if filled[key(s.Slot.RoutineID, s.Slot.At)] {
			continue
		}
		lines = append(lines, line{s.Slot.At, fmt.Sprintf("%s  %-9s  %-*s  skip   %-9s  %s  [blackout: %s]",
			stamp(s.Slot.At, loc), s.Slot.Channel, width, routineAccount[s.Slot.RoutineID], s.Slot.Format, s.Slot.Pillar, s.Blackout.Reason)})
	}
	slices.SortStableFunc(lines, func(a, b line) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return strings.Compare(a.text, b.text)
	})
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.TrimRight(l.text, " "))
		b.WriteByte('\n')
	}
	return b.String(), nil
}

func stamp(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 Mon 15:04 MST")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

// GoldenCalendar compares the plan's calendar over window w (CalendarText)
// with the golden file at path, usually under testdata/. Run the test with
// -strategytest.update to write the file. A difference fails the test, showing the first
// line that differs.
func GoldenCalendar(t TB, plan *strategy.Strategy, w calendar.Window, path string) {
	t.Helper()
	got, err := CalendarText(plan, w)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	if Updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Errorf("strategytest: %v", err)
			return
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Errorf("strategytest: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("strategytest: %v (run the test with -"+UpdateFlag+" to write it)", err)
		return
	}
	if !bytes.Equal(want, []byte(got)) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("calendar differs from %s at line %d:\n\tgot:  %s\n\twant: %s\n(run with -"+UpdateFlag+" if the change is intended)", path, i+1, g, w)
				return
			}
		}
	}
}

// DrillWant is the outcome a drill must have. The zero value asks for no
// alert, no missed deadline and no refused response.
type DrillWant struct {
	// MinAlerts is the least number of alerts the detector must raise.
	MinAlerts int
	// Levels are levels some alert must reach, each at least once.
	Levels []string
	// Notified are the team members (by member ID) who must be notified
	// at least once.
	Notified []uuid.UUID
	// AllowMissed is how many deadlines may be missed, met late or left
	// overdue (crisis.DrillReport.Missed).
	AllowMissed int
	// AllowRefused is how many scripted responses the incidents may refuse
	// when they come due (crisis.DrillReport.Refused): a response that is
	// illegal then, such as a statement published by someone who is not
	// an approver.
	AllowRefused int
}

// Drill runs the plan's crisis plan against signals with crisis.Drill and
// fails the test, listing every shortfall at once with the drill's
// timeline, unless the outcome is what want says. A drill that stops on an
// error (a signal the detector refuses) fails too. It returns the report,
// which crisis.Drill always gives: up to where the drill stopped.
//
// People are printed by the names of the plan's team
// (strategy.Strategy.MemberNames) unless opts gives Names of its own.
func Drill(t TB, plan *strategy.Strategy, signals iter.Seq[crisis.Signal], opts *crisis.DrillOptions, want DrillWant) *crisis.DrillReport {
	t.Helper()
	var o crisis.DrillOptions
	if opts != nil {
		o = *opts
	}
	if o.Names == nil {
		o.Names = plan.MemberNames()
	}
	report, err := crisis.Drill(&plan.Crisis, signals, &o)
	if err != nil {
		t.Errorf("strategytest: the drill stopped: %v\nthe drill's timeline so far:\n%s", err, report.String())
		return report
	}
	var problems []string
	if len(report.Alerts) < want.MinAlerts {
		problems = append(problems, fmt.Sprintf("%d alert(s), want at least %d", len(report.Alerts), want.MinAlerts))
	}
	for _, l := range want.Levels {
		if !slices.ContainsFunc(report.Alerts, func(a crisis.Alert) bool { return a.Level == l }) {
			problems = append(problems, fmt.Sprintf("no alert reached level %q", l))
		}
	}
	for _, who := range want.Notified {
		if len(report.Notified(who)) == 0 {
			problems = append(problems, fmt.Sprintf("%s was never notified", report.Name(who)))
		}
	}
	if missed := report.Missed(); len(missed) > want.AllowMissed {
		problems = append(problems, fmt.Sprintf("%d deadline(s) missed, late or overdue, at most %d allowed", len(missed), want.AllowMissed))
	}
	if refused := report.Refused(); len(refused) > want.AllowRefused {
		problems = append(problems, fmt.Sprintf("%d scripted response(s) refused, at most %d allowed", len(refused), want.AllowRefused))
	}
	if len(problems) > 0 {
		t.Errorf("the drill's outcome is not the one wanted:\n\t%s\nthe drill's timeline:\n%s", strings.Join(problems, "\n\t"), report.String())
	}
	return report
}
