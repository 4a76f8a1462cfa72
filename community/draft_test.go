package community_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

// draftInbox builds an inbox of two weeks before end (Monday 30 March
// 2026, 00:00 in Madrid: the week before holds the change to summer
// time): per tag, before and latest interactions in each week, negative
// ones first.
type tagWeek struct {
	tag                      string
	negBefore, negLatest     int
	otherBefore, otherLatest int
	channelLatest            channel.Channel
}

func draftInbox(t *testing.T, weeks []tagWeek) (community.Inbox, map[string][]string, time.Time) {
	t.Helper()
	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	end := time.Date(2026, time.March, 30, 0, 0, 0, 0, madrid)
	var b community.Inbox
	tags := map[string][]string{}
	n := 0
	add := func(tag string, at time.Time, s community.Sentiment, c channel.Channel) {
		n++
		id := fmt.Sprintf("i%03d", n)
		b = append(b, community.Interaction{ID: id, Kind: community.KindComment, Channel: c, Author: community.Author{Handle: fmt.Sprintf("u%d", n)},
			Text: "about " + tag, At: at, Sentiment: s})
		tags[id] = append(tags[id], tag)
	}
	for _, w := range weeks {
		c := w.channelLatest
		if c == "" {
			c = channel.Instagram
		}
		// The week before: Monday 16 to Sunday 22 March, noon.
		for i := range w.negBefore {
			add(w.tag, time.Date(2026, time.March, 16+i%7, 12, 0, 0, 0, madrid), community.Negative, channel.Instagram)
		}
		for i := range w.otherBefore {
			add(w.tag, time.Date(2026, time.March, 16+i%7, 13, 0, 0, 0, madrid), community.Positive, channel.Instagram)
		}
		// The latest week: Monday 23 to Sunday 29 March (29th: 23 hours).
		for i := range w.negLatest {
			add(w.tag, time.Date(2026, time.March, 23+i%7, 12, 0, 0, 0, madrid), community.Negative, c)
		}
		for i := range w.otherLatest {
			add(w.tag, time.Date(2026, time.March, 23+i%7, 13, 0, 0, 0, madrid), community.Neutral, c)
		}
	}
	return b, tags, end
}

func TestDraftInsights(t *testing.T) {
	objective := uuid.MustParse("00000000-0000-0000-0000-0000000000a1")
	member := uuid.MustParse("00000000-0000-0000-0000-0000000000b1")
	b, tags, end := draftInbox(t, []tagWeek{
		{tag: "delivery", negBefore: 6, negLatest: 14, otherBefore: 3, otherLatest: 2},
		{tag: "price", negBefore: 6, negLatest: 11, otherBefore: 0, otherLatest: 0},                              // +83%: not doubled
		{tag: "grinders", negBefore: 0, negLatest: 1, otherBefore: 4, otherLatest: 12, channelLatest: channel.X}, // volume tripled
		{tag: "refunds", negBefore: 0, negLatest: 9},                                                             // under the minimum
		{tag: "cold brew", negBefore: 0, negLatest: 10},                                                          // new: none before
	})
	// One interaction tagged twice with one tag counts once.
	tags["i001"] = append(tags["i001"], "delivery")
	drafts, err := community.DraftInsights(b, tags, nil, end, member, &community.DraftOptions{Objectives: map[string]uuid.UUID{"delivery": objective}})
	require.NoError(t, err)
	require.Len(t, drafts, 3, "%+v", drafts)

	cold, delivery, grinders := drafts[0], drafts[1], drafts[2]
	assert.Equal(t, community.InsightComplaint, delivery.Kind)
	assert.Equal(t, `complaints tagged "delivery" rose from 6 to 14 in 7 days (+133%)`, delivery.Title)
	assert.Equal(t, objective, delivery.Objective)
	assert.Len(t, delivery.Evidence, 14)
	assert.Equal(t, channel.Instagram, delivery.Channel)
	assert.Equal(t, member, delivery.RaisedBy)
	assert.True(t, delivery.RaisedAt.Equal(end))
	assert.Equal(t, `complaints tagged "cold brew" rose from 0 to 10 in 7 days (none the period before)`, cold.Title)
	assert.Equal(t, uuid.Nil, cold.Objective)
	assert.Equal(t, community.InsightTrend, grinders.Kind)
	assert.Equal(t, `interactions tagged "grinders" rose from 4 to 13 in 7 days (+225%)`, grinders.Title)
	assert.Equal(t, channel.X, grinders.Channel, "the latest week's are all on X")

	// Evidence on two networks names none.
	tags["i999"] = []string{"grinders"}
	b = append(b, community.Interaction{ID: "i999", Kind: community.KindMention, Channel: channel.Instagram,
		Author: community.Author{Handle: "someone"}, At: end.Add(-time.Hour)})
	mixed, err := community.DraftInsights(b, tags, nil, end, member, nil)
	require.NoError(t, err)
	assert.Equal(t, channel.Channel(""), mixed[len(mixed)-1].Channel)
	assert.Len(t, mixed[len(mixed)-1].Evidence, 14)
	b, tags["i999"] = b[:len(b)-1], nil
	delete(tags, "i999")

	// The drafts are valid insights, and their evidence is in the inbox.
	require.NoError(t, community.CheckInsights(drafts, b))
	// The same call drafts the same IDs.
	again, err := community.DraftInsights(b, tags, nil, end, member, &community.DraftOptions{Objectives: map[string]uuid.UUID{"delivery": objective}})
	require.NoError(t, err)
	assert.Equal(t, drafts, again)

	// A higher bar: 200% (tripled) drafts only the grinders' trend.
	drafts, err = community.DraftInsights(b, tags, nil, end, member, &community.DraftOptions{MinRisePercent: 200})
	require.NoError(t, err)
	require.Len(t, drafts, 2)
	assert.Contains(t, drafts[0].Title, "cold brew")
	assert.Contains(t, drafts[1].Title, "grinders")
}

