package strategy

import (
	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// Brand is who the plan is for: its name, the values it wants to be
// associated with, and its voice.
type Brand struct {
	// Name is the brand's name.
	Name string `json:"name"`
	// Values are the ideas the brand wants people to associate with it
	// ("sustainability", "craft").
	Values []string `json:"values,omitempty"`
	// Voice is how the brand sounds when it answers; the community
	// package's voice checker enforces it.
	Voice community.VoicePolicy `json:"voice,omitzero"`
}

// Research is the market research the plan rests on: who the audience
// is on each network, what competitors do there, and what is changing.
type Research struct {
	// Segments are the audience segments; channel plans and campaigns
	// refer to them by ID.
	Segments []Segment `json:"segments,omitempty"`
	// Competitors are the brands competing for the same audience.
	Competitors []Competitor `json:"competitors,omitempty"`
	// Trends, Opportunities and Threats are what the research found.
	Trends        []Note `json:"trends,omitempty"`
	Opportunities []Note `json:"opportunities,omitempty"`
	Threats       []Note `json:"threats,omitempty"`
}

// Segment is one audience segment: who they are, the networks they use and
// what interests them.
type Segment struct {
	// ID identifies the segment.
	ID uuid.UUID `json:"id"`
	// Name is a short label ("home baristas").
	Name string `json:"name"`
	// Description says who they are.
	Description string `json:"description,omitempty"`
	// Channels are the networks where the segment can be reached.
	Channels []channel.Channel `json:"channels,omitempty"`
	// Interests are what the segment cares about.
	Interests []string `json:"interests,omitempty"`
	// Size is the estimated number of people; zero when unknown.
	Size int64 `json:"size,omitempty"`
}

// Competitor is a brand competing for the same audience, with its
// presence on each network.
type Competitor struct {
	// Name is the competitor's name.
	Name string `json:"name"`
	// Presence lists the networks it is on, with its figures there.
	Presence []Presence `json:"presence,omitempty"`
	// Notes say what stands out (its strengths, its weak spots).
	Notes string `json:"notes,omitempty"`
}

// Presence is a competitor's account on one network and its figures there.
// A zero figure means it is not known.
type Presence struct {
	// Channel is the network.
	Channel channel.Channel `json:"channel"`
	// Handle is the account's handle.
	Handle string `json:"handle,omitempty"`
	// Followers is the audience size.
	Followers decimal.Decimal `json:"followers,omitzero"`
	// PostsPerWeek is how often it publishes.
	PostsPerWeek decimal.Decimal `json:"postsPerWeek,omitzero"`
	// EngagementRate is its engagement rate in percent (4.5 means 4.5%),
	// by the definition the research used.
	EngagementRate decimal.Decimal `json:"engagementRate,omitzero"`
}

// Note is one finding of the research: a trend, an opportunity or a
// threat.
type Note struct {
	// Title says it in one line.
	Title string `json:"title"`
	// Detail says more.
	Detail string `json:"detail,omitempty"`
	// Channels are the networks it concerns; empty for all.
	Channels []channel.Channel `json:"channels,omitempty"`
}

// Community is the community manager's policy: how the brand answers,
// what it watches, and the workload the plan expects, which Verify checks
// against the team's hours.
type Community struct {
	// Response is the response policy: business hours, targets, priority
	// rules (see community.ResponsePolicy). The zero policy means none.
	Response community.ResponsePolicy `json:"response,omitzero"`
	// Watchlist is what the community manager watches (the brand,
	// competitors, topics). The zero list means none.
	Watchlist community.Watchlist `json:"watchlist,omitzero"`
	// Workload is the expected weekly work of the community desk.
	Workload Workload `json:"workload,omitzero"`
	// Replies are the desk's saved replies (see community.SavedReply).
	Replies community.SavedReplies `json:"replies,omitempty"`
	// InboxRules tag, prioritise, assign and answer the inbox (see
	// community.InboxRules and community.NewRuleSet). A rule that assigns
	// names a team member; a rule that suggests a reply names one of
	// Replies, by ID or name.
	InboxRules community.InboxRules `json:"inboxRules,omitempty"`
}

// Workload is what the plan expects the community desk to handle in a
// week, beside the calendar's posts. Verify's team.capacity rule compares
// it with the community managers' weekly hours.
type Workload struct {
	// InboxPerWeek is the number of interactions expected a week that
	// need handling.
	InboxPerWeek int `json:"inboxPerWeek,omitempty"`
	// HandlingTime is the time one interaction takes, on average; zero
	// means DefaultHandlingTime.
	HandlingTime Duration `json:"handlingTime,omitempty"`
	// PostTime is the time one post takes to prepare and publish; zero
	// means DefaultPostTime.
	PostTime Duration `json:"postTime,omitempty"`
}

// Duration is a length of time that JSON writes as a Go duration string
// ("1h30m"); it is the calendar's type.
type Duration = calendar.Duration
