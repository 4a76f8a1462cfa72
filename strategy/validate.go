package strategy

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// maxWeeklyHours is the number of hours in a week.
var maxWeeklyHours = decimal.NewFromInt(168)

// Validate reports every structural problem of the plan at once, as a
// *validation.Error whose paths are JSON names (campaigns[2].phases[0].end),
// or nil:
//
//   - each part's own problems, from its package's Validate (KPIs, routines,
//     entries and milestones, calendar rules, the crisis plan when one is
//     written, the response policy, watchlist and voice when set);
//   - missing IDs, names and dates; unknown channels, roles and statuses;
//     negative amounts, malformed currencies; ends before starts;
//   - IDs used twice within a kind (objectives, KPIs, campaigns, segments,
//     members, assignments, routines, entries, milestones) and channels
//     chosen twice;
//   - references to nothing: an objective's KPI or parent, a channel plan's
//     or campaign's segment, a campaign's objective, an entry's campaign or
//     routine, a milestone's campaign, an assignment's members, objective or
//     campaign;
//   - people who are not on the team: every member ID the plan names
//     (routines' and entries' owners, the crisis ladder's handlers,
//     approvers, notify lists and playbook owners) must be a Team
//     member's, or it is not_found at its path (routines[0].owner,
//     crisis.levels[1].approver,
//     crisis.levels[0].escalation.steps[0].notify[1]);
//   - parent objectives that form a cycle;
//   - accounts: two with one handle on one network, a competitor's
//     account of a competitor the research does not name, a chosen network
//     without a brand account, and references that do not resolve: an
//     entry's or routine's account (unknown, a competitor's, or not named
//     when the brand has several accounts on the network), a crisis
//     statement's or pause's account (the brand's own only), a KPI's
//     account (any the plan knows).
//
// What is valid is not necessarily good: SMART objectives, traceability,
// crisis readiness, team capacity and calendar conflicts are judged by
// Verify. Validate never panics, whatever the plan holds.
func (s *Strategy) Validate() error {
	if s == nil {
		return validation.ErrorList{validation.Required(nil, "a plan is required")}.Err()
	}
	var list validation.ErrorList
	ix := newIndex(s)
	list = append(list, ix.problems...)

	if s.ID == uuid.Nil {
		list = append(list, validation.Required(validation.NewPath("id"), ""))
	}
	if !validate.IsZoneName(s.Zone) {
		list = append(list, validation.Invalid(validation.NewPath("zone"), s.Zone, "must be an IANA time zone name such as Europe/Madrid"))
	}
	list = s.validateBrand(list)
	list = s.validateResearch(list, ix)
	if strings.TrimSpace(s.Goal.Statement) == "" {
		list = append(list, validation.Required(validation.NewPath("goal", "statement"), ""))
	}
	list = checkInstant(list, validation.NewPath("goal", "deadline"), s.Goal.Deadline, true)
	list = s.validateObjectives(list, ix)
	list = s.validateChannels(list, ix)
	list = s.validateAccounts(list, ix)
	list = s.validateCampaigns(list, ix)
	list = validateBudgets(list, validation.NewPath("budgets"), s.Budgets)
	list = s.validateTeam(list, ix)
	list = s.validateAssignments(list, ix)

	// The calendar's parts validate together: each routine, entry and
	// milestone, their duplicate IDs and entries' routines.
	cal := calendar.Calendar{Routines: s.Routines, Entries: s.Entries, Milestones: s.Milestones}
	list = list.Merge(nil, cal.Validate())
	for i, e := range s.Entries {
		if e.CampaignID != uuid.Nil {
			if _, ok := ix.campaigns[e.CampaignID]; !ok {
				list = append(list, validation.NotFound(validation.NewPath("entries").Index(i).Child("campaignId"), e.CampaignID.String(), "no campaign has this ID"))
			}
		}
	}
	for i, m := range s.Milestones {
		if m.CampaignID != uuid.Nil {
			if _, ok := ix.campaigns[m.CampaignID]; !ok {
				list = append(list, validation.NotFound(validation.NewPath("milestones").Index(i).Child("campaignId"), m.CampaignID.String(), "no campaign has this ID"))
			}
		}
	}
	list = list.Merge(validation.NewPath("calendarRules"), s.CalendarRules.Validate())

	for i, k := range s.KPIs {
		list = list.Merge(validation.NewPath("kpis").Index(i), k.Validate())
	}
	if crisisWritten(&s.Crisis) {
		list = list.Merge(validation.NewPath("crisis"), s.Crisis.Validate())
	}
	list = s.validatePeople(list, ix)
	list = s.validateCommunity(list, ix)
	list = s.validateApprovals(list, ix)
	return list.Err()
}

