package report

import (
	"io"
	"math"

	"github.com/tandemsocial/tandem/kpi"
)

// WhatWorksChart writes what works as a standalone SVG document: for each
// grouping (pillar, format, …) one row per group with its median, the 95%
// interval of the median as a bar with end caps, and the baseline (the
// median of all posts) as a dashed line. A group whose lift the data
// support has a filled marker; one without enough evidence, a hollow one.
// Values far outside the groups' range are drawn at the edge and counted
// in words; the error is only the writer's.
func WhatWorksChart(w io.Writer, ww *kpi.WhatWorks) error {
	return whatWorksFigure("what-works", ww).writeSVG(w)
}

func whatWorksFigure(id string, ww *kpi.WhatWorks) figure {
	f := figure{ID: id, Kind: "what-works", Title: "What works"}
	if ww == nil {
		ww = &kpi.WhatWorks{}
	}
	unit := unitText(ww.Formula.Unit(), ww.Currency)
	if ww.Formula != "" {
		f.Title = "What works: " + clean(string(ww.Formula)) + " by group"
	}
	f.Table = table{Caption: "Groups against the baseline " + dec(ww.Baseline) + " (" + unit + ")",
		Head: []string{"Grouping", "Group", "Posts", "Median", "95% interval", "Lift", "Evidence"}}
	type row struct {
		g       kpi.Group
		heading bool
	}
	var rows []row
	var core span
	core.add(float(ww.Baseline), true)
	for _, gr := range ww.Groupings {
		rows = append(rows, row{g: kpi.Group{By: gr.By}, heading: true})
		for _, g := range gr.Groups {
			rows = append(rows, row{g: g})
			core.add(float(g.Median), false)
			interval := "none (fewer than 6 posts)"
			if g.Interval != nil {
				interval = dec(g.Interval.Low) + " to " + dec(g.Interval.High)
			}
			lift := "—"
			if g.Lift.Evidence == kpi.EvidenceSupported {
				lift = dec(g.Lift.Difference)
				if g.Lift.Relative != nil {
					lift += " (" + fixed(*g.Lift.Relative) + "%)"
				}
			}
			f.Table.Rows = append(f.Table.Rows, []string{clean(gr.By), clean(g.Key), itoa(g.Posts), dec(g.Median), interval, lift, clean(string(g.Lift.Evidence))})
		}
	}
	groups := len(f.Table.Rows)
	f.Points = groups
	if groups == 0 {
		return f.notDrawn(720, "No group of posts to compare: what works needs posts with results and at least one grouping.", "no groups of posts")
	}
	supported := 0
	for _, r := range rows {
		if !r.heading && r.g.Lift.Evidence == kpi.EvidenceSupported {
			supported++
		}
	}
	f.Summary = plural(ww.Posts, "post", "posts") + " in " + plural(groups, "group", "groups") + " against a baseline (median of all posts) of " +
		approx(ww.Baseline) + " " + unit + "; " + plural(supported, "group differs", "groups differ") + " from it with the evidence required."

	// The axis holds the medians and the baseline, and the intervals up
	// to twice that range beyond.
	wdt := math.Max(core.hi-core.lo, math.Max(math.Abs(core.hi), 1)/10)
	limit := span{core.lo - 2*wdt, core.hi + 2*wdt}
	dom := core
	clipped := 0
	for _, r := range rows {
		if r.heading || r.g.Interval == nil {
			continue
		}
		for _, v := range []float64{float(r.g.Interval.Low), float(r.g.Interval.High)} {
			if v < limit.lo || v > limit.hi {
				clipped++
				v = math.Max(limit.lo, math.Min(limit.hi, v))
			}
			dom.add(v, false)
		}
	}
	dom = dom.padded()
	rowH := 22.0
	fr := frame{left: 200, top: 44, right: 700}
	fr.bottom = fr.top + rowH*float64(len(rows))
	x := linear{d0: dom.lo, d1: dom.hi, r0: fr.left, r1: fr.right}
	c := newCanvas(id, 720, fr.bottom+56, f.Title, f.Summary)
	// Legend.
	c.el("circle", "cx", num(fr.left+6), "cy", "16", "r", "5", "fill", "#000000")
	c.label(fr.left+16, 20, "supported lift", "fill", "#000000")
	c.el("circle", "cx", num(fr.left+126), "cy", "16", "r", "5", "fill", "#ffffff", "stroke", "#000000", "stroke-width", "1.5")
	c.label(fr.left+136, 20, "not enough evidence", "fill", "#000000")
	c.el("line", "x1", num(fr.left+270), "y1", "16", "x2", num(fr.left+300), "y2", "16", "stroke", "#000000", "stroke-width", "2")
	c.label(fr.left+306, 20, "95% interval of the median", "fill", "#000000")
	ticks, places := niceTicks(dom.lo, dom.hi, 6)
	for _, t := range ticks {
		px := x.at(t)
		c.el("line", "x1", num(px), "y1", num(fr.top), "x2", num(px), "y2", num(fr.bottom), "stroke", "#e6e6e6")
		c.label(px, fr.bottom+14, tickText(t, places), "text-anchor", "middle", "fill", "#333333")
	}
	bx := x.at(float(ww.Baseline))
	c.open("line", "x1", num(bx), "y1", num(fr.top-4), "x2", num(bx), "y2", num(fr.bottom), "stroke", "#4d4d4d", "stroke-width", "1.5", "stroke-dasharray", "6 3", "class", "baseline")
	c.tip("baseline " + dec(ww.Baseline))
	c.close("line")
	for i, r := range rows {
		y := fr.top + float64(i)*rowH + rowH/2
		if r.heading {
			c.label(8, y+4, "by "+clean(r.g.By), "font-weight", "bold", "fill", "#000000")
			continue
		}
		g := r.g
		c.label(fr.left-8, y+4, clean(g.Key)+" ("+itoa(g.Posts)+")", "text-anchor", "end", "fill", "#000000")
		if g.Interval != nil {
			x0, x1 := x.at(float(g.Interval.Low)), x.at(float(g.Interval.High))
			c.el("line", "x1", num(x0), "y1", num(y), "x2", num(x1), "y2", num(y), "stroke", "#000000", "stroke-width", "2", "class", "interval")
			c.el("line", "x1", num(x0), "y1", num(y-5), "x2", num(x0), "y2", num(y+5), "stroke", "#000000", "stroke-width", "2")
			c.el("line", "x1", num(x1), "y1", num(y-5), "x2", num(x1), "y2", num(y+5), "stroke", "#000000", "stroke-width", "2")
		}
		fill := "#ffffff"
		if g.Lift.Evidence == kpi.EvidenceSupported {
			fill = "#000000"
		}
		c.open("circle", "cx", num(x.at(float(g.Median))), "cy", num(y), "r", "5", "fill", fill, "stroke", "#000000", "stroke-width", "1.5", "class", "median")
		c.tip(clean(g.By) + " " + clean(g.Key) + ": median " + dec(g.Median) + ", " + clean(g.Lift.Reason))
		c.close("circle")
	}
	c.label((fr.left+fr.right)/2, fr.bottom+36, clean(string(ww.Formula))+" ("+unit+"), median per group", "text-anchor", "middle", "fill", "#000000", "class", "axis-label")
	if clipped > 0 {
		f.Notes = append(f.Notes, plural(clipped, "interval end lies", "interval ends lie")+" far outside the groups' range and "+
			map[bool]string{true: "is", false: "are"}[clipped == 1]+" drawn at the edge; the table gives the figures.")
	}
	f.SVG = c.String()
	return f
}
