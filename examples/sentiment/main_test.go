package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/internal/shareddata"
)

// dataPath is the shared data file, from this package's directory (see
// internal/shareddata: skipped without ../shared, required in CI).
func dataPath(t *testing.T) string {
	t.Helper()
	return shareddata.Path(t, filepath.Join("..", "..", defaultData))
}

// atLeast reports whether the count a ÷ b is at least num ÷ den, exactly.
func atLeast(a, b, num, den int) bool { return a*den >= num*b }

// TestGoalOnTweets: on the 4,200 rated tweets, the lexicon classifier
// reaches accuracy, negative recall and negative precision of 0.85 each.
func TestGoalOnTweets(t *testing.T) {
	path := dataPath(t)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-json", "-data", path}, &out, &errOut), errOut.String())
	var results []result
	require.NoError(t, json.Unmarshal(out.Bytes(), &results))
	require.Len(t, results, 2)
	lex, kw := results[0], results[1]
	require.Equal(t, "lexicon", lex.Classifier)
	require.Equal(t, 4200, lex.Texts)
	m := lex.Confusion
	negGold := m[0][0] + m[0][1] + m[0][2]
	negLabelled := m[0][0] + m[1][0] + m[2][0]
	assert.True(t, atLeast(lex.Correct, lex.Texts, 85, 100), "accuracy %s", lex.Accuracy)
	assert.True(t, atLeast(m[0][0], negGold, 85, 100), "negative recall %s", lex.NegativeRecall)
	assert.True(t, atLeast(m[0][0], negLabelled, 85, 100), "negative precision %s", lex.NegativePrecision)
	// The file's gold labels: 1,203 negative, 297 neutral, 2,700 positive.
	assert.Equal(t, [3]int{1203, 297, 2700}, [3]int{negGold, m[1][0] + m[1][1] + m[1][2], m[2][0] + m[2][1] + m[2][2]})
	// The keyword classifier's figures, as the file's README reports them.
	assert.Equal(t, "0.298", kw.Accuracy)
	assert.Equal(t, "0.138", kw.NegativeRecall)

	out.Reset()
	require.Equal(t, 0, run([]string{"-data", path}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "negative recall")
	assert.Contains(t, out.String(), "lexicon: confusion (rows gold, columns predicted)")
}

func TestSmallFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "rated.txt")
	require.NoError(t, os.WriteFile(p, []byte(strings.Join([]string{
		"1\t2.5\tI love it :)",
		"2\t-0.2\tmeh",
		"3\t0.19\tThe shop opens at nine",
		"",
		"4\t-3\tworst service ever, never again\r",
		"5\t0.2\tnot bad",
	}, "\n")), 0o600))
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-json", "-data", p}, &out, &errOut), errOut.String())
	var results []result
	require.NoError(t, json.Unmarshal(out.Bytes(), &results))
	assert.Equal(t, result{
		Classifier: "lexicon", Texts: 5, Correct: 5,
		Confusion: [3][3]int{{2, 0, 0}, {0, 1, 0}, {0, 0, 2}},
		Accuracy:  "1.000", NegativeRecall: "1.000", NegativePrecision: "1.000",
	}, results[0])
	assert.Equal(t, "keywords", results[1].Classifier)
	assert.Equal(t, "0.800", results[1].Accuracy, "the keywords miss only meh")

	// Bad files and flags.
	bad := filepath.Join(dir, "bad.txt")
	require.NoError(t, os.WriteFile(bad, []byte("1\tnot a number\ttext\n"), 0o600))
	errOut.Reset()
	assert.Equal(t, 1, run([]string{"-data", bad}, &out, &errOut))
	assert.Contains(t, errOut.String(), "line 1")
	require.NoError(t, os.WriteFile(bad, []byte("no tabs here\n"), 0o600))
	assert.Equal(t, 1, run([]string{"-data", bad}, &out, &errOut))
	require.NoError(t, os.WriteFile(bad, nil, 0o600))
	assert.Equal(t, 1, run([]string{"-data", bad}, &out, &errOut))
	assert.Equal(t, 1, run([]string{"-data", filepath.Join(dir, "missing.txt")}, &out, &errOut))
	assert.Equal(t, 2, run([]string{"-nope"}, &out, &errOut))
}

func TestRatio(t *testing.T) {
	assert.Equal(t, "undefined", ratio(1, 0))
	assert.Equal(t, "0.667", ratio(2, 3))
	assert.Equal(t, "0.001", ratio(1, 1999), "half up")
	assert.Equal(t, "1.000", ratio(4, 4))
}
