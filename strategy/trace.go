package strategy

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
)

// Matrix is a plan's traceability matrix, goal → objective → KPI →
// campaign → entries, as a value a tool can show or encode as JSON.
// Trace builds it; String prints it as an indented tree.
type Matrix struct {
	// Goal and Deadline are the plan's goal.
	Goal     string    `json:"goal"`
	Deadline time.Time `json:"deadline"`
	// Objectives are the plan's objectives, in plan order.
	Objectives []ObjectiveTrace `json:"objectives"`
	// The parts that trace to nothing: KPIs that measure no objective,
	// campaigns that serve none, entries in no campaign and no routine.
	UntracedKPIs      []Ref       `json:"untracedKpis,omitempty"`
	UntracedCampaigns []Ref       `json:"untracedCampaigns,omitempty"`
	UntracedEntries   []uuid.UUID `json:"untracedEntries,omitempty"`
}

// Ref names a part of the plan.
type Ref struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

// ObjectiveTrace is one objective's row: the KPIs that measure it and the
// campaigns that serve it.
type ObjectiveTrace struct {
	ID        uuid.UUID `json:"id"`
	Statement string    `json:"statement"`
	// Parent is the objective it refines; uuid.Nil for a top-level one.
	Parent    uuid.UUID       `json:"parent,omitzero"`
	KPIs      []Ref           `json:"kpis"`
	Campaigns []CampaignTrace `json:"campaigns"`
}

// CampaignTrace is a campaign under an objective, with its calendar
// entries.
type CampaignTrace struct {
	ID       uuid.UUID         `json:"id"`
	Name     string            `json:"name"`
	Channels []channel.Channel `json:"channels,omitempty"`
	// Accounts are the brand's accounts the campaign's entries publish
	// from, in the order the entries first name them (an entry that names
	// none counts for the brand's only account on its network).
	Accounts []channel.AccountRef `json:"accounts,omitempty"`
	// Entries are the IDs of the campaign's calendar entries, in plan
	// order.
	Entries []uuid.UUID `json:"entries"`
}

// Trace builds the plan's traceability matrix in time linear in the plan.
// A reference to nothing is left out (Validate reports it); a campaign that
// serves several objectives appears under each.
func Trace(plan *Strategy) Matrix {
	if plan == nil {
		return Matrix{}
	}
	ix := newIndex(plan)
	m := Matrix{Goal: plan.Goal.Statement, Deadline: plan.Goal.Deadline, Objectives: make([]ObjectiveTrace, 0, len(plan.Objectives))}
	campaign := func(ci int) CampaignTrace {
		c := plan.Campaigns[ci]
		ct := CampaignTrace{ID: c.ID, Name: c.Name, Channels: c.Channels, Entries: []uuid.UUID{}}
		seen := map[channel.AccountRef]bool{}
		for _, ei := range ix.campaignEntries[c.ID] {
			e := plan.Entries[ei]
			ct.Entries = append(ct.Entries, e.ID)
			for _, a := range publishingAccounts(ix.accounts, e.Channel, e.Targets()) {
				if r := a.Ref(); !seen[r] {
					seen[r] = true
					ct.Accounts = append(ct.Accounts, r)
				}
			}
		}
		return ct
	}
	for _, o := range plan.Objectives {
		ot := ObjectiveTrace{ID: o.ID, Statement: o.Statement, Parent: o.Parent, KPIs: []Ref{}, Campaigns: []CampaignTrace{}}
		for _, id := range o.KPIs {
			if k, ok := ix.kpis[id]; ok {
				ot.KPIs = append(ot.KPIs, Ref{ID: id, Name: plan.KPIs[k].Name})
			}
		}
		for _, ci := range ix.objCampaigns[o.ID] {
			ot.Campaigns = append(ot.Campaigns, campaign(ci))
		}
		m.Objectives = append(m.Objectives, ot)
	}
	for _, k := range plan.KPIs {
		if _, ok := ix.kpiObjectives[k.ID]; !ok {
			m.UntracedKPIs = append(m.UntracedKPIs, Ref{ID: k.ID, Name: k.Name})
		}
	}
	for _, c := range plan.Campaigns {
		served := false
		for _, o := range c.Objectives {
			if _, ok := ix.objectives[o]; ok {
				served = true
			}
		}
		if !served {
			m.UntracedCampaigns = append(m.UntracedCampaigns, Ref{ID: c.ID, Name: c.Name})
		}
	}
	for _, e := range plan.Entries {
		_, inCampaign := ix.campaigns[e.CampaignID]
		_, inRoutine := ix.routines[e.RoutineID]
		if !(inCampaign && e.CampaignID != uuid.Nil) && !(inRoutine && e.RoutineID != uuid.Nil) {
			m.UntracedEntries = append(m.UntracedEntries, e.ID)
		}
	}
	return m
}

// String prints the matrix as an indented tree, then what traces to
// nothing:
//
//	goal: … (by 2027-04-01)
//	  objective: …
//	    KPI: …
//	    campaign: Origin Stories (instagram): 3 entries from @bluebirdcoffee on Instagram
func (m Matrix) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "goal: %s", m.Goal)
	if !m.Deadline.IsZero() {
		fmt.Fprintf(&b, " (by %s)", day(m.Deadline))
	}
	b.WriteByte('\n')
	depth := map[uuid.UUID]int{}
	for _, o := range m.Objectives {
		d := 1
		if pd, ok := depth[o.Parent]; ok && o.Parent != uuid.Nil {
			d = pd + 1
		}
		depth[o.ID] = d
		ind := strings.Repeat("  ", d)
		fmt.Fprintf(&b, "%sobjective: %s\n", ind, o.Statement)
		if len(o.KPIs) == 0 {
			fmt.Fprintf(&b, "%s  KPI: (none)\n", ind)
		}
		for _, k := range o.KPIs {
			fmt.Fprintf(&b, "%s  KPI: %s\n", ind, k.Name)
		}
		for _, c := range o.Campaigns {
			chans := make([]string, len(c.Channels))
			for i, ch := range c.Channels {
				chans[i] = string(ch)
			}
			fmt.Fprintf(&b, "%s  campaign: %s (%s): %d entries", ind, c.Name, strings.Join(chans, ", "), len(c.Entries))
			for i, a := range c.Accounts {
				sep := ", "
				if i == 0 {
					sep = " from "
				}
				b.WriteString(sep + a.String())
			}
			b.WriteByte('\n')
		}
	}
	for _, k := range m.UntracedKPIs {
		fmt.Fprintf(&b, "untraced KPI: %s\n", k.Name)
	}
	for _, c := range m.UntracedCampaigns {
		fmt.Fprintf(&b, "untraced campaign: %s\n", c.Name)
	}
	if n := len(m.UntracedEntries); n > 0 {
		fmt.Fprintf(&b, "untraced entries: %d\n", n)
	}
	return b.String()
}
