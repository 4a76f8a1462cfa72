package community

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// Publication is a post that was actually published.
type Publication struct {
	// ID identifies the post, usually the network's ID.
	ID string `json:"id,omitempty"`
	// Routine is the routine the post was published for, when known; a
	// post without one may fill any routine of its channel.
	Routine uuid.UUID `json:"routine,omitzero"`
	// Channel is where it was published.
	Channel channel.Channel `json:"channel" validate:"required,enum"`
	// At is when it went live.
	At time.Time `json:"at" validate:"required"`
}

// Validate reports a publication without a known channel or instant.
// Whether its routine exists is checked by [Adherence], which knows the
// routines.
func (p Publication) Validate() error { return validate.Struct(nil, p).Err() }

// SlotStatus says how a routine's slot or a publication turned out.
type SlotStatus string

// The statuses.
const (
	// SlotOnTime: published within the tolerance around the slot.
	SlotOnTime SlotStatus = "on_time"
	// SlotLate: published after the tolerance, before the next slot.
	SlotLate SlotStatus = "late"
	// SlotMissed: nothing was published for the slot.
	SlotMissed SlotStatus = "missed"
	// SlotExtra: a publication that fills no slot.
	SlotExtra SlotStatus = "extra"
)

var slotStatuses = []SlotStatus{SlotOnTime, SlotLate, SlotMissed, SlotExtra}

// IsValid reports whether s is a known status.
func (s SlotStatus) IsValid() bool { return enum.Valid(s, slotStatuses) }

// String returns the identifier of s.
func (s SlotStatus) String() string { return string(s) }

// MarshalText encodes s; an unknown value is an error.
func (s SlotStatus) MarshalText() ([]byte, error) {
	return enum.Marshal("community.SlotStatus", s, slotStatuses)
}

// UnmarshalText accepts exactly the known identifiers.
func (s *SlotStatus) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.SlotStatus", text, slotStatuses, s)
}

// AdherenceOptions configures [Adherence]. The zero value, or a nil
// *AdherenceOptions, means a tolerance of 15 minutes.
type AdherenceOptions struct {
	// Tolerance is how far before or after its slot a post still counts
	// as on time; 0 means 15 minutes.
	Tolerance calendar.Duration `json:"tolerance,omitempty"`
}

// Validate reports a negative tolerance.
func (o AdherenceOptions) Validate() error {
	var list validation.ErrorList
	if o.Tolerance < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("tolerance"), o.Tolerance.String(), "must not be negative"))
	}
	return list.Err()
}

// MaxSlots bounds the slots one call to [Adherence] expands.
const MaxSlots = 1_000_000

// ErrTooManySlots is returned, wrapped, when the routines have more than
// MaxSlots slots in the window, or could have more than calendar.MaxSlots
// (the error then also matches calendar.ErrTooManySlots).
var ErrTooManySlots = errors.New("community: too many routine slots in the window")

// SlotResult is one slot of one routine.
type SlotResult struct {
	Routine uuid.UUID       `json:"routine"`
	Channel channel.Channel `json:"channel"`
	// Slot is when the routine wanted a post.
	Slot   time.Time  `json:"slot"`
	Status SlotStatus `json:"status"`
	// Publication is the post that filled it (its index in the list
	// given), or -1 when missed.
	Publication int `json:"publication"`
	// Delay is the post's time minus the slot (negative when early).
	Delay calendar.Duration `json:"delay,omitempty"`
}

// Adherent counts slots by how they turned out.
type Adherent struct {
	Expected int `json:"expected"`
	OnTime   int `json:"onTime"`
	Late     int `json:"late"`
	Missed   int `json:"missed"`
	// Adherence is OnTime / Expected × 100, in percent, rounded to
	// kpi.Precision places; null when nothing was expected.
	Adherence decimal.NullDecimal `json:"adherence"`
}

func (a *Adherent) add(s SlotStatus) {
	a.Expected++
	switch s {
	case SlotOnTime:
		a.OnTime++
	case SlotLate:
		a.Late++
	case SlotMissed:
		a.Missed++
	}
}

func (a *Adherent) finish() {
	if a.Expected > 0 {
		a.Adherence = decimal.NewNullDecimal(decimal.NewFromInt(int64(a.OnTime)*100).
			DivRound(decimal.NewFromInt(int64(a.Expected)), kpi.Precision))
	}
}

