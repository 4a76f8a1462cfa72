package community_test

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// checkValidationError fails unless err is nil or a *validation.Error.
func checkValidationError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		var verr *validation.Error
		require.ErrorAs(t, err, &verr)
	}
}

// roundTrip encodes v and decodes it into a fresh value, which must encode
// the same way again. (The first encoding may differ from the second in
// one way only: a nested struct that holds nothing but empty, non-nil
// slices is written as {} and read back as its zero value, which is then
// left out. Both mean the same.)
func roundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	var back T
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	var last T
	require.NoError(t, json.Unmarshal(again, &last))
	third, err := json.Marshal(last)
	require.NoError(t, err)
	require.JSONEq(t, string(again), string(third))
	return back
}

// FuzzPoliciesJSON decodes arbitrary JSON as each of the values a caller
// fills in (response policy, voice policy, watchlist, sentiment rules,
// leader options, insight, publication,
// response, rising and adherence options): decoding and Validate never
// panic, Validate returns nil or a *validation.Error, the constructor
// accepts exactly what Validate accepts, and a valid value survives a JSON
// round trip still valid.
func FuzzPoliciesJSON(f *testing.F) {
	add := func(kind uint8, v any) {
		data, err := json.Marshal(v)
		require.NoError(f, err)
		f.Add(kind, string(data))
	}
	add(0, samplePolicy())
	add(1, sampleVoice())
	add(2, sampleWatchlist())
	add(3, community.EnglishSentimentRules())
	add(4, community.LeaderOptions{Brand: []string{"cafetal"}, Topics: []string{"roast"}, Limit: 3})
	add(5, sampleInsights()[1])
	f.Add(uint8(0), `{"hours":{"zone":"Europe/Madrid","week":{"monday":["09:00-18:00"]}},"targets":[{"within":"-1h"}]}`)
	f.Add(uint8(0), `{"hours":{"zone":"Europe/Madrid","week":{"monday":["09:00-18:00"]}},"targets":[{"within":"1h"},{"kind":"review","priority":"low","within":"2h"},{"kind":"review","within":"30m"}],"brand":["@Cafetal","cafetal"," "]}`)
	f.Add(uint8(1), `{"bannedPhrases":[{"name":"x","pattern":"(a"}],"required":[{"name":"y","pattern":"a*"}]}`)
	f.Add(uint8(2), `{"terms":[{"name":"","kind":"brand"},{"name":"x","kind":"rumour","patterns":[" "]}]}`)
	f.Add(uint8(4), `{"weights":{"centrality":"1E309","reach":"1e-400"}}`)
	f.Add(uint8(4), `{"weights":{"centrality":"1E308","reach":"1E308"}}`)
	f.Add(uint8(4), `{"weights":{"centrality":"1000000","reach":"0.000001","engagement":"999999.999999"}}`)
	f.Add(uint8(6), `{"channel":"x","at":"2026-01-12T10:00:00+01:00"}`)
	f.Add(uint8(7), `{"to":"c1","at":"2026-01-12T10:00:00+01:00","by":"`+ana.String()+`"}`)
	f.Add(uint8(7), `{"to":"c1","at":"2026-01-12T10:00:00+01:00","by":"00000000-0000-0000-0000-000000000000"}`)
	f.Add(uint8(8), `{"kinds":["topic","rumour"],"minMentions":-1,"minGrowth":"-5"}`)
	f.Add(uint8(8), `{"kinds":["brand"],"minMentions":2,"minGrowth":"10.5"}`)
	f.Add(uint8(9), `{"tolerance":"-1m"}`)
	f.Add(uint8(9), `{"tolerance":"1h"}`)
	f.Fuzz(func(t *testing.T, kind uint8, data string) {
		switch kind % 10 {
		case 0:
			var p community.ResponsePolicy
			if json.Unmarshal([]byte(data), &p) != nil {
				return
			}
			err := p.Validate()
			checkValidationError(t, err)
			_, cerr := community.NewResponder(p, nil)
			require.Equal(t, err == nil, cerr == nil, "Validate %v, NewResponder %v", err, cerr)
			if err == nil {
				require.NoError(t, roundTrip(t, p).Validate())
			}
		case 1:
			var p community.VoicePolicy
			if json.Unmarshal([]byte(data), &p) != nil {
				return
			}
			err := p.Validate()
			checkValidationError(t, err)
			_, cerr := community.NewVoiceChecker(p)
			require.Equal(t, err == nil, cerr == nil, "Validate %v, NewVoiceChecker %v", err, cerr)
			if err == nil {
				require.NoError(t, roundTrip(t, p).Validate())
			}
		case 2:
			var w community.Watchlist
			if json.Unmarshal([]byte(data), &w) != nil {
				return
			}
			err := w.Validate()
			checkValidationError(t, err)
			_, cerr := community.NewWatcher(w)
			require.Equal(t, err == nil, cerr == nil, "Validate %v, NewWatcher %v", err, cerr)
			if err == nil {
				require.NoError(t, roundTrip(t, w).Validate())
			}
		case 3:
			var r community.SentimentRules
			if json.Unmarshal([]byte(data), &r) != nil {
				return
			}
			err := r.Validate()
			checkValidationError(t, err)
			_, cerr := community.NewKeywordClassifier(r)
			require.Equal(t, err == nil, cerr == nil, "Validate %v, NewKeywordClassifier %v", err, cerr)
			if err == nil {
				require.NoError(t, roundTrip(t, r).Validate())
			}
		case 4:
			var o community.LeaderOptions
			if json.Unmarshal([]byte(data), &o) != nil {
				return
			}
			err := o.Validate()
			checkValidationError(t, err)
			_, rerr := community.RankLeaders(sampleInbox(), &o)
			if err == nil {
				require.NoError(t, rerr)
				require.NoError(t, roundTrip(t, o).Validate())
			} else {
				require.Error(t, rerr)
			}
		case 5:
			var in community.Insight
			if json.Unmarshal([]byte(data), &in) != nil {
				return
			}
			err := in.Validate()
			checkValidationError(t, err)
			if err == nil {
				require.NoError(t, roundTrip(t, in).Validate())
			}
		case 6:
			var pub community.Publication
			if json.Unmarshal([]byte(data), &pub) != nil {
				return
			}
			err := pub.Validate()
			checkValidationError(t, err)
			if err == nil {
				require.NoError(t, roundTrip(t, pub).Validate())
			}
		case 7:
			var r community.Response
			if json.Unmarshal([]byte(data), &r) != nil {
				return
			}
			err := r.Validate()
			checkValidationError(t, err)
			if err == nil {
				require.NoError(t, roundTrip(t, r).Validate())
			}
		case 8:
			var o community.RisingOptions
			if json.Unmarshal([]byte(data), &o) != nil {
				return
			}
			err := o.Validate()
			checkValidationError(t, err)
			_, rerr := risingCounts(t).Rising(1, &o)
			require.Equal(t, err == nil, rerr == nil, "Validate %v, Rising %v", err, rerr)
			if err == nil {
				require.NoError(t, roundTrip(t, o).Validate())
			}
		case 9:
			var o community.AdherenceOptions
			if json.Unmarshal([]byte(data), &o) != nil {
				return
			}
			err := o.Validate()
			checkValidationError(t, err)
			if err == nil {
				require.NoError(t, roundTrip(t, o).Validate())
			}
		}
	})
}

