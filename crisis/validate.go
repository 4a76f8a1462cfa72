package crisis

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/member"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// Bounds that keep a plan's detector and timelines small.
const (
	// MaxWindowBuckets is the most buckets one trigger may look back over
	// (Window+Baseline, Span or Confirm): it bounds the detector's ring
	// buffers and its work per signal.
	MaxWindowBuckets = 1 << 16
	// MaxRepeat is the most extra rounds an escalation policy may repeat.
	MaxRepeat = 100
	// MaxReviewDays is the latest a review meeting may be due.
	MaxReviewDays = 366
	// MaxDelay is the longest a level's first-response target, pause,
	// playbook deadline or whole escalation schedule (every round of its
	// steps) may run, so that every instant of an incident's timeline is a
	// date its JSON can carry.
	MaxDelay = 366 * 24 * time.Hour
	// MaxNotifications is the most notifications one level's escalation
	// may send (its steps times one plus Repeat), and MaxPlaybookSteps the
	// most playbook steps a level may have: an incident's timeline lists
	// them again for every stretch at the level, so they bound the
	// timeline by the incident's events.
	MaxNotifications = 200
	MaxPlaybookSteps = 100
	// maxNumber bounds thresholds, ratios and K so that the detector's
	// arithmetic stays exact and finite.
	maxNumber = 1e15
)

var (
	decOne = decimal.NewFromInt(1)
	decMax = decimal.NewFromFloat(maxNumber)
)

// Validate reports every problem with the plan, with paths in JSON names:
// a ladder with duplicate or unordered levels, a level without a
// first-response target, without a handler or without two distinct
// approvers, an escalation step without anyone to notify or naming someone
// twice, a playbook step without an owner, an active channel without a
// holding statement, a statement over its channel's limits, two statements
// for one account, a pause of a channel or an account on a network that
// is not one of the plan's, negative escalation delays, non-positive
// deadlines, windows or thresholds, a trigger pointing at an unknown
// level. It returns nil or a *validation.Error.
//
// Accounts are handles on the plan's channels; whether each is one of the
// brand's accounts is checked by strategy.Strategy.Validate, which knows
// them.
//
// People are member IDs, and the plan does not know the team: whether each
// ID is a member of it is checked by strategy.Strategy.Validate.
func (p *Plan) Validate() error {
	if p == nil {
		return validation.ErrorList{validation.Required(nil, "a plan is required")}.Err()
	}
	return p.validate().Err()
}

