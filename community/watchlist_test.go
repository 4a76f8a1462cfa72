package community_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

func sampleWatchlist() community.Watchlist {
	return community.Watchlist{Terms: []community.Term{
		{Name: "Cafetal", Kind: community.TermBrand, Patterns: []string{"cafetal", "@cafetal"}},
		{Name: "Bruma", Kind: community.TermCompetitor},
		{Name: "Tostado", Kind: community.TermCompetitor, Patterns: []string{"tostado coffee", "@tostado"}},
		{Name: "cold brew", Kind: community.TermTopic},
		{Name: "decaf", Kind: community.TermTopic, Patterns: []string{"decaf", "decaffeinated"}},
		{Name: "price", Kind: community.TermKeyword, Patterns: []string{"price", "expensive"}},
	}}
}

func post(id string, t time.Time, text string) community.Interaction {
	return community.Interaction{ID: id, Kind: community.KindMention, Channel: channel.X,
		Author: community.Author{Handle: "u" + id}, At: t, Text: text}
}

func TestWatcherMatch(t *testing.T) {
	w, err := community.NewWatcher(sampleWatchlist())
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 3, 4}, w.Match(nil, "Cafetal's COLD BREW beats Bruma; @cafetal decaffeinated too"))
	assert.Empty(t, w.Match(nil, "brumas and decafs are not whole words"))
	inside := sampleWatchlist()
	inside.InsideWords = true
	w2, err := community.NewWatcher(inside)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 4}, w2.Match(nil, "brumas and decafs"))
	assert.Len(t, w2.Terms(), 6)
}

func TestWatchlistValidate(t *testing.T) {
	err := community.Watchlist{Terms: []community.Term{
		{Name: "a", Kind: community.TermTopic},
		{Name: "a", Kind: "rumour"},
		{Kind: community.TermTopic},
		{Name: "b", Kind: community.TermTopic, Patterns: []string{"x", "X", ""}},
		{Name: "  ", Kind: community.TermTopic},
	}}.Validate()
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeDuplicate, "terms[1].name"},
		{validation.CodeNotSupported, "terms[1].kind"},
		{validation.CodeRequired, "terms[2].name"},
		{validation.CodeDuplicate, "terms[3].patterns[1]"},
		{validation.CodeRequired, "terms[3].patterns[2]"},
		{validation.CodeRequired, "terms[4].name[0]"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "want %s at %s in %v", want.code, want.path, err)
	}
	_, err = community.NewWatcher(community.Watchlist{Terms: []community.Term{{Name: "", Kind: community.TermBrand}}})
	assert.Error(t, err)
}

func TestPeriodsInSeveralZones(t *testing.T) {
	tests := []struct {
		zone   string
		start  time.Time
		period kpi.Period
		hours  []float64 // length of each period in hours
		first  string
	}{
		{"Europe/Madrid", time.Date(2026, 3, 28, 15, 0, 0, 0, mustZone("Europe/Madrid")), kpi.Day,
			[]float64{24, 23, 24}, "2026-03-28T00:00:00+01:00"},
		// US clocks fall back on Sunday 1 November 2026: the week of 26 October has 169 hours.
		{"America/New_York", time.Date(2026, 10, 28, 9, 0, 0, 0, mustZone("America/New_York")), kpi.Week,
			[]float64{168 + 1, 168}, "2026-10-26T00:00:00-04:00"},
		{"America/Santiago", time.Date(2026, 9, 6, 12, 0, 0, 0, mustZone("America/Santiago")), kpi.Day,
			[]float64{23, 24}, "2026-09-06T01:00:00-03:00"}, // midnight does not exist: read as 01:00 (RFC 5545 §3.3.5)
		{"Asia/Tokyo", time.Date(2026, 2, 14, 12, 0, 0, 0, mustZone("Asia/Tokyo")), kpi.Month,
			[]float64{28 * 24, 31 * 24}, "2026-02-01T00:00:00+09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			ps, err := community.Periods(tt.start, tt.period, len(tt.hours))
			require.NoError(t, err)
			require.Len(t, ps, len(tt.hours))
			assert.Equal(t, tt.first, ps[0].From.Format(time.RFC3339))
			for i, p := range ps {
				assert.Equal(t, tt.hours[i], p.To.Sub(p.From).Hours(), "period %d", i)
				assert.Equal(t, tt.zone, p.From.Location().String())
				if i > 0 {
					assert.True(t, ps[i-1].To.Equal(p.From))
				}
			}
		})
	}
	_, err := community.Periods(time.Now(), "fortnight", 2)
	assert.ErrorIs(t, err, validation.ErrUnknownValue)
	_, err = community.Periods(time.Now(), kpi.Day, -1)
	assert.ErrorIs(t, err, community.ErrPeriods)
}

