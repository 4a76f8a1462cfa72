package strategy

import (
	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// index holds a plan's parts by ID and the links between them, built once
// in linear time so that no check has to search a list.
type index struct {
	objectives  map[uuid.UUID]int
	kpis        map[uuid.UUID]int
	campaigns   map[uuid.UUID]int
	segments    map[uuid.UUID]int
	members     map[uuid.UUID]int
	assignments map[uuid.UUID]int
	routines    map[uuid.UUID]int
	// chosen maps each channel the plan chose to its channel plan.
	chosen map[channel.Channel]int
	// accounts finds the plan's accounts by network and handle.
	accounts *channel.AccountIndex
	// problems are missing and duplicate IDs, for Validate.
	problems validation.ErrorList
	// cycles lists the objectives on each cycle of parents, the smallest
	// index first, in the order of the parent links.
	cycles [][]int
	// kpiObjectives[k] lists the objectives measured by KPI k (by index).
	kpiObjectives map[uuid.UUID][]int
	// objCampaigns[o] lists the campaigns serving objective o; objChildren
	// counts its sub-objectives.
	objCampaigns map[uuid.UUID][]int
	objChildren  map[uuid.UUID]int
	// campaignEntries[c] lists the entries of campaign c, in plan order.
	campaignEntries map[uuid.UUID][]int
}

func newIndex(s *Strategy) *index {
	ix := &index{
		chosen:          make(map[channel.Channel]int, len(s.Channels)),
		kpiObjectives:   map[uuid.UUID][]int{},
		objCampaigns:    map[uuid.UUID][]int{},
		objChildren:     map[uuid.UUID]int{},
		campaignEntries: map[uuid.UUID][]int{},
		accounts:        s.Accounts.Index(),
	}
	ix.objectives = ix.ids("objectives", len(s.Objectives), func(i int) uuid.UUID { return s.Objectives[i].ID })
	ix.kpis = ix.ids("kpis", len(s.KPIs), func(i int) uuid.UUID { return s.KPIs[i].ID })
	ix.campaigns = ix.ids("campaigns", len(s.Campaigns), func(i int) uuid.UUID { return s.Campaigns[i].ID })
	ix.segments = ix.idsAt(validation.NewPath("research", "segments"), len(s.Research.Segments), func(i int) uuid.UUID { return s.Research.Segments[i].ID })
	ix.members = ix.ids("team", len(s.Team), func(i int) uuid.UUID { return s.Team[i].ID })
	ix.assignments = ix.ids("assignments", len(s.Assignments), func(i int) uuid.UUID { return s.Assignments[i].ID })
	// Routines' missing and duplicate IDs are the calendar's to report.
	ix.routines = make(map[uuid.UUID]int, len(s.Routines))
	for i, r := range s.Routines {
		if _, dup := ix.routines[r.ID]; !dup {
			ix.routines[r.ID] = i
		}
	}
	for i, c := range s.Channels {
		if _, dup := ix.chosen[c.Channel]; dup {
			ix.problems = append(ix.problems, validation.Duplicate(validation.NewPath("channels").Index(i).Child("channel"), string(c.Channel)))
			continue
		}
		ix.chosen[c.Channel] = i
	}
	for i, o := range s.Objectives {
		for _, k := range o.KPIs {
			ix.kpiObjectives[k] = append(ix.kpiObjectives[k], i)
		}
		if o.Parent != uuid.Nil && o.Parent != o.ID {
			ix.objChildren[o.Parent]++
		}
	}
	for i, c := range s.Campaigns {
		for _, o := range c.Objectives {
			ix.objCampaigns[o] = append(ix.objCampaigns[o], i)
		}
	}
	for i, e := range s.Entries {
		if e.CampaignID != uuid.Nil {
			ix.campaignEntries[e.CampaignID] = append(ix.campaignEntries[e.CampaignID], i)
		}
	}
	ix.cycles = parentCycles(s.Objectives, ix.objectives)
	return ix
}

func (ix *index) ids(field string, n int, id func(int) uuid.UUID) map[uuid.UUID]int {
	return ix.idsAt(validation.NewPath(field), n, id)
}

// idsAt maps the IDs of n items to their first index, and records missing
// and repeated IDs as problems at p[i].id.
func (ix *index) idsAt(p *validation.Path, n int, id func(int) uuid.UUID) map[uuid.UUID]int {
	m := make(map[uuid.UUID]int, n)
	for i := range n {
		v := id(i)
		switch _, dup := m[v]; {
		case v == uuid.Nil:
			ix.problems = append(ix.problems, validation.Required(p.Index(i).Child("id"), ""))
		case dup:
			ix.problems = append(ix.problems, validation.Duplicate(p.Index(i).Child("id"), v.String()))
		default:
			m[v] = i
		}
	}
	return m
}

// parentCycles finds every cycle of parent links among objectives, in
// linear time: each objective is walked once.
func parentCycles(objs []Objective, byID map[uuid.UUID]int) [][]int {
	const (
		unseen = iota
		walking
		done
	)
	state := make([]int, len(objs))
	var cycles [][]int
	var path []int
	for start := range objs {
		path = path[:0]
		i, ended := start, false
		for state[i] == unseen {
			state[i] = walking
			path = append(path, i)
			next, ok := byID[objs[i].Parent]
			if objs[i].Parent == uuid.Nil || !ok {
				ended = true
				break
			}
			i = next
		}
		if !ended && state[i] == walking {
			// i is on the current path: the path from i on is a cycle.
			at := 0
			for path[at] != i {
				at++
			}
			cycle := append([]int(nil), path[at:]...)
			// Start the cycle at its smallest index, keeping its order.
			least := 0
			for k, j := range cycle {
				if j < cycle[least] {
					least = k
				}
			}
			cycles = append(cycles, append(cycle[least:], cycle[:least]...))
		}
		for _, j := range path {
			state[j] = done
		}
	}
	return cycles
}
