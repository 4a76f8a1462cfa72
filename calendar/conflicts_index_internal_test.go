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

// refPrint is the near-duplicate test by definition, with the strings of
// the normalised text's word pairs: what the hashed fingerprints must agree
// with.
type refPrint struct {
	norm    string
	bigrams map[string]struct{}
}

func refFingerprint(text string) refPrint {
	norm := NormalizeText(text)
	f := refPrint{norm: norm, bigrams: map[string]struct{}{}}
	words := strings.Fields(norm)
	if len(words) == 1 {
		f.bigrams[words[0]] = struct{}{}
	}
	for i := 1; i < len(words); i++ {
		f.bigrams[words[i-1]+" "+words[i]] = struct{}{}
	}
	return f
}

// near reports whether f and g are near-duplicates at threshold percent.
func (f refPrint) near(g refPrint, threshold int) bool {
	if f.norm == g.norm {
		return true
	}
	inter := 0
	for b := range f.bigrams {
		if _, ok := g.bigrams[b]; ok {
			inter++
		}
	}
	union := len(f.bigrams) + len(g.bigrams) - inter
	return union > 0 && inter*100 >= threshold*union
}

// bruteDuplicates is the near-duplicate check by definition: every entry
// against every earlier one in its window, with the string fingerprints.
func bruteDuplicates(list []Entry, rules Rules) [][2]uuid.UUID {
	days, threshold := rules.duplicateDays(), rules.duplicateSimilarity()
	var out [][2]uuid.UUID
	for i := range list {
		fi := refFingerprint(list[i].Text)
		since := list[i].At.AddDate(0, 0, -days)
		for j := i - 1; j >= 0 && list[j].At.After(since); j-- {
			fj := refFingerprint(list[j].Text)
			if fi.norm != "" && fj.norm != "" && fi.near(fj, threshold) {
				out = append(out, [2]uuid.UUID{list[j].ID, list[i].ID})
			}
		}
	}
	return out
}

// bruteGroups are the near-duplicate groups by definition: the connected
// groups of the pairs bruteDuplicates finds, each as its IDs in time
// order, in the order of their first entry.
func bruteGroups(list []Entry, rules Rules) [][]uuid.UUID {
	group := map[uuid.UUID]int{} // entry -> group number
	var groups [][]uuid.UUID
	for _, p := range bruteDuplicates(list, rules) {
		a, aok := group[p[0]]
		b, bok := group[p[1]]
		switch {
		case !aok && !bok:
			group[p[0]], group[p[1]] = len(groups), len(groups)
			groups = append(groups, []uuid.UUID{p[0], p[1]})
		case aok && !bok:
			group[p[1]] = a
			groups[a] = append(groups[a], p[1])
		case !aok && bok:
			group[p[0]] = b
			groups[b] = append(groups[b], p[0])
		case a != b:
			for _, id := range groups[b] {
				group[id] = a
			}
			groups[a] = append(groups[a], groups[b]...)
			groups[b] = nil
		}
	}
	pos := map[uuid.UUID]int{}
	for i, e := range list {
		pos[e.ID] = i
	}
	var out [][]uuid.UUID
	for _, g := range groups {
		if g == nil {
			continue
		}
		slices.SortFunc(g, func(a, b uuid.UUID) int { return pos[a] - pos[b] })
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b []uuid.UUID) int { return pos[a[0]] - pos[b[0]] })
	return out
}

// TestDuplicateIndexMatchesBruteForce checks that the indexed
// near-duplicate check finds exactly the groups of the definition (the
// connected groups of the near-duplicate pairs), on texts drawn from a
// small vocabulary so that many overlap, at several thresholds and
// windows.
func TestDuplicateIndexMatchesBruteForce(t *testing.T) {
	words := strings.Fields("coffee roast new bean cup morning brew the a of our Huila https://x.example/y !")
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, sim := range []int{1, 30, 70, 100} {
		for _, days := range []int{1, 3} {
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
			rules := Rules{DuplicateSimilarity: sim, DuplicateDays: days}
			var got [][]uuid.UUID
			for _, c := range duplicateConflicts(channel.X, list, rules) {
				require.Equal(t, list[slices.IndexFunc(list, func(e Entry) bool { return e.ID == c.Entries[0] })].At, c.At)
				got = append(got, c.Entries)
			}
			want := bruteGroups(list, rules)
			require.NotEmpty(t, want, "similarity %d: the test data must have near-duplicates", sim)
			require.True(t, slices.ContainsFunc(want, func(g []uuid.UUID) bool { return len(g) > 2 }), "similarity %d: the test data must have groups of more than two", sim)
			require.Equal(t, want, got, "similarity %d, %d days", sim, days)
		}
	}
}