// crisisWritten reports whether a crisis plan was written at all.
func crisisWritten(p *crisis.Plan) bool {
	return p.Name != "" || p.Zone != "" || len(p.Levels) > 0 || len(p.Channels) > 0 || len(p.Triggers) > 0
}

// responseWritten reports whether a response policy was written at all.
func responseWritten(p *community.ResponsePolicy) bool {
	return p.Hours.Location != nil || len(p.Targets) > 0 || !isZeroWeek(p.Hours.Week) || len(p.Hours.Holidays) > 0
}

func isZeroWeek(w [7][]calendar.ClockRange) bool {
	for _, d := range w {
		if len(d) > 0 {
			return false
		}
	}
	return true
}

func (s *Strategy) validateBrand(list validation.ErrorList) validation.ErrorList {
	p := validation.NewPath("brand")
	if strings.TrimSpace(s.Brand.Name) == "" {
		list = append(list, validation.Required(p.Child("name"), ""))
	}
	list = checkTexts(list, func() *validation.Path { return p.Child("values") }, s.Brand.Values)
	return list.Merge(p.Child("voice"), s.Brand.Voice.Validate())
}

func (s *Strategy) validateResearch(list validation.ErrorList, ix *index) validation.ErrorList {
	p := validation.NewPath("research")
	for i, seg := range s.Research.Segments {
		sp := p.Child("segments").Index(i)
		if strings.TrimSpace(seg.Name) == "" {
			list = append(list, validation.Required(sp.Child("name"), ""))
		}
		list = checkChannels(list, func() *validation.Path { return sp.Child("channels") }, seg.Channels)
		list = checkTexts(list, func() *validation.Path { return sp.Child("interests") }, seg.Interests)
		if seg.Size < 0 {
			list = append(list, validation.OutOfRange(sp.Child("size"), seg.Size, "must not be negative"))
		}
	}
	names := map[string]int{}
	for i, c := range s.Research.Competitors {
		cp := p.Child("competitors").Index(i)
		if strings.TrimSpace(c.Name) == "" {
			list = append(list, validation.Required(cp.Child("name"), ""))
		} else if _, dup := names[c.Name]; dup {
			list = append(list, validation.Duplicate(cp.Child("name"), c.Name))
		} else {
			names[c.Name] = i
		}
		seen := map[channel.Channel]bool{}
		for j, pr := range c.Presence {
			pp := cp.Child("presence").Index(j)
			switch {
			case !pr.Channel.IsValid():
				list = append(list, validation.NotSupported(pp.Child("channel"), string(pr.Channel), channel.All()))
			case seen[pr.Channel]:
				list = append(list, validation.Duplicate(pp.Child("channel"), string(pr.Channel)))
			}
			seen[pr.Channel] = true
			for _, f := range []struct {
				name string
				v    decimal.Decimal
			}{{"followers", pr.Followers}, {"postsPerWeek", pr.PostsPerWeek}, {"engagementRate", pr.EngagementRate}} {
				if fe := validation.CheckDecimal(pp.Child(f.name), f.v); fe != nil {
					list = append(list, fe)
				} else if f.v.IsNegative() {
					list = append(list, validation.OutOfRange(pp.Child(f.name), f.v.String(), "must not be negative"))
				}
			}
		}
	}
	for _, kind := range []struct {
		name  string
		notes []Note
	}{{"trends", s.Research.Trends}, {"opportunities", s.Research.Opportunities}, {"threats", s.Research.Threats}} {
		for i, n := range kind.notes {
			np := p.Child(kind.name).Index(i)
			if strings.TrimSpace(n.Title) == "" {
				list = append(list, validation.Required(np.Child("title"), ""))
			}
			list = checkChannels(list, func() *validation.Path { return np.Child("channels") }, n.Channels)
		}
	}
	return list
}

