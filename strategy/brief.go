package strategy

import (
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/enum"
)

// ErrBriefTooLong is returned, wrapped, by Strategy.Brief when the
// person's week would list more than MaxBriefItems items: a routine that
// publishes every minute makes a list nobody reads, not a brief.
var ErrBriefTooLong = errors.New("strategy: the brief's week would list too many items")

// MaxBriefItems is the most items one brief's week lists.
const MaxBriefItems = 1000

// BriefDays is the length of a brief's week, in calendar days.
const BriefDays = 7

// BriefOptions tune Strategy.Brief. The zero value, or nil, writes the
// brief on the plan's wall clock.
type BriefOptions struct {
	// Zone is the IANA time zone of the person's wall clock, for a
	// community manager who works away from the team (a Madrid brand's
	// manager in Tokyo). Empty means the plan's Zone.
	Zone string
}

// Brief is one person's page of the plan, as of an instant: what the
// strategist passes on to a community manager "in a clear and
// understandable way". Strategy.Brief builds it; the report package
// prints it as HTML and as plain text.
//
// Every time in a brief is on the person's wall clock, Zone; a brief read
// back from JSON keeps the instants and their offsets, and a printer
// shows them in Zone again. It is a view: it shares the plan's slices
// (the values, the voice's rules, the replies), so copy it before
// changing it.
type Brief struct {
	// AsOf is the instant the brief is written for.
	AsOf time.Time `json:"asOf"`
	// Zone is the IANA name of the person's wall clock.
	Zone string `json:"zone"`
	// From and To bound the week: From is the start of AsOf's calendar day
	// in Zone, To the start of the day BriefDays calendar days later
	// (see Strategy.Brief).
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Person is the member the brief is for.
	Person Member `json:"person"`
	// Brand, Values and Voice are the brand's name, the values it wants to
	// be associated with, and its voice: the banned words and phrases, the
	// phrases every reply must hold (Voice.Required) and those that need
	// approval (Voice.NeedsApproval).
	Brand  string                `json:"brand"`
	Values []string              `json:"values,omitempty"`
	Voice  community.VoicePolicy `json:"voice,omitzero"`
	// Goal is the plan's main goal.
	Goal string `json:"goal,omitempty"`
	// Objectives are the plan's objectives, in plan order, each with the
	// person's work that serves it.
	Objectives []BriefObjective `json:"objectives,omitempty"`
	// Week is the person's week: routine slots, calendar entries and
	// open assignments, in time order (see BriefItem).
	Week []BriefItem `json:"week,omitempty"`
	// Replies are the saved replies that apply to the person: those
	// written for every network or for a network the person publishes on.
	Replies community.SavedReplies `json:"replies,omitempty"`
	// Approvals are the plan's approval policies (posts, then replies),
	// with the approvers by name.
	Approvals []BriefApproval `json:"approvals,omitempty"`
	// CrisisPlan is the crisis plan's name; Crisis its ladder, from the
	// least severe level, with whom to call at each.
	CrisisPlan string       `json:"crisisPlan,omitempty"`
	Crisis     []BriefLevel `json:"crisis,omitempty"`
}

// BriefObjective is one objective and the person's work that serves it.
//
// Work serves an objective through a campaign that serves it (an entry of
// the campaign, an assignment for the campaign), directly (an assignment
// that names the objective), or, for a routine, when one of the
// objective's KPIs reads the routine's network or account by name (a KPI
// that names no network measures the brand as a whole, and is served by
// no routine in particular).
type BriefObjective struct {
	ID        uuid.UUID `json:"id"`
	Statement string    `json:"statement"`
	Rationale string    `json:"rationale,omitempty"`
	Deadline  time.Time `json:"deadline,omitzero"`
	// Parent is the objective it refines; uuid.Nil for a top-level one.
	Parent uuid.UUID `json:"parent,omitzero"`
	// KPIs are the names of the KPIs that measure it.
	KPIs []string `json:"kpis,omitempty"`
	// Campaigns serve it and hold some of the person's entries or
	// assignments.
	Campaigns []Ref `json:"campaigns,omitempty"`
	// Routines are the person's routines that serve it and whose active
	// period (calendar.Routine's Until) reaches past the week's start.
	Routines []Ref `json:"routines,omitempty"`
	// Assignments are the person's open assignments that serve it.
	Assignments []Ref `json:"assignments,omitempty"`
	// Entries counts the person's entries that serve it from the week's
	// start on (cancelled ones left out).
	Entries int `json:"entries,omitempty"`
	// ThisWeek counts the items of the brief's week that serve it.
	ThisWeek int `json:"thisWeek,omitempty"`
}

// BriefItemKind says what an item of a brief's week is.
type BriefItemKind string

// The kinds of a week's items.
const (
	// BriefSlot: a slot of one of the person's routines that no entry
	// fills yet: a post to prepare.
	BriefSlot BriefItemKind = "slot"
	// BriefEntry: a calendar entry, which may fill a routine's slot.
	BriefEntry BriefItemKind = "entry"
	// BriefAssignment: an open assignment due in the week, overdue, or
	// without a due date.
	BriefAssignment BriefItemKind = "assignment"
)

var briefItemKinds = []BriefItemKind{BriefSlot, BriefEntry, BriefAssignment}

