package strategy

import (
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
)

// Goal is the plan's one main goal: what the brand wants from social media,
// and by when.
type Goal struct {
	// Statement says what the goal is.
	Statement string `json:"statement"`
	// Deadline is when it must be reached; everything in the plan must end
	// by then.
	Deadline time.Time `json:"deadline"`
}

// Objective is a step towards the goal, written to be SMART: a specific
// statement, measured by KPIs, achievable, relevant to the goal and
// time-bound. Verify's smart.* rules judge each.
type Objective struct {
	// ID identifies the objective.
	ID uuid.UUID `json:"id"`
	// Statement says specifically what is to be achieved.
	Statement string `json:"statement"`
	// Rationale says how the objective serves the main goal. A top-level
	// objective needs one; a sub-objective serves its parent.
	Rationale string `json:"rationale,omitempty"`
	// Deadline is when it must be achieved.
	Deadline time.Time `json:"deadline"`
	// KPIs are the IDs of the KPIs that measure it.
	KPIs []uuid.UUID `json:"kpis,omitempty"`
	// Parent is the objective this one refines; uuid.Nil for a top-level
	// objective. Parents may not form a cycle.
	Parent uuid.UUID `json:"parent,omitzero"`
}

// ChannelPlan is one network the plan chose and the role it plays.
type ChannelPlan struct {
	// Channel is the network.
	Channel channel.Channel `json:"channel"`
	// Purpose is the role the channel plays ("community and product
	// stories", "B2B leads").
	Purpose string `json:"purpose"`
	// Audience are the IDs of the research segments reached there.
	Audience []uuid.UUID `json:"audience,omitempty"`
	// PostsPerWeek is the planned posting frequency.
	PostsPerWeek int `json:"postsPerWeek,omitempty"`
	// Pillars are the content pillars published there ("origin stories",
	// "brewing tips"). Routines on the channel use them.
	Pillars []string `json:"pillars,omitempty"`
}