func (s *Strategy) validateObjectives(list validation.ErrorList, ix *index) validation.ErrorList {
	for i, o := range s.Objectives {
		op := validation.NewPath("objectives").Index(i)
		list = checkInstant(list, op.Child("deadline"), o.Deadline, false)
		list = checkRefs(list, func() *validation.Path { return op.Child("kpis") }, o.KPIs, ix.kpis, "KPI")
		if o.Parent != uuid.Nil {
			switch j, ok := ix.objectives[o.Parent]; {
			case !ok:
				list = append(list, validation.NotFound(op.Child("parent"), o.Parent.String(), "no objective has this ID"))
			case j == i:
				list = append(list, validation.Invalid(op.Child("parent"), o.Parent.String(), "an objective cannot refine itself"))
			}
		}
	}
	for _, cycle := range ix.cycles {
		if len(cycle) == 1 {
			continue // reported above: an objective that refines itself
		}
		// The message names at most cycleNamed objectives, so that its
		// size does not grow with the cycle.
		names := make([]string, 0, min(len(cycle), cycleNamed))
		for _, j := range cycle[:min(len(cycle), cycleNamed)] {
			names = append(names, fmt.Sprintf("objectives[%d]", j))
		}
		text := strings.Join(names, " -> ")
		if more := len(cycle) - len(names); more > 0 {
			text += fmt.Sprintf(" -> %d more", more)
		}
		first := cycle[0]
		list = append(list, validation.Invalid(validation.NewPath("objectives").Index(first).Child("parent"),
			s.Objectives[first].Parent.String(), "parent objectives form a cycle: "+text+" -> "+names[0]))
	}
	return list
}

// cycleNamed is how many objectives a cycle's message names.
const cycleNamed = 10

func (s *Strategy) validateChannels(list validation.ErrorList, ix *index) validation.ErrorList {
	for i, c := range s.Channels {
		cp := validation.NewPath("channels").Index(i)
		if !c.Channel.IsValid() {
			list = append(list, validation.NotSupported(cp.Child("channel"), string(c.Channel), channel.All()))
		}
		if strings.TrimSpace(c.Purpose) == "" {
			list = append(list, validation.Required(cp.Child("purpose"), "say what role the channel plays"))
		}
		list = checkRefs(list, func() *validation.Path { return cp.Child("audience") }, c.Audience, ix.segments, "research segment")
		if c.PostsPerWeek < 0 {
			list = append(list, validation.OutOfRange(cp.Child("postsPerWeek"), c.PostsPerWeek, "must not be negative"))
		}
		list = checkTexts(list, func() *validation.Path { return cp.Child("pillars") }, c.Pillars)
	}
	return list
}

