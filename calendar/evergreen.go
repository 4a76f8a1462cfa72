package calendar

import (
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// MaxEvergreenGapDays bounds Evergreen.MinGapDays: about 100 years.
const MaxEvergreenGapDays = 36_600

// Evergreen marks an entry whose post stays good to publish again: a
// guide, a recipe, an offer that does not expire. [ReuseEvergreen] fills
// free routine slots with such posts.
type Evergreen struct {
	// MinGapDays is the least number of calendar days, in the entry's
	// zone, from one use of the post to the next; at least 1. A gap
	// shorter than Rules.DuplicateDays is no use: the near-duplicate rule
	// keeps the post out that long anyway.
	MinGapDays int `json:"minGapDays"`
	// MaxUses is the most times the post is published, its first
	// publication included; zero means no limit.
	MaxUses int `json:"maxUses,omitempty"`
	// Until is the first date, in the entry's zone, on which the post is
	// not reused; the zero date means no end.
	Until LocalDate `json:"until,omitzero"`
}

// validate reports a gap below 1 or above MaxEvergreenGapDays, negative
// uses, and an Until that is not a date.
func (g Evergreen) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	if g.MinGapDays < 1 || g.MinGapDays > MaxEvergreenGapDays {
		list = append(list, validation.OutOfRange(p.Child("minGapDays"), g.MinGapDays, fmt.Sprintf("must be 1 to %d days", MaxEvergreenGapDays)))
	}
	if g.MaxUses < 0 {
		list = append(list, validation.OutOfRange(p.Child("maxUses"), g.MaxUses, "must not be negative"))
	}
	if g.Until != (LocalDate{}) && !g.Until.IsValid() {
		list = append(list, validation.Invalid(p.Child("until"), g.Until.String(), "is not a date"))
	}
	return list
}

// ReuseEvergreen fills free slots with evergreen posts, in slot order
// (see [Slots]). best are the evergreen entries in the order to reuse them,
// best first: the caller ranks them, usually by how their earlier
// publications did (their post results). booked are the posts already on
// the calendar, the earlier uses of the evergreen posts among them (the
// entry itself, and every entry whose ReuseOf names it).
//
// A slot takes the first post of best on the slot's channel (and, when the
// slot's routine names an account, published from it or from no named
// account) that
//
//   - is evergreen, has not reached MaxUses, and is before its Until;
//   - is at least MinGapDays calendar days after its latest use;
//   - keeps every rule of rules (one post per slot, spacing, daily cap,
//     allowed hours, blackouts), counting the posts booked and those
//     placed before it;
//   - is not a near-duplicate (Rules.DuplicateDays, DuplicateSimilarity)
//     of any post on the channel within DuplicateDays of the slot, its own
//     earlier uses included.
//
// A slot no post fits stays free. Each reuse is a copy of the post, status
// scheduled, at the slot's instant, with the slot's routine and account,
// ReuseOf set to the original and Evergreen cleared, and an ID derived
// from the original's and the instant (so the same call gives the same
// IDs). The entries, rules and booked posts are validated first; invalid
// input is a *validation.Error.
func ReuseEvergreen(best []Entry, slots iter.Seq[Slot], rules Rules, booked []Entry) ([]Entry, error) {
	var list validation.ErrorList
	for i, e := range best {
		p := validation.NewPath("best").Index(i)
		list = list.Merge(p, e.Validate())
		if e.Evergreen == nil {
			list = append(list, validation.Required(p.Child("evergreen"), "only evergreen posts are reused"))
		}
	}
	list = list.Merge(validation.NewPath("rules"), rules.Validate())
	if err := list.Err(); err != nil {
		return nil, err
	}
	b, err := newBook(rules, booked)
	if err != nil {
		return nil, err
	}
	// Each evergreen post's uses so far and the latest, by original ID.
	type use struct {
		count int
		last  time.Time
	}
	uses := make(map[uuid.UUID]*use, len(best))
	for _, e := range best {
		uses[e.ID] = &use{}
	}
	for _, e := range booked {
		id := e.ID
		if e.ReuseOf != uuid.Nil {
			id = e.ReuseOf
		}
		if u := uses[id]; u != nil && counts(e.Status) && !e.At.IsZero() {
			u.count++
			if e.At.After(u.last) {
				u.last = e.At
			}
		}
	}
	// The texts on each channel, by instant, for the near-duplicate rule.
	texts := newTextIndex(booked)
	window, similarity := rules.duplicateDays(), rules.duplicateSimilarity()
	var out []Entry
	for s := range slots {
		for i := range best {
			e := &best[i]
			if e.Channel != s.Channel || !publishesFrom(*e, s.Account) {
				continue
			}
			u, g := uses[e.ID], e.Evergreen
			loc := e.At.Location()
			day := DateOf(s.At.In(loc))
			if (g.MaxUses > 0 && u.count >= g.MaxUses) || (g.Until != (LocalDate{}) && day.Compare(g.Until) >= 0) {
				continue
			}
			if !u.last.IsZero() && day.Compare(DateOf(u.last.In(loc)).AddDays(g.MinGapDays)) < 0 {
				continue
			}
			if ok, _ := b.check(s.Channel, s.At, 0); !ok {
				break // the slot itself is taken or ruled out, for any post
			}
			if texts.nearDuplicate(s.Channel, e.Text, s.At, window, similarity) {
				continue
			}
			r := *e
			r.ID = uuid.NewSHA1(e.ID, []byte(s.At.UTC().Format(time.RFC3339Nano)))
			r.At, r.RoutineID, r.Status, r.ReuseOf, r.Evergreen = s.At, s.RoutineID, StatusScheduled, e.ID, nil
			if s.Account != "" {
				r.Accounts = []string{s.Account}
				r.Variants = slices.DeleteFunc(slices.Clone(r.Variants), func(v Variant) bool { return !channel.SameHandle(v.Account, s.Account) })
			}
			if s.Owner != uuid.Nil && r.Owner == uuid.Nil {
				r.Owner = s.Owner
			}
			out = append(out, r)
			b.add(s.Channel, s.At)
			texts.add(r)
			u.count++
			u.last = s.At
			break
		}
	}
	return out, nil
}

