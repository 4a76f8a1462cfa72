package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// Require says how many of a step's approvers must approve it.
type Require string

// The ways a step is approved.
const (
	// RequireAny: one approval by any of the step's approvers (a listed
	// member, or anyone who holds a listed role) completes the step.
	RequireAny Require = "any"
	// RequireAll: every listed member approves, and for every listed role
	// someone who holds it approves. One approval counts for every
	// requirement its actor meets (a listed member who holds a listed role
	// meets both); list two members to have two people approve.
	RequireAll Require = "all"
)

var requires = []Require{RequireAny, RequireAll}

// IsValid reports whether r is a known requirement.
func (r Require) IsValid() bool { return enum.Valid(r, requires) }

// String returns the identifier of r.
func (r Require) String() string { return string(r) }

// MarshalText encodes r; an unknown value is an error.
func (r Require) MarshalText() ([]byte, error) { return enum.Marshal("calendar.Require", r, requires) }

// UnmarshalText accepts exactly the known identifiers.
func (r *Require) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.Require", text, requires, r)
}

// ApprovalAction is what an event of an approval's trail records.
type ApprovalAction string

// The actions of an approval's trail.
const (
	// ActionRequest: the author asks for approval. It is the first event
	// of every trail and only the first.
	ActionRequest ApprovalAction = "request"
	// ActionApprove: an approver approves the current step.
	ActionApprove ApprovalAction = "approve"
	// ActionReject: an approver rejects; the approval ends rejected.
	ActionReject ApprovalAction = "reject"
	// ActionExpire: the current step's time ran out; the approval ends
	// expired. Its actor is uuid.Nil: nobody did it.
	ActionExpire ApprovalAction = "expire"
)

var approvalActions = []ApprovalAction{ActionRequest, ActionApprove, ActionReject, ActionExpire}

// IsValid reports whether a is a known action.
func (a ApprovalAction) IsValid() bool { return enum.Valid(a, approvalActions) }

// String returns the identifier of a.
func (a ApprovalAction) String() string { return string(a) }

// MarshalText encodes a; an unknown value is an error.
func (a ApprovalAction) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.ApprovalAction", a, approvalActions)
}

// UnmarshalText accepts exactly the known identifiers.
func (a *ApprovalAction) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.ApprovalAction", text, approvalActions, a)
}

// ApprovalStatus is where an [Approval] stands.
type ApprovalStatus string

// The statuses of an approval.
const (
	// ApprovalPending: a step still waits for its approvers.
	ApprovalPending ApprovalStatus = "pending"
	// ApprovalApproved: every step is approved. Final.
	ApprovalApproved ApprovalStatus = "approved"
	// ApprovalRejected: an approver rejected it. Final.
	ApprovalRejected ApprovalStatus = "rejected"
	// ApprovalExpired: a step's time ran out. Final.
	ApprovalExpired ApprovalStatus = "expired"
)

var approvalStatuses = []ApprovalStatus{ApprovalPending, ApprovalApproved, ApprovalRejected, ApprovalExpired}

// IsValid reports whether s is a known status.
func (s ApprovalStatus) IsValid() bool { return enum.Valid(s, approvalStatuses) }

// String returns the identifier of s.
func (s ApprovalStatus) String() string { return string(s) }

// MarshalText encodes s; an unknown value is an error.
func (s ApprovalStatus) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.ApprovalStatus", s, approvalStatuses)
}

// UnmarshalText accepts exactly the known identifiers.
func (s *ApprovalStatus) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.ApprovalStatus", text, approvalStatuses, s)
}

