package channel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// FirstCommentMode is how a publishing tool posts a post's first comment
// on a network, if it can.
type FirstCommentMode string

// The ways a network takes a first comment.
const (
	// FirstCommentAsComment: the first comment is a comment under the
	// post (Instagram, Facebook, LinkedIn, YouTube, Reddit), counted in
	// code points against [Limits].MaxFirstComment.
	FirstCommentAsComment FirstCommentMode = "comment"
	// FirstCommentAsReply: the first comment is a reply, a post of its own
	// (X, Threads, Bluesky, Mastodon), checked as a post's text is
	// ([Limits.CheckText]).
	FirstCommentAsReply FirstCommentMode = "reply"
	// FirstCommentUnsupported: the network's publishing API cannot comment
	// on a post (TikTok, Pinterest), so a post cannot have a first
	// comment.
	FirstCommentUnsupported FirstCommentMode = "unsupported"
)

var firstCommentModes = []FirstCommentMode{FirstCommentAsComment, FirstCommentAsReply, FirstCommentUnsupported}

// IsValid reports whether m is a known mode.
func (m FirstCommentMode) IsValid() bool { return enum.Valid(m, firstCommentModes) }

// String returns the mode's identifier, such as "reply".
func (m FirstCommentMode) String() string { return string(m) }

// MarshalText encodes a known mode; an unknown one is an error.
func (m FirstCommentMode) MarshalText() ([]byte, error) {
	return enum.Marshal("channel.FirstCommentMode", m, firstCommentModes)
}

// UnmarshalText accepts exactly the identifiers of the known modes.
func (m *FirstCommentMode) UnmarshalText(text []byte) error {
	return enum.Unmarshal("channel.FirstCommentMode", text, firstCommentModes, m)
}

// KindSet is a set of media kinds, such as the kinds a network takes. The
// zero value is the empty set. It is a value (copying it copies the set),
// and its JSON is the list of its kinds in the order of [MediaKinds]:
// ["image","video"].
type KindSet uint8

// SetOf returns the set of the given kinds. A kind that is not valid
// (see [MediaKind.IsValid]) has no place in a set and is left out.
func SetOf(kinds ...MediaKind) KindSet {
	var s KindSet
	for _, k := range kinds {
		s |= k.bit()
	}
	return s
}

// bit is k's member of a KindSet, or 0 for an unknown kind.
func (k MediaKind) bit() KindSet {
	for i, known := range allMediaKinds {
		if k == known {
			return 1 << i
		}
	}
	return 0
}

// Has reports whether k is in s.
func (s KindSet) Has(k MediaKind) bool { b := k.bit(); return b != 0 && s&b != 0 }

// IsEmpty reports whether s holds no kind.
func (s KindSet) IsEmpty() bool { return s == 0 }

// Kinds returns the kinds in s, in the order of [MediaKinds].
func (s KindSet) Kinds() []MediaKind {
	var out []MediaKind
	for i, k := range allMediaKinds {
		if s&(1<<i) != 0 {
			out = append(out, k)
		}
	}
	return out
}

// String lists the kinds of s, such as "image, video".
func (s KindSet) String() string {
	names := make([]string, 0, len(allMediaKinds))
	for _, k := range s.Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// MarshalJSON writes s as a JSON list of kinds. A set with bits that name
// no kind (a KindSet converted from a number) is an error.
func (s KindSet) MarshalJSON() ([]byte, error) {
	if s&^(1<<len(allMediaKinds)-1) != 0 {
		return nil, fmt.Errorf("channel.KindSet: %#x holds bits that name no media kind", uint8(s))
	}
	kinds := s.Kinds()
	if kinds == nil {
		kinds = []MediaKind{}
	}
	return json.Marshal(kinds)
}

// UnmarshalJSON reads a JSON list of kinds strictly: an unknown kind, a
// kind listed twice and anything but a list of strings are errors. null is
// the empty set.
func (s *KindSet) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*s = 0
		return nil
	}
	var kinds []MediaKind
	if err := json.Unmarshal(data, &kinds); err != nil {
		return err
	}
	var set KindSet
	for _, k := range kinds {
		if set.Has(k) {
			return fmt.Errorf("channel.KindSet: %q is listed twice", k)
		}
		set |= k.bit()
	}
	*s = set
	return nil
}

