package channel

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/tandemsocial/tandem/validation"
)

// LimitsAsOf is the month in which the figures in [Channel.Limits] were
// last taken from the networks' documentation. The figures of the whole
// post (attachments by kind and count, video durations, alt text, titles
// required, TikTok's photo titles, first comments) were taken in 2026-12;
// the text figures (lengths, countings, hashtags, mentions, links) and the
// posts per day were taken in 2025-06 and not checked again.
const LimitsAsOf = "2026-12"

// Limits is what a scheduler must respect when it publishes on a network:
// the limits of the post's text, and of the whole post (its title, first
// comment and attachments) that [Limits.CheckPost] checks. A zero number,
// a false flag and an empty set mean the network documents no such limit,
// with one exception kept from the text limits: a zero MaxTitle on a
// network whose title is not required means its posts have no title.
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
	// MaxTitle is the longest title, in Unicode code points, for networks
	// whose posts have one (YouTube, Pinterest, Reddit, TikTok's photo
	// posts). A network whose MaxTitle is zero and whose title is not
	// required has no titles: a post with one is an error.
	MaxTitle int `json:"maxTitle,omitempty"`
	// TitleRequired is true where every post needs a title (YouTube,
	// Reddit).
	TitleRequired bool `json:"titleRequired,omitempty"`
	// MaxHashtags is the most hashtags one post may carry.
	MaxHashtags int `json:"maxHashtags,omitempty"`
	// MaxMentions is the most accounts one post may tag.
	MaxMentions int `json:"maxMentions,omitempty"`
	// MaxLinks is the most links one post may carry.
	MaxLinks int `json:"maxLinks,omitempty"`
	// Media lists the kinds of attachment the network takes (only LinkedIn
	// takes documents; YouTube takes only a video). Empty means any kind.
	Media KindSet `json:"media,omitempty"`
	// MaxAttachments is the most attachments one post may carry, of all
	// kinds together: for a carousel, the most items it may hold.
	MaxAttachments int `json:"maxAttachments,omitempty"`
	// MinAttachments is the fewest attachments a post needs: 1 on networks
	// that publish no post without an image or a video (Instagram, TikTok,
	// YouTube, Pinterest). Zero where some kind of post needs none.
	MinAttachments int `json:"minAttachments,omitempty"`
	// MaxImages is the most images one post may carry.
	MaxImages int `json:"maxImages,omitempty"`
	// MaxVideos is the most videos one post may carry.
	MaxVideos int `json:"maxVideos,omitempty"`
	// MaxDocuments is the most documents one post may carry.
	MaxDocuments int `json:"maxDocuments,omitempty"`
	// NoMixedMedia is true where one post carries attachments of one kind
	// only: X takes up to 4 images or 1 video, not both.
	NoMixedMedia bool `json:"noMixedMedia,omitempty"`
	// MinVideoSeconds is the shortest video the network takes, in whole
	// seconds. A video whose Duration is zero (not known yet) is not
	// checked.
	MinVideoSeconds int `json:"minVideoSeconds,omitempty"`
	// MaxVideoSeconds is the longest video the network takes, in whole
	// seconds.
	MaxVideoSeconds int `json:"maxVideoSeconds,omitempty"`
	// MaxAltText is the longest alt text of one attachment, in Unicode
	// code points.
	MaxAltText int `json:"maxAltText,omitempty"`
	// NoAltText lists the kinds of attachment that cannot carry alt text
	// on the network (YouTube's videos, X's videos). Empty means alt text
	// is not restricted by kind.
	NoAltText KindSet `json:"noAltText,omitempty"`
	// FirstComment says whether and how a publishing tool posts a post's
	// first comment on the network; empty means the network documents
	// nothing about it.
	FirstComment FirstCommentMode `json:"firstComment,omitempty"`
	// MaxFirstComment is the longest first comment, in Unicode code points,
	// where FirstComment is FirstCommentAsComment. A first comment posted
	// as a reply is checked as a post's text is, against MaxText.
	MaxFirstComment int `json:"maxFirstComment,omitempty"`
	// MaxPostsPerDay is the most posts one account may publish in a
	// moving 24-hour window (through the network's API, where that is what
	// the network limits).
	MaxPostsPerDay int `json:"maxPostsPerDay,omitempty"`
	// Source names the documentation each figure comes from, and says
	// which figures a network does not document.
	Source string `json:"source"`
}

// imagesAndVideos is the media most networks take.
var imagesAndVideos = SetOf(Image, Video)