// risingCounts are watch counts over two weeks of the sample inbox.
func risingCounts(t testing.TB) *community.WatchCounts {
	t.Helper()
	w, err := community.NewWatcher(sampleWatchlist())
	require.NoError(t, err)
	periods, err := community.Periods(at(5, 10, 0), kpi.Week, 2)
	require.NoError(t, err)
	c, err := w.Count(sampleInbox(), periods)
	require.NoError(t, err)
	return c
}

// FuzzNewGraph builds graphs from arbitrary edges and weights (any
// float64, from its bits): NewGraph accepts them or returns a
// *validation.Error, and PageRank of any graph it accepts gives finite
// scores that add up to 1.
func FuzzNewGraph(f *testing.F) {
	f.Add(uint8(3), []byte{0, 1, 2, 1}, uint64(0x3ff0000000000000), uint64(0x7fefffffffffffff))
	f.Add(uint8(2), []byte{0, 1, 0, 1}, uint64(0x7fefffffffffffff), uint64(0x7fefffffffffffff))
	f.Add(uint8(2), []byte{0, 1, 1, 0}, uint64(1), uint64(0x3c1d5e1ff4cdb7ae))
	f.Fuzz(func(t *testing.T, nodes uint8, ends []byte, w1, w2 uint64) {
		n := int(nodes%16) + 1
		var edges []community.Edge
		for i := 0; i+1 < len(ends) && len(edges) < 64; i += 2 {
			w := math.Float64frombits(w1)
			if len(edges)%2 == 1 {
				w = math.Float64frombits(w2)
			}
			edges = append(edges, community.Edge{From: int(ends[i]) % (n + 1), To: int(ends[i+1]) % (n + 1), Weight: w})
		}
		g, err := community.NewGraph(n, edges)
		checkValidationError(t, err)
		if err != nil {
			return
		}
		pr, err := g.PageRank(nil)
		require.NoError(t, err)
		sum := 0.0
		for _, s := range pr.Scores {
			require.False(t, math.IsNaN(s) || math.IsInf(s, 0), "%v", pr.Scores)
			sum += s
		}
		require.InDelta(t, 1, sum, 1e-6)
	})
}

