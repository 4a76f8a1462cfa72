package community

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// Stage is where a relationship with an opinion leader stands.
type Stage string

// The stages of the relationship pipeline, in order.
const (
	// StageIdentified: the account was found, for instance by
	// [RankLeaders].
	StageIdentified Stage = "identified"
	// StageContacted: the brand reached out.
	StageContacted Stage = "contacted"
	// StageEngaged: the account answered and works with the brand now and
	// then.
	StageEngaged Stage = "engaged"
	// StagePartner: there is an agreement (ambassador, paid partnership).
	StagePartner Stage = "partner"
	// StageLapsed: the relationship went quiet or ended.
	StageLapsed Stage = "lapsed"
)

var stages = []Stage{StageIdentified, StageContacted, StageEngaged, StagePartner, StageLapsed}

// IsValid reports whether s is a known stage.
func (s Stage) IsValid() bool { return enum.Valid(s, stages) }

// String returns the identifier of s.
func (s Stage) String() string { return string(s) }

// MarshalText encodes s; an unknown value is an error.
func (s Stage) MarshalText() ([]byte, error) { return enum.Marshal("community.Stage", s, stages) }

// UnmarshalText accepts exactly the known identifiers.
func (s *Stage) UnmarshalText(text []byte) error {
	return enum.Unmarshal("community.Stage", text, stages, s)
}

// step is the position of an active stage along the pipeline, -1 for
// lapsed and unknown stages.
func (s Stage) step() int {
	switch s {
	case StageIdentified:
		return 0
	case StageContacted:
		return 1
	case StageEngaged:
		return 2
	case StagePartner:
		return 3
	}
	return -1
}

// CheckTransition reports whether a relationship may move from one stage
// to another. These moves need no cause:
//
//   - one step forward: identified → contacted → engaged → partner;
//   - from any active stage to lapsed;
//   - from lapsed back to contacted (reaching out again).
//
// Any other move between two different stages (skipping a stage, going
// backwards, coming back from lapsed further than contacted) needs a
// cause, written down. Staying at the same stage is never a transition.
// The error is a *validation.Error at "to" (or "cause").
func CheckTransition(from, to Stage, cause string) error {
	var list validation.ErrorList
	if !from.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("from"), string(from), stages))
	}
	if !to.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("to"), string(to), stages))
	}
	if len(list) > 0 {
		return list.Err()
	}
	switch {
	case from == to:
		list = append(list, validation.Conflict(validation.NewPath("to"), string(to), "the relationship is already at this stage"))
	case freeMove(from, to):
	case cause == "":
		what := "skips a stage"
		if to == StageIdentified || (from.step() >= 0 && to.step() >= 0 && to.step() < from.step()) {
			what = "goes backwards"
		}
		list = append(list, validation.Required(validation.NewPath("cause"),
			fmt.Sprintf("moving from %q to %q %s and needs a cause", from, to, what)))
	}
	return list.Err()
}

func freeMove(from, to Stage) bool {
	switch {
	case to == StageLapsed:
		return from != StageLapsed
	case from == StageLapsed:
		return to == StageContacted
	}
	return to.step() == from.step()+1
}

// Transition is one move of a relationship.
type Transition struct {
	From Stage     `json:"from"`
	To   Stage     `json:"to"`
	At   time.Time `json:"at"`
	// Cause says why; required for moves that skip or go back.
	Cause string `json:"cause,omitempty"`
	// By is the team member who made the move, by member ID
	// (strategy.Member.ID); the nil ID, left out of JSON, when not said.
	By uuid.UUID `json:"by,omitzero"`
}

// Relationship follows one opinion leader through the pipeline. Build it
// with [NewRelationship] and move it with [Relationship.Move]; the history
// says how it got where it is.
type Relationship struct {
	Account Account `json:"account"`
	// Since is when the account was identified.
	Since time.Time `json:"since"`
	// Stage is the current stage: the last transition's To, or identified.
	Stage Stage `json:"stage"`
	// History lists the transitions in order.
	History []Transition `json:"history,omitempty"`
	// Notes are free text about the relationship.
	Notes string `json:"notes,omitempty"`
}

// NewRelationship starts a relationship with an account identified at
// since.
func NewRelationship(a Account, since time.Time) (Relationship, error) {
	r := Relationship{Account: accountOf(a.Channel, a.Handle), Since: since, Stage: StageIdentified}
	if err := r.Validate(); err != nil {
		return Relationship{}, err
	}
	return r, nil
}

// Move returns r moved to stage to at instant at by the team member by (a
// member ID; uuid.Nil when not said), with a cause where [CheckTransition]
// wants one. r itself is not changed. A move that is not allowed, or that
// is earlier than the last one, is a *validation.Error.
func (r Relationship) Move(to Stage, at time.Time, cause string, by uuid.UUID) (Relationship, error) {
	var list validation.ErrorList
	list = list.Merge(nil, CheckTransition(r.Stage, to, cause))
	if at.IsZero() {
		list = append(list, validation.Required(validation.NewPath("at"), ""))
	} else if last := r.lastAt(); at.Before(last) {
		list = append(list, validation.OutOfOrder(validation.NewPath("at"), at.Format(time.RFC3339),
			"is before the relationship's last move, "+last.Format(time.RFC3339)))
	}
	if err := list.Err(); err != nil {
		return r, err
	}
	next := r
	next.History = append(r.History[:len(r.History):len(r.History)], Transition{From: r.Stage, To: to, At: at, Cause: cause, By: by})
	next.Stage = to
	return next, nil
}

func (r Relationship) lastAt() time.Time {
	if n := len(r.History); n > 0 {
		return r.History[n-1].At
	}
	return r.Since
}

// Validate checks that the relationship is consistent: a known account, an
// instant of identification, a history whose moves chain from identified,
// are allowed, and are in time order, and a stage that is where the
// history ends.
func (r Relationship) Validate() error {
	var list validation.ErrorList
	if r.Account.Channel == "" {
		list = append(list, validation.Required(validation.NewPath("account", "channel"), ""))
	} else if !r.Account.Channel.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("account", "channel"), string(r.Account.Channel), channel.All()))
	}
	if r.Account.Handle == "" {
		list = append(list, validation.Required(validation.NewPath("account", "handle"), ""))
	} else if !validHandle(r.Account.Handle) {
		list = append(list, validation.Invalid(validation.NewPath("account", "handle"), r.Account.Handle, "not a handle"))
	}
	if r.Since.IsZero() {
		list = append(list, validation.Required(validation.NewPath("since"), ""))
	}
	stage, last := StageIdentified, r.Since
	for i, t := range r.History {
		p := validation.NewPath("history").Index(i)
		if t.From != stage {
			list = append(list, validation.Conflict(p.Child("from"), string(t.From), fmt.Sprintf("the relationship was at %q", stage)))
		}
		list = list.Merge(p, CheckTransition(t.From, t.To, t.Cause))
		if t.At.IsZero() {
			list = append(list, validation.Required(p.Child("at"), ""))
		} else if !last.IsZero() && t.At.Before(last) {
			list = append(list, validation.OutOfOrder(p.Child("at"), t.At.Format(time.RFC3339), "is before the previous move"))
		}
		if !t.At.IsZero() {
			last = t.At
		}
		stage = t.To
	}
	if r.Stage != stage {
		if !r.Stage.IsValid() {
			list = append(list, validation.NotSupported(validation.NewPath("stage"), string(r.Stage), stages))
		} else {
			list = append(list, validation.Conflict(validation.NewPath("stage"), string(r.Stage), fmt.Sprintf("the history ends at %q", stage)))
		}
	}
	return list.Err()
}
