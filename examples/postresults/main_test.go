package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

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

// TestGroupsAgainstIndependentComputation recomputes every -json group
// from the CSV with encoding/csv and big.Rat, without the library: each
// post's rate interactions ÷ reach × 100 rounded to 10 places half away
// from zero (as kpi's Precision), the median of those (the mean of the
// middle two when even), and their mean rounded the same way. The figures
// must agree exactly.
func TestGroupsAgainstIndependentComputation(t *testing.T) {
	path := dataPath(t)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-json", "-data", path}, &out, &errOut), errOut.String())
	var got struct {
		Groups []struct {
			By, Key      string
			Posts        int
			Median, Mean string
		}
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	idx := map[string]int{}
	for i, h := range recs[0] {
		idx[h] = i
	}
	groups := map[string][]*big.Rat{}
	for _, r := range recs[1:] {
		reach, err1 := strconv.ParseInt(r[idx["reach"]], 10, 64)
		inter, err2 := strconv.ParseInt(r[idx["interactions"]], 10, 64)
		require.NoError(t, err1)
		require.NoError(t, err2)
		require.NotZero(t, reach)
		rate := round10(new(big.Rat).SetFrac64(inter*100, reach))
		groups["format/"+r[idx["type"]]] = append(groups["format/"+r[idx["type"]]], rate)
		groups["pillar/"+r[idx["category"]]] = append(groups["pillar/"+r[idx["category"]]], rate)
		switch r[idx["paid"]] {
		case "1":
			groups["paid/true"] = append(groups["paid/true"], rate)
		case "0":
			groups["paid/false"] = append(groups["paid/false"], rate)
		}
	}
	require.Len(t, got.Groups, len(groups), "4 formats, 3 pillars, paid true and false")
	for _, g := range got.Groups {
		vals, ok := groups[g.By+"/"+g.Key]
		require.True(t, ok, "%s/%s", g.By, g.Key)
		assert.Equal(t, len(vals), g.Posts, "%s/%s", g.By, g.Key)
		sort.Slice(vals, func(i, j int) bool { return vals[i].Cmp(vals[j]) < 0 })
		n := len(vals)
		median := vals[n/2]
		if n%2 == 0 {
			median = new(big.Rat).Add(vals[n/2-1], vals[n/2])
			median.Quo(median, big.NewRat(2, 1))
		}
		sum := new(big.Rat)
		for _, v := range vals {
			sum.Add(sum, v)
		}
		mean := round10(sum.Quo(sum, big.NewRat(int64(n), 1)))
		assert.Zero(t, median.Cmp(rat(t, g.Median)), "%s/%s median: %s vs %s", g.By, g.Key, median.FloatString(11), g.Median)
		assert.Zero(t, mean.Cmp(rat(t, g.Mean)), "%s/%s mean: %s vs %s", g.By, g.Key, mean.FloatString(10), g.Mean)
	}
}

// round10 rounds a non-negative rational to 10 decimal places, half away
// from zero.
func round10(r *big.Rat) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(10), nil)
	num := new(big.Int).Mul(r.Num(), scale)
	num.Mul(num, big.NewInt(2))
	num.Add(num, r.Denom()) // (2·x·10¹⁰ + 1) / 2, floored
	q := new(big.Int).Quo(num, new(big.Int).Mul(r.Denom(), big.NewInt(2)))
	return new(big.Rat).SetFrac(q, scale)
}

func rat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	require.True(t, ok, s)
	return r
}

func TestDateOf(t *testing.T) {
	lisbon, err := time.LoadLocation(zoneName)
	require.NoError(t, err)
	// The file's weekday 1 is Sunday: time.Weekday(0).
	tests := []struct {
		month, weekday, hour int
		want                 string
	}{
		{1, 4, 10, "2014-01-01T10:00:00Z"},      // 1 Jan 2014 was a Wednesday (file weekday 4)
		{1, 1, 0, "2014-01-05T00:00:00Z"},       // the first Sunday
		{12, 4, 3, "2014-12-03T03:00:00Z"},      // the file's first row
		{6, 7, 23, "2014-06-07T23:00:00+01:00"}, // a Saturday in summer time
		{3, 1, 1, "2014-03-02T01:00:00Z"},       // not the clock change on 30 March
	}
	for _, tt := range tests {
		got := dateOf(tt.month, time.Weekday(tt.weekday-1), tt.hour, lisbon)
		assert.Equal(t, tt.want, got.Format(time.RFC3339))
		assert.Equal(t, time.Weekday(tt.weekday-1), got.Weekday())
		assert.LessOrEqual(t, got.Day(), 7)
	}
}