// kindNames are the plural names CheckPost uses in its sentences.
var kindNames = map[MediaKind]string{Image: "images", Video: "videos", Document: "documents"}

// CheckPost reports, with paths below p, every limit the whole post
// breaks on the network, as the network counts it:
//
//   - text: the text, as [Limits.CheckText] checks it;
//   - title: a title over MaxTitle, a title on a network without titles,
//     a missing title where one is required;
//   - firstComment: a first comment on a network that cannot post one,
//     too long as a comment, or breaking the text limits as a reply;
//   - media: no attachment where the network needs one, more attachments
//     than it allows in all or of one kind, kinds mixed where it takes one
//     kind per post;
//   - media[i].kind: a kind the network does not take;
//   - media[i].duration: a video shorter or longer than the network takes
//     (a zero duration is unknown and not checked);
//   - media[i].altText: alt text too long, or on a kind that has none.
//
// An attachment whose kind is not a valid [MediaKind] is counted in the
// total but not by kind: reporting the kind itself is the caller's
// validation (calendar's entries report it at media[i].kind). CheckPost
// returns nil when the post fits, without allocating.
func (l Limits) CheckPost(p *validation.Path, post Post) validation.ErrorList {
	var list validation.ErrorList
	if part := l.CheckText(nil, post.Text); len(part) > 0 {
		list = list.Merge(p.Child("text"), part.Err())
	}
	list = l.checkTitle(list, p, post.Title)
	list = l.checkFirstComment(list, p, post.FirstComment)
	list = l.checkMediaCounts(list, p, post.Media)
	for i, m := range post.Media {
		list = l.checkAttachment(list, p, i, m)
	}
	return list
}

func (l Limits) checkTitle(list validation.ErrorList, p *validation.Path, title string) validation.ErrorList {
	switch {
	case title == "":
		if l.TitleRequired {
			list = append(list, validation.Required(p.Child("title"), fmt.Sprintf("%s posts need a title", l.Name)))
		}
	case l.MaxTitle == 0 && !l.TitleRequired:
		list = append(list, validation.Invalid(p.Child("title"), validation.Excerpt(title), fmt.Sprintf("%s posts have no title", l.Name)))
	case l.MaxTitle > 0:
		if n := utf8.RuneCountInString(title); n > l.MaxTitle {
			list = append(list, validation.TooLong(p.Child("title"), validation.Excerpt(title), n, l.MaxTitle, "characters"))
		}
	}
	return list
}

func (l Limits) checkFirstComment(list validation.ErrorList, p *validation.Path, comment string) validation.ErrorList {
	if comment == "" {
		return list
	}
	switch l.FirstComment {
	case FirstCommentUnsupported:
		return append(list, validation.Invalid(p.Child("firstComment"), validation.Excerpt(comment),
			fmt.Sprintf("%s's publishing API cannot post a first comment", l.Name)))
	case FirstCommentAsReply:
		if part := l.CheckText(nil, comment); len(part) > 0 {
			list = list.Merge(p.Child("firstComment"), part.Err())
		}
		return list
	}
	if l.MaxFirstComment > 0 {
		if n := utf8.RuneCountInString(comment); n > l.MaxFirstComment {
			list = append(list, validation.TooLong(p.Child("firstComment"), validation.Excerpt(comment), n, l.MaxFirstComment, "characters"))
		}
	}
	return list
}

