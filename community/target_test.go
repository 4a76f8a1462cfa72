package community_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

// fieldErrors returns the field errors of a *validation.Error.
func fieldErrors(t testing.TB, err error) validation.ErrorList {
	t.Helper()
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	return verr.Errors
}

// issueTargets are the targets of the issue that found the defect: an
// urgent direct message got the direct-message target (4h), looser than
// the urgent one (30m).
func issueTargets() []community.Target {
	return []community.Target{
		{Priority: community.PriorityUrgent, Within: calendar.Duration(30 * time.Minute)},
		{Priority: community.PriorityHigh, Within: calendar.Duration(2 * time.Hour)},
		{Kind: community.KindDirectMessage, Within: calendar.Duration(4 * time.Hour)},
		{Within: calendar.Duration(8 * time.Hour)},
	}
}

func TestTargetTightestApplicableWins(t *testing.T) {
	p := samplePolicy()
	p.Targets = issueTargets()
	r, err := community.NewResponder(p, nil)
	require.NoError(t, err)
	tests := []struct {
		kind community.Kind
		prio community.Priority
		want time.Duration
	}{
		{community.KindDirectMessage, community.PriorityUrgent, 30 * time.Minute}, // the issue's case
		{community.KindDirectMessage, community.PriorityHigh, 2 * time.Hour},
		{community.KindDirectMessage, community.PriorityNormal, 4 * time.Hour},
		{community.KindDirectMessage, community.PriorityLow, 4 * time.Hour},
		{community.KindComment, community.PriorityUrgent, 30 * time.Minute},
		{community.KindComment, community.PriorityHigh, 2 * time.Hour},
		{community.KindComment, community.PriorityNormal, 8 * time.Hour}, // the catch-all
		{community.KindShare, community.PriorityLow, 8 * time.Hour},
	}
	for _, tt := range tests {
		d, ok := r.Target(tt.kind, tt.prio)
		assert.True(t, ok, "%s/%s", tt.kind, tt.prio)
		assert.Equal(t, tt.want, d, "%s/%s", tt.kind, tt.prio)
	}

	// The catch-all is the fallback: a longer target for a kind or a
	// priority is honoured.
	p.Targets = []community.Target{
		{Within: calendar.Duration(8 * time.Hour)},
		{Priority: community.PriorityLow, Within: calendar.Duration(24 * time.Hour)},
		{Kind: community.KindShare, Within: calendar.Duration(48 * time.Hour)},
		{Kind: community.KindReview, Priority: community.PriorityNormal, Within: calendar.Duration(12 * time.Hour)},
	}
	r, err = community.NewResponder(p, nil)
	require.NoError(t, err)
	for _, tt := range []struct {
		kind community.Kind
		prio community.Priority
		want time.Duration
	}{
		{community.KindComment, community.PriorityLow, 24 * time.Hour},
		{community.KindShare, community.PriorityNormal, 48 * time.Hour},
		{community.KindShare, community.PriorityLow, 24 * time.Hour}, // tighter of share and low
		{community.KindReview, community.PriorityNormal, 12 * time.Hour},
		{community.KindReview, community.PriorityHigh, 8 * time.Hour},
	} {
		d, ok := r.Target(tt.kind, tt.prio)
		assert.True(t, ok, "%s/%s", tt.kind, tt.prio)
		assert.Equal(t, tt.want, d, "%s/%s", tt.kind, tt.prio)
	}
}

