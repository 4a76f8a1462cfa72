package crisis

import "errors"

// Errors returned by the detector. Each is wrapped with the details of the
// signal; match them with errors.Is. A detector that returns one of them has
// not changed its state.
var (
	// ErrOutOfOrder: a signal (or an Advance) is earlier than the bucket the
	// detector is filling.
	ErrOutOfOrder = errors.New("crisis: signal out of order")
	// ErrDuplicate: a signal for the same bucket and channel was already
	// observed.
	ErrDuplicate = errors.New("crisis: duplicate signal")
	// ErrMisaligned: a signal's instant is not the start of a bucket (a
	// whole multiple of Detection.Bucket since the Unix epoch).
	ErrMisaligned = errors.New("crisis: signal not aligned to a bucket")
	// ErrInvalidSignal: a signal has an unknown channel, a negative or too
	// large count, parts that exceed the whole (more negative mentions
	// than mentions), or an instant that is zero (an unset time.Time) or
	// outside the years 1 to 9999.
	ErrInvalidSignal = errors.New("crisis: invalid signal")
	// ErrStateMismatch: a saved detector state belongs to a different plan
	// (its triggers or detection settings differ).
	ErrStateMismatch = errors.New("crisis: detector state belongs to another plan")
	// ErrBadState: a saved detector state is malformed or inconsistent,
	// or the detector was not built with NewDetector (a zero or nil
	// Detector, whose every method returns it).
	ErrBadState = errors.New("crisis: malformed detector state")
)

// Errors returned by incidents. Each is wrapped with details; match them
// with errors.Is. An incident that returns one of them has not changed.
var (
	// ErrIllegalEvent: the event is not allowed in the incident's current
	// state (acknowledging twice, escalating to a lower level, anything
	// after resolve, publishing before anyone acknowledged).
	ErrIllegalEvent = errors.New("crisis: illegal event")
	// ErrEventOrder: the event is earlier than the incident's opening or
	// than its last event.
	ErrEventOrder = errors.New("crisis: event out of order")
	// ErrUnknownLevel: a level name that the plan does not have.
	ErrUnknownLevel = errors.New("crisis: unknown level")
	// ErrNotApprover: a statement published by someone who is neither the
	// level's approver nor its backup approver. The error names the three
	// by member ID ([Incident.Record] knows no names; a drill prints the
	// names of DrillOptions.Names).
	ErrNotApprover = errors.New("crisis: not an approver of this level")
	// ErrNoStatement: the level has no holding statement for the channel,
	// or for the account the event names (see [Level.StatementFor]).
	ErrNoStatement = errors.New("crisis: no holding statement for this channel")
	// ErrUnknownStep: a playbook step name that the level does not have.
	ErrUnknownStep = errors.New("crisis: unknown playbook step")
	// ErrNotResolved: a review of an incident that is not resolved yet.
	ErrNotResolved = errors.New("crisis: incident not resolved")
	// ErrPlanMismatch: the incident was opened under a plan with another
	// name.
	ErrPlanMismatch = errors.New("crisis: incident belongs to another plan")
)
