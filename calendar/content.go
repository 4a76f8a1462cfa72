package calendar

import (
	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/validation"
)

// Calendar is a brand's content calendar: its publishing routines, the
// entries scheduled on it, its milestones and its blackouts. It is what
// [WriteICS] exports.
type Calendar struct {
	// Name is shown by calendar clients (X-WR-CALNAME).
	Name string `json:"name,omitempty"`
	// Routines are the recurring publishing routines.
	Routines []Routine `json:"routines,omitempty"`
	// Entries are the single publications.
	Entries []Entry `json:"entries,omitempty"`
	// Milestones are the plan's dated points.
	Milestones []Milestone `json:"milestones,omitempty"`
	// Blackouts are the spans without publishing: WriteICS writes each,
	// and an EXDATE for every routine slot one skips.
	Blackouts []Blackout `json:"blackouts,omitempty"`
}

// Validate reports every problem of every part, with paths such as
// entries[3].at, plus IDs used twice and entries whose RoutineID names no
// routine of the calendar.
//
// Its cost grows linearly with the number of parts: each distinct zone
// name is loaded once per call, and paths are built only for the problems
// found.
func (c Calendar) Validate() error {
	var list validation.ErrorList
	zones := zoneCache{}
	seen := make(map[uuid.UUID]bool, len(c.Routines)+len(c.Entries)+len(c.Milestones))
	dup := func(part string, i int, id uuid.UUID) {
		if id == uuid.Nil {
			return
		}
		if seen[id] {
			list = append(list, validation.Duplicate(validation.NewPath(part).Index(i).Child("id"), id.String()))
		}
		seen[id] = true
	}
	routines := make(map[uuid.UUID]bool, len(c.Routines))
	for i, r := range c.Routines {
		list = appendAt(list, "routines", i, r.validate(nil, zones))
		dup("routines", i, r.ID)
		routines[r.ID] = true
	}
	entries := make(map[uuid.UUID]int, len(c.Entries))
	for i, e := range c.Entries {
		if _, ok := entries[e.ID]; !ok {
			entries[e.ID] = i
		}
	}
	for i, e := range c.Entries {
		list = appendAt(list, "entries", i, e.validate(nil, zones))
		dup("entries", i, e.ID)
		if e.ReuseOf != uuid.Nil {
			if j, ok := entries[e.ReuseOf]; !ok || c.Entries[j].Evergreen == nil {
				list = append(list, validation.NotFound(validation.NewPath("entries").Index(i).Child("reuseOf"), e.ReuseOf.String(), "names no evergreen entry of the calendar"))
			}
		}
		if e.RoutineID != uuid.Nil && !routines[e.RoutineID] {
			list = append(list, validation.NotFound(validation.NewPath("entries").Index(i).Child("routineId"), e.RoutineID.String(), "names no routine of the calendar"))
		}
	}
	for i, m := range c.Milestones {
		list = appendAt(list, "milestones", i, m.validate(nil, zones))
		dup("milestones", i, m.ID)
	}
	for i, b := range c.Blackouts {
		list = append(list, b.validate(validation.NewPath("blackouts").Index(i), zones)...)
	}
	return list.Err()
}

// appendAt appends part, whose paths are relative to element i of the list
// named name, re-rooted there (entries[3].at). The path is built only when
// part is not empty.
func appendAt(list validation.ErrorList, name string, i int, part validation.ErrorList) validation.ErrorList {
	if len(part) == 0 {
		return list
	}
	return list.Merge(validation.NewPath(name).Index(i), part.Err())
}
