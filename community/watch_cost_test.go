package community_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/budget"
)

// Count takes at most MaxPeriods periods, as Periods makes: 1,200 terms
// over 200,000 periods were 1.9 GB of counters.
func TestWatcherCountTooManyPeriods(t *testing.T) {
	var wl community.Watchlist
	for i := range 1200 {
		wl.Terms = append(wl.Terms, community.Term{Name: fmt.Sprint("term", i), Kind: community.TermTopic})
	}
	w, err := community.NewWatcher(wl)
	require.NoError(t, err)
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	periods := make([]calendar.Window, 2*community.MaxPeriods)
	for i := range periods {
		periods[i] = calendar.Window{From: start.Add(time.Duration(i) * time.Minute), To: start.Add(time.Duration(i+1) * time.Minute)}
	}
	budget.Check(t, "Count", budget.ForJSON(t, wl, periods), func() { _, err = w.Count(sampleInbox(), periods) })
	require.ErrorIs(t, err, community.ErrPeriods)
	_, err = w.Count(sampleInbox(), periods[:community.MaxPeriods])
	require.NoError(t, err)
}
