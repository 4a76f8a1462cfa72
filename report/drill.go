package report

import (
	"io"
	"slices"
	"strings"
	"time"

	"github.com/tandemsocial/tandem/crisis"
)

// DrillTimeline writes a crisis drill's timeline as a standalone SVG
// document, on the crisis plan's wall clock (plan.Zone; without a plan,
// the zone of the report's End): the levels each
// incident went through as a band (darker for more severe), then one lane
// each for the alerts, the team's actions, the notifications, the
// deadlines (met: filled circle; met late: triangle; missed or overdue:
// cross; still pending: hollow circle), the pauses and the refused
// responses. plan, which may be nil, ranks the levels; without it they
// rank in the order they first appear. The error is only the writer's.
func DrillTimeline(w io.Writer, d *crisis.DrillReport, plan *crisis.Plan) error {
	return drillFigure("drill", d, plan, nil).writeSVG(w)
}

// The lanes of the drill chart, top to bottom.
var drillLanes = []string{"levels", "alerts", "actions", "notifications", "deadlines", "pauses", "refused"}

func drillLane(e crisis.Entry) int {
	switch {
	case e.Kind == crisis.EntryAlert:
		return 1
	case e.Kind == crisis.EntryNotify:
		return 3
	case e.Kind == crisis.EntryPause:
		return 5
	case e.Kind == crisis.EntryRefused:
		return 6
	case e.Status != "":
		return 4
	}
	return 2
}

// drillFigure draws d on the wall clock of loc; a nil loc is the crisis
// plan's zone, or the zone d's times carry.
func drillFigure(id string, d *crisis.DrillReport, plan *crisis.Plan, loc *time.Location) figure {
	f := figure{ID: id, Kind: "drill", Title: "Crisis drill timeline"}
	f.Table = table{Caption: "The drill's timeline", Head: []string{"Time", "Incident", "Kind", "Level", "Status", "Who", "Detail"}}
	if d == nil || len(d.Timeline) == 0 {
		return f.notDrawn(720, "The drill's timeline is empty: no alert fired, so nothing happened to draw.", "the timeline is empty")
	}
	if loc == nil {
		loc = d.End.Location()
		if d.End.IsZero() {
			loc = d.Timeline[0].At.Location()
		}
		if plan != nil && plan.Zone != "" {
			// The plan's wall clock, whatever zone the times came back
			// in (a drill read from JSON carries fixed offsets).
			if l, err := time.LoadLocation(plan.Zone); err == nil {
				loc = l
			}
		}
	}
	t0, t1 := d.Timeline[0].At, d.End
	for _, e := range d.Timeline {
		if e.At.Before(t0) {
			t0 = e.At
		}
		if e.At.After(t1) {
			t1 = e.At
		}
	}
	if !t1.After(t0) {
		t0, t1 = t0.Add(-30*time.Minute), t0.Add(30*time.Minute)
	}
	// Level ranks: the plan's order, then the order of first appearance.
	rank := map[string]int{}
	if plan != nil {
		for i, l := range plan.Levels {
			rank[l.Name] = i
		}
	}
	for _, e := range d.Timeline {
		if _, ok := rank[e.Level]; !ok && e.Level != "" {
			rank[e.Level] = len(rank)
		}
	}
	missed := d.Missed()
	f.Summary = plural(len(d.Timeline), "timeline entry", "timeline entries") + " from " + when(t0, loc) + " to " + when(t1, loc) + ": " +
		plural(len(d.Alerts), "alert", "alerts") + ", " + plural(len(d.Incidents), "incident", "incidents") + ", " +
		plural(len(missed), "deadline missed or met late", "deadlines missed or met late") + "."
	fr := frame{left: 110, top: 44, right: 700}
	laneH := 30.0
	fr.bottom = fr.top + laneH*float64(len(drillLanes))
	c := newCanvas(id, 720, fr.bottom+56, f.Title, f.Summary)
	x := timeScale{t0: t0, t1: t1, r0: fr.left, r1: fr.right}
	drillLegend(c)
	for i, name := range drillLanes {
		y := fr.top + float64(i)*laneH
		c.el("line", "x1", num(fr.left), "y1", num(y+laneH), "x2", num(fr.right), "y2", num(y+laneH), "stroke", "#e0e0e0")
		c.label(fr.left-6, y+laneH/2+4, name, "text-anchor", "end", "fill", "#000000")
	}
	// The levels band: each incident's level from its opening, changed by
	// escalations, until its resolution or the end.
	maxRank := max(len(rank)-1, 1)
	for n := range d.Incidents {
		num1 := n + 1
		var cur string
		var from time.Time
		flush := func(to time.Time) {
			if cur == "" {
				return
			}
			x0, x1 := x.at(from), x.at(to)
			c.open("rect", "x", num(x0), "y", num(fr.top+4), "width", num(max(x1-x0, 1)), "height", num(laneH-8),
				"fill", scoreShade(0.15+0.85*float64(rank[cur])/float64(maxRank)), "stroke", "#000000", "stroke-width", "0.5", "class", "level")
			c.tip("incident #" + itoa(num1) + " at level " + clean(cur) + " from " + when(from, loc) + " to " + when(to, loc))
			c.close("rect")
			if x1-x0 > 40 {
				ink := "#000000"
				if rank[cur]*2 > maxRank {
					ink = "#ffffff"
				}
				c.label(x0+4, fr.top+laneH/2+4, clean(cur), "fill", ink, "font-size", "10")
			}
		}
		for _, e := range d.Timeline {
			if e.Incident != num1 {
				continue
			}
			switch e.Kind {
			case crisis.EntryOpen, crisis.EntryEscalate, crisis.EntryDeEscalate:
				flush(e.At)
				cur, from = e.Level, e.At
			case crisis.EntryResolve:
				flush(e.At)
				cur = ""
			}
		}
		flush(t1)
	}
	// Markers closer than their width in one lane are set above and below
	// each other, so that none hides another.
	lastX := make([]float64, len(drillLanes))
	stack := make([]int, len(drillLanes))
	for i := range lastX {
		lastX[i] = -100
	}
	for _, e := range d.Timeline {
		lane := drillLane(e)
		px, py := x.at(e.At), fr.top+float64(lane)*laneH+laneH/2
		if px-lastX[lane] < 10 {
			stack[lane]++
		} else {
			stack[lane], lastX[lane] = 0, px
		}
		py += []float64{0, -8, 8}[stack[lane]%3]
		tip := when(e.At, loc) + " #" + itoa(e.Incident) + " " + string(e.Kind)
		if e.Level != "" {
			tip += " " + e.Level
		}
		if e.Status != "" {
			tip += " (" + string(e.Status) + ")"
		}
		if e.Detail != "" {
			tip += ": " + e.Detail
		}
		c.open("g", "class", "event")
		c.tip(clean(tip))
		drillMarker(c, px, py, e)
		c.close("g")
		who := make([]string, len(e.Who))
		for i, id := range e.Who {
			who[i] = clean(d.Name(id))
		}
		f.Table.Rows = append(f.Table.Rows, []string{when(e.At, loc), "#" + itoa(e.Incident), clean(string(e.Kind)), clean(e.Level), clean(string(e.Status)), strings.Join(who, ", "), clean(e.Detail)})
	}
	f.Points = len(d.Timeline)
	timeAxis(c, fr, x, loc, "Time ("+loc.String()+")")
	for _, e := range missed {
		f.Notes = append(f.Notes, clean("Deadline "+string(e.Status)+": "+string(e.Kind)+" "+e.Detail+" at "+when(e.At, loc)+"."))
	}
	f.SVG = c.String()
	return f
}

