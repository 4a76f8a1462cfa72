package strategy

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// slotKey is a routine's slot: the routine and the instant.
type slotKey struct {
	routine uuid.UUID
	sec     int64
	nsec    int
}

func keyOf(r uuid.UUID, t time.Time) slotKey { return slotKey{r, t.Unix(), t.Nanosecond()} }

// week fills the brief's week (see Strategy.Brief).
func (bb *briefBuilder) week() error {
	p, b := bb.plan, bb.b
	from, to := b.From, b.To
	var blackouts []calendar.Blackout
	for _, bo := range p.CalendarRules.Blackouts {
		if bo.From.Before(to) && bo.To.After(from) {
			blackouts = append(blackouts, bo)
		}
	}
	held := func(c channel.Channel, t time.Time) string {
		for _, bo := range blackouts {
			if bo.Covers(c, t) {
				return cmp.Or(strings.TrimSpace(bo.Reason), "blackout")
			}
		}
		return ""
	}
	items := make([]BriefItem, 0, 16)
	add := func(it BriefItem) error {
		if len(items) >= MaxBriefItems {
			return errTooLong()
		}
		items = append(items, it)
		return nil
	}
	inWeek := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }

	// The slots the plan's entries fill, whoever owns them.
	filled := map[slotKey]bool{}
	for _, e := range p.Entries {
		if e.Status != calendar.StatusCancelled && e.RoutineID != uuid.Nil && inWeek(e.At) {
			filled[keyOf(e.RoutineID, e.At)] = true
		}
	}
	for _, e := range p.Entries {
		if e.Status == calendar.StatusCancelled || !inWeek(e.At) {
			continue
		}
		mine, unowned := bb.entryIsMine(e)
		if !mine {
			continue
		}
		if err := add(BriefItem{
			Kind: BriefEntry, At: e.At.In(bb.loc), Channel: e.Channel, Accounts: bb.accounts(e.Channel, e.Accounts),
			Title: entryTitle(e), Text: e.Text, Status: string(e.Status),
			Routine: e.RoutineID, Entry: e.ID, Campaign: bb.campaignRef(e.CampaignID),
			Objectives: bb.entryObjectives(e), Unowned: unowned, Blackout: held(e.Channel, e.At),
		}); err != nil {
			return err
		}
	}
	for _, r := range p.Routines {
		mine, unowned := bb.mine(r.Owner)
		if !mine {
			continue
		}
		objs := bb.routineObjectives(r)
		for t := range r.Between(from, to) {
			if filled[keyOf(r.ID, t)] {
				continue
			}
			if err := add(BriefItem{
				Kind: BriefSlot, At: t.In(bb.loc), Channel: r.Channel, Accounts: bb.accounts(r.Channel, []string{r.Account}),
				Title: routineTitle(r), Routine: r.ID, Objectives: objs, Unowned: unowned, Blackout: held(r.Channel, t),
			}); err != nil {
				return err
			}
		}
	}
	for _, a := range p.Assignments {
		if !a.Status.Open() || a.Owner != b.Person.ID || (!a.Due.IsZero() && !a.Due.Before(to)) {
			continue
		}
		it := BriefItem{
			Kind: BriefAssignment, Title: a.Title, Text: a.Detail, Status: string(a.Status),
			Assignment: a.ID, Campaign: bb.campaignRef(a.Campaign), Objectives: bb.assignmentObjectives(a),
		}
		if !a.Due.IsZero() {
			it.At, it.Overdue = a.Due.In(bb.loc), a.Due.Before(b.AsOf)
		}
		if err := add(it); err != nil {
			return err
		}
	}
	rank := map[BriefItemKind]int{BriefAssignment: 0, BriefEntry: 1, BriefSlot: 2}
	slices.SortStableFunc(items, func(x, y BriefItem) int {
		if c := cmp.Compare(boolRank(x.At.IsZero()), boolRank(y.At.IsZero())); c != 0 {
			return c
		}
		if c := x.At.Compare(y.At); c != 0 {
			return c
		}
		return cmp.Compare(rank[x.Kind], rank[y.Kind])
	})
	b.Week = items
	return nil
}