// The errors of the approval state machine. Each is wrapped with the
// actor, the step and the times involved; match them with errors.Is.
var (
	// ErrSelfApproval: the author of what is to be approved may not
	// approve or reject it.
	ErrSelfApproval = errors.New("calendar: the author may not approve their own work")
	// ErrNotApprover: the actor is not an approver of the current step,
	// or what they may approve in it is already approved.
	ErrNotApprover = errors.New("calendar: not an approver of the current step")
	// ErrAlreadyApproved: the actor already approved the current step.
	ErrAlreadyApproved = errors.New("calendar: already approved this step")
	// ErrStepExpired: the current step's time ran out before the action.
	ErrStepExpired = errors.New("calendar: the approval step has expired")
	// ErrNotExpired: Expire was called before the current step's time
	// ran out, or for a step that never expires.
	ErrNotExpired = errors.New("calendar: the approval step has not expired")
	// ErrAlreadyDecided: the approval is already approved, rejected or
	// expired; nothing more can happen to it.
	ErrAlreadyDecided = errors.New("calendar: the approval is already decided")
	// ErrApprovalEvent: an event without an actor or a time, with a time
	// outside the years 1 to 9999 or before the event before it, for
	// another step than the current one, or a second request.
	ErrApprovalEvent = errors.New("calendar: malformed approval event")
	// ErrApprovalRequired is matched by every *ApprovalRequiredError: an
	// entry whose approval does not allow the move.
	ErrApprovalRequired = errors.New("calendar: the entry's approval does not allow this move")
)

// ApprovalStep is one step of an [ApprovalPolicy]: who may approve it, how
// many of them must, and for how long.
type ApprovalStep struct {
	// Name says what the step checks ("legal", "brand lead").
	Name string `json:"name,omitempty"`
	// Members are approvers by member ID (strategy.Member.ID).
	Members []uuid.UUID `json:"members,omitempty"`
	// Roles are approvers by role: anyone who holds one of them. They are
	// strategy.Role values ("strategist", "community_manager"); calendar
	// cannot name that type, and compares them as plain strings with the
	// roles an actor presents.
	Roles []string `json:"roles,omitempty"`
	// Require says whether any approver, or all of them, must approve.
	Require Require `json:"require"`
	// Expires is how long the step may be approved once it is requested:
	// elapsed time from the request (step 0) or from the approval that
	// completed the step before. It is a duration of elapsed time, not of
	// wall-clock time: 48h requested on the Saturday 10:00 before a
	// spring-forward night in Europe/Madrid ends on Monday at 11:00 local
	// time. The step may be approved strictly before that instant. Zero
	// means the step never expires.
	Expires Duration `json:"expires,omitzero"`
}

// ApprovalPolicy is who must approve something, step after step, before it
// may go out: a post ([Entry.Approval]) or a reply that holds phrases
// needing approval (package community). Nobody approves their own work.
type ApprovalPolicy struct {
	// Steps are approved in order; each starts when the one before it is
	// approved.
	Steps []ApprovalStep `json:"steps"`
}

// Validate reports every problem with p: no steps, a step without
// approvers, a nil, repeated or empty approver, an unknown requirement and
// a negative expiry, at paths such as steps[1].members[0].
func (p ApprovalPolicy) Validate() error { return p.validate(nil).Err() }

func (p ApprovalPolicy) validate(at *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	if len(p.Steps) == 0 {
		return append(list, validation.Required(at.Child("steps"), "a policy has at least one step"))
	}
	for i, s := range p.Steps {
		sp := at.Child("steps").Index(i)
		if len(s.Members) == 0 && len(s.Roles) == 0 {
			list = append(list, validation.Required(sp.Child("members"), "a step names its approvers by member or by role"))
		}
		seen := make(map[uuid.UUID]bool, len(s.Members))
		for j, m := range s.Members {
			switch {
			case m == uuid.Nil:
				list = append(list, validation.Required(sp.Child("members").Index(j), ""))
			case seen[m]:
				list = append(list, validation.Duplicate(sp.Child("members").Index(j), m.String()))
			}
			seen[m] = true
		}
		roles := make(map[string]bool, len(s.Roles))
		for j, r := range s.Roles {
			switch {
			case strings.TrimSpace(r) == "":
				list = append(list, validation.Required(sp.Child("roles").Index(j), ""))
			case roles[r]:
				list = append(list, validation.Duplicate(sp.Child("roles").Index(j), r))
			}
			roles[r] = true
		}
		switch {
		case s.Require == "":
			list = append(list, validation.Required(sp.Child("require"), `"any" or "all"`))
		case !s.Require.IsValid():
			list = append(list, validation.NotSupported(sp.Child("require"), string(s.Require), requires))
		}
		if s.Expires < 0 {
			list = append(list, validation.OutOfRange(sp.Child("expires"), s.Expires.String(), "must not be negative (zero never expires)"))
		}
	}
	return list
}

