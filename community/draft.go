package community

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// The defaults of [DraftOptions].
const (
	// DefaultDraftDays is the length of the two periods compared: a week.
	DefaultDraftDays = 7
	// DefaultDraftMinCount is the fewest interactions of a tag in the
	// latest period for a draft: below it, a doubling is two becoming
	// four.
	DefaultDraftMinCount = 10
	// DefaultDraftMinRisePercent is the rise over the period before that
	// a draft needs: 100% is a doubling.
	DefaultDraftMinRisePercent = 100
	// MaxDraftEvidence is the most interactions a draft lists as evidence;
	// its Detail counts them all.
	MaxDraftEvidence = 50
	// MaxDraftDays is the longest period DraftInsights compares.
	MaxDraftDays = 366
)

// DraftOptions tune [DraftInsights]; the zero value, or nil, means the
// defaults.
type DraftOptions struct {
	// Days is the length of each period, in calendar days of the end's
	// zone; 0 means DefaultDraftDays.
	Days int `json:"days,omitempty"`
	// MinCount is the fewest interactions in the latest period; 0 means
	// DefaultDraftMinCount.
	MinCount int `json:"minCount,omitempty"`
	// MinRisePercent is the rise over the period before, in percent; 0
	// means DefaultDraftMinRisePercent.
	MinRisePercent int `json:"minRisePercent,omitempty"`
	// Objectives links a tag to the objective its drafts bear on
	// (strategy.Objective.ID); a tag not listed links none.
	Objectives map[string]uuid.UUID `json:"objectives,omitempty"`
}

// Validate reports options out of range, and links to no objective.
func (o DraftOptions) Validate() error {
	var list validation.ErrorList
	if o.Days < 0 || o.Days > MaxDraftDays {
		list = append(list, validation.OutOfRange(validation.NewPath("days"), o.Days, fmt.Sprintf("must be 1 to %d days (0: %d)", MaxDraftDays, DefaultDraftDays)))
	}
	if o.MinCount < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("minCount"), o.MinCount, "must not be negative"))
	}
	if o.MinRisePercent < 0 || o.MinRisePercent > 1_000_000 {
		list = append(list, validation.OutOfRange(validation.NewPath("minRisePercent"), o.MinRisePercent, "must be 0 to 1000000"))
	}
	for _, tag := range slices.Sorted(maps.Keys(o.Objectives)) {
		p := validation.NewPath("objectives").Key(tag)
		switch {
		case strings.TrimSpace(tag) == "":
			list = append(list, validation.Required(p, "a tag is not empty"))
		case o.Objectives[tag] == uuid.Nil:
			list = append(list, validation.Required(p, "name the objective by its ID"))
		}
	}
	return list.Err()
}

