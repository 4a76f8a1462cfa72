package report

import (
	"cmp"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// maxCalendarDays is the most days the calendar chart draws.
const maxCalendarDays = 366

// maxCalendarSlots is the most routine slots the calendar chart counts: a
// routine that posts every second would otherwise walk calendar.MaxSlots.
const maxCalendarSlots = 100_000

// CalendarChart writes the posts per day of each account of cal over span
// as a standalone SVG document: one row per account, one cell per day
// (darker for more posts), with the blackouts hatched and the windows a
// crisis paused cross-hatched. A routine's slots count once, whether or
// not an entry fills them; cancelled entries do not count. Days are on
// span.From's wall clock; at most 366 days are drawn.
//
// A span that is empty or routines that cannot be expanded give a chart
// that says so; the error is only the writer's.
func CalendarChart(w io.Writer, cal calendar.Calendar, pauses []crisis.PauseWindow, span calendar.Window) error {
	return calendarFigure("calendar", cal, pauses, span).writeSVG(w)
}

// calRow is one account's row: its posts per day.
type calRow struct {
	ref    channel.AccountRef
	counts []int
	total  int
}

func calendarFigure(id string, cal calendar.Calendar, pauses []crisis.PauseWindow, w calendar.Window) figure {
	f := figure{ID: id, Kind: "calendar", Title: "Posts per day per account"}
	if w.From.IsZero() || !w.To.After(w.From) {
		return f.notDrawn(760, "The calendar is not drawn: it needs a span with an end after its start.", "no span to draw")
	}
	loc := w.From.Location()
	first := calendar.DateOf(w.From.In(loc))
	last := calendar.DateOf(w.To.Add(-time.Nanosecond).In(loc))
	var days []calendar.LocalDate
	for d := first; d.Compare(last) <= 0 && len(days) < maxCalendarDays; d = d.AddDays(1) {
		days = append(days, d)
	}
	if d := days[len(days)-1]; d.Compare(last) < 0 {
		f.Notes = append(f.Notes, "The span is longer than "+itoa(maxCalendarDays)+" days: the chart shows "+days[0].String()+" to "+d.String()+".")
		w.To = d.AddDays(1).In(loc)
	}
	index := map[calendar.LocalDate]int{}
	for i, d := range days {
		index[d] = i
	}
	rows := map[string]*calRow{}
	var list []*calRow // in order of first post, sorted below
	add := func(c channel.Channel, handle string, at time.Time) {
		i, ok := index[calendar.DateOf(at.In(loc))]
		if !ok {
			return
		}
		key := string(c) + " " + strings.ToLower(strings.TrimPrefix(handle, "@"))
		r := rows[key]
		if r == nil {
			r = &calRow{ref: channel.AccountRef{Channel: c, Handle: handle}, counts: make([]int, len(days))}
			rows[key] = r
			list = append(list, r)
		}
		r.counts[i]++
		r.total++
	}
	type slotKey struct {
		routine uuid.UUID
		at      int64
	}
	// The slots entries fill, which count once: only the routines that
	// entries name are remembered.
	named := map[uuid.UUID]bool{}
	for _, e := range cal.Entries {
		if e.RoutineID != uuid.Nil {
			named[e.RoutineID] = true
		}
	}
	filled := map[slotKey]bool{}
	if slots, err := calendar.Slots(cal.Routines, cal.Blackouts, w); err != nil {
		f.Notes = append(f.Notes, "The routines' slots are not drawn: "+clean(err.Error())+".")
	} else {
		n := 0
		for s := range slots {
			if n++; n > maxCalendarSlots {
				f.Notes = append(f.Notes, "The routines have more than "+itoa(maxCalendarSlots)+" slots in the span: the chart counts the first "+itoa(maxCalendarSlots)+".")
				break
			}
			add(s.Channel, s.Account, s.At)
			if named[s.RoutineID] {
				filled[slotKey{s.RoutineID, s.At.UnixNano()}] = true
			}
		}
	}
	for _, e := range cal.Entries {
		if e.Status == calendar.StatusCancelled || !w.Contains(e.At) || filled[slotKey{e.RoutineID, e.At.UnixNano()}] {
			continue
		}
		if len(e.Accounts) == 0 {
			add(e.Channel, "", e.At)
		}
		for _, a := range e.Accounts {
			add(e.Channel, a, e.At)
		}
	}
	slices.SortFunc(list, func(a, b *calRow) int {
		return cmp.Or(cmp.Compare(a.ref.Channel, b.ref.Channel), cmp.Compare(strings.ToLower(a.ref.Handle), strings.ToLower(b.ref.Handle)), cmp.Compare(a.ref.Handle, b.ref.Handle))
	})

	total := 0
	for _, r := range list {
		total += r.total
	}
	f.Points = total
	f.Summary = plural(total, "post", "posts") + " planned from " + days[0].String() + " to " + days[len(days)-1].String() +
		" (" + loc.String() + ") on " + plural(len(list), "account", "accounts") + ", " +
		plural(len(cal.Blackouts), "blackout", "blackouts") + ", " + plural(len(pauses), "paused window", "paused windows") + "."
	rowH := 22.0
	fr := frame{left: 200, top: 52, right: 750}
	fr.bottom = fr.top + rowH*float64(max(len(list), 1))
	c := newCanvas(id, 760, fr.bottom+70, f.Title, f.Summary)
	cellW := fr.width() / float64(len(days))
	x := timeScale{t0: days[0].In(loc), t1: days[len(days)-1].AddDays(1).In(loc), r0: fr.left, r1: fr.right}
	calendarLegend(c)
	if len(list) == 0 {
		c.label((fr.left+fr.right)/2, fr.top+15, "No posts in this span", "text-anchor", "middle", "fill", "#333333")
		f.Notes = append(f.Notes, "No routine slot or entry falls in the span: there are no posts to draw.")
	}
	for ri, r := range list {
		y := fr.top + float64(ri)*rowH
		c.open("text", "x", num(fr.left-6), "y", num(y+rowH/2+4), "text-anchor", "end", "fill", "#000000")
		c.tip(clean(r.ref.String()))
		c.text(shorten(clean(r.ref.String()), 30))
		c.close("text")
		for di, n := range r.counts {
			c.open("rect", "x", num(fr.left+float64(di)*cellW), "y", num(y+2), "width", num(cellW), "height", num(rowH-4),
				"fill", shade(n), "stroke", "#bfbfbf", "stroke-width", "0.5", "class", "day")
			c.tip(clean(r.ref.String()) + ", " + days[di].In(loc).Format(dayLayout) + ": " + plural(n, "post", "posts"))
			c.close("rect")
		}
		// Blackouts and pauses that apply to the row's network or account.
		for _, b := range cal.Blackouts {
			if b.Applies(r.ref.Channel) && b.To.After(x.t0) && b.From.Before(x.t1) {
				overlay(c, x, y, rowH, b.From, b.To, c.pattern("hatch"), "blackout", "blackout "+when(b.From, loc)+" to "+when(b.To, loc)+": "+clean(b.Reason))
			}
		}
		for _, p := range pauses {
			if pausesAccount(p, r.ref) && p.Window.To.After(x.t0) && p.Window.From.Before(x.t1) {
				overlay(c, x, y, rowH, p.Window.From, p.Window.To, c.pattern("cross"), "pause", "paused "+when(p.Window.From, loc)+" to "+when(p.Window.To, loc)+" (level "+clean(p.Level)+")")
			}
		}
	}
	timeAxis(c, fr, x, loc, "Day ("+loc.String()+")")
	c.label(fr.left-6, fr.top-8, "Account", "text-anchor", "end", "fill", "#000000", "class", "axis-label")

	// The text equivalent: posts per account and week.
	f.Table = table{Caption: "Posts per account and week (weeks start on the day shown)", Head: []string{"Account", "Total"}}
	for i := 0; i < len(days); i += 7 {
		f.Table.Head = append(f.Table.Head, days[i].In(loc).Format(shortLayout))
	}
	for _, r := range list {
		row := []string{clean(r.ref.String()), itoa(r.total)}
		for i := 0; i < len(days); i += 7 {
			n := 0
			for _, v := range r.counts[i:min(i+7, len(days))] {
				n += v
			}
			row = append(row, itoa(n))
		}
		f.Table.Rows = append(f.Table.Rows, row)
	}
	for _, b := range cal.Blackouts {
		f.Notes = append(f.Notes, "Blackout from "+when(b.From, loc)+" to "+when(b.To, loc)+" on "+networks(b.Channels)+": "+clean(b.Reason)+".")
	}
	for _, p := range pauses {
		f.Notes = append(f.Notes, "Paused by the crisis level "+clean(p.Level)+" from "+when(p.Window.From, loc)+" to "+when(p.Window.To, loc)+".")
	}
	f.SVG = c.String()
	return f
}

// pausesAccount reports whether the pause window holds the account's posts.
func pausesAccount(p crisis.PauseWindow, a channel.AccountRef) bool {
	if slices.Contains(p.Channels, a.Channel) {
		return true
	}
	for _, r := range p.Accounts {
		if r.Channel == a.Channel && (r.Handle == "" || a.Handle == "" || channel.SameHandle(r.Handle, a.Handle)) {
			return true
		}
	}
	return false
}

// overlay draws a patterned span over one row.
func overlay(c *canvas, x timeScale, y, h float64, from, to time.Time, fill, class, tip string) {
	x0, x1 := x.at(from), x.at(to)
	c.open("rect", "x", num(x0), "y", num(y+1), "width", num(max(x1-x0, 1.5)), "height", num(h-2),
		"fill", fill, "fill-opacity", "0.75", "stroke", "#000000", "stroke-width", "1", "stroke-dasharray", "3 2", "class", class)
	c.tip(tip)
	c.close("rect")
}

// shade is the grey of a day with n posts: darker for more.
func shade(n int) string {
	switch {
	case n <= 0:
		return "#ffffff"
	case n == 1:
		return "#c6c6c6"
	case n == 2:
		return "#8a8a8a"
	case n == 3:
		return "#4a4a4a"
	}
	return "#000000"
}

func calendarLegend(c *canvas) {
	x := 180.0
	for n := 0; n <= 4; n++ {
		c.el("rect", "x", num(x), "y", "10", "width", "14", "height", "14", "fill", shade(n), "stroke", "#7f7f7f")
		t := itoa(n)
		if n == 4 {
			t = "4+"
		}
		c.label(x+18, 21, t, "fill", "#000000")
		x += 42
	}
	c.label(x, 21, "posts a day", "fill", "#000000")
	x += 90
	c.el("rect", "x", num(x), "y", "10", "width", "18", "height", "14", "fill", c.pattern("hatch"), "stroke", "#000000", "stroke-dasharray", "3 2")
	c.label(x+22, 21, "blackout", "fill", "#000000")
	x += 80
	c.el("rect", "x", num(x), "y", "10", "width", "18", "height", "14", "fill", c.pattern("cross"), "stroke", "#000000", "stroke-dasharray", "3 2")
	c.label(x+22, 21, "paused by a crisis", "fill", "#000000")
}

// networks names the channels, or every network for none.
func networks(cs []channel.Channel) string {
	if len(cs) == 0 {
		return "every network"
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = clean(c.Name())
	}
	return strings.Join(names, ", ")
}