// entryIsMine reports whether an entry is the person's: they own it, or it
// names no owner and fills a slot of their routine, or it names no owner
// at all and they are a community manager (unowned).
func (bb *briefBuilder) entryIsMine(e calendar.Entry) (mine, unowned bool) {
	if e.Owner == uuid.Nil {
		if ri, ok := bb.ix.routines[e.RoutineID]; ok && e.RoutineID != uuid.Nil {
			if owner := bb.plan.Routines[ri].Owner; owner != uuid.Nil {
				return owner == bb.b.Person.ID, false
			}
		}
	}
	return bb.mine(e.Owner)
}

// entryObjectives are the objectives an entry serves: its campaign's, then
// its routine's.
func (bb *briefBuilder) entryObjectives(e calendar.Entry) []uuid.UUID {
	out := bb.campaignObjectives(e.CampaignID)
	if ri, ok := bb.ix.routines[e.RoutineID]; ok && e.RoutineID != uuid.Nil {
		for _, o := range bb.routineObjectives(bb.plan.Routines[ri]) {
			if !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	return out
}

// objectives fills the brief's objectives with the person's work (see
// BriefObjective).
func (bb *briefBuilder) objectives() {
	p, b := bb.plan, bb.b
	by := make(map[uuid.UUID]*BriefObjective, len(p.Objectives))
	out := make([]BriefObjective, len(p.Objectives))
	for i, o := range p.Objectives {
		bo := BriefObjective{ID: o.ID, Statement: o.Statement, Rationale: o.Rationale, Parent: o.Parent}
		if !o.Deadline.IsZero() {
			bo.Deadline = o.Deadline.In(bb.loc)
		}
		for _, k := range o.KPIs {
			if ki, ok := bb.ix.kpis[k]; ok {
				bo.KPIs = append(bo.KPIs, p.KPIs[ki].Name)
			}
		}
		out[i] = bo
	}
	for i := range out {
		if _, dup := by[out[i].ID]; !dup {
			by[out[i].ID] = &out[i]
		}
	}
	campaign := func(o *BriefObjective, id uuid.UUID) {
		if c := bb.campaignRef(id); c.ID != uuid.Nil && !slices.Contains(o.Campaigns, c) {
			o.Campaigns = append(o.Campaigns, c)
		}
	}
	for _, e := range p.Entries {
		if e.Status == calendar.StatusCancelled || e.At.Before(b.From) {
			continue
		}
		if mine, _ := bb.entryIsMine(e); !mine {
			continue
		}
		for _, id := range bb.entryObjectives(e) {
			o := by[id]
			o.Entries++
			if slices.Contains(bb.campaignObjectives(e.CampaignID), id) {
				campaign(o, e.CampaignID)
			}
		}
	}
	for _, a := range p.Assignments {
		if !a.Status.Open() || a.Owner != b.Person.ID {
			continue
		}
		for _, id := range bb.assignmentObjectives(a) {
			o := by[id]
			o.Assignments = append(o.Assignments, Ref{ID: a.ID, Name: a.Title})
			if slices.Contains(bb.campaignObjectives(a.Campaign), id) {
				campaign(o, a.Campaign)
			}
		}
	}
	for _, r := range p.Routines {
		if mine, _ := bb.mine(r.Owner); !mine || (!r.Until.IsZero() && !r.Until.After(b.From)) {
			continue
		}
		for _, id := range bb.routineObjectives(r) {
			by[id].Routines = append(by[id].Routines, routineRef(r))
		}
	}
	for _, it := range b.Week {
		for _, id := range it.Objectives {
			by[id].ThisWeek++
		}
	}
	b.Objectives = out
}
