package strategytest_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	_ "time/tzdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/strategy/strategytest"
)

// A user's test package defines its own -update flag, as many do; with
// strategytest imported, the test binary must still start.
var userUpdate = flag.Bool("update", false, "this test package's own golden files")

func TestUpdateFlagIsNamespaced(t *testing.T) {
	f := flag.Lookup(strategytest.UpdateFlag)
	require.NotNil(t, f, "strategytest registers -%s", strategytest.UpdateFlag)
	assert.Equal(t, "strategytest.update", f.Name)
	assert.False(t, *userUpdate)
	assert.False(t, strategytest.Updating())
}

type recorder struct{ failures []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func TestVerifyWith(t *testing.T) {
	plan := verifiedplan.Plan()
	plan.Channels[1].PostsPerWeek = 6 // a calendar.frequency warning

	rec := &recorder{}
	report := strategytest.Verify(rec, plan)
	assert.Empty(t, rec.failures, "warnings do not fail by default")
	strategytest.ExpectFinding(t, report, strategy.RuleCalendarFrequency, "channels[1].postsPerWeek")

	rec = &recorder{}
	strategytest.VerifyWith(rec, plan, &strategytest.Options{Min: strategy.SeverityWarning})
	require.Len(t, rec.failures, 1)
	assert.Contains(t, rec.failures[0], "calendar.frequency")

	rec = &recorder{}
	strategytest.VerifyWith(rec, plan, &strategytest.Options{Min: "loud"})
	assert.Len(t, rec.failures, 1, "a bad severity fails")

	rec = &recorder{}
	strategytest.ExpectFinding(rec, report, strategy.RuleTeamRoles, "")
	assert.Len(t, rec.failures, 1, "a missing finding fails")
}

func TestGoldenCalendar(t *testing.T) {
	plan := verifiedplan.Plan()
	w := calendar.Window{From: verifiedplan.QuarterStart, To: verifiedplan.QuarterStart.AddDate(0, 0, 7)}
	text, err := strategytest.CalendarText(plan, w)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	require.Len(t, lines, 6, text) // Mon/Wed/Fri reels, Tue carousel, Tue/Thu articles
	assert.True(t, strings.HasPrefix(lines[0], "2027-01-04 Mon 10:00 CET  instagram  slot"), lines[0])

	path := filepath.Join(t.TempDir(), "week.golden")
	rec := &recorder{}
	strategytest.GoldenCalendar(rec, plan, w, path)
	require.Len(t, rec.failures, 1, "a missing golden file fails")

	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	rec = &recorder{}
	strategytest.GoldenCalendar(rec, plan, w, path)
	assert.Empty(t, rec.failures)

	plan.Routines[0].Format = "photo"
	rec = &recorder{}
	strategytest.GoldenCalendar(rec, plan, w, path)
	require.Len(t, rec.failures, 1)
	assert.Contains(t, rec.failures[0], "line 1")

	plan.Zone = "Nowhere/Land"
	_, err = strategytest.CalendarText(plan, w)
	assert.Error(t, err)
}
