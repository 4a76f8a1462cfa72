package calendar

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// ResumePolicy says what happens to the posts a pause holds back.
type ResumePolicy string

// The resume policies.
const (
	// ResumeSkip cancels the held posts.
	ResumeSkip ResumePolicy = "skip"
	// ResumeAtRate publishes them after the pause, in their original
	// order, spaced so that a channel gets at most RatePerHour posts an
	// hour.
	ResumeAtRate ResumePolicy = "resume_at_rate"
	// ResumeNextFreeSlot moves each to the next free slot of its channel's
	// routines after the pause, keeping the same rate bound.
	ResumeNextFreeSlot ResumePolicy = "next_free_slot"
)

var allResumePolicies = []ResumePolicy{ResumeSkip, ResumeAtRate, ResumeNextFreeSlot}

// IsValid reports whether p is a known policy.
func (p ResumePolicy) IsValid() bool { return slices.Contains(allResumePolicies, p) }

// String returns the policy's identifier, such as "skip".
func (p ResumePolicy) String() string { return string(p) }

// MarshalText encodes a known policy; an unknown one is an error.
func (p ResumePolicy) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.ResumePolicy", p, allResumePolicies)
}

// UnmarshalText accepts exactly the identifiers of the known policies.
func (p *ResumePolicy) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.ResumePolicy", text, allResumePolicies, p)
}

// PausePolicy is how a pause treats the posts it holds back. It is plain
// data, so that a crisis plan can carry it.
type PausePolicy struct {
	// Resume is what happens to the held posts. Required.
	Resume ResumePolicy `json:"resume"`
	// RatePerHour bounds how many moved posts a channel gets per hour
	// once the pause ends (ResumeAtRate and ResumeNextFreeSlot): moved
	// posts are at least an hour divided by RatePerHour from any other
	// post on the channel. Zero means 1.
	RatePerHour int `json:"ratePerHour,omitempty"`
}

// Validate reports a missing or unknown policy and a negative rate.
func (p PausePolicy) Validate() error { return p.validate(nil).Err() }

func (p PausePolicy) validate(path *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	switch {
	case p.Resume == "":
		list = append(list, validation.Required(path.Child("resume"), ""))
	case !p.Resume.IsValid():
		list = append(list, validation.NotSupported(path.Child("resume"), string(p.Resume), allResumePolicies))
	}
	if p.RatePerHour < 0 {
		list = append(list, validation.OutOfRange(path.Child("ratePerHour"), p.RatePerHour, "must not be negative"))
	}
	return list
}

// gap is the least time between a moved post and any other on its channel.
func (p PausePolicy) gap() time.Duration {
	rate := p.RatePerHour
	if rate == 0 {
		rate = 1
	}
	return time.Hour / time.Duration(rate)
}

// PauseOptions narrow and inform a pause. The zero value pauses every
// channel with no rules and no routines.
type PauseOptions struct {
	// Channels are the channels paused as a whole. Empty, with Accounts
	// empty too, means all.
	Channels []channel.Channel
	// Accounts are the accounts paused (the founder's profile, not the
	// whole of LinkedIn), each a network and a handle. An entry is held
	// when its channel is among Channels or one of its accounts among
	// Accounts; an entry that names no account is published from the
	// brand's only account on its channel, so an account on that channel
	// holds it. An entry published from several accounts is held as a
	// whole when one of them is paused.
	Accounts []channel.AccountRef
	// Rules are respected when posts move: spacing, daily caps, allowed
	// hours, blackouts.
	Rules Rules
	// Routines give the slots ResumeNextFreeSlot moves posts into.
	Routines []Routine
	// Horizon is how far after the pause moved posts may go; zero means
	// DefaultPauseHorizon. A post that finds no place within it stays
	// paused (a ChangeHeld).
	Horizon Duration
}

// DefaultPauseHorizon is how far after a pause posts may be moved when
// PauseOptions.Horizon is zero.
const DefaultPauseHorizon = 30 * 24 * time.Hour

// ChangeKind says what a pause did to an entry.
type ChangeKind string

// The changes a pause makes.
const (
	// ChangeCancelled: the entry was cancelled (ResumeSkip).
	ChangeCancelled ChangeKind = "cancelled"
	// ChangeRescheduled: the entry moved after the pause and keeps its
	// status (approved or scheduled).
	ChangeRescheduled ChangeKind = "rescheduled"
	// ChangeHeld: no place was found within the horizon; the entry is
	// paused at its old instant and waits for a person.
	ChangeHeld ChangeKind = "held"
)

