package strategy

import (
	"strings"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// LinkSource says what a campaign's tagged links give as utm_source.
type LinkSource string

// The link sources.
const (
	// LinkSourceNetwork: utm_source is the network's identifier
	// ("instagram"), the same for every account there. The default.
	LinkSourceNetwork LinkSource = "network"
	// LinkSourceAccount: utm_source is the handle of the account that
	// published the link, so that the company page's clicks and the
	// founder's are told apart.
	LinkSourceAccount LinkSource = "account"
)

var allLinkSources = []LinkSource{LinkSourceNetwork, LinkSourceAccount}

// IsValid reports whether s is a known source.
func (s LinkSource) IsValid() bool { return enum.Valid(s, allLinkSources) }

// String returns the source's identifier, such as "account".
func (s LinkSource) String() string { return string(s) }

// MarshalText encodes a known source (or the zero source, as ""); an
// unknown one is an error.
func (s LinkSource) MarshalText() ([]byte, error) {
	return enum.Marshal("strategy.LinkSource", s, allLinkSources)
}

// UnmarshalText accepts exactly the identifiers of the known sources.
func (s *LinkSource) UnmarshalText(text []byte) error {
	return enum.Unmarshal("strategy.LinkSource", text, allLinkSources, s)
}

// LinkPolicy is how a campaign tags the links of its entries with UTM
// parameters, so that the clicks and conversions that come back can be
// attributed to the campaign and the entry ([Attribute]). Tagging follows
// [calendar.EntryLinkTags]: utm_campaign is the campaign's ID and
// utm_content the entry's. The zero policy tags nothing.
type LinkPolicy struct {
	// Medium is utm_medium ("social", "paid_social"); required when the
	// policy is set.
	Medium string `json:"medium"`
	// Source says what utm_source names; empty means LinkSourceNetwork.
	Source LinkSource `json:"source,omitempty"`
	// Term is utm_term, an optional keyword.
	Term string `json:"term,omitempty"`
}

// IsZero reports whether p is the zero policy: links are not tagged.
func (p LinkPolicy) IsZero() bool { return p == LinkPolicy{} }

// validate reports the policy's problems at p: a missing medium, an
// unknown source, and tag values calendar.LinkTags refuses.
func (p LinkPolicy) validate(at func() *validation.Path) validation.ErrorList {
	if p.IsZero() {
		return nil
	}
	var list validation.ErrorList
	if p.Source != "" && !p.Source.IsValid() {
		list = append(list, validation.NotSupported(at().Child("source"), string(p.Source), allLinkSources))
	}
	// The tags' own rules (length, control characters), with a stand-in
	// source and campaign, which the plan supplies.
	t := calendar.LinkTags{Source: "s", Medium: p.Medium, Campaign: "c", Term: p.Term}
	if err := t.Validate(); err != nil {
		list = list.Merge(at(), err)
	}
	return list
}

// tags returns the tags of the link that account a publishes in entry e
// of campaign c.
func (p LinkPolicy) tags(e calendar.Entry, c uuid.UUID, a channel.Account) calendar.LinkTags {
	source := string(a.Channel)
	if p.Source == LinkSourceAccount {
		source = strings.TrimPrefix(a.Handle, "@")
	}
	e.CampaignID = c
	t := calendar.EntryLinkTags(e, source, p.Medium)
	t.Term = p.Term
	return t
}

// checkLinksTagged: every entry of a campaign with a link policy still
// fits the network's limits once its links are tagged. (A link the policy
// cannot tag is a plan.valid problem.)
func checkLinksTagged(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	for i := range p.Entries {
		for _, fe := range p.outgoing(ctx.ix, i).overLimit {
			r.add(fe.Path, fe.Detail+" ["+string(fe.Code)+"]")
		}
	}
}
