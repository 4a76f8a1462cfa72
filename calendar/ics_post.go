package calendar

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/channel"
)

// This file holds what WriteICS writes of an entry's post: its SUMMARY,
// its DESCRIPTION and its attachments.

// icsSummaryHandles is how many handles EntrySummary names before it
// counts the rest.
const icsSummaryHandles = 2

// EntrySummary is the SUMMARY WriteICS gives an entry: the channel's
// name, the handles of the accounts the entry is published from, each
// with an @ ("LinkedIn @acme, @janeroe"; past two, the first two and a
// count of the others: "LinkedIn @a, @b +3"), a colon and the entry's
// title, or, when it has none, the first line of its text, shortened to
// 60 characters with an ellipsis: "LinkedIn @acme: Spring menu". An entry
// that names no account (the brand's only account on the channel) shows
// the channel alone ("LinkedIn: Spring menu"); an entry with neither
// title nor text gives "<Channel> post" ("LinkedIn @acme post").
func EntrySummary(e Entry) string {
	head := e.Channel.Name()
	for i, h := range e.Accounts {
		if i == icsSummaryHandles {
			head += " +" + strconv.Itoa(len(e.Accounts)-i)
			break
		}
		if i > 0 {
			head += ","
		}
		head += " @" + strings.TrimPrefix(h, "@")
	}
	line := firstLine(e.Title)
	if line == "" {
		line = firstLine(e.Text)
	}
	if line == "" {
		return head + " post"
	}
	if utf8.RuneCountInString(line) > 60 {
		line = string([]rune(line)[:59]) + "…"
	}
	return head + ": " + line
}

// firstLine returns the first line of s, trimmed of spaces.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.ReplaceAll(s, "\r", "\n"), "\n")
	return strings.TrimSpace(line)
}

// EntryDescription is the DESCRIPTION WriteICS gives an entry: its text
// as it is; then, after a blank line, a line for each of its title
// ("Title: …"), first comment ("First comment: …") and attachments
// ("Image: <url> (alt: …)", "Video: <url> (1m30s; thumbnail <url>; alt:
// …)", "Document: <url>"); then, for each variant, a blank line, the
// account's handle ("@janeroe:") and a line for each part the variant
// overrides ("Text: …", "Title: …", "First comment: …", "Link: …", its
// attachments, or "Media: none" for a variant that publishes none). An
// entry with only a text gets its text alone, and one with nothing, "".
// The link is the event's URL, and the attachments are ATTACH properties
// too.
func EntryDescription(e Entry) string {
	var b strings.Builder
	b.WriteString(e.Text)
	para := func() {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
	}
	if e.Title != "" || e.FirstComment != "" || len(e.Media) > 0 {
		para()
		describeParts(&b, "", e.Title, e.FirstComment, "", e.Media, false)
	}
	for _, v := range e.Variants {
		para()
		b.WriteString("@" + strings.TrimPrefix(v.Account, "@") + ":")
		describeParts(&b, v.Text, v.Title, v.FirstComment, v.Link, v.Media, v.Media != nil)
	}
	return b.String()
}

// describeParts writes a line for each non-empty part, each after a line
// break but the first when b is empty or ends one; with media set and
// empty, "Media: none".
func describeParts(b *strings.Builder, text, title, comment, link string, media []channel.Media, mediaSet bool) {
	line := func(label, value string) {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		b.WriteString(label + ": " + value)
	}
	if text != "" {
		line("Text", text)
	}
	if title != "" {
		line("Title", title)
	}
	if comment != "" {
		line("First comment", comment)
	}
	if link != "" {
		line("Link", link)
	}
	if mediaSet && len(media) == 0 {
		line("Media", "none")
	}
	for _, m := range media {
		var notes []string
		if m.Duration > 0 {
			notes = append(notes, m.Duration.String())
		}
		if m.Thumbnail != "" {
			notes = append(notes, "thumbnail "+m.Thumbnail)
		}
		if m.AltText != "" {
			notes = append(notes, "alt: "+m.AltText)
		}
		value := m.URL
		if len(notes) > 0 {
			value += " (" + strings.Join(notes, "; ") + ")"
		}
		kind := string(m.Kind)
		if kind != "" {
			kind = strings.ToUpper(kind[:1]) + kind[1:]
		}
		line(kind, value)
	}
}

// entryAttachments returns the attachments of every post of e: the
// entry's own, then those of each variant, each URL once.
func entryAttachments(e Entry) []channel.Media {
	var out []channel.Media
	seen := map[string]bool{}
	add := func(ms []channel.Media) {
		for _, m := range ms {
			if !seen[m.URL] {
				seen[m.URL] = true
				out = append(out, m)
			}
		}
	}
	add(e.Media)
	for _, v := range e.Variants {
		add(v.Media)
	}
	return out
}

// mediaTypes are the media types (RFC 6838) of the file extensions that
// tandem names in an ATTACH's FMTTYPE, by the kind of attachment they
// belong to. A fixed table, not mime.TypeByExtension, which reads the
// system's files: the same plan must give the same bytes everywhere.
var mediaTypes = map[channel.MediaKind]map[string]string{
	channel.Image: {
		".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
	},
	channel.Video: {
		".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm",
	},
	channel.Document: {
		".pdf": "application/pdf", ".doc": "application/msword", ".ppt": "application/vnd.ms-powerpoint",
		".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	},
}

// mediaType returns the media type of m's file, from the extension of its
// URL's path, when the extension is known and belongs to m's kind; "" when
// it cannot tell (RFC 5545 §3.8.1.1 makes FMTTYPE optional).
func mediaType(m channel.Media) string {
	u, err := url.Parse(m.URL)
	if err != nil {
		return ""
	}
	return mediaTypes[m.Kind][strings.ToLower(path.Ext(u.Path))]
}
