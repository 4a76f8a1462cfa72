package calendar

import (
	"slices"
	"time"

	"github.com/tandemsocial/tandem/channel"
)

// book is what FillQueue and Pause consult to place a post: the instants
// already taken on each channel and the rules. Placing is checked against
// the one-post-per-slot rule, the channel's spacing (or a larger gap the
// caller asks for), its daily cap, its allowed hours and the blackouts.
type book struct {
	rules  Rules
	states map[channel.Channel]channelState
	taken  map[channel.Channel][]time.Time // the entries given, sorted
	// added holds the posts placed since, sorted; they come in time order
	// on each channel (slots in order, a pause's cursor), so adding one is
	// an append, not an insertion among every post of the calendar.
	added  map[channel.Channel][]time.Time
	perDay map[channel.Channel]map[LocalDate]int
	// covers holds each channel's blackout index, built when first asked.
	covers map[channel.Channel]*blackoutIndex
}

// newBook returns a book holding the entries that count (see counts).
// rules must be valid.
func newBook(rules Rules, entries []Entry) (*book, error) {
	states, err := rules.compile()
	if err != nil {
		return nil, err
	}
	b := &book{rules: rules, states: states, taken: map[channel.Channel][]time.Time{}, perDay: map[channel.Channel]map[LocalDate]int{}}
	for _, e := range entries {
		if counts(e.Status) && !e.At.IsZero() {
			b.taken[e.Channel] = append(b.taken[e.Channel], e.At)
			b.countDay(e.Channel, e.At)
		}
	}
	for _, ts := range b.taken {
		slices.SortFunc(ts, time.Time.Compare)
	}
	return b, nil
}

func (b *book) countDay(c channel.Channel, t time.Time) {
	cr := b.states[c].rules
	if cr.DailyCap <= 0 || cr.Location == nil {
		return
	}
	if b.perDay[c] == nil {
		b.perDay[c] = map[LocalDate]int{}
	}
	b.perDay[c][DateOf(t.In(cr.Location))]++
}

// add records a post on c at t.
func (b *book) add(c channel.Channel, t time.Time) {
	if b.added == nil {
		b.added = map[channel.Channel][]time.Time{}
	}
	ts := b.added[c]
	if n := len(ts); n == 0 || !t.Before(ts[n-1]) {
		b.added[c] = append(ts, t)
	} else {
		i, _ := slices.BinarySearchFunc(ts, t, time.Time.Compare)
		b.added[c] = slices.Insert(ts, i, t)
	}
	b.countDay(c, t)
}

// check reports whether a post fits on c at t with at least gap to its
// neighbours (the channel's MinSpacing when larger). When it does not, it
// returns the earliest later instant worth trying. It allocates nothing
// once the channel's blackout index is built: a caller may check millions
// of slots.
func (b *book) check(c channel.Channel, t time.Time, gap time.Duration) (ok bool, retry time.Time) {
	st := b.states[c]
	gap = max(gap, st.rules.MinSpacing.Std())
	// The neighbours of t among the posts given and those added.
	var prev, next time.Time
	for _, ts := range [2][]time.Time{b.taken[c], b.added[c]} {
		i, found := slices.BinarySearchFunc(ts, t, time.Time.Compare)
		if found {
			return false, t.Add(max(gap, time.Nanosecond))
		}
		if i > 0 && (prev.IsZero() || ts[i-1].After(prev)) {
			prev = ts[i-1]
		}
		if i < len(ts) && (next.IsZero() || ts[i].Before(next)) {
			next = ts[i]
		}
	}
	if !prev.IsZero() && t.Sub(prev) < gap {
		return false, prev.Add(gap)
	}
	if !next.IsZero() && next.Sub(t) < gap {
		return false, next.Add(gap)
	}
	if cr := st.rules; cr.DailyCap > 0 && cr.Location != nil {
		day := DateOf(t.In(cr.Location))
		if b.perDay[c][day] >= cr.DailyCap {
			return false, day.AddDays(1).In(cr.Location)
		}
	}
	if len(b.rules.Blackouts) > 0 {
		x := b.covers[c]
		if x == nil {
			if b.covers == nil {
				b.covers = map[channel.Channel]*blackoutIndex{}
			}
			x = newBlackoutIndex(b.rules.Blackouts, c)
			b.covers[c] = x
		}
		if i := x.covering(t); i >= 0 {
			return false, b.rules.Blackouts[i].To
		}
	}
	if st.hours != nil && !st.hours.open(t) {
		next, ok := st.hours.nextOpen(t)
		if !ok {
			next = time.Time{}
		}
		return false, next
	}
	return true, time.Time{}
}

// blackoutIndex answers which blackout, the first in the order given,
// covers an instant on one channel, in O(log b) for b blackouts. The
// answer is the same between two consecutive ends (a From or a To) of the
// blackouts, so it is computed once for each such piece, by a sweep that
// starts and ends every blackout once.
type blackoutIndex struct {
	at    []time.Time // where each piece starts, increasing
	first []int       // the blackout covering piece i, or -1
}

func newBlackoutIndex(list []Blackout, c channel.Channel) *blackoutIndex {
	var byFrom []int
	for i, b := range list {
		if b.Applies(c) {
			byFrom = append(byFrom, i)
		}
	}
	byTo := slices.Clone(byFrom)
	slices.SortStableFunc(byFrom, func(i, j int) int { return list[i].From.Compare(list[j].From) })
	slices.SortStableFunc(byTo, func(i, j int) int { return list[i].To.Compare(list[j].To) })
	x := &blackoutIndex{}
	var started minInts
	nf, nt := 0, 0
	for nf < len(byFrom) || nt < len(byTo) {
		// The next end: the earlier of the next From and the next To.
		var p time.Time
		switch {
		case nf == len(byFrom):
			p = list[byTo[nt]].To
		case nt == len(byTo) || list[byFrom[nf]].From.Before(list[byTo[nt]].To):
			p = list[byFrom[nf]].From
		default:
			p = list[byTo[nt]].To
		}
		for nf < len(byFrom) && !p.Before(list[byFrom[nf]].From) {
			started.push(byFrom[nf])
			nf++
		}
		for nt < len(byTo) && !p.Before(list[byTo[nt]].To) {
			nt++
		}
		for len(started) > 0 && !p.Before(list[started[0]].To) {
			started.pop()
		}
		first := -1
		if len(started) > 0 {
			first = started[0]
		}
		x.at = append(x.at, p)
		x.first = append(x.first, first)
	}
	return x
}

// covering returns the position of the first blackout that covers t, or
// -1.
func (x *blackoutIndex) covering(t time.Time) int {
	i, found := slices.BinarySearchFunc(x.at, t, time.Time.Compare)
	if !found {
		i--
	}
	if i < 0 {
		return -1
	}
	return x.first[i]
}

// minInts is a binary min-heap of ints.
type minInts []int

func (h *minInts) push(v int) {
	s := append(*h, v)
	for j := len(s) - 1; j > 0; {
		p := (j - 1) / 2
		if s[p] <= s[j] {
			break
		}
		s[p], s[j] = s[j], s[p]
		j = p
	}
	*h = s
}

func (h *minInts) pop() {
	s := *h
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for j := 0; ; {
		l := 2*j + 1
		if l >= len(s) {
			break
		}
		m := l
		if r := l + 1; r < len(s) && s[r] < s[l] {
			m = r
		}
		if s[j] <= s[m] {
			break
		}
		s[j], s[m] = s[m], s[j]
		j = m
	}
	*h = s
}
