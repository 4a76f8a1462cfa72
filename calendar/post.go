package calendar

import (
	"fmt"
	"strings"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// MaxEntryAccounts is the most accounts one entry may publish from, and so
// the most variants it may have.
const MaxEntryAccounts = 100

// Variant is how one of an entry's accounts publishes it differently: the
// founder's profile says "I" where the company page says "we". What a
// variant leaves empty (a field "", Media nil) it inherits from the entry.
type Variant struct {
	// Account is the handle of one of the entry's accounts.
	Account string `json:"account"`
	// Text replaces the entry's text.
	Text string `json:"text,omitempty"`
	// Title replaces the entry's title.
	Title string `json:"title,omitempty"`
	// FirstComment replaces the entry's first comment.
	FirstComment string `json:"firstComment,omitempty"`
	// Link replaces the entry's link.
	Link string `json:"link,omitempty"`
	// Media replace the entry's attachments when not nil; an empty list
	// that is not nil publishes the account's post without any.
	Media []channel.Media `json:"media,omitzero"`
}

// Targets returns the handles of the accounts e is published from: its
// Accounts, or one empty handle (the brand's only account on the channel)
// when it names none. The slice is e's own when it is not empty; do not
// modify it.
func (e Entry) Targets() []string {
	if len(e.Accounts) == 0 {
		return []string{""}
	}
	return e.Accounts
}

// Post returns what account (a handle of e's, or "" for the entry itself)
// publishes: e's text, title, first comment, link and media, with the
// fields account's variant sets put in their place.
func (e Entry) Post(account string) channel.Post {
	p := channel.Post{Text: e.Text, Title: e.Title, FirstComment: e.FirstComment, Link: e.Link, Media: e.Media}
	if v, ok := e.variant(account); ok {
		v.applyTo(&p)
	}
	return p
}

// variant returns the variant for account, if e has one.
func (e Entry) variant(account string) (Variant, bool) {
	if account == "" {
		return Variant{}, false
	}
	for _, v := range e.Variants {
		if channel.SameHandle(v.Account, account) {
			return v, true
		}
	}
	return Variant{}, false
}

func (v Variant) applyTo(p *channel.Post) {
	if v.Text != "" {
		p.Text = v.Text
	}
	if v.Title != "" {
		p.Title = v.Title
	}
	if v.FirstComment != "" {
		p.FirstComment = v.FirstComment
	}
	if v.Link != "" {
		p.Link = v.Link
	}
	if v.Media != nil {
		p.Media = v.Media
	}
}

// overrides reports whether v sets the post field named by the JSON name
// field (text, title, firstComment, link, media).
func (v Variant) overrides(field string) bool {
	switch field {
	case "text":
		return v.Text != ""
	case "title":
		return v.Title != ""
	case "firstComment":
		return v.FirstComment != ""
	case "link":
		return v.Link != ""
	case "media":
		return v.Media != nil
	}
	return false
}

// ValidatePost reports the problems of e's post alone, as Validate reports
// them: its accounts and variants, its link and media, and every part of
// it (the entry's own, and each variant's overrides) against the channel's
// limits. It leaves out what Validate checks besides (the ID, the instant,
// the status), so it loads no time zone: use it to check a post again
// after changing it, as tagging its links does.
func (e Entry) ValidatePost() error { return e.validatePost(nil).Err() }

// validatePost reports the problems of e's post and its accounts and
// variants at paths below p: malformed or repeated handles, a variant for
// an account the entry does not name, two variants for one account, media
// that is malformed, and every part of the post (the entry's own, and each
// variant's overrides) over the channel's limits.
func (e Entry) validatePost(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	accounts := e.Accounts
	if len(accounts) > MaxEntryAccounts {
		// Too many to check one by one (the duplicate check compares
		// pairs): the count is the problem.
		list = append(list, validation.TooLong(p.Child("accounts"), nil, len(accounts), MaxEntryAccounts, "accounts"))
		accounts = nil
	}
	for i, h := range accounts {
		// The path is built only for a bad handle: a valid entry allocates
		// nothing here.
		if fe := channel.CheckHandle(nil, h); fe != nil {
			fe.Path = p.Child("accounts").Index(i).String()
			list = append(list, fe)
			continue
		}
		for j := range i {
			if channel.SameHandle(accounts[j], h) {
				list = append(list, validation.Duplicate(p.Child("accounts").Index(i), h))
				break
			}
		}
	}
	lim, known := e.Channel.Limits()
	if known {
		for _, fe := range lim.CheckPost(p, e.Post("")) {
			// Like its text, a post's required title and media may come
			// later: they are required once the entry is approved. And
			// what every account's variant sets, the entry need not.
			if fe.Code == validation.CodeRequired && (!needsText(e.Status) || e.everyVariantSets(postField(p, fe.Path))) {
				continue
			}
			list = append(list, fe)
		}
	}
	list = append(list, checkLink(p, "link", e.Link)...)
	list = append(list, checkMedia(p, e.Media)...)
	if len(e.Variants) > MaxEntryAccounts {
		list = append(list, validation.TooLong(p.Child("variants"), nil, len(e.Variants), MaxEntryAccounts, "variants"))
		return list
	}
	for i, v := range e.Variants {
		vp := p.Child("variants").Index(i)
		switch {
		case v.Account == "":
			list = append(list, validation.Required(vp.Child("account"), "a variant names the account it is for"))
		case channel.CheckHandle(nil, v.Account) != nil:
			fe := channel.CheckHandle(vp.Child("account"), v.Account)
			list = append(list, fe)
		case !e.targets(v.Account):
			detail := fmt.Sprintf("is not one of the entry's accounts %v", e.Accounts)
			if len(e.Accounts) == 0 {
				detail = "the entry names no accounts: list the accounts it is published from in accounts"
			}
			list = append(list, validation.NotFound(vp.Child("account"), v.Account, detail))
		default:
			for j := range i {
				if channel.SameHandle(e.Variants[j].Account, v.Account) {
					list = append(list, validation.Duplicate(vp.Child("account"), v.Account))
					break
				}
			}
		}
		if !v.overrides("text") && !v.overrides("title") && !v.overrides("firstComment") && !v.overrides("link") && !v.overrides("media") {
			list = append(list, validation.Required(vp, "a variant overrides at least one of text, title, firstComment, link and media"))
		}
		list = append(list, checkLink(vp, "link", v.Link)...)
		list = append(list, checkMedia(vp, v.Media)...)
		if known {
			post := e.Post("")
			v.applyTo(&post)
			for _, fe := range lim.CheckPost(vp, post) {
				if v.overrides(postField(vp, fe.Path)) && (fe.Code != validation.CodeRequired || needsText(e.Status)) {
					list = append(list, fe)
				}
			}
		}
	}
	return list
}

// everyVariantSets reports whether each of e's accounts has a variant that
// sets the post field named field, so that no account publishes the
// entry's own.
func (e Entry) everyVariantSets(field string) bool {
	if len(e.Accounts) == 0 || field == "" {
		return false
	}
	for _, h := range e.Accounts {
		v, ok := e.variant(h)
		if !ok || !v.overrides(field) {
			return false
		}
	}
	return true
}

// targets reports whether handle is one of e's accounts.
func (e Entry) targets(handle string) bool {
	for _, h := range e.Accounts {
		if channel.SameHandle(h, handle) {
			return true
		}
	}
	return false
}

// postField returns the post field ("text", "media", …) that path names
// below prefix vp, or "" when it names another.
func postField(vp *validation.Path, path string) string {
	rest := path
	if prefix := vp.String(); prefix != "" {
		var ok bool
		if rest, ok = strings.CutPrefix(path, prefix+"."); !ok {
			return ""
		}
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] == '.' || rest[i] == '[' {
			return rest[:i]
		}
	}
	return rest
}

