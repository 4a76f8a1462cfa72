package crisis

import (
	"bytes"
	"cmp"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// PauseWindow is when and how an incident holds back publishing on some
// channels.
type PauseWindow struct {
	// Window is the span paused, in the plan's zone.
	Window calendar.Window `json:"window"`
	// Policy is the calendar's policy for the held posts: Level's.
	Policy calendar.PausePolicy `json:"policy"`
	// Channels are the channels paused, in the plan's order.
	Channels []channel.Channel `json:"channels"`
	// Level is the level whose pause applies: the most severe level,
	// among those that pause these channels, that the incident reached in
	// the window.
	Level string `json:"level"`
	// Final is true when no later event can change the window: the
	// incident was resolved or left the levels that pause these channels.
	// While it is false, To is the pause's longest length, which an event
	// may cut short.
	Final bool `json:"final"`
}

// PauseWindows returns the publishing pauses of the incident as of asOf. A
// channel is paused from the moment the incident reaches a level that
// pauses it, until the incident is resolved or moves to a level that does
// not pause it, and at the latest after the longest Pause.For of the levels
// in that stretch that pause it. So when an incident escalates from a level
// that pauses some channels to one that pauses more, the others are paused
// from the escalation on, not from the opening.
//
// Channels paused over the same span at the same level share a window. The
// windows are in order of their start, then of the plan's channels; there
// are none when the incident never reached a pausing level.
func (inc *Incident) PauseWindows(p *Plan, asOf time.Time) ([]PauseWindow, error) {
	c, err := inc.replay(p, asOf)
	if err != nil {
		return nil, err
	}
	return c.pauseWindows(), nil
}

// pauses reports whether level l pauses channel ch.
func (c *course) pauses(l int, ch channel.Channel) bool {
	pz := c.p.Levels[l].Pause
	return pz != nil && (len(pz.Channels) == 0 || slices.Contains(pz.Channels, ch))
}

func (c *course) pauseWindows() []PauseWindow {
	loc, _ := time.LoadLocation(c.p.Zone)
	var out []PauseWindow
	// The windows already listed, by what makes two channels' windows one:
	// a lookup instead of a scan keeps an incident of many level changes
	// linear (it was quadratic: 40,000 events took 4.4 s).
	type instant struct {
		sec  int64
		nsec int
	}
	type windowKey struct {
		from, to instant
		level    string
		final    bool
	}
	at := func(t time.Time) instant { return instant{t.Unix(), t.Nanosecond()} }
	listed := map[windowKey]int{}
	for _, ch := range c.p.Channels {
		// Each run of segments whose levels pause ch is one window.
		for i := 0; i < len(c.segs); i++ {
			if !c.pauses(c.segs[i].level, ch) {
				continue
			}
			j := i
			for j+1 < len(c.segs) && c.pauses(c.segs[j+1].level, ch) {
				j++
			}
			start := c.segs[i].start
			top, longest := c.segs[i].level, time.Duration(0)
			for k := i; k <= j; k++ {
				top = max(top, c.segs[k].level)
				longest = max(longest, time.Duration(c.p.Levels[c.segs[k].level].Pause.For))
			}
			end := start.Add(longest)
			if e := c.segs[j].end; !e.IsZero() && e.Before(end) {
				end = e
			}
			lp := c.p.Levels[top]
			pw := PauseWindow{
				Window:   calendar.Window{From: start.In(loc), To: end.In(loc)},
				Policy:   lp.Pause.Policy,
				Channels: []channel.Channel{ch},
				Level:    lp.Name,
				Final:    !c.segs[j].end.IsZero(),
			}
			key := windowKey{at(pw.Window.From), at(pw.Window.To), pw.Level, pw.Final}
			if k, ok := listed[key]; ok {
				out[k].Channels = append(out[k].Channels, ch)
			} else {
				listed[key] = len(out)
				out = append(out, pw)
			}
			i = j
		}
	}
	slices.SortStableFunc(out, func(a, b PauseWindow) int { return a.Window.From.Compare(b.Window.From) })
	return out
}

// ApplyToCalendar pauses the entries of a publishing calendar the way the
// plan says for this incident as of asOf: for each of the incident's
// [Incident.PauseWindows], in order, it calls the calendar's own
// [calendar.Pause] with the window's span, policy and channels, and returns
// the new calendar and the calendar's changes, sorted as calendar.Pause
// sorts them (by the entries' old instants, then channel, then ID). opts
// carries the calendar's rules, routines and horizon for moving posts (its
// Channels are set from each window). An incident that never reached a
// pausing level changes nothing: the entries come back as they are, with no
// changes.
func (inc *Incident) ApplyToCalendar(p *Plan, entries []calendar.Entry, asOf time.Time, opts *calendar.PauseOptions) ([]calendar.Entry, []calendar.Change, error) {
	windows, err := inc.PauseWindows(p, asOf)
	if err != nil {
		return nil, nil, err
	}
	out := slices.Clone(entries)
	var changes []calendar.Change
	for _, pw := range windows {
		var o calendar.PauseOptions
		if opts != nil {
			o = *opts
		}
		o.Channels = pw.Channels
		var ch []calendar.Change
		if out, ch, err = calendar.Pause(out, pw.Window, pw.Policy, &o); err != nil {
			return nil, nil, err
		}
		changes = append(changes, ch...)
	}
	slices.SortStableFunc(changes, func(a, b calendar.Change) int {
		if c := a.Before.At.Compare(b.Before.At); c != 0 {
			return c
		}
		if c := cmp.Compare(channelIndex(a.Before.Channel), channelIndex(b.Before.Channel)); c != 0 {
			return c
		}
		return bytes.Compare(a.EntryID[:], b.EntryID[:])
	})
	return out, changes, nil
}
