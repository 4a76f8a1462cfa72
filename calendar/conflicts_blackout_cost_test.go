package calendar_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/budget"
)

// Many entries under many blackouts, half of them over the whole year:
// the blackout check sweeps them in time order (60,000 x 60,000 was
// 3.6e9 checks, about a minute).
func TestConflictsManyEntriesManyBlackouts(t *testing.T) {
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 60_000
	entries := make([]calendar.Entry, n)
	blackouts := make([]calendar.Blackout, n)
	for i := range n {
		at := start.Add(time.Duration(i) * 8 * time.Minute)
		entries[i] = calendar.Entry{ID: uuid.New(), Channel: channel.Instagram, At: at, Text: "x", Status: calendar.StatusDraft}
		if i%2 == 0 {
			blackouts[i] = calendar.Blackout{From: start, To: start.AddDate(1, 0, 0), Reason: "r"}
		} else {
			blackouts[i] = calendar.Blackout{From: at.Add(time.Minute), To: at.Add(2 * time.Minute), Reason: "r"}
		}
	}
	var out []calendar.Conflict
	var err error
	budget.Check(t, "Conflicts", budget.ForJSON(t, entries, blackouts), func() {
		out, err = calendar.Conflicts(entries, calendar.Rules{Blackouts: blackouts})
	})
	require.NoError(t, err)
	var in []calendar.Conflict
	for _, c := range out {
		if c.Kind == calendar.ConflictInBlackout {
			in = append(in, c)
		}
	}
	require.Equal(t, n, len(in))
	require.True(t, strings.HasSuffix(in[1].Detail, fmt.Sprintf("and inside %d more", n/2-1)), in[1].Detail)
}

// The sweep names the same blackout and count as checking every blackout
// for every entry.
func TestConflictsBlackoutSweepAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	chans := []channel.Channel{channel.Instagram, channel.LinkedIn, channel.TikTok}
	for round := range 200 {
		var entries []calendar.Entry
		var blackouts []calendar.Blackout
		for range rng.IntN(30) {
			entries = append(entries, calendar.Entry{ID: uuid.New(), Channel: chans[rng.IntN(3)], At: start.Add(time.Duration(rng.IntN(40)) * time.Hour), Text: uuid.NewString(), Status: calendar.StatusDraft})
		}
		for i := range rng.IntN(30) {
			from := start.Add(time.Duration(rng.IntN(40)) * time.Hour)
			b := calendar.Blackout{From: from, To: from.Add(time.Duration(rng.IntN(10)) * time.Hour), Reason: fmt.Sprint("b", i)}
			if rng.IntN(2) == 0 {
				b.Channels = []channel.Channel{chans[rng.IntN(3)]}
			}
			blackouts = append(blackouts, b)
		}
		out, err := calendar.Conflicts(entries, calendar.Rules{Blackouts: blackouts})
		require.NoError(t, err)
		got := map[uuid.UUID]string{}
		for _, c := range out {
			if c.Kind == calendar.ConflictInBlackout {
				got[c.Entries[0]] = c.Detail
			}
		}
		want := map[uuid.UUID]string{}
		for _, e := range entries {
			first, more := -1, 0
			for i, b := range blackouts {
				if b.Covers(e.Channel, e.At) {
					if first < 0 {
						first = i
					} else {
						more++
					}
				}
			}
			if first < 0 {
				continue
			}
			d := fmt.Sprintf("(%s)", blackouts[first].Reason)
			if more > 0 {
				d += fmt.Sprintf(" … and inside %d more", more)
			}
			want[e.ID] = d
		}
		require.Len(t, got, len(want), "round %d", round)
		for id, d := range want {
			reason, tail, _ := strings.Cut(d, " … ")
			require.Contains(t, got[id], " "+reason+" ", "round %d", round)
			if tail != "" {
				require.True(t, strings.HasSuffix(got[id], tail), "round %d: %q", round, got[id])
			} else {
				require.NotContains(t, got[id], "more", "round %d", round)
			}
		}
	}
}
