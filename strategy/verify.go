package strategy

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tandemsocial/tandem/validation"
)

// Finding is one thing a verification rule found in a plan.
type Finding struct {
	// Rule is the name of the rule that found it, such as "smart.measurable".
	Rule string `json:"rule"`
	// Severity is the rule's severity, after any override.
	Severity Severity `json:"severity"`
	// Path is the part of the plan it is about, in JSON names
	// (objectives[1].deadline); empty for the plan as a whole.
	Path string `json:"path,omitempty"`
	// Message says what is wrong, for people.
	Message string `json:"message"`
}

// String prints the finding on one line.
func (f Finding) String() string {
	if f.Path == "" {
		return fmt.Sprintf("%-7s %s: %s", f.Severity, f.Rule, f.Message)
	}
	return fmt.Sprintf("%-7s %s: %s: %s", f.Severity, f.Rule, f.Path, f.Message)
}

// Rule is one check that Verify runs over a whole plan. tandem's built-in
// rules are listed by [Rules]; users add their own, through [NewRule] or
// their own type.
type Rule interface {
	// Name identifies the rule in findings and in
	// VerifyOptions.Severities. Use lower-case dotted names ("acme.budget").
	Name() string
	// Severity is the rule's default severity.
	Severity() Severity
	// Check examines the plan and reports what it finds. It must not
	// change the plan.
	Check(plan *Strategy, r *Reporter)
}

// Reporter collects the findings of one rule.
type Reporter struct {
	rule     string
	severity Severity
	findings []Finding
}

// Report adds a finding at path (nil for the plan as a whole).
func (r *Reporter) Report(path *validation.Path, format string, args ...any) {
	r.findings = append(r.findings, Finding{
		Rule:     r.rule,
		Severity: r.severity,
		Path:     path.String(),
		Message:  fmt.Sprintf(format, args...),
	})
}

type funcRule struct {
	name     string
	severity Severity
	check    func(*Strategy, *Reporter)
}

func (f funcRule) Name() string                    { return f.name }
func (f funcRule) Severity() Severity              { return f.severity }
func (f funcRule) Check(p *Strategy, r *Reporter) { f.check(p, r) }

// NewRule makes a Rule from a function.
func NewRule(name string, severity Severity, check func(plan *Strategy, r *Reporter)) Rule {
	return funcRule{name: name, severity: severity, check: check}
}

// Report is what Verify found, in a deterministic order: by severity (errors
// first), then rule name, then path, then message.
type Report struct {
	Findings []Finding `json:"findings"`
}

// AtLeast returns the findings whose severity is min or more.
func (r *Report) AtLeast(min Severity) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity.AtLeast(min) {
			out = append(out, f)
		}
	}
	return out
}

// Count returns how many findings have severity min or more.
func (r *Report) Count(min Severity) int { return len(r.AtLeast(min)) }

// OK reports whether the report holds no error.
func (r *Report) OK() bool { return r.Count(SeverityError) == 0 }

// String prints one finding a line, followed by a summary line.
func (r *Report) String() string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	e, w := r.Count(SeverityError), r.Count(SeverityWarning)
	fmt.Fprintf(&b, "%d errors, %d warnings, %d info\n", e, w-e, len(r.Findings)-w)
	return b.String()
}

func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(b.Severity.rank(), a.Severity.rank()),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// run applies rules with the overrides and returns the sorted findings.
func run(plan *Strategy, rules []Rule, overrides map[string]Severity) []Finding {
	var all []Finding
	for _, rule := range rules {
		sev := rule.Severity()
		if o, ok := overrides[rule.Name()]; ok {
			sev = o
		}
		if sev == SeverityOff || !sev.IsValid() {
			continue
		}
		r := &Reporter{rule: rule.Name(), severity: sev}
		rule.Check(plan, r)
		all = append(all, r.findings...)
	}
	sortFindings(all)
	return all
}