var allChangeKinds = []ChangeKind{ChangeCancelled, ChangeRescheduled, ChangeHeld}

// IsValid reports whether k is a known kind.
func (k ChangeKind) IsValid() bool { return slices.Contains(allChangeKinds, k) }

// String returns the kind's identifier.
func (k ChangeKind) String() string { return string(k) }

// MarshalText encodes a known kind; an unknown one is an error.
func (k ChangeKind) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.ChangeKind", k, allChangeKinds)
}

// UnmarshalText accepts exactly the identifiers of the known kinds.
func (k *ChangeKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.ChangeKind", text, allChangeKinds, k)
}

// Change is one entry a pause changed: the entry before and after, so a
// caller can show a dry run.
type Change struct {
	EntryID uuid.UUID  `json:"entryId"`
	Kind    ChangeKind `json:"kind"`
	Before  Entry      `json:"before"`
	After   Entry      `json:"after"`
	// Reason says why an entry was held.
	Reason string `json:"reason,omitempty"`
}

// Pause holds back publishing on some channels or accounts during window w, as a pure
// function: it returns a new calendar (entries with the changes applied,
// in the order given; the input slice is not modified) and the list of
// changes, sorted by the entries' old instants, then channel, then ID.
//
// It touches the entries that would publish inside the window: those on a
// paused channel or from a paused account (see [PauseOptions.Accounts]),
// with w.From <= At < w.To, whose status is approved or
// scheduled. Drafts and entries in review cannot publish and are left
// alone; to keep new posts out of the window as well, add it to the rules
// as a Blackout. Each held entry moves to paused, then:
//
//   - ResumeSkip: to cancelled.
//   - ResumeAtRate: back to its status, at the earliest instant from w.To
//     on that keeps every rule and is at least an hour/RatePerHour from
//     every other post on the channel, in the entries' original order. The
//     held posts never go out in a burst when the pause lifts.
//   - ResumeNextFreeSlot: back to its status, in the next slot of the
//     channel's routines from w.To on that keeps the same rules and gap.
//
// Every status change goes through [Entry.Transition]. An entry that finds
// no place within the horizon stays paused (ChangeHeld). Moved entries keep
// their zone. Invalid input (window, policy, channels, accounts, rules,
// routines) is a *validation.Error.
func Pause(entries []Entry, w Window, policy PausePolicy, opts *PauseOptions) ([]Entry, []Change, error) {
	var o PauseOptions
	if opts != nil {
		o = *opts
	}
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("window"), w.Validate())
	list = append(list, policy.validate(validation.NewPath("policy"))...)
	list = append(list, checkChannels(validation.NewPath("channels"), o.Channels)...)
	if len(o.Accounts) > 0 {
		list = append(list, channel.CheckRefs(validation.NewPath("accounts"), o.Accounts, o.Channels)...)
	}
	list = list.Merge(validation.NewPath("rules"), o.Rules.Validate())
	for i, r := range o.Routines {
		list = list.Merge(validation.NewPath("routines").Index(i), r.Validate())
	}
	if o.Horizon < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("horizon"), o.Horizon.String(), "must not be negative"))
	}
	if err := list.Err(); err != nil {
		return nil, nil, err
	}
	horizon := o.Horizon.Std()
	if horizon == 0 {
		horizon = DefaultPauseHorizon
	}

	out := slices.Clone(entries)
	var held []int
	for i, e := range out {
		if o.holds(e) && w.Contains(e.At) &&
			(e.Status == StatusApproved || e.Status == StatusScheduled) {
			held = append(held, i)
		}
	}
	slices.SortStableFunc(held, func(a, b int) int {
		if c := out[a].At.Compare(out[b].At); c != 0 {
			return c
		}
		if c := compareChannels(out[a].Channel, out[b].Channel); c != 0 {
			return c
		}
		return compareIDs(out[a].ID, out[b].ID)
	})

	// The posts that stay where they are count for every rule.
	isHeld := make([]bool, len(out))
	for _, i := range held {
		isHeld[i] = true
	}
	var staying []Entry
	for i, e := range out {
		if !isHeld[i] {
			staying = append(staying, e)
		}
	}
	b, err := newBook(o.Rules, staying)
	if err != nil {
		return nil, nil, err
	}
	end := w.To.Add(horizon)
	place := placer(policy, b, w.To, end, o.Routines)

	changes := make([]Change, 0, len(held))
	for _, i := range held {
		before := out[i]
		e := before
		status := e.Status
		if err := e.Transition(StatusPaused); err != nil {
			return nil, nil, err
		}
		ch := Change{EntryID: e.ID, Before: before}
		if policy.Resume == ResumeSkip {
			if err := e.Transition(StatusCancelled); err != nil {
				return nil, nil, err
			}
			ch.Kind = ChangeCancelled
		} else if t, why := place(e); t.IsZero() {
			ch.Kind, ch.Reason = ChangeHeld, why
		} else {
			if err := e.Transition(status); err != nil {
				return nil, nil, err
			}
			e.At = t.In(before.At.Location())
			b.add(e.Channel, t)
			ch.Kind = ChangeRescheduled
		}
		ch.After = e
		out[i] = e
		changes = append(changes, ch)
	}
	return out, changes, nil
}

