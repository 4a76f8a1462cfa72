package calendar_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

var (
	author    = uuid.MustParse("00000000-0000-0000-0000-00000000000a")
	lucia     = uuid.MustParse("00000000-0000-0000-0000-00000000000b")
	marco     = uuid.MustParse("00000000-0000-0000-0000-00000000000c")
	nadia     = uuid.MustParse("00000000-0000-0000-0000-00000000000d")
	requested = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
)

// act is one action of a table test: an approval, a rejection or an
// expiry, minutes after the request.
type act struct {
	action  calendar.ApprovalAction
	actor   uuid.UUID
	roles   []string
	minutes int
	wantErr error
}

func run(t *testing.T, p calendar.ApprovalPolicy, acts []act) calendar.Approval {
	t.Helper()
	a, err := calendar.RequestApproval(p, author, requested)
	require.NoError(t, err)
	for i, x := range acts {
		at := requested.Add(time.Duration(x.minutes) * time.Minute)
		before := a
		var next calendar.Approval
		switch x.action {
		case calendar.ActionApprove:
			next, err = a.Approve(x.actor, x.roles, at)
		case calendar.ActionReject:
			next, err = a.Reject(x.actor, x.roles, at, "off brand")
		case calendar.ActionExpire:
			next, err = a.Expire(at)
		}
		if x.wantErr != nil {
			require.ErrorIs(t, err, x.wantErr, "act %d", i)
			assert.Equal(t, before, next, "act %d: a refused action returns the approval unchanged", i)
			continue
		}
		require.NoError(t, err, "act %d", i)
		assert.Len(t, next.Trail, len(a.Trail)+1, "act %d", i)
		assert.Len(t, a.Trail, len(before.Trail), "act %d: the receiver is unchanged", i)
		a = next
	}
	return a
}