func TestDraftInsightsBadInput(t *testing.T) {
	b, tags, end := draftInbox(t, []tagWeek{{tag: "delivery", negLatest: 1}})
	member := uuid.New()
	for name, tc := range map[string]struct {
		tags     map[string][]string
		end      time.Time
		raisedBy uuid.UUID
		opts     *community.DraftOptions
		path     string
	}{
		"unknown interaction":  {map[string][]string{"nope": {"x"}}, end, member, nil, "tags[nope]"},
		"empty tag":            {map[string][]string{"i001": {" "}}, end, member, nil, "tags[i001][0]"},
		"no end":               {tags, time.Time{}, member, nil, "end"},
		"no member":            {tags, end, uuid.Nil, nil, "raisedBy"},
		"negative days":        {tags, end, member, &community.DraftOptions{Days: -1}, "options.days"},
		"objective without ID": {tags, end, member, &community.DraftOptions{Objectives: map[string]uuid.UUID{"delivery": uuid.Nil}}, "options.objectives[delivery]"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := community.DraftInsights(b, tc.tags, nil, tc.end, tc.raisedBy, tc.opts)
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "%v", err)
			assert.Equal(t, tc.path, verr.Errors[0].Path)
		})
	}
}

// FuzzDraftInsights: any options document and tags decode and draft
// without a panic; a problem is a *validation.Error; accepted drafts are
// valid insights whose evidence is in the inbox.
func FuzzDraftInsights(f *testing.F) {
	f.Add(`{"days":7,"minCount":2,"minRisePercent":50,"objectives":{"delivery":"00000000-0000-0000-0000-0000000000a1"}}`, "delivery", uint8(3), uint8(9))
	f.Add(`{"days":-1}`, " ", uint8(0), uint8(0))
	f.Add(`{"days":366,"minCount":1}`, "a\x00b", uint8(200), uint8(1))
	f.Fuzz(func(t *testing.T, doc, tag string, before, latest uint8) {
		var opts community.DraftOptions
		if json.Unmarshal([]byte(doc), &opts) != nil {
			t.Skip()
		}
		b, _, end := draftInbox(t, []tagWeek{{tag: "x", negBefore: int(before % 40), negLatest: int(latest % 40)}})
		tags := map[string][]string{}
		for _, in := range b {
			tags[in.ID] = []string{tag}
		}
		drafts, err := community.DraftInsights(b, tags, nil, end, uuid.MustParse("00000000-0000-0000-0000-0000000000b1"), &opts)
		if err != nil {
			var verr *validation.Error
			if !errors.As(err, &verr) {
				t.Fatalf("not a validation error: %v", err)
			}
			return
		}
		if err := community.CheckInsights(drafts, b); err != nil {
			t.Fatalf("a draft is not a valid insight: %v", err)
		}
	})
}
