package calendar

import (
	"encoding/json"
	"iter"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Slot is one instance of a routine: a time at which its channel expects a
// post. JSON writes At as wall time plus zone, like [Entry.At].
type Slot struct {
	// At is the instant, in the routine's zone.
	At time.Time
	// Channel is the routine's channel.
	Channel channel.Channel
	// Account is the routine's account (a handle on Channel); empty when
	// the routine names none (the brand's only account there).
	Account string
	// RoutineID is the routine the slot comes from.
	RoutineID uuid.UUID
	// Pillar and Format are the routine's.
	Pillar, Format string
	// Owner is the routine's owner, a member ID.
	Owner uuid.UUID
}

type slotJSON struct {
	At        string          `json:"at"`
	Zone      string          `json:"zone"`
	Channel   channel.Channel `json:"channel"`
	Account   string          `json:"account,omitempty"`
	RoutineID uuid.UUID       `json:"routineId"`
	Pillar    string          `json:"pillar,omitempty"`
	Format    string          `json:"format,omitempty"`
	Owner     uuid.UUID       `json:"owner,omitzero"`
}

// MarshalJSON writes At as wall time plus zone name.
func (s Slot) MarshalJSON() ([]byte, error) {
	at, zone, err := atZone.encode(s.At)
	if err != nil {
		return nil, err
	}
	return json.Marshal(slotJSON{At: at, Zone: zone, Channel: s.Channel, Account: s.Account, RoutineID: s.RoutineID, Pillar: s.Pillar, Format: s.Format, Owner: s.Owner})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (s *Slot) UnmarshalJSON(data []byte) error {
	var j slotJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	at, err := atZone.decode(j.At, j.Zone)
	if err != nil {
		return err
	}
	*s = Slot{At: at, Channel: j.Channel, Account: j.Account, RoutineID: j.RoutineID, Pillar: j.Pillar, Format: j.Format, Owner: j.Owner}
	return nil
}

// SkippedSlot is a routine's slot that a blackout holds back: nothing is
// published in it. JSON writes {"slot":…,"blackout":…}.
type SkippedSlot struct {
	// Slot is the slot skipped.
	Slot Slot `json:"slot"`
	// Blackout is the blackout that skips it: the first, in the order
	// given, that covers the slot's instant on the slot's channel.
	Blackout Blackout `json:"blackout"`
}

// Slots expands routines over window w into one sequence of slots in time
// order, leaving out every slot inside a blackout that applies to its
// channel (see "Blackouts" in the package documentation; [SkippedSlots]
// yields those). Slots at the same instant come in a fixed order: by
// channel (in channel.All order), then routine ID, then position in
// routines. The window and the blackouts are validated (an error names
// "from", "to" or "blackouts[i]…"); the routines are expected to be valid
// (see [Routine.Validate]): an invalid one yields whatever
// [Recurrence.Between] yields for it.
//
// The merge is lazy: each routine is expanded once, a batch at a time
// into its own buffer (its expansion suspends when the buffer is full and
// resumes where it stopped), and a binary heap keyed on each buffer's next
// instant picks the earliest. Walking n slots of r routines costs
// O(n log r) time and O(r) memory, so stopping early (at the first free
// slot, say) is cheap, and expanding a year of many routines is linear in
// the slots. Blackouts are swept in time order beside the merge: each slot
// is checked against the blackouts in effect at its instant only, and
// without blackouts the merge does no other work.
//
// A window in which the routines could have more than [MaxSlots] slots (a
// FREQ=SECONDLY routine over a year) is refused at once with an error
// matching [ErrTooManySlots]; the bound is computed from each rule, not by
// expanding it, and counts a rule with COUNT from its start, where its
// expansion begins.
func Slots(routines []Routine, blackouts []Blackout, w Window) (iter.Seq[Slot], error) {
	walk, err := newSlotWalk(routines, blackouts, w)
	if err != nil {
		return nil, err
	}
	if err := checkSlotBound(routines, []Window{w}); err != nil {
		return nil, err
	}
	return func(yield func(Slot) bool) { walk.run(yield, nil) }, nil
}

// SkippedSlots yields, in the order of [Slots], the slots of routines in
// window w that a blackout skips, each with that blackout. It is the other
// half of Slots: together they are every slot of the routines, once.
//
// It expands the routines only inside the blackouts (their spans merged
// and clipped to w), so its cost follows the time the blackouts cover, not
// the window: a one-day blackout sixty years after another costs two days
// of slots, not sixty years. Each routine is compiled once and walks the
// spans in order (a rule with COUNT is expanded once, from its start to
// the last span), so the cost is the slots generated plus a small constant
// per routine and span, with no allocation per span. Blackouts that could
// hold more than [MaxSlots] slots are refused with [ErrTooManySlots], as
// in Slots.
func SkippedSlots(routines []Routine, blackouts []Blackout, w Window) (iter.Seq[SkippedSlot], error) {
	walk, err := newSlotWalk(routines, blackouts, w)
	if err != nil {
		return nil, err
	}
	spans := blackoutSpans(blackouts, w)
	if err := checkSlotBound(routines, spans); err != nil {
		return nil, err
	}
	return func(yield func(SkippedSlot) bool) {
		stopped := false
		skip := func(s Slot, i int) bool {
			stopped = !yield(SkippedSlot{Slot: s, Blackout: blackouts[i]})
			return !stopped
		}
		walk.spans = spans
		walk.run(nil, skip)
	}, nil
}

// blackoutSpans returns the spans the blackouts cover, whatever their
// channels, merged where they overlap or touch, in time order, clipped to
// w. Blackouts are validated: From is not after To.
func blackoutSpans(blackouts []Blackout, w Window) []Window {
	spans := make([]Window, 0, len(blackouts))
	for _, b := range blackouts {
		from, to := b.From, b.To
		if from.Before(w.From) {
			from = w.From
		}
		if to.After(w.To) {
			to = w.To
		}
		if from.Before(to) {
			spans = append(spans, Window{From: from, To: to})
		}
	}
	slices.SortFunc(spans, func(a, b Window) int { return a.From.Compare(b.From) })
	merged := spans[:0]
	for _, s := range spans {
		if n := len(merged); n > 0 && !s.From.After(merged[n-1].To) {
			if s.To.After(merged[n-1].To) {
				merged[n-1].To = s.To
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// slotWalk is the merge behind Slots and SkippedSlots, validated.
type slotWalk struct {
	routines  []Routine
	order     []int // positions in routines, in tie order
	blackouts []Blackout
	w         Window
	// spans, when set, are the parts of w the walk expands (SkippedSlots):
	// each routine goes through them in one stream.
	spans []Window
}

func newSlotWalk(routines []Routine, blackouts []Blackout, w Window) (*slotWalk, error) {
	list := validation.ErrorList{}.Merge(nil, w.Validate())
	var zones zoneCache
	if len(blackouts) > 1 {
		zones = zoneCache{}
	}
	for i, b := range blackouts {
		list = append(list, b.validate(validation.NewPath("blackouts").Index(i), zones)...)
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	order := make([]int, len(routines))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := &routines[a], &routines[b]
		if c := compareChannels(ra.Channel, rb.Channel); c != 0 {
			return c
		}
		return compareIDs(ra.ID, rb.ID)
	})
	return &slotWalk{routines: routines, order: order, blackouts: blackouts, w: w}, nil
}

// run merges the routines' instances and passes each slot to keep, or,
// when a blackout covers it, to skip with the blackout's position. A nil
// function drops its slots unbuilt. It stops when a function returns
// false.
func (sw *slotWalk) run(keep func(Slot) bool, skip func(Slot, int) bool) {
	c := sw.start()
	for {
		s, covered, ok := c.next(keep != nil, skip != nil)
		switch {
		case !ok:
			return
		case covered < 0:
			if !keep(s) {
				return
			}
		default:
			if !skip(s, covered) {
				return
			}
		}
	}
}

// slotCursor is a merge of a slotWalk in progress: each call of next
// continues where the last stopped, so a caller that takes slots a few at
// a time (Pause, one held post after another) walks them once.
type slotCursor struct {
	m     merger
	sweep *blackoutSweep
}

// start sets up the merge: one stream per routine, each with its first
// batch, in a heap.
func (sw *slotWalk) start() *slotCursor {
	c := &slotCursor{m: merger{streams: make([]slotStream, len(sw.order))}}
	m := &c.m
	// One backing array for every stream's buffer, allocated once (a
	// batch may overflow it: see slotStream.fill).
	backing := make([]instant, len(sw.order)*slotBatch)
	for rank, i := range sw.order {
		st := &m.streams[rank]
		st.routine = &sw.routines[i]
		st.loc = st.routine.Recurrence.Start.Location()
		st.buf = backing[rank*slotBatch : rank*slotBatch : (rank+1)*slotBatch]
		if sw.spans != nil {
			st.init(sw.spans)
		} else {
			st.init([]Window{sw.w})
		}
		if st.fill() {
			m.heap = append(m.heap, st.item(rank))
		}
	}
	for i := len(m.heap)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
	if len(sw.blackouts) > 0 {
		c.sweep = newBlackoutSweep(sw.blackouts)
	}
	return c
}

// next returns the next slot and the position of the first blackout that
// covers it, or -1; ok is false at the end. Slots that no blackout covers
// are returned when keep is set, covered ones when skip is set; the others
// are passed over unbuilt.
func (c *slotCursor) next(keep, skip bool) (s Slot, covered int, ok bool) {
	m := &c.m
	for len(m.heap) > 0 {
		top := m.heap[0]
		rank := int(top.rank)
		st := &m.streams[rank]
		r := st.routine
		covered = -1
		if c.sweep != nil {
			covered = c.sweep.covering(r.Channel, instant{top.sec, top.nsec})
		}
		want := covered < 0 && keep || covered >= 0 && skip
		if want {
			at := time.Unix(top.sec, int64(top.nsec)).In(st.loc)
			s = Slot{At: at, Channel: r.Channel, Account: r.Account, RoutineID: r.ID, Pillar: r.Pillar, Format: r.Format, Owner: r.Owner}
		}
		if st.advance() {
			m.heap[0] = st.item(rank)
		} else {
			last := len(m.heap) - 1
			m.heap[0] = m.heap[last]
			m.heap = m.heap[:last]
		}
		m.down(0)
		if want {
			return s, covered, true
		}
	}
	return Slot{}, -1, false
}

// blackoutSweep answers, for instants that never decrease, which blackout
// first (in the order given) covers an instant on a channel. It walks the
// blackouts once in order of their starts and keeps only those in effect,
// so a long calendar costs one check per slot and blackout in effect.
type blackoutSweep struct {
	list     []Blackout
	from, to []instant
	byStart  []int // positions in list, by start
	next     int   // the first of byStart not yet started
	active   []int // started, not known to have ended
}

func newBlackoutSweep(list []Blackout) *blackoutSweep {
	s := &blackoutSweep{list: list, from: make([]instant, len(list)), to: make([]instant, len(list)), byStart: make([]int, len(list))}
	for i, b := range list {
		s.from[i], s.to[i], s.byStart[i] = instantOf(b.From), instantOf(b.To), i
	}
	slices.SortStableFunc(s.byStart, func(a, b int) int { return cmpInstant(s.from[a], s.from[b]) })
	return s
}

// covering returns the position of the first blackout that covers channel
// c at x, or -1. x must not be before the instant of the previous call.
func (s *blackoutSweep) covering(c channel.Channel, x instant) int {
	for s.next < len(s.byStart) && !x.less(s.from[s.byStart[s.next]]) {
		s.active = append(s.active, s.byStart[s.next])
		s.next++
	}
	first := -1
	live := s.active[:0]
	for _, i := range s.active {
		if !x.less(s.to[i]) {
			continue // ended before x, so before every later instant
		}
		live = append(live, i)
		if (first < 0 || i < first) && s.list[i].Applies(c) {
			first = i
		}
	}
	s.active = live
	return first
}

// slotBatch is how many instances a stream takes from its expansion at a
// time into its buffer, a slice of one array shared by all streams: large
// enough that the heap and the expansion's suspension are visited once per
// batch, small enough that 10,000 routines' buffers stay a few megabytes.
const slotBatch = 64

// slotStream is one routine's instances: one expansion of the routine over
// each span of the walk (the window, or the blackout spans), run a batch
// at a time (it suspends when the buffer is full and resumes where it
// stopped, see expansion.resume), so that each instance is generated once.
// The rule is compiled once per stream, not once per span; a rule with
// COUNT, which is expanded from its start, is expanded once from the first
// span to the last and its instances between the spans are dropped.
type slotStream struct {
	routine *Routine
	loc     *time.Location // the routine's zone, in which slots are given
	exp     *expansion     // nil: nothing to expand
	tmpl    *expansion     // the prepared expansion each span's copies
	spans   []Window       // the spans not yet expanded (one rule with COUNT: all)
	counted bool           // the rule has COUNT: one expansion, filtered by spans
	yield   func(time.Time) bool
	started bool
	buf     []instant
	pos     int
	done    bool // the expansion has ended
}

// init prepares the stream over spans: in time order, not overlapping.
func (s *slotStream) init(spans []Window) {
	r := s.routine
	if len(spans) == 0 || r.Recurrence.Start.IsZero() {
		s.done = true
		return
	}
	s.tmpl = prepareExpansion(r.Recurrence)
	s.exp = new(expansion)
	s.spans = spans
	if s.tmpl.p != nil && s.tmpl.p.count > 0 && len(spans) > 1 {
		s.counted = true
	}
	s.yield = func(t time.Time) bool {
		x := instantOf(t)
		if s.counted {
			for len(s.spans) > 0 && !x.less(instantOf(s.spans[0].To)) {
				s.spans = s.spans[1:]
			}
			if len(s.spans) == 0 {
				return false
			}
			if x.less(instantOf(s.spans[0].From)) {
				return true
			}
		}
		s.buf = append(s.buf, x)
		if len(s.buf) >= slotBatch {
			s.exp.requestPause()
		}
		return true
	}
	if s.counted {
		from, to := r.activeWindow(spans[0].From, spans[len(spans)-1].To)
		if !from.Before(to) {
			s.done = true
			return
		}
		*s.exp = *s.tmpl
		s.exp.setWindow(from, to)
		return
	}
	if !s.nextSpan() {
		s.done = true
	}
}

// nextSpan sets the expansion to the next span that meets the routine's
// active period, and reports whether there is one.
func (s *slotStream) nextSpan() bool {
	for len(s.spans) > 0 {
		w := s.spans[0]
		s.spans = s.spans[1:]
		from, to := s.routine.activeWindow(w.From, w.To)
		if from.Before(to) {
			*s.exp = *s.tmpl
			s.exp.setWindow(from, to)
			s.started = false
			return true
		}
	}
	return false
}

// advance moves past the head and reports whether a next instance exists.
func (s *slotStream) advance() bool {
	s.pos++
	if s.pos < len(s.buf) {
		return true
	}
	return s.fill()
}

// fill takes the next batch into buf and reports whether it holds one. A
// batch holds at least slotBatch instances unless the expansion ends, and
// may hold more: those that one wall time releases at once (the instants
// of a DST gap waiting for their place, RDATEs), all given by the input.
// An expansion that ends moves the stream to its next span.
func (s *slotStream) fill() bool {
	s.buf, s.pos = s.buf[:0], 0
	for !s.done && len(s.buf) == 0 {
		if s.started {
			s.exp.resume(s.yield)
		} else {
			s.started = true
			s.exp.run(s.yield)
		}
		if !s.exp.suspended && (s.counted || !s.nextSpan()) {
			s.done = true
		}
	}
	return len(s.buf) > 0
}

// item returns the heap item for the stream's head.
func (s *slotStream) item(rank int) heapItem {
	x := s.buf[s.pos]
	return heapItem{sec: x.sec, nsec: x.nsec, rank: int32(rank)}
}

// heapItem is a stream's head instant, kept in the heap itself so that
// comparisons touch only the heap's memory, and the stream's rank.
type heapItem struct {
	sec        int64
	nsec, rank int32
}

func (a heapItem) less(b heapItem) bool {
	if a.sec != b.sec {
		return a.sec < b.sec
	}
	if a.nsec != b.nsec {
		return a.nsec < b.nsec
	}
	return a.rank < b.rank
}

// merger is a binary min-heap of stream heads ordered by instant, then
// rank (the fixed tie order).
type merger struct {
	streams []slotStream
	heap    []heapItem
}

func (m *merger) down(i int) {
	h := m.heap
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		j := l
		if r := l + 1; r < n && h[r].less(h[l]) {
			j = r
		}
		if !h[j].less(h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}
