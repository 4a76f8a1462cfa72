package community

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// Author is the account behind an interaction.
type Author struct {
	// Handle is the account name on its network, with or without the
	// leading "@". Handles are compared without the "@" and ignoring case.
	Handle string `json:"handle" validate:"required"`
	// Followers is the size of the author's audience when the interaction
	// was seen.
	Followers int64 `json:"followers,omitempty" validate:"gte=0"`
	// Verified reports whether the network marks the account as verified.
	Verified bool `json:"verified,omitempty"`
}

// Interaction is one thing an audience member did that the community
// manager may need to see or answer: a comment, a reply, a mention, a direct
// message, a review or a share.
type Interaction struct {
	// ID identifies the interaction; usually the network's own ID. It is
	// unique within an [Inbox].
	ID string `json:"id" validate:"required"`
	// Kind says what sort of interaction this is.
	Kind Kind `json:"kind" validate:"required,enum"`
	// Channel is the network it happened on.
	Channel channel.Channel `json:"channel" validate:"required,enum"`
	// Account is the handle of the brand's account on Channel that the
	// interaction reached, written without "@": the founder's profile a
	// comment was left under, the company page a direct message was sent
	// to. Empty means the brand's only account on Channel (or that the
	// listening tool does not say). Handles are compared without regard to
	// case (channel.SameHandle); that the account is one of the plan's is
	// checked by the plan, which knows its accounts.
	Account string `json:"account,omitempty"`
	// Author is who did it.
	Author Author `json:"author"`
	// Text is what the author wrote; empty for a bare share.
	Text string `json:"text,omitempty"`
	// At is when it happened.
	At time.Time `json:"at" validate:"required"`
	// Thread names the conversation it belongs to: the post commented on,
	// the direct-message conversation. Replies share their parent's thread.
	Thread string `json:"thread,omitempty"`
	// ReplyTo is, for a reply, the ID of the interaction it answers, which
	// must be in the same inbox.
	ReplyTo string `json:"replyTo,omitempty"`
	// To lists the accounts the interaction is directed at: the accounts a
	// mention names, the author of a shared post. A reply is also directed
	// at the author of its parent, which need not be repeated here.
	To []string `json:"to,omitempty"`
	// Sentiment is the caller's label, if any; see [Classifier] for
	// labelling the rest.
	Sentiment Sentiment `json:"sentiment,omitempty" validate:"omitempty,enum"`
	// Language is the language of Text as a BCP 47 tag ("en", "es-MX"),
	// if the network or the caller knows it; empty when unknown. Its form
	// is checked (a primary subtag of 2 or 3 letters, then subtags of 2 to
	// 8 letters or digits joined by "-"), not its registration. Inbox
	// rules ([Condition.Languages]) and routing ([Agent.Languages]) read
	// it.
	Language string `json:"language,omitempty"`
}

// Validate reports every problem with in on its own, such as a missing ID,
// kind, channel or instant, a malformed author handle or account
// (channel.CheckHandle) or language tag, and a reply without the interaction it answers.
// Rules that need the other interactions (unique IDs, known parents) are
// checked by [Inbox.Validate].
func (in Interaction) Validate() error { return in.validate(nil).Err() }

func (in Interaction) validate(p *validation.Path) validation.ErrorList {
	list := validate.Struct(p, in)
	if in.Account != "" {
		if fe := channel.CheckHandle(p.Child("account"), in.Account); fe != nil {
			list = append(list, fe)
		}
	}
	if in.Language != "" {
		list = list.Add(checkLanguage(p.Child("language"), in.Language))
	}
	if in.Author.Handle != "" && !validHandle(in.Author.Handle) {
		list = append(list, validation.Invalid(p.Child("author", "handle"), in.Author.Handle,
			"a handle is one word: no spaces and not just \"@\""))
	}
	switch {
	case in.Kind == KindReply && in.ReplyTo == "":
		list = append(list, validation.Required(p.Child("replyTo"), "a reply names the interaction it answers"))
	case in.Kind != KindReply && in.ReplyTo != "":
		list = append(list, validation.Conflict(p.Child("replyTo"), in.ReplyTo,
			fmt.Sprintf("only a %q names the interaction it answers", KindReply)))
	case in.ReplyTo != "" && in.ReplyTo == in.ID:
		list = append(list, validation.Conflict(p.Child("replyTo"), in.ReplyTo, "an interaction cannot answer itself"))
	}
	for i, h := range in.To {
		if !validHandle(h) {
			list = append(list, validation.Invalid(p.Child("to").Index(i), h,
				"a handle is one word: no spaces and not just \"@\""))
		}
	}
	return list
}

// validHandle reports whether h is a usable handle: not empty once the "@"
// is dropped, and without white space or control characters.
func validHandle(h string) bool {
	h = strings.TrimPrefix(h, "@")
	if h == "" {
		return false
	}
	for _, r := range h {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFFFD' {
			return false
		}
	}
	return true
}

// handleKey is the form in which handles are compared: without the "@",
// lower-cased.
func handleKey(h string) string { return strings.ToLower(strings.TrimPrefix(h, "@")) }

// Inbox is a set of interactions, in any order.
type Inbox []Interaction

// Validate reports every problem with the interactions, with paths such as
// "[3].replyTo": each interaction's own problems, duplicate IDs, and replies
// whose parent is not in the inbox or lives on another channel, account or
// thread (an account only conflicts with another account: a reply or a
// parent that names none may be on any of the brand's accounts).
func (b Inbox) Validate() error {
	var list validation.ErrorList
	index := make(map[string]int, len(b))
	for i, in := range b {
		p := validation.NewPath("").Index(i)
		list = append(list, in.validate(p)...)
		if in.ID == "" {
			continue
		}
		if _, dup := index[in.ID]; dup {
			list = append(list, validation.Duplicate(p.Child("id"), in.ID))
			continue
		}
		index[in.ID] = i
	}
	for i, in := range b {
		if in.Kind != KindReply || in.ReplyTo == "" || in.ReplyTo == in.ID {
			continue
		}
		p := validation.NewPath("").Index(i)
		j, ok := index[in.ReplyTo]
		if !ok {
			list = append(list, validation.NotFound(p.Child("replyTo"), in.ReplyTo,
				fmt.Sprintf("no interaction %q in the inbox", in.ReplyTo)))
			continue
		}
		parent := b[j]
		if parent.Channel != in.Channel {
			list = append(list, validation.Conflict(p.Child("channel"), in.Channel,
				fmt.Sprintf("the parent %q is on %q", parent.ID, parent.Channel)))
		}
		if in.Account != "" && parent.Account != "" && parent.Channel == in.Channel && !channel.SameHandle(in.Account, parent.Account) {
			list = append(list, validation.Conflict(p.Child("account"), in.Account,
				fmt.Sprintf("the parent %q reached @%s", parent.ID, parent.Account)))
		}
		if in.Thread != "" && parent.Thread != "" && in.Thread != parent.Thread {
			list = append(list, validation.Conflict(p.Child("thread"), in.Thread,
				fmt.Sprintf("the parent %q is in thread %q", parent.ID, parent.Thread)))
		}
	}
	return list.Err()
}

// ByID returns a map from interaction ID to its index in b. With duplicate
// IDs the first one wins; [Inbox.Validate] reports them.
func (b Inbox) ByID() map[string]int {
	m := make(map[string]int, len(b))
	for i, in := range b {
		if _, ok := m[in.ID]; !ok {
			m[in.ID] = i
		}
	}
	return m
}
