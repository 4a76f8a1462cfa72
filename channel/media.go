package channel

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/strictjson"
)

// MediaKind is what an attachment is. A carousel is not a kind of its own:
// it is a post with two or more image or video attachments, each one a
// carousel item, and networks limit how many items it may hold.
type MediaKind string

// The kinds of media a post can carry.
const (
	// Image is a still picture (JPEG, PNG, a GIF shown as an image).
	Image MediaKind = "image"
	// Video is a moving picture with a duration.
	Video MediaKind = "video"
	// Document is a PDF or slide deck, which LinkedIn shows as a
	// swipeable document post.
	Document MediaKind = "document"
)

var allMediaKinds = []MediaKind{Image, Video, Document}

// MediaKinds returns every media kind, in a fixed order.
func MediaKinds() []MediaKind { return append([]MediaKind(nil), allMediaKinds...) }

// IsValid reports whether k is a known kind.
func (k MediaKind) IsValid() bool { return enum.Valid(k, allMediaKinds) }

// String returns the kind's identifier, such as "video".
func (k MediaKind) String() string { return string(k) }

// MarshalText encodes a known kind; an unknown one is an error.
func (k MediaKind) MarshalText() ([]byte, error) {
	return enum.Marshal("channel.MediaKind", k, allMediaKinds)
}

// UnmarshalText accepts exactly the identifiers of the known kinds.
func (k *MediaKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("channel.MediaKind", text, allMediaKinds, k)
}

// Media is one attachment of a post.
type Media struct {
	// Kind is what the attachment is.
	Kind MediaKind
	// URL is where the publishing tool fetches the file: an absolute
	// http(s) URL.
	URL string
	// AltText describes the attachment for people who cannot see it.
	AltText string
	// Duration is a video's length; zero for other kinds, and for a video
	// whose length is not known yet (which the duration limits cannot
	// check).
	Duration time.Duration
	// Thumbnail is the URL of a video's cover image; optional.
	Thumbnail string
}

type mediaJSON struct {
	Kind      MediaKind `json:"kind,omitempty"`
	URL       string    `json:"url"`
	AltText   string    `json:"altText,omitempty"`
	Duration  string    `json:"duration,omitempty"`
	Thumbnail string    `json:"thumbnail,omitempty"`
}

// MarshalJSON writes the attachment with its duration as a Go duration
// string ("1m30s"). An unknown kind is an error; a missing one is left out
// (a draft's attachment may not have its kind yet, which Validate reports),
// so that what MarshalJSON writes UnmarshalJSON reads.
func (m Media) MarshalJSON() ([]byte, error) {
	j := mediaJSON{Kind: m.Kind, URL: m.URL, AltText: m.AltText, Thumbnail: m.Thumbnail}
	if m.Duration != 0 {
		j.Duration = m.Duration.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes, strictly: unknown fields,
// an unknown kind (a missing one is left empty) and a duration that is not
// a Go duration string are errors.
func (m *Media) UnmarshalJSON(data []byte) error {
	var j mediaJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	var d time.Duration
	if j.Duration != "" {
		var err error
		if d, err = time.ParseDuration(j.Duration); err != nil {
			return fmt.Errorf("channel: media duration %q is not a duration such as \"1m30s\"", j.Duration)
		}
	}
	*m = Media{Kind: j.Kind, URL: j.URL, AltText: j.AltText, Duration: d, Thumbnail: j.Thumbnail}
	return nil
}

// Post is everything a network receives when a post is published: what
// [Limits.CheckPost] checks. The calendar builds one for each account an
// entry targets, with that account's variant applied.
type Post struct {
	// Text is the post's text (a caption, a description).
	Text string `json:"text,omitempty"`
	// Title is the post's title, on networks that have one (YouTube,
	// Pinterest, Reddit).
	Title string `json:"title,omitempty"`
	// FirstComment is a comment the publishing tool posts under the post
	// right after it (often the hashtags, or the link).
	FirstComment string `json:"firstComment,omitempty"`
	// Link is the post's link, if any (it may also appear in Text).
	Link string `json:"link,omitempty"`
	// Media are the attachments, in order.
	Media []Media `json:"media,omitempty"`
}