func TestApprovalStateMachine(t *testing.T) {
	oneStep := func(req calendar.Require, members []uuid.UUID, roles ...string) calendar.ApprovalPolicy {
		return calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Name: "brand", Members: members, Roles: roles, Require: req}}}
	}
	two := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
		{Name: "brand", Roles: []string{"strategist"}, Require: calendar.RequireAny, Expires: calendar.Duration(time.Hour)},
		{Name: "legal", Members: []uuid.UUID{nadia}, Require: calendar.RequireAny, Expires: calendar.Duration(time.Hour)},
	}}
	strat := []string{"strategist"}
	cm := []string{"community_manager"}
	tests := []struct {
		name      string
		policy    calendar.ApprovalPolicy
		acts      []act
		status    calendar.ApprovalStatus
		step      int
		wantTrail []calendar.ApprovalAction
	}{
		{
			name:   "any: one approver is enough",
			policy: oneStep(calendar.RequireAny, []uuid.UUID{lucia, marco}),
			acts:   []act{{action: calendar.ActionApprove, actor: marco, minutes: 5}},
			status: calendar.ApprovalApproved, step: 1,
		},
		{
			name:   "any: by role",
			policy: oneStep(calendar.RequireAny, nil, "strategist"),
			acts:   []act{{action: calendar.ActionApprove, actor: lucia, roles: strat, minutes: 5}},
			status: calendar.ApprovalApproved, step: 1,
		},
		{
			name:   "all: every member must approve",
			policy: oneStep(calendar.RequireAll, []uuid.UUID{lucia, marco}),
			acts: []act{
				{action: calendar.ActionApprove, actor: lucia, minutes: 5},
				{action: calendar.ActionApprove, actor: lucia, minutes: 6, wantErr: calendar.ErrAlreadyApproved},
			},
			status: calendar.ApprovalPending, step: 0,
		},
		{
			name:   "all: members and a role",
			policy: oneStep(calendar.RequireAll, []uuid.UUID{lucia}, "strategist"),
			acts: []act{
				{action: calendar.ActionApprove, actor: lucia, minutes: 5},
				{action: calendar.ActionApprove, actor: marco, roles: cm, minutes: 6, wantErr: calendar.ErrNotApprover},
				{action: calendar.ActionApprove, actor: marco, roles: strat, minutes: 7},
			},
			status: calendar.ApprovalApproved, step: 1,
		},
		{
			name:   "all: a role already covered takes no second approval",
			policy: oneStep(calendar.RequireAll, []uuid.UUID{lucia}, "strategist"),
			acts: []act{
				{action: calendar.ActionApprove, actor: marco, roles: strat, minutes: 5},
				{action: calendar.ActionApprove, actor: nadia, roles: strat, minutes: 6, wantErr: calendar.ErrNotApprover},
				{action: calendar.ActionApprove, actor: lucia, minutes: 7},
			},
			status: calendar.ApprovalApproved, step: 1,
		},
		{
			name:   "all: one approval meets a member and a role at once",
			policy: oneStep(calendar.RequireAll, []uuid.UUID{lucia}, "strategist"),
			acts:   []act{{action: calendar.ActionApprove, actor: lucia, roles: strat, minutes: 5}},
			status: calendar.ApprovalApproved, step: 1,
		},
		{
			name:   "self-approval is refused, even by a listed member with the role",
			policy: oneStep(calendar.RequireAny, []uuid.UUID{author, lucia}, "community_manager"),
			acts: []act{
				{action: calendar.ActionApprove, actor: author, roles: cm, minutes: 5, wantErr: calendar.ErrSelfApproval},
				{action: calendar.ActionReject, actor: author, roles: cm, minutes: 5, wantErr: calendar.ErrSelfApproval},
			},
			status: calendar.ApprovalPending, step: 0,
		},
		{
			name:   "a non-approver is refused",
			policy: oneStep(calendar.RequireAny, []uuid.UUID{lucia}, "strategist"),
			acts: []act{
				{action: calendar.ActionApprove, actor: marco, roles: cm, minutes: 5, wantErr: calendar.ErrNotApprover},
				{action: calendar.ActionApprove, actor: uuid.Nil, roles: strat, minutes: 5, wantErr: calendar.ErrApprovalEvent},
			},
			status: calendar.ApprovalPending, step: 0,
		},
		{
			name:   "reject ends it",
			policy: two,
			acts: []act{
				{action: calendar.ActionApprove, actor: lucia, roles: strat, minutes: 10},
				{action: calendar.ActionReject, actor: nadia, minutes: 20},
				{action: calendar.ActionApprove, actor: nadia, minutes: 21, wantErr: calendar.ErrAlreadyDecided},
				{action: calendar.ActionExpire, minutes: 500, wantErr: calendar.ErrAlreadyDecided},
			},
			status: calendar.ApprovalRejected, step: 1,
			wantTrail: []calendar.ApprovalAction{calendar.ActionRequest, calendar.ActionApprove, calendar.ActionReject},
		},
		{
			name:   "each step's time counts from the approval before it",
			policy: two,
			acts: []act{
				{action: calendar.ActionApprove, actor: lucia, roles: strat, minutes: 59},
				{action: calendar.ActionApprove, actor: nadia, minutes: 118},
			},
			status: calendar.ApprovalApproved, step: 2,
		},
		{
			name:   "a step expires at its deadline, and Expire records it",
			policy: two,
			acts: []act{
				{action: calendar.ActionExpire, minutes: 59, wantErr: calendar.ErrNotExpired},
				{action: calendar.ActionApprove, actor: lucia, roles: strat, minutes: 60, wantErr: calendar.ErrStepExpired},
				{action: calendar.ActionReject, actor: lucia, roles: strat, minutes: 61, wantErr: calendar.ErrStepExpired},
				{action: calendar.ActionExpire, minutes: 60},
				{action: calendar.ActionApprove, actor: lucia, roles: strat, minutes: 61, wantErr: calendar.ErrAlreadyDecided},
			},
			status: calendar.ApprovalExpired, step: 0,
		},
		{
			name:   "a step without an expiry never expires",
			policy: oneStep(calendar.RequireAny, []uuid.UUID{lucia}),
			acts: []act{
				{action: calendar.ActionExpire, minutes: 1 << 20, wantErr: calendar.ErrNotExpired},
				{action: calendar.ActionApprove, actor: lucia, minutes: 1 << 20},
			},
			status: calendar.ApprovalApproved, step: 1,
		},
		{
			name:   "an event before the last one is refused",
			policy: oneStep(calendar.RequireAll, []uuid.UUID{lucia, marco}),
			acts: []act{
				{action: calendar.ActionApprove, actor: lucia, minutes: 10},
				{action: calendar.ActionApprove, actor: marco, minutes: 9, wantErr: calendar.ErrApprovalEvent},
				{action: calendar.ActionApprove, actor: marco, minutes: 10},
			},
			status: calendar.ApprovalApproved, step: 1,
			wantTrail: []calendar.ApprovalAction{calendar.ActionRequest, calendar.ActionApprove, calendar.ActionApprove},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := run(t, tt.policy, tt.acts)
			assert.Equal(t, tt.status, a.Status())
			assert.Equal(t, tt.step, a.Step())
			require.NoError(t, a.Validate())
			if tt.wantTrail != nil {
				var got []calendar.ApprovalAction
				for i, ev := range a.Trail {
					got = append(got, ev.Action)
					if i > 0 {
						assert.False(t, ev.At.Before(a.Trail[i-1].At), "the trail is in time order")
					}
				}
				assert.Equal(t, tt.wantTrail, got)
			}
		})
	}
}