func (l Limits) checkMediaCounts(list validation.ErrorList, p *validation.Path, media []Media) validation.ErrorList {
	n := len(media)
	totalOver := l.MaxAttachments > 0 && n > l.MaxAttachments
	switch {
	case n == 0 && l.MinAttachments > 0:
		list = append(list, validation.Required(p.Child("media"),
			fmt.Sprintf("%s posts need at least %s", l.Name, plural(l.MinAttachments, "attachment"))))
	case n < l.MinAttachments:
		list = append(list, validation.OutOfRange(p.Child("media"), n,
			fmt.Sprintf("has %s; %s needs at least %d", plural(n, "attachment"), l.Name, l.MinAttachments)))
	case totalOver:
		list = append(list, validation.OutOfRange(p.Child("media"), n,
			fmt.Sprintf("has %d attachments; %s allows %d", n, l.Name, l.MaxAttachments)))
	}
	var images, videos, documents int
	var kinds KindSet
	for _, m := range media {
		switch m.Kind {
		case Image:
			images++
		case Video:
			videos++
		case Document:
			documents++
		}
		kinds |= m.Kind.bit()
	}
	for _, c := range [...]struct {
		kind     MediaKind
		has, max int
	}{{Image, images, l.MaxImages}, {Video, videos, l.MaxVideos}, {Document, documents, l.MaxDocuments}} {
		// A kind the network does not take is reported on each attachment,
		// and a count the total already reports is not repeated.
		if c.max > 0 && c.has > c.max && l.takes(c.kind) && !(totalOver && c.max >= l.MaxAttachments) {
			list = append(list, validation.OutOfRange(p.Child("media"), c.has,
				fmt.Sprintf("has %d %s; %s allows %d", c.has, kindNames[c.kind], l.Name, c.max)))
		}
	}
	if l.NoMixedMedia && kinds&(kinds-1) != 0 {
		list = append(list, validation.Conflict(p.Child("media"), kinds.String(),
			fmt.Sprintf("mixes %s; %s takes one kind of attachment per post", kinds.String(), l.Name)))
	}
	return list
}

// takes reports whether the network takes attachments of kind k.
func (l Limits) takes(k MediaKind) bool { return l.Media.IsEmpty() || l.Media.Has(k) }

func (l Limits) checkAttachment(list validation.ErrorList, p *validation.Path, i int, m Media) validation.ErrorList {
	if !m.Kind.IsValid() {
		return list
	}
	if !l.takes(m.Kind) {
		list = append(list, validation.NotSupported(p.Child("media").Index(i).Child("kind"), string(m.Kind), l.Media.Kinds()))
	}
	if m.Kind == Video && m.Duration > 0 {
		if min, ok := seconds(l.MinVideoSeconds); ok && l.MinVideoSeconds > 0 && m.Duration < min {
			list = append(list, validation.OutOfRange(p.Child("media").Index(i).Child("duration"), m.Duration.String(),
				fmt.Sprintf("lasts %s; %s takes videos of at least %s", m.Duration, l.Name, min)))
		}
		if max, ok := seconds(l.MaxVideoSeconds); ok && l.MaxVideoSeconds > 0 && m.Duration > max {
			list = append(list, validation.OutOfRange(p.Child("media").Index(i).Child("duration"), m.Duration.String(),
				fmt.Sprintf("lasts %s; %s takes videos of at most %s", m.Duration, l.Name, max)))
		}
	}
	if m.AltText != "" {
		if l.NoAltText.Has(m.Kind) {
			list = append(list, validation.Invalid(p.Child("media").Index(i).Child("altText"), validation.Excerpt(m.AltText),
				fmt.Sprintf("%s takes no alt text on a %s", l.Name, m.Kind)))
		} else if l.MaxAltText > 0 {
			if n := utf8.RuneCountInString(m.AltText); n > l.MaxAltText {
				list = append(list, validation.TooLong(p.Child("media").Index(i).Child("altText"), validation.Excerpt(m.AltText), n, l.MaxAltText, "characters"))
			}
		}
	}
	return list
}

// seconds converts a whole number of seconds to a Duration, and reports
// false when it does not fit one (over about 292 years): such a limit is
// no limit for any video.
func seconds(n int) (time.Duration, bool) {
	if n < 0 || int64(n) > int64(1<<63-1)/int64(time.Second) {
		return 0, false
	}
	return time.Duration(n) * time.Second, true
}

// plural writes n and noun, with an s when n is not 1: "1 attachment",
// "2 attachments".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
