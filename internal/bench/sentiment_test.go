package bench

import (
	"bufio"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/shareddata"
)

// tweetsPath is the rated tweets file (shared/data beside the
// repository), from this directory.
const tweetsPath = "../../../shared/data/vader-tweets/tweets_GroundTruth.txt"

// loadTweets reads the tweets' texts; it skips the benchmark when the file
// is absent, and fails it when TANDEM_REQUIRE_DATA=1 (see
// internal/shareddata).
func loadTweets(b *testing.B) []string {
	b.Helper()
	f, err := os.Open(shareddata.Path(b, tweetsPath))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(strings.TrimRight(sc.Text(), "\r"), "\t", 3)
		if len(parts) == 3 {
			texts = append(texts, parts[2])
		}
	}
	if err := sc.Err(); err != nil || len(texts) != 4200 {
		b.Fatalf("read %d tweets of 4200: %v", len(texts), err)
	}
	return texts
}

// BenchmarkSentiment labels the 4,200 rated tweets: lexicon is the
// default classifier (community.DefaultClassifier), keywords the keyword
// classifier with community.EnglishSentimentRules. Goal (#16): lexicon
// within 3× of keywords per text, no allocation per text.
func BenchmarkSentiment(b *testing.B) {
	texts := loadTweets(b)
	kc, err := community.NewKeywordClassifier(community.EnglishSentimentRules())
	if err != nil {
		b.Fatal(err)
	}
	lc := community.DefaultClassifier()
	// Outside the timer: both classify every text to a valid label, and
	// the lexicon finds a sentiment in more texts than the keywords do.
	var lexFound, kwFound int
	for _, t := range texts {
		l, k := lc.Classify(t), kc.Classify(t)
		if !l.IsValid() || !k.IsValid() {
			b.Fatalf("labels %q %q for %q", l, k, t)
		}
		if l != community.Neutral {
			lexFound++
		}
		if k != community.Neutral {
			kwFound++
		}
	}
	if lexFound <= kwFound {
		b.Fatalf("the lexicon labels %d texts, the keywords %d", lexFound, kwFound)
	}
	run := func(b *testing.B, c community.Classifier) {
		b.ReportAllocs()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.ResetTimer()
		for range b.N {
			for _, t := range texts {
				c.Classify(t)
			}
		}
		b.StopTimer()
		runtime.ReadMemStats(&after)
		n := float64(b.N) * float64(len(texts))
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/text")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/text")
	}
	b.Run("lexicon", func(b *testing.B) { run(b, lc) })
	b.Run("keywords", func(b *testing.B) { run(b, kc) })
}
