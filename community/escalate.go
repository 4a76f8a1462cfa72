package community

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/validation"
)

// Signals turns interactions into the signals the crisis detector reads:
// for each bucket of plan.Detection.Bucket (counted from the Unix epoch)
// and each channel with interactions in it, the number of interactions
// (every interaction in the inbox mentions the brand, except those written
// by the brand's own handles, which are left out), how many are
// negative and positive (labels, or r's classifier), the largest audience
// among the negative ones, and how many match the plan's keyword rule
// ([crisis.Keywords.Match]). Signals come in the order the detector wants
// them: by bucket, then by channel in the order of channel.All; At is in
// UTC.
//
// An invalid inbox or plan is a *validation.Error with paths below "inbox"
// or "plan".
func (r *Responder) Signals(b Inbox, plan *crisis.Plan) ([]crisis.Signal, error) {
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("inbox"), b.Validate())
	if plan == nil {
		list = append(list, validation.Required(validation.NewPath("plan"), ""))
	} else {
		list = list.Merge(validation.NewPath("plan"), plan.Validate())
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	w := int64(time.Duration(plan.Detection.Bucket) / time.Second)
	if w <= 0 {
		return nil, fmt.Errorf("community: plan bucket %v is not a whole number of seconds", plan.Detection.Bucket)
	}
	type key struct {
		bucket int64
		ch     int
	}
	order := channel.All()
	signals := make(map[key]*crisis.Signal)
	keywords := !plan.Keywords.IsZero()
	for _, in := range b {
		if r.ByBrand(in) {
			continue
		}
		sec := in.At.Unix()
		start := sec - ((sec%w)+w)%w
		k := key{start, indexOf(in.Channel, order)}
		s := signals[k]
		if s == nil {
			s = &crisis.Signal{At: time.Unix(start, 0).UTC(), Channel: in.Channel}
			signals[k] = s
		}
		s.Mentions++
		switch r.Sentiment(in) {
		case Negative:
			s.Negative++
			s.Reach = max(s.Reach, min(in.Author.Followers, crisis.MaxReach))
		case Positive:
			s.Positive++
		}
		if keywords && plan.Keywords.Match(in.Text) {
			s.KeywordHits++
		}
	}
	keys := make([]key, 0, len(signals))
	for k := range signals {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y key) int { return cmp.Or(cmp.Compare(x.bucket, y.bucket), cmp.Compare(x.ch, y.ch)) })
	out := make([]crisis.Signal, len(keys))
	for i, k := range keys {
		out[i] = *signals[k]
	}
	return out, nil
}
