package strategy

import (
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
)

// Campaign is one action of the plan: the objectives it serves, where and to
// whom it speaks, its budget, its phases and the resources it needs.
type Campaign struct {
	// ID identifies the campaign; calendar entries and milestones refer
	// to it.
	ID uuid.UUID `json:"id"`
	// Name is a short label.
	Name string `json:"name"`
	// Objectives are the IDs of the objectives it serves.
	Objectives []uuid.UUID `json:"objectives,omitempty"`
	// Channels are the networks it runs on; each must be one the plan
	// chose.
	Channels []channel.Channel `json:"channels,omitempty"`
	// Audience are the IDs of the research segments it targets.
	Audience []uuid.UUID `json:"audience,omitempty"`
	// Budget is the money it may spend; a zero amount means none.
	Budget Budget `json:"budget,omitzero"`
	// Start and End bound the campaign: [Start, End).
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Phases are its stages, in time order, inside [Start, End).
	Phases []Phase `json:"phases,omitempty"`
	// Resources are what it needs (people, content, tools, paid media).
	Resources []Resource `json:"resources,omitempty"`
	// Links is how the campaign tags its entries' links for attribution;
	// the zero policy tags nothing.
	Links LinkPolicy `json:"links,omitzero"`
}

// Phase is one stage of a campaign ("teaser", "launch", "sustain").
type Phase struct {
	// Name is the phase's label.
	Name string `json:"name"`
	// Start and End bound the phase: [Start, End).
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Actions are what happens in the phase.
	Actions []string `json:"actions,omitempty"`
}

// Resource is something a campaign needs, with its cost if it has one.
type Resource struct {
	// Name says what it is ("photographer", "paid reach").
	Name string `json:"name"`
	// Cost is what it costs; a zero amount means nothing or unknown.
	Cost Budget `json:"cost,omitzero"`
}
