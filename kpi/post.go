package kpi

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// MaxPostIDLength bounds PostResult.PostID, in bytes.
const MaxPostIDLength = 256

// Age is how long after its publication a post's figure was read: posts
// keep gathering impressions and likes, so they are compared at one age
// (24 hours, 7 days), never a 2-day-old post against a 2-month-old one.
// The zero value is [Lifetime]. It encodes as "lifetime" or as a Go
// duration string ("24h0m0s"); a negative age is invalid.
type Age time.Duration

// Lifetime is the figure the network reports for the post's whole life:
// the final figure, read once the post has stopped gathering. It is the
// zero Age.
const Lifetime Age = 0

// AgeOf returns d as an Age; AgeOf(0) is Lifetime.
func AgeOf(d time.Duration) Age { return Age(d) }

// String returns "lifetime" or the age as a Go duration ("168h0m0s").
func (a Age) String() string {
	if a == Lifetime {
		return "lifetime"
	}
	return time.Duration(a).String()
}

// MarshalText encodes a as String does; a negative age is an error.
func (a Age) MarshalText() ([]byte, error) {
	if a < 0 {
		return nil, fmt.Errorf("kpi.Age: negative age %s", time.Duration(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText accepts "lifetime" or a positive Go duration ("24h").
func (a *Age) UnmarshalText(text []byte) error {
	s := string(text)
	if s == "lifetime" {
		*a = Lifetime
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return validation.ErrorList{validation.Invalid(nil, s, `an age is "lifetime" or a positive Go duration such as "24h"`)}.Err()
	}
	*a = Age(d)
	return nil
}

// postMetrics are the metrics one post has: PostResult accepts these.
var postMetrics = []Metric{
	Impressions, Reach, Engagements, Likes, Comments, Shares, Saves, Clicks,
	VideoViews, WatchTime, Conversions, Spend, Revenue,
}

func isPostMetric(m Metric) bool {
	switch m {
	case Impressions, Reach, Engagements, Likes, Comments, Shares, Saves, Clicks,
		VideoViews, WatchTime, Conversions, Spend, Revenue:
		return true
	}
	return false
}

// PostMetrics returns the metrics a [PostResult] may hold, in a fixed
// order. The slice is a copy.
func PostMetrics() []Metric { return append([]Metric(nil), postMetrics...) }

// PostKey names one published post: a calendar entry published on a
// channel from one of the brand's accounts there. An entry published from
// two accounts is two posts. Account is empty for the brand's only account
// on Channel; handles compare without regard to case.
type PostKey struct {
	// Entry is the calendar entry's ID (calendar.Entry.ID).
	Entry uuid.UUID `json:"entry"`
	// Channel is the network the post was published on.
	Channel channel.Channel `json:"channel"`
	// Account is the handle, without "@"; empty for the only account.
	Account string `json:"account,omitempty"`
}

// PostResult is one metric of one published post at one age, such as the
// reach of Monday's reel on the company account 24 hours after it went
// out.
type PostResult struct {
	// Entry is the calendar entry that was published (calendar.Entry.ID).
	Entry uuid.UUID `json:"entry"`
	// Channel is the network the post is on.
	Channel channel.Channel `json:"channel"`
	// Account is the handle of the account that published it, without
	// "@"; empty for the brand's only account on Channel.
	Account string `json:"account,omitempty"`
	// PostID is the network's own ID of the post, when known.
	PostID string `json:"postId,omitempty"`
	// Metric is what was measured; one of [PostMetrics].
	Metric Metric `json:"metric"`
	// Age is how long after publication the value was read; the zero
	// value is Lifetime.
	Age Age `json:"age"`
	// Value in the metric's unit: a whole non-negative number for counts,
	// a non-negative amount for money and seconds for watch time.
	Value decimal.Decimal `json:"value"`
	// Currency is the ISO 4217 code of a money value (spend, revenue),
	// required for them and empty for the others.
	Currency string `json:"currency,omitempty"`
}

// Post returns the post r is a figure of.
func (r PostResult) Post() PostKey {
	return PostKey{Entry: r.Entry, Channel: r.Channel, Account: r.Account}
}

// Validate reports every problem with r, with paths in JSON names: a
// missing entry or channel, an unknown channel, a malformed handle
// (channel.CheckHandle), a post ID too long or not printable text, a
// metric that is not a post metric, a negative age, a value that does not
// fit the metric's unit (a negative or fractional count) and a currency
// missing for money or present for anything else. It returns nil or a
// *validation.Error.
func (r PostResult) Validate() error { return r.validate(nil).Err() }

func (r PostResult) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	if r.Entry == uuid.Nil {
		list = append(list, validation.Required(p.Child("entry"), "a post result names the calendar entry that was published"))
	}
	list = append(list, r.checkChannelAccount(p)...)
	if len(r.PostID) > MaxPostIDLength {
		list = append(list, validation.OutOfRange(p.Child("postId"), len(r.PostID), fmt.Sprintf("a post ID has at most %d bytes", MaxPostIDLength)))
	} else if !utf8.ValidString(r.PostID) || strings.ContainsFunc(r.PostID, func(c rune) bool { return c < ' ' || c == 0x7f }) {
		list = append(list, validation.Invalid(p.Child("postId"), r.PostID, "a post ID is printable UTF-8 text"))
	}
	if !isPostMetric(r.Metric) {
		list = append(list, validation.NotSupported(p.Child("metric"), string(r.Metric), postMetrics))
	}
	if r.Age < 0 {
		list = append(list, validation.OutOfRange(p.Child("age"), time.Duration(r.Age).String(), "an age must not be negative"))
	}
	list = append(list, checkValue(p.Child("value"), r.Value, r.Metric.Unit(), true)...)
	list = append(list, checkCurrency(p.Child("currency"), r.Currency, r.Metric.Unit() == UnitMoney, r.Metric.IsValid())...)
	return list
}

// PostResults is the results of a brand's posts, in any order.
type PostResults []PostResult

// resultKey identifies one figure: a post's metric at an age.
type resultKey struct {
	entry   uuid.UUID
	ch      channel.Channel
	account string
	metric  Metric
	age     Age
}

// Validate reports every problem with every result ([3].value), and each
// result that repeats the post, metric and age of an earlier one as a
// duplicate ([5]): a post has one value of a metric at an age. It returns
// nil or a *validation.Error.
func (rs PostResults) Validate() error {
	var list validation.ErrorList
	seen := make(map[resultKey]int, len(rs))
	for i, r := range rs {
		p := (*validation.Path)(nil).Index(i)
		list = append(list, r.validate(p)...)
		k := resultKey{r.Entry, r.Channel, strings.ToLower(r.Account), r.Metric, r.Age}
		if j, ok := seen[k]; ok {
			list = append(list, validation.Duplicate(p, fmt.Sprintf("%s of entry %s at age %s, as [%d]", r.Metric, r.Entry, r.Age, j)))
			continue
		}
		seen[k] = i
	}
	return list.Err()
}

// Ages returns the distinct ages of rs, in order of first appearance.
func (rs PostResults) Ages() []Age {
	var ages []Age
	for _, r := range rs {
		found := false
		for _, a := range ages {
			if a == r.Age {
				found = true
				break
			}
		}
		if !found {
			ages = append(ages, r.Age)
		}
	}
	return ages
}

// checkChannelAccount reports, below p, a missing or unknown channel and a
// malformed account handle.
func (r *PostResult) checkChannelAccount(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	switch {
	case r.Channel == "":
		list = append(list, validation.Required(p.Child("channel"), "a post result names the network the post is on"))
	case !r.Channel.IsValid():
		list = append(list, validation.NotSupported(p.Child("channel"), string(r.Channel), channel.All()))
	}
	if r.Account != "" {
		if fe := channel.CheckHandle(p.Child("account"), r.Account); fe != nil {
			list = append(list, fe)
		}
	}
	return list
}
