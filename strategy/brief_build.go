package strategy

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/member"
	"github.com/tandemsocial/tandem/validation"
)

// Brief returns the brief of the team member whose ID is person, as of
// asOf: the brand's values and voice, the objectives and how the person's
// work serves each, the person's week, the saved replies and approval
// rules that apply, and whom to call at each crisis level (see Brief).
//
// The week is the BriefDays calendar days that start on asOf's date on the
// person's wall clock (opts.Zone, or the plan's Zone): from the start of
// that day to the start of the day BriefDays later, both found on the wall
// clock with calendar.Date (a day that starts in a DST gap starts at its
// first instant), never by adding 24 hours, so a week that crosses a DST
// change is 167 or 169 hours long and a routine at 10:00 is at 10:00 on
// every day of it. The week lists, in time order:
//
//   - the slots of the person's routines in the week, each as the entry
//     that fills it when there is one (an entry of the routine at the
//     slot's instant), else as a slot to prepare;
//   - the person's entries in the week that are not cancelled;
//   - the person's open assignments due before the week ends (those due
//     before asOf marked overdue) and those without a due date.
//
// A slot or an entry that names no owner is listed, marked unowned, on
// the brief of every member who holds the community manager role. One
// held by a blackout of the calendar rules says so.
//
// The plan must be valid (its *validation.Error is returned otherwise); a
// zero asOf is ErrAsOf; a person not on the team is a *validation.Error at
// "member" (code not_found) and a zone that is not an IANA name one at
// "options.zone"; a week of more than MaxBriefItems items is
// ErrBriefTooLong.
func (s *Strategy) Brief(person uuid.UUID, asOf time.Time, opts *BriefOptions) (*Brief, error) {
	if s == nil {
		return nil, validation.ErrorList{validation.Required(validation.NewPath("plan"), "no plan")}.Err()
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		return nil, ErrAsOf
	}
	if opts == nil {
		opts = &BriefOptions{}
	}
	ix := newIndex(s)
	// Both problems a caller can send are reported at once.
	var list validation.ErrorList
	mi, ok := ix.members[person]
	if !ok || person == uuid.Nil {
		list = append(list, validation.NotFound(validation.NewPath("member"), person.String(),
			"no member of the plan's team (team[].id) has this ID"))
	}
	zone := cmp.Or(opts.Zone, s.Zone)
	loc, err := (&Strategy{Zone: zone}).Location()
	if err != nil {
		list = append(list, validation.Invalid(validation.NewPath("options", "zone"), zone,
			"must be an IANA time zone name such as Europe/Madrid"))
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	day := calendar.DateOf(asOf.In(loc))
	b := &Brief{
		AsOf: asOf.In(loc), Zone: zone,
		From: day.In(loc), To: day.AddDays(BriefDays).In(loc),
		Person: s.Team[mi],
		Brand:  s.Brand.Name, Values: s.Brand.Values, Voice: s.Brand.Voice,
		Goal: s.Goal.Statement,
	}
	bb := &briefBuilder{plan: s, ix: ix, b: b, loc: loc, names: s.MemberNames(),
		cm: s.Team[mi].Holds(RoleCommunityManager)}
	if err := bb.week(); err != nil {
		return nil, err
	}
	bb.objectives()
	bb.replies()
	bb.approvals()
	bb.crisis()
	return b, nil
}

// briefBuilder holds what the parts of a brief share.
type briefBuilder struct {
	plan  *Strategy
	ix    *index
	b     *Brief
	loc   *time.Location
	names map[uuid.UUID]string
	// cm is set when the person holds the community manager role, and so
	// also sees the work that names no owner.
	cm bool
	// routineObjs memoises routineObjectives by routine ID.
	routineObjs map[uuid.UUID][]uuid.UUID
}

func (bb *briefBuilder) ref(id uuid.UUID) Ref {
	if id == uuid.Nil {
		return Ref{}
	}
	return Ref{ID: id, Name: member.Name(bb.names, id)}
}

// mine reports whether work owned by owner is the person's, and whether
// it is theirs only because it names nobody.
func (bb *briefBuilder) mine(owner uuid.UUID) (mine, unowned bool) {
	if owner == uuid.Nil {
		return bb.cm, bb.cm
	}
	return owner == bb.b.Person.ID, false
}

// campaignRef names the campaign id, or returns the zero Ref.
func (bb *briefBuilder) campaignRef(id uuid.UUID) Ref {
	if i, ok := bb.ix.campaigns[id]; ok && id != uuid.Nil {
		return Ref{ID: id, Name: bb.plan.Campaigns[i].Name}
	}
	return Ref{}
}

// campaignObjectives are the objectives campaign id serves, known ones
// only.
func (bb *briefBuilder) campaignObjectives(id uuid.UUID) []uuid.UUID {
	i, ok := bb.ix.campaigns[id]
	if !ok || id == uuid.Nil {
		return nil
	}
	var out []uuid.UUID
	for _, o := range bb.plan.Campaigns[i].Objectives {
		if _, known := bb.ix.objectives[o]; known && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// assignmentObjectives are the objectives an assignment serves: the one it
// names, then those of its campaign.
func (bb *briefBuilder) assignmentObjectives(a Assignment) []uuid.UUID {
	var out []uuid.UUID
	if _, ok := bb.ix.objectives[a.Objective]; ok && a.Objective != uuid.Nil {
		out = append(out, a.Objective)
	}
	for _, o := range bb.campaignObjectives(a.Campaign) {
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// routineObjectives are the objectives one of whose KPIs reads the
// routine's network or account by name.
func (bb *briefBuilder) routineObjectives(r calendar.Routine) []uuid.UUID {
	if out, ok := bb.routineObjs[r.ID]; ok {
		return out
	}
	if bb.routineObjs == nil {
		bb.routineObjs = map[uuid.UUID][]uuid.UUID{}
	}
	var out []uuid.UUID
	defer func() { bb.routineObjs[r.ID] = out }()
	accounts := bb.accounts(r.Channel, []string{r.Account})
	for _, o := range bb.plan.Objectives {
		for _, k := range o.KPIs {
			ki, ok := bb.ix.kpis[k]
			if !ok {
				continue
			}
			kp := bb.plan.KPIs[ki]
			reads := slices.Contains(kp.Channels, r.Channel) ||
				slices.ContainsFunc(kp.Accounts, func(a channel.AccountRef) bool { return slices.Contains(accounts, a) })
			if reads && !slices.Contains(out, o.ID) {
				out = append(out, o.ID)
			}
		}
	}
	return out
}

// accounts resolves the handles an entry or a routine publishes from
// (none: the brand's only account on c).
func (bb *briefBuilder) accounts(c channel.Channel, handles []string) []channel.AccountRef {
	if len(handles) == 0 {
		handles = []string{""}
	}
	var out []channel.AccountRef
	for _, a := range publishingAccounts(bb.ix.accounts, c, handles) {
		out = append(out, a.Ref())
	}
	return out
}

// routineTitle names a routine for people: "brewing tips (reel)".
func routineTitle(r calendar.Routine) string {
	t := strings.TrimSpace(r.Pillar)
	if t == "" {
		t = "post"
	}
	if f := strings.TrimSpace(r.Format); f != "" {
		t += " (" + f + ")"
	}
	return t
}

// routineRef names a routine for people: "brewing tips (reel) on Instagram".
func routineRef(r calendar.Routine) Ref {
	return Ref{ID: r.ID, Name: routineTitle(r) + " on " + r.Channel.Name()}
}

// entryTitle is an entry's title, or the first line of its text.
func entryTitle(e calendar.Entry) string {
	if t := strings.TrimSpace(e.Title); t != "" {
		return t
	}
	line, _, _ := strings.Cut(strings.TrimSpace(e.Text), "\n")
	return strings.TrimSpace(line)
}

func errTooLong() error {
	return fmt.Errorf("%w: more than %d routine slots, entries and assignments in %d days", ErrBriefTooLong, MaxBriefItems, BriefDays)
}