// DraftInsights drafts insights for the strategist from what the audience
// said in the two periods of opts.Days calendar days before end (the
// latest, from end's wall clock Days days back, and the one before it;
// days of end's zone, so a period holding a DST change is still its
// days): for each tag the community manager's inbox rules gave
// interactions (tags, by interaction ID),
//
//   - a complaint draft when the tag's negative interactions (the label
//     SentimentOf gives with c) in the latest period number at least
//     MinCount and at least (100 + MinRisePercent)% of those in the period
//     before: "complaints tagged "delivery" rose from 6 to 14 (+133%)";
//   - otherwise a trend draft when all the tag's interactions do the same.
//
// Counts are compared exactly, in integers. Each draft names the
// interactions of the latest period as evidence (the first
// MaxDraftEvidence, in inbox order; the detail counts them all), the
// network when they are all on one, the objective opts.Objectives links
// the tag to, raisedBy (the member drafting, strategy.Member.ID) and end
// as when it was raised; its ID is derived from the tag, the kind and
// end, so the same call drafts the same IDs. Drafts come by tag in byte
// order, complaints before trends. They are drafts: the strategist reads
// the evidence before acting on them.
//
// An invalid inbox, tags naming interactions not in it, an empty tag, bad
// options, a zero end or a nil raisedBy are a *validation.Error.
func DraftInsights(b Inbox, tags map[string][]string, c Classifier, end time.Time, raisedBy uuid.UUID, opts *DraftOptions) ([]Insight, error) {
	if opts == nil {
		opts = &DraftOptions{}
	}
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("inbox"), b.Validate())
	list = list.Merge(validation.NewPath("options"), opts.Validate())
	if end.IsZero() {
		list = append(list, validation.Required(validation.NewPath("end"), "the drafts need the end of the latest period"))
	}
	if raisedBy == uuid.Nil {
		list = append(list, validation.Required(validation.NewPath("raisedBy"), "name the member drafting, by member ID"))
	}
	index := b.ByID()
	for _, id := range slices.Sorted(maps.Keys(tags)) {
		p := validation.NewPath("tags").Key(id)
		if _, ok := index[id]; !ok {
			list = append(list, validation.NotFound(p, id, "no interaction of the inbox has this ID"))
			continue
		}
		for i, tag := range tags[id] {
			if strings.TrimSpace(tag) == "" {
				list = append(list, validation.Required(p.Index(i), "a tag is not empty"))
			}
		}
		if list.Full() {
			break
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	days := cmp.Or(opts.Days, DefaultDraftDays)
	minCount := cmp.Or(opts.MinCount, DefaultDraftMinCount)
	rise := int64(cmp.Or(opts.MinRisePercent, DefaultDraftMinRisePercent))
	start := end.AddDate(0, 0, -days)
	before := start.AddDate(0, 0, -days)

	type tally struct {
		all, negative       [2]int // [0] the period before, [1] the latest
		allIDs, negativeIDs []int  // indexes into b, the latest period's
	}
	tallies := map[string]*tally{}
	for i, in := range b {
		period := -1
		switch {
		case !in.At.Before(start) && in.At.Before(end):
			period = 1
		case !in.At.Before(before) && in.At.Before(start):
			period = 0
		}
		if period < 0 {
			continue
		}
		ts := tags[in.ID]
		if len(ts) == 0 {
			continue
		}
		negative := SentimentOf(in, c) == Negative
		seen := make(map[string]bool, len(ts))
		for _, tag := range ts {
			if seen[tag] {
				continue
			}
			seen[tag] = true
			t := tallies[tag]
			if t == nil {
				t = &tally{}
				tallies[tag] = t
			}
			t.all[period]++
			if period == 1 {
				t.allIDs = append(t.allIDs, i)
			}
			if negative {
				t.negative[period]++
				if period == 1 {
					t.negativeIDs = append(t.negativeIDs, i)
				}
			}
		}
	}
	rose := func(c [2]int) bool {
		return c[1] >= minCount && int64(c[1])*100 >= int64(c[0])*(100+rise)
	}
	var complaints, trends []Insight
	for _, tag := range slices.Sorted(maps.Keys(tallies)) {
		t := tallies[tag]
		switch {
		case rose(t.negative):
			complaints = append(complaints, draft(b, InsightComplaint, "complaints", tag, t.negative, t.negativeIDs, days, end, raisedBy, opts.Objectives[tag]))
		case rose(t.all):
			trends = append(trends, draft(b, InsightTrend, "interactions", tag, t.all, t.allIDs, days, end, raisedBy, opts.Objectives[tag]))
		}
	}
	return append(complaints, trends...), nil
}

// draft writes one drafted insight: what rose, by how much, and the
// latest period's interactions (ids, indexes into b) as its evidence.
func draft(b Inbox, kind InsightKind, what, tag string, counts [2]int, ids []int, days int, end time.Time, raisedBy, objective uuid.UUID) Insight {
	change := "none the period before"
	if counts[0] > 0 {
		change = fmt.Sprintf("+%d%%", (int64(counts[1])-int64(counts[0]))*100/int64(counts[0]))
	}
	excerpt := validation.Excerpt(tag)
	in := Insight{
		ID:       uuid.NewSHA1(uuid.NameSpaceURL, fmt.Appendf(nil, "tandem:insight-draft:%s/%s/%s", kind, tag, end.UTC().Format(time.RFC3339Nano))),
		Kind:     kind,
		Title:    fmt.Sprintf("%s tagged %q rose from %d to %d in %d days (%s)", what, excerpt, counts[0], counts[1], days, change),
		Detail:   fmt.Sprintf("%d %s tagged %q in the %d days to %s, %d in the %d days before", counts[1], what, excerpt, days, end.Format("2006-01-02 15:04 MST"), counts[0], days),
		RaisedBy: raisedBy, RaisedAt: end, Objective: objective,
	}
	var ch channel.Channel
	for j, i := range ids {
		if j == 0 {
			ch = b[i].Channel
		} else if b[i].Channel != ch {
			ch = ""
		}
		if j < MaxDraftEvidence {
			in.Evidence = append(in.Evidence, b[i].ID)
		}
	}
	in.Channel = ch
	if len(ids) > MaxDraftEvidence {
		in.Detail += fmt.Sprintf("; the evidence lists the first %d", MaxDraftEvidence)
	}
	return in
}