// RoutineAdherence is the adherence of one routine.
type RoutineAdherence struct {
	Routine uuid.UUID       `json:"routine"`
	Channel channel.Channel `json:"channel"`
	Adherent
}

// ChannelAdherence is the adherence of all routines of one channel, with
// the publications on it that filled no slot.
type ChannelAdherence struct {
	Channel channel.Channel `json:"channel"`
	Adherent
	Extra int `json:"extra"`
}

// AdherenceReport compares routines with what was published.
type AdherenceReport struct {
	Window calendar.Window `json:"window"`
	// Slots lists every slot in the window, by time, then routine order.
	Slots []SlotResult `json:"slots,omitempty"`
	// Extra lists the indexes of the publications in the window that
	// filled no slot.
	Extra []int `json:"extra,omitempty"`
	// Routines has one entry per routine, in the order given.
	Routines []RoutineAdherence `json:"routines,omitempty"`
	// Channels has one entry per channel with slots or publications, in
	// the order of channel.All.
	Channels []ChannelAdherence `json:"channels,omitempty"`
}

// Adherence compares the slots of the routines in window w (from the
// calendar's recurrence, [calendar.Routine.Between]) with the publications.
// Slots are filled in time order, each by the earliest unused publication
// on its channel (and for its routine, when the publication names one)
// from Tolerance before the slot until Tolerance before the routine's next
// slot: within Tolerance of the slot it is on time, later it is late;
// none is missed. Publications in w that fill no slot are extra.
//
// Invalid routines, publications, window or options are a
// *validation.Error with paths below "routines", "publications", "window"
// and "options".
func Adherence(routines []calendar.Routine, pubs []Publication, w calendar.Window, opts *AdherenceOptions) (*AdherenceReport, error) {
	var o AdherenceOptions
	if opts != nil {
		o = *opts
	}
	var list validation.ErrorList
	ids := make(map[uuid.UUID]int, len(routines))
	for i, r := range routines {
		p := validation.NewPath("routines").Index(i)
		list = list.Merge(p, r.Validate())
		if _, dup := ids[r.ID]; dup && r.ID != uuid.Nil {
			list = append(list, validation.Duplicate(p.Child("id"), r.ID.String()))
		}
		ids[r.ID] = i
	}
	for i, pub := range pubs {
		p := validation.NewPath("publications").Index(i)
		list = append(list, validate.Struct(p, pub)...)
		if pub.Routine != uuid.Nil {
			if _, ok := ids[pub.Routine]; !ok {
				list = append(list, validation.NotFound(p.Child("routine"), pub.Routine.String(), "no such routine"))
			}
		}
	}
	list = list.Merge(validation.NewPath("window"), w.Validate())
	list = list.Merge(validation.NewPath("options"), o.Validate())
	if err := list.Err(); err != nil {
		return nil, err
	}
	tol := time.Duration(o.Tolerance)
	if tol == 0 {
		tol = 15 * time.Minute
	}

	type slot struct {
		routine  int
		at, next time.Time // next: the routine's next slot, or zero
	}
	var slots []slot
	// One merge of the routines, bounded by calendar.MaxSlots before
	// anything is expanded (a rule with COUNT is counted from its start).
	seq, err := calendar.Slots(routines, nil, w)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTooManySlots, err)
	}
	lastOf := make([]int, len(routines))
	for i := range lastOf {
		lastOf[i] = -1
	}
	for sl := range seq {
		if len(slots) >= MaxSlots {
			return nil, fmt.Errorf("%w: more than %d", ErrTooManySlots, MaxSlots)
		}
		i := ids[sl.RoutineID]
		slots = append(slots, slot{routine: i, at: sl.At})
		if prev := lastOf[i]; prev >= 0 {
			slots[prev].next = sl.At
		}
		lastOf[i] = len(slots) - 1
	}
	for i, r := range routines {
		if prev := lastOf[i]; prev >= 0 {
			// The slot after the window bounds the last slot's lateness;
			// a routine with none within a year has no bound.
			last := slots[prev].at
			for t := range r.Between(last.Add(time.Nanosecond), last.AddDate(1, 0, 1)) {
				slots[prev].next = t
				break
			}
		}
	}
	slices.SortStableFunc(slots, func(x, y slot) int { return cmp.Or(x.at.Compare(y.at), cmp.Compare(x.routine, y.routine)) })

	// Publications by time.
	order := make([]int, len(pubs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return pubs[x].At.Compare(pubs[y].At) })
	// Each channel's publications, and each routine's, in that order: a
	// slot looks only at those it may take, and passes over the used ones
	// at once.
	rank := make([]int, len(pubs))
	queues := make(map[pubKey]*pubQueue)
	for j, k := range order {
		rank[k] = j
		key := pubKey{pubs[k].Channel, pubs[k].Routine}
		q := queues[key]
		if q == nil {
			q = &pubQueue{}
			queues[key] = q
		}
		q.pubs = append(q.pubs, k)
	}
	used := make([]bool, len(pubs))
	rep := &AdherenceReport{Window: w}
	perRoutine := make([]Adherent, len(routines))
	perChannel := make(map[channel.Channel]*ChannelAdherence)
	chanOf := func(c channel.Channel) *ChannelAdherence {
		ca := perChannel[c]
		if ca == nil {
			ca = &ChannelAdherence{Channel: c}
			perChannel[c] = ca
		}
		return ca
	}
	for _, s := range slots {
		r := routines[s.routine]
		lo := s.at.Add(-tol)
		res := SlotResult{Routine: r.ID, Channel: r.Channel, Slot: s.at, Status: SlotMissed, Publication: -1}
		// The earliest unused publication on the channel, for any routine
		// or for this one, from lo until tolerance before the next slot.
		var best *pubQueue
		bestAt, bestRank := 0, len(pubs)
		for _, q := range [2]*pubQueue{queues[pubKey{r.Channel, uuid.Nil}], queues[pubKey{r.Channel, r.ID}]} {
			if q == nil {
				continue
			}
			j := q.firstUnused(sort.Search(len(q.pubs), func(j int) bool { return !pubs[q.pubs[j]].At.Before(lo) }))
			if j == len(q.pubs) {
				continue
			}
			k := q.pubs[j]
			if !s.next.IsZero() && !pubs[k].At.Before(s.next.Add(-tol)) {
				continue
			}
			if rank[k] < bestRank {
				best, bestAt, bestRank = q, j, rank[k]
			}
		}
		if best != nil {
			k := best.pubs[bestAt]
			best.use(bestAt)
			pub := pubs[k]
			used[k] = true
			res.Publication = k
			res.Delay = calendar.Duration(pub.At.Sub(s.at))
			res.Status = SlotOnTime
			if pub.At.After(s.at.Add(tol)) {
				res.Status = SlotLate
			}
		}
		rep.Slots = append(rep.Slots, res)
		perRoutine[s.routine].add(res.Status)
		chanOf(r.Channel).add(res.Status)
	}
	for _, k := range order {
		if !used[k] && w.Contains(pubs[k].At) {
			rep.Extra = append(rep.Extra, k)
			chanOf(pubs[k].Channel).Extra++
		}
	}
	for i, r := range routines {
		a := perRoutine[i]
		a.finish()
		rep.Routines = append(rep.Routines, RoutineAdherence{Routine: r.ID, Channel: r.Channel, Adherent: a})
	}
	for _, c := range channel.All() {
		if ca, ok := perChannel[c]; ok {
			ca.finish()
			rep.Channels = append(rep.Channels, *ca)
		}
	}
	return rep, nil
}

// pubKey is a queue of publications: a channel, and the routine they name
// (uuid.Nil: none).
type pubKey struct {
	channel channel.Channel
	routine uuid.UUID
}

// pubQueue is the publications of one pubKey in time order, with the used
// ones linked past (a union–find over positions), so that finding the
// first unused one from a position costs amortised constant time.
type pubQueue struct {
	pubs []int // positions in the publications, in time order
	skip []int // skip[j] > j: a position at or before the first unused from j
}

// firstUnused returns the first position from j whose publication is not
// used, or len(q.pubs).
func (q *pubQueue) firstUnused(j int) int {
	if q.skip == nil {
		return j
	}
	root := j
	for root < len(q.pubs) && q.skip[root] != root {
		root = q.skip[root]
	}
	for j < len(q.pubs) && q.skip[j] != j {
		j, q.skip[j] = q.skip[j], root
	}
	return root
}

// use marks position j used.
func (q *pubQueue) use(j int) {
	if q.skip == nil {
		q.skip = make([]int, len(q.pubs))
		for i := range q.skip {
			q.skip[i] = i
		}
	}
	q.skip[j] = j + 1
}