// checkMedia reports, below p.media, attachments without a known kind, a
// URL that is not an absolute http(s) URL, a negative duration, a duration
// or thumbnail on an attachment that is not a video. Paths are built only
// for the problems found: valid media allocate nothing here but url.Parse's
// result.
func checkMedia(p *validation.Path, media []channel.Media) validation.ErrorList {
	var list validation.ErrorList
	for i, m := range media {
		var part validation.ErrorList
		switch {
		case m.Kind == "":
			part = append(part, validation.Required(validation.NewPath("kind"), ""))
		case !m.Kind.IsValid():
			part = append(part, validation.NotSupported(validation.NewPath("kind"), string(m.Kind), channel.MediaKinds()))
		}
		if m.URL == "" {
			part = append(part, validation.Required(validation.NewPath("url"), "the file's URL is required"))
		} else {
			part = append(part, checkLink(nil, "url", m.URL)...)
		}
		part = append(part, checkLink(nil, "thumbnail", m.Thumbnail)...)
		if m.Duration < 0 {
			part = append(part, validation.OutOfRange(validation.NewPath("duration"), m.Duration.String(), "must not be negative"))
		}
		if m.Kind != channel.Video && m.Kind.IsValid() {
			if m.Duration != 0 {
				part = append(part, validation.Invalid(validation.NewPath("duration"), m.Duration.String(), fmt.Sprintf("only a video has a duration, not a %s", m.Kind)))
			}
			if m.Thumbnail != "" {
				part = append(part, validation.Invalid(validation.NewPath("thumbnail"), m.Thumbnail, fmt.Sprintf("only a video has a thumbnail, not a %s", m.Kind)))
			}
		}
		if len(part) > 0 {
			list = list.Merge(p.Child("media").Index(i), part.Err())
		}
	}
	return list
}
