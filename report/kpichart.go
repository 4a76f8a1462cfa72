package report

import (
	"io"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
)

// maxKPIPoints is the most observed values one KPI chart evaluates: one a
// day, or this many evenly spaced over a longer span.
const maxKPIPoints = 200

// KPIChart writes the chart of one KPI as a standalone SVG document: its
// value as observed in s (evaluated once a day, on asOf's wall clock, from
// the baseline to asOf or the deadline), the planned path from the
// baseline through the milestones to the target, the tolerance band, the
// forecast to the deadline and the milestones. For a KPI to stay within a
// band it draws the band and its tolerance instead of a path.
//
// Times are on asOf's wall clock: pass asOf in the plan's location. A KPI
// that is invalid, or a value that cannot be evaluated, gives a chart that
// says so in words; the error is only the writer's. opts is passed to
// kpi.Evaluate and may be nil.
func KPIChart(w io.Writer, k kpi.KPI, s *kpi.Series, asOf time.Time, opts *kpi.EvaluateOptions) error {
	return kpiFigure("kpi-"+k.ID.String(), k, s, asOf, opts).writeSVG(w)
}

// plotPoint is one value of a line at an instant.
type plotPoint struct {
	at time.Time
	v  decimal.Decimal
}

func kpiFigure(id string, k kpi.KPI, s *kpi.Series, asOf time.Time, opts *kpi.EvaluateOptions) figure {
	f := figure{ID: id, Kind: "kpi", Title: "KPI: " + clean(k.Name)}
	f.Table = table{Caption: "Values of " + clean(k.Name), Head: []string{"What", "When", "Value (" + unitText(k.Unit, k.Currency) + ")"}}
	fail := func(why string) figure {
		return f.notDrawn(720, "The chart of "+clean(k.Name)+" is not drawn: "+why+".", why)
	}
	if err := k.Validate(); err != nil {
		return fail("the KPI is not valid (" + clean(err.Error()) + ")")
	}
	if asOf.IsZero() {
		return fail("no as-of instant was given")
	}
	if s == nil {
		s, _ = kpi.NewSeries(nil)
	}
	loc := asOf.Location()
	p, err := kpi.Evaluate(k, s, asOf, opts)
	if err != nil {
		return fail("it cannot be evaluated (" + clean(err.Error()) + ")")
	}
	observed := observedValues(k, s, p.MeasuredAt)
	var path []plotPoint
	if k.Direction != kpi.Within {
		path = append(path, plotPoint{k.Baseline.At, k.Baseline.Value})
		for _, m := range k.Milestones {
			path = append(path, plotPoint{m.At, m.Value})
		}
		path = append(path, plotPoint{k.Target.Deadline, k.Target.Value})
	}

	// The value axis holds the plan, and the observations and forecast
	// up to twice the plan's range beyond it; further values are drawn at
	// the edge and counted.
	var plan span
	first := true
	for _, pt := range path {
		plan.add(float(pt.v), first)
		first = false
	}
	tolW := 0.0
	if k.Band != nil {
		plan.add(float(k.Band.Low), first)
		plan.add(float(k.Band.High), false)
		tolW = (float(k.Band.High) - float(k.Band.Low)) * float(k.Tolerance) / 100
	} else {
		tolW = math.Abs(float(k.Target.Value)-float(k.Baseline.Value)) * float(k.Tolerance) / 100
	}
	plan.add(plan.lo-tolW, false)
	plan.add(plan.hi+tolW, false)
	width := math.Max(plan.hi-plan.lo, 1e-9)
	limit := span{plan.lo - 2*width, plan.hi + 2*width}
	data := plan
	clipped := 0
	values := make([]float64, 0, len(observed)+1)
	for _, o := range observed {
		values = append(values, float(o.v))
	}
	var fc *kpi.Forecast
	if p.Forecast != nil {
		fc = p.Forecast
		values = append(values, float(fc.Value))
	}
	for _, v := range values {
		if v < limit.lo || v > limit.hi {
			clipped++
			v = math.Max(limit.lo, math.Min(limit.hi, v))
		}
		data.add(v, false)
	}
	data = data.padded()

	fr := frame{left: 78, top: 44, right: 700, bottom: 250}
	x := timeScale{t0: k.Baseline.At, t1: k.Target.Deadline, r0: fr.left, r1: fr.right}
	y := linear{d0: data.lo, d1: data.hi, r0: fr.bottom, r1: fr.top}
	f.Summary = kpiSummary(k, p, loc)
	c := newCanvas(id, 720, 300, f.Title, f.Summary)
	yAxis(c, fr, y, clean(k.Name)+" ("+unitText(k.Unit, k.Currency)+")")
	timeAxis(c, fr, x, loc, "Date ("+loc.String()+")")
	kpiLegend(c, k.Direction == kpi.Within)

	// Tolerance: behind the path by the tolerance, or around the band.
	if k.Band != nil {
		lo, hi := float(k.Band.Low), float(k.Band.High)
		c.el("rect", "x", num(fr.left), "y", num(y.at(hi+tolW)), "width", num(fr.width()), "height", num(y.at(lo-tolW)-y.at(hi+tolW)),
			"fill", c.pattern("hatch"), "opacity", "0.7", "class", "tolerance")
		c.el("rect", "x", num(fr.left), "y", num(y.at(hi)), "width", num(fr.width()), "height", num(y.at(lo)-y.at(hi)),
			"fill", "#d9d9d9", "stroke", "#595959", "stroke-dasharray", "6 3", "class", "band")
	} else if tolW > 0 {
		sign := -1.0
		if k.Direction == kpi.Decrease {
			sign = 1
		}
		d := "M"
		for i, pt := range path {
			if i > 0 {
				d += " L"
			}
			d += num(x.at(pt.at)) + " " + num(y.at(float(pt.v)))
		}
		for i := len(path) - 1; i >= 0; i-- {
			d += " L" + num(x.at(path[i].at)) + " " + num(y.at(float(path[i].v)+sign*tolW))
		}
		c.el("path", "d", d+" Z", "fill", c.pattern("hatch"), "opacity", "0.7", "class", "tolerance")
	}
	if len(path) > 0 {
		c.el("polyline", "points", polyline(path, x, y), "fill", "none", "stroke", "#595959", "stroke-width", "2", "stroke-dasharray", "8 4", "class", "planned")
		for i, pt := range path {
			kind := "milestone"
			switch i {
			case 0:
				kind = "baseline"
			case len(path) - 1:
				kind = "target"
			}
			f.Table.Rows = append(f.Table.Rows, []string{kind, when(pt.at, loc), dec(pt.v)})
			if kind == "milestone" {
				px, py := x.at(pt.at), y.at(float(pt.v))
				c.open("path", "d", "M"+num(px)+" "+num(py-6)+" L"+num(px+6)+" "+num(py)+" L"+num(px)+" "+num(py+6)+" L"+num(px-6)+" "+num(py)+" Z",
					"fill", "#ffffff", "stroke", "#000000", "stroke-width", "1.5", "class", "milestone")
				c.tip("milestone " + day(pt.at, loc) + ": " + dec(pt.v))
				c.close("path")
			}
		}
	} else if k.Band != nil {
		f.Table.Rows = append(f.Table.Rows, []string{"band", day(k.Baseline.At, loc) + " to " + day(k.Target.Deadline, loc), dec(k.Band.Low) + " to " + dec(k.Band.High)})
	}
	if len(observed) > 0 {
		c.el("polyline", "points", polyline(observed, x, y), "fill", "none", "stroke", "#000000", "stroke-width", "2", "class", "observed")
		for _, o := range observed {
			c.open("circle", "cx", num(x.at(o.at)), "cy", num(y.at(float(o.v))), "r", "2.5", "fill", "#000000", "class", "point")
			c.tip(day(o.at, loc) + ": " + dec(o.v))
			c.close("circle")
			f.Table.Rows = append(f.Table.Rows, []string{"observed", when(o.at, loc), dec(o.v)})
		}
		f.Points += len(observed)
	} else {
		f.Notes = append(f.Notes, "No observed value is drawn: the KPI has no defined value between its baseline and "+when(p.MeasuredAt, loc)+".")
	}
	if fc != nil {
		// The fitted line, from the measuring instant to the deadline.
		days := fc.At.Sub(p.MeasuredAt).Hours() / 24
		from := float(fc.Value) - float(fc.SlopePerDay)*days
		c.el("line", "x1", num(x.at(p.MeasuredAt)), "y1", num(y.at(from)), "x2", num(x.at(fc.At)), "y2", num(y.at(float(fc.Value))),
			"stroke", "#000000", "stroke-width", "1.5", "stroke-dasharray", "2 3", "class", "forecast")
		c.open("rect", "x", num(x.at(fc.At)-4), "y", num(y.at(float(fc.Value))-4), "width", "8", "height", "8", "fill", "#000000", "class", "forecast-point")
		c.tip("forecast at " + day(fc.At, loc) + ": " + dec(fc.Value))
		c.close("rect")
		f.Points++
		f.Table.Rows = append(f.Table.Rows, []string{"forecast", when(fc.At, loc), dec(fc.Value)})
	} else {
		f.Notes = append(f.Notes, "No forecast is drawn: it needs two days of values before the deadline.")
	}
	if !asOf.Before(k.Baseline.At) && asOf.Before(k.Target.Deadline) {
		ax := x.at(asOf)
		c.el("line", "x1", num(ax), "y1", num(fr.top), "x2", num(ax), "y2", num(fr.bottom), "stroke", "#7f7f7f", "stroke-width", "1")
		c.label(ax+3, fr.top+10, "as of "+asOf.In(loc).Format(shortLayout), "fill", "#333333")
	}
	if clipped > 0 {
		f.Notes = append(f.Notes, plural(clipped, "value lies", "values lie")+" far outside the planned range and "+
			map[bool]string{true: "is", false: "are"}[clipped == 1]+" drawn at the edge of the chart; the table gives "+
			map[bool]string{true: "it", false: "them"}[clipped == 1]+".")
	}
	f.SVG = c.String()
	return f
}

