package strategy

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/validation"
)

// Approvals are the plan's approval policies: who approves the calendar's
// posts, and who approves a reply that holds a phrase of the voice
// policy's NeedsApproval list (community.ReplyCheck.RequestApproval).
// A policy without steps means none is needed. The roles of a step are
// Role values; its members are team members.
type Approvals struct {
	// Posts is the policy an entry's approval follows (calendar.Entry's
	// Approval, started with calendar.RequestApproval).
	Posts calendar.ApprovalPolicy `json:"posts,omitzero"`
	// Replies is the policy for replies that need approval.
	Replies calendar.ApprovalPolicy `json:"replies,omitzero"`
}

// approvalPolicy is one of the plan's policies with its JSON name.
type approvalPolicy struct {
	name   string
	policy *calendar.ApprovalPolicy
}

func (s *Strategy) approvalPolicies() []approvalPolicy {
	return []approvalPolicy{{"posts", &s.Approvals.Posts}, {"replies", &s.Approvals.Replies}}
}

// validateApprovals reports the problems of the plan's approval policies
// (each policy's own, roles that are not Role values, members not on the
// team) and of the entries' approvals (authors and actors not on the
// team, roles that are not Role values), at paths such as
// approvals.posts.steps[0].members[1] and entries[3].approval.trail[2].actor.
func (s *Strategy) validateApprovals(list validation.ErrorList, ix *index) validation.ErrorList {
	ref := func(at func() *validation.Path, id uuid.UUID) {
		if id != uuid.Nil {
			list = checkRef(list, at, id, ix.members, "team member")
		}
	}
	role := func(at func() *validation.Path, r string) {
		if r != "" && !Role(r).IsValid() {
			list = append(list, validation.NotSupported(at(), r, roles))
		}
	}
	for _, ap := range s.approvalPolicies() {
		if len(ap.policy.Steps) == 0 {
			continue
		}
		pp := validation.NewPath("approvals", ap.name)
		list = list.Merge(pp, ap.policy.Validate())
		for i, st := range ap.policy.Steps {
			sp := func() *validation.Path { return pp.Child("steps").Index(i) }
			for j, m := range st.Members {
				ref(func() *validation.Path { return sp().Child("members").Index(j) }, m)
			}
			for j, r := range st.Roles {
				role(func() *validation.Path { return sp().Child("roles").Index(j) }, r)
			}
		}
	}
	for i, e := range s.Entries {
		if e.Approval == nil {
			continue
		}
		ap := func() *validation.Path { return validation.NewPath("entries").Index(i).Child("approval") }
		ref(func() *validation.Path { return ap().Child("author") }, e.Approval.Author)
		for j, ev := range e.Approval.Trail {
			ref(func() *validation.Path { return ap().Child("trail").Index(j).Child("actor") }, ev.Actor)
		}
	}
	return list
}

// checkTeamApprovals: every role an approval step names is held by
// someone on the team, so that no step waits for nobody.
func checkTeamApprovals(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	for _, ap := range p.approvalPolicies() {
		for i, st := range ap.policy.Steps {
			for j, role := range st.Roles {
				if !Role(role).IsValid() || slices.ContainsFunc(p.Team, func(m Member) bool { return m.Holds(Role(role)) }) {
					continue // an unknown role is a plan.valid error
				}
				what := "it can never be approved"
				if st.Require == calendar.RequireAny {
					what = "only its other approvers can approve it"
				}
				r.Report(validation.NewPath("approvals", ap.name, "steps").Index(i).Child("roles").Index(j),
					"nobody on the team holds the %s role that approves the %s step %s: %s", role, ap.name, stepLabel(i, st), what)
			}
		}
	}
}

// checkTeamSelfApproval: no approval step deadlocks when the usual author
// (a community manager, who writes the posts and the replies) wrote what
// it approves: nobody approves their own work, so a step whose only
// possible approver is that author, or that requires all of a set that
// includes them, waits forever.
func checkTeamSelfApproval(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	for _, ap := range p.approvalPolicies() {
		for i, st := range ap.policy.Steps {
			for _, author := range p.Team {
				if !author.Holds(RoleCommunityManager) || author.ID == uuid.Nil {
					continue
				}
				if why := blockedBy(p.Team, st, author.ID); why != "" {
					r.Report(validation.NewPath("approvals", ap.name, "steps").Index(i),
						"the %s step %s cannot be approved when %s, a community manager, is the author: %s (nobody approves their own work)",
						ap.name, stepLabel(i, st), author.Name, why)
				}
			}
		}
	}
}

// blockedBy says why step st cannot be completed by the team when author
// wrote what it approves, or returns "" when it can. Members and roles
// unknown to the team are left to plan.valid and team.approvals.
func blockedBy(team []Member, st calendar.ApprovalStep, author uuid.UUID) string {
	onTeam := func(id uuid.UUID) bool { return slices.ContainsFunc(team, func(m Member) bool { return m.ID == id }) }
	holders := func(role string) (others, all int) {
		for _, m := range team {
			if m.Holds(Role(role)) {
				all++
				if m.ID != author {
					others++
				}
			}
		}
		return others, all
	}
	if st.Require == calendar.RequireAll {
		if slices.Contains(st.Members, author) {
			return "it requires their own approval"
		}
		for _, role := range st.Roles {
			if others, all := holders(role); others == 0 && all > 0 {
				return fmt.Sprintf("it requires a %s and they are the only one", role)
			}
		}
		return ""
	}
	possible, any := 0, false
	for _, m := range team {
		eligible := slices.Contains(st.Members, m.ID) || slices.ContainsFunc(st.Roles, func(r string) bool { return m.Holds(Role(r)) })
		if eligible {
			any = true
			if m.ID != author {
				possible++
			}
		}
	}
	if !any {
		return "" // nobody on the team can approve it at all: team.approvals or plan.valid says so
	}
	for _, id := range st.Members {
		if !onTeam(id) {
			return "" // plan.valid reports the unknown member
		}
	}
	if possible == 0 {
		return "they are its only possible approver"
	}
	return ""
}

func stepLabel(i int, st calendar.ApprovalStep) string {
	if strings.TrimSpace(st.Name) != "" {
		return fmt.Sprintf("%d (%q)", i, st.Name)
	}
	return fmt.Sprint(i)
}

// checkCalendarApprovals: with a post approval policy, every entry on its
// way out (approved, scheduled, paused or failed: it may still be
// published) carries an approval under that policy that is approved.
// calendar.Entry.Transition enforces an approval an entry carries; this
// rule finds the entries that carry none, or one under another policy
// (an older one, or one written by hand). Entries already published or
// cancelled are history, and not reported.
func checkCalendarApprovals(ctx *checkContext, r *Reporter) {
	p := ctx.plan
	if len(p.Approvals.Posts.Steps) == 0 {
		return
	}
	for i, e := range p.Entries {
		switch e.Status {
		case calendar.StatusApproved, calendar.StatusScheduled, calendar.StatusPaused, calendar.StatusFailed:
		default:
			continue
		}
		at := validation.NewPath("entries").Index(i).Child("approval")
		switch {
		case e.Approval == nil:
			r.Report(at, "entry %s is %s without the approval the plan's post policy asks for", e.ID, e.Status)
		case !reflect.DeepEqual(e.Approval.Policy, p.Approvals.Posts):
			r.Report(at, "entry %s is %s under another approval policy than the plan's (approvals.posts)", e.ID, e.Status)
		case e.Approval.Status() != calendar.ApprovalApproved:
			r.Report(at, "entry %s is %s but its approval is %s", e.ID, e.Status, e.Approval.Status())
		}
	}
}
