package crisis

import (
	"slices"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// PauseWindow is when and how an incident holds back publishing.
type PauseWindow struct {
	// Window is the span paused, in the plan's zone.
	Window calendar.Window `json:"window"`
	// Policy is the calendar's policy for the held posts.
	Policy calendar.PausePolicy `json:"policy"`
	// Channels are the channels paused.
	Channels []channel.Channel `json:"channels"`
	// Level is the level whose pause applies: the most severe pausing
	// level the incident reached in the window.
	Level string `json:"level"`
	// Final is true when no later event can change the window: the
	// incident was resolved or left the pausing levels. While it is false,
	// To is the pause's longest length, which an event may cut short.
	Final bool `json:"final"`
}

// PauseWindow returns the publishing pause of the incident as of asOf: the
// latest stretch, begun at or before asOf, during which the incident was at
// levels that pause publishing. It starts when the incident reached such a
// level and ends when the incident is resolved or moves to a level that does
// not pause, and at the latest after the longest Pause.For of the levels in
// the stretch. ok is false when the incident never reached a pausing level.
func (inc *Incident) PauseWindow(p *Plan, asOf time.Time) (pw PauseWindow, ok bool, err error) {
	c, err := inc.replay(p, asOf)
	if err != nil {
		return PauseWindow{}, false, err
	}
	pw, ok = c.pauseWindow()
	return pw, ok, nil
}

func (c *course) pauseWindow() (PauseWindow, bool) {
	loc, _ := time.LoadLocation(c.p.Zone)
	var pw PauseWindow
	found := false
	for i := 0; i < len(c.segs); i++ {
		if c.p.Levels[c.segs[i].level].Pause == nil {
			continue
		}
		// A run of pausing segments from i.
		j := i
		for j+1 < len(c.segs) && c.p.Levels[c.segs[j+1].level].Pause != nil {
			j++
		}
		start := c.segs[i].start
		top, longest := c.segs[i].level, time.Duration(0)
		for k := i; k <= j; k++ {
			l := c.p.Levels[c.segs[k].level]
			top = max(top, c.segs[k].level)
			longest = max(longest, time.Duration(l.Pause.For))
		}
		end, final := start.Add(longest), false
		if e := c.segs[j].end; !e.IsZero() && e.Before(end) {
			end, final = e, true
		}
		lp := c.p.Levels[top]
		chans := slices.Clone(lp.Pause.Channels)
		if len(chans) == 0 {
			chans = slices.Clone(c.p.Channels)
		}
		pw = PauseWindow{
			Window:   calendar.Window{From: start.In(loc), To: end.In(loc)},
			Policy:   lp.Pause.Policy,
			Channels: chans,
			Level:    lp.Name,
			Final:    final || !c.segs[j].end.IsZero(),
		}
		found = true
		i = j
	}
	return pw, found
}

// ApplyToCalendar pauses the entries of a publishing calendar the way the
// plan says for this incident as of asOf: it finds the incident's
// [Incident.PauseWindow] and calls the calendar's own [calendar.Pause] with
// the level's policy and channels, returning the new calendar and the
// calendar's list of changes. opts carries the calendar's rules, routines
// and horizon for moving posts (its Channels are set from the plan). An
// incident that never reached a pausing level changes nothing: the entries
// come back as they are, with no changes.
func (inc *Incident) ApplyToCalendar(p *Plan, entries []calendar.Entry, asOf time.Time, opts *calendar.PauseOptions) ([]calendar.Entry, []calendar.Change, error) {
	pw, ok, err := inc.PauseWindow(p, asOf)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return slices.Clone(entries), nil, nil
	}
	var o calendar.PauseOptions
	if opts != nil {
		o = *opts
	}
	o.Channels = pw.Channels
	return calendar.Pause(entries, pw.Window, pw.Policy, &o)
}