// checkPrintsAgree checks that the hashed fingerprints of a and b give
// the sets and the similarity of the string ones: the same sizes, the same
// number of shared pairs, and the same verdict at every threshold.
func checkPrintsAgree(t *testing.T, a, b string) {
	t.Helper()
	var fs fingerprints
	fs.reset(2)
	fs.add(a)
	fs.add(b)
	ha, hb := fs.of(0), fs.of(1)
	ra, rb := refFingerprint(a), refFingerprint(b)
	require.Len(t, ha, len(ra.bigrams), "%q", a)
	require.Len(t, hb, len(rb.bigrams), "%q", b)
	require.Equal(t, ra.norm == "", len(ha) == 0, "%q", a)
	require.True(t, slices.IsSorted(ha) && len(slices.Compact(slices.Clone(ha))) == len(ha), "%q: sorted set", a)
	refInter := 0
	for p := range ra.bigrams {
		if _, ok := rb.bigrams[p]; ok {
			refInter++
		}
	}
	inter := 0
	for _, h := range ha {
		if _, ok := slices.BinarySearch(hb, h); ok {
			inter++
		}
	}
	require.Equal(t, refInter, inter, "%q / %q: shared pairs", a, b)
	if ra.norm == "" || rb.norm == "" {
		return
	}
	for threshold := 1; threshold <= 100; threshold++ {
		require.Equal(t, ra.near(rb, threshold), nearPrints(ha, hb, threshold), "%q / %q at %d%%", a, b, threshold)
	}
}

// randomPostText draws a post-like text: words of a small mixed-script
// vocabulary (so that pairs repeat), with case changes, punctuation,
// links, emoji, combining marks, odd spaces and the odd invalid byte.
func randomPostText(rng *rand.Rand) string {
	vocab := strings.Fields("coffee Roast new BEAN cup morning brew the a of our Huila café cafe\u0301 naïve 2026 x3 " +
		"https://x.example/y HTTP://A.B www.shop.example Www.x wwwx http:/x ¡Hola! señor Ünïcödé 東京 コーヒー кофе 🎉 — ... ' l'été it's e-mail")
	seps := []string{" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u3000", ", ", "!", "-", "/", "\xff"}
	var b strings.Builder
	for range rng.IntN(12) {
		b.WriteString(vocab[rng.IntN(len(vocab))])
		b.WriteString(seps[rng.IntN(len(seps))])
	}
	return b.String()
}

// TestFingerprintsMatchStrings: on many random post-like texts, paired
// with each other and with edited copies of themselves (so that many pairs
// are shared), the hashed fingerprints agree with the string ones.
func TestFingerprintsMatchStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		a := randomPostText(rng)
		checkPrintsAgree(t, a, randomPostText(rng))
		checkPrintsAgree(t, a, a+" "+randomPostText(rng))
		checkPrintsAgree(t, a, strings.ToUpper(a))
	}
}

// FuzzFingerprints: whatever the two texts, the hashed fingerprints agree
// with the string ones.
func FuzzFingerprints(f *testing.F) {
	f.Add("New menu! https://x.example/a Café — 2026", "new MENU café 2026 🎉")
	f.Add("a b a b", "b a")
	f.Add("word", "WORD!")
	f.Add("", " \t ")
	f.Add("İstanbul KELVIN \u212a", "i̇stanbul kelvin k")
	f.Add("Http://x www.y \xffhttps://z", "x\xffy")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkPrintsAgree(t, a, b)
		checkPrintsAgree(t, a, a+" "+b)
	})
}

// FuzzDuplicateGroups: whatever the texts and their spacing, the indexed
// check finds exactly the groups of the definition.
func FuzzDuplicateGroups(f *testing.F) {
	f.Add([]byte("a b c|a b c|a b d|x y|a b c"), uint8(3), uint8(70))
	f.Add([]byte("same|same|same|same|other|same"), uint8(1), uint8(100))
	f.Fuzz(func(t *testing.T, data []byte, spacing, sim uint8) {
		texts := strings.Split(string(data), "|")
		if len(texts) > 200 {
			texts = texts[:200]
		}
		start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		list := make([]Entry, len(texts))
		for i, text := range texts {
			list[i] = Entry{ID: uuid.NewSHA1(uuid.Nil, []byte(fmt.Sprint(i))), Channel: channel.X,
				At: start.Add(time.Duration(i) * time.Duration(spacing) * time.Hour), Text: text}
		}
		rules := Rules{DuplicateSimilarity: 1 + int(sim)%100, DuplicateDays: 2}
		var got [][]uuid.UUID
		for _, c := range duplicateConflicts(channel.X, list, rules) {
			got = append(got, c.Entries)
		}
		require.Equal(t, bruteGroups(list, rules), got)
	})
}