// drillMarker draws an entry's marker: its shape says its status.
func drillMarker(c *canvas, x, y float64, e crisis.Entry) {
	cross := func(r float64) {
		c.el("path", "d", "M"+num(x-r)+" "+num(y-r)+" L"+num(x+r)+" "+num(y+r)+" M"+num(x+r)+" "+num(y-r)+" L"+num(x-r)+" "+num(y+r), "stroke", "#000000", "stroke-width", "2.5")
	}
	switch {
	case e.Kind == crisis.EntryAlert:
		c.el("path", "d", "M"+num(x)+" "+num(y-7)+" L"+num(x+6)+" "+num(y)+" L"+num(x)+" "+num(y+7)+" L"+num(x-6)+" "+num(y)+" Z", "fill", "#000000")
	case e.Kind == crisis.EntryRefused:
		c.el("rect", "x", num(x-6), "y", num(y-6), "width", "12", "height", "12", "fill", "#ffffff", "stroke", "#000000")
		cross(4)
	case e.Status == crisis.StatusMet:
		c.el("circle", "cx", num(x), "cy", num(y), "r", "5", "fill", "#000000")
	case e.Status == crisis.StatusLate:
		c.el("path", "d", "M"+num(x)+" "+num(y-6)+" L"+num(x+6)+" "+num(y+5)+" L"+num(x-6)+" "+num(y+5)+" Z", "fill", "#7f7f7f", "stroke", "#000000")
	case slices.Contains([]crisis.Status{crisis.StatusMissed, crisis.StatusOverdue}, e.Status):
		cross(5)
	case e.Kind == crisis.EntryNotify:
		c.el("rect", "x", num(x-3.5), "y", num(y-3.5), "width", "7", "height", "7", "fill", "#595959")
	case e.Kind == crisis.EntryPause:
		c.el("rect", "x", num(x-5), "y", num(y-5), "width", "10", "height", "10", "fill", c.pattern("cross"), "stroke", "#000000")
	case e.Status != "":
		c.el("circle", "cx", num(x), "cy", num(y), "r", "5", "fill", "#ffffff", "stroke", "#000000", "stroke-width", "1.5")
	default:
		c.el("line", "x1", num(x), "y1", num(y-7), "x2", num(x), "y2", num(y+7), "stroke", "#000000", "stroke-width", "2")
	}
}

func drillLegend(c *canvas) {
	items := []struct {
		e    crisis.Entry
		text string
	}{
		{crisis.Entry{Kind: crisis.EntryAlert}, "alert"},
		{crisis.Entry{Kind: crisis.EntryAcknowledge}, "action"},
		{crisis.Entry{Kind: crisis.EntryNotify}, "notified"},
		{crisis.Entry{Kind: crisis.EntryFirstResponse, Status: crisis.StatusMet}, "met"},
		{crisis.Entry{Kind: crisis.EntryFirstResponse, Status: crisis.StatusLate}, "late"},
		{crisis.Entry{Kind: crisis.EntryFirstResponse, Status: crisis.StatusMissed}, "missed"},
		{crisis.Entry{Kind: crisis.EntryFirstResponse, Status: crisis.StatusPending}, "pending"},
		{crisis.Entry{Kind: crisis.EntryRefused}, "refused"},
	}
	x := 20.0
	for _, it := range items {
		drillMarker(c, x, 16, it.e)
		c.label(x+10, 20, it.text, "fill", "#000000")
		x += 24 + float64(len(it.text))*6.5
	}
}
