package strategy_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

func TestVerifyTeamApprovals(t *testing.T) {
	strat, cm := string(strategy.RoleStrategist), string(strategy.RoleCommunityManager)
	step := func(req calendar.Require, members []uuid.UUID, roles ...string) calendar.ApprovalPolicy {
		return calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Name: "review", Members: members, Roles: roles, Require: req}}}
	}
	second := uuid.MustParse("00000000-0000-0000-0000-0000000000c2")
	tests := []struct {
		name      string
		edit      func(p *strategy.Strategy, lucia, mateo uuid.UUID)
		approvals []string // paths of team.approvals findings
		selfAppr  []string // messages (substrings) of team.self_approval findings
		selfPaths []string
	}{
		{name: "no policies: nothing to say", edit: func(*strategy.Strategy, uuid.UUID, uuid.UUID) {}},
		{name: "a strategist approves posts", edit: func(p *strategy.Strategy, _, _ uuid.UUID) {
			p.Approvals.Posts = step(calendar.RequireAny, nil, strat)
		}},
		{name: "any community manager, and there is one: the only approver is the author", edit: func(p *strategy.Strategy, _, _ uuid.UUID) {
			p.Approvals.Replies = step(calendar.RequireAny, nil, cm)
		}, selfAppr: []string{"they are its only possible approver"}, selfPaths: []string{"approvals.replies.steps[0]"}},
		{name: "a second community manager unlocks it", edit: func(p *strategy.Strategy, _, _ uuid.UUID) {
			p.Approvals.Replies = step(calendar.RequireAny, nil, cm)
			p.Team = append(p.Team, strategy.Member{ID: second, Name: "Second", Roles: []strategy.Role{strategy.RoleCommunityManager}, WeeklyHours: decimal.NewFromInt(5)})
		}},
		{name: "all, with the community manager listed by ID", edit: func(p *strategy.Strategy, lucia, mateo uuid.UUID) {
			p.Approvals.Posts = step(calendar.RequireAll, []uuid.UUID{lucia, mateo})
		}, selfAppr: []string{"it requires their own approval"}, selfPaths: []string{"approvals.posts.steps[0]"}},
		{name: "any of a strategist and the community manager is fine", edit: func(p *strategy.Strategy, lucia, mateo uuid.UUID) {
			p.Approvals.Posts = step(calendar.RequireAny, []uuid.UUID{lucia, mateo})
		}},
		{name: "all of two roles, the community manager the only one of theirs", edit: func(p *strategy.Strategy, _, _ uuid.UUID) {
			p.Approvals.Posts = step(calendar.RequireAll, nil, strat, cm)
		}, selfAppr: []string{"it requires a community_manager and they are the only one"}, selfPaths: []string{"approvals.posts.steps[0]"}},
		{name: "a role nobody holds", edit: func(p *strategy.Strategy, lucia, _ uuid.UUID) {
			p.Team[0].Roles = []strategy.Role{strategy.RoleStrategist}
			p.Team[1].Roles = []strategy.Role{strategy.RoleStrategist}
			p.Approvals.Posts = calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
				{Members: []uuid.UUID{lucia}, Require: calendar.RequireAny},
				{Roles: []string{strat, cm}, Require: calendar.RequireAll},
			}}
		}, approvals: []string{"approvals.posts.steps[1].roles[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := verifiedplan.Plan()
			lucia, mateo := plan.Team[0].ID, plan.Team[1].ID
			tt.edit(plan, lucia, mateo)
			require.NoError(t, plan.Validate())
			report := strategy.Verify(plan, nil)
			var paths []string
			for _, f := range findings(report, strategy.RuleTeamApprovals) {
				assert.Equal(t, strategy.SeverityError, f.Severity)
				paths = append(paths, f.Path)
			}
			assert.Equal(t, tt.approvals, paths)
			got := findings(report, strategy.RuleTeamSelfApproval)
			require.Len(t, got, len(tt.selfAppr))
			for i, f := range got {
				assert.Equal(t, strategy.SeverityWarning, f.Severity)
				assert.Equal(t, tt.selfPaths[i], f.Path)
				assert.Contains(t, f.Message, tt.selfAppr[i])
				assert.Contains(t, f.Message, verifiedplan.CommunityManagerName)
			}
		})
	}
}

