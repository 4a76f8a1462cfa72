package calendar

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/validation"
)

// MaxTagLength is the most characters a UTM tag value may have. Google
// Analytics 4 keeps at most 100 characters of an event parameter value,
// which is where a tag ends up; a longer tag would be cut there, silently
// (https://support.google.com/analytics/answer/9267744).
const MaxTagLength = 100

// LinkTags are the UTM parameters [TagLink] adds to a link, so that the
// clicks that come back can be attributed. Source, Medium and Campaign are
// required; Content and Term are optional and left out of the link when
// empty. Each value is UTF-8 without control characters and at most
// [MaxTagLength] characters.
//
// tandem's convention, which [EntryLinkTags] writes and [LinkTags.EntryIDs]
// reads back, is Campaign = the campaign's ID and Content = the entry's ID.
type LinkTags struct {
	// Source is utm_source: where the click comes from (the network, or
	// the account's handle).
	Source string `json:"source"`
	// Medium is utm_medium: the kind of traffic ("social", "paid_social").
	Medium string `json:"medium"`
	// Campaign is utm_campaign: the campaign, by ID in tandem's convention.
	Campaign string `json:"campaign"`
	// Content is utm_content: the entry, by ID in tandem's convention.
	Content string `json:"content,omitempty"`
	// Term is utm_term: an optional keyword.
	Term string `json:"term,omitempty"`
}

// utmNames are the parameters TagLink writes, in the order it writes them.
var utmNames = [...]string{"utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"}

// tagFields are the JSON names of LinkTags' fields, in utmNames' order.
var tagFields = [...]string{"source", "medium", "campaign", "content", "term"}

// requiredTags is how many of utmNames, from the first, are required.
const requiredTags = 3

// values returns t's fields in utmNames' order.
func (t LinkTags) values() [len(utmNames)]string {
	return [...]string{t.Source, t.Medium, t.Campaign, t.Content, t.Term}
}

// linkTagsOf is the inverse of values.
func linkTagsOf(v [len(utmNames)]string) LinkTags {
	return LinkTags{Source: v[0], Medium: v[1], Campaign: v[2], Content: v[3], Term: v[4]}
}

// Validate reports every problem with t: a missing source, medium or
// campaign; a value that is not UTF-8, holds a control character or is
// longer than MaxTagLength characters.
func (t LinkTags) Validate() error {
	return t.validate(nil).Err()
}

func (t LinkTags) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	for i, v := range t.values() {
		if fe := checkTag(v, i < requiredTags, func() *validation.Path { return p.Child(tagFields[i]) }); fe != nil {
			list = append(list, fe)
		}
	}
	return list
}

// checkTag checks one tag value; at builds its path, only for a problem.
func checkTag(v string, required bool, at func() *validation.Path) *validation.FieldError {
	if v == "" {
		if required {
			return validation.Required(at(), "")
		}
		return nil
	}
	// One pass: ASCII bytes one at a time, other runes decoded.
	n := 0
	for i := 0; i < len(v); n++ {
		r, size := rune(v[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(v[i:])
			if r == utf8.RuneError && size == 1 {
				return validation.Invalid(at(), validation.Excerpt(v), "must be UTF-8")
			}
		}
		if isControl(r) {
			return validation.Invalid(at(), validation.Excerpt(v), "must not contain control characters")
		}
		i += size
	}
	if n > MaxTagLength {
		return validation.TooLong(at(), validation.Excerpt(v), n, MaxTagLength, "characters")
	}
	return nil
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r <= 0x9f) }

// EntryLinkTags returns the tags of e's link in tandem's convention:
// Campaign is e.CampaignID and Content is e.ID, so that [LinkTags.EntryIDs]
// recovers both from a click. source names where the post is published:
// an account's handle, or "" for the entry's network (its channel).
// Term is left empty for the caller to set. An entry outside a campaign
// (CampaignID uuid.Nil) gets no campaign, which [TagLink] refuses.
func EntryLinkTags(e Entry, source, medium string) LinkTags {
	if source == "" {
		source = string(e.Channel)
	}
	t := LinkTags{Source: source, Medium: medium}
	if e.CampaignID != uuid.Nil {
		t.Campaign = e.CampaignID.String()
	}
	if e.ID != uuid.Nil {
		t.Content = e.ID.String()
	}
	return t
}

// EntryIDs returns the entry and campaign that t names in tandem's
// convention ([EntryLinkTags]): ok is false unless Content and Campaign
// are both IDs in their canonical 36-character form and neither is nil.
func (t LinkTags) EntryIDs() (entry, campaign uuid.UUID, ok bool) {
	entry, ok1 := canonicalID(t.Content)
	campaign, ok2 := canonicalID(t.Campaign)
	if !ok1 || !ok2 {
		return uuid.Nil, uuid.Nil, false
	}
	return entry, campaign, true
}