func (p *Plan) validate() validation.ErrorList {
	list := validate.Struct(nil, p)

	chPath := validation.NewPath("channels")
	if len(p.Channels) == 0 {
		list = append(list, validation.Required(chPath, "at least one active channel is required"))
	}
	active := map[channel.Channel]bool{}
	for i, c := range p.Channels {
		switch {
		case !c.IsValid():
			list = append(list, validation.NotSupported(chPath.Index(i), c, channel.All()))
		case active[c]:
			list = append(list, validation.Duplicate(chPath.Index(i), c))
		}
		active[c] = true
	}

	lvPath := validation.NewPath("levels")
	if len(p.Levels) == 0 {
		list = append(list, validation.Required(lvPath, "a ladder needs at least one level"))
	}
	names := map[string]bool{}
	ranks := map[int]bool{}
	for i, l := range p.Levels {
		lp := lvPath.Index(i)
		list = list.Merge(lp, l.Validate())
		if l.Name != "" {
			if names[l.Name] {
				list = append(list, validation.Duplicate(lp.Child("name"), l.Name))
			}
			names[l.Name] = true
		}
		if l.Rank > 0 {
			if ranks[l.Rank] {
				list = append(list, validation.Duplicate(lp.Child("rank"), l.Rank))
			} else if i > 0 && p.Levels[i-1].Rank > 0 && l.Rank < p.Levels[i-1].Rank {
				list = append(list, validation.OutOfOrder(lp.Child("rank"), l.Rank,
					fmt.Sprintf("rank %d follows rank %d; levels go from the least to the most severe", l.Rank, p.Levels[i-1].Rank)))
			}
			ranks[l.Rank] = true
		}
		if l.Pause != nil {
			for j, c := range l.Pause.Channels {
				if c.IsValid() && !active[c] {
					list = append(list, validation.Conflict(lp.Child("pause", "channels").Index(j), c, fmt.Sprintf("%s is not one of the plan's channels", c)))
				}
			}
			for j, a := range l.Pause.Accounts {
				if a.Channel.IsValid() && !active[a.Channel] {
					list = append(list, validation.Conflict(lp.Child("pause", "accounts").Index(j).Child("channel"), a.Channel,
						fmt.Sprintf("%s is not one of the plan's channels", a.Channel)))
				}
			}
		}
		for _, c := range p.Channels {
			if !c.IsValid() {
				continue
			}
			if !l.hasStatementOn(c) {
				list = append(list, validation.Required(lp.Child("statements").Key(string(c)),
					fmt.Sprintf("active channel %s has no holding statement at level %q", c, l.Name)))
			}
		}
	}

	list = list.Merge(validation.NewPath("detection"), p.Detection.Validate())
	bucket := time.Duration(p.Detection.Bucket)
	bucketOK := validBucket(bucket)

	trPath := validation.NewPath("triggers")
	if len(p.Triggers) > MaxTriggers {
		list = append(list, validation.TooLong(trPath, nil, len(p.Triggers), MaxTriggers, "triggers"))
	}
	trNames := map[string]bool{}
	keyword := false
	for i, t := range p.Triggers {
		tp := trPath.Index(i)
		list = list.Merge(tp, t.Validate())
		if t.Name != "" {
			if trNames[t.Name] {
				list = append(list, validation.Duplicate(tp.Child("name"), t.Name))
			}
			trNames[t.Name] = true
		}
		if t.Level != "" && !names[t.Level] {
			list = append(list, validation.NotFound(tp.Child("level"), t.Level, fmt.Sprintf("level %q is not on the ladder", t.Level)))
		}
		if t.Channel != "" && t.Channel.IsValid() && !active[t.Channel] {
			list = append(list, validation.Conflict(tp.Child("channel"), t.Channel, fmt.Sprintf("%s is not one of the plan's channels", t.Channel)))
		}
		if kindRules[t.Kind].keywords {
			keyword = true
		}
		if !bucketOK {
			continue
		}
		for _, w := range []struct {
			name string
			d    Duration
		}{{"window", t.Window}, {"baseline", t.Baseline}, {"span", t.Span}, {"confirm", t.Confirm}} {
			d := time.Duration(w.d)
			if d > 0 && d%bucket != 0 {
				list = append(list, validation.Invalid(tp.Child(w.name), w.d.String(),
					fmt.Sprintf("must be a whole number of buckets of %s", bucket)))
			}
		}
		if n := (time.Duration(t.Window) + time.Duration(t.Baseline)) / bucket; t.Window > 0 && t.Baseline >= 0 && n > MaxWindowBuckets {
			list = append(list, validation.OutOfRange(tp.Child("window"), t.Window.String(),
				fmt.Sprintf("window and baseline span %d buckets; at most %d allowed", n, MaxWindowBuckets)))
		}
		for _, w := range []struct {
			name string
			d    Duration
		}{{"span", t.Span}, {"confirm", t.Confirm}} {
			if n := time.Duration(w.d) / bucket; n > MaxWindowBuckets {
				list = append(list, validation.OutOfRange(tp.Child(w.name), w.d.String(),
					fmt.Sprintf("spans %d buckets; at most %d allowed", n, MaxWindowBuckets)))
			}
		}
	}
	if keyword && (len(p.Keywords.Brand) == 0 || len(p.Keywords.Risky) == 0) {
		list = append(list, validation.Required(validation.NewPath("keywords"), "keyword triggers need brand and risky words"))
	}
	list = list.Merge(validation.NewPath("keywords"), p.Keywords.Validate())
	if p.Hours != nil {
		list = list.Merge(validation.NewPath("hours"), p.Hours.Validate())
	} else {
		for i, l := range p.Levels {
			if l.Review.Unit == BusinessDays {
				list = append(list, validation.Required(validation.NewPath("hours"),
					fmt.Sprintf("level %q counts its review deadline in business days", p.Levels[i].Name)))
				break
			}
		}
	}
	return list
}

func validBucket(d time.Duration) bool {
	return d > 0 && d <= 24*time.Hour && d%time.Second == 0
}

// Validate reports the problems of the level on its own; the rules that
// depend on the rest of the plan (unique names, order, a statement for each
// active channel) are checked by [Plan.Validate].
func (l Level) Validate() error {
	list := validate.Struct(nil, l)
	if l.Rank <= 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("rank"), l.Rank, "must be positive"))
	}
	list = delay(list, validation.NewPath("firstResponse"), l.FirstResponse, "a first-response target")
	list = requiredMember(list, validation.NewPath("handler"), l.Handler, "the team member who handles the level")
	list = requiredMember(list, validation.NewPath("approver"), l.Approver, "the team member who approves statements")
	list = requiredMember(list, validation.NewPath("backupApprover"), l.BackupApprover, "the team member who approves when the approver cannot")
	if l.Approver != uuid.Nil && l.Approver == l.BackupApprover {
		list = append(list, validation.Conflict(validation.NewPath("backupApprover"), l.BackupApprover.String(),
			"must be a different person from the approver"))
	}
	list = list.Merge(validation.NewPath("escalation"), l.Escalation.Validate())
	sp := validation.NewPath("statements")
	seen := map[channel.AccountRef]int{}
	for i, s := range l.Statements {
		list = list.Merge(sp.Index(i), s.Validate())
		k := channel.AccountRef{Channel: s.Channel, Handle: strings.ToLower(s.Account)}
		j, dup := seen[k]
		switch {
		case dup && s.Account == "":
			list = append(list, validation.Duplicate(sp.Index(i).Child("channel"), s.Channel))
		case dup:
			list = append(list, &validation.FieldError{Path: sp.Index(i).Child("account").String(), Code: validation.CodeDuplicate,
				Value: s.Account, Detail: fmt.Sprintf("statements[%d] is already %s's", j, s.Ref())})
		default:
			seen[k] = i
		}
	}
	if l.Pause != nil {
		list = list.Merge(validation.NewPath("pause"), l.Pause.Validate())
	}
	pp := validation.NewPath("playbook")
	if len(l.Playbook) > MaxPlaybookSteps {
		list = append(list, validation.OutOfRange(pp, len(l.Playbook), fmt.Sprintf("a level has at most %d playbook steps", MaxPlaybookSteps)))
	}
	steps := map[string]bool{}
	for i, s := range l.Playbook {
		list = list.Merge(pp.Index(i), s.Validate())
		if s.Name != "" {
			if steps[s.Name] {
				list = append(list, validation.Duplicate(pp.Index(i).Child("name"), s.Name))
			}
			steps[s.Name] = true
		}
	}
	list = list.Merge(validation.NewPath("review"), l.Review.Validate())
	return list.Err()
}