func TestApprovalTrailRecordsWhoDidWhatAndWhen(t *testing.T) {
	p := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
		{Name: "brand", Roles: []string{"strategist"}, Require: calendar.RequireAny},
		{Name: "legal", Members: []uuid.UUID{nadia, marco}, Require: calendar.RequireAll},
	}}
	a := run(t, p, []act{
		{action: calendar.ActionApprove, actor: lucia, roles: []string{"strategist"}, minutes: 1},
		{action: calendar.ActionApprove, actor: marco, minutes: 2},
		{action: calendar.ActionApprove, actor: nadia, minutes: 3},
	})
	want := []calendar.ApprovalEvent{
		{Actor: author, Step: 0, Action: calendar.ActionRequest, At: requested},
		{Actor: lucia, Roles: []string{"strategist"}, Step: 0, Action: calendar.ActionApprove, At: requested.Add(time.Minute)},
		{Actor: marco, Step: 1, Action: calendar.ActionApprove, At: requested.Add(2 * time.Minute)},
		{Actor: nadia, Step: 1, Action: calendar.ActionApprove, At: requested.Add(3 * time.Minute)},
	}
	assert.Equal(t, want, a.Trail)
	assert.Equal(t, calendar.ApprovalApproved, a.Status())
	assert.Equal(t, requested, a.Requested())
	_, ok := a.Deadline()
	assert.False(t, ok, "a decided approval has no deadline")
}

func TestApprovalDoesNotShareItsTrail(t *testing.T) {
	p := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Members: []uuid.UUID{lucia, marco, nadia}, Require: calendar.RequireAll}}}
	a, err := calendar.RequestApproval(p, author, requested)
	require.NoError(t, err)
	roles := []string{"x"}
	b, err := a.Approve(lucia, roles, requested.Add(time.Minute))
	require.NoError(t, err)
	roles[0] = "changed"
	c1, err := b.Approve(marco, nil, requested.Add(2*time.Minute))
	require.NoError(t, err)
	c2, err := b.Approve(nadia, nil, requested.Add(2*time.Minute))
	require.NoError(t, err)
	assert.Equal(t, marco, c1.Trail[2].Actor, "two approvals from one state do not overwrite each other")
	assert.Equal(t, nadia, c2.Trail[2].Actor)
	assert.Equal(t, []string{"x"}, b.Trail[1].Roles, "the caller's slice is copied")
}

// Expiry is elapsed time: 48 hours from Saturday 10:00 in Madrid, the day
// before clocks spring forward, end on Monday at 11:00 local time.
func TestApprovalExpiryAcrossDSTInMadrid(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	p := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
		{Name: "brand", Members: []uuid.UUID{lucia}, Require: calendar.RequireAny, Expires: calendar.Duration(48 * time.Hour)},
	}}
	sat := calendar.Date(2026, 3, 28, 10, 0, 0, 0, madrid)
	fallSat := calendar.Date(2026, 10, 24, 10, 0, 0, 0, madrid)
	tests := []struct {
		name      string
		requested time.Time
		at        time.Time
		wantErr   error
	}{
		{"spring: Monday 10:30 local is 47h30m later", sat, calendar.Date(2026, 3, 30, 10, 30, 0, 0, madrid), nil},
		{"spring: Monday 10:59 local is still in time", sat, calendar.Date(2026, 3, 30, 10, 59, 0, 0, madrid), nil},
		{"spring: Monday 11:00 local is 48h later", sat, calendar.Date(2026, 3, 30, 11, 0, 0, 0, madrid), calendar.ErrStepExpired},
		{"autumn: Monday 09:30 local is 48h30m later", fallSat, calendar.Date(2026, 10, 26, 9, 30, 0, 0, madrid), calendar.ErrStepExpired},
		{"autumn: Monday 08:59 local is in time", fallSat, calendar.Date(2026, 10, 26, 8, 59, 0, 0, madrid), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := calendar.RequestApproval(p, author, tt.requested)
			require.NoError(t, err)
			deadline, ok := a.Deadline()
			require.True(t, ok)
			assert.Equal(t, 48*time.Hour, deadline.Sub(tt.requested))
			_, err = a.Approve(lucia, nil, tt.at)
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
				assert.Equal(t, calendar.ApprovalExpired, a.StatusAt(tt.at))
				assert.Equal(t, calendar.ApprovalPending, a.Status(), "until Expire records it")
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, calendar.ApprovalPending, a.StatusAt(tt.at))
		})
	}
	a, err := calendar.RequestApproval(p, author, sat)
	require.NoError(t, err)
	deadline, _ := a.Deadline()
	assert.Equal(t, "2026-03-30 11:00", deadline.In(madrid).Format("2006-01-02 15:04"))
}

