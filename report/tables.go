package report

import (
	"strings"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/strategy"
)

// findingsSection lists Verify's findings, most severe first as Verify
// sorts them, and the findings it left out.
func findingsSection(r *Review) section {
	s := section{ID: SectionFindings, Heading: "Verification findings"}
	if r.Verification == nil {
		s.Missing = "The verification report (strategy.Verify) was not given."
		return s
	}
	v := r.Verification
	counts := map[strategy.Severity]int{}
	for _, f := range v.Findings {
		counts[f.Severity]++
	}
	s.Intro = append(s.Intro, plural(len(v.Findings), "finding", "findings")+": "+
		itoa(counts[strategy.SeverityError])+" errors, "+itoa(counts[strategy.SeverityWarning])+" warnings, "+
		itoa(counts[strategy.SeverityInfo])+" for information.")
	if len(v.Findings) == 0 {
		s.Intro = append(s.Intro, "Verify found nothing to report.")
		return s
	}
	t := table{Caption: "Findings", Head: []string{"Severity", "Rule", "Where", "Message"}}
	for _, f := range v.Findings {
		where := f.Path
		if where == "" {
			where = "the whole plan"
		}
		t.Rows = append(t.Rows, []string{clean(string(f.Severity)), clean(f.Rule), clean(where), clean(f.Message)})
	}
	s.Tables = append(s.Tables, t)
	if len(v.Omitted) > 0 {
		o := table{Caption: "Findings left out", Head: []string{"Rule", "Severity", "Left out"}}
		for _, om := range v.Omitted {
			o.Rows = append(o.Rows, []string{clean(om.Rule), clean(string(om.Severity)), itoa(om.Count)})
		}
		s.Tables = append(s.Tables, o)
	}
	return s
}

// traceSection shows the traceability matrix: one row per objective and
// campaign, then what traces to nothing.
func traceSection(r *Review, loc *time.Location) section {
	s := section{ID: SectionTraceability, Heading: "Traceability: goal, objectives, KPIs, campaigns, posts"}
	if r.Matrix == nil {
		s.Missing = "The traceability matrix (strategy.Trace) was not given."
		return s
	}
	m := r.Matrix
	s.Intro = append(s.Intro, "Goal: "+clean(m.Goal)+" (by "+day(m.Deadline, loc)+").")
	t := table{Caption: "Traceability matrix", Head: []string{"Objective", "KPIs", "Campaign", "Accounts", "Posts"}}
	for _, o := range m.Objectives {
		kpis := refNames(o.KPIs)
		if kpis == "" {
			kpis = "none"
		}
		if len(o.Campaigns) == 0 {
			t.Rows = append(t.Rows, []string{clean(o.Statement), kpis, "none", "", "0"})
		}
		for _, c := range o.Campaigns {
			t.Rows = append(t.Rows, []string{clean(o.Statement), kpis, clean(c.Name), accountNames(c.Accounts), itoa(len(c.Entries))})
		}
	}
	s.Tables = append(s.Tables, t)
	if len(m.UntracedKPIs)+len(m.UntracedCampaigns)+len(m.UntracedEntries) > 0 {
		u := table{Caption: "Parts that trace to nothing", Head: []string{"Part", "Names"}}
		if len(m.UntracedKPIs) > 0 {
			u.Rows = append(u.Rows, []string{"KPIs measuring no objective", refNames(m.UntracedKPIs)})
		}
		if len(m.UntracedCampaigns) > 0 {
			u.Rows = append(u.Rows, []string{"Campaigns serving no objective", refNames(m.UntracedCampaigns)})
		}
		if len(m.UntracedEntries) > 0 {
			u.Rows = append(u.Rows, []string{"Posts in no campaign and no routine", plural(len(m.UntracedEntries), "post", "posts")})
		}
		s.Tables = append(s.Tables, u)
	} else {
		s.Intro = append(s.Intro, "Every KPI, campaign and post traces to the goal.")
	}
	return s
}

func refNames(refs []strategy.Ref) string {
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = clean(r.Name)
	}
	return strings.Join(names, ", ")
}

func accountNames(as []channel.AccountRef) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = clean(a.String())
	}
	return strings.Join(names, ", ")
}
