package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/strategy"
)

// briefGroups groups the week's items: the work overdue or due before the
// week, each day that has something, and the work without a due date.
func briefGroups(b *strategy.Brief, in func(time.Time) time.Time) []briefGroup {
	var groups []briefGroup
	group := func(label string) *briefGroup {
		if n := len(groups); n > 0 && groups[n-1].Label == label {
			return &groups[n-1]
		}
		groups = append(groups, briefGroup{Label: label})
		return &groups[len(groups)-1]
	}
	for _, it := range b.Week {
		iv := briefItemOf(it)
		var g *briefGroup
		switch {
		case it.At.IsZero():
			g = group("No due date")
		case it.At.Before(b.From):
			g = group("Overdue")
			iv.When = briefLine(in(it.At).Format("Mon 2 Jan 15:04 MST"))
		default:
			g = group(briefLine(in(it.At).Format("Monday 2 January")))
			iv.When = briefLine(in(it.At).Format("15:04 MST"))
		}
		g.Items = append(g.Items, iv)
	}
	return groups
}

// briefItemOf is an item without its time, which its group decides.
func briefItemOf(it strategy.BriefItem) briefItemView {
	iv := briefItemView{Title: briefLine(it.Title), Flag: it.Overdue || it.Blackout != ""}
	switch it.Kind {
	case strategy.BriefSlot:
		iv.Kind = "to prepare"
	case strategy.BriefEntry:
		iv.Kind = "post"
	case strategy.BriefAssignment:
		iv.Kind = "task"
		iv.Text = briefText(it.Text)
	default:
		iv.Kind = briefLine(string(it.Kind))
	}
	if iv.Title == "" {
		iv.Title = "(untitled)"
	}
	where := make([]string, 0, len(it.Accounts))
	for _, a := range it.Accounts {
		where = append(where, a.String())
	}
	if len(where) == 0 && it.Channel != "" {
		where = append(where, it.Channel.Name())
	}
	iv.Where = briefJoin(where, ", ")
	var notes []string
	if s := briefLine(strings.ReplaceAll(it.Status, "_", " ")); s == "todo" {
		notes = append(notes, "to do")
	} else if s != "" {
		notes = append(notes, s)
	}
	if c := briefLine(it.Campaign.Name); c != "" {
		notes = append(notes, "campaign "+c)
	}
	if it.Overdue {
		notes = append(notes, "overdue")
	}
	if it.Unowned {
		notes = append(notes, "no owner: any community manager")
	}
	if it.Blackout != "" {
		notes = append(notes, "not published: "+briefLine(it.Blackout))
	}
	iv.Notes = strings.Join(notes, "; ")
	return iv
}

func briefApprovalOf(a strategy.BriefApproval) briefApprovalView {
	av := briefApprovalView{For: briefLine(a.For)}
	av.For = briefCapital(av.For)
	if t := briefJoin(a.Triggers, ", "); t != "" {
		av.Triggers = "when a reply holds: " + t
	}
	for i, st := range a.Steps {
		sv := briefStepView{Label: fmt.Sprintf("Step %d", i+1), You: st.You}
		if n := briefLine(st.Name); n != "" {
			sv.Label += " (" + n + ")"
		}
		who := make([]string, 0, len(st.Members)+len(st.Roles))
		for _, m := range st.Members {
			who = append(who, m.Name)
		}
		for _, r := range st.Roles {
			who = append(who, "any "+briefRole(r))
		}
		sv.Who = briefJoin(who, ", ")
		if st.Require == calendar.RequireAll {
			sv.Rule = "all of them"
		} else {
			sv.Rule = "any one of them"
		}
		if st.Expires > 0 {
			sv.Rule += ", within " + briefDur(st.Expires)
		}
		av.Steps = append(av.Steps, sv)
	}
	return av
}

func briefLevelOf(l strategy.BriefLevel) briefLevelView {
	lv := briefLevelView{
		Name: briefLine(l.Name), Meaning: briefLine(l.Meaning),
		Handler: briefLine(l.Handler.Name), Approver: briefLine(l.Approver.Name), Backup: briefLine(l.BackupApprover.Name),
		You: l.You,
	}
	if l.Rank != 0 {
		lv.Name += fmt.Sprintf(" (rank %d)", l.Rank)
	}
	if l.FirstResponse > 0 {
		lv.FirstResponse = "first public response within " + briefDur(l.FirstResponse)
	}
	for _, e := range l.Escalation {
		lv.Escalation = append(lv.Escalation, "after "+briefDur(e.After)+": "+briefNames(e.Notify))
	}
	if l.Repeat > 0 && len(l.Escalation) > 0 {
		lv.Escalation = append(lv.Escalation, "then the same again, "+briefPlural(l.Repeat, "more time", "more times"))
	}
	if l.Pause > 0 {
		lv.Pause = "scheduled posts pause for up to " + briefDur(l.Pause)
	} else {
		lv.Pause = "publishing goes on"
	}
	for _, st := range l.Playbook {
		line := briefLine(st.Name)
		if a := briefLine(st.Action); a != "" {
			line += ": " + a
		}
		var by []string
		if o := briefLine(st.Owner.Name); o != "" {
			by = append(by, o)
		}
		if st.Within > 0 {
			by = append(by, "within "+briefDur(st.Within))
		}
		if len(by) > 0 {
			line += " (" + strings.Join(by, ", ") + ")"
		}
		lv.Playbook = append(lv.Playbook, "playbook: "+line)
	}
	return lv
}
