package calendar

import (
	"encoding/json"
	"fmt"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Entry is one scheduled publication on one channel, from one or several
// of the brand's accounts there: everything the network receives (text,
// title, first comment, link, media), and per-account variants that
// override parts of it.
//
// At is an instant that keeps its zone: the zone in which the people who
// plan the post read its time. An entry without an IANA zone (time.Local, a
// fixed offset) does not validate, and JSON cannot carry it. JSON writes At
// as the local wall time with the zone name beside it:
//
//	{"at":"2026-03-02T10:00:00","zone":"Europe/Madrid", …}
//
// The offset is added to the wall time only when the wall time alone would
// name another instant (the second 02:30 of a fall-back night).
type Entry struct {
	// ID identifies the entry; it is also the base of its iCalendar UID.
	ID uuid.UUID
	// Channel is the network the entry is published on.
	Channel channel.Channel
	// Accounts are the handles of the brand's accounts on Channel that
	// publish the entry (a company page and its founder's profile). Empty
	// means the brand's only account on Channel: a plan with one account
	// per network names none (see channel.Accounts.Resolve).
	Accounts []string
	// At is when it is published, in the zone it is planned in.
	At time.Time
	// Text is the post's text, checked against the channel's limits.
	Text string
	// Title is the post's title, on networks whose posts have one
	// (YouTube, Pinterest, Reddit).
	Title string
	// FirstComment is posted under the post right after it.
	FirstComment string
	// Link is an optional absolute http or https URL.
	Link string
	// Media are the post's attachments, in order.
	Media []channel.Media
	// Variants override parts of the post for one of Accounts each; what
	// a variant leaves empty it inherits from the entry.
	Variants []Variant
	// CampaignID is the campaign the entry belongs to; uuid.Nil for none.
	CampaignID uuid.UUID
	// RoutineID is the routine whose slot the entry fills; uuid.Nil for
	// none.
	RoutineID uuid.UUID
	// Owner is the team member responsible, by member ID
	// (strategy.Member.ID); uuid.Nil for nobody in particular.
	Owner uuid.UUID
	// Status is where the entry is in its lifecycle.
	Status Status
	// Evergreen, when set, lets ReuseEvergreen publish the post again.
	Evergreen *Evergreen
	// ReuseOf is the evergreen entry this one publishes again; uuid.Nil
	// for an original post.
	ReuseOf uuid.UUID
	// Approval, when set, is the approval the entry needs before it is
	// approved: Transition refuses to move it to approved or scheduled
	// until the approval is approved, and to in_review when it is already
	// decided (see [Entry.Transition]). Nil: the lifecycle alone decides.
	Approval *Approval
}

// Transition moves e to status to when the lifecycle allows it, and
// otherwise returns a *TransitionError (matching ErrIllegalTransition) and
// leaves e unchanged. The allowed moves are:
//
//	draft     -> in_review, cancelled
//	in_review -> draft, approved, cancelled
//	approved  -> draft, scheduled, paused, cancelled
//	scheduled -> approved, published, failed, paused, cancelled
//	failed    -> scheduled, cancelled
//	paused    -> approved, scheduled, cancelled
//	published -> (final)
//	cancelled -> (final)
//
// Staying in the same status is not a transition and is refused too, so a
// caller notices a duplicate event.
//
// An entry with an [Approval] also needs it for three moves, and
// otherwise gets an *ApprovalRequiredError (matching ErrApprovalRequired
// and ErrIllegalTransition):
//
//	-> approved, scheduled   the approval is approved
//	-> in_review             the approval is pending: a decided approval
//	                         belongs to a review that is over, so an entry
//	                         sent back to draft and edited is reviewed
//	                         under a new request (RequestApproval)
//
// An entry without an approval moves as before.
func (e *Entry) Transition(to Status) error {
	if !CanTransition(e.Status, to) {
		return &TransitionError{From: e.Status, To: to}
	}
	if err := checkApproval(e.Approval, e.Status, to); err != nil {
		return err
	}
	e.Status = to
	return nil
}

// Validate reports every problem with e: a missing ID, unknown channel or
// status, a missing or zone-less instant, text over the channel's limits, a
// link that is not an absolute http(s) URL, text missing on an entry
// that is approved or further along, and an approval that does not
// validate or, on an entry approved or further along, is not approved.
func (e Entry) Validate() error {
	return e.validate(nil, nil).Err()
}

// validate reports the problems of e at paths below p, loading zones
// through zones (which may be nil). Paths are built only for the problems
// found: a valid entry allocates nothing.
func (e Entry) validate(p *validation.Path, zones zoneCache) validation.ErrorList {
	var list validation.ErrorList
	if e.ID == uuid.Nil {
		list = append(list, validation.Required(p.Child("id"), ""))
	}
	if !e.Channel.IsValid() {
		list = append(list, checkChannel(p.Child("channel"), e.Channel)...)
	}
	list = append(list, checkZoned(p, "at", e.At, true, zones)...)
	list = append(list, e.validatePost(p)...)
	if e.Evergreen != nil {
		list = append(list, e.Evergreen.validate(p.Child("evergreen"))...)
		if e.ReuseOf != uuid.Nil {
			list = append(list, validation.Conflict(p.Child("evergreen"), nil, "a reuse of an evergreen post is not evergreen itself: mark the original"))
		}
	}
	if !e.Status.IsValid() {
		list = append(list, validation.NotSupported(p.Child("status"), string(e.Status), allStatuses))
	} else if e.Text == "" && needsText(e.Status) {
		list = append(list, validation.Required(p.Child("text"), fmt.Sprintf("is required once an entry is %s", e.Status)))
	}
	if e.Approval != nil {
		if err := e.Approval.Validate(); err != nil {
			list = list.Merge(p.Child("approval"), err)
		} else if st := e.Approval.Status(); needsText(e.Status) && st != ApprovalApproved {
			list = append(list, validation.Conflict(p.Child("approval"), string(st),
				fmt.Sprintf("an entry that is %s needs its approval approved", e.Status)))
		}
	}
	return list
}

// needsText reports whether an entry in status s must have its text.
func needsText(s Status) bool {
	switch s {
	case StatusApproved, StatusScheduled, StatusPublished, StatusFailed, StatusPaused:
		return true
	}
	return false
}

func checkChannel(p *validation.Path, c channel.Channel) validation.ErrorList {
	switch {
	case c == "":
		return validation.ErrorList{validation.Required(p, "")}
	case !c.IsValid():
		return validation.ErrorList{validation.NotSupported(p, string(c), channel.All())}
	}
	return nil
}

// appendUnder appends part, whose paths are relative to the field name
// below p, re-rooted there. The path is built only when part is not empty.
func appendUnder(list validation.ErrorList, p *validation.Path, name string, part validation.ErrorList) validation.ErrorList {
	if len(part) == 0 {
		return list
	}
	return list.Merge(p.Child(name), part.Err())
}

// checkLink accepts, at the field name below p, the empty string or an
// absolute http(s) URL in valid UTF-8 without spaces or control
// characters. The path is built only for a bad link.
func checkLink(p *validation.Path, name string, link string) validation.ErrorList {
	if link == "" {
		return nil
	}
	bad := !utf8.ValidString(link)
	for i := 0; i < len(link) && !bad; i++ {
		// In valid UTF-8 every byte below 0x80 is a character of its own.
		bad = link[i] <= ' ' || link[i] == 0x7f
	}
	u, err := url.Parse(link)
	if bad || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return validation.ErrorList{validation.Invalid(p.Child(name), link, "must be an absolute http or https URL in UTF-8 without spaces")}
	}
	return nil
}

