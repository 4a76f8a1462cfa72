package strategy

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

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

// MaxFindingsPerRule is the most findings a Report keeps from one rule: the
// first ones the rule reports. The rest are counted, not kept (see
// Report.Omitted), so no plan makes a report grow without bound.
const MaxFindingsPerRule = 100

// Reporter collects the findings of one rule. After MaxFindingsPerRule
// findings it only counts them, without formatting their messages.
type Reporter struct {
	rule     string
	severity Severity
	findings []Finding
	omitted  int
}

// onlyCount reports whether the rule already keeps MaxFindingsPerRule
// findings; if so it counts the finding about to be reported, which the
// caller then skips building (its path and message).
func (r *Reporter) onlyCount() bool {
	if len(r.findings) >= MaxFindingsPerRule {
		r.omitted++
		return true
	}
	return false
}

// omit counts n findings that are not kept.
func (r *Reporter) omit(n int) {
	if n > 0 {
		r.omitted += n
	}
}

// Report adds a finding at path (nil for the plan as a whole). After
// MaxFindingsPerRule findings of the rule it only counts it.
func (r *Reporter) Report(path *validation.Path, format string, args ...any) {
	if r.onlyCount() {
		return
	}
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

func (f funcRule) Name() string                   { return f.name }
func (f funcRule) Severity() Severity             { return f.severity }
func (f funcRule) Check(p *Strategy, r *Reporter) { f.check(p, r) }

// NewRule makes a Rule from a function.
func NewRule(name string, severity Severity, check func(plan *Strategy, r *Reporter)) Rule {
	return funcRule{name: name, severity: severity, check: check}
}

// Report is what Verify found, in a deterministic order: by severity (errors
// first), then rule name, then path, then message.
type Report struct {
	// Findings are the findings kept: at most MaxFindingsPerRule of each
	// rule.
	Findings []Finding `json:"findings"`
	// Omitted counts, for each rule that found more than
	// MaxFindingsPerRule, the findings left out, sorted as Findings are
	// (by severity, then rule). It is empty when nothing was left out.
	Omitted []Omission `json:"omitted,omitempty"`
}

// Omission counts the findings of one rule that a Report leaves out.
type Omission struct {
	// Rule is the name of the rule.
	Rule string `json:"rule"`
	// Severity is the rule's severity, that of each finding left out.
	Severity Severity `json:"severity"`
	// Count is how many findings were left out.
	Count int `json:"count"`
}

// String prints the omission on one line, in the layout of a finding.
func (o Omission) String() string {
	return fmt.Sprintf("%-7s %s: %d more findings not listed", o.Severity, o.Rule, o.Count)
}

// AtLeast returns the findings kept whose severity is min or more.
func (r Report) AtLeast(min Severity) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity.AtLeast(min) {
			out = append(out, f)
		}
	}
	return out
}

// Count returns how many findings have severity min or more, those left
// out (Omitted) included.
func (r Report) Count(min Severity) int {
	n := len(r.AtLeast(min))
	for _, o := range r.Omitted {
		if o.Severity.AtLeast(min) {
			n += o.Count
		}
	}
	return n
}

// total returns how many findings the report counts, kept or left out.
func (r Report) total() int {
	n := len(r.Findings)
	for _, o := range r.Omitted {
		n += o.Count
	}
	return n
}

// OK reports whether the report holds no error.
func (r Report) OK() bool { return r.Count(SeverityError) == 0 }

// String prints one finding a line, then a line for each rule's findings
// left out ("warning calendar.conflicts: 2900 more findings not listed"),
// followed by a summary line that counts them all.
func (r Report) String() string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	for _, o := range r.Omitted {
		b.WriteString(o.String())
		b.WriteByte('\n')
	}
	e, w := r.Count(SeverityError), r.Count(SeverityWarning)
	fmt.Fprintf(&b, "%d errors, %d warnings, %d info\n", e, w-e, r.total()-w)
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

// DefaultMaxMonthlyChange is the achievable bound of the smart.achievable
// rule, in percent, when VerifyOptions.MaxMonthlyChange is zero: a KPI may
// plan to move by at most 20% of its baseline every 30 days. It is a
// constant, so no package in a process can change what Verify means by
// default; pass VerifyOptions.MaxMonthlyChange to use another bound.
const DefaultMaxMonthlyChange = 20

// defaultBound is DefaultMaxMonthlyChange as the decimal the rule compares.
func defaultBound() decimal.Decimal { return decimal.NewFromInt(DefaultMaxMonthlyChange) }

