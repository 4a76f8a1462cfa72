package report

import (
	"io"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// BestTimesChart writes the weekday × hour grid of bt as a standalone SVG
// document: each slot with posts shaded by its score (darker is better)
// and labelled with its number of posts, slots without posts dotted, the
// three best outlined and numbered. The slots are on the wall clock the
// posts' times were read in (the account's audience's zone). A slot
// outside the grid (an hour past 23) is left out and counted in words; the
// error is only the writer's.
func BestTimesChart(w io.Writer, account channel.AccountRef, bt kpi.BestTimes) error {
	return bestTimesFigure("best-times", account, bt).writeSVG(w)
}

// weekRows orders the weekdays Monday first, as the calendar's weeks do.
var weekRows = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func bestTimesFigure(id string, account channel.AccountRef, bt kpi.BestTimes) figure {
	name := clean(account.String())
	f := figure{ID: id, Kind: "best-times", Title: "Best times to post from " + name}
	f.Table = table{Caption: "Slots of " + name + ", best first", Head: []string{"Rank", "Slot", "Posts", "Mean", "Weight", "Score"}}
	type cell struct {
		s    kpi.SlotScore
		rank int
	}
	grid := map[kpi.HourSlot]cell{}
	var best *kpi.SlotScore
	var lo, hi float64
	bad := 0
	for i, s := range bt.Slots {
		if s.Slot.Hour < 0 || s.Slot.Hour > 23 || s.Slot.Weekday < time.Sunday || s.Slot.Weekday > time.Saturday {
			bad++
			continue
		}
		if _, dup := grid[s.Slot]; dup {
			bad++
			continue
		}
		grid[s.Slot] = cell{s, i + 1}
		if best == nil {
			best = &bt.Slots[i]
		}
		v := float(s.Score)
		if len(grid) == 1 {
			lo, hi = v, v
		}
		lo, hi = min(lo, v), max(hi, v)
		f.Table.Rows = append(f.Table.Rows, []string{itoa(i + 1), s.Slot.String(), itoa(s.Posts), dec(s.Mean), dec(s.Weight), dec(s.Score)})
	}
	f.Points = len(grid)
	switch {
	case len(grid) == 0:
		f.Summary = "No slot of " + name + " has posts: there are no times to rank."
	case !bt.Evidence:
		f.Summary = plural(bt.Posts, "post", "posts") + " in " + plural(len(grid), "slot", "slots") + "; their means differ no more than chance would make them, so every slot scores the overall mean " + dec(bt.Overall) + " and no time is better than another on this evidence."
	default:
		f.Summary = plural(bt.Posts, "post", "posts") + " in " + plural(len(grid), "slot", "slots") + "; the best slot is " + best.Slot.String() + " (score " + approx(best.Score) + " from " + plural(best.Posts, "post", "posts") + ", overall mean " + approx(bt.Overall) + ")."
	}
	if bad > 0 {
		f.Notes = append(f.Notes, plural(bad, "slot is", "slots are")+" outside the weekday × hour grid or repeated, and not drawn.")
	}
	if len(grid) == 0 {
		return f.notDrawn(720, f.Summary, "no slot has posts")
	}
	fr := frame{left: 60, top: 44, right: 60 + 24*26, bottom: 44 + 7*24}
	c := newCanvas(id, 720, fr.bottom+52, f.Title, f.Summary)
	cw, rh := 26.0, 24.0
	// The legend: five greys from the lowest score to the highest.
	c.label(fr.left, 20, "score: lower", "fill", "#000000")
	for i := range 5 {
		c.el("rect", "x", num(fr.left+78+float64(i)*18), "y", "9", "width", "16", "height", "14", "fill", scoreShade(float64(i)/4), "stroke", "#7f7f7f")
	}
	c.label(fr.left+172, 20, "higher", "fill", "#000000")
	c.el("rect", "x", num(fr.left+230), "y", "9", "width", "16", "height", "14", "fill", c.pattern("dots"), "stroke", "#7f7f7f")
	c.label(fr.left+250, 20, "no posts", "fill", "#000000")
	c.el("rect", "x", num(fr.left+320), "y", "9", "width", "16", "height", "14", "fill", "#ffffff", "stroke", "#000000", "stroke-width", "3")
	c.label(fr.left+342, 20, "top three (numbered); a cell's small figure is its posts", "fill", "#000000")
	for r, wd := range weekRows {
		y := fr.top + float64(r)*rh
		c.label(fr.left-6, y+rh/2+4, wd.String()[:3], "text-anchor", "end", "fill", "#000000")
		for h := range 24 {
			x := fr.left + float64(h)*cw
			ce, ok := grid[kpi.HourSlot{Weekday: wd, Hour: h}]
			if !ok {
				c.el("rect", "x", num(x), "y", num(y), "width", num(cw), "height", num(rh), "fill", c.pattern("dots"), "stroke", "#d0d0d0", "stroke-width", "0.5")
				continue
			}
			t := 0.5
			if bt.Evidence && hi > lo {
				t = (float(ce.s.Score) - lo) / (hi - lo)
			}
			fill := scoreShade(t)
			c.open("rect", "x", num(x), "y", num(y), "width", num(cw), "height", num(rh), "fill", fill, "stroke", "#ffffff", "stroke-width", "1", "class", "slot")
			c.tip(ce.s.Slot.String() + ": score " + dec(ce.s.Score) + ", " + plural(ce.s.Posts, "post", "posts"))
			c.close("rect")
			ink := "#000000"
			if t > 0.55 {
				ink = "#ffffff"
			}
			txt := itoa(ce.s.Posts)
			if bt.Evidence && ce.rank <= 3 {
				c.el("rect", "x", num(x+1.5), "y", num(y+1.5), "width", num(cw-3), "height", num(rh-3), "fill", "none", "stroke", "#000000", "stroke-width", "3")
				c.el("rect", "x", num(x+3), "y", num(y+3), "width", num(cw-6), "height", num(rh-6), "fill", "none", "stroke", "#ffffff", "stroke-width", "1")
				txt = "#" + itoa(ce.rank)
			}
			c.label(x+cw/2, y+rh/2+4, txt, "text-anchor", "middle", "font-size", "9", "fill", ink)
		}
	}
	for h := 0; h < 24; h += 3 {
		c.label(fr.left+float64(h)*cw+cw/2, fr.bottom+14, itoa2(h)+":00", "text-anchor", "middle", "fill", "#333333")
	}
	c.label((fr.left+fr.right)/2, fr.bottom+34, "Hour of the day (audience's wall clock); rows: weekday", "text-anchor", "middle", "fill", "#000000", "class", "axis-label")
	f.SVG = c.String()
	return f
}

// scoreShade is a grey from light (t = 0) to dark (t = 1).
func scoreShade(t float64) string {
	t = max(0, min(1, t))
	v := int(235 - t*200)
	const hex = "0123456789abcdef"
	b := []byte{'#', hex[v>>4], hex[v&15], hex[v>>4], hex[v&15], hex[v>>4], hex[v&15]}
	return string(b)
}

func itoa2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}