func (s *Strategy) validateCampaigns(list validation.ErrorList, ix *index) validation.ErrorList {
	for i, c := range s.Campaigns {
		// The campaign's paths are built only for the problems found.
		cp := func() *validation.Path { return validation.NewPath("campaigns").Index(i) }
		if strings.TrimSpace(c.Name) == "" {
			list = append(list, validation.Required(cp().Child("name"), ""))
		}
		list = checkRefs(list, func() *validation.Path { return cp().Child("objectives") }, c.Objectives, ix.objectives, "objective")
		list = checkChannels(list, func() *validation.Path { return cp().Child("channels") }, c.Channels)
		list = checkRefs(list, func() *validation.Path { return cp().Child("audience") }, c.Audience, ix.segments, "research segment")
		list = checkBudget(list, func() *validation.Path { return cp().Child("budget") }, c.Budget)
		list = append(list, c.Links.validate(func() *validation.Path { return cp().Child("links") })...)
		list = checkSpan(list, cp, c.Start, c.End)
		for j, ph := range c.Phases {
			// The phase's paths are built only for the problems found.
			pp := func() *validation.Path { return cp().Child("phases").Index(j) }
			if strings.TrimSpace(ph.Name) == "" {
				list = append(list, validation.Required(pp().Child("name"), ""))
			}
			list = checkSpan(list, pp, ph.Start, ph.End)
			list = checkTexts(list, func() *validation.Path { return pp().Child("actions") }, ph.Actions)
			if j > 0 && !ph.Start.IsZero() && ph.Start.Before(c.Phases[j-1].Start) {
				list = append(list, validation.OutOfOrder(pp().Child("start"), ph.Start.Format(time.RFC3339), "phases must be in time order"))
			}
		}
		for j, r := range c.Resources {
			rp := func() *validation.Path { return cp().Child("resources").Index(j) }
			if strings.TrimSpace(r.Name) == "" {
				list = append(list, validation.Required(rp().Child("name"), ""))
			}
			list = checkBudget(list, func() *validation.Path { return rp().Child("cost") }, r.Cost)
		}
	}
	return list
}

func validateBudgets(list validation.ErrorList, p *validation.Path, budgets []Budget) validation.ErrorList {
	seen := map[string]bool{}
	for i, b := range budgets {
		bp := p.Index(i)
		list = checkBudget(list, func() *validation.Path { return bp }, b)
		if b.Currency != "" && seen[b.Currency] {
			list = append(list, validation.Duplicate(bp.Child("currency"), b.Currency))
		}
		seen[b.Currency] = true
	}
	return list
}

func (s *Strategy) validateTeam(list validation.ErrorList, ix *index) validation.ErrorList {
	for i, m := range s.Team {
		mp := validation.NewPath("team").Index(i)
		if strings.TrimSpace(m.Name) == "" {
			list = append(list, validation.Required(mp.Child("name"), ""))
		}
		if len(m.Roles) == 0 {
			list = append(list, validation.Required(mp.Child("roles"), "a member holds at least one role"))
		}
		seen := map[Role]bool{}
		for j, r := range m.Roles {
			switch {
			case !r.IsValid():
				list = append(list, validation.NotSupported(mp.Child("roles").Index(j), string(r), roles))
			case seen[r]:
				list = append(list, validation.Duplicate(mp.Child("roles").Index(j), string(r)))
			}
			seen[r] = true
		}
		if fe := validation.CheckDecimal(mp.Child("weeklyHours"), m.WeeklyHours); fe != nil {
			list = append(list, fe)
		} else if m.WeeklyHours.IsNegative() || m.WeeklyHours.GreaterThan(maxWeeklyHours) {
			list = append(list, validation.OutOfRange(mp.Child("weeklyHours"), m.WeeklyHours.String(), "must be from 0 to 168"))
		}
	}
	return list
}

func (s *Strategy) validateAssignments(list validation.ErrorList, ix *index) validation.ErrorList {
	for i, a := range s.Assignments {
		ap := validation.NewPath("assignments").Index(i)
		if strings.TrimSpace(a.Title) == "" {
			list = append(list, validation.Required(ap.Child("title"), ""))
		}
		if a.SetBy == uuid.Nil {
			list = append(list, validation.Required(ap.Child("setBy"), "name the strategist who set it"))
		} else {
			list = checkRef(list, func() *validation.Path { return ap.Child("setBy") }, a.SetBy, ix.members, "team member")
		}
		if a.Owner != uuid.Nil {
			list = checkRef(list, func() *validation.Path { return ap.Child("owner") }, a.Owner, ix.members, "team member")
		}
		list = checkInstant(list, ap.Child("due"), a.Due, false)
		if !a.Status.IsValid() {
			list = append(list, validation.NotSupported(ap.Child("status"), string(a.Status), assignmentStatuses))
		}
		if a.Objective != uuid.Nil {
			list = checkRef(list, func() *validation.Path { return ap.Child("objective") }, a.Objective, ix.objectives, "objective")
		}
		if a.Campaign != uuid.Nil {
			list = checkRef(list, func() *validation.Path { return ap.Child("campaign") }, a.Campaign, ix.campaigns, "campaign")
		}
	}
	return list
}

