package report

import (
	"io"
	"time"
)

// figure is one chart: its SVG, the sentence that says what it shows, what
// it could not draw, and the same figures as a table for people who cannot
// see the picture.
type figure struct {
	// ID is the element id of the chart on the page.
	ID string
	// Kind names the chart ("kpi", "calendar", …): data-chart.
	Kind  string
	Title string
	// Summary says in a sentence what the chart shows.
	Summary string
	// Notes say what the chart could not draw, and why.
	Notes []string
	// Points counts the data marks drawn: data-points. Zero means the
	// chart holds only a message.
	Points int
	// SVG is the whole <svg> document, escaped by canvas.
	SVG   string
	Table table
}

// table is a text equivalent of a chart, or a section's table.
type table struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// writeSVG writes f's SVG as a standalone document.
func (f figure) writeSVG(w io.Writer) error {
	_, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+f.SVG+"\n")
	return err
}

// frame is the plotting area of a chart inside its canvas.
type frame struct{ left, top, right, bottom float64 }

func (f frame) width() float64 { return f.right - f.left }

// yAxis draws the value axis of y with its ticks, grid lines and label.
func yAxis(c *canvas, fr frame, y linear, label string) {
	ticks, places := niceTicks(y.d0, y.d1, 5)
	for _, t := range ticks {
		py := y.at(t)
		c.el("line", "x1", num(fr.left), "y1", num(py), "x2", num(fr.right), "y2", num(py), "stroke", "#e0e0e0", "stroke-width", "1")
		c.label(fr.left-6, py+4, tickText(t, places), "text-anchor", "end", "fill", "#333333")
	}
	c.el("line", "x1", num(fr.left), "y1", num(fr.top), "x2", num(fr.left), "y2", num(fr.bottom), "stroke", "#000000")
	c.label(14, (fr.top+fr.bottom)/2, label, "text-anchor", "middle", "transform",
		"rotate(-90 14 "+num((fr.top+fr.bottom)/2)+")", "fill", "#000000", "class", "axis-label")
}

// timeAxis draws the time axis of x with round ticks on loc's wall clock
// (minutes to months, by the span), and its label.
func timeAxis(c *canvas, fr frame, x timeScale, loc *time.Location, label string) {
	for _, t := range timeTicks(x.t0, x.t1, loc) {
		px := x.at(t.at)
		c.el("line", "x1", num(px), "y1", num(fr.bottom), "x2", num(px), "y2", num(fr.bottom+4), "stroke", "#000000")
		c.label(px, fr.bottom+16, t.text, "text-anchor", "middle", "fill", "#333333")
	}
	c.el("line", "x1", num(fr.left), "y1", num(fr.bottom), "x2", num(fr.right), "y2", num(fr.bottom), "stroke", "#000000")
	c.label((fr.left+fr.right)/2, fr.bottom+34, label, "text-anchor", "middle", "fill", "#000000", "class", "axis-label")
}

type tick struct {
	at   time.Time
	text string
}

// timeTicks returns at most about eight round instants in [t0, t1]: on the
// hour (or minute) for spans under two days, at local midnights otherwise.
func timeTicks(t0, t1 time.Time, loc *time.Location) []tick {
	span := t1.Sub(t0)
	if span <= 0 {
		return []tick{{t0, t0.In(loc).Format("15:04")}}
	}
	var out []tick
	if span < 48*time.Hour {
		step := time.Minute
		for _, s := range []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour} {
			step = s
			if span/s <= 8 {
				break
			}
		}
		// Round on the wall clock: a zone's offset need not be whole hours.
		l := t0.In(loc)
		_, off := l.Zone()
		start := l.Add(time.Duration(off) * time.Second).Truncate(step).Add(-time.Duration(off) * time.Second)
		for t := start; !t.After(t1) && len(out) < 20; t = t.Add(step) {
			if !t.Before(t0) {
				out = append(out, tick{t, t.In(loc).Format("15:04")})
			}
		}
		return out
	}
	days := int(span.Hours()/24) + 1
	stepDays := max(1, days/7)
	first := t0.In(loc)
	d := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, loc)
	if d.Before(t0) {
		d = d.AddDate(0, 0, 1)
	}
	for i := 0; i < 20 && !d.After(t1); i++ {
		out = append(out, tick{d, d.Format(shortLayout)})
		d = d.AddDate(0, 0, stepDays)
	}
	return out
}

// notDrawn returns f as a chart that could not be drawn: its summary is
// why (a sentence), which its notes repeat, and its SVG a canvas of the
// given width that says "Not drawn: " and short.
func (f figure) notDrawn(width float64, why, short string) figure {
	f.Summary = why
	f.Notes = append(f.Notes, why)
	c := newCanvas(f.ID, width, 120, f.Title, why)
	c.message("Not drawn: " + short)
	f.SVG = c.String()
	return f
}