// TestTargetNeverLooserThanApplicable checks the rule on random policies:
// for every kind and priority, the target is no looser than any target
// that names the kind or the priority (and no other), it is one of the
// targets that apply, and the catch-all is used only when nothing more
// specific applies.
func TestTargetNeverLooserThanApplicable(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	kinds, prios := community.Kinds(), community.Priorities()
	within := []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour}
	built := 0
	for range 2000 {
		p := samplePolicy()
		p.Targets = nil
		for range 1 + rng.IntN(8) {
			var tg community.Target
			if rng.IntN(2) == 0 {
				tg.Kind = kinds[rng.IntN(len(kinds))]
			}
			if rng.IntN(2) == 0 {
				tg.Priority = prios[rng.IntN(len(prios))]
			}
			tg.Within = calendar.Duration(within[rng.IntN(len(within))])
			p.Targets = append(p.Targets, tg)
		}
		// The targets are under test, not the sentiment: the default
		// classifier, built once, keeps 2,000 responders cheap.
		r, err := community.NewResponder(p, community.DefaultClassifier())
		if err != nil {
			// Duplicates and targets that could never apply are refused;
			// nothing else is.
			for _, fe := range fieldErrors(t, err) {
				require.Contains(t, []validation.Code{validation.CodeDuplicate, validation.CodeConflict}, fe.Code, "%v", err)
			}
			continue
		}
		built++
		for _, k := range kinds {
			for _, pr := range prios {
				got, ok := r.Target(k, pr)
				var specific, catchAll []time.Duration
				for _, tg := range p.Targets {
					if (tg.Kind != "" && tg.Kind != k) || (tg.Priority != "" && tg.Priority != pr) {
						continue
					}
					if tg.Kind == "" && tg.Priority == "" {
						catchAll = append(catchAll, time.Duration(tg.Within))
					} else {
						specific = append(specific, time.Duration(tg.Within))
					}
				}
				name := fmt.Sprintf("%s/%s in %v", k, pr, p.Targets)
				switch {
				case len(specific) > 0:
					require.True(t, ok, name)
					for _, s := range specific {
						require.LessOrEqual(t, got, s, name)
					}
					require.Contains(t, specific, got, name)
				case len(catchAll) > 0:
					require.True(t, ok, name)
					require.Equal(t, catchAll[0], got, name)
				default:
					require.False(t, ok, name)
				}
			}
		}
	}
	assert.Greater(t, built, 500, "most random policies are valid")
}

// TestLooserCombinedTargetIsAConflict: a target for a kind and a priority
// that is looser than the target of its kind or of its priority could never
// apply, so Validate refuses it rather than ignore it silently.
func TestLooserCombinedTargetIsAConflict(t *testing.T) {
	p := samplePolicy()
	p.Targets = append(issueTargets(),
		community.Target{Kind: community.KindDirectMessage, Priority: community.PriorityLow, Within: calendar.Duration(24 * time.Hour)}, // DM is 4h
		community.Target{Kind: community.KindComment, Priority: community.PriorityHigh, Within: calendar.Duration(3 * time.Hour)},       // high is 2h
		community.Target{Kind: community.KindReview, Priority: community.PriorityHigh, Within: calendar.Duration(time.Hour)},            // tighter: fine
		community.Target{Kind: community.KindReview, Priority: community.PriorityLow, Within: calendar.Duration(24 * time.Hour)},        // only the catch-all is tighter: fine
		community.Target{Kind: community.KindDirectMessage, Priority: community.PriorityNormal, Within: calendar.Duration(4 * time.Hour)},
	)
	err := p.Validate()
	require.Error(t, err)
	assert.True(t, validation.Has(err, validation.CodeConflict, "targets[4].within"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeConflict, "targets[5].within"), "%v", err)
	for _, fe := range fieldErrors(t, err) {
		assert.Contains(t, []string{"targets[4].within", "targets[5].within"}, fe.Path, "%v", err)
	}
}

// TestTargetRuleEverywhere: Due, Triage and the response report all use
// the one rule, so an urgent direct message is due in 30 minutes
// everywhere.
func TestTargetRuleEverywhere(t *testing.T) {
	p := samplePolicy()
	p.Targets = issueTargets()
	r, err := community.NewResponder(p, nil)
	require.NoError(t, err)
	dm := community.Interaction{ID: "breach", Kind: community.KindDirectMessage, Channel: channel.Instagram,
		Author: community.Author{Handle: "ana"}, At: at(12, 10, 0), Text: "You leaked my data in a lawsuit-worthy glass breach"}
	a := r.Assess(dm)
	require.Equal(t, community.PriorityUrgent, a.Priority)

	due, ok, err := r.Due(dm, a.Priority)
	require.NoError(t, err)
	require.True(t, ok)
	assert.True(t, at(12, 10, 30).Equal(due), "due %v", due)

	items, err := r.Triage(community.Inbox{dm}, at(12, 11, 0))
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.Equal(t, calendar.Duration(30*time.Minute), items[0].Target)
	assert.True(t, items[0].Breached)

	rep, err := r.Report(community.Inbox{dm}, []community.Response{{To: "breach", At: at(12, 11, 0), By: luis}},
		calendar.Window{From: at(12, 0, 0), To: at(13, 0, 0)})
	require.NoError(t, err)
	require.Len(t, rep.Breaches, 1)
	assert.Equal(t, calendar.Duration(30*time.Minute), rep.Breaches[0].Target)
	assert.Equal(t, calendar.Duration(time.Hour), rep.Breaches[0].Took)
}