func TestApprovalPolicyValidate(t *testing.T) {
	tests := []struct {
		name   string
		policy calendar.ApprovalPolicy
		want   map[string]validation.Code
	}{
		{"no steps", calendar.ApprovalPolicy{}, map[string]validation.Code{"steps": validation.CodeRequired}},
		{"a step without approvers or requirement", calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{}}},
			map[string]validation.Code{"steps[0].members": validation.CodeRequired, "steps[0].require": validation.CodeRequired}},
		{"bad approvers", calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
			{Members: []uuid.UUID{lucia}, Require: calendar.RequireAny},
			{Members: []uuid.UUID{lucia, uuid.Nil, lucia}, Roles: []string{"strategist", " ", "strategist"}, Require: "most", Expires: -1},
		}}, map[string]validation.Code{
			"steps[1].members[1]": validation.CodeRequired, "steps[1].members[2]": validation.CodeDuplicate,
			"steps[1].roles[1]": validation.CodeRequired, "steps[1].roles[2]": validation.CodeDuplicate,
			"steps[1].require": validation.CodeNotSupported, "steps[1].expires": validation.CodeOutOfRange,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var verr *validation.Error
			require.ErrorAs(t, tt.policy.Validate(), &verr)
			got := map[string]validation.Code{}
			for _, fe := range verr.Errors {
				got[fe.Path] = fe.Code
			}
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := calendar.RequestApproval(calendar.ApprovalPolicy{}, uuid.Nil, time.Time{})
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	assert.Len(t, verr.Errors, 3)
}

func TestApprovalValidateReplaysTheTrail(t *testing.T) {
	p := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Members: []uuid.UUID{lucia}, Require: calendar.RequireAny}}}
	good, err := calendar.RequestApproval(p, author, requested)
	require.NoError(t, err)
	good, err = good.Approve(lucia, nil, requested.Add(time.Hour))
	require.NoError(t, err)
	require.NoError(t, good.Validate())

	forged := good
	forged.Trail = append([]calendar.ApprovalEvent(nil), good.Trail...)
	forged.Trail[1].Actor = author
	var verr *validation.Error
	require.ErrorAs(t, forged.Validate(), &verr)
	assert.Equal(t, "trail[1]", verr.Errors[0].Path)
	assert.Equal(t, calendar.ApprovalPending, forged.Status(), "a trail that does not replay never counts as approved")
	_, err = forged.Approve(marco, nil, requested.Add(2*time.Hour))
	assert.ErrorAs(t, err, &verr)

	noRequest := good
	noRequest.Trail = good.Trail[1:]
	assert.Error(t, noRequest.Validate())
	assert.Error(t, calendar.Approval{}.Validate())
}