// referenceCount is the keyword rule computed the way it reads: every
// occurrence of every term, sorted by start then longest first, counted
// leftmost first without overlaps. Its cost grows with the occurrences.
func referenceCount(t *testing.T, rules community.SentimentRules, text string) (pos, neg int) {
	terms := slices.Concat(rules.Positive, rules.Negative)
	m, err := community.NewMatcher(terms, &community.MatcherOptions{WholeWords: true})
	require.NoError(t, err)
	var all []community.Match
	for x := range m.Matches(text) {
		all = append(all, x)
	}
	slices.SortFunc(all, func(a, b community.Match) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	end := 0
	for _, x := range all {
		if x.Start < end {
			continue
		}
		end = x.End
		if x.Pattern < len(rules.Positive) {
			pos++
		} else {
			neg++
		}
	}
	return pos, neg
}

// FuzzKeywordClassifier counts terms (split from one string by "|", the
// first half positive) in any text, within a budget, and agrees with the
// rule computed from every occurrence.
func FuzzKeywordClassifier(f *testing.F) {
	f.Add("love|not bad|great|bad|not|broken", "Not bad at all, but BROKEN. love it, not bad!")
	f.Add("a|a a|a a a|b", "a a a a b a a")
	f.Add("#sale|k|\u212a\u212a|€", "#SALE kk \u212a \xe2\x82\xac€ \xac\x82\xe2")
	f.Add("é|e\u0301|ß|SS", "É é e\u0301 ss ß")
	f.Fuzz(func(t *testing.T, joined, text string) {
		terms := strings.Split(joined, "|")
		half := (len(terms) + 1) / 2
		rules := community.SentimentRules{Positive: terms[:half], Negative: terms[half:]}
		c, err := community.NewKeywordClassifier(rules)
		checkValidationError(t, err)
		if err != nil {
			return
		}
		var pos, neg int
		budget.Check(t, "Count", budget.For(len(joined)+len(text)), func() { pos, neg = c.Count(text) })
		wantPos, wantNeg := referenceCount(t, rules, text)
		require.Equal(t, [2]int{wantPos, wantNeg}, [2]int{pos, neg}, "terms %q text %q", terms, text)
	})
}

// FuzzInboxCalls decodes an inbox and responses from JSON and, when they
// are valid, runs every call that reads an inbox within a budget that
// grows with the JSON's size: Triage (with the English keyword classifier),
// Due, Report, Signals, RankLeaders, Graph and PageRank, the watcher's
// counts and the insight summary. None may panic, hang or allocate past
// the budget.
func FuzzInboxCalls(f *testing.F) {
	data, _ := json.Marshal(sampleInbox())
	f.Add(string(data), `[{"to":"c1","at":"2026-01-12T10:30:00Z"}]`, int64(0))
	data, _ = json.Marshal(accountInbox())
	f.Add(string(data), `[{"to":"c2","at":"2026-01-12T10:30:00Z"},{"to":"d1","at":"2026-01-12T11:30:00Z"}]`, int64(0))
	f.Add(`[{"id":"a","kind":"comment","channel":"x","account":"Acme","author":{"handle":"b"},"at":"2026-01-12T10:00:00Z"},`+
		`{"id":"b","kind":"reply","channel":"x","account":"acme","replyTo":"a","author":{"handle":"c"},"at":"2026-01-12T10:05:00Z"},`+
		`{"id":"c","kind":"comment","channel":"x","author":{"handle":"d"},"at":"2026-01-12T10:06:00Z"}]`, `[{"to":"a","at":"2026-01-12T10:30:00Z"}]`, int64(0))
	f.Add(`[{"id":"a","kind":"mention","channel":"x","author":{"handle":"@a","followers":9223372036854775807},"text":"not bad not bad bad","at":"0001-01-01T00:00:01Z"},{"id":"b","kind":"reply","channel":"x","author":{"handle":"@b","followers":9223372036854775807},"at":"9999-12-30T00:00:00Z","replyTo":"a","to":["@a","@a"]}]`, `[]`, int64(1<<40))
	rules := community.EnglishSentimentRules()
	policy := samplePolicy()
	policy.Sentiment = rules
	f.Fuzz(func(t *testing.T, inbox, responses string, nowOff int64) {
		var b community.Inbox
		var rs []community.Response
		if json.Unmarshal([]byte(inbox), &b) != nil || json.Unmarshal([]byte(responses), &rs) != nil || b.Validate() != nil {
			return
		}
		r, err := community.NewResponder(policy, nil)
		require.NoError(t, err)
		now := at(12, 12, 0).Add(time.Duration(nowOff % int64(200*365*24*time.Hour)))
		w := calendar.Window{From: at(12, 0, 0), To: at(19, 0, 0)}
		watcher, err := community.NewWatcher(sampleWatchlist())
		require.NoError(t, err)
		periods, err := community.Periods(at(5, 0, 0), kpi.Week, 2)
		require.NoError(t, err)
		budget.Check(t, "inbox calls", budget.For(len(inbox)+len(responses)), func() {
			_, _ = r.Triage(b.Open(rs, now), now)
			for _, in := range b {
				_, _, _ = r.Due(in, community.PriorityHigh)
			}
			if rep, err := r.Report(b, rs, w); err == nil {
				// Each interaction counts once, on its account or its
				// channel: the observations always make a valid series.
				if _, err := kpi.NewSeries(rep.Observations()); err != nil {
					panic(fmt.Sprint("report observations: ", err))
				}
			}
			_, _ = r.Signals(b, nil)
			_, _ = community.RankLeaders(b, nil)
			g, _ := b.Graph()
			if pr, err := g.PageRank(nil); err == nil {
				for _, s := range pr.Scores {
					if math.IsNaN(s) || math.IsInf(s, 0) {
						panic(fmt.Sprint("PageRank score ", s))
					}
				}
			}
			_, _ = watcher.Count(b, periods)
			if len(b) > 0 {
				ins := []community.Insight{{ID: uuid.New(), Kind: community.InsightNeed, Title: "t", Evidence: []string{b[0].ID}, RaisedBy: uuid.New(), RaisedAt: now}}
				if s, err := community.Summarize(ins, b, w, 0); err == nil && len(s.Top) > 0 && s.Top[0].Reach < 0 {
					panic("negative reach")
				}
			}
		})
	})
}