// IsValid reports whether k is a known kind.
func (k BriefItemKind) IsValid() bool { return enum.Valid(k, briefItemKinds) }

// String returns the kind's identifier.
func (k BriefItemKind) String() string { return string(k) }

// MarshalText encodes a known kind; an unknown one is an error.
func (k BriefItemKind) MarshalText() ([]byte, error) {
	return enum.Marshal("strategy.BriefItemKind", k, briefItemKinds)
}

// UnmarshalText accepts exactly the known kinds.
func (k *BriefItemKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("strategy.BriefItemKind", text, briefItemKinds, k)
}

// BriefItem is one thing the person does in the week.
type BriefItem struct {
	Kind BriefItemKind `json:"kind"`
	// At is when: a slot's or an entry's time, an assignment's due time;
	// zero for an assignment without a due date.
	At time.Time `json:"at,omitzero"`
	// Channel and Accounts are where a slot or an entry publishes.
	Channel  channel.Channel      `json:"channel,omitempty"`
	Accounts []channel.AccountRef `json:"accounts,omitempty"`
	// Title says what: a routine's pillar and format, an entry's title or
	// the first line of its text, an assignment's title.
	Title string `json:"title"`
	// Text is an entry's text or an assignment's detail.
	Text string `json:"text,omitempty"`
	// Status is an entry's calendar.Status or an assignment's
	// AssignmentStatus; empty for a slot.
	Status string `json:"status,omitempty"`
	// Routine is the routine of a slot, or the routine whose slot an
	// entry fills.
	Routine uuid.UUID `json:"routine,omitzero"`
	// Entry and Assignment identify an entry and an assignment.
	Entry      uuid.UUID `json:"entry,omitzero"`
	Assignment uuid.UUID `json:"assignment,omitzero"`
	// Campaign is the campaign of an entry or an assignment.
	Campaign Ref `json:"campaign,omitzero"`
	// Objectives are the IDs of the objectives it serves (see
	// BriefObjective).
	Objectives []uuid.UUID `json:"objectives,omitempty"`
	// Overdue marks an open assignment due before AsOf.
	Overdue bool `json:"overdue,omitempty"`
	// Unowned marks a slot or an entry that names no owner: the brief of
	// every community manager lists it.
	Unowned bool `json:"unowned,omitempty"`
	// Blackout is the reason of a blackout that holds a slot or an entry:
	// it is not published.
	Blackout string `json:"blackout,omitempty"`
}

// BriefApproval is one of the plan's approval policies.
type BriefApproval struct {
	// For is "posts" or "replies".
	For string `json:"for"`
	// Triggers are, for replies, the names of the voice rules that make a
	// reply need approval (VoicePolicy.NeedsApproval).
	Triggers []string `json:"triggers,omitempty"`
	// Steps are approved in order.
	Steps []BriefApprovalStep `json:"steps"`
}

// BriefApprovalStep is one step of an approval policy, its approvers by
// name.
type BriefApprovalStep struct {
	Name    string           `json:"name,omitempty"`
	Require calendar.Require `json:"require"`
	// Expires is how long the step may be approved once requested; zero
	// for never.
	Expires Duration `json:"expires,omitzero"`
	// Members are the approvers named; Roles the roles whose holders
	// approve.
	Members []Ref  `json:"members,omitempty"`
	Roles   []Role `json:"roles,omitempty"`
	// You is set when the person is an approver of the step (by name or
	// by role); nobody approves their own work.
	You bool `json:"you,omitempty"`
}

// BriefLevel is one rung of the crisis ladder and whom to call there.
type BriefLevel struct {
	Name    string `json:"name"`
	Rank    int    `json:"rank"`
	Meaning string `json:"meaning"`
	// FirstResponse is the target for the first public response.
	FirstResponse Duration `json:"firstResponse"`
	// Handler handles incidents at the level; Approver and BackupApprover
	// approve its statements.
	Handler        Ref `json:"handler"`
	Approver       Ref `json:"approver"`
	BackupApprover Ref `json:"backupApprover"`
	// Escalation is whom the ladder notifies while nobody acknowledges,
	// each step's After counted from the moment the incident reaches the
	// level (the sum of the plan's delays); Repeat more rounds follow.
	Escalation []BriefEscalation `json:"escalation,omitempty"`
	Repeat     int               `json:"repeat,omitempty"`
	// Pause is how long publishing pauses at the level; zero when it goes
	// on.
	Pause Duration `json:"pause,omitzero"`
	// Playbook is what must be done, by whom and how soon.
	Playbook []BriefPlaybookStep `json:"playbook,omitempty"`
	// You is set when the person handles the level, approves at it, is
	// notified, or owns a playbook step.
	You bool `json:"you,omitempty"`
}

// BriefEscalation is one escalation step: whom to notify, how long after
// the incident reached the level.
type BriefEscalation struct {
	After  Duration `json:"after"`
	Notify []Ref    `json:"notify"`
}

// BriefPlaybookStep is one step of a level's playbook with its owner by
// name.
type BriefPlaybookStep struct {
	Name   string   `json:"name"`
	Action string   `json:"action"`
	Owner  Ref      `json:"owner,omitzero"`
	Within Duration `json:"within,omitzero"`
}
