package report

import (
	"errors"
	"io"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// ErrNoPlan is returned, wrapped, by WriteHTML for a review without a plan.
var ErrNoPlan = errors.New("report: the review needs a plan")

// The ids of the page's sections, in the order they appear. A browser or a
// test finds each section by its id; each chart is an element with class
// "chart", a data-chart naming its kind and a data-points counting the
// marks it drew.
const (
	SectionKPIs         = "kpis"
	SectionCalendar     = "calendar"
	SectionWhatWorks    = "what-works"
	SectionBestTimes    = "best-times"
	SectionDrill        = "drill"
	SectionCommunity    = "community"
	SectionFindings     = "findings"
	SectionTraceability = "traceability"
)

// Sections lists the section ids in page order.
func Sections() []string {
	return []string{SectionKPIs, SectionCalendar, SectionWhatWorks, SectionBestTimes, SectionDrill,
		SectionCommunity, SectionFindings, SectionTraceability}
}

// Review is what the page shows: the plan and what the other packages
// returned about it. Every field but Plan is optional; the page says of
// each missing part that it was not given.
type Review struct {
	// Plan is the plan reviewed; its zone is the page's wall clock.
	Plan *strategy.Strategy
	// Results are strategy.Review's results: the objectives' statuses and
	// what works.
	Results *strategy.Results
	// Series are the observations the KPIs are measured from.
	Series *kpi.Series
	// Verification is strategy.Verify's report.
	Verification *strategy.Report
	// Matrix is strategy.Trace's traceability matrix.
	Matrix *strategy.Matrix
	// Calendar is the calendar as it goes out (strategy.Strategy.Calendar);
	// nil means the plan's.
	Calendar *calendar.Calendar
	// Pauses are the windows a crisis paused the calendar in
	// (crisis.Incident.PauseWindows).
	Pauses []crisis.PauseWindow
	// BestTimes are the best times to post, one per account.
	BestTimes []AccountTimes
	// Drill is a crisis drill's report.
	Drill *crisis.DrillReport
	// Responses is the community desk's response-time report.
	Responses *community.ResponseReport
	// Leaders are the opinion leaders, ranked.
	Leaders []community.Leader
}

// AccountTimes are the best times to post from one account
// (strategy.Strategy.BestTimes).
type AccountTimes struct {
	Account channel.AccountRef
	Times   kpi.BestTimes
}

// Options tune WriteHTML. The zero value, or nil, means the defaults.
type Options struct {
	// Title heads the page; empty means "<brand>: plan review".
	Title string
	// Evaluate is passed to kpi.Evaluate for each KPI.
	Evaluate *kpi.EvaluateOptions
}

// WriteHTML writes the review as one self-contained HTML document: inline
// CSS and SVG, no script, no external resource, laid out to print on A4
// and Letter. Times are on the plan's wall clock (Plan.Location), and
// asOf is the instant the KPIs are measured as of; WriteHTML never reads
// the clock.
//
// Bad or missing input never stops the page: a section whose input is
// missing says so, and a chart that cannot be drawn says why in words.
// The error is ErrNoPlan for a nil review or plan, a wrapped
// strategy.ErrZone for a plan whose zone does not load, or the writer's.
func WriteHTML(w io.Writer, r *Review, asOf time.Time, opts *Options) error {
	if r == nil || r.Plan == nil {
		return ErrNoPlan
	}
	loc, err := r.Plan.Location()
	if err != nil {
		return err
	}
	if opts == nil {
		opts = &Options{}
	}
	asOf = asOf.In(loc)
	title := opts.Title
	if title == "" {
		title = r.Plan.Brand.Name + ": plan review"
	}
	p := page{Title: clean(title), Lead: []string{
		"Goal: " + clean(r.Plan.Goal.Statement) + " (by " + day(r.Plan.Goal.Deadline, loc) + ").",
		"As of " + when(asOf, loc) + "; every time on this page is on the plan's wall clock, " + loc.String() + ".",
	}}
	p.Sections = []section{
		kpiSection(r, asOf, loc, opts.Evaluate),
		calendarSection(r, loc),
		whatWorksSection(r),
		bestTimesSection(r),
		drillSection(r, loc),
		communitySection(r, loc),
		findingsSection(r),
		traceSection(r, loc),
	}
	return p.render(w)
}
