package report

import (
	"io"
	"math"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/community"
)

// ResponseTimesChart writes the first-response times of rep as a
// standalone SVG document: one row each for all channels, every channel,
// every account and every team member, with the median as a solid bar and
// the 90th percentile as a hatched bar, in business time, against the
// response targets as dashed lines. names gives the team members' names by
// member ID (strategy.Strategy.MemberNames) and may be nil. Times far past
// every target are drawn at the edge and counted in words; the error is
// only the writer's.
func ResponseTimesChart(w io.Writer, rep *community.ResponseReport, targets []community.Target, names map[uuid.UUID]string) error {
	return responsesFigure("response-times", rep, targets, names).writeSVG(w)
}

type responseRow struct {
	label string
	stats community.ResponseStats
	// member rows count only what the member answered.
	member bool
}

func responseRows(rep *community.ResponseReport, names map[uuid.UUID]string) []responseRow {
	rows := []responseRow{{"All channels", rep.Overall, false}}
	for _, c := range rep.Channels {
		rows = append(rows, responseRow{clean(c.Channel.Name()), c.ResponseStats, false})
	}
	for _, a := range rep.Accounts {
		rows = append(rows, responseRow{clean(a.Ref().String()), a.ResponseStats, false})
	}
	for _, m := range rep.Members {
		name := names[m.Member]
		if name == "" {
			name = m.Member.String()
		}
		rows = append(rows, responseRow{clean(name), community.ResponseStats{Answered: m.Answered, Breached: m.Breached, FirstResponse: m.FirstResponse}, true})
	}
	return rows
}