// ApprovalEvent is one line of an approval's audit trail: who did what,
// to which step, when.
type ApprovalEvent struct {
	// Actor is the member who acted (strategy.Member.ID); uuid.Nil for an
	// expiry, which nobody does.
	Actor uuid.UUID `json:"actor,omitzero"`
	// Roles are the roles the actor presented (strategy.Role values), as
	// the caller's team said when the event happened.
	Roles []string `json:"roles,omitempty"`
	// Step is the index of the step acted on; a request is on step 0.
	Step int `json:"step"`
	// Action is what happened.
	Action ApprovalAction `json:"action"`
	// At is when it happened: an instant, compared as elapsed time.
	At time.Time `json:"at"`
	// Note is the actor's comment, such as the reason for a rejection.
	Note string `json:"note,omitempty"`
}

// Approval is the state of one request for approval under a policy: the
// policy it follows, its author and its audit trail. Everything else (the
// status, the current step, its deadline) is read from the trail, so a
// stored approval cannot say two things at once.
//
// An Approval is a value: Approve, Reject, Expire and Apply return a new
// one with one more event and never change the receiver or share its
// trail.
type Approval struct {
	// Policy is the policy the approval follows, copied when it was
	// requested: a later change of the plan's policy does not change it.
	Policy ApprovalPolicy `json:"policy"`
	// Author is the member whose work is to be approved
	// (strategy.Member.ID). The author approves no step.
	Author uuid.UUID `json:"author"`
	// Trail is every event in the order it happened, starting with the
	// author's request.
	Trail []ApprovalEvent `json:"trail"`
}

// UnmarshalJSON decodes an Approval strictly: keys exactly as the fields'
// JSON names, each once (a *validation.Error with every problem).
func (a *Approval) UnmarshalJSON(data []byte) error {
	type plain Approval
	return strictjson.Plain(data, a, (*plain)(a))
}

// RequestApproval starts an approval of author's work under policy, at
// instant at. A policy that does not validate, a nil author or a zero time
// is a *validation.Error.
func RequestApproval(policy ApprovalPolicy, author uuid.UUID, at time.Time) (Approval, error) {
	list := policy.validate(validation.NewPath("policy"))
	if author == uuid.Nil {
		list = append(list, validation.Required(validation.NewPath("author"), ""))
	}
	if at.IsZero() || !inYears(at) {
		list = append(list, validation.OutOfRange(validation.NewPath("at"), at, "a time within the years 1 to 9999 is required"))
	}
	if err := list.Err(); err != nil {
		return Approval{}, err
	}
	return Approval{
		Policy: policy,
		Author: author,
		Trail:  []ApprovalEvent{{Actor: author, Step: 0, Action: ActionRequest, At: at}},
	}, nil
}

// Approve records actor's approval of the current step at instant at.
// actorRoles are the roles the actor holds (strategy.Role values), which
// the caller reads from its team. It returns the new approval, whose
// status is approved when this was the last approval the last step
// needed. It fails, returning the receiver unchanged, with
// ErrSelfApproval for the author, ErrNotApprover for someone who is not an
// approver of the step (or whose part of it is already approved),
// ErrAlreadyApproved for a second approval by the same actor,
// ErrStepExpired at or after the step's deadline, ErrAlreadyDecided once
// the approval is decided, and ErrApprovalEvent for a time before the
// last event.
func (a Approval) Approve(actor uuid.UUID, actorRoles []string, at time.Time) (Approval, error) {
	return a.Apply(ApprovalEvent{Actor: actor, Roles: actorRoles, Action: ActionApprove, At: at, Step: a.Step()})
}

