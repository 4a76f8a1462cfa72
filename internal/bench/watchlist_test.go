package bench

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// The watchlist benchmark: 1,000 watched keywords over 100,000 texts.
const (
	watchKeywords = 1_000
	watchTexts    = 100_000
	watchWords    = 20 // words per text, about a short post or comment
	watchVocab    = 20_000
)

// watchWord makes a pronounceable lower-case word of 2 to 4 syllables.
func watchWord(r *rand.Rand) string {
	const cons, vows = "bcdfghjklmnprstvz", "aeiou"
	var b strings.Builder
	for range 2 + r.IntN(3) {
		b.WriteByte(cons[r.IntN(len(cons))])
		b.WriteByte(vows[r.IntN(len(vows))])
	}
	return b.String()
}

// watchData draws, from a seed, a vocabulary of watchVocab words, 1,000
// keywords (single words and two-word phrases of that vocabulary, without
// repeats) and 100,000 texts of watchWords words. Words are Zipf-distributed
// as in real text, some are capitalised or shouted, and about one text in
// ten carries a keyword phrase, so that most texts hold a match or two.
func watchData(seed uint64) (keywords, texts []string) {
	r := rand.New(rand.NewPCG(seed, seed^0x243f6a8885a308d3))
	seen := make(map[string]bool, watchVocab)
	vocab := make([]string, 0, watchVocab)
	for len(vocab) < watchVocab {
		if w := watchWord(r); !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	zipf := rand.NewZipf(r, 1.05, 1, watchVocab-1)
	picked := make(map[string]bool, watchKeywords)
	for len(keywords) < watchKeywords {
		k := vocab[r.IntN(watchVocab/4)] // keywords come from the commoner quarter
		if r.IntN(4) == 0 {
			k += " " + vocab[r.IntN(watchVocab)]
		}
		if !picked[k] {
			picked[k] = true
			keywords = append(keywords, k)
		}
	}
	texts = make([]string, watchTexts)
	var b strings.Builder
	for i := range texts {
		b.Reset()
		for j := range watchWords {
			if j > 0 {
				b.WriteByte(' ')
			}
			w := vocab[zipf.Uint64()]
			if j == 0 && r.IntN(10) == 0 {
				w = keywords[r.IntN(len(keywords))]
			}
			switch r.IntN(20) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
		}
		texts[i] = b.String()
	}
	return keywords, texts
}

// containsLoop is what the matcher replaces: the text lower-cased once,
// then one strings.Contains per keyword. It appends the indexes of the
// keywords found, in increasing order.
func containsLoop(dst []int, lowerKeywords []string, text string) []int {
	lower := strings.ToLower(text)
	for k, kw := range lowerKeywords {
		if strings.Contains(lower, kw) {
			dst = append(dst, k)
		}
	}
	return dst
}

// watchBench is the benchmark's data, built and checked once per process
// so that -count runs do not repeat the slow check.
type watchBench struct {
	lower   []string
	watcher *community.Watcher
	inbox   community.Inbox
	period  []calendar.Window
}

var (
	watchOnce  sync.Once
	watchSetup watchBench
	watchErr   error
)

// watchPrepare builds the watcher and the inbox, then checks that tandem
// and the contains-loop find the same keywords in every text and that
// Watcher.Count gives the same counts.
func watchPrepare() (watchBench, error) {
	watchOnce.Do(func() {
		keywords, texts := watchData(7)
		terms := make([]community.Term, len(keywords))
		lower := make([]string, len(keywords))
		for i, k := range keywords {
			terms[i] = community.Term{Name: k, Kind: community.TermKeyword}
			lower[i] = strings.ToLower(k)
		}
		w, err := community.NewWatcher(community.Watchlist{Terms: terms, InsideWords: true})
		if err != nil {
			watchErr = err
			return
		}
		at := time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC)
		inbox := make(community.Inbox, len(texts))
		for i, t := range texts {
			inbox[i] = community.Interaction{ID: fmt.Sprint(i), Kind: community.KindComment, Channel: channel.X,
				Author: community.Author{Handle: "a"}, At: at, Text: t}
		}
		period := []calendar.Window{{From: at, To: at.Add(time.Hour)}}

		var got, want []int
		counts := make([]int, len(keywords))
		for _, t := range texts {
			got = w.Match(got[:0], t)
			want = containsLoop(want[:0], lower, t)
			if !slices.Equal(got, want) {
				watchErr = fmt.Errorf("text %q: tandem %v, contains-loop %v", t, got, want)
				return
			}
			for _, k := range want {
				counts[k]++
			}
		}
		c, err := w.Count(inbox, period)
		if err != nil {
			watchErr = err
			return
		}
		for k := range keywords {
			if c.Mentions[k][0] != counts[k] {
				watchErr = fmt.Errorf("keyword %q: Count %d, contains-loop %d", keywords[k], c.Mentions[k][0], counts[k])
				return
			}
		}
		watchSetup = watchBench{lower: lower, watcher: w, inbox: inbox, period: period}
	})
	return watchSetup, watchErr
}

// BenchmarkWatchlist counts, for 1,000 keywords, the texts among 100,000
// that mention each one, ignoring case and also inside longer words (the
// meaning of strings.Contains). tandem compiles the keywords once into a
// Watcher (an Aho–Corasick automaton) outside the timer and counts with
// Watcher.Count over one period; contains-loop lower-cases each text and
// calls strings.Contains once per keyword. The per-text matches of both are
// compared once, outside the timed loop (about 90% of the texts hold a
// match; 220,000 mentions in all).
func BenchmarkWatchlist(b *testing.B) {
	wb, err := watchPrepare()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("tandem", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := wb.watcher.Count(wb.inbox, wb.period); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("contains-loop", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			counts := make([]int, len(wb.lower))
			var found []int
			for _, in := range wb.inbox {
				found = containsLoop(found[:0], wb.lower, in.Text)
				for _, k := range found {
					counts[k]++
				}
			}
		}
	})
}
