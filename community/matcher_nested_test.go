package community_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/community"
)

// nestedWatchlist watches "a", "aa", … up to n letters.
func nestedWatchlist(n int, inside bool) community.Watchlist {
	w := community.Watchlist{InsideWords: inside}
	for i := 1; i <= n; i++ {
		w.Terms = append(w.Terms, community.Term{Name: strings.Repeat("a", i), Kind: community.TermKeyword})
	}
	return w
}

// TestNestedTermsLinear: terms "a" … a^1000 over a megabyte of "a" used to
// take 15 s (every position walked every nested term). Which terms a text
// mentions is now found in time linear in the text and the terms, whole
// words or not; the test allows a generous 30 s for what takes
// milliseconds.
func TestNestedTermsLinear(t *testing.T) {
	text := strings.Repeat("a", 1<<20)
	for _, inside := range []bool{false, true} {
		t.Run(fmt.Sprintf("insideWords=%v", inside), func(t *testing.T) {
			w, err := community.NewWatcher(nestedWatchlist(1000, inside))
			require.NoError(t, err)
			done := make(chan []int)
			go func() {
				got := w.Match(nil, text)
				got = w.Match(got[:0], text+" "+text)
				done <- got
			}()
			select {
			case got := <-done:
				if inside {
					assert.Len(t, got, 1000, "every term occurs inside the word")
				} else {
					assert.Empty(t, got, "no term is the whole word")
				}
			case <-time.After(30 * time.Second):
				t.Fatal("Match still running after 30 s")
			}
		})
	}
	m, err := community.NewMatcher([]string{"aa", "a", "aaa"}, &community.MatcherOptions{WholeWords: true})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 2}, m.AppendPatterns(nil, "a aa, aaa!"))
	assert.Equal(t, []int{0}, m.AppendPatterns(nil, "aaaa aa"))
}

// BenchmarkWatcherNested matches 1,000 nested terms against a megabyte of
// "a": the time per byte should not depend on the number of terms.
func BenchmarkWatcherNested(b *testing.B) {
	text := strings.Repeat("a", 1<<20)
	for _, n := range []int{10, 1000} {
		for _, inside := range []bool{false, true} {
			b.Run(fmt.Sprintf("terms=%d/insideWords=%v", n, inside), func(b *testing.B) {
				w, err := community.NewWatcher(nestedWatchlist(n, inside))
				if err != nil {
					b.Fatal(err)
				}
				var buf []int
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					buf = w.Match(buf[:0], text)
				}
			})
		}
	}
}
