package calendar

import (
	"encoding/json"
	"iter"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/strictjson"
)

// Slot is one instance of a routine: a time at which its channel expects a
// post. JSON writes At as wall time plus zone, like [Entry.At].
type Slot struct {
	// At is the instant, in the routine's zone.
	At time.Time
	// Channel is the routine's channel.
	Channel channel.Channel
	// RoutineID is the routine the slot comes from.
	RoutineID uuid.UUID
	// Pillar, Format and Owner are the routine's.
	Pillar, Format, Owner string
}

type slotJSON struct {
	At        string          `json:"at"`
	Zone      string          `json:"zone"`
	Channel   channel.Channel `json:"channel"`
	RoutineID uuid.UUID       `json:"routineId"`
	Pillar    string          `json:"pillar,omitempty"`
	Format    string          `json:"format,omitempty"`
	Owner     string          `json:"owner,omitempty"`
}

// MarshalJSON writes At as wall time plus zone name.
func (s Slot) MarshalJSON() ([]byte, error) {
	at, zone, err := atZone.encode(s.At)
	if err != nil {
		return nil, err
	}
	return json.Marshal(slotJSON{At: at, Zone: zone, Channel: s.Channel, RoutineID: s.RoutineID, Pillar: s.Pillar, Format: s.Format, Owner: s.Owner})
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
	*s = Slot{At: at, Channel: j.Channel, RoutineID: j.RoutineID, Pillar: j.Pillar, Format: j.Format, Owner: j.Owner}
	return nil
}

// Slots expands routines over window w into one sequence of slots in time
// order. Slots at the same instant come in a fixed order: by channel (in
// channel.All order), then routine ID, then position in routines. The
// window is validated (an error names "from" or "to"); the routines are
// expected to be valid (see [Routine.Validate]): an invalid one yields
// whatever [Recurrence.Between] yields for it.
//
// The merge is lazy: each routine is expanded a small batch at a time into
// its own buffer, and a binary heap keyed on each buffer's next instant
// picks the earliest. Walking n slots of r routines costs O(n log r) time
// and O(r) memory, so stopping early (at the first free slot, say) is
// cheap, and expanding a year of many routines is linear in the slots.
func Slots(routines []Routine, w Window) (iter.Seq[Slot], error) {
	if err := w.Validate(); err != nil {
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
	return func(yield func(Slot) bool) {
		m := merger{streams: make([]slotStream, len(order))}
		// One backing array for every stream's buffer, allocated once.
		backing := make([]instant, len(order)*slotBatch)
		for rank, i := range order {
			st := &m.streams[rank]
			st.routine = &routines[i]
			st.loc = st.routine.Recurrence.Start.Location()
			st.buf = backing[rank*slotBatch : rank*slotBatch : (rank+1)*slotBatch]
			st.from, st.to = w.From, w.To
			if st.fill() {
				m.heap = append(m.heap, st.item(rank))
			}
		}
		for i := len(m.heap)/2 - 1; i >= 0; i-- {
			m.down(i)
		}
		for len(m.heap) > 0 {
			top := m.heap[0]
			rank := int(top.rank)
			st := &m.streams[rank]
			r := st.routine
			at := time.Unix(top.sec, int64(top.nsec)).In(st.loc)
			if !yield(Slot{At: at, Channel: r.Channel, RoutineID: r.ID, Pillar: r.Pillar, Format: r.Format, Owner: r.Owner}) {
				return
			}
			if st.advance() {
				m.heap[0] = st.item(rank)
			} else {
				last := len(m.heap) - 1
				m.heap[0] = m.heap[last]
				m.heap = m.heap[:last]
			}
			m.down(0)
		}
	}, nil
}

// slotBatch is how many instances a stream expands at a time into its
// buffer, a slice of one array shared by all streams: large enough that
// the cost of starting an expansion is spread over many instances, small
// enough that 10,000 routines' buffers stay a few megabytes.
const slotBatch = 64

// slotStream is one routine's instances, expanded lazily in batches.
type slotStream struct {
	routine  *Routine
	loc      *time.Location // the routine's zone, in which slots are given
	from, to time.Time      // what is left of the window to expand
	buf      []instant
	pos      int
	done     bool // the window is exhausted
}

// advance moves past the head and reports whether a next instance exists.
func (s *slotStream) advance() bool {
	s.pos++
	if s.pos < len(s.buf) {
		return true
	}
	return s.fill()
}

// fill expands the next batch into buf and reports whether it holds one.
func (s *slotStream) fill() bool {
	if s.done {
		return false
	}
	n := cap(s.buf)
	s.buf, s.pos = s.buf[:0], 0
	var last time.Time
	for t := range s.routine.Between(s.from, s.to) {
		s.buf = append(s.buf, instantOf(t))
		if len(s.buf) == n {
			last = t
			break
		}
	}
	if len(s.buf) < n {
		s.done = true
	} else {
		s.from = last.Add(time.Nanosecond)
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
