package report

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/strategy"
)

// ErrNoBrief is returned by WriteBriefHTML and WriteBriefText for a nil
// brief.
var ErrNoBrief = errors.New("report: no brief to write")

// briefView is a brief as the lines people read, built once and written
// by both the HTML and the text writer, so the two say the same thing.
// Every string in it is valid UTF-8 without control characters.
type briefView struct {
	Title, Person, Roles, Brand, Zone, Span, AsOf string
	Values                                        []string
	Voice                                         []briefPair
	Goal                                          string
	Objectives                                    []briefObjectiveView
	Groups                                        []briefGroup
	Replies                                       []briefReplyView
	Approvals                                     []briefApprovalView
	CrisisPlan                                    string
	Crisis                                        []briefLevelView
}

// briefPair is a label and what it says.
type briefPair struct{ Label, Text string }

type briefObjectiveView struct {
	Statement, Deadline, KPIs string
	Work                      []string
}

// briefGroup is a day of the week, or the overdue or undated work.
type briefGroup struct {
	Label string
	Items []briefItemView
}

type briefItemView struct {
	When, Kind, Title, Where, Notes, Text string
	Flag                                  bool // overdue or held by a blackout
}

type briefReplyView struct{ Name, Where, Text string }

type briefApprovalView struct {
	For, Triggers string
	Steps         []briefStepView
}

type briefStepView struct {
	Label, Who, Rule string
	You              bool
}

type briefLevelView struct {
	Name, Meaning, FirstResponse, Handler, Approver, Backup, Pause string
	Escalation, Playbook                                           []string
	You                                                            bool
}

