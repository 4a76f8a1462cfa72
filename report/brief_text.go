package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/strategy"
)

// BriefTextWidth is the width WriteBriefText wraps its lines at, in
// characters; a word longer than a line (a long link) is not broken.
const BriefTextWidth = 80

// WriteBriefText writes b as plain text for a chat message or an email:
// the same sections and content as WriteBriefHTML, in that order, with
// lines wrapped at BriefTextWidth characters where the words allow. A week
// with nothing in it says so. A nil brief is ErrNoBrief; otherwise the
// only errors are w's.
func WriteBriefText(w io.Writer, b *strategy.Brief) error {
	if b == nil {
		return ErrNoBrief
	}
	v := newBriefView(b)
	t := &briefTextWriter{w: bufio.NewWriter(w)}

	t.wrap("", "", v.Title)
	meta := "Week of " + v.Span
	if v.Roles != "" {
		meta = v.Roles + " · week of " + v.Span
	}
	t.wrap("", "", meta)
	t.wrap("", "", "As of "+v.AsOf+"; times on the "+v.Zone+" clock.")

	t.heading("Values and voice")
	if len(v.Values) > 0 {
		t.wrap("", "  ", "Values: "+strings.Join(v.Values, ", "))
	}
	for _, p := range v.Voice {
		t.wrap("", "  ", p.Label+": "+p.Text)
	}
	if len(v.Voice) == 0 {
		t.wrap("", "", "The plan sets no voice rules.")
	}

	t.heading("Objectives and your part")
	if v.Goal != "" {
		t.wrap("", "  ", "Goal: "+v.Goal)
	}
	for i, o := range v.Objectives {
		num := strconv.Itoa(i+1) + ". "
		pad := strings.Repeat(" ", len(num))
		line := o.Statement
		if o.Deadline != "" {
			line += " (by " + o.Deadline + ")"
		}
		t.wrap(num, pad, line)
		if o.KPIs != "" {
			t.wrap(pad, pad+"  ", "KPIs: "+o.KPIs)
		}
		if len(o.Work) > 0 {
			t.wrap(pad, pad+"  ", "Your part: "+strings.Join(o.Work, "; "))
		} else {
			t.wrap(pad, pad+"  ", "None of your work serves it directly.")
		}
	}
	if len(v.Objectives) == 0 {
		t.wrap("", "", "The plan has no objectives.")
	}

	t.heading("Your week")
	for _, g := range v.Groups {
		t.wrap("", "", g.Label)
		for _, it := range g.Items {
			head := "  "
			if it.When != "" {
				head += it.When + "  "
			}
			line := it.Kind + ": " + it.Title
			if it.Where != "" {
				line += " — " + it.Where
			}
			t.wrap(head, "      ", line)
			if it.Notes != "" {
				t.wrap("      ", "      ", it.Notes)
			}
			if it.Text != "" {
				t.block("      ", it.Text)
			}
		}
	}
	if len(v.Groups) == 0 {
		t.wrap("", "", "Nothing is planned for you from "+v.Span+": no routine slots, posts or open tasks.")
	}

	t.heading("Saved replies")
	for _, r := range v.Replies {
		t.wrap("- ", "  ", r.Name+" ("+r.Where+")")
		t.block("  ", "“"+r.Text+"”")
	}
	if len(v.Replies) == 0 {
		t.wrap("", "", "No saved reply applies to you.")
	}

	t.heading("Approvals")
	for _, a := range v.Approvals {
		head := a.For
		if a.Triggers != "" {
			head += " — " + a.Triggers
		}
		t.wrap("", "  ", head)
		for _, st := range a.Steps {
			line := st.Label + ": " + st.Who + " (" + st.Rule + ")"
			if st.You {
				line += " [you]"
			}
			t.wrap("  ", "     ", line)
		}
	}
	if len(v.Approvals) == 0 {
		t.wrap("", "", "No approval is needed: posts and replies go out as they are.")
	}

	t.heading("Crisis: whom to call")
	if v.CrisisPlan != "" {
		t.wrap("", "  ", "Crisis plan: "+v.CrisisPlan)
	}
	for _, l := range v.Crisis {
		head := l.Name
		if l.Meaning != "" {
			head += " — " + l.Meaning
		}
		if l.You {
			head += " [you]"
		}
		t.wrap("", "  ", head)
		handler := "Handler: " + l.Handler
		if l.FirstResponse != "" {
			handler += "; " + l.FirstResponse
		}
		t.wrap("  ", "    ", handler)
		approver := "Approves statements: " + l.Approver
		if l.Backup != "" {
			approver += "; backup: " + l.Backup
		}
		t.wrap("  ", "    ", approver)
		if len(l.Escalation) > 0 {
			t.wrap("  ", "    ", "Escalation: "+strings.Join(l.Escalation, "; "))
		}
		t.wrap("  ", "    ", briefCapital(l.Pause))
		for _, p := range l.Playbook {
			t.wrap("  ", "    ", briefCapital(p))
		}
	}
	if len(v.Crisis) == 0 {
		t.wrap("", "", "The plan has no crisis ladder yet: ask the strategist whom to call.")
	}
	return t.flush()
}

// briefTextWriter writes wrapped lines and keeps the first error.
type briefTextWriter struct {
	w   *bufio.Writer
	err error
}

func (t *briefTextWriter) line(s string) {
	if t.err == nil {
		_, t.err = t.w.WriteString(strings.TrimRight(s, " ") + "\n")
	}
}

func (t *briefTextWriter) heading(s string) {
	t.line("")
	t.line(strings.ToUpper(s))
}

// wrap writes text as lines of at most BriefTextWidth characters, the
// first after first and the others after rest.
func (t *briefTextWriter) wrap(first, rest, text string) {
	prefix, cur, n := first, first, utf8.RuneCountInString(first)
	empty := true
	for _, word := range strings.Fields(text) {
		wl := utf8.RuneCountInString(word)
		if !empty && n+1+wl > BriefTextWidth {
			t.line(cur)
			prefix = rest
			cur, n, empty = rest, utf8.RuneCountInString(rest), true
		}
		if !empty {
			cur += " "
			n++
		}
		cur += word
		n += wl
		empty = false
	}
	if !empty || prefix == first {
		t.line(cur)
	}
}

// block writes a text of several lines, each wrapped after indent.
func (t *briefTextWriter) block(indent, text string) {
	for _, l := range strings.Split(text, "\n") {
		t.wrap(indent, indent, l)
	}
}

func (t *briefTextWriter) flush() error {
	if t.err != nil {
		return t.err
	}
	return t.w.Flush()
}

// briefCapital writes s with a capital first letter.
func briefCapital(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}
