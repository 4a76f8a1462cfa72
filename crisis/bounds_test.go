package crisis_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/budget"
)

// seesaw is an incident of the sample plan that moves n times between
// moderate and critical (which pauses every channel), a minute apart, as
// JSON and decoded.
func seesaw(t *testing.T, n int) ([]byte, *crisis.Incident) {
	t.Helper()
	inc, err := crisis.Open(samplePlan(), "moderate", opened)
	require.NoError(t, err)
	at := opened
	for i := range n {
		at = at.Add(time.Minute)
		e := crisis.Event{Kind: crisis.EventEscalate, At: at, Level: "critical"}
		if i%2 == 1 {
			e = crisis.Event{Kind: crisis.EventDeEscalate, At: at, Level: "moderate"}
		}
		inc.Events = append(inc.Events, e)
	}
	b, err := json.Marshal(inc)
	require.NoError(t, err)
	var back crisis.Incident
	require.NoError(t, json.Unmarshal(b, &back))
	return b, &back
}

// TestPauseWindowsOfManyLevelChanges: each stretch at a pausing level is
// one window, found by a lookup: the windows were merged across channels
// by scanning every window listed before, so 40,000 level changes (a
// 2.6 MB incident) took 4.4 s, and 160,000 more than a minute.
func TestPauseWindowsOfManyLevelChanges(t *testing.T) {
	const n = 160_000
	b, inc := seesaw(t, n)
	var windows []crisis.PauseWindow
	var err error
	budget.Check(t, "PauseWindows of 160,000 level changes", budget.For(len(b)), func() {
		windows, err = inc.PauseWindows(samplePlan(), opened.Add(n*time.Minute))
	})
	require.NoError(t, err)
	require.Len(t, windows, n/2)
	for i, w := range windows {
		require.Len(t, w.Channels, len(samplePlan().Channels), "window %d holds every channel", i)
	}
}
