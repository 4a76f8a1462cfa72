package crisis

import (
	"strings"
	"unicode"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// Plan is a brand's crisis plan: the severity ladder, the triggers that map
// what the listening tools see onto it, and how the detector reads signals.
// It is written before a crisis and checked with [Plan.Validate].
type Plan struct {
	// Name identifies the plan; incidents carry it.
	Name string `json:"name" validate:"required"`
	// Zone is the IANA time zone of the team that runs the plan: review
	// deadlines in calendar days are counted on its wall clock.
	Zone string `json:"zone" validate:"required,iana_zone"`
	// Channels are the networks the brand is active on. Every level needs
	// a holding statement for each of them.
	Channels []channel.Channel `json:"channels" validate:"-"`
	// Levels is the severity ladder, from the least to the most severe,
	// in strictly increasing Rank.
	Levels []Level `json:"levels" validate:"-"`
	// Triggers map signals to levels.
	Triggers []Trigger `json:"triggers,omitempty" validate:"-"`
	// Detection says how signals are bucketed and how uncertain
	// classifications are settled.
	Detection Detection `json:"detection" validate:"-"`
	// Keywords is the rule that keyword triggers count matches of.
	Keywords Keywords `json:"keywords,omitzero" validate:"-"`
	// Hours are the team's business hours (zone, opening hours,
	// holidays); review deadlines in business days count their open days.
	// Required when a level counts in business days.
	Hours *calendar.BusinessHours `json:"hours,omitempty" validate:"-"`
}

// Level is one rung of the severity ladder.
type Level struct {
	// Name is how the team calls the level ("high", "SEV-2"); unique.
	Name string `json:"name" validate:"required"`
	// Rank orders the ladder: a higher rank is more severe. Ranks are
	// positive and unique, and Plan.Levels lists them in increasing order.
	Rank int `json:"rank"`
	// Meaning says when the level applies, for people.
	Meaning string `json:"meaning" validate:"required"`
	// Handler is the team member who handles incidents at this level, by
	// member ID (see the package documentation, "People").
	Handler uuid.UUID `json:"handler"`
	// FirstResponse is the target for the first public response (the
	// first holding statement), counted from the moment the incident
	// reaches this level.
	FirstResponse Duration `json:"firstResponse"`
	// Escalation says who is notified, and when, while nobody
	// acknowledges.
	Escalation Escalation `json:"escalation" validate:"-"`
	// Approver is the team member who approves statements at this level,
	// by member ID.
	Approver uuid.UUID `json:"approver"`
	// BackupApprover approves when Approver cannot: another team member,
	// by member ID.
	BackupApprover uuid.UUID `json:"backupApprover"`
	// Statements are the pre-approved holding statements: at least one
	// per active channel, and one per account where the brand's accounts
	// on a network speak apart (see [Statement.Account]).
	Statements []Statement `json:"statements" validate:"-"`
	// Pause says whether scheduled publishing pauses at this level, and
	// how it resumes; nil means publishing goes on.
	Pause *Pause `json:"pause,omitempty" validate:"-"`
	// Playbook lists what must be done, by whom and how soon.
	Playbook []PlaybookStep `json:"playbook,omitempty" validate:"-"`
	// Review says how soon after resolution the post-crisis review meeting
	// is due.
	Review ReviewRule `json:"review" validate:"-"`
}

// Pause holds back scheduled publishing while an incident is at a level.
type Pause struct {
	// Policy is the calendar's pause policy: what happens to the held
	// posts (skip them, resume at a bounded rate, move them to the next
	// free slot).
	Policy calendar.PausePolicy `json:"policy"`
	// For is the longest a channel's pause lasts, from the moment the
	// incident reaches a level that pauses the channel; it ends sooner
	// when the incident is resolved or moves to a level that does not
	// pause the channel. Positive. The same holds for an account.
	For Duration `json:"for"`
	// Channels are the channels paused as a whole. With Accounts, both
	// empty means all of the plan's channels.
	Channels []channel.Channel `json:"channels,omitempty"`
	// Accounts are the accounts paused, each a network of the plan and a
	// handle: the founder's profile whose post started the crisis, while
	// the company page goes on. A scheduled entry from a paused account
	// is held (an entry that names no account is published from the
	// brand's only account on its network, and is held by any paused
	// account there); see calendar.PauseOptions.Accounts.
	Accounts []channel.AccountRef `json:"accounts,omitempty"`
}

// Escalation is a level's escalation policy: ordered steps, each notifying
// people after a delay, run once and then repeated Repeat more times while
// nobody acknowledges.
type Escalation struct {
	// Steps run in order. The first step's delay counts from the moment
	// the incident reaches the level; each later step's from the step
	// before it; a repeated round's first step from the last step of the
	// round before.
	Steps []EscalationStep `json:"steps"`
	// Repeat is how many more times the steps run after the first round;
	// 0 runs them once.
	Repeat int `json:"repeat,omitempty"`
}

// EscalationStep notifies team members after a delay.
type EscalationStep struct {
	// After is the delay before the step fires (see Escalation.Steps);
	// zero or positive. A first step with no delay pages the moment the
	// incident reaches the level, unless someone acknowledges at that same
	// instant or an acknowledgement carries over a de-escalation.
	After Duration `json:"after"`
	// Notify lists the team members to notify, by member ID: at least
	// one, without repeats.
	Notify []uuid.UUID `json:"notify"`
}

// Statement is a pre-approved holding statement for one channel, or for
// one of the brand's accounts on it.
type Statement struct {
	// Channel is the network it is published on.
	Channel channel.Channel `json:"channel" validate:"enum"`
	// Account is the handle of the brand's account on Channel that
	// publishes it, written without "@" ("janeroe", the founder's
	// profile). Empty means the network as a whole: the brand's only
	// account there, or every account of the brand there that has no
	// statement of its own. A level may hold several statements on one
	// channel when their accounts differ.
	Account string `json:"account,omitempty"`
	// Text is the statement; it must fit the channel's limits.
	Text string `json:"text" validate:"required"`
}

// Ref returns the account the statement names: its channel and handle
// (empty for the network as a whole).
func (s Statement) Ref() channel.AccountRef {
	return channel.AccountRef{Channel: s.Channel, Handle: s.Account}
}

// PlaybookStep is one thing to do during an incident.
type PlaybookStep struct {
	// Name identifies the step within its level; events name it.
	Name string `json:"name" validate:"required"`
	// Action says what to do.
	Action string `json:"action" validate:"required"`
	// Owner is the team member who does it, by member ID.
	Owner uuid.UUID `json:"owner"`
	// Within is the deadline, counted from the moment the incident
	// reaches the level.
	Within Duration `json:"within"`
}

// ReviewRule says when the post-crisis review meeting is due: Within days,
// counted in Unit, after the incident is resolved.
type ReviewRule struct {
	// Within is the number of days; positive.
	Within int `json:"within"`
	// Unit says whether they are calendar or business days.
	Unit DayUnit `json:"unit" validate:"enum"`
}

// Detection configures the detector.
type Detection struct {
	// Bucket is the width of a signal bucket: the listening tool reports
	// counts per bucket per channel. A whole number of seconds, at most
	// 24h. Every window of every trigger is a whole number of buckets.
	Bucket Duration `json:"bucket"`
	// Margin settles uncertain classifications. When a trigger fires, any
	// trigger of a higher level whose observed value is within Margin of
	// its own threshold (observed ≥ threshold·(1−Margin), decided exactly
	// on the values behind its [Evidence], before they are rounded to be
	// shown) makes the classification uncertain, and the alert takes that
	// higher level.
	// A fraction in [0, 1); 0 still treats a higher-level trigger whose
	// condition holds but is not yet confirmed, or is cooling down, as
	// uncertain.
	Margin decimal.Decimal `json:"margin,omitzero"`
}

// Keywords is the rule behind keyword triggers: a mention matches when it
// names the brand (any of Brand) together with a risky word (any of Risky).
//
// The detector does not see texts: the caller counts matching mentions per
// bucket and passes the count as Signal.KeywordHits, so that the detector
// stays allocation-free. [Keywords.Match] is the reference matcher callers
// can use to count.
type Keywords struct {
	// Brand lists the brand's names and handles.
	Brand []string `json:"brand,omitempty"`
	// Risky lists the words that make a mention of the brand risky.
	Risky []string `json:"risky,omitempty"`
}

// IsZero reports whether k has no words.
func (k Keywords) IsZero() bool { return len(k.Brand) == 0 && len(k.Risky) == 0 }

// Match reports whether text contains one of the brand terms and one of the
// risky terms. Matching ignores case and punctuation and works on whole
// words: a term of several words matches those words in sequence.
func (k Keywords) Match(text string) bool {
	norm := " " + normalizeWords(text) + " "
	return containsAny(norm, k.Brand) && containsAny(norm, k.Risky)
}

func containsAny(norm string, terms []string) bool {
	for _, t := range terms {
		n := normalizeWords(t)
		if n != "" && strings.Contains(norm, " "+n+" ") {
			return true
		}
	}
	return false
}

// normalizeWords lower-cases s and keeps its letters and digits, with one
// space between words.
func normalizeWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '@' || r == '#' || unicode.Is(unicode.Mn, r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// Level returns the level named name and its index in p.Levels.
func (p *Plan) Level(name string) (Level, int, bool) {
	for i, l := range p.Levels {
		if l.Name == name {
			return l, i, true
		}
	}
	return Level{}, -1, false
}

// Statement returns the level's holding statement for c as a whole:
// [Level.StatementFor] with no handle.
func (l Level) Statement(c channel.Channel) (Statement, bool) {
	return l.StatementFor(channel.AccountRef{Channel: c})
}

// StatementFor returns the level's holding statement for the account r
// names:
//
//   - the statement on r's channel for r's handle (compared without
//     regard to case), or for no handle when r has none;
//   - otherwise, for a handle, the channel's statement that names no
//     account, which serves every account without one of its own;
//   - otherwise, without a handle, the channel's only statement, which is
//     the brand's only account's.
//
// It reports false when none applies: no statement on the channel, or
// several accounts' statements and r names none of them.
func (l Level) StatementFor(r channel.AccountRef) (Statement, bool) {
	var general, only Statement
	hasGeneral, n := false, 0
	for _, s := range l.Statements {
		if s.Channel != r.Channel {
			continue
		}
		if s.Account == r.Handle || (r.Handle != "" && s.Account != "" && channel.SameHandle(s.Account, r.Handle)) {
			return s, true
		}
		if s.Account == "" && !hasGeneral {
			general, hasGeneral = s, true
		}
		only = s
		n++
	}
	switch {
	case r.Handle != "" && hasGeneral:
		return general, true
	case r.Handle == "" && n == 1:
		return only, true
	}
	return Statement{}, false
}

// hasStatementOn reports whether the level holds a statement on c.
func (l Level) hasStatementOn(c channel.Channel) bool {
	for _, s := range l.Statements {
		if s.Channel == c {
			return true
		}
	}
	return false
}