type entryJSON struct {
	ID           uuid.UUID       `json:"id"`
	Channel      channel.Channel `json:"channel"`
	Accounts     []string        `json:"accounts,omitempty"`
	At           string          `json:"at,omitempty"`
	Zone         string          `json:"zone,omitempty"`
	Text         string          `json:"text,omitempty"`
	Title        string          `json:"title,omitempty"`
	FirstComment string          `json:"firstComment,omitempty"`
	Link         string          `json:"link,omitempty"`
	Media        []channel.Media `json:"media,omitempty"`
	Variants     []Variant       `json:"variants,omitempty"`
	CampaignID   *uuid.UUID      `json:"campaignId,omitempty"`
	RoutineID    *uuid.UUID      `json:"routineId,omitempty"`
	Owner        uuid.UUID       `json:"owner,omitzero"`
	Status       Status          `json:"status"`
	Evergreen    *Evergreen      `json:"evergreen,omitempty"`
	ReuseOf      uuid.UUID       `json:"reuseOf,omitzero"`
	Approval     *Approval       `json:"approval,omitempty"`
}

// atZone is the usual pair of JSON fields for one instant.
var atZone = zonedField{"at", "zone"}

// MarshalJSON writes the entry with At as wall time plus zone name. An
// entry whose At has no IANA zone, or whose channel or status is unknown,
// is an error.
func (e Entry) MarshalJSON() ([]byte, error) {
	at, zone, err := atZone.encode(e.At)
	if err != nil {
		return nil, err
	}
	return json.Marshal(entryJSON{
		ID: e.ID, Channel: e.Channel, Accounts: e.Accounts, At: at, Zone: zone, Text: e.Text,
		Title: e.Title, FirstComment: e.FirstComment, Link: e.Link, Media: e.Media, Variants: e.Variants,
		CampaignID: optionalID(e.CampaignID), RoutineID: optionalID(e.RoutineID),
		Owner: e.Owner, Status: e.Status, Evergreen: e.Evergreen, ReuseOf: e.ReuseOf, Approval: e.Approval,
	})
}

// UnmarshalJSON reads what MarshalJSON writes. A time without a zone, or
// an unknown zone, is a *validation.Error naming the field.
func (e *Entry) UnmarshalJSON(data []byte) error {
	var j entryJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	at, err := atZone.decode(j.At, j.Zone)
	if err != nil {
		return err
	}
	*e = Entry{
		ID: j.ID, Channel: j.Channel, Accounts: j.Accounts, At: at, Text: j.Text,
		Title: j.Title, FirstComment: j.FirstComment, Link: j.Link, Media: j.Media, Variants: j.Variants,
		CampaignID: derefID(j.CampaignID), RoutineID: derefID(j.RoutineID),
		Owner: j.Owner, Status: j.Status, Evergreen: j.Evergreen, ReuseOf: j.ReuseOf, Approval: j.Approval,
	}
	return nil
}

func optionalID(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

func derefID(id *uuid.UUID) uuid.UUID {
	if id == nil {
		return uuid.Nil
	}
	return *id
}
