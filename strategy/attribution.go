package strategy

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/validation"
)

// Visit is what comes back from the brand's web analytics: the clicks that
// landed on one URL, with the UTM parameters the link carried, and what
// they converted into.
type Visit struct {
	// URL is the landing URL as the analytics tool recorded it, with its
	// query (utm_source, utm_campaign, utm_content, …).
	URL string `json:"url"`
	// Clicks counts the clicks or sessions that landed on it; not
	// negative.
	Clicks int64 `json:"clicks"`
	// Conversions counts those that converted (a sign-up, an order); not
	// negative.
	Conversions int64 `json:"conversions,omitempty"`
	// Revenue is the conversions' value, in Revenue.Currency; zero when
	// unknown or none.
	Revenue Budget `json:"revenue,omitzero"`
}

// Outcome is what a campaign, an entry or a source brought: clicks,
// conversions and revenue, one amount per currency.
type Outcome struct {
	Clicks      int64 `json:"clicks"`
	Conversions int64 `json:"conversions"`
	// Revenue holds one amount per currency, sorted by currency; empty
	// when no visit had revenue.
	Revenue []Budget `json:"revenue,omitempty"`
}

// add adds v to o. It reports false, leaving o unchanged, when a count
// would pass math.MaxInt64.
func (o *Outcome) add(v Visit) bool {
	if o.Clicks > math.MaxInt64-v.Clicks || o.Conversions > math.MaxInt64-v.Conversions {
		return false
	}
	o.Clicks += v.Clicks
	o.Conversions += v.Conversions
	if v.Revenue.Amount.IsZero() {
		return true
	}
	i, found := slices.BinarySearchFunc(o.Revenue, v.Revenue.Currency, func(b Budget, c string) int { return strings.Compare(b.Currency, c) })
	if found {
		o.Revenue[i].Amount = o.Revenue[i].Amount.Add(v.Revenue.Amount)
	} else {
		o.Revenue = slices.Insert(o.Revenue, i, Budget{Amount: v.Revenue.Amount, Currency: v.Revenue.Currency})
	}
	return true
}

// CampaignOutcome is one campaign's attributed visits.
type CampaignOutcome struct {
	Campaign uuid.UUID `json:"campaign"`
	Name     string    `json:"name"`
	Outcome
}

// EntryOutcome is one entry's attributed visits, and the same split by
// utm_source (the network, or the account under a LinkSourceAccount
// policy).
type EntryOutcome struct {
	Entry    uuid.UUID `json:"entry"`
	Campaign uuid.UUID `json:"campaign"`
	Outcome
	// Sources splits the outcome by utm_source, sorted by source.
	Sources []SourceOutcome `json:"sources"`
}

// SourceOutcome is an entry's outcome from one utm_source.
type SourceOutcome struct {
	Source string `json:"source"`
	Outcome
}

// Unattributed is a visit Attribute could not give to an entry of the plan,
// and why.
type Unattributed struct {
	// Visit is the visit's index in the slice given to Attribute.
	Visit int `json:"visit"`
	// Reason says why: no UTM tags, tags that are not tandem's (no entry
	// and campaign IDs), an entry or campaign the plan does not have, or
	// an entry that is not the campaign's.
	Reason string `json:"reason"`
}

// Attribution is what [Attribute] found: the visits of each campaign and
// entry of the plan, and the visits it could not attribute.
type Attribution struct {
	// Campaigns holds every campaign with at least one visit, in plan
	// order.
	Campaigns []CampaignOutcome `json:"campaigns"`
	// Entries holds every entry with at least one visit, in plan order.
	Entries []EntryOutcome `json:"entries"`
	// Unattributed lists the visits that are in no campaign's and no
	// entry's outcome, in the order given. Their counts are in Total.
	Unattributed []Unattributed `json:"unattributed,omitempty"`
	// Total is every visit's outcome, attributed or not.
	Total Outcome `json:"total"`
}

