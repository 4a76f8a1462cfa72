package strategy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// Strategy is a brand's whole social-media plan as one value: the
// strategist's research, goal, objectives, channels, campaigns and KPIs, the
// team and the tasks the strategist sets, and the community manager's
// routines, calendar, crisis plan and community policy.
//
// Every part reuses the type of the package that owns it (calendar
// routines and entries, kpi KPIs, the crisis plan, community policies), so
// the functions of those packages work on a plan's parts directly.
// Validate checks the plan's structure; Verify judges it.
type Strategy struct {
	// ID identifies the plan. Plans written as Go code derive it, and every
	// other ID, from readable keys with an IDSpace.
	ID uuid.UUID `json:"id"`
	// Zone is the IANA time zone the plan is made in: the team's wall
	// clock. Decode reads the plan's own instants (goal, objectives,
	// campaigns, assignments) back in it.
	Zone string `json:"zone"`
	// Brand is who the plan is for.
	Brand Brand `json:"brand"`
	// Research is the market research the plan rests on.
	Research Research `json:"research,omitzero"`
	// Goal is the one main goal.
	Goal Goal `json:"goal"`
	// Objectives lead to the goal; an objective may refine another.
	Objectives []Objective `json:"objectives,omitempty"`
	// Channels are the networks the plan chose and the role each plays.
	Channels []ChannelPlan `json:"channels,omitempty"`
	// Accounts are the brand's accounts (at least one on every network it
	// chose; several on one network allowed, such as a company page and
	// its founder's profile) and the competitors' accounts it watches.
	// Entries, routines, KPIs, crisis statements and pauses refer to them
	// by network and handle; one that names no handle means the brand's
	// only account on its network.
	Accounts channel.Accounts `json:"accounts,omitempty"`
	// Campaigns are the plan's actions.
	Campaigns []Campaign `json:"campaigns,omitempty"`
	// Budgets are the money the plan may spend, at most one per currency;
	// the campaigns' budgets must fit in them. Empty: no overall budget.
	Budgets []Budget `json:"budgets,omitempty"`
	// Milestones are the plan's dated points, on the calendar.
	Milestones []calendar.Milestone `json:"milestones,omitempty"`
	// Team are the people who run the plan.
	Team []Member `json:"team,omitempty"`
	// Assignments are the tasks the strategist sets for the community
	// manager.
	Assignments []Assignment `json:"assignments,omitempty"`
	// Routines are the community manager's publishing routines.
	Routines []calendar.Routine `json:"routines,omitempty"`
	// Entries are the single publications on the calendar.
	Entries []calendar.Entry `json:"entries,omitempty"`
	// CalendarRules are the publishing rules the calendar must keep.
	CalendarRules calendar.Rules `json:"calendarRules,omitzero"`
	// KPIs are what the plan measures; objectives refer to them by ID.
	KPIs []kpi.KPI `json:"kpis,omitempty"`
	// Crisis is the crisis plan. The zero plan means none was written,
	// which Verify reports.
	Crisis crisis.Plan `json:"crisis,omitzero"`
	// Community is the community manager's policy.
	Community Community `json:"community,omitzero"`
	// Approvals are the approval policies for posts and for replies that
	// need approval. The zero value means none.
	Approvals Approvals `json:"approvals,omitzero"`
}

// ErrDecode is wrapped by every error Decode returns: input that is not a
// plan as tandem writes it.
var ErrDecode = errors.New("strategy: cannot decode plan")

// ErrNoAccounts is wrapped by the error Decode returns for a plan in the
// shape tandem wrote before plans had accounts: channels, routines or
// entries, and no "accounts". Decode does not guess the brand's handles;
// add them (one account per network the plan chose is enough, and then no
// entry or routine needs to name its account):
//
//	"accounts": [{"channel": "instagram", "handle": "bluebirdcoffee"}]
var ErrNoAccounts = errors.New("the plan has channels but no accounts")

// Decode reads one plan as JSON from r, strictly:
//
//   - object keys must name a field exactly as tandem writes it
//     ("deadline", never "deadLine" or "DEADLINE", which encoding/json
//     alone would accept);
//   - a key given twice in one object is an error, not a silent overwrite;
//   - an unknown field, an unknown enum value, a value of the wrong kind
//     and data after the plan are errors.
//
// Every problem is reported at once, with its JSON path: the error matches
// ErrDecode, and errors.As finds a *validation.Error whose field errors say
// where (channels[2].postPerWeek, code not_supported; campaigns[0].name,
// code duplicate). An enum value that does not exist also matches
// validation.ErrUnknownValue. Malformed JSON is reported with its byte
// offset instead.
//
// Instants of the plan's own parts (goal, objectives, campaigns, phases,
// assignments) are read back in the plan's Zone when it names a known IANA
// zone, so a decoded plan prints its times on the team's wall clock.
//
// A plan in the shape tandem wrote before plans had accounts (channels,
// routines or entries, and no accounts) is refused with an error that also
// matches ErrNoAccounts, at the path "accounts", saying what to add.
//
// Decode does not validate the plan: call Validate (or Verify) next.
func Decode(r io.Reader) (*Strategy, error) {
	dec := json.NewDecoder(r)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecode, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the plan", ErrDecode)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the plan", ErrDecode)
	}
	var s Strategy
	if err := strictjson.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecode, err)
	}
	if len(s.Accounts) == 0 && (len(s.Channels) > 0 || len(s.Routines) > 0 || len(s.Entries) > 0) {
		fe := validation.Required(validation.NewPath("accounts"), ErrNoAccounts.Error()+
			` (the shape of plans written before tandem had accounts): list the brand's accounts, at least one per network it publishes on, as {"channel":"instagram","handle":"…"}; entries and routines that name no account publish from the brand's only account on their network`)
		return nil, fmt.Errorf("%w: %w", ErrDecode, alsoIs{validation.ErrorList{fe}.Err(), ErrNoAccounts})
	}
	if loc, err := s.Location(); err == nil {
		s.inZone(loc)
	}
	return &s, nil
}

// alsoIs is an error that prints as its error and matches also too.
type alsoIs struct {
	error
	also error
}

func (e alsoIs) Unwrap() []error { return []error{e.error, e.also} }

// inZone moves the plan's own instants into loc. The instants do not
// change, only the wall clock they are shown on.
func (s *Strategy) inZone(loc *time.Location) {
	in := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.In(loc)
		}
	}
	in(&s.Goal.Deadline)
	for i := range s.Objectives {
		in(&s.Objectives[i].Deadline)
	}
	for i := range s.Campaigns {
		c := &s.Campaigns[i]
		in(&c.Start)
		in(&c.End)
		for j := range c.Phases {
			in(&c.Phases[j].Start)
			in(&c.Phases[j].End)
		}
	}
	for i := range s.Assignments {
		in(&s.Assignments[i].Due)
	}
}

// Budget is an amount of money in one currency.
type Budget struct {
	// Amount is the money, never negative.
	Amount decimal.Decimal `json:"amount"`
	// Currency is the ISO 4217 code, such as "EUR".
	Currency string `json:"currency"`
}

// String prints the budget as "1500.00 EUR".
func (b Budget) String() string { return b.Amount.StringFixed(2) + " " + b.Currency }
