// Command sentiment measures tandem's sentiment classifiers on texts with
// human ratings: the lexicon classifier (community.DefaultClassifier) and
// the keyword classifier (community.KeywordClassifier with
// community.EnglishSentimentRules), side by side.
//
//	go run ./examples/sentiment                   # ../shared/data/vader-tweets/tweets_GroundTruth.txt
//	go run ./examples/sentiment -data file.txt    # another file of the same form
//	go run ./examples/sentiment -json             # the figures as JSON
//
// # The data
//
// tweets_GroundTruth.txt holds 4,200 tweets, one a line, tab-separated:
// an id, the mean of 20 people's ratings on a scale from -4 (extremely
// negative) to +4 (extremely positive), and the text (C.J. Hutto and E.E.
// Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis
// of Social Media Text", ICWSM-14; MIT licence). The file is not in this
// repository: the default path is relative to the repository's root,
// where `go run` and .ci/run start. When the default file is absent the
// program says so and exits 0; when a file given with -data cannot be
// read, it exits 1.
//
// # The figures
//
// A text's gold label is Positive when its mean rating is at least +0.2,
// Negative when at most -0.2, Neutral otherwise (the file's rule, decided
// exactly on the decimal). For each classifier the program prints the
// accuracy (texts labelled as gold ÷ texts), the negative recall (gold
// negatives labelled Negative ÷ gold negatives), the negative precision
// (gold negatives among the texts labelled Negative ÷ texts labelled
// Negative) and the 3×3 confusion matrix, rows gold, columns predicted.
// Ratios are rounded half up to three places; a ratio over no texts is
// "undefined".
//
// The goal for the lexicon classifier on this file: accuracy, negative
// recall and negative precision each at least 0.85. The file is a
// development set, not a training set: the lexicon and the rules are
// general, and nothing in them was written for these tweets.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/community"
)

// defaultData is the file's path from the repository's root.
const defaultData = "../shared/data/vader-tweets/tweets_GroundTruth.txt"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// labels are the three classes, in the order of the confusion matrix.
var labels = [3]community.Sentiment{community.Negative, community.Neutral, community.Positive}

// row is one rated text.
type row struct {
	gold community.Sentiment
	text string
}

// goldBound is the rating at or beyond which a text is positive (or, with
// the sign turned, negative).
var goldBound = decimal.RequireFromString("0.2")

// goldLabel applies the file's rule to a mean rating.
func goldLabel(rating decimal.Decimal) community.Sentiment {
	switch {
	case rating.Cmp(goldBound) >= 0:
		return community.Positive
	case rating.Cmp(goldBound.Neg()) <= 0:
		return community.Negative
	}
	return community.Neutral
}

// read parses the file: id, rating and text separated by tabs, one text a
// line (CR LF or LF), blank lines skipped.
func read(r io.Reader) ([]row, error) {
	var rows []row
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			return nil, fmt.Errorf("line %d: want id, rating and text separated by tabs", n)
		}
		rating, err := decimal.NewFromString(strings.TrimSpace(parts[1]))
		if err != nil {
			return nil, fmt.Errorf("line %d: rating %q: %w", n, parts[1], err)
		}
		rows = append(rows, row{gold: goldLabel(rating), text: parts[2]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errors.New("no rated text in the file")
	}
	return rows, nil
}

// result is one classifier's figures.
type result struct {
	Classifier string `json:"classifier"`
	Texts      int    `json:"texts"`
	Correct    int    `json:"correct"`
	// Confusion[g][p] counts texts of gold label labels[g] labelled
	// labels[p] (negative, neutral, positive).
	Confusion [3][3]int `json:"confusion"`
	// Accuracy, NegativeRecall and NegativePrecision are ratios as
	// decimals in strings, rounded half up to three places, or
	// "undefined".
	Accuracy          string `json:"accuracy"`
	NegativeRecall    string `json:"negativeRecall"`
	NegativePrecision string `json:"negativePrecision"`
}

