package channel

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/validation"
)

// LimitsAsOf is the date on which the figures in [Channel.Limits] were taken
// from the networks' documentation.
const LimitsAsOf = "2025-06"

// Limits is what a scheduler must respect when it publishes on a network.
// A zero number means the network documents no such limit.
type Limits struct {
	// Name is the network's display name.
	Name string `json:"name"`
	// MaxText is the longest post text, counted with Counting.
	MaxText int `json:"maxText,omitempty"`
	// Counting says how the network counts MaxText.
	Counting Counting `json:"counting"`
	// MaxTextBytes is a second limit in UTF-8 bytes, where a network has
	// one beside MaxText (Bluesky).
	MaxTextBytes int `json:"maxTextBytes,omitempty"`
	// LinkLength is the fixed length a link counts as, whatever its real
	// length, on networks that shorten links (X, Mastodon). Zero means a
	// link counts as its own text.
	LinkLength int `json:"linkLength,omitempty"`
	// MaxTitle is the longest title, for networks whose posts have one
	// (YouTube, Pinterest, Reddit), in Unicode code points.
	MaxTitle int `json:"maxTitle,omitempty"`
	// MaxHashtags is the most hashtags one post may carry.
	MaxHashtags int `json:"maxHashtags,omitempty"`
	// MaxMentions is the most accounts one post may tag.
	MaxMentions int `json:"maxMentions,omitempty"`
	// MaxLinks is the most links one post may carry.
	MaxLinks int `json:"maxLinks,omitempty"`
	// MaxAttachments is the most images or videos one post may carry.
	MaxAttachments int `json:"maxAttachments,omitempty"`
	// MaxPostsPerDay is the most posts one account may publish in a
	// moving 24-hour window (through the network's API, where that is what
	// the network limits).
	MaxPostsPerDay int `json:"maxPostsPerDay,omitempty"`
	// Source names the documentation each figure comes from.
	Source string `json:"source"`
}

var limits = map[Channel]Limits{
	Instagram: {
		Name: "Instagram", MaxText: 2200, Counting: CountRunes,
		MaxHashtags: 30, MaxMentions: 20, MaxAttachments: 10, MaxPostsPerDay: 100,
		Source: "Instagram Graph API, Content Publishing: captions up to 2,200 characters, 30 hashtags and 20 @ tags; " +
			"carousels up to 10 items; 100 API-published posts per account in a moving 24-hour period. " +
			"Instagram does not say how it counts characters; tandem counts code points.",
	},
	Facebook: {
		Name: "Facebook", MaxText: 63206, Counting: CountRunes,
		Source: "Facebook Help Center: a post may hold up to 63,206 characters.",
	},
	X: {
		Name: "X", MaxText: 280, Counting: CountXWeighted, LinkLength: 23,
		MaxAttachments: 4, MaxPostsPerDay: 2400,
		Source: "X developer docs, Counting characters (twitter-text v3): 280 weighted characters, links count 23, " +
			"code points outside the Latin, general punctuation and spacing ranges count 2, an emoji sequence counts 2; " +
			"up to 4 images; X Help Center, X rules and limits: 2,400 posts per day.",
	},
	LinkedIn: {
		Name: "LinkedIn", MaxText: 3000, Counting: CountRunes,
		MaxAttachments: 20, MaxPostsPerDay: 150,
		Source: "LinkedIn Help: posts up to 3,000 characters; LinkedIn Posts API: multi-image posts of up to 20 images; " +
			"Share on LinkedIn API throttle: 150 requests per member per day.",
	},
	TikTok: {
		Name: "TikTok", MaxText: 2200, Counting: CountUTF16,
		MaxAttachments: 35, MaxPostsPerDay: 15,
		Source: "TikTok Content Posting API, Direct Post: title up to 2,200 UTF-16 code units; photo posts up to 35 images; " +
			"about 15 posts per creator per 24 hours through the API.",
	},
	YouTube: {
		Name: "YouTube", MaxText: 5000, Counting: CountBytes, MaxTitle: 100, MaxHashtags: 60,
		MaxPostsPerDay: 6,
		Source: "YouTube Data API, videos resource: title up to 100 characters, description up to 5,000 bytes; " +
			"YouTube Help: more than 60 hashtags make YouTube ignore them all; " +
			"the default quota of 10,000 units a day at 1,600 units per videos.insert allows 6 uploads per day.",
	},
	Pinterest: {
		Name: "Pinterest", MaxText: 500, Counting: CountRunes, MaxTitle: 100, MaxAttachments: 5,
		Source: "Pinterest Help Center: Pin titles up to 100 characters and descriptions up to 500 characters; " +
			"carousel Pins of 2 to 5 images.",
	},
	Threads: {
		Name: "Threads", MaxText: 500, Counting: CountRunes,
		MaxHashtags: 1, MaxLinks: 5, MaxAttachments: 20, MaxPostsPerDay: 250,
		Source: "Threads API, Posts: text up to 500 characters, at most one topic tag, up to 5 links, carousels up to 20 items; " +
			"250 API-published posts per profile in a moving 24-hour period.",
	},
	Bluesky: {
		Name: "Bluesky", MaxText: 300, Counting: CountGraphemes, MaxTextBytes: 3000,
		MaxAttachments: 4, MaxPostsPerDay: 11666,
		Source: "AT Protocol lexicon app.bsky.feed.post: text up to 300 graphemes and 3,000 bytes; images embed up to 4; " +
			"Bluesky PDS rate limits: 35,000 points a day at 3 points per record created.",
	},
	Mastodon: {
		Name: "Mastodon", MaxText: 500, Counting: CountMastodon, LinkLength: 23, MaxAttachments: 4,
		Source: "Mastodon documentation, Posting: 500 characters on a default server (a server may raise it), " +
			"every link counts 23 characters and a remote mention counts only its local part; up to 4 media attachments.",
	},
	Reddit: {
		Name: "Reddit", MaxText: 40000, Counting: CountRunes, MaxTitle: 300,
		Source: "Reddit Help: post titles up to 300 characters; text posts up to 40,000 characters.",
	},
}

