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
	// Blackouts are the spans without publishing.
	Blackouts []Blackout `json:"blackouts,omitempty"`
}

// Validate reports every problem of every part, with paths such as
// entries[3].at, plus IDs used twice and entries whose RoutineID names no
// routine of the calendar.
func (c Calendar) Validate() error {
	var list validation.ErrorList
	seen := map[uuid.UUID]bool{}
	dup := func(p *validation.Path, id uuid.UUID) {
		if id == uuid.Nil {
			return
		}
		if seen[id] {
			list = append(list, validation.Duplicate(p, id.String()))
		}
		seen[id] = true
	}
	routines := map[uuid.UUID]bool{}
	for i, r := range c.Routines {
		p := validation.NewPath("routines").Index(i)
		list = append(list, r.validate(p)...)
		dup(p.Child("id"), r.ID)
		routines[r.ID] = true
	}
	for i, e := range c.Entries {
		p := validation.NewPath("entries").Index(i)
		list = append(list, e.validate(p)...)
		dup(p.Child("id"), e.ID)
		if e.RoutineID != uuid.Nil && !routines[e.RoutineID] {
			list = append(list, validation.NotFound(p.Child("routineId"), e.RoutineID.String(), "names no routine of the calendar"))
		}
	}
	for i, m := range c.Milestones {
		p := validation.NewPath("milestones").Index(i)
		list = append(list, m.validate(p)...)
		dup(p.Child("id"), m.ID)
	}
	for i, b := range c.Blackouts {
		list = append(list, b.validate(validation.NewPath("blackouts").Index(i))...)
	}
	return list.Err()
}