var limits = map[Channel]Limits{
	Instagram: {
		Name: "Instagram", MaxText: 2200, Counting: CountRunes,
		MaxHashtags: 30, MaxMentions: 20,
		Media: imagesAndVideos, MaxAttachments: 10, MinAttachments: 1,
		MinVideoSeconds: 3, MaxVideoSeconds: 900, NoAltText: SetOf(Video),
		FirstComment: FirstCommentAsComment, MaxPostsPerDay: 100,
		Source: "Instagram Graph API, Content Publishing: captions up to 2,200 characters, 30 hashtags and 20 @ tags; " +
			"single images, videos (published as reels) and carousels of up to 10 images and videos, no text-only post; " +
			"IG User Media reference, reels specifications: 3 seconds to 15 minutes; " +
			"alt_text (since March 2025) on image posts only, reels and stories not supported, no documented length; " +
			"the first comment is a comment (IG Media comments), no documented length; " +
			"100 API-published posts per account in a moving 24-hour period. " +
			"Instagram does not say how it counts characters; tandem counts code points.",
	},
	Facebook: {
		Name: "Facebook", MaxText: 63206, Counting: CountRunes,
		FirstComment: FirstCommentAsComment,
		Source: "Facebook Help Center: a post may hold up to 63,206 characters; " +
			"the first comment is a comment (Graph API comments edge). " +
			"No attachment, video or comment figures are documented for Page posts; tandem checks none.",
	},
	X: {
		Name: "X", MaxText: 280, Counting: CountXWeighted, LinkLength: 23,
		Media: imagesAndVideos, MaxAttachments: 4, MaxImages: 4, MaxVideos: 1, NoMixedMedia: true,
		MaxVideoSeconds: 1200, MaxAltText: 1000, NoAltText: SetOf(Video),
		FirstComment: FirstCommentAsReply, MaxPostsPerDay: 2400,
		Source: "X developer docs, Counting characters (twitter-text v3): 280 weighted characters, links count 23, " +
			"code points outside the Latin, general punctuation and spacing ranges count 2, an emoji sequence counts 2; " +
			"X API media best practices: up to 4 photos, 1 animated GIF or 1 video in a Post; " +
			"a Post's video lasts at least 0.5 seconds (too short for whole seconds: not checked) and at most 20 minutes " +
			"for accounts without X Premium (125 minutes with it; 140 seconds is the limit of a video in a direct message); " +
			"media metadata: alt text up to 1,000 characters, on images and GIFs only; " +
			"the first comment is a reply, a post of its own; X Help Center, X rules and limits: 2,400 posts per day.",
	},
	LinkedIn: {
		Name: "LinkedIn", MaxText: 3000, Counting: CountRunes,
		Media: SetOf(Image, Video, Document), MaxAttachments: 20,
		MaxImages: 20, MaxVideos: 1, MaxDocuments: 1, NoMixedMedia: true,
		MinVideoSeconds: 3, MaxVideoSeconds: 1800,
		FirstComment: FirstCommentAsComment, MaxPostsPerDay: 150,
		Source: "LinkedIn Help: posts up to 3,000 characters; LinkedIn Posts API: a post carries one image, video or document, " +
			"or a MultiImage of 2 to 20 images, never two kinds; " +
			"LinkedIn Videos API video specifications (as publishing tools' media guidelines also give them): 3 seconds to 30 minutes; " +
			"no documented alt text length; the first comment is a comment (Comments API), no documented length; " +
			"Share on LinkedIn API throttle: 150 requests per member per day.",
	},
	TikTok: {
		Name: "TikTok", MaxText: 2200, Counting: CountUTF16, MaxTitle: 90,
		Media: imagesAndVideos, MaxAttachments: 35, MinAttachments: 1, MaxImages: 35, MaxVideos: 1, NoMixedMedia: true,
		NoAltText: imagesAndVideos, FirstComment: FirstCommentUnsupported, MaxPostsPerDay: 15,
		Source: "TikTok Content Posting API, Direct Post: title (the caption) up to 2,200 UTF-16 code units; " +
			"a post is one video, or a photo post of up to 35 photos with a title of up to 90 characters (tandem counts code points), " +
			"never both, and never without media; the longest video is per creator (creator_info max_video_post_duration_sec): " +
			"not checked; the API has no alt text field and no way to comment, so no first comment; " +
			"about 15 posts per creator per 24 hours through the API.",
	},
	YouTube: {
		Name: "YouTube", MaxText: 5000, Counting: CountBytes, MaxTitle: 100, TitleRequired: true, MaxHashtags: 60,
		Media: SetOf(Video), MaxAttachments: 1, MinAttachments: 1, MaxVideos: 1, NoAltText: SetOf(Video),
		FirstComment: FirstCommentAsComment, MaxPostsPerDay: 6,
		Source: "YouTube Data API, videos resource: a video with a title of up to 100 characters, which must be set, " +
			"and a description of up to 5,000 bytes; no alt text field; " +
			"the first comment is a comment (commentThreads.insert), no documented length; " +
			"the longest upload depends on the account's verification: not checked; " +
			"YouTube Help: more than 60 hashtags make YouTube ignore them all; " +
			"the default quota of 10,000 units a day at 1,600 units per videos.insert allows 6 uploads per day.",
	},
	Pinterest: {
		Name: "Pinterest", MaxText: 500, Counting: CountRunes, MaxTitle: 100,
		Media: imagesAndVideos, MaxAttachments: 5, MinAttachments: 1, MaxImages: 5, MaxVideos: 1, NoMixedMedia: true,
		MinVideoSeconds: 4, MaxVideoSeconds: 900, MaxAltText: 500, FirstComment: FirstCommentUnsupported,
		Source: "Pinterest Help Center: Pin titles up to 100 characters and descriptions up to 500 characters; " +
			"a Pin is an image, a video, or a carousel of 2 to 5 images, and needs one; " +
			"publishing tools' Pinterest media guidelines (Ayrshare): video 4 seconds to 15 minutes, alt text up to 500 characters; " +
			"Pinterest's API has no way to comment, so no first comment.",
	},
	Threads: {
		Name: "Threads", MaxText: 500, Counting: CountRunes,
		MaxHashtags: 1, MaxLinks: 5, Media: imagesAndVideos, MaxAttachments: 20,
		MaxVideoSeconds: 300, MaxAltText: 1000,
		FirstComment: FirstCommentAsReply, MaxPostsPerDay: 250,
		Source: "Threads API, Posts: text up to 500 characters, at most one topic tag, up to 5 links, " +
			"carousels of up to 20 images and videos mixed, text-only posts allowed; " +
			"Threads media specifications (as publishing tools give them): video up to 5 minutes, alt text up to 1,000 characters; " +
			"the first comment is a reply, a post of its own; " +
			"250 API-published posts per profile in a moving 24-hour period.",
	},
	Bluesky: {
		Name: "Bluesky", MaxText: 300, Counting: CountGraphemes, MaxTextBytes: 3000,
		Media: imagesAndVideos, MaxAttachments: 4, MaxImages: 4, MaxVideos: 1, NoMixedMedia: true,
		FirstComment: FirstCommentAsReply, MaxPostsPerDay: 11666,
		Source: "AT Protocol lexicon app.bsky.feed.post: text up to 300 graphemes and 3,000 bytes; " +
			"a post embeds app.bsky.embed.images (up to 4, each image's alt text without a documented limit) " +
			"or app.bsky.embed.video (one video, alt text up to 1,000 graphemes: not checked, as MaxAltText is one figure for every kind), " +
			"never both; the lexicon gives no video duration; the first comment is a reply, a post of its own; " +
			"Bluesky PDS rate limits: 35,000 points a day at 3 points per record created.",
	},
	Mastodon: {
		Name: "Mastodon", MaxText: 500, Counting: CountMastodon, LinkLength: 23,
		Media: imagesAndVideos, MaxAttachments: 4, MaxVideos: 1, NoMixedMedia: true, MaxAltText: 1500,
		FirstComment: FirstCommentAsReply,
		Source: "Mastodon documentation, Posting: 500 characters on a default server (a server may raise it), " +
			"every link counts 23 characters and a remote mention counts only its local part; up to 4 media attachments; " +
			"Mastodon source, PostStatusService: a video or audio attachment must be alone (images_and_video); " +
			"MediaAttachment: descriptions (alt text) up to 1,500 characters; no video duration limit, only file sizes; " +
			"the first comment is a reply, a post of its own.",
	},
	Reddit: {
		Name: "Reddit", MaxText: 40000, Counting: CountRunes, MaxTitle: 300, TitleRequired: true,
		FirstComment: FirstCommentAsComment,
		Source: "Reddit Help: every post has a title of up to 300 characters; text posts up to 40,000 characters; " +
			"the first comment is a comment; no attachment, video or comment figures are documented for the API; tandem checks none.",
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

// Entities are the hashtags, mentions and links a text carries, counted
// as [CountEntities] counts them.
type Entities struct {
	// Hashtags is how many words start with "#".
	Hashtags int `json:"hashtags"`
	// Mentions is how many words start with "@".
	Mentions int `json:"mentions"`
	// Links is how many words start with "http://" or "https://".
	Links int `json:"links"`
}

// CountEntities counts the hashtags, mentions and links of text, by the
// rule [Limits.CheckText] applies to MaxHashtags, MaxMentions and
// MaxLinks. Text is split into words at Unicode white space (as
// strings.Fields splits it, invalid UTF-8 included); then a word is
//
//   - a hashtag when it starts with "#" and has at least one byte after
//     it ("#coffee", "#2027", "#café," with its comma), so that a "#"
//     alone, "C#" and "we're#1" are none;
//   - a mention when it starts with "@" and has at least one byte after
//     it ("@acme", "@jane@mastodon.social");
//   - a link when it starts with "http://" or "https://", written in
//     lower case; a "#" or "@" inside a link is part of the link.
//
// Nothing else is read: a hashtag in brackets ("(#coffee)") or glued to
// the word before it is not counted, nor a bare domain ("acme.com"). It
// allocates nothing.
func CountEntities(text string) Entities {
	h, m, l := countEntities(text)
	return Entities{Hashtags: h, Mentions: m, Links: l}
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
// itself: a missing name, an unknown counting or first-comment mode,
// negative figures, a minimum above its maximum, a link length without a
// counting that shortens links, a count for a kind of media the network
// does not take, and a first-comment length where the first comment is a
// reply or impossible.
func (l Limits) Validate() error {
	var list validation.ErrorList
	if l.Name == "" {
		list = append(list, validation.Required(validation.NewPath("name"), ""))
	}
	if !l.Counting.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("counting"), l.Counting, countings))
	}
	if l.FirstComment != "" && !l.FirstComment.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("firstComment"), l.FirstComment, firstCommentModes))
	}
	for _, f := range []struct {
		name  string
		value int
	}{
		{"maxText", l.MaxText}, {"maxTextBytes", l.MaxTextBytes}, {"linkLength", l.LinkLength},
		{"maxTitle", l.MaxTitle}, {"maxHashtags", l.MaxHashtags}, {"maxMentions", l.MaxMentions},
		{"maxLinks", l.MaxLinks}, {"maxAttachments", l.MaxAttachments}, {"minAttachments", l.MinAttachments},
		{"maxImages", l.MaxImages}, {"maxVideos", l.MaxVideos}, {"maxDocuments", l.MaxDocuments},
		{"minVideoSeconds", l.MinVideoSeconds}, {"maxVideoSeconds", l.MaxVideoSeconds},
		{"maxAltText", l.MaxAltText}, {"maxFirstComment", l.MaxFirstComment}, {"maxPostsPerDay", l.MaxPostsPerDay},
	} {
		if f.value < 0 {
			list = append(list, validation.OutOfRange(validation.NewPath(f.name), f.value, "must not be negative"))
		}
	}
	if l.MaxAttachments > 0 && l.MinAttachments > l.MaxAttachments {
		list = append(list, validation.Conflict(validation.NewPath("minAttachments"), l.MinAttachments,
			fmt.Sprintf("is more than maxAttachments (%d)", l.MaxAttachments)))
	}
	if l.MaxVideoSeconds > 0 && l.MinVideoSeconds > l.MaxVideoSeconds {
		list = append(list, validation.Conflict(validation.NewPath("minVideoSeconds"), l.MinVideoSeconds,
			fmt.Sprintf("is more than maxVideoSeconds (%d)", l.MaxVideoSeconds)))
	}
	if !l.Media.IsEmpty() {
		for _, f := range []struct {
			name  string
			kind  MediaKind
			value int
		}{{"maxImages", Image, l.MaxImages}, {"maxVideos", Video, l.MaxVideos}, {"maxDocuments", Document, l.MaxDocuments}} {
			if f.value > 0 && !l.Media.Has(f.kind) {
				list = append(list, validation.Conflict(validation.NewPath(f.name), f.value,
					fmt.Sprintf("media does not list %q", f.kind)))
			}
		}
	}
	if l.MaxFirstComment > 0 && (l.FirstComment == FirstCommentAsReply || l.FirstComment == FirstCommentUnsupported) {
		list = append(list, validation.Conflict(validation.NewPath("maxFirstComment"), l.MaxFirstComment,
			fmt.Sprintf("a first comment that is %q is not counted against maxFirstComment", l.FirstComment)))
	}
	if l.LinkLength > 0 && l.Counting != CountXWeighted && l.Counting != CountMastodon {
		list = append(list, validation.Conflict(validation.NewPath("linkLength"), l.LinkLength,
			fmt.Sprintf("only the %q and %q countings shorten links", CountXWeighted, CountMastodon)))
	}
	return list.Err()
}
