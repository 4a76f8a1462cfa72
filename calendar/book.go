package calendar

import (
	"fmt"
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
	taken  map[channel.Channel][]time.Time // sorted
	perDay map[channel.Channel]map[LocalDate]int
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
	ts := b.taken[c]
	i, _ := slices.BinarySearchFunc(ts, t, time.Time.Compare)
	b.taken[c] = slices.Insert(ts, i, t)
	b.countDay(c, t)
}

// check reports whether a post fits on c at t with at least gap to its
// neighbours (the channel's MinSpacing when larger). When it does not, it
// returns why and the earliest later instant worth trying.
func (b *book) check(c channel.Channel, t time.Time, gap time.Duration) (ok bool, why string, retry time.Time) {
	st := b.states[c]
	gap = max(gap, st.rules.MinSpacing.Std())
	ts := b.taken[c]
	i, found := slices.BinarySearchFunc(ts, t, time.Time.Compare)
	if found {
		return false, "the slot is taken", t.Add(max(gap, time.Nanosecond))
	}
	if i > 0 && t.Sub(ts[i-1]) < gap {
		return false, fmt.Sprintf("closer than %v to the post at %s", gap, humanTime(ts[i-1])), ts[i-1].Add(gap)
	}
	if i < len(ts) && ts[i].Sub(t) < gap {
		return false, fmt.Sprintf("closer than %v to the post at %s", gap, humanTime(ts[i])), ts[i].Add(gap)
	}
	if cr := st.rules; cr.DailyCap > 0 && cr.Location != nil {
		day := DateOf(t.In(cr.Location))
		if b.perDay[c][day] >= cr.DailyCap {
			return false, fmt.Sprintf("%s already has %d posts on %s", c, cr.DailyCap, day), day.AddDays(1).In(cr.Location)
		}
	}
	for _, bo := range b.rules.Blackouts {
		if bo.Covers(c, t) {
			return false, fmt.Sprintf("inside the blackout %q", bo.Reason), bo.To
		}
	}
	if st.hours != nil && !st.hours.open(t) {
		next, ok := st.hours.nextOpen(t)
		if !ok {
			next = time.Time{}
		}
		return false, "outside the allowed hours", next
	}
	return true, "", time.Time{}
}