// Limits returns the publishing limits of c, and false for an unknown
// channel.
func (c Channel) Limits() (Limits, bool) {
	l, ok := limits[c]
	return l, ok
}

// TextLength counts text as the network counts it for MaxText.
func (l Limits) TextLength(text string) int {
	return l.Counting.count(text, l.LinkLength)
}

// CheckText reports, with paths below p, every limit that text breaks: its
// length (and byte length where the network has both), its hashtags, its
// mentions and its links. It returns nil when text fits.
func (l Limits) CheckText(p *validation.Path, text string) validation.ErrorList {
	var list validation.ErrorList
	if l.MaxText > 0 {
		if n := l.TextLength(text); n > l.MaxText {
			list = append(list, validation.TooLong(p, nil, n, l.MaxText, l.Counting.unit()))
		}
	}
	if l.MaxTextBytes > 0 && len(text) > l.MaxTextBytes {
		list = append(list, validation.TooLong(p, nil, len(text), l.MaxTextBytes, "bytes"))
	}
	hashtags, mentions, links := countEntities(text)
	if l.MaxHashtags > 0 && hashtags > l.MaxHashtags {
		list = append(list, validation.OutOfRange(p, hashtags, fmt.Sprintf("has %d hashtags; %s allows %d", hashtags, l.Name, l.MaxHashtags)))
	}
	if l.MaxMentions > 0 && mentions > l.MaxMentions {
		list = append(list, validation.OutOfRange(p, mentions, fmt.Sprintf("has %d mentions; %s allows %d", mentions, l.Name, l.MaxMentions)))
	}
	if l.MaxLinks > 0 && links > l.MaxLinks {
		list = append(list, validation.OutOfRange(p, links, fmt.Sprintf("has %d links; %s allows %d", links, l.Name, l.MaxLinks)))
	}
	return list
}

// countEntities counts the hashtags (#word), mentions (@name) and links
// (http:// or https://) among the space-separated words of text (split as
// strings.Fields does, without allocating: it runs for every entry of a
// calendar that is validated).
func countEntities(text string) (hashtags, mentions, links int) {
	for rest := text; ; {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			return hashtags, mentions, links
		}
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		w := rest[:end]
		rest = rest[end:]
		switch {
		case len(w) > 1 && w[0] == '#':
			hashtags++
		case len(w) > 1 && w[0] == '@':
			mentions++
		case isLink(w):
			links++
		}
	}
}

func isLink(w string) bool {
	return strings.HasPrefix(w, "https://") || strings.HasPrefix(w, "http://")
}

// Validate reports every problem with l, for limits a caller builds
// itself: a missing name, an unknown counting, negative figures, and a
// link length without a counting that shortens links.
func (l Limits) Validate() error {
	var list validation.ErrorList
	if l.Name == "" {
		list = append(list, validation.Required(validation.NewPath("name"), ""))
	}
	if !l.Counting.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("counting"), l.Counting, countings))
	}
	for _, f := range []struct {
		name  string
		value int
	}{
		{"maxText", l.MaxText}, {"maxTextBytes", l.MaxTextBytes}, {"linkLength", l.LinkLength},
		{"maxTitle", l.MaxTitle}, {"maxHashtags", l.MaxHashtags}, {"maxMentions", l.MaxMentions},
		{"maxLinks", l.MaxLinks}, {"maxAttachments", l.MaxAttachments}, {"maxPostsPerDay", l.MaxPostsPerDay},
	} {
		if f.value < 0 {
			list = append(list, validation.OutOfRange(validation.NewPath(f.name), f.value, "must not be negative"))
		}
	}
	if l.LinkLength > 0 && l.Counting != CountXWeighted && l.Counting != CountMastodon {
		list = append(list, validation.Conflict(validation.NewPath("linkLength"), l.LinkLength,
			fmt.Sprintf("only the %q and %q countings shorten links", CountXWeighted, CountMastodon)))
	}
	return list.Err()
}

// CheckPost reports, with paths below p (text, title, firstComment,
// media[i]), every limit the whole post breaks on the network: its text as
// CheckText counts it, its title, and its attachments.
func (l Limits) CheckPost(p *validation.Path, post Post) validation.ErrorList {
	var list validation.ErrorList
	if part := l.CheckText(nil, post.Text); len(part) > 0 {
		list = list.Merge(p.Child("text"), part.Err())
	}
	if post.Title != "" {
		if l.MaxTitle == 0 {
			list = append(list, validation.Invalid(p.Child("title"), validation.Excerpt(post.Title), fmt.Sprintf("%s posts have no title", l.Name)))
		} else if n := utf8.RuneCountInString(post.Title); n > l.MaxTitle {
			list = append(list, validation.TooLong(p.Child("title"), validation.Excerpt(post.Title), n, l.MaxTitle, "characters"))
		}
	}
	if l.MaxAttachments > 0 && len(post.Media) > l.MaxAttachments {
		list = append(list, validation.OutOfRange(p.Child("media"), len(post.Media),
			fmt.Sprintf("has %d attachments; %s allows %d", len(post.Media), l.Name, l.MaxAttachments)))
	}
	return list
}