// briefLine makes s safe to print on one line: invalid UTF-8 becomes
// U+FFFD, and control characters and line breaks become spaces.
func briefLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// briefText makes a multi-line text safe: as briefLine, line by line.
func briefText(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = briefLine(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// briefDur prints a duration as people write it: 1h, 30m, 1h30m, 48h.
func briefDur(d calendar.Duration) string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

func briefJoin(ss []string, sep string) string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = briefLine(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

func briefNames(rs []strategy.Ref) string {
	names := make([]string, 0, len(rs))
	for _, r := range rs {
		names = append(names, r.Name)
	}
	return briefJoin(names, ", ")
}

func briefRole(r strategy.Role) string { return strings.ReplaceAll(briefLine(string(r)), "_", " ") }

func briefPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// newBriefView builds the view of b, with every time on b's zone (the
// times' own location when the zone does not load).
func newBriefView(b *strategy.Brief) briefView {
	loc, err := time.LoadLocation(b.Zone)
	if err != nil || b.Zone == "" || b.Zone == "Local" {
		loc = nil
	}
	in := func(t time.Time) time.Time {
		if loc != nil {
			return t.In(loc)
		}
		return t
	}
	stamp := func(t time.Time, layout string) string { return briefLine(in(t).Format(layout)) }
	const dayLayout = "Mon 2 Jan 2006"
	v := briefView{
		Person: briefLine(b.Person.Name), Brand: briefLine(b.Brand), Zone: briefLine(b.Zone),
		AsOf: stamp(b.AsOf, dayLayout+" 15:04 MST"), Goal: briefLine(b.Goal), CrisisPlan: briefLine(b.CrisisPlan),
	}
	if v.Person == "" {
		v.Person = b.Person.ID.String()
	}
	v.Title = "Brief for " + v.Person
	if v.Brand != "" {
		v.Title += " — " + v.Brand
	}
	roles := make([]string, 0, len(b.Person.Roles))
	for _, r := range b.Person.Roles {
		roles = append(roles, briefRole(r))
	}
	v.Roles = strings.Join(roles, " and ")
	if !b.To.IsZero() {
		v.Span = stamp(b.From, dayLayout) + " to " + stamp(b.To.Add(-time.Nanosecond), dayLayout)
	}
	for _, s := range b.Values {
		if s = briefLine(s); s != "" {
			v.Values = append(v.Values, s)
		}
	}
	v.Voice = briefVoice(b)
	for _, o := range b.Objectives {
		ov := briefObjectiveView{Statement: briefLine(o.Statement), KPIs: briefJoin(o.KPIs, ", ")}
		if !o.Deadline.IsZero() {
			ov.Deadline = stamp(o.Deadline, dayLayout)
		}
		if o.ThisWeek > 0 {
			ov.Work = append(ov.Work, briefPlural(o.ThisWeek, "item", "items")+" of your week")
		}
		if len(o.Routines) > 0 {
			ov.Work = append(ov.Work, "routines: "+briefNames(o.Routines))
		}
		if len(o.Assignments) > 0 {
			ov.Work = append(ov.Work, "assignments: "+briefNames(o.Assignments))
		}
		if len(o.Campaigns) > 0 {
			ov.Work = append(ov.Work, "campaigns: "+briefNames(o.Campaigns))
		}
		if o.Entries > 0 {
			ov.Work = append(ov.Work, briefPlural(o.Entries, "post", "posts")+" from this week on")
		}
		v.Objectives = append(v.Objectives, ov)
	}
	v.Groups = briefGroups(b, in)
	for _, r := range b.Replies {
		where := "every network"
		if len(r.Channels) > 0 {
			names := make([]string, len(r.Channels))
			for i, c := range r.Channels {
				names[i] = c.Name()
			}
			where = briefJoin(names, ", ")
		}
		if l := briefLine(r.Language); l != "" {
			where += ", " + l
		}
		v.Replies = append(v.Replies, briefReplyView{Name: briefLine(r.Name), Where: where, Text: briefText(r.Text)})
	}
	for _, a := range b.Approvals {
		v.Approvals = append(v.Approvals, briefApprovalOf(a))
	}
	for _, l := range b.Crisis {
		v.Crisis = append(v.Crisis, briefLevelOf(l))
	}
	return v
}

// briefVoice lists the voice: tone, the banned and must-have phrases, what
// needs approval, and the limits.
func briefVoice(b *strategy.Brief) []briefPair {
	p := b.Voice
	var out []briefPair
	add := func(label, text string) {
		if text != "" {
			out = append(out, briefPair{label, text})
		}
	}
	tone := briefLine(string(p.Tone))
	if p.Address != "" {
		tone = strings.TrimPrefix(tone+"; address people "+briefLine(string(p.Address))+"ly", "; ")
	}
	add("Tone", tone)
	add("Never write", briefJoin(p.BannedWords, ", "))
	rules := func(rs []community.VoiceRule) string {
		parts := make([]string, 0, len(rs))
		for _, r := range rs {
			parts = append(parts, briefLine(r.Name)+" ("+briefLine(r.Pattern)+")")
		}
		return strings.Join(parts, "; ")
	}
	add("Banned phrases", rules(p.BannedPhrases))
	add("Every reply has", rules(p.Required))
	add("Needs approval", rules(p.NeedsApproval))
	add("Off tone", rules(append(append([]community.VoiceRule{}, p.WrongAddress...), p.OffTone...)))
	var limits []string
	if p.MaxExclamations > 0 {
		limits = append(limits, "at most "+briefPlural(p.MaxExclamations, "exclamation mark", "exclamation marks"))
	}
	if p.NoShouting {
		limits = append(limits, "no words in capitals")
	}
	switch {
	case p.Emoji.Forbidden:
		limits = append(limits, "no emoji")
	case p.Emoji.Max > 0:
		limits = append(limits, "at most "+briefPlural(p.Emoji.Max, "emoji", "emoji"))
	}
	switch {
	case p.Links.Forbidden:
		limits = append(limits, "no links")
	case len(p.Links.Domains) > 0:
		limits = append(limits, "links only to "+briefJoin(p.Links.Domains, ", "))
	}
	add("Limits", strings.Join(limits, "; "))
	return out
}
