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
// channels or accounts.
type PauseWindow struct {
	// Window is the span paused, in the plan's zone.
	Window calendar.Window `json:"window"`
	// Policy is the calendar's policy for the held posts: Level's.
	Policy calendar.PausePolicy `json:"policy"`
	// Channels are the channels paused as a whole, in the plan's order.
	Channels []channel.Channel `json:"channels,omitempty"`
	// Accounts are the accounts paused (see [Pause.Accounts]), in the
	// order of the plan's channels, then of their first mention in the
	// levels' pauses, with the spelling of that mention. An account whose
	// channel the window pauses as a whole is not listed again.
	Accounts []channel.AccountRef `json:"accounts,omitempty"`
	// Level is the level whose pause applies: the most severe level,
	// among those that pause these channels or accounts, that the
	// incident reached in the window.
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
// An account named by a level's [Pause.Accounts] is paused the same way,
// by the levels that name it or pause its channel as a whole: so an
// escalation from a level that pauses the founder's profile to one that
// pauses all of LinkedIn keeps the profile paused from the first level on,
// and an account is paused at least as long as its channel is within the
// stretch.
//
// Channels and accounts paused over the same span at the same level share
// a window. The windows are in order of their start; at one start,
// accounts' windows come first (each is at least as long as any window of
// its channel that starts with it, so a post moved out of it is never held
// again), then the plan's channels in order; there are none when the
// incident never reached a pausing level.
func (inc *Incident) PauseWindows(p *Plan, asOf time.Time) ([]PauseWindow, error) {
	c, err := inc.replay(p, asOf)
	if err != nil {
		return nil, err
	}
	return c.pauseWindows(), nil
}

// pauses reports whether level l pauses channel ch as a whole.
func (c *course) pauses(l int, ch channel.Channel) bool {
	pz := c.p.Levels[l].Pause
	return pz != nil && ((len(pz.Channels) == 0 && len(pz.Accounts) == 0) || slices.Contains(pz.Channels, ch))
}

// pausesAccount reports whether level l pauses account a: by name, or its
// channel as a whole.
func (c *course) pausesAccount(l int, a channel.AccountRef) bool {
	if c.pauses(l, a.Channel) {
		return true
	}
	pz := c.p.Levels[l].Pause
	return pz != nil && slices.ContainsFunc(pz.Accounts, func(b channel.AccountRef) bool {
		return b.Channel == a.Channel && channel.SameHandle(b.Handle, a.Handle)
	})
}

// pausedAccounts returns every account a level's pause names, once each
// (handles compared without regard to case), in the order of the plan's
// channels, then of first mention.
func (c *course) pausedAccounts() []channel.AccountRef {
	var out []channel.AccountRef
	for _, ch := range c.p.Channels {
		for _, l := range c.p.Levels {
			if l.Pause == nil {
				continue
			}
			for _, a := range l.Pause.Accounts {
				if a.Channel == ch && !slices.ContainsFunc(out, func(b channel.AccountRef) bool {
					return b.Channel == a.Channel && channel.SameHandle(b.Handle, a.Handle)
				}) {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// run is a maximal stretch of segments, first to last, that pause one
// channel or account, and the window it makes.
type run struct {
	first, last int
	pw          PauseWindow
}

// runs returns the stretches of segments in which paused(level) holds,
// each with its window.
func (c *course) runs(loc *time.Location, paused func(level int) bool) []run {
	var out []run
	for i := 0; i < len(c.segs); i++ {
		if !paused(c.segs[i].level) {
			continue
		}
		j := i
		for j+1 < len(c.segs) && paused(c.segs[j+1].level) {
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
		out = append(out, run{first: i, last: j, pw: PauseWindow{
			Window: calendar.Window{From: start.In(loc), To: end.In(loc)},
			Policy: lp.Pause.Policy,
			Level:  lp.Name,
			Final:  !c.segs[j].end.IsZero(),
		}})
		i = j
	}
	return out
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
		account  bool // accounts' windows are listed apart, before channels'
	}
	at := func(t time.Time) instant { return instant{t.Unix(), t.Nanosecond()} }
	listed := map[windowKey]int{}
	add := func(pw PauseWindow, account bool) int {
		key := windowKey{at(pw.Window.From), at(pw.Window.To), pw.Level, pw.Final, account}
		if k, ok := listed[key]; ok {
			return k
		}
		listed[key] = len(out)
		out = append(out, pw)
		return len(out) - 1
	}
	channelRuns := map[channel.Channel][]run{}
	for _, ch := range c.p.Channels {
		channelRuns[ch] = c.runs(loc, func(l int) bool { return c.pauses(l, ch) })
	}
	// Accounts first: at one start, an account's window goes before its
	// channel's.
	type wholeKey struct {
		from, to instant
		level    string
		final    bool
		ch       channel.Channel
	}
	whole := map[wholeKey]bool{}
	for ch, rs := range channelRuns {
		for _, r := range rs {
			whole[wholeKey{at(r.pw.Window.From), at(r.pw.Window.To), r.pw.Level, r.pw.Final, ch}] = true
		}
	}
	for _, a := range c.pausedAccounts() {
		// Both lists of runs are in order, and each run of the channel lies
		// within one of the account's: one walk pairs them.
		crs, next := channelRuns[a.Channel], 0
		for _, r := range c.runs(loc, func(l int) bool { return c.pausesAccount(l, a) }) {
			// The account stays paused while its channel is, within the
			// stretch.
			for ; next < len(crs) && crs[next].last <= r.last; next++ {
				if cr := crs[next]; cr.first >= r.first && cr.pw.Window.To.After(r.pw.Window.To) {
					r.pw.Window.To = cr.pw.Window.To
				}
			}
			if whole[wholeKey{at(r.pw.Window.From), at(r.pw.Window.To), r.pw.Level, r.pw.Final, a.Channel}] {
				continue // its channel's own window holds it
			}
			k := add(r.pw, true)
			out[k].Accounts = append(out[k].Accounts, a)
		}
	}
	for _, ch := range c.p.Channels {
		for _, r := range channelRuns[ch] {
			k := add(r.pw, false)
			out[k].Channels = append(out[k].Channels, ch)
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
// Channels and Accounts are set from each window). An incident that never reached a
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
		o.Channels, o.Accounts = pw.Channels, pw.Accounts
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