// Attribute gives each visit to the campaign and the entry its link's UTM
// tags name, in tandem's convention (utm_campaign = the campaign's ID,
// utm_content = the entry's ID; see [LinkPolicy] and
// [calendar.EntryLinkTags]). A visit is attributed only when both IDs name
// parts of the plan and the entry belongs to that campaign; any other
// visit is listed in Unattributed with the reason, never dropped, and its
// counts stay in Total.
//
// Visits with a negative count, a revenue without a currency or with an
// unknown one, or counts whose sums pass math.MaxInt64 are a
// *validation.Error at their index ([3].clicks), and nothing is
// attributed. A malformed URL is not an error: that visit is unattributed.
func Attribute(plan *Strategy, visits []Visit) (Attribution, error) {
	if plan == nil {
		plan = &Strategy{}
	}
	var list validation.ErrorList
	for i, v := range visits {
		at := func() *validation.Path { return validation.NewPath("").Index(i) }
		if v.Clicks < 0 {
			list = append(list, validation.OutOfRange(at().Child("clicks"), v.Clicks, "must not be negative"))
		}
		if v.Conversions < 0 {
			list = append(list, validation.OutOfRange(at().Child("conversions"), v.Conversions, "must not be negative"))
		}
		list = checkBudget(list, func() *validation.Path { return at().Child("revenue") }, v.Revenue)
	}
	if len(list) > 0 {
		return Attribution{}, list.Err()
	}
	ix := newIndex(plan)
	entries := make(map[uuid.UUID]int, len(plan.Entries))
	for i, e := range plan.Entries {
		if _, dup := entries[e.ID]; !dup {
			entries[e.ID] = i
		}
	}
	campaigns := map[int]*CampaignOutcome{}
	byEntry := map[int]*EntryOutcome{}
	sources := map[int]map[string]*Outcome{}
	var out Attribution
	for i, v := range visits {
		if !out.Total.add(v) {
			return Attribution{}, validation.ErrorList{validation.OutOfRange(validation.NewPath("").Index(i),
				nil, "the visits' counts add up past the largest count (9,223,372,036,854,775,807)")}.Err()
		}
		ei, ci, reason := attributeVisit(plan, ix, entries, v.URL)
		if reason != "" {
			out.Unattributed = append(out.Unattributed, Unattributed{Visit: i, Reason: reason})
			continue
		}
		tags, _ := calendar.ParseLinkTags(v.URL)
		c := campaigns[ci]
		if c == nil {
			c = &CampaignOutcome{Campaign: plan.Campaigns[ci].ID, Name: plan.Campaigns[ci].Name}
			campaigns[ci] = c
		}
		e := byEntry[ei]
		if e == nil {
			e = &EntryOutcome{Entry: plan.Entries[ei].ID, Campaign: plan.Campaigns[ci].ID}
			byEntry[ei] = e
			sources[ei] = map[string]*Outcome{}
		}
		s := sources[ei][tags.Source]
		if s == nil {
			s = &Outcome{}
			sources[ei][tags.Source] = s
		}
		// Each of these sums is at most Total's, which did not overflow.
		c.add(v)
		e.add(v)
		s.add(v)
	}
	for ci := range plan.Campaigns {
		if c := campaigns[ci]; c != nil {
			out.Campaigns = append(out.Campaigns, *c)
		}
	}
	for ei := range plan.Entries {
		e := byEntry[ei]
		if e == nil {
			continue
		}
		for _, src := range sortedKeys(sources[ei]) {
			e.Sources = append(e.Sources, SourceOutcome{Source: src, Outcome: *sources[ei][src]})
		}
		out.Entries = append(out.Entries, *e)
	}
	if out.Campaigns == nil {
		out.Campaigns = []CampaignOutcome{}
	}
	if out.Entries == nil {
		out.Entries = []EntryOutcome{}
	}
	return out, nil
}

// attributeVisit returns the indexes of the entry and campaign link names,
// or the reason it names none of the plan's.
func attributeVisit(plan *Strategy, ix *index, entries map[uuid.UUID]int, link string) (entry, campaign int, reason string) {
	tags, err := calendar.ParseLinkTags(link)
	if err != nil {
		if !strings.Contains(link, "utm_") && !strings.Contains(strings.ToLower(link), "utm%5f") {
			return 0, 0, "its URL carries no UTM tags"
		}
		return 0, 0, "its UTM tags cannot be read: " + err.Error()
	}
	entryID, campaignID, ok := tags.EntryIDs()
	if !ok {
		return 0, 0, fmt.Sprintf("its tags do not name an entry and a campaign by ID (utm_content %q, utm_campaign %q)", validation.Excerpt(tags.Content), validation.Excerpt(tags.Campaign))
	}
	ci, ok := ix.campaigns[campaignID]
	if !ok {
		return 0, 0, fmt.Sprintf("utm_campaign %s is no campaign of the plan", campaignID)
	}
	ei, ok := entries[entryID]
	if !ok {
		return 0, 0, fmt.Sprintf("utm_content %s is no entry of the plan", entryID)
	}
	if plan.Entries[ei].CampaignID != campaignID {
		return 0, 0, fmt.Sprintf("entry %s is not in campaign %q", entryID, plan.Campaigns[ci].Name)
	}
	return ei, ci, ""
}
