package community_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/race"
)

// TestVoiceCheckCapped: a draft of a million "!" used to give a million
// findings (a 10 MB draft, 7 GB). Check now returns the first
// MaxVoiceFindings, by position, with an error that counts the rest, and
// allocates nothing per finding beyond the cap.
func TestVoiceCheckCapped(t *testing.T) {
	c := sampleVoiceChecker(t)
	draft := strings.Repeat("!", 1<<20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	findings, err := c.Check(draft, "")
	runtime.ReadMemStats(&after)

	var tooMany *community.TooManyFindingsError
	require.ErrorAs(t, err, &tooMany)
	assert.True(t, errors.Is(err, community.ErrTooManyFindings))
	// The first "!" is allowed; the required sign-off is missing (one
	// finding over the whole draft, at position 0).
	total := (1<<20 - 1) + 1
	assert.Equal(t, total-community.MaxVoiceFindings, tooMany.Omitted)
	require.Len(t, findings, community.MaxVoiceFindings)
	assert.Equal(t, community.CheckRequired, findings[0].Check)
	for i, f := range findings[1:] {
		require.Equal(t, community.CheckExclamations, f.Check)
		require.Equal(t, i+1, f.Start, "the first findings by position")
		require.Equal(t, i+1, f.RuneStart)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, alloc, uint64(40<<20), "%d bytes allocated for a 1 MB draft", alloc)
}

// TestVoiceCheckCapKeepsOrder: with findings of several checks, the kept
// ones are exactly the first MaxVoiceFindings in Check's order (position,
// then check).
func TestVoiceCheckCapKeepsOrder(t *testing.T) {
	c := sampleVoiceChecker(t)
	const n = 700
	draft := strings.Repeat("WOWW! cheap ", n) + "\n— Ana"
	type key struct {
		check community.Check
		start int
	}
	var want []key
	for i := range n {
		at := i * len("WOWW! cheap ")
		want = append(want, key{community.CheckShouting, at})
		if i > 0 {
			want = append(want, key{community.CheckExclamations, at + 4})
		}
		want = append(want, key{community.CheckBannedWord, at + 6})
	}
	findings, err := c.Check(draft, "")
	var tooMany *community.TooManyFindingsError
	require.ErrorAs(t, err, &tooMany)
	assert.Equal(t, len(want)-community.MaxVoiceFindings, tooMany.Omitted)
	require.Len(t, findings, community.MaxVoiceFindings)
	for i, f := range findings {
		require.Equal(t, want[i], key{f.Check, f.Start}, "finding %d", i)
	}
	// Under the cap, no error.
	findings, err = c.Check(strings.Repeat("WOWW! ", 10)+"\n— Ana", "")
	require.NoError(t, err)
	assert.Len(t, findings, 19)
}

// BenchmarkVoiceCheckHuge checks a 1 MB draft of "!": the cost per byte
// is a scan, not a finding.
func BenchmarkVoiceCheckHuge(b *testing.B) {
	c := sampleVoiceChecker(b)
	draft := strings.Repeat("!", 1<<20)
	b.SetBytes(int64(len(draft)))
	b.ReportAllocs()
	for range b.N {
		_, _ = c.Check(draft, "")
	}
}

// TestVoiceCheckCappedLinks: links beyond the cap are counted without
// parsing each into a URL.
func TestVoiceCheckCappedLinks(t *testing.T) {
	c := sampleVoiceChecker(t)
	draft := strings.Repeat("www.evil.com ", 100_000) + "\n— Ana"
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	findings, err := c.Check(draft, "")
	runtime.ReadMemStats(&after)
	var tooMany *community.TooManyFindingsError
	require.ErrorAs(t, err, &tooMany)
	assert.Equal(t, 100_000-community.MaxVoiceFindings, tooMany.Omitted)
	require.Len(t, findings, community.MaxVoiceFindings)
	assert.Equal(t, "www.evil.com", findings[999].Rule)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d bytes allocated for a %d-byte draft", alloc, len(draft))
	if !race.Enabled { // the race detector's instrumentation allocates
		assert.Less(t, alloc, uint64(12*len(draft)))
	}
}