// index returns the position of s in labels.
func index(s community.Sentiment) int {
	for i, l := range labels {
		if l == s {
			return i
		}
	}
	return 1 // a classifier must return one of the three; anything else counts as neutral
}

// evaluate labels every row with c.
func evaluate(name string, c community.Classifier, rows []row) result {
	r := result{Classifier: name, Texts: len(rows)}
	for _, x := range rows {
		g, p := index(x.gold), index(c.Classify(x.text))
		r.Confusion[g][p]++
		if g == p {
			r.Correct++
		}
	}
	negLabelled := r.Confusion[0][0] + r.Confusion[1][0] + r.Confusion[2][0]
	negGold := r.Confusion[0][0] + r.Confusion[0][1] + r.Confusion[0][2]
	r.Accuracy = ratio(r.Correct, r.Texts)
	r.NegativeRecall = ratio(r.Confusion[0][0], negGold)
	r.NegativePrecision = ratio(r.Confusion[0][0], negLabelled)
	return r
}

// ratio is a ÷ b rounded half up to three places, or "undefined".
func ratio(a, b int) string {
	if b == 0 {
		return "undefined"
	}
	return decimal.NewFromInt(int64(a)).DivRound(decimal.NewFromInt(int64(b)), 3).StringFixed(3)
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("sentiment", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", defaultData, "the rated texts: id, mean rating and text separated by tabs")
	asJSON := fl.Bool("json", false, "print the figures as JSON")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	explicit := false
	fl.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "data" })
	f, err := os.Open(*data)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stdout, "sentiment: %s is absent, so there is nothing to measure.\n"+
				"Run: go run ./examples/sentiment -data path/to/tweets_GroundTruth.txt\n", *data)
			return 0
		}
		fmt.Fprintln(stderr, "sentiment:", err)
		return 1
	}
	defer f.Close()
	rows, err := read(f)
	if err != nil {
		fmt.Fprintf(stderr, "sentiment: %s: %v\n", *data, err)
		return 1
	}
	kc, err := community.NewKeywordClassifier(community.EnglishSentimentRules())
	if err != nil {
		fmt.Fprintln(stderr, "sentiment:", err)
		return 1
	}
	results := []result{
		evaluate("lexicon", community.DefaultClassifier(), rows),
		evaluate("keywords", kc, rows),
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			fmt.Fprintln(stderr, "sentiment:", err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(stdout, "%s: %d texts (gold: %d negative, %d neutral, %d positive)\n\n", *data, len(rows),
		goldCount(results[0], 0), goldCount(results[0], 1), goldCount(results[0], 2))
	fmt.Fprintf(stdout, "%-20s %10s %10s\n", "", results[0].Classifier, results[1].Classifier)
	fmt.Fprintf(stdout, "%-20s %10s %10s\n", "accuracy", results[0].Accuracy, results[1].Accuracy)
	fmt.Fprintf(stdout, "%-20s %10s %10s\n", "negative recall", results[0].NegativeRecall, results[1].NegativeRecall)
	fmt.Fprintf(stdout, "%-20s %10s %10s\n", "negative precision", results[0].NegativePrecision, results[1].NegativePrecision)
	for _, r := range results {
		fmt.Fprintf(stdout, "\n%s: confusion (rows gold, columns predicted)\n", r.Classifier)
		fmt.Fprintf(stdout, "%-10s %9s %9s %9s\n", "", "negative", "neutral", "positive")
		for g, l := range labels {
			fmt.Fprintf(stdout, "%-10s %9d %9d %9d\n", l, r.Confusion[g][0], r.Confusion[g][1], r.Confusion[g][2])
		}
	}
	return 0
}

// goldCount is the number of texts of gold label labels[g].
func goldCount(r result, g int) int { return r.Confusion[g][0] + r.Confusion[g][1] + r.Confusion[g][2] }