// Reject records actor's rejection of the current step at instant at,
// with a reason; it ends the approval. Who may reject is who may approve
// the step; the errors are Approve's.
func (a Approval) Reject(actor uuid.UUID, actorRoles []string, at time.Time, reason string) (Approval, error) {
	return a.Apply(ApprovalEvent{Actor: actor, Roles: actorRoles, Action: ActionReject, At: at, Step: a.Step(), Note: reason})
}

// Expire records, at instant at, that the current step's time ran out; it
// ends the approval. Before the step's deadline, or for a step without
// one, it fails with ErrNotExpired.
func (a Approval) Expire(at time.Time) (Approval, error) {
	return a.Apply(ApprovalEvent{Action: ActionExpire, At: at, Step: a.Step()})
}

// Apply records ev, an approval, rejection or expiry of the current step
// (ev.Step must be the current step), and returns the new approval with ev
// at the end of its trail. An event the state does not allow is an error
// (see Approve) and the receiver is returned unchanged; an approval whose
// own trail does not replay is a *validation.Error.
func (a Approval) Apply(ev ApprovalEvent) (Approval, error) {
	st, err := a.replay()
	if err != nil {
		return a, err
	}
	if err := st.apply(&a.Policy, a.Author, ev, len(a.Trail)); err != nil {
		return a, err
	}
	trail := make([]ApprovalEvent, len(a.Trail), len(a.Trail)+1)
	copy(trail, a.Trail)
	ev.Roles = slices.Clone(ev.Roles)
	next := a
	next.Trail = append(trail, ev)
	return next, nil
}

// Status returns where the approval stands by its trail: pending until
// every step is approved, or it is rejected or expired. An approval whose
// trail does not replay (see Validate) is pending: it never counts as
// approved.
func (a Approval) Status() ApprovalStatus {
	st, err := a.replay()
	if err != nil {
		return ApprovalPending
	}
	return st.status
}

// StatusAt is Status as of instant at: a pending approval whose current
// step's deadline is at or before at is expired, whether or not Expire
// recorded it.
func (a Approval) StatusAt(at time.Time) ApprovalStatus {
	st, err := a.replay()
	if err != nil {
		return ApprovalPending
	}
	if st.status == ApprovalPending && st.expired(&a.Policy, at) {
		return ApprovalExpired
	}
	return st.status
}

// Step returns the index of the current step: the step waiting for
// approval, or the step that was rejected or expired; len(Policy.Steps)
// once every step is approved. It is 0 for an approval whose trail does
// not replay.
func (a Approval) Step() int {
	st, err := a.replay()
	if err != nil {
		return 0
	}
	return st.step
}

// Deadline returns the instant at which the current step expires, and
// false when the approval is decided or the step never expires.
func (a Approval) Deadline() (time.Time, bool) {
	st, err := a.replay()
	if err != nil || st.status != ApprovalPending {
		return time.Time{}, false
	}
	exp := a.Policy.Steps[st.step].Expires
	if exp <= 0 {
		return time.Time{}, false
	}
	return st.started.Add(exp.Std()), true
}

// Requested returns when the approval was requested: the time of the
// first event, or the zero time for an empty trail.
func (a Approval) Requested() time.Time {
	if len(a.Trail) == 0 {
		return time.Time{}
	}
	return a.Trail[0].At
}

// Validate reports every problem with a: a policy that does not validate,
// a missing author, an empty trail or one that does not start with the
// author's request, and the first event of the trail that the policy does
// not allow (at trail[i], with the reason).
func (a Approval) Validate() error {
	list := a.Policy.validate(validation.NewPath("policy"))
	if a.Author == uuid.Nil {
		list = append(list, validation.Required(validation.NewPath("author"), ""))
	}
	if len(list) > 0 {
		return list.Err()
	}
	_, err := a.replay()
	return err
}

// approvalState is an approval replayed from its trail.
type approvalState struct {
	status  ApprovalStatus
	step    int
	started time.Time // when the current step started
	last    time.Time // the time of the last event
	// approvers and covered are the current step's actors who approved
	// and the members and roles their approvals cover.
	approvers map[uuid.UUID]bool
	members   map[uuid.UUID]bool
	roles     map[string]bool
}