func TestValidateApprovals(t *testing.T) {
	plan := verifiedplan.Plan()
	stranger := uuid.MustParse("00000000-0000-0000-0000-0000000000ff")
	lucia, mateo := plan.Team[0].ID, plan.Team[1].ID
	plan.Approvals.Posts = calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
		{Members: []uuid.UUID{lucia, stranger}, Roles: []string{"legal"}, Require: calendar.RequireAny, Expires: -1},
	}}
	plan.Approvals.Replies = calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Roles: []string{"strategist"}}}}
	a, err := calendar.RequestApproval(calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Members: []uuid.UUID{stranger}, Require: calendar.RequireAny}}},
		mateo, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	a, err = a.Approve(stranger, nil, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	plan.Entries[0].Approval = &a
	plan.Community.Replies = community.SavedReplies{
		{ID: "r", Name: "ok", Text: "Hi {author_handle}"},
		{ID: "r", Name: "bad", Text: "Hi {author_handle"},
	}
	var verr *validation.Error
	require.ErrorAs(t, plan.Validate(), &verr)
	got := map[string]validation.Code{}
	for _, fe := range verr.Errors {
		got[fe.Path] = fe.Code
	}
	want := map[string]validation.Code{
		"approvals.posts.steps[0].members[1]": validation.CodeNotFound,
		"approvals.posts.steps[0].roles[0]":   validation.CodeNotSupported,
		"approvals.posts.steps[0].expires":    validation.CodeOutOfRange,
		"approvals.replies.steps[0].require":  validation.CodeRequired,
		"entries[0].approval.trail[1].actor":  validation.CodeNotFound,
		"community.replies[1].text":           validation.CodeInvalid,
		"community.replies[1].id":             validation.CodeDuplicate,
	}
	for path, code := range want {
		assert.Equal(t, code, got[path], path)
	}
	assert.NotContains(t, got, "entries[0].approval.author", "the author is on the team")
	// team.approvals skips the role plan.valid reports.
	assert.Empty(t, findings(strategy.Verify(plan, nil), strategy.RuleTeamApprovals))
}