// validatePeople reports every member ID of the plan's parts that is not
// on the team. A nil ID is left to the part's own Validate, which says
// what is required.
func (s *Strategy) validatePeople(list validation.ErrorList, ix *index) validation.ErrorList {
	ref := func(at func() *validation.Path, id uuid.UUID) {
		if id != uuid.Nil {
			list = checkRef(list, at, id, ix.members, "team member")
		}
	}
	for i, l := range s.Crisis.Levels {
		lp := func() *validation.Path { return validation.NewPath("crisis", "levels").Index(i) }
		ref(func() *validation.Path { return lp().Child("handler") }, l.Handler)
		ref(func() *validation.Path { return lp().Child("approver") }, l.Approver)
		ref(func() *validation.Path { return lp().Child("backupApprover") }, l.BackupApprover)
		for j, st := range l.Escalation.Steps {
			for k, id := range st.Notify {
				ref(func() *validation.Path { return lp().Child("escalation", "steps").Index(j).Child("notify").Index(k) }, id)
			}
		}
		for j, st := range l.Playbook {
			ref(func() *validation.Path { return lp().Child("playbook").Index(j).Child("owner") }, st.Owner)
		}
	}
	for i, r := range s.Routines {
		ref(func() *validation.Path { return validation.NewPath("routines").Index(i).Child("owner") }, r.Owner)
	}
	for i, e := range s.Entries {
		ref(func() *validation.Path { return validation.NewPath("entries").Index(i).Child("owner") }, e.Owner)
	}
	return list
}

func (s *Strategy) validateCommunity(list validation.ErrorList, ix *index) validation.ErrorList {
	p := validation.NewPath("community")
	list = list.Merge(p.Child("inboxRules"), s.Community.InboxRules.Validate())
	replies := make(map[string]bool, 2*len(s.Community.Replies))
	for _, r := range s.Community.Replies {
		replies[r.ID], replies[r.Name] = true, true
	}
	for i, r := range s.Community.InboxRules {
		rp := func() *validation.Path { return p.Child("inboxRules").Index(i).Child("then") }
		if r.Then.Assign != uuid.Nil {
			list = checkRef(list, func() *validation.Path { return rp().Child("assign") }, r.Then.Assign, ix.members, "team member")
		}
		if r.Then.Reply != "" && !replies[r.Then.Reply] {
			list = append(list, validation.NotFound(rp().Child("reply"), r.Then.Reply, "no saved reply of community.replies has this ID or name"))
		}
	}
	if responseWritten(&s.Community.Response) {
		list = list.Merge(p.Child("response"), s.Community.Response.Validate())
	}
	if len(s.Community.Watchlist.Terms) > 0 {
		list = list.Merge(p.Child("watchlist"), s.Community.Watchlist.Validate())
	}
	list = list.Merge(p.Child("replies"), s.Community.Replies.Validate())
	w := s.Community.Workload
	wp := p.Child("workload")
	if w.InboxPerWeek < 0 {
		list = append(list, validation.OutOfRange(wp.Child("inboxPerWeek"), w.InboxPerWeek, "must not be negative"))
	}
	if w.HandlingTime < 0 {
		list = append(list, validation.OutOfRange(wp.Child("handlingTime"), w.HandlingTime.String(), "must not be negative"))
	}
	if w.PostTime < 0 {
		list = append(list, validation.OutOfRange(wp.Child("postTime"), w.PostTime.String(), "must not be negative"))
	}
	return list
}

// checkInstant reports a missing instant (when required) and one outside
// the years 1 to 9999, which JSON cannot carry.
func checkInstant(list validation.ErrorList, p *validation.Path, t time.Time, required bool) validation.ErrorList {
	if t.IsZero() {
		if required {
			return append(list, validation.Required(p, ""))
		}
		return list
	}
	if !inJSONYears(t) {
		return append(list, validation.OutOfRange(p, t.Year(), "the year must be from 1 to 9999"))
	}
	return list
}

