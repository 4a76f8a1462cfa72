package strategy_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/strategy/strategytest"
	"github.com/tandemsocial/tandem/validation"
)

// A member who changes how their name is written stays on the crisis
// ladder: the plan refers to people by member ID, never by name.
func TestRenamedMemberStaysOnTheLadder(t *testing.T) {
	plan := verifiedplan.Plan()
	before := strategy.Verify(plan, nil)
	plan.Team[0].Name = "Lucía Ortega Díaz"
	plan.Team[1].Name = "Mateo Ruiz Gil"
	require.NoError(t, plan.Validate())
	after := strategy.Verify(plan, nil)
	assert.Equal(t, before.Findings, after.Findings)
	assert.Equal(t, "Lucía Ortega Díaz", plan.MemberNames()[plan.Crisis.Levels[2].Approver])
}

// Every member ID the plan names is checked against the team, at its path.
func TestDanglingMemberReference(t *testing.T) {
	stranger := verifiedplan.IDs.ID("member", "head-of-legal")
	tests := []struct {
		path  string
		plant func(p *strategy.Strategy)
	}{
		{"crisis.levels[0].handler", func(p *strategy.Strategy) { p.Crisis.Levels[0].Handler = stranger }},
		{"crisis.levels[1].approver", func(p *strategy.Strategy) { p.Crisis.Levels[1].Approver = stranger }},
		{"crisis.levels[2].backupApprover", func(p *strategy.Strategy) { p.Crisis.Levels[2].BackupApprover = stranger }},
		{"crisis.levels[0].escalation.steps[0].notify[1]", func(p *strategy.Strategy) {
			p.Crisis.Levels[0].Escalation.Steps[0].Notify = append(p.Crisis.Levels[0].Escalation.Steps[0].Notify, stranger)
		}},
		{"crisis.levels[1].playbook[0].owner", func(p *strategy.Strategy) { p.Crisis.Levels[1].Playbook[0].Owner = stranger }},
		{"routines[0].owner", func(p *strategy.Strategy) { p.Routines[0].Owner = stranger }},
		{"entries[2].owner", func(p *strategy.Strategy) { p.Entries[2].Owner = stranger }},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			plan := verifiedplan.Plan()
			tt.plant(plan)
			err := plan.Validate()
			assert.True(t, validation.Has(err, validation.CodeNotFound, tt.path), "%v", err)
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			assert.Len(t, verr.Errors, 1, "one problem, reported once")
			report := strategy.Verify(plan, nil)
			assert.True(t, strategytest.HasFinding(report, strategy.RulePlanValid, tt.path), "%s", report)
		})
	}
	t.Run("a nil ID is the part's own required error, once", func(t *testing.T) {
		plan := verifiedplan.Plan()
		plan.Crisis.Levels[1].Approver = uuid.Nil
		var verr *validation.Error
		require.ErrorAs(t, plan.Validate(), &verr)
		require.Len(t, verr.Errors, 1, "%v", verr)
		assert.True(t, validation.Has(verr, validation.CodeRequired, "crisis.levels[1].approver"))
	})
}

func TestMemberNames(t *testing.T) {
	plan := verifiedplan.Plan()
	assert.Equal(t, map[uuid.UUID]string{
		verifiedplan.Strategist:       verifiedplan.StrategistName,
		verifiedplan.CommunityManager: verifiedplan.CommunityManagerName,
	}, plan.MemberNames())
	plan.Team = append(plan.Team, strategy.Member{Name: "no ID"}, strategy.Member{ID: verifiedplan.Strategist, Name: "twice"})
	names := plan.MemberNames()
	assert.Len(t, names, 2)
	assert.Equal(t, verifiedplan.StrategistName, names[verifiedplan.Strategist], "the first of two members with one ID")
	assert.Empty(t, (&strategy.Strategy{}).MemberNames())
}