// observedValues evaluates k once a day (or maxKPIPoints times) from its
// baseline to e, keeping the defined values, oldest first.
func observedValues(k kpi.KPI, s *kpi.Series, e time.Time) []plotPoint {
	if e.Before(k.Baseline.At) {
		return nil
	}
	var at []time.Time
	if e.Sub(k.Baseline.At) <= maxKPIPoints*24*time.Hour {
		for t := e; !t.Before(k.Baseline.At) && len(at) <= maxKPIPoints+2; t = t.AddDate(0, 0, -1) {
			at = append(at, t)
		}
	} else {
		step := e.Sub(k.Baseline.At) / maxKPIPoints
		for i := 0; i <= maxKPIPoints; i++ {
			at = append(at, e.Add(-time.Duration(i)*step))
		}
	}
	one := &kpi.EvaluateOptions{TrendDays: 1}
	var out []plotPoint
	for i := len(at) - 1; i >= 0; i-- {
		p, err := kpi.Evaluate(k, s, at[i], one)
		if err == nil && p.Actual != nil {
			out = append(out, plotPoint{at[i], *p.Actual})
		}
	}
	return out
}

func polyline(pts []plotPoint, x timeScale, y linear) string {
	var b []byte
	for i, p := range pts {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, num(x.at(p.at))+","+num(y.at(float(p.v)))...)
	}
	return string(b)
}

