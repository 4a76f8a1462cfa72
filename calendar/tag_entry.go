package calendar

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// TagEntry returns e with its link tagged for attribution, account by
// account: tags(handle) gives the tags of the link that account publishes
// (handle is "" for an entry that names no accounts). The link is the
// entry's Link, or a variant's own Link; wherever that same URL appears
// as a whole in the post's text or first comment, it is replaced there too,
// so that what the network shows and counts is the tagged link. Other URLs
// in a text are left as they are: they are not the entry's link, and
// tandem does not guess what they are for.
//
// When every account gets the same tags, the entry's own fields (and the
// variants that override them) are tagged; when they differ (a source per
// account), each account's tagged link, and its text or first comment
// where they hold the link, become that account's variant, created when
// the account had none.
//
// An entry with more than MaxEntryAccounts accounts or variants is refused
// (Validate reports it too).
//
// An entry without a link, in its own fields and its variants, is returned
// as it is. A link that cannot be tagged (not an absolute http(s) URL, or
// carrying other UTM tags already: see [TagLink]) is a *validation.Error
// at link or variants[i].link, and so are tags that do not validate; e is
// not changed. TagEntry does not check the tagged post against the
// channel's limits: validate the result (a longer link may break them).
func TagEntry(e Entry, tags func(account string) LinkTags) (Entry, error) {
	targets := e.Targets()
	if len(targets) > MaxEntryAccounts || len(e.Variants) > MaxEntryAccounts {
		return e, validation.ErrorList{validation.TooLong(validation.NewPath("accounts"), nil, max(len(targets), len(e.Variants)), MaxEntryAccounts, "accounts and variants")}.Err()
	}
	all := make([]LinkTags, len(targets))
	same := true
	for i, h := range targets {
		all[i] = tags(h)
		same = same && all[i] == all[0]
	}
	out := e
	out.Variants = slices.Clone(e.Variants)
	var list validation.ErrorList
	tag := func(p func() *validation.Path, link string, t LinkTags) string {
		tagged, err := TagLink(link, t)
		if err != nil {
			// One link tagged for several accounts is reported once per
			// problem, not once per account.
			var part validation.ErrorList
			for _, fe := range validation.ErrorList(nil).Merge(p(), err) {
				if !validation.Has(list.Err(), fe.Code, fe.Path) {
					part = append(part, fe)
				}
			}
			list = append(list, part...)
			return link
		}
		return tagged
	}
	if same {
		t := all[0]
		if e.Link != "" {
			out.Link = tag(func() *validation.Path { return nil }, e.Link, t)
			out.Text = replaceLink(e.Text, e.Link, out.Link)
			out.FirstComment = replaceLink(e.FirstComment, e.Link, out.Link)
		}
		for i, v := range e.Variants {
			vp := func() *validation.Path { return validation.NewPath("variants").Index(i) }
			link, tagged := e.Link, out.Link
			if v.Link != "" {
				link = v.Link
				tagged = tag(vp, v.Link, t)
				out.Variants[i].Link = tagged
			}
			if link != "" {
				out.Variants[i].Text = replaceLink(v.Text, link, tagged)
				out.Variants[i].FirstComment = replaceLink(v.FirstComment, link, tagged)
			}
		}
		if len(list) > 0 {
			return e, list.Err()
		}
		return out, nil
	}
	for i, h := range targets {
		post := e.Post(h)
		if post.Link == "" {
			continue
		}
		j := slices.IndexFunc(out.Variants, func(v Variant) bool { return channel.SameHandle(v.Account, h) })
		p := func() *validation.Path { return nil }
		if j >= 0 && j < len(e.Variants) && e.Variants[j].Link != "" {
			p = func() *validation.Path { return validation.NewPath("variants").Index(j) }
		}
		tagged := tag(p, post.Link, all[i])
		if j < 0 {
			out.Variants = append(out.Variants, Variant{Account: h})
			j = len(out.Variants) - 1
		}
		v := &out.Variants[j]
		v.Link = tagged
		if text := replaceLink(post.Text, post.Link, tagged); text != post.Text {
			v.Text = text
		}
		if fc := replaceLink(post.FirstComment, post.Link, tagged); fc != post.FirstComment {
			v.FirstComment = fc
		}
	}
	if len(list) > 0 {
		return e, list.Err()
	}
	return out, nil
}

// replaceLink returns text with every occurrence of link that stands as a
// whole URL (see wholeURLAt) replaced by tagged. An occurrence that
// continues ("…/p" in "…/p/2", "…/men" in "…/menú") is left alone.
func replaceLink(text, link, tagged string) string {
	if link == "" || link == tagged || !strings.Contains(text, link) {
		return text
	}
	var b strings.Builder
	last := 0
	for from := 0; ; {
		i := strings.Index(text[from:], link)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(link)
		from = start + 1
		if !wholeURLAt(text, start, end) {
			continue
		}
		b.WriteString(text[last:start])
		b.WriteString(tagged)
		last = end
		from = end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// containsURL reports whether link stands in text as a whole URL (see
// wholeURLAt), not only as the start of a longer one.
func containsURL(text, link string) bool {
	for from := 0; link != ""; {
		i := strings.Index(text[from:], link)
		if i < 0 {
			return false
		}
		if wholeURLAt(text, from+i, from+i+len(link)) {
			return true
		}
		from += i + 1
	}
	return false
}

// wholeURLAt reports whether text[start:end] stands as a whole URL: not
// preceded by a character a URL could hold, and followed by the end, a
// space, a closing bracket or quote, punctuation that ends a sentence
// (followed by the end or a space), or a character that no URL written in
// prose continues with.
func wholeURLAt(text string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		if urlRune(r) {
			return false
		}
	}
	return endsURL(text[end:])
}

// urlRune reports whether r could be part of a URL written in text: an
// ASCII character other than space, brackets and quotes, or a letter,
// digit or mark of a script written with spaces between words (a link
// may hold "menú").
func urlRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r > ' ' && r != '"' && r != '<' && r != '>' && r != '(' && r != '[' && r != '{' && r != '\''
	}
	return continuesURL(r)
}

// continuesURL reports whether a non-ASCII rune r right after a URL is
// part of it: a letter, digit or mark, except in scripts written without
// spaces between words (Han, Hiragana, Katakana, Hangul, Thai), where a
// URL is followed by text directly.
func continuesURL(r rune) bool {
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
		return false
	}
	return !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai)
}

// endsURL reports whether rest, the text after a URL, ends it there.
func endsURL(rest string) bool {
	if rest == "" {
		return true
	}
	r, size := utf8.DecodeRuneInString(rest)
	switch {
	case unicode.IsSpace(r), strings.ContainsRune(")]}>\"'", r):
		return true
	case r >= utf8.RuneSelf:
		return !continuesURL(r)
	case strings.ContainsRune(".,;:!?", r):
		next := rest[size:]
		if next == "" {
			return true
		}
		n, _ := utf8.DecodeRuneInString(next)
		return unicode.IsSpace(n) || strings.ContainsRune(")]}>\"'", n)
	}
	return false
}
