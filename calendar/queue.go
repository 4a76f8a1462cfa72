package calendar

import (
	"iter"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// Draft is approved content waiting in a queue for a slot: a post without
// a time.
type Draft struct {
	// ID identifies the post; the scheduled Entry keeps it.
	ID uuid.UUID `json:"id"`
	// Channel is where the post goes; it fills only that channel's slots.
	Channel channel.Channel `json:"channel"`
	// Text, Title, FirstComment, Link and Media are the post's (see
	// Entry).
	Text         string          `json:"text"`
	Title        string          `json:"title,omitempty"`
	FirstComment string          `json:"firstComment,omitempty"`
	Link         string          `json:"link,omitempty"`
	Media        []channel.Media `json:"media,omitempty"`
	// CampaignID is the campaign the post belongs to; uuid.Nil for none.
	CampaignID uuid.UUID `json:"campaignId,omitzero"`
	// Owner is the team member responsible, by member ID; uuid.Nil takes
	// the slot routine's owner.
	Owner uuid.UUID `json:"owner,omitzero"`
	// Pillar, when set, restricts the post to slots of routines with that
	// pillar.
	Pillar string `json:"pillar,omitempty"`
}

// Validate reports a missing ID or text, an unknown channel, and the post's
// problems as a scheduled entry's (Entry.ValidatePost): text, title, first
// comment and media over the channel's limits or missing where it needs
// them, a bad link or attachment.
func (d Draft) Validate() error { return d.validate(nil).Err() }

func (d Draft) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	if d.ID == uuid.Nil {
		list = append(list, validation.Required(p.Child("id"), ""))
	}
	if !d.Channel.IsValid() {
		list = append(list, checkChannel(p.Child("channel"), d.Channel)...)
	}
	if d.Text == "" {
		list = append(list, validation.Required(p.Child("text"), ""))
	}
	// The queue holds approved content: its post is checked as the
	// scheduled entry it becomes.
	return append(list, d.entry().validatePost(p)...)
}

// entry is the scheduled entry d becomes, but for its slot.
func (d Draft) entry() Entry {
	return Entry{ID: d.ID, Channel: d.Channel, Text: d.Text, Title: d.Title, FirstComment: d.FirstComment,
		Link: d.Link, Media: d.Media, CampaignID: d.CampaignID, Owner: d.Owner, Status: StatusScheduled}
}

// Fill is the result of [FillQueue].
type Fill struct {
	// Scheduled are the new entries, in the order of their slots.
	Scheduled []Entry `json:"scheduled"`
	// Unplaced are the drafts no slot could take, in queue order.
	Unplaced []Draft `json:"unplaced"`
}

// FillQueue puts queued drafts into the next free slots.
//
// Slots are taken in order (see [Slots]); each slot goes to the first
// draft in queue order on the slot's channel (and, for a draft with a
// Pillar, of the slot's pillar) when posting there keeps every rule: one
// post per slot, the channel's MinSpacing to every other post, its
// DailyCap per local day, its AllowedHours and the blackouts. A slot that
// breaks a rule is skipped; the draft waits for the next one. The posts
// already on the calendar (booked; cancelled, paused and failed ones are
// ignored) count for every rule, so the queue fills around them.
//
// Scheduled entries get the slot's instant (in the routine's zone), the
// routine's ID and account, the draft's owner or else the routine's, and
// status scheduled: the queue holds approved content. FillQueue stops reading
// slots once the queue is empty.
//
// The drafts and rules are validated first; invalid input is a
// *validation.Error and no result.
func FillQueue(queue []Draft, slots iter.Seq[Slot], rules Rules, booked []Entry) (Fill, error) {
	var list validation.ErrorList
	seen := make(map[uuid.UUID]bool, len(queue))
	for i, d := range queue {
		list = append(list, d.validate(validation.NewPath("queue").Index(i))...)
		if seen[d.ID] && d.ID != uuid.Nil {
			list = append(list, validation.Duplicate(validation.NewPath("queue").Index(i).Child("id"), d.ID.String()))
		}
		seen[d.ID] = true
	}
	list = list.Merge(validation.NewPath("rules"), rules.Validate())
	if err := list.Err(); err != nil {
		return Fill{}, err
	}
	b, err := newBook(rules, booked)
	if err != nil {
		return Fill{}, err
	}
	// The drafts waiting for each channel and pillar ("" for any), in
	// queue order, from head on: a slot looks at two heads, however many
	// drafts wait for other pillars.
	type key struct {
		c      channel.Channel
		pillar string
	}
	type line struct {
		idx  []int
		head int
	}
	waiting := map[key]*line{}
	for i, d := range queue {
		k := key{d.Channel, d.Pillar}
		if waiting[k] == nil {
			waiting[k] = &line{}
		}
		waiting[k].idx = append(waiting[k].idx, i)
	}
	left := len(queue)
	placed := make([]bool, len(queue))
	var out Fill
	for s := range slots {
		if left == 0 {
			break
		}
		var take *line
		for _, l := range [2]*line{waiting[key{s.Channel, ""}], waiting[key{s.Channel, s.Pillar}]} {
			if l != nil && l.head < len(l.idx) && (take == nil || l.idx[l.head] < take.idx[take.head]) {
				take = l
			}
		}
		if take == nil {
			continue
		}
		if ok, _ := b.check(s.Channel, s.At, 0); !ok {
			continue
		}
		qi := take.idx[take.head]
		d := queue[qi]
		take.head++
		placed[qi] = true
		left--
		b.add(s.Channel, s.At)
		owner := d.Owner
		if owner == uuid.Nil {
			owner = s.Owner
		}
		e := d.entry()
		e.At, e.RoutineID, e.Owner = s.At, s.RoutineID, owner
		if s.Account != "" {
			e.Accounts = []string{s.Account}
		}
		out.Scheduled = append(out.Scheduled, e)
	}
	for i, d := range queue {
		if !placed[i] {
			out.Unplaced = append(out.Unplaced, d)
		}
	}
	return out, nil
}
