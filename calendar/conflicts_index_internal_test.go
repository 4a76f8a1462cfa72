package calendar

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
)

// bruteDuplicates is the near-duplicate check by definition: every entry
// against every earlier one in its window.
func bruteDuplicates(list []Entry, rules Rules) [][2]uuid.UUID {
	days, threshold := rules.duplicateDays(), rules.duplicateSimilarity()
	var out [][2]uuid.UUID
	for i := range list {
		fi := newFingerprint(list[i].Text)
		since := list[i].At.AddDate(0, 0, -days)
		for j := i - 1; j >= 0 && list[j].At.After(since); j-- {
			fj := newFingerprint(list[j].Text)
			if fi.norm != "" && fj.norm != "" && fi.near(fj, threshold) {
				out = append(out, [2]uuid.UUID{list[j].ID, list[i].ID})
			}
		}
	}
	return out
}

// TestDuplicateIndexMatchesBruteForce checks that the indexed
// near-duplicate check finds exactly the pairs of the definition, on texts
// drawn from a small vocabulary so that many overlap, at several
// thresholds.
func TestDuplicateIndexMatchesBruteForce(t *testing.T) {
	words := strings.Fields("coffee roast new bean cup morning brew the a of our Huila https://x.example/y !")
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, sim := range []int{1, 30, 70, 100} {
		var list []Entry
		for i := range 400 {
			n := rng.IntN(6)
			text := make([]string, n)
			for k := range text {
				text[k] = words[rng.IntN(len(words))]
			}
			list = append(list, Entry{ID: uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint(i))), Channel: channel.X,
				At: start.Add(time.Duration(rng.IntN(60*24)) * time.Hour), Text: strings.Join(text, " ")})
		}
		slices.SortStableFunc(list, compareEntries)
		rules := Rules{DuplicateSimilarity: sim, DuplicateDays: 3}
		var got [][2]uuid.UUID
		for _, c := range duplicateConflicts(channel.X, list, rules) {
			got = append(got, [2]uuid.UUID{c.Entries[0], c.Entries[1]})
		}
		want := bruteDuplicates(list, rules)
		key := func(p [2]uuid.UUID) string { return p[0].String() + p[1].String() }
		sortPairs := func(ps [][2]uuid.UUID) {
			slices.SortFunc(ps, func(a, b [2]uuid.UUID) int { return strings.Compare(key(a), key(b)) })
		}
		sortPairs(got)
		sortPairs(want)
		require.NotEmpty(t, want, "similarity %d: the test data must have near-duplicates", sim)
		require.Equal(t, want, got, "similarity %d", sim)
	}
}
