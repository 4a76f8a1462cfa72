package strategy_test

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// sameTextPlan is the sample plan with n more copies of its first entry,
// one minute apart: n+1 posts with one text in one window.
func sameTextPlan(n int) *strategy.Strategy {
	plan := verifiedplan.Plan()
	first := plan.Entries[0]
	for i := range n {
		e := first
		e.ID = uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint("copy/", i)))
		e.At = first.At.Add(time.Duration(i+1) * time.Minute)
		plan.Entries = append(plan.Entries, e)
	}
	return plan
}

// TestVerifyNearDuplicateGroupIsOneFinding: 3,000 posts with one text are
// one calendar.conflicts finding that names the group (3,000 posts gave
// 4.5M findings), and the whole report stays bounded.
func TestVerifyNearDuplicateGroupIsOneFinding(t *testing.T) {
	plan := sameTextPlan(2999)
	report := strategy.Verify(plan, nil)
	var dups []strategy.Finding
	for _, f := range report.Findings {
		if f.Rule == strategy.RuleCalendarConflicts && strings.HasPrefix(f.Message, "near_duplicate") {
			dups = append(dups, f)
		}
	}
	require.Len(t, dups, 1, "%s", report)
	assert.Equal(t, "entries[0]", dups[0].Path)
	assert.Contains(t, dups[0].Message, "3000 near-duplicate texts")
	assert.Contains(t, dups[0].Message, "entries[0], entries[7], entries[8], entries[9], entries[10] and 2995 more")
	assert.Less(t, len(report.Findings), len(strategy.Rules())*strategy.MaxFindingsPerRule)
	assert.Less(t, len(report.String()), 1<<20)
}

// TestReportIsCapped: a rule that reports a million findings keeps
// MaxFindingsPerRule of them and counts the rest, in the report's fields,
// its text and its JSON; Count and OK count them too.
func TestReportIsCapped(t *testing.T) {
	const n = 1_000_000
	noisy := strategy.NewRule("acme.noisy", strategy.SeverityWarning, func(_ *strategy.Strategy, r *strategy.Reporter) {
		for i := range n {
			r.Report(validation.NewPath("entries").Index(i), "finding %d", i)
		}
	})
	plan := verifiedplan.Plan()
	base := strategy.Verify(plan, nil)
	report := strategy.Verify(plan, &strategy.VerifyOptions{Rules: []strategy.Rule{noisy}})
	kept := 0
	for _, f := range report.Findings {
		if f.Rule == "acme.noisy" {
			kept++
		}
	}
	assert.Equal(t, strategy.MaxFindingsPerRule, kept)
	require.Equal(t, []strategy.Omission{{Rule: "acme.noisy", Severity: strategy.SeverityWarning, Count: n - strategy.MaxFindingsPerRule}}, report.Omitted)
	assert.Equal(t, base.Count(strategy.SeverityWarning)+n, report.Count(strategy.SeverityWarning))
	assert.Equal(t, base.OK(), report.OK())
	text := report.String()
	assert.Contains(t, text, "warning acme.noisy: 999900 more findings not listed\n")
	assert.Less(t, len(text), 1<<20)

	data, err := json.Marshal(report)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"omitted":[{"rule":"acme.noisy","severity":"warning","count":999900}]`)
	var back strategy.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, report, back)
	assert.Equal(t, text, back.String())
}

// TestPlanValidCountsWhatValidateLeftOut: plan.valid keeps the problems
// Validate lists and counts those it left out (validation.MaxErrors).
func TestPlanValidCountsWhatValidateLeftOut(t *testing.T) {
	plan := sameTextPlan(300)
	for i := range plan.Entries {
		plan.Entries[i].Channel = "fax"
	}
	err := plan.Validate()
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	require.Positive(t, verr.Omitted)
	report := strategy.Verify(plan, nil)
	var got int
	for _, o := range report.Omitted {
		if o.Rule == strategy.RulePlanValid {
			got = o.Count
		}
	}
	assert.Equal(t, len(verr.Errors)+verr.Omitted-strategy.MaxFindingsPerRule, got)
	assert.False(t, report.OK())
}

// TestDecodeHugeRuleIsBounded: a 10 MB plan whose routine has a rule of
// 2.5M bad parts decodes to a bounded error at a bounded cost (it reached
// 3.2 GB).
func TestDecodeHugeRuleIsBounded(t *testing.T) {
	plan := verifiedplan.Plan()
	data, err := json.Marshal(plan)
	require.NoError(t, err)
	rule := plan.Routines[0].Recurrence.Rule.String()
	huge := strings.Replace(string(data), `"`+rule+`"`, `"`+strings.Repeat("X=1;", 2_500_000)+`"`, 1)
	require.NotEqual(t, string(data), huge)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = strategy.Decode(strings.NewReader(huge))
	runtime.ReadMemStats(&after)
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	assert.LessOrEqual(t, len(verr.Errors), validation.MaxErrors)
	assert.Positive(t, verr.Omitted)
	assert.Less(t, len(err.Error()), 100_000)
	// The document is read a few times over (10 MB each): generous, and
	// far below the gigabytes of one problem per part.
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(400<<20))
}

// TestLongObjectiveCycleIsOneShortProblem: a cycle of 100,001 parent
// objectives is one problem whose message names the first ten (it named
// all of them: a 2 MB sentence).
func TestLongObjectiveCycleIsOneShortProblem(t *testing.T) {
	plan := verifiedplan.Plan()
	first := plan.Objectives[0]
	prev := first.ID
	for i := range 100_000 {
		o := first
		o.ID = uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint("objective/", i)))
		o.Parent = prev
		prev = o.ID
		plan.Objectives = append(plan.Objectives, o)
	}
	plan.Objectives[0].Parent = prev
	err := plan.Validate()
	require.True(t, validation.Has(err, validation.CodeInvalid, "objectives[0].parent"), "%.300v", err)
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	for _, fe := range verr.Errors {
		if fe.Path == "objectives[0].parent" && fe.Code == validation.CodeInvalid {
			assert.Less(t, len(fe.Detail), 400, "%s", fe.Detail)
			assert.Contains(t, fe.Detail, "-> 99991 more -> objectives[0]")
		}
	}
	assert.Less(t, len(err.Error()), 1<<16)
}

// TestTeamCapacityDoesNotWrap: the capacity rule compares the week's
// needs with the team's hours exactly. In time.Duration, 2^43
// interactions of 4 minutes wrapped below the team's 20 hours and the plan
// passed; 2^40 of them were reported as needing 587,975 hours.
func TestTeamCapacityDoesNotWrap(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(p *strategy.Strategy)
		want string
	}{
		{"inbox", func(p *strategy.Strategy) { p.Community.Workload.InboxPerWeek = 1 << 43 }, "needs 586406201486h of community management"},
		{"inbox 2^40", func(p *strategy.Strategy) { p.Community.Workload.InboxPerWeek = 1 << 40 }, "needs 73300775190h of community management"},
		{"post time", func(p *strategy.Strategy) { p.Community.Workload.PostTime = strategy.Duration(math.MaxInt64) }, "needs 17934345h of community management"},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan := verifiedplan.Plan()
			c.edit(plan)
			require.NoError(t, plan.Validate())
			report := strategy.Verify(plan, nil)
			found := false
			for _, f := range report.Findings {
				if f.Rule == strategy.RuleTeamCapacity && f.Path == "team" {
					found = true
					assert.Contains(t, f.Message, c.want)
				}
			}
			assert.True(t, found, "%s", report)
		})
	}
}