// VerifyOptions tune Verify. The zero value, or a nil pointer, means the
// defaults: every built-in rule at its own severity, the default
// achievable bound, no user rules.
type VerifyOptions struct {
	// MaxMonthlyChange is the achievable bound of smart.achievable: the
	// largest change a KPI may plan, in percent of its baseline per 30
	// days (straight-line, not compounded). Zero means
	// DefaultMaxMonthlyChange; negative, or beyond validation's decimal
	// bounds, is an error (a verify.options finding) and the default is used.
	MaxMonthlyChange decimal.Decimal
	// Severities raise, lower or silence (SeverityOff) rules by name,
	// built-in or user rules alike. A name that is no rule's is reported
	// as a verify.options finding, so a typo never silences nothing.
	Severities map[string]Severity
	// Rules are the user's own rules, run after the built-in ones. Their
	// names must differ from every other rule's.
	Rules []Rule
}

// RuleOptions is the rule name under which Verify reports problems with
// its own options (an unknown rule name or severity, a negative bound, two
// rules with one name).
const RuleOptions = "verify.options"

// Verify judges a whole plan with the built-in rules (see Rules and the
// package documentation for each) and the user's rules, and returns every
// finding in a deterministic order: by severity (errors first), rule name,
// path and message.
//
// Verify works on any plan, valid or not: structural problems are findings
// of the plan.valid rule, and every other rule skips what it cannot judge
// (a reference to nothing, a missing date) rather than fail. The built-in
// rules share one index of the plan by ID, so the whole run is linear in
// the size of the plan, apart from sorting each channel's entries and the
// calendar's near-duplicate check (see calendar.Conflicts).
func Verify(plan *Strategy, opts *VerifyOptions) Report {
	if opts == nil {
		opts = &VerifyOptions{}
	}
	var (
		all     []Finding
		omitted []Omission
	)
	optsReporter := &Reporter{rule: RuleOptions, severity: SeverityError}
	ctx := &checkContext{plan: plan, bound: opts.MaxMonthlyChange}
	if ctx.bound.IsZero() {
		ctx.bound = defaultBound()
	} else if fe := validation.CheckDecimal(validation.NewPath("maxMonthlyChange"), ctx.bound); fe != nil {
		optsReporter.Report(validation.NewPath("maxMonthlyChange"), "the achievable bound %s; using the default %d%%", fe.Detail, DefaultMaxMonthlyChange)
		ctx.bound = defaultBound()
	} else if ctx.bound.IsNegative() {
		optsReporter.Report(validation.NewPath("maxMonthlyChange"), "the achievable bound %s%% is negative; using the default %d%%", opts.MaxMonthlyChange, DefaultMaxMonthlyChange)
		ctx.bound = defaultBound()
	}
	if plan == nil {
		plan = &Strategy{}
		ctx.plan = plan
	}
	ctx.ix = newIndex(plan)

	rules := builtins()
	names := make(map[string]bool, len(rules)+len(opts.Rules))
	for _, r := range rules {
		names[r.Name()] = true
	}
	for i, r := range opts.Rules {
		if r == nil {
			optsReporter.Report(validation.NewPath("rules").Index(i), "the rule is nil")
			continue
		}
		if names[r.Name()] {
			optsReporter.Report(validation.NewPath("rules").Index(i), "another rule is already named %q; this one is not run", r.Name())
			continue
		}
		names[r.Name()] = true
		rules = append(rules, r)
	}
	for _, name := range sortedKeys(opts.Severities) {
		sev := opts.Severities[name]
		p := validation.NewPath("severities").Key(name)
		if !names[name] {
			optsReporter.Report(p, "no rule is named %q", name)
		}
		if !sev.IsValid() {
			optsReporter.Report(p, "%q is not a severity (error, warning, info, off)", string(sev))
		}
	}
	all = append(all, optsReporter.findings...)
	if optsReporter.omitted > 0 {
		omitted = append(omitted, Omission{Rule: RuleOptions, Severity: SeverityError, Count: optsReporter.omitted})
	}

	for _, rule := range rules {
		sev := rule.Severity()
		if o, ok := opts.Severities[rule.Name()]; ok && o.IsValid() {
			sev = o
		}
		if sev == SeverityOff || !sev.IsValid() {
			continue
		}
		r := &Reporter{rule: rule.Name(), severity: sev}
		if b, ok := rule.(builtinRule); ok {
			b.check(ctx, r)
		} else {
			rule.Check(plan, r)
		}
		all = append(all, r.findings...)
		if r.omitted > 0 {
			omitted = append(omitted, Omission{Rule: r.rule, Severity: sev, Count: r.omitted})
		}
	}
	sortFindings(all)
	if all == nil {
		all = []Finding{}
	}
	slices.SortStableFunc(omitted, func(a, b Omission) int {
		return cmp.Or(cmp.Compare(b.Severity.rank(), a.Severity.rank()), cmp.Compare(a.Rule, b.Rule))
	})
	return Report{Findings: all, Omitted: omitted}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// add adds a finding at a path given as text.
func (r *Reporter) add(path, message string) {
	if r.onlyCount() {
		return
	}
	r.findings = append(r.findings, Finding{Rule: r.rule, Severity: r.severity, Path: path, Message: message})
}
