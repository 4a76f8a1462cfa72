package channel

import "github.com/tandemsocial/tandem/internal/enum"

// Channel is a social network. The zero value is not a valid channel.
type Channel string

// The networks tandem knows.
const (
	Instagram Channel = "instagram"
	Facebook  Channel = "facebook"
	X         Channel = "x"
	LinkedIn  Channel = "linkedin"
	TikTok    Channel = "tiktok"
	YouTube   Channel = "youtube"
	Pinterest Channel = "pinterest"
	Threads   Channel = "threads"
	Bluesky   Channel = "bluesky"
	Mastodon  Channel = "mastodon"
	Reddit    Channel = "reddit"
)

// all lists every channel in declaration order.
var all = []Channel{Instagram, Facebook, X, LinkedIn, TikTok, YouTube, Pinterest, Threads, Bluesky, Mastodon, Reddit}

// All returns every known channel, in a fixed order. The slice is a copy.
func All() []Channel { return append([]Channel(nil), all...) }

// IsValid reports whether c is a known channel.
func (c Channel) IsValid() bool {
	for _, k := range all {
		if c == k {
			return true
		}
	}
	return false
}

// String returns the channel's identifier, such as "instagram".
func (c Channel) String() string { return string(c) }

// Name returns the network's display name, such as "LinkedIn", or the
// identifier itself for an unknown channel.
func (c Channel) Name() string {
	if l, ok := limits[c]; ok {
		return l.Name
	}
	return string(c)
}

// MarshalText encodes a known channel; an unknown one is an error, so an
// invalid value never reaches JSON silently.
func (c Channel) MarshalText() ([]byte, error) {
	return enum.Marshal("channel.Channel", c, all)
}

// UnmarshalText accepts exactly the identifiers of the known channels; any
// other text is a *validation.EnumError listing them.
func (c *Channel) UnmarshalText(text []byte) error {
	return enum.Unmarshal("channel.Channel", text, all, c)
}

// Parse returns the channel named s, or a *validation.EnumError.
func Parse(s string) (Channel, error) {
	var c Channel
	err := c.UnmarshalText([]byte(s))
	return c, err
}