// holds reports whether the options pause e's channel or one of its
// accounts.
func (o *PauseOptions) holds(e Entry) bool {
	if len(o.Channels) == 0 && len(o.Accounts) == 0 {
		return true
	}
	if slices.Contains(o.Channels, e.Channel) {
		return true
	}
	for _, a := range o.Accounts {
		if a.Channel != e.Channel {
			continue
		}
		if len(e.Accounts) == 0 {
			return true
		}
		for _, h := range e.Accounts {
			if channel.SameHandle(h, a.Handle) {
				return true
			}
		}
	}
	return false
}

// placer returns the function that finds where a held entry goes under a
// moving policy: the zero time and a reason when nowhere before end.
func placer(policy PausePolicy, b *book, from, end time.Time, routines []Routine) func(Entry) (time.Time, string) {
	gap := policy.gap()
	switch policy.Resume {
	case ResumeNextFreeSlot:
		// Each channel walks its routines' slots once, in order, through
		// one cursor kept from post to post: a slot used or refused is not
		// offered again, no channel's slots are held in memory, and the
		// routines are expanded once (a rule with COUNT from its start).
		type walk struct {
			cur *slotCursor
			err error
		}
		walks := map[channel.Channel]*walk{}
		return func(e Entry) (time.Time, string) {
			w := walks[e.Channel]
			if w == nil {
				w = &walk{}
				w.cur, w.err = channelSlots(routines, b.rules.Blackouts, e.Channel, from, end)
				walks[e.Channel] = w
			}
			if w.err != nil {
				return time.Time{}, fmt.Sprintf("the slots of the %s routines before %s cannot be listed: %v", e.Channel, humanTime(end), w.err)
			}
			for {
				s, _, ok := w.cur.next(true, false)
				if !ok {
					return time.Time{}, fmt.Sprintf("no free slot of the %s routines before %s", e.Channel, humanTime(end))
				}
				if ok, _ := b.check(e.Channel, s.At, gap); ok {
					return s.At, ""
				}
			}
		}
	default: // ResumeAtRate
		cursor := map[channel.Channel]time.Time{}
		return func(e Entry) (time.Time, string) {
			t := from
			if c, ok := cursor[e.Channel]; ok {
				t = c
			}
			// Each retry moves strictly later (past a neighbour, a full
			// day, a blackout or to the next open hour); the count bound
			// is a second guard.
			for n := 0; t.Before(end) && n < 100000; n++ {
				ok, retry := b.check(e.Channel, t, gap)
				if ok {
					cursor[e.Channel] = t
					return t, ""
				}
				if !retry.After(t) {
					break
				}
				t = retry
			}
			return time.Time{}, fmt.Sprintf("no instant keeps the %s rules before %s", e.Channel, humanTime(end))
		}
	}
}

// channelSlots returns a cursor over the slots of the routines on channel
// c in [from, to) that no blackout skips; an error matching
// ErrTooManySlots when there could be more than MaxSlots.
func channelSlots(routines []Routine, blackouts []Blackout, c channel.Channel, from, to time.Time) (*slotCursor, error) {
	var mine []Routine
	for _, r := range routines {
		if r.Channel == c {
			mine = append(mine, r)
		}
	}
	w := Window{From: from, To: to}
	walk, err := newSlotWalk(mine, blackouts, w)
	if err != nil {
		return nil, err
	}
	if err := checkSlotBound(mine, []Window{w}); err != nil {
		return nil, err
	}
	return walk.start(), nil
}