// replay rebuilds the state from the trail, or returns a *validation.Error
// at the first event that the policy does not allow. A policy that does
// not validate replays nothing: an approval under it is never approved.
func (a Approval) replay() (approvalState, error) {
	var st approvalState
	if list := a.Policy.validate(validation.NewPath("policy")); len(list) > 0 {
		return st, list.Err()
	}
	if len(a.Policy.Steps) == 0 || a.Author == uuid.Nil {
		return st, validation.ErrorList{validation.Invalid(validation.NewPath("policy"), nil, "an approval needs a policy with steps and an author")}.Err()
	}
	if len(a.Trail) == 0 {
		return st, validation.ErrorList{validation.Required(validation.NewPath("trail"), "a trail starts with the author's request")}.Err()
	}
	first := a.Trail[0]
	if first.Action != ActionRequest || first.Actor != a.Author || first.Step != 0 || first.At.IsZero() || !inYears(first.At) {
		return st, validation.ErrorList{validation.Invalid(validation.NewPath("trail").Index(0), nil,
			"the first event is the author's request of step 0, with a time within the years 1 to 9999")}.Err()
	}
	st = approvalState{status: ApprovalPending, started: first.At, last: first.At}
	for i, ev := range a.Trail[1:] {
		if err := st.apply(&a.Policy, a.Author, ev, i+1); err != nil {
			return st, validation.ErrorList{validation.Invalid(validation.NewPath("trail").Index(i+1), string(ev.Action), err.Error())}.Err()
		}
	}
	return st, nil
}

func (st *approvalState) expired(p *ApprovalPolicy, at time.Time) bool {
	exp := p.Steps[st.step].Expires
	return exp > 0 && !at.Before(st.started.Add(exp.Std()))
}

// apply checks ev, the event at index n of the trail, against the state
// and, when it is allowed, moves the state past it.
func (st *approvalState) apply(p *ApprovalPolicy, author uuid.UUID, ev ApprovalEvent, n int) error {
	if st.status != ApprovalPending {
		return fmt.Errorf("%w: it is %s", ErrAlreadyDecided, st.status)
	}
	switch {
	case !ev.Action.IsValid() || ev.Action == ActionRequest:
		return fmt.Errorf("%w: event %d: action %q (approve, reject or expire after the request)", ErrApprovalEvent, n, string(ev.Action))
	case ev.At.IsZero() || !inYears(ev.At):
		return fmt.Errorf("%w: event %d: a time within the years 1 to 9999 is required", ErrApprovalEvent, n)
	case ev.At.Before(st.last):
		return fmt.Errorf("%w: event %d at %s is before the event before it (%s)", ErrApprovalEvent, n, ev.At.Format(time.RFC3339), st.last.Format(time.RFC3339))
	case ev.Step != st.step:
		return fmt.Errorf("%w: event %d is for step %d; the current step is %d", ErrApprovalEvent, n, ev.Step, st.step)
	}
	step := &p.Steps[st.step]
	deadline := func() string {
		return st.started.Add(step.Expires.Std()).Format(time.RFC3339)
	}
	if ev.Action == ActionExpire {
		if ev.Actor != uuid.Nil {
			return fmt.Errorf("%w: event %d: an expiry has no actor", ErrApprovalEvent, n)
		}
		if !st.expired(p, ev.At) {
			if step.Expires <= 0 {
				return fmt.Errorf("%w: step %d (%s) never expires", ErrNotExpired, st.step, step.label())
			}
			return fmt.Errorf("%w: step %d (%s) expires at %s", ErrNotExpired, st.step, step.label(), deadline())
		}
		st.status, st.last = ApprovalExpired, ev.At
		return nil
	}
	verb := "approve"
	if ev.Action == ActionReject {
		verb = "reject"
	}
	switch {
	case ev.Actor == uuid.Nil:
		return fmt.Errorf("%w: event %d has no actor", ErrApprovalEvent, n)
	case ev.Actor == author:
		return fmt.Errorf("%w: %s is the author and may not %s step %d (%s)", ErrSelfApproval, ev.Actor, verb, st.step, step.label())
	case st.expired(p, ev.At):
		return fmt.Errorf("%w: step %d (%s) expired at %s, before %s", ErrStepExpired, st.step, step.label(), deadline(), ev.At.Format(time.RFC3339))
	}
	asMember := slices.Contains(step.Members, ev.Actor)
	var asRoles []string
	for _, r := range step.Roles {
		if slices.Contains(ev.Roles, r) {
			asRoles = append(asRoles, r)
		}
	}
	if !asMember && len(asRoles) == 0 {
		return fmt.Errorf("%w: %s (roles %v) may not %s step %d (%s), which members %v and roles %v approve",
			ErrNotApprover, ev.Actor, ev.Roles, verb, st.step, step.label(), step.Members, step.Roles)
	}
	if st.approvers[ev.Actor] {
		return fmt.Errorf("%w: %s, step %d (%s)", ErrAlreadyApproved, ev.Actor, st.step, step.label())
	}
	if ev.Action == ActionReject {
		st.status, st.last = ApprovalRejected, ev.At
		return nil
	}
	done := step.Require == RequireAny
	if !done {
		covers := asMember && !st.members[ev.Actor]
		for _, r := range asRoles {
			covers = covers || !st.roles[r]
		}
		if !covers {
			return fmt.Errorf("%w: what %s may approve of step %d (%s) is already approved", ErrNotApprover, ev.Actor, st.step, step.label())
		}
		if st.approvers == nil {
			st.approvers, st.members, st.roles = map[uuid.UUID]bool{}, map[uuid.UUID]bool{}, map[string]bool{}
		}
		st.approvers[ev.Actor] = true
		if asMember {
			st.members[ev.Actor] = true
		}
		for _, r := range asRoles {
			st.roles[r] = true
		}
		done = len(st.members) == len(step.Members) && len(st.roles) == len(step.Roles)
	}
	st.last = ev.At
	if done {
		st.step++
		st.started = ev.At
		st.approvers, st.members, st.roles = nil, nil, nil
		if st.step == len(p.Steps) {
			st.status = ApprovalApproved
		}
	}
	return nil
}