func TestBadRows(t *testing.T) {
	lisbon, err := time.LoadLocation(zoneName)
	require.NoError(t, err)
	header := strings.Join(columns, ",")
	good := "Photo,product,12,4,3,0,2752,5091,4,79,17,100"
	tests := []struct {
		name     string
		row      string
		excluded string // "column: reason" or "" when the row is a post
		missing  []string
		paid     string
	}{
		{"good", good, "", nil, "false"},
		{"empty reach", "Photo,product,12,4,3,0,,5091,4,79,17,100", "reach: empty", nil, ""},
		{"empty interactions", "Photo,product,12,4,3,0,2752,5091,4,79,17,", "interactions: empty", nil, ""},
		{"negative reach", "Photo,product,12,4,3,0,-5,5091,4,79,17,100", `reach: "-5" is not a whole number from 0 to 9007199254740992`, nil, ""},
		{"weekday 0", "Photo,product,12,0,3,0,2752,5091,4,79,17,100", `weekday: "0" is not a whole number from 1 to 7`, nil, ""},
		{"month 13", "Photo,product,13,4,3,0,2752,5091,4,79,17,100", `month: "13" is not a whole number from 1 to 12`, nil, ""},
		{"unknown type", "Reel,product,12,4,3,0,2752,5091,4,79,17,100", `type: "Reel" is not Photo, Video, Link or Status`, nil, ""},
		{"unknown category", "Photo,2,12,4,3,0,2752,5091,4,79,17,100", `category: "2" is not action, product or inspiration`, nil, ""},
		{"paid 2", "Photo,product,12,4,3,2,2752,5091,4,79,17,100", `paid: "2" is not 1 or 0`, nil, ""},
		{"empty paid: a post with no paid key", "Photo,product,12,4,3,,2752,5091,4,79,17,100", "", nil, ""},
		{"empty likes: not recorded, not zero", "Photo,product,12,4,3,1,2752,5091,4,,17,100", "", []string{"likes"}, "true"},
		{"fractional likes", "Photo,product,12,4,3,1,2752,5091,4,7.5,17,100", `likes: "7.5" is not a whole number from 0 to 9007199254740992`, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			posts, excluded, missing, err := readPosts(strings.NewReader(header+"\n"+tt.row+"\n"), lisbon)
			require.NoError(t, err)
			if tt.excluded != "" {
				require.Len(t, excluded, 1)
				assert.Empty(t, posts)
				assert.Equal(t, tt.excluded, excluded[0].Column+": "+excluded[0].Reason)
				assert.Equal(t, 2, excluded[0].Row)
				return
			}
			require.Empty(t, excluded)
			require.Len(t, posts, 1)
			assert.Equal(t, tt.paid, posts[0].paid)
			var cols []string
			for _, m := range missing {
				cols = append(cols, m.Column)
			}
			assert.Equal(t, tt.missing, cols)
			assert.Len(t, posts[0].results, 6-len(tt.missing))
			assert.NoError(t, posts[0].results.Validate())
		})
	}
	_, _, _, err = readPosts(strings.NewReader("type,category\nPhoto,product\n"), lisbon)
	assert.ErrorContains(t, err, `no "month" column`)
}

func TestMissingFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // the default path is absent here
	var out, errOut bytes.Buffer
	assert.Equal(t, 0, run(nil, &out, &errOut), "the default file absent: say how to get it, exit 0")
	assert.Contains(t, out.String(), "archive.ics.uci.edu")
	out.Reset()
	assert.Equal(t, 1, run([]string{"-data", filepath.Join(dir, "nope.csv")}, &out, &errOut), "a file given explicitly must exist")
	assert.Contains(t, errOut.String(), "nope.csv")
}

func TestTextOutput(t *testing.T) {
	path := dataPath(t)
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-data", path, "-top", "3"}, &out, &errOut), errOut.String())
	for _, want := range []string{"500 posts read", "Top posts:", "What works by format:", "What works by pillar:", "What works by paid:",
		"Best times by weekday", "Best times by hour", "5 values not recorded", "row 501 paid",
		"Best weekday × hour slots (Europe/Lisbon), shrunk toward the page's mean"} {
		assert.Contains(t, out.String(), want)
	}
	// The best slots, ranked by shrunk score: five lines, scores not
	// increasing, each between the page's mean and the slot's own.
	_, slots, ok := strings.Cut(out.String(), "Best weekday × hour slots")
	require.True(t, ok)
	lines := strings.Split(strings.TrimSpace(slots), "\n")[1:6]
	prev := 100.0
	for _, l := range lines {
		f := strings.Fields(l)
		require.Len(t, f, 10, l)
		mean, err1 := strconv.ParseFloat(strings.TrimSuffix(f[5], "%"), 64)
		score, err2 := strconv.ParseFloat(strings.TrimSuffix(f[9], "%"), 64)
		require.NoError(t, err1, l)
		require.NoError(t, err2, l)
		assert.LessOrEqual(t, score, prev, l)
		assert.True(t, score <= mean && score >= 2.40, "the score lies between the page's mean (2.41) and the slot's: %s", l)
		prev = score
	}
}