// inJSONYears reports whether t falls in the years 1 to 9999, which JSON
// can carry.
func inJSONYears(t time.Time) bool {
	y := t.Year()
	return y >= 1 && y <= 9999
}

// checkSpan reports a missing start or end and an end not after the start,
// at p.start and p.end, where p is what at returns: it is called only when
// there is a problem to report.
func checkSpan(list validation.ErrorList, at func() *validation.Path, start, end time.Time) validation.ErrorList {
	if !start.IsZero() && !end.IsZero() && inJSONYears(start) && inJSONYears(end) && end.After(start) {
		return list
	}
	p := at()
	list = checkInstant(list, p.Child("start"), start, true)
	list = checkInstant(list, p.Child("end"), end, true)
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		list = append(list, validation.OutOfRange(p.Child("end"), end.Format(time.RFC3339), "must be after the start"))
	}
	return list
}

// checkBudget reports an amount beyond validation's decimal bounds or
// negative, and a missing or unknown currency, under the path at returns,
// which it calls only to report a problem.
func checkBudget(list validation.ErrorList, at func() *validation.Path, b Budget) validation.ErrorList {
	if !validation.DecimalWithin(b.Amount) {
		list = append(list, validation.CheckDecimal(at().Child("amount"), b.Amount))
	} else if b.Amount.IsNegative() {
		list = append(list, validation.OutOfRange(at().Child("amount"), b.Amount.String(), "must not be negative"))
	}
	if b.Currency == "" && !b.Amount.IsZero() {
		list = append(list, validation.Required(at().Child("currency"), "an amount needs its ISO 4217 currency"))
	} else if b.Currency != "" && !validate.IsCurrencyCode(b.Currency) {
		list = append(list, validation.Invalid(at().Child("currency"), b.Currency, "must be an ISO 4217 code such as EUR"))
	}
	return list
}

func checkChannels(list validation.ErrorList, at func() *validation.Path, cs []channel.Channel) validation.ErrorList {
	seen := make(map[channel.Channel]bool, len(cs))
	for i, c := range cs {
		switch {
		case !c.IsValid():
			list = append(list, validation.NotSupported(at().Index(i), string(c), channel.All()))
		case seen[c]:
			list = append(list, validation.Duplicate(at().Index(i), string(c)))
		}
		seen[c] = true
	}
	return list
}

// checkTexts reports empty and repeated texts at p[i], where p is what at
// returns: it is called only when there is a problem to report.
func checkTexts(list validation.ErrorList, at func() *validation.Path, texts []string) validation.ErrorList {
	seen := make(map[string]bool, len(texts))
	for i, t := range texts {
		switch {
		case strings.TrimSpace(t) == "":
			list = append(list, validation.Required(at().Index(i), "must not be empty"))
		case seen[t]:
			list = append(list, validation.Duplicate(at().Index(i), t))
		}
		seen[t] = true
	}
	return list
}

// checkRef reports an id that names nothing in known at the path at
// returns, which it calls only then.
func checkRef(list validation.ErrorList, at func() *validation.Path, id uuid.UUID, known map[uuid.UUID]int, what string) validation.ErrorList {
	if _, ok := known[id]; !ok {
		list = append(list, validation.NotFound(at(), id.String(), "no "+what+" has this ID"))
	}
	return list
}

func checkRefs(list validation.ErrorList, at func() *validation.Path, ids []uuid.UUID, known map[uuid.UUID]int, what string) validation.ErrorList {
	seen := make(map[uuid.UUID]bool, len(ids))
	for i, id := range ids {
		switch {
		case seen[id]:
			list = append(list, validation.Duplicate(at().Index(i), id.String()))
		default:
			list = checkRef(list, func() *validation.Path { return at().Index(i) }, id, known, what)
		}
		seen[id] = true
	}
	return list
}