// label names a step in messages.
func (s *ApprovalStep) label() string {
	if s.Name != "" {
		return fmt.Sprintf("%q", s.Name)
	}
	return "unnamed"
}

// ApprovalRequiredError reports an entry move that its approval does not
// allow. errors.Is matches both ErrApprovalRequired and
// ErrIllegalTransition.
type ApprovalRequiredError struct {
	// From and To are the move refused.
	From, To Status
	// Approval is the status of the entry's approval.
	Approval ApprovalStatus
	// Step is the approval's current step.
	Step int
}

// Error names the move and the approval's status.
func (e *ApprovalRequiredError) Error() string {
	if e.To == StatusInReview {
		return fmt.Sprintf("%v: from %q to %q: the entry's approval is already %s; attach a new request (RequestApproval) for another review",
			ErrApprovalRequired, e.From, e.To, e.Approval)
	}
	return fmt.Sprintf("%v: from %q to %q: the entry's approval is %s at step %d, not approved", ErrApprovalRequired, e.From, e.To, e.Approval, e.Step)
}

// Unwrap returns ErrApprovalRequired and ErrIllegalTransition.
func (e *ApprovalRequiredError) Unwrap() []error {
	return []error{ErrApprovalRequired, ErrIllegalTransition}
}

// checkApproval returns the error that refuses the move of an entry with
// approval a from one status to another, or nil.
func checkApproval(a *Approval, from, to Status) error {
	if a == nil {
		return nil
	}
	st := a.Status()
	switch to {
	case StatusApproved, StatusScheduled:
		if st != ApprovalApproved {
			return &ApprovalRequiredError{From: from, To: to, Approval: st, Step: a.Step()}
		}
	case StatusInReview:
		if st != ApprovalPending {
			return &ApprovalRequiredError{From: from, To: to, Approval: st, Step: a.Step()}
		}
	}
	return nil
}