func responsesFigure(id string, rep *community.ResponseReport, targets []community.Target, names map[uuid.UUID]string) figure {
	f := figure{ID: id, Kind: "response-times", Title: "First-response times against targets"}
	f.Table = table{Caption: "Response figures (business time)", Head: []string{"Who", "Received", "Answered", "Response rate (%)", "Breached", "Median", "90th percentile"}}
	if rep == nil {
		rep = &community.ResponseReport{}
	}
	rows := responseRows(rep, names)
	var core span
	core.add(0, true)
	for _, t := range targets {
		core.add(hours(t.Within.Std()), false)
	}
	for _, r := range rows {
		rate := "undefined"
		if r.stats.ResponseRate.Valid {
			rate = fixed(r.stats.ResponseRate.Decimal)
		}
		received := itoa(r.stats.Received)
		if r.member {
			received, rate = "", ""
		}
		med, p90 := "none answered", ""
		if fr := r.stats.FirstResponse; fr != nil {
			med, p90 = duration(fr.Median.Std()), duration(fr.P90.Std())
			core.add(hours(fr.Median.Std()), false)
			f.Points++
		}
		f.Table.Rows = append(f.Table.Rows, []string{r.label, received, itoa(r.stats.Answered), rate, itoa(r.stats.Breached), med, p90})
	}
	if f.Points == 0 {
		return f.notDrawn(720, "Nothing was answered in the window, so there are no response times to draw.", "no response was measured")
	}
	o := rep.Overall
	f.Summary = itoa(o.Answered) + " of " + plural(o.Received, "interaction", "interactions") + " answered, " + itoa(o.Breached) + " past their target"
	if o.FirstResponse != nil {
		f.Summary += "; median first response " + duration(o.FirstResponse.Median.Std()) + ", 90th percentile " + duration(o.FirstResponse.P90.Std()) + " of business time"
	}
	f.Summary += "."
	limit := math.Max(core.hi*3, 1.0/60)
	dom := core
	clipped := 0
	for _, r := range rows {
		if fr := r.stats.FirstResponse; fr != nil {
			v := hours(fr.P90.Std())
			if v > limit {
				clipped++
				v = limit
			}
			dom.add(v, false)
		}
	}
	// Minutes for short spans, hours for long ones.
	scale, unit := 1.0, "hours"
	if dom.hi <= 3 {
		scale, unit = 60, "minutes"
	}
	rowH := 28.0
	// Each target's label has a line of its own above the rows.
	shown := targets[:min(len(targets), 8)]
	fr := frame{left: 170, top: 40 + 12*float64(len(shown)), right: 690}
	fr.bottom = fr.top + rowH*float64(len(rows))
	// At least a minute wide: every time 0 (answered outside business
	// hours) must still draw as 0, not at the middle of an empty scale.
	x := linear{d0: 0, d1: max(dom.hi*1.08, 1.0/60) * scale, r0: fr.left, r1: fr.right}
	c := newCanvas(id, 720, fr.bottom+56, f.Title, f.Summary)
	c.el("rect", "x", num(fr.left), "y", "10", "width", "18", "height", "10", "fill", "#595959")
	c.label(fr.left+24, 20, "median", "fill", "#000000")
	c.el("rect", "x", num(fr.left+80), "y", "10", "width", "18", "height", "10", "fill", c.pattern("hatch"), "stroke", "#000000")
	c.label(fr.left+104, 20, "90th percentile", "fill", "#000000")
	c.el("line", "x1", num(fr.left+210), "y1", "15", "x2", num(fr.left+236), "y2", "15", "stroke", "#000000", "stroke-width", "1.5", "stroke-dasharray", "5 3")
	c.label(fr.left+242, 20, "response target", "fill", "#000000")
	ticks, places := niceTicks(0, x.d1, 6)
	for _, t := range ticks {
		px := x.at(t)
		c.el("line", "x1", num(px), "y1", num(fr.top), "x2", num(px), "y2", num(fr.bottom), "stroke", "#e6e6e6")
		c.label(px, fr.bottom+14, tickText(t, places), "text-anchor", "middle", "fill", "#333333")
	}
	for i, r := range rows {
		y := fr.top + float64(i)*rowH
		c.label(fr.left-6, y+rowH/2+4, r.label, "text-anchor", "end", "fill", "#000000")
		frt := r.stats.FirstResponse
		if frt == nil {
			c.label(fr.left+4, y+rowH/2+4, "none answered", "fill", "#333333", "font-style", "italic")
			continue
		}
		m, p := hours(frt.Median.Std())*scale, math.Min(hours(frt.P90.Std()), limit)*scale
		c.open("rect", "x", num(fr.left), "y", num(y+4), "width", num(x.at(m)-fr.left), "height", num(rowH/2-4), "fill", "#595959", "class", "median")
		c.tip(r.label + ": median " + duration(frt.Median.Std()))
		c.close("rect")
		c.open("rect", "x", num(fr.left), "y", num(y+rowH/2), "width", num(x.at(p)-fr.left), "height", num(rowH/2-4), "fill", c.pattern("hatch"), "stroke", "#000000", "stroke-width", "0.5", "class", "p90")
		c.tip(r.label + ": 90th percentile " + duration(frt.P90.Std()))
		c.close("rect")
		if r.stats.Breached > 0 {
			c.label(math.Min(x.at(p)+4, fr.right-60), y+rowH-6, itoa(r.stats.Breached)+" breached", "font-size", "9", "fill", "#000000")
		}
	}
	for i, t := range shown {
		px := x.at(hours(t.Within.Std()) * scale)
		ly := 40 + 12*float64(i)
		c.open("line", "x1", num(px), "y1", num(ly-2), "x2", num(px), "y2", num(fr.bottom), "stroke", "#000000", "stroke-width", "1.5", "stroke-dasharray", "5 3", "class", "target")
		c.tip("target " + targetText(t))
		c.close("line")
		if px > fr.right-150 {
			c.label(px-3, ly+6, targetText(t), "font-size", "9", "fill", "#000000", "text-anchor", "end")
		} else {
			c.label(px+3, ly+6, targetText(t), "font-size", "9", "fill", "#000000")
		}
	}
	c.label((fr.left+fr.right)/2, fr.bottom+36, "First-response time ("+unit+" of business time)", "text-anchor", "middle", "fill", "#000000", "class", "axis-label")
	for _, t := range targets {
		f.Notes = append(f.Notes, "Target: "+targetText(t)+".")
	}
	if len(targets) > len(shown) {
		f.Notes = append(f.Notes, "Only the first "+itoa(len(shown))+" targets are drawn.")
	}
	if clipped > 0 {
		f.Notes = append(f.Notes, plural(clipped, "time lies", "times lie")+" far past every target and "+map[bool]string{true: "is", false: "are"}[clipped == 1]+" drawn at the edge; the table gives the figures.")
	}
	f.SVG = c.String()
	return f
}

// targetText says what a target applies to and how long it allows.
func targetText(t community.Target) string {
	what := "every interaction"
	switch {
	case t.Kind != "" && t.Priority != "":
		what = clean(string(t.Priority)) + " " + clean(string(t.Kind))
	case t.Kind != "":
		what = clean(string(t.Kind))
	case t.Priority != "":
		what = clean(string(t.Priority))
	}
	return what + " within " + duration(t.Within.Std())
}

// hours is d in hours, never negative.
func hours(d time.Duration) float64 { return math.Max(0, d.Hours()) }