func TestWatchCounts(t *testing.T) {
	w, err := community.NewWatcher(sampleWatchlist())
	require.NoError(t, err)
	periods, err := community.Periods(at(5, 10, 0), kpi.Week, 2) // weeks of 5 and 12 January
	require.NoError(t, err)
	b := community.Inbox{
		post("1", at(5, 9, 0), "cafetal cold brew is back"),
		post("2", at(6, 9, 0), "bruma or cafetal?"),
		post("3", at(7, 9, 0), "Bruma, Bruma, Bruma"), // one interaction, one mention
		post("4", at(12, 9, 0), "cafetal decaf and cold brew"),
		post("5", at(13, 9, 0), "cold brew at @tostado is expensive"),
		post("6", at(14, 9, 0), "decaffeinated cold brew from cafetal"),
		post("7", at(15, 9, 0), "price of cafetal"),
		post("8", at(20, 9, 0), "outside every period: cafetal"),
		post("9", at(1, 9, 0), "before every period: cafetal"),
	}
	c, err := w.Count(b, periods)
	require.NoError(t, err)
	assert.Equal(t, []int{3, 4}, c.Interactions)
	assert.Equal(t, []int{2, 3}, c.Mentions[0], "brand")
	assert.Equal(t, []int{2, 0}, c.Mentions[1], "Bruma")
	assert.Equal(t, []int{0, 1}, c.Mentions[2], "Tostado")
	assert.Equal(t, []int{1, 3}, c.Mentions[3], "cold brew")
	assert.Equal(t, []int{0, 2}, c.Mentions[4], "decaf")
	assert.Equal(t, []int{0, 2}, c.Mentions[5], "price")

	sov, err := c.ShareOfVoice(1)
	require.NoError(t, err)
	require.Len(t, sov, 3)
	assert.Equal(t, "Cafetal", sov[0].Term)
	assert.True(t, decimal.NewFromInt(75).Equal(sov[0].Share.Decimal), sov[0].Share.Decimal.String())
	assert.True(t, decimal.Zero.Equal(sov[1].Share.Decimal))
	assert.True(t, decimal.NewFromInt(25).Equal(sov[2].Share.Decimal))

	rising, err := c.Rising(1, nil)
	require.NoError(t, err)
	require.Len(t, rising, 3)
	assert.Equal(t, "decaf", rising[0].Term, "new terms first, by mentions; tie by name")
	assert.False(t, rising[0].Growth.Valid)
	assert.Equal(t, "price", rising[1].Term)
	assert.Equal(t, "cold brew", rising[2].Term)
	assert.True(t, decimal.NewFromInt(200).Equal(rising[2].Growth.Decimal))
	rising, err = c.Rising(1, &community.RisingOptions{MinMentions: 3, MinGrowth: decimal.NewFromInt(300)})
	require.NoError(t, err)
	assert.Empty(t, rising)
	rising, err = c.Rising(1, &community.RisingOptions{Kinds: []community.TermKind{community.TermBrand}})
	require.NoError(t, err)
	require.Len(t, rising, 1)
	assert.True(t, decimal.NewFromInt(50).Equal(rising[0].Growth.Decimal))

	_, err = c.Rising(2, nil)
	assert.ErrorIs(t, err, community.ErrNoPeriod)
	_, err = c.ShareOfVoice(-1)
	assert.ErrorIs(t, err, community.ErrNoPeriod)

	obs := c.Observations()
	require.Len(t, obs, 4)
	for _, o := range obs {
		require.NoError(t, o.Validate())
	}
	series, err := kpi.NewSeries(obs)
	require.NoError(t, err)
	assert.NotNil(t, series)
	share, err := kpi.ShareOfVoiceOf(obs[2].Value, obs[3].Value)
	require.NoError(t, err)
	assert.True(t, share.Equal(sov[0].Share.Decimal))

	data, err := json.Marshal(c)
	require.NoError(t, err)
	var back community.WatchCounts
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, c.Mentions, back.Mentions)
	assert.True(t, c.Periods[1].From.Equal(back.Periods[1].From))
}

func TestWatchCountsUndefinedShare(t *testing.T) {
	w, err := community.NewWatcher(sampleWatchlist())
	require.NoError(t, err)
	c, err := w.Count(nil, []calendar.Window{{From: at(5, 0, 0), To: at(6, 0, 0)}})
	require.NoError(t, err)
	sov, err := c.ShareOfVoice(0)
	require.NoError(t, err)
	assert.False(t, sov[0].Share.Valid, "nobody mentioned: undefined")

	_, err = w.Count(nil, []calendar.Window{{From: at(6, 0, 0), To: at(5, 0, 0)}})
	assert.ErrorIs(t, err, community.ErrPeriods)
	_, err = w.Count(nil, []calendar.Window{{From: at(5, 0, 0), To: at(7, 0, 0)}, {From: at(6, 0, 0), To: at(8, 0, 0)}})
	assert.ErrorIs(t, err, community.ErrPeriods)
}

// TestRisingOptionsValidate: options that mean nothing are refused, not
// silently replaced by the defaults.
func TestRisingOptionsValidate(t *testing.T) {
	assert.NoError(t, community.RisingOptions{}.Validate())
	o := community.RisingOptions{
		Kinds:       []community.TermKind{community.TermTopic, "rumour"},
		MinMentions: -1,
		MinGrowth:   decimal.NewFromInt(-5),
	}
	err := o.Validate()
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "kinds[1]"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "minMentions"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "minGrowth"), "%v", err)

	_, err = risingCounts(t).Rising(1, &o)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "options.minMentions"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "options.kinds[1]"), "%v", err)
}

// TestRisingOptionsRefuseHugeDecimals: a MinGrowth with exponent ±1e9 is
// refused by Validate before it is printed or compared with any growth
// (either would cost a billion digits).
func TestRisingOptionsRefuseHugeDecimals(t *testing.T) {
	for _, g := range []decimal.Decimal{decimal.New(-1, 1_000_000_000), decimal.New(1, -1_000_000_000)} {
		o := community.RisingOptions{MinGrowth: g}
		done := make(chan error, 1)
		go func() {
			_, err := risingCounts(t).Rising(1, &o)
			done <- err
		}()
		select {
		case err := <-done:
			assert.True(t, validation.Has(err, validation.CodeOutOfRange, "options.minGrowth"), "%.300v", err)
		case <-time.After(20 * time.Second):
			t.Fatal("Rising has not returned after 20s")
		}
	}
}