func canonicalID(s string) (uuid.UUID, bool) {
	if len(s) != 36 {
		return uuid.Nil, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil && id != uuid.Nil
}

// TagLink adds t's UTM parameters to link, an absolute http or https URL:
// utm_source, utm_medium, utm_campaign, utm_content and utm_term, in that
// order, leaving out Content and Term when empty, each value escaped as
// url.QueryEscape does. They are appended after the existing query, which
// is kept byte for byte (order, encoding, empty parameters), and before
// the fragment, which is kept too:
//
//	https://example.com/p?ref=a#top -> https://example.com/p?ref=a&utm_source=…&utm_medium=…&…#top
//
// After a "?" they always follow an "&" (even after an empty query), so
// that [UntagLink] gives link back exactly.
//
// A link that already carries the same tags (the five parameters, wherever
// they are, with the same decoded values, a missing one counting as empty)
// is returned unchanged, so tagging twice is tagging once. A link that
// carries any of the five with another value, or twice, is refused with a
// conflict or duplicate naming the parameter (link[utm_source]): tandem
// does not overwrite somebody else's attribution. Problems with the link
// and with t (at tags.source, …) come back together as a
// *validation.Error.
func TagLink(link string, t LinkTags) (string, error) {
	list := checkLink(nil, "link", link)
	if link == "" {
		list = append(list, validation.Required(validation.NewPath("link"), ""))
	}
	list = appendUnder(list, nil, "tags", t.validate(nil))
	if len(list) > 0 {
		return "", list.Err()
	}
	base, query, hasQuery, fragment := splitLink(link)
	q := readTags(query)
	if len(q.problems) > 0 {
		return "", q.problems.Err()
	}
	want := t.values()
	if q.count > 0 {
		for i, name := range utmNames {
			if q.values[i] == want[i] {
				continue
			}
			detail := "the link carries other UTM tags but no " + name + "; the tags say " + quoteTag(want[i])
			if q.seen[i] {
				detail = "the link already carries " + name + "=" + quoteTag(q.values[i]) + "; the tags say " + quoteTag(want[i])
			}
			list = append(list, validation.Conflict(validation.NewPath("link").Key(name), validation.Excerpt(q.values[i]), detail))
		}
		if len(list) > 0 {
			return "", list.Err()
		}
		return link, nil
	}
	// Room for the tags unescaped: most values (IDs, network names) need
	// no escape, and one that does costs the builder one more growth.
	size := len(link)
	for i, v := range want {
		size += len(utmNames[i]) + 2 + len(v)
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(base)
	sep := byte('?')
	if hasQuery {
		b.WriteByte('?')
		b.WriteString(query)
		sep = '&'
	}
	for i, v := range want {
		if v == "" {
			continue
		}
		b.WriteByte(sep)
		b.WriteString(utmNames[i])
		b.WriteByte('=')
		writeQueryEscaped(&b, v)
		sep = '&'
	}
	if fragment >= 0 {
		b.WriteString(link[fragment:])
	}
	return b.String(), nil
}

// The bytes url.QueryEscape keeps as they are (A-Z a-z 0-9 - _ . ~), as
// bit sets over 0-63 and 64-127.
const (
	unreservedLo = 1<<'-' | 1<<'.' | 0x3ff<<'0'
	unreservedHi = 0x3ffffff<<('A'-64) | 1<<('_'-64) | 0x3ffffff<<('a'-64) | 1<<('~'-64)
)

// queryUnreserved reports whether url.QueryEscape keeps c as it is.
func queryUnreserved(c byte) bool {
	switch {
	case c < 64:
		return unreservedLo>>c&1 != 0
	case c < 128:
		return unreservedHi>>(c-64)&1 != 0
	}
	return false
}

// writeQueryEscaped writes url.QueryEscape(s) to b without building the
// escaped string first: runs of unreserved bytes as they are, a space as
// "+", every other byte as %XX in upper case.
func writeQueryEscaped(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for len(s) > 0 {
		i := 0
		for i < len(s) && queryUnreserved(s[i]) {
			i++
		}
		b.WriteString(s[:i])
		if i == len(s) {
			return
		}
		if c := s[i]; c == ' ' {
			b.WriteByte('+')
		} else {
			b.Write([]byte{'%', hex[c>>4], hex[c&15]})
		}
		s = s[i+1:]
	}
}

func quoteTag(v string) string {
	if v == "" {
		return "none"
	}
	return `"` + validation.Excerpt(v) + `"`
}

// ParseLinkTags reads back the tags [TagLink] writes: the five UTM
// parameters of link, wherever they are in its query, decoded as
// url.QueryUnescape does (a key written with escapes, utm%5Fsource, is the
// same parameter). For every tagged link, ParseLinkTags(TagLink(u, t)) is
// t. A link that is not an absolute http(s) URL, that repeats a parameter
// or escapes one badly, or whose tags do not validate (a click without
// utm_source, say) is a *validation.Error at link or link[utm_source].
func ParseLinkTags(link string) (LinkTags, error) {
	list := checkLink(nil, "link", link)
	if link == "" {
		list = append(list, validation.Required(validation.NewPath("link"), ""))
	}
	if len(list) > 0 {
		return LinkTags{}, list.Err()
	}
	_, query, _, _ := splitLink(link)
	q := readTags(query)
	list = q.problems
	for i, v := range q.values {
		if q.bad[i] {
			continue
		}
		if fe := checkTag(v, i < requiredTags, func() *validation.Path { return validation.NewPath("link").Key(utmNames[i]) }); fe != nil {
			list = append(list, fe)
		}
	}
	if len(list) > 0 {
		return LinkTags{}, list.Err()
	}
	return linkTagsOf(q.values), nil
}

// UntagLink returns link without the five parameters TagLink writes,
// wherever they are, keeping everything else byte for byte, so that
// UntagLink(TagLink(u, t)) is u for every link u that does not carry them
// already. Other
// utm_ parameters (utm_id) are kept. A link that is not an absolute
// http(s) URL is a *validation.Error.
func UntagLink(link string) (string, error) {
	list := checkLink(nil, "link", link)
	if link == "" {
		list = append(list, validation.Required(validation.NewPath("link"), ""))
	}
	if len(list) > 0 {
		return "", list.Err()
	}
	base, query, hasQuery, fragment := splitLink(link)
	if !hasQuery {
		return link, nil
	}
	var b strings.Builder
	kept := 0
	for rest := query; ; {
		param, tail, more := strings.Cut(rest, "&")
		if utmIndex(param) < 0 {
			if kept == 0 {
				b.Grow(len(link))
				b.WriteString(base)
				b.WriteByte('?')
			} else {
				b.WriteByte('&')
			}
			b.WriteString(param)
			kept++
		}
		if !more {
			break
		}
		rest = tail
	}
	if kept == 0 {
		b.WriteString(base)
	}
	if fragment >= 0 {
		b.WriteString(link[fragment:])
	}
	return b.String(), nil
}

// splitLink splits link into what comes before its query, the query
// (without "?"), whether there is a "?", and the index of the "#" that
// starts the fragment (-1 for none), as url.Parse splits them.
func splitLink(link string) (base, query string, hasQuery bool, fragment int) {
	fragment = strings.IndexByte(link, '#')
	rest := link
	if fragment >= 0 {
		rest = link[:fragment]
	}
	base, query, hasQuery = strings.Cut(rest, "?")
	return base, query, hasQuery, fragment
}

// queryTags are the five UTM parameters as a link's query carries them,
// each array in utmNames' order.
type queryTags struct {
	values   [len(utmNames)]string // the first value of each, decoded
	seen     [len(utmNames)]bool   // present
	bad      [len(utmNames)]bool   // badly escaped
	repeated [len(utmNames)]bool   // present more than once
	count    int                   // how many of the five are present
	problems validation.ErrorList  // at most two per parameter
}

// readTags reads the five UTM parameters of query. A parameter that
// repeats is one duplicate, however many times it repeats, and only its
// first value is decoded, so the problems stay few on any query.
func readTags(query string) queryTags {
	var q queryTags
	for rest := query; rest != ""; {
		param, tail, _ := strings.Cut(rest, "&")
		rest = tail
		i := utmIndex(param)
		switch {
		case i < 0 || q.repeated[i]:
		case q.seen[i]:
			q.repeated[i] = true
			q.problems = append(q.problems, validation.Duplicate(validation.NewPath("link").Key(utmNames[i]), validation.Excerpt(param)))
		default:
			q.seen[i] = true
			q.count++
			_, raw, _ := strings.Cut(param, "=")
			v, err := url.QueryUnescape(raw)
			if err != nil {
				q.bad[i] = true
				q.problems = append(q.problems, validation.Invalid(validation.NewPath("link").Key(utmNames[i]), validation.Excerpt(raw), "is not a valid query escape"))
			}
			q.values[i] = v
		}
	}
	return q
}

// utmIndex returns the index in utmNames of param's key, decoded as
// url.ParseQuery decodes it, or -1.
func utmIndex(param string) int {
	key, _, _ := strings.Cut(param, "=")
	if len(key) < len("utm_term") || (key[0] != 'u' && key[0] != '%') {
		return -1
	}
	if strings.ContainsAny(key, "%+") {
		k, err := url.QueryUnescape(key)
		if err != nil {
			return -1
		}
		key = k
	}
	for i, name := range utmNames {
		if key == name {
			return i
		}
	}
	return -1
}
