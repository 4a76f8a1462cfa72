package community

import "github.com/tandemsocial/tandem/internal/enum"

// Every enum of this package encodes through internal/enum, so it has the
// same String, MarshalText, strict UnmarshalText and IsValid behaviour as
// channel.Channel.

// Kind is what sort of interaction an audience member had with the brand.
type Kind string

// The kinds of interaction.
const (
	// KindComment is a comment on one of the brand's posts.
	KindComment Kind = "comment"
	// KindReply answers another interaction (Interaction.ReplyTo).
	KindReply Kind = "reply"
	// KindMention names an account (usually the brand) in a post of the
	// author's own.
	KindMention Kind = "mention"
	// KindDirectMessage is a private message to the brand.
	KindDirectMessage Kind = "direct_message"
	// KindReview is a rated review of the brand or a product.
	KindReview Kind = "review"
	// KindShare re-publishes someone's post (a repost, retweet, quote).
	KindShare Kind = "share"
)

var kinds = []Kind{KindComment, KindReply, KindMention, KindDirectMessage, KindReview, KindShare}

// Kinds returns every kind, in a fixed order. The slice is a copy.
func Kinds() []Kind { return append([]Kind(nil), kinds...) }

// IsValid reports whether k is a known kind.
func (k Kind) IsValid() bool { return enum.Valid(k, kinds) }

// String returns the identifier of k.
func (k Kind) String() string { return string(k) }

// MarshalText encodes k; an unknown value is an error.
func (k Kind) MarshalText() ([]byte, error) { return enum.Marshal("community.Kind", k, kinds) }

// UnmarshalText accepts exactly the known identifiers.
func (k *Kind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.Kind", text, kinds, k)
}

// Sentiment is the tone of an interaction towards the brand.
type Sentiment string

// The sentiment labels. An interaction with no label yet has the empty
// Sentiment, which is not a valid label: see [Classifier].
const (
	Positive Sentiment = "positive"
	Neutral  Sentiment = "neutral"
	Negative Sentiment = "negative"
)

var sentiments = []Sentiment{Positive, Neutral, Negative}

// IsValid reports whether s is a known label.
func (s Sentiment) IsValid() bool { return enum.Valid(s, sentiments) }

// String returns the identifier of s.
func (s Sentiment) String() string { return string(s) }

// MarshalText encodes s; an unknown value is an error.
func (s Sentiment) MarshalText() ([]byte, error) {
	return enum.Marshal("community.Sentiment", s, sentiments)
}

// UnmarshalText accepts exactly the known identifiers.
func (s *Sentiment) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.Sentiment", text, sentiments, s)
}

// Priority is how urgently an interaction needs an answer. Priorities are
// ordered: low < normal < high < urgent.
type Priority string

// The priorities, from the least to the most urgent.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

var priorities = []Priority{PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent}

// Priorities returns every priority from the least to the most urgent.
func Priorities() []Priority { return append([]Priority(nil), priorities...) }

// IsValid reports whether p is a known priority.
func (p Priority) IsValid() bool { return enum.Valid(p, priorities) }

// String returns the identifier of p.
func (p Priority) String() string { return string(p) }

// Rank orders priorities: 0 for low up to 3 for urgent, and -1 for an
// unknown value.
func (p Priority) Rank() int {
	for i, q := range priorities {
		if p == q {
			return i
		}
	}
	return -1
}

// MarshalText encodes p; an unknown value is an error.
func (p Priority) MarshalText() ([]byte, error) {
	return enum.Marshal("community.Priority", p, priorities)
}

// UnmarshalText accepts exactly the known identifiers.
func (p *Priority) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.Priority", text, priorities, p)
}