// kpiLegend draws the key of a KPI chart: each line by its dash and
// marker, so that it reads in greyscale. A KPI to stay within a band has
// the band in place of the planned path and milestones.
func kpiLegend(c *canvas, within bool) {
	x := 78.0
	item := func(w float64, draw func(x float64), text string) {
		draw(x)
		c.label(x+26, 20, text, "fill", "#000000")
		x += 26 + w
	}
	item(70, func(x float64) {
		c.el("line", "x1", num(x), "y1", "16", "x2", num(x+20), "y2", "16", "stroke", "#000000", "stroke-width", "2")
		c.el("circle", "cx", num(x+10), "cy", "16", "r", "2.5", "fill", "#000000")
	}, "observed")
	if within {
		item(50, func(x float64) {
			c.el("rect", "x", num(x), "y", "10", "width", "20", "height", "12", "fill", "#d9d9d9", "stroke", "#595959", "stroke-dasharray", "6 3")
		}, "band")
	} else {
		item(60, func(x float64) {
			c.el("line", "x1", num(x), "y1", "16", "x2", num(x+20), "y2", "16", "stroke", "#595959", "stroke-width", "2", "stroke-dasharray", "8 4")
		}, "planned")
	}
	item(70, func(x float64) {
		c.el("rect", "x", num(x), "y", "10", "width", "20", "height", "12", "fill", c.pattern("hatch"), "stroke", "#8c8c8c")
	}, "tolerance")
	item(65, func(x float64) {
		c.el("line", "x1", num(x), "y1", "16", "x2", num(x+20), "y2", "16", "stroke", "#000000", "stroke-width", "1.5", "stroke-dasharray", "2 3")
	}, "forecast")
	if !within {
		item(70, func(x float64) {
			c.el("path", "d", "M"+num(x+10)+" 10 L"+num(x+16)+" 16 L"+num(x+10)+" 22 L"+num(x+4)+" 16 Z", "fill", "#ffffff", "stroke", "#000000")
		}, "milestone")
	}
}

// kpiSummary says in a sentence where the KPI stands.
func kpiSummary(k kpi.KPI, p kpi.Progress, loc *time.Location) string {
	s := clean(k.Name) + " (" + unitText(k.Unit, k.Currency) + ", to " + string(k.Direction) + "): " + string(p.Status) +
		" as of " + when(p.AsOf, loc) + "; value " + approxPtr(p.Actual)
	if k.Direction == kpi.Within && k.Band != nil {
		s += ", band " + dec(k.Band.Low) + " to " + dec(k.Band.High)
	} else {
		s += ", target " + dec(k.Target.Value)
	}
	s += " by " + day(k.Target.Deadline, loc)
	if p.Forecast != nil {
		s += "; forecast " + approx(p.Forecast.Value) + " at the deadline"
	}
	return s + ". " + clean(p.Reason) + "."
}