func TestApprovalJSONRoundTrip(t *testing.T) {
	p := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
		{Name: "brand", Roles: []string{"strategist"}, Require: calendar.RequireAny, Expires: calendar.Duration(36 * time.Hour)},
		{Name: "legal", Members: []uuid.UUID{nadia}, Require: calendar.RequireAll},
	}}
	a, err := calendar.RequestApproval(p, author, requested)
	require.NoError(t, err)
	a, err = a.Approve(lucia, []string{"strategist"}, requested.Add(time.Hour))
	require.NoError(t, err)
	a, err = a.Reject(nadia, nil, requested.Add(2*time.Hour), "claims need a source")
	require.NoError(t, err)
	data, err := json.Marshal(a)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"expires":"36h0m0s"`)
	var back calendar.Approval
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, a, back)

	var strict calendar.Approval
	assert.Error(t, json.Unmarshal([]byte(`{"Author":"00000000-0000-0000-0000-00000000000a"}`), &strict), "keys are exact")
	assert.Error(t, json.Unmarshal([]byte(`{"policy":{"steps":[{"require":"most"}]}}`), &strict), "enums are strict")

	for _, v := range []calendar.Require{calendar.RequireAny, calendar.RequireAll} {
		text, err := v.MarshalText()
		require.NoError(t, err)
		var back calendar.Require
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, v, back)
	}
	var s calendar.ApprovalStatus
	assert.ErrorIs(t, s.UnmarshalText([]byte("done")), validation.ErrUnknownValue)
	assert.True(t, calendar.ApprovalExpired.IsValid())
	assert.False(t, calendar.ApprovalAction("approved").IsValid())
	_, err = calendar.ApprovalAction("nope").MarshalText()
	assert.Error(t, err)
}

func TestEntryTransitionNeedsItsApproval(t *testing.T) {
	p := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Members: []uuid.UUID{lucia}, Require: calendar.RequireAny}}}
	pending, err := calendar.RequestApproval(p, author, requested)
	require.NoError(t, err)
	approved, err := pending.Approve(lucia, nil, requested.Add(time.Hour))
	require.NoError(t, err)
	rejected, err := pending.Reject(lucia, nil, requested.Add(time.Hour), "no")
	require.NoError(t, err)
	tests := []struct {
		name     string
		from, to calendar.Status
		approval *calendar.Approval
		ok       bool
	}{
		{"no approval: the lifecycle alone", calendar.StatusInReview, calendar.StatusApproved, nil, true},
		{"pending approval blocks approved", calendar.StatusInReview, calendar.StatusApproved, &pending, false},
		{"rejected approval blocks approved", calendar.StatusInReview, calendar.StatusApproved, &rejected, false},
		{"approved approval lets it through", calendar.StatusInReview, calendar.StatusApproved, &approved, true},
		{"pending approval blocks scheduled", calendar.StatusPaused, calendar.StatusScheduled, &pending, false},
		{"pending approval may go to review", calendar.StatusDraft, calendar.StatusInReview, &pending, true},
		{"a decided approval is not reviewed again", calendar.StatusDraft, calendar.StatusInReview, &approved, false},
		{"back to draft is always allowed", calendar.StatusApproved, calendar.StatusDraft, &approved, true},
		{"cancel is always allowed", calendar.StatusInReview, calendar.StatusCancelled, &pending, true},
		{"the lifecycle comes first", calendar.StatusDraft, calendar.StatusApproved, &approved, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := calendar.Entry{Status: tt.from, Approval: tt.approval}
			err := e.Transition(tt.to)
			if tt.ok {
				require.NoError(t, err)
				assert.Equal(t, tt.to, e.Status)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, calendar.ErrIllegalTransition)
			assert.Equal(t, tt.from, e.Status)
			var are *calendar.ApprovalRequiredError
			if errors.As(err, &are) {
				assert.ErrorIs(t, err, calendar.ErrApprovalRequired)
				assert.Equal(t, tt.approval.Status(), are.Approval)
			} else {
				assert.False(t, calendar.CanTransition(tt.from, tt.to))
			}
		})
	}
}

func TestEntryWithApprovalValidatesAndRoundTrips(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	p := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Members: []uuid.UUID{lucia}, Require: calendar.RequireAny}}}
	pending, err := calendar.RequestApproval(p, author, requested)
	require.NoError(t, err)
	e := calendar.Entry{
		ID: uuid.MustParse("1f0e4c52-7d1a-4c1e-9a51-0b6f1d2c3e4f"), Channel: channel.Facebook,
		At: calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid), Text: "Spring menu", Status: calendar.StatusApproved,
		Approval: &pending,
	}
	var verr *validation.Error
	require.ErrorAs(t, e.Validate(), &verr)
	require.Len(t, verr.Errors, 1)
	assert.Equal(t, "approval", verr.Errors[0].Path)
	assert.Equal(t, validation.CodeConflict, verr.Errors[0].Code)

	e.Status = calendar.StatusInReview
	require.NoError(t, e.Validate())
	data, err := json.Marshal(e)
	require.NoError(t, err)
	var back calendar.Entry
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, e.Approval, back.Approval)
	require.NoError(t, json.Unmarshal([]byte(`{"id":"1f0e4c52-7d1a-4c1e-9a51-0b6f1d2c3e4f","channel":"x","status":"draft"}`), &back))
	assert.Nil(t, back.Approval, "an entry without an approval reads back without one")

	bad := pending
	bad.Author = uuid.Nil
	e.Approval = &bad
	require.ErrorAs(t, e.Validate(), &verr)
	assert.Equal(t, "approval.author", verr.Errors[0].Path)

	err = json.Unmarshal([]byte(`{"id":"1f0e4c52-7d1a-4c1e-9a51-0b6f1d2c3e4f","channel":"x","status":"draft","approval":{"Trail":[]}}`), &back)
	assert.Error(t, err, "an entry's approval decodes strictly")
}
