package calendar

import (
	"errors"
	"fmt"

	"github.com/tandemsocial/tandem/internal/enum"
)

// Status is where an [Entry] is in its lifecycle. The zero value is not a
// valid status.
type Status string

// The lifecycle of an entry. See [Entry.Transition] for the moves allowed
// between them.
const (
	// StatusDraft: being written; not ready for review.
	StatusDraft Status = "draft"
	// StatusInReview: waiting for an approver.
	StatusInReview Status = "in_review"
	// StatusApproved: approved content, not yet handed to a publisher.
	StatusApproved Status = "approved"
	// StatusScheduled: handed to a publisher for its instant.
	StatusScheduled Status = "scheduled"
	// StatusPublished: went out. Final.
	StatusPublished Status = "published"
	// StatusFailed: the publisher tried and failed.
	StatusFailed Status = "failed"
	// StatusPaused: held back by a pause (see [Pause]); it resumes as
	// approved or scheduled, or is cancelled.
	StatusPaused Status = "paused"
	// StatusCancelled: will not be published. Final.
	StatusCancelled Status = "cancelled"
)

var allStatuses = []Status{
	StatusDraft, StatusInReview, StatusApproved, StatusScheduled,
	StatusPublished, StatusFailed, StatusPaused, StatusCancelled,
}

// statusMoves is the lifecycle table: from -> allowed targets. It is
// printed in the documentation of [Entry.Transition]; keep both in step.
var statusMoves = map[Status][]Status{
	StatusDraft:     {StatusInReview, StatusCancelled},
	StatusInReview:  {StatusDraft, StatusApproved, StatusCancelled},
	StatusApproved:  {StatusDraft, StatusScheduled, StatusPaused, StatusCancelled},
	StatusScheduled: {StatusApproved, StatusPublished, StatusFailed, StatusPaused, StatusCancelled},
	StatusFailed:    {StatusScheduled, StatusCancelled},
	StatusPaused:    {StatusApproved, StatusScheduled, StatusCancelled},
	StatusPublished: nil,
	StatusCancelled: nil,
}

// Statuses returns every status in lifecycle order. The slice is a copy.
func Statuses() []Status { return append([]Status(nil), allStatuses...) }

// IsValid reports whether s is a known status.
func (s Status) IsValid() bool {
	_, ok := statusMoves[s]
	return ok
}

// String returns the status's identifier, such as "in_review".
func (s Status) String() string { return string(s) }

// MarshalText encodes a known status; an unknown one is an error.
func (s Status) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.Status", s, allStatuses)
}

// UnmarshalText accepts exactly the identifiers of the known statuses; any
// other text is a *validation.EnumError listing them.
func (s *Status) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.Status", text, allStatuses, s)
}

// Final reports whether no transition leaves s (published, cancelled).
func (s Status) Final() bool { return s.IsValid() && len(statusMoves[s]) == 0 }

// Next returns the statuses an entry in status s may move to, in lifecycle
// order. The slice is a copy; it is empty for a final or unknown status.
func (s Status) Next() []Status { return append([]Status(nil), statusMoves[s]...) }

// CanTransition reports whether the lifecycle allows a move from one status
// to another. Staying in the same status is not a transition.
func CanTransition(from, to Status) bool {
	for _, s := range statusMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// ErrIllegalTransition is matched by every *TransitionError.
var ErrIllegalTransition = errors.New("calendar: illegal status transition")

// TransitionError reports a status change that the lifecycle does not allow.
// errors.Is(err, ErrIllegalTransition) matches it.
type TransitionError struct {
	From, To Status
}

// Error names both statuses and the moves that were possible.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("%v from %q to %q (allowed from %q: %v)", ErrIllegalTransition, e.From, e.To, e.From, statusMoves[e.From])
}

// Unwrap returns ErrIllegalTransition.
func (e *TransitionError) Unwrap() error { return ErrIllegalTransition }
