package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// The quickstart's plan verifies as the sample plan does: its only finding
// is the Epiphany blackout's skipped slot.
func TestPlanIsClean(t *testing.T) {
	plan, err := newPlan()
	require.NoError(t, err)
	require.NoError(t, plan.Validate())
	rep := strategy.Verify(plan, nil)
	require.Len(t, rep.Findings, 1, rep.String())
	assert.Equal(t, strategy.RuleCalendarSkipped, rep.Findings[0].Rule)
	_, err = plan.Calendar()
	require.NoError(t, err)
}

// Verify catches the two flaws planted in the copy, and nothing else: an
// Instagram carousel of 11 items and a YouTube title over 100 characters.
func TestPlantedFlawsAreCaught(t *testing.T) {
	clean, err := newPlan()
	require.NoError(t, err)
	flawed, planted, err := flawedPlan()
	require.NoError(t, err)
	require.Len(t, planted, 2)

	r := checkFlaws(flawed, planted, strategy.Verify(clean, nil))
	require.Len(t, r.New, 2, r.Report.String())
	byPath := map[string]strategy.Finding{}
	for _, f := range r.New {
		assert.Equal(t, strategy.RulePlanValid, f.Rule)
		assert.Equal(t, strategy.SeverityError, f.Severity)
		byPath[f.Path] = f
	}
	carousel, ok := byPath["entries[9].media"]
	require.True(t, ok, r.Report.String())
	assert.Equal(t, channel.Instagram, flawed.Entries[9].Channel)
	assert.Len(t, flawed.Entries[9].Media, 11)
	assert.Contains(t, carousel.Message, "has 11 attachments; Instagram allows 10")
	title, ok := byPath["entries[10].title"]
	require.True(t, ok, r.Report.String())
	assert.Equal(t, channel.YouTube, flawed.Entries[10].Channel)
	assert.Greater(t, len([]rune(flawed.Entries[10].Title)), 100)
	assert.Contains(t, title.Message, "at most 100 allowed")

	// The calendar as it goes out refuses both, naming them…
	_, err = flawed.Calendar()
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "entries[9].media"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeTooLong, "entries[10].title"), "%v", err)
	// …and without them it goes out: the rest of the plan is not held back.
	ready, held, err := holdBack(flawed, r.Report)
	require.NoError(t, err)
	require.Len(t, held, 2)
	assert.Equal(t, flawed.Entries[9].ID, held[0].Entry)
	assert.Equal(t, flawed.Entries[10].ID, held[1].Entry)
	assert.Len(t, ready.Entries, len(clean.Entries))
	assert.Len(t, flawed.Entries, len(clean.Entries)+2, "the flawed plan is not changed")
	_, err = ready.Calendar()
	require.NoError(t, err)
}

// holdBack holds back entries only: an error anywhere else stops the
// exports, naming it.
func TestHoldBackRefusesPlanErrors(t *testing.T) {
	plan, err := newPlan()
	require.NoError(t, err)
	plan.Objectives[0].KPIs = nil
	_, _, err = holdBack(plan, strategy.Verify(plan, nil))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "objectives[0].kpis")

	plan, err = newPlan()
	require.NoError(t, err)
	ready, held, err := holdBack(plan, strategy.Verify(plan, nil))
	require.NoError(t, err)
	assert.Empty(t, held, "warnings and information hold nothing back")
	assert.Len(t, ready.Entries, len(plan.Entries))
}

func TestEntryIndex(t *testing.T) {
	for _, c := range []struct {
		path string
		i    int
		ok   bool
	}{
		{"entries[9]", 9, true},
		{"entries[10].title", 10, true},
		{"entries[3].media[11].altText", 3, true},
		{"entries[2][x]", 2, true},
		{"entries", 0, false},
		{"entries[", 0, false},
		{"entries[x]", 0, false},
		{"entries[-1]", 0, false},
		{"entries[1]x", 0, false},
		{"routines[0]", 0, false},
		{"campaigns[0].entries[1]", 0, false},
	} {
		i, ok := entryIndex(c.path)
		assert.Equal(t, c.ok, ok, c.path)
		assert.Equal(t, c.i, i, c.path)
	}
}