// Validate reports an invalid calendar policy, a non-positive length,
// unknown or repeated channels, and accounts without a known channel or a
// good handle (channel.CheckHandle), repeated (handles compared without
// regard to case) or on a channel the pause already holds as a whole.
func (pz Pause) Validate() error {
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("policy"), pz.Policy.Validate())
	list = delay(list, validation.NewPath("for"), pz.For, "a pause length")
	cp := validation.NewPath("channels")
	seen := map[channel.Channel]bool{}
	for i, c := range pz.Channels {
		switch {
		case !c.IsValid():
			list = append(list, validation.NotSupported(cp.Index(i), c, channel.All()))
		case seen[c]:
			list = append(list, validation.Duplicate(cp.Index(i), c))
		}
		seen[c] = true
	}
	list = append(list, channel.CheckRefs(validation.NewPath("accounts"), pz.Accounts, pz.Channels)...)
	return list.Err()
}

// Validate reports an escalation policy without steps, a step with a
// negative delay or without anyone to notify, a repeat count out of range,
// a round repeated although its steps take no time (it would page the
// same people several times at the same instant), more than
// [MaxNotifications] notifications in all, and rounds whose delays add up
// to more than [MaxDelay].
func (e Escalation) Validate() error {
	var list validation.ErrorList
	sp := validation.NewPath("steps")
	if len(e.Steps) == 0 {
		list = append(list, validation.Required(sp, "an escalation policy needs at least one step"))
	}
	// round saturates past MaxDelay: a sum of int64 delays could wrap.
	var round time.Duration
	for i, s := range e.Steps {
		list = list.Merge(sp.Index(i), s.Validate())
		round = min(round+time.Duration(min(max(s.After, 0), Duration(MaxDelay))), MaxDelay+1)
	}
	switch {
	case e.Repeat < 0 || e.Repeat > MaxRepeat:
		list = append(list, validation.OutOfRange(validation.NewPath("repeat"), e.Repeat, fmt.Sprintf("must be between 0 and %d", MaxRepeat)))
	case e.Repeat > 0 && len(e.Steps) > 0 && round == 0:
		list = append(list, validation.Conflict(validation.NewPath("repeat"), e.Repeat,
			"a round whose steps all page at once cannot repeat; give a step a delay"))
	}
	rounds := min(max(e.Repeat, 0), MaxRepeat) + 1
	if n := len(e.Steps) * rounds; n > MaxNotifications {
		list = append(list, validation.OutOfRange(sp, len(e.Steps),
			fmt.Sprintf("%d steps in %d rounds send %d notifications; at most %d", len(e.Steps), rounds, n, MaxNotifications)))
	}
	if round > MaxDelay/time.Duration(rounds) {
		list = append(list, validation.OutOfRange(sp, len(e.Steps),
			fmt.Sprintf("the steps' delays over %d rounds run past %d days", rounds, MaxDelay/(24*time.Hour))))
	}
	return list.Err()
}

// Validate reports a negative delay, an empty list of people, a nil
// member ID and a member named twice. A delay of zero pages at once.
func (s EscalationStep) Validate() error {
	var list validation.ErrorList
	if s.After < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("after"), s.After.String(), "must not be negative"))
	}
	np := validation.NewPath("notify")
	if len(s.Notify) == 0 {
		list = append(list, validation.Required(np, "a step must notify someone"))
	}
	list = checkMembers(list, np, s.Notify)
	return list.Err()
}

// requiredMember reports a nil member ID at p.
func requiredMember(list validation.ErrorList, p *validation.Path, id uuid.UUID, who string) validation.ErrorList {
	if id == uuid.Nil {
		list = append(list, validation.Required(p, "name "+who+" by member ID"))
	}
	return list
}

// checkMembers reports nil and repeated member IDs at p[i].
func checkMembers(list validation.ErrorList, p *validation.Path, ids []uuid.UUID) validation.ErrorList {
	member.Check(ids, func(i int, missing, _ bool) {
		if missing {
			list = append(list, validation.Required(p.Index(i), "name a team member by member ID"))
		} else {
			list = append(list, validation.Duplicate(p.Index(i), ids[i].String()))
		}
	})
	return list
}