func TestApprovalsRoundTripInThePlan(t *testing.T) {
	plan := verifiedplan.Plan()
	plan.Approvals.Posts = calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
		{Name: "brand", Roles: []string{"strategist"}, Require: calendar.RequireAny, Expires: calendar.Duration(48 * time.Hour)},
	}}
	plan.Community.Replies = community.SavedReplies{{ID: "r", Name: "thanks", Text: "Thanks {author_handle}!", Language: "es"}}
	a, err := calendar.RequestApproval(plan.Approvals.Posts, plan.Team[1].ID, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	a, err = a.Approve(plan.Team[0].ID, []string{"strategist"}, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	plan.Entries[0].Approval = &a
	require.NoError(t, plan.Validate())
	data, err := json.Marshal(plan)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"approvals":{"posts":{"steps":[{"name":"brand"`)
	back, err := strategy.Decode(strings.NewReader(string(data)))
	require.NoError(t, err)
	assert.Equal(t, plan.Approvals, back.Approvals)
	assert.Equal(t, plan.Community.Replies, back.Community.Replies)
	require.NotNil(t, back.Entries[0].Approval)
	assert.Equal(t, calendar.ApprovalApproved, back.Entries[0].Approval.Status())
	assert.Equal(t, a.Trail[1].Actor, back.Entries[0].Approval.Trail[1].Actor)

	_, err = strategy.Decode(strings.NewReader(strings.Replace(string(data), `"require":"any"`, `"require":"some"`, 1)))
	assert.True(t, errors.Is(err, strategy.ErrDecode))
}

// calendar.approvals: with a post policy, the entries on their way out
// carry an approval under it, approved; history is not reported.
func TestVerifyCalendarApprovals(t *testing.T) {
	plan := verifiedplan.Plan()
	policy := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Name: "review", Roles: []string{string(strategy.RoleStrategist)}, Require: calendar.RequireAny}}}
	findings := func() []string {
		var out []string
		for _, f := range strategy.Verify(plan, nil).Findings {
			if f.Rule == strategy.RuleCalendarApprovals {
				out = append(out, f.Path+": "+f.Message)
			}
		}
		return out
	}
	assert.Empty(t, findings(), "no policy, nothing to say")

	plan.Approvals.Posts = policy
	got := findings()
	var outgoing int
	for _, e := range plan.Entries {
		switch e.Status {
		case calendar.StatusApproved, calendar.StatusScheduled, calendar.StatusPaused, calendar.StatusFailed:
			outgoing++
		}
	}
	require.Positive(t, outgoing)
	require.Len(t, got, outgoing, "%v", got)
	assert.Contains(t, got[0], "without the approval the plan's post policy asks for")

	// Approved under the plan's policy by the strategist: not reported.
	var lucia, mateo uuid.UUID
	for _, m := range plan.Team {
		if m.Holds(strategy.RoleStrategist) {
			lucia = m.ID
		} else {
			mateo = m.ID
		}
	}
	at := verifiedplan.QuarterStart
	for i := range plan.Entries {
		e := &plan.Entries[i]
		a, err := calendar.RequestApproval(policy, mateo, at)
		require.NoError(t, err)
		a, err = a.Approve(lucia, []string{string(strategy.RoleStrategist)}, at.Add(time.Hour))
		require.NoError(t, err)
		e.Approval = &a
	}
	assert.Empty(t, findings())

	// Pending, or under another policy: reported.
	pending, err := calendar.RequestApproval(policy, mateo, at)
	require.NoError(t, err)
	other := policy
	other.Steps = []calendar.ApprovalStep{{Name: "anyone", Roles: []string{string(strategy.RoleCommunityManager)}, Require: calendar.RequireAny}}
	otherApproval, err := calendar.RequestApproval(other, lucia, at)
	require.NoError(t, err)
	for i, e := range plan.Entries {
		if e.Status == calendar.StatusApproved {
			plan.Entries[i].Approval = &pending
		}
		if e.Status == calendar.StatusScheduled {
			plan.Entries[i].Approval = &otherApproval
		}
	}
	text := strings.Join(findings(), "\n")
	assert.Contains(t, text, "but its approval is pending")
	assert.Contains(t, text, "under another approval policy than the plan's")
}

// The plan's inbox rules are validated with its paths: their own
// problems, an assignee who is not on the team, a reply that is not one of
// the saved replies.
func TestValidateInboxRules(t *testing.T) {
	plan := verifiedplan.Plan()
	plan.Community.Replies = community.SavedReplies{{ID: "sorry", Name: "sorry", Text: "Sorry, {author_handle}.\n— Mateo"}}
	plan.Community.InboxRules = community.InboxRules{
		{Name: "orders", When: community.Condition{Words: []string{"order"}}, Then: community.Actions{Tags: []string{"delivery"}, Reply: "sorry", Assign: plan.Team[0].ID}},
	}
	require.NoError(t, plan.Validate())
	plan.Community.InboxRules = append(plan.Community.InboxRules,
		community.InboxRule{Name: "nobody", When: community.Condition{Words: []string{"x"}}, Then: community.Actions{Assign: uuid.MustParse("00000000-0000-0000-0000-00000000dead")}},
		community.InboxRule{Name: "unknown reply", When: community.Condition{Words: []string{"y"}}, Then: community.Actions{Reply: "thanks"}},
		community.InboxRule{Name: "no words", When: community.Condition{Words: []string{""}}, Then: community.Actions{Tags: []string{"t"}}},
	)
	var verr *validation.Error
	require.ErrorAs(t, plan.Validate(), &verr)
	var paths []string
	for _, fe := range verr.Errors {
		paths = append(paths, fe.Path)
	}
	assert.Contains(t, paths, "community.inboxRules[1].then.assign")
	assert.Contains(t, paths, "community.inboxRules[2].then.reply")
	assert.Contains(t, strings.Join(paths, " "), "community.inboxRules[3].when.words")
}