// publishesFrom reports whether e may fill a slot of a routine that
// publishes from account: any entry when account is empty, else one that
// names no account or names this one.
func publishesFrom(e Entry, account string) bool {
	return account == "" || len(e.Accounts) == 0 || e.targets(account)
}

// textIndex holds the texts of each channel's posts with their instants,
// for the near-duplicate rule of ReuseEvergreen.
type textIndex map[channel.Channel][]datedPrint

type datedPrint struct {
	at    time.Time
	print []uint64
}

func newTextIndex(entries []Entry) textIndex {
	ix := textIndex{}
	for _, e := range entries {
		if counts(e.Status) && !e.At.IsZero() && e.Text != "" {
			ix.add(e)
		}
	}
	return ix
}

// add records e's text at its instant, keeping each channel's list sorted.
func (ix textIndex) add(e Entry) {
	var f fingerprints
	f.reset(1)
	f.add(e.Text)
	d := datedPrint{at: e.At, print: f.of(0)}
	list := ix[e.Channel]
	i, _ := slices.BinarySearchFunc(list, e.At, func(p datedPrint, t time.Time) int { return p.at.Compare(t) })
	ix[e.Channel] = slices.Insert(list, i, d)
}

// nearDuplicate reports whether text is a near-duplicate of a post on c
// less than days calendar days from at, in at's zone (the window
// Conflicts uses: a post at exactly days days away is outside it).
func (ix textIndex) nearDuplicate(c channel.Channel, text string, at time.Time, days, similarity int) bool {
	var f fingerprints
	f.reset(1)
	f.add(text)
	mine := f.of(0)
	if len(mine) == 0 {
		return false
	}
	from, to := at.AddDate(0, 0, -days), at.AddDate(0, 0, days)
	list := ix[c]
	i, _ := slices.BinarySearchFunc(list, from, func(p datedPrint, t time.Time) int { return p.at.Compare(t) })
	for ; i < len(list) && list[i].at.Before(to); i++ {
		if !list[i].at.After(from) {
			continue
		}
		if len(list[i].print) > 0 && nearPrints(mine, list[i].print, similarity) {
			return true
		}
	}
	return false
}
