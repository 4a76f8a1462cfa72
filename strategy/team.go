package strategy

import (
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/internal/enum"
)

// Role is a role a team member holds.
type Role string

// The roles. One person may hold both.
const (
	// RoleStrategist: the brain. Researches, sets the goal, objectives and
	// KPIs, plans campaigns, sets the community manager's tasks and reviews
	// the results.
	RoleStrategist Role = "strategist"
	// RoleCommunityManager: the body. Publishes on the routines, answers
	// the audience, watches the conversation and feeds insights back.
	RoleCommunityManager Role = "community_manager"
)

var roles = []Role{RoleStrategist, RoleCommunityManager}

// IsValid reports whether r is a known role.
func (r Role) IsValid() bool { return r == RoleStrategist || r == RoleCommunityManager }

// String returns the role's identifier.
func (r Role) String() string { return string(r) }

// MarshalText encodes a known role; an unknown one is an error.
func (r Role) MarshalText() ([]byte, error) {
	return enum.Marshal("strategy.Role", r, roles)
}

// UnmarshalText accepts exactly the known roles.
func (r *Role) UnmarshalText(text []byte) error {
	return enum.Unmarshal("strategy.Role", text, roles, r)
}

// Member is a person on the team.
//
// Every part of a plan that names a person refers to a member by ID: an
// assignment's setter and owner, a routine's or an entry's owner, the crisis
// ladder's handlers, approvers, notify lists and playbook owners; the
// community package's responses, insights and relationship moves, kept
// outside the plan, use the same IDs. Validate reports an ID in the plan
// that is not on the team. Names are for people to read (see
// [Strategy.MemberNames]): a member may change how their name is written
// without leaving anything they are responsible for.
type Member struct {
	// ID identifies the member; every reference to a person is this ID.
	// Plans written as Go code derive it with an IDSpace:
	// ids.ID("member", "lucia").
	ID uuid.UUID `json:"id"`
	// Name is the person's name, as people read it.
	Name string `json:"name"`
	// Roles are the roles the person holds: at least one.
	Roles []Role `json:"roles"`
	// WeeklyHours is the time the person gives the plan each week, in
	// hours (from 0 to 168).
	WeeklyHours decimal.Decimal `json:"weeklyHours"`
}

// MemberNames returns the team's names by member ID, for printing the
// people a plan's parts refer to: crisis.DrillOptions.Names, the
// calendar's export options. A member without an ID is left out; of two
// members with one ID (which Validate reports), the first is kept. The map
// is new on every call.
func (s *Strategy) MemberNames() map[uuid.UUID]string {
	names := make(map[uuid.UUID]string, len(s.Team))
	for _, m := range s.Team {
		if _, dup := names[m.ID]; m.ID != uuid.Nil && !dup {
			names[m.ID] = m.Name
		}
	}
	return names
}

// Holds reports whether m holds role r.
func (m Member) Holds(r Role) bool {
	for _, x := range m.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// AssignmentStatus is where an assignment stands.
type AssignmentStatus string

// The statuses of an assignment.
const (
	// AssignmentTodo: not started.
	AssignmentTodo AssignmentStatus = "todo"
	// AssignmentInProgress: being worked on.
	AssignmentInProgress AssignmentStatus = "in_progress"
	// AssignmentDone: finished.
	AssignmentDone AssignmentStatus = "done"
	// AssignmentCancelled: no longer needed.
	AssignmentCancelled AssignmentStatus = "cancelled"
)

var assignmentStatuses = []AssignmentStatus{AssignmentTodo, AssignmentInProgress, AssignmentDone, AssignmentCancelled}

// IsValid reports whether s is a known status.
func (s AssignmentStatus) IsValid() bool {
	for _, x := range assignmentStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Open reports whether work on an assignment in status s is still due:
// todo or in progress.
func (s AssignmentStatus) Open() bool { return s == AssignmentTodo || s == AssignmentInProgress }

// String returns the status's identifier.
func (s AssignmentStatus) String() string { return string(s) }

// MarshalText encodes a known status; an unknown one is an error.
func (s AssignmentStatus) MarshalText() ([]byte, error) {
	return enum.Marshal("strategy.AssignmentStatus", s, assignmentStatuses)
}

// UnmarshalText accepts exactly the known statuses.
func (s *AssignmentStatus) UnmarshalText(text []byte) error {
	return enum.Unmarshal("strategy.AssignmentStatus", text, assignmentStatuses, s)
}

// Assignment is a task the strategist sets for the community manager.
type Assignment struct {
	// ID identifies the assignment.
	ID uuid.UUID `json:"id"`
	// Title says what to do.
	Title string `json:"title"`
	// Detail says more.
	Detail string `json:"detail,omitempty"`
	// SetBy is the member who set it: a strategist.
	SetBy uuid.UUID `json:"setBy"`
	// Owner is the member who does it: a community manager. Verify reports
	// an assignment without one.
	Owner uuid.UUID `json:"owner,omitzero"`
	// Due is when it must be done. Verify reports an assignment without
	// one.
	Due time.Time `json:"due,omitzero"`
	// Status is where it stands.
	Status AssignmentStatus `json:"status"`
	// Objective and Campaign are what it serves, if anything.
	Objective uuid.UUID `json:"objective,omitzero"`
	Campaign  uuid.UUID `json:"campaign,omitzero"`
}
