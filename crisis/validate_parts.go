package crisis

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// Validate reports an unknown channel, a malformed account handle
// (channel.CheckHandle), an empty text, and a text that breaks the
// channel's limits ([channel.Limits.CheckText]).
func (s Statement) Validate() error {
	list := validate.Struct(nil, s)
	if s.Account != "" {
		if fe := channel.CheckHandle(validation.NewPath("account"), s.Account); fe != nil {
			list = append(list, fe)
		}
	}
	if l, ok := s.Channel.Limits(); ok && s.Text != "" {
		list = append(list, l.CheckText(validation.NewPath("text"), s.Text)...)
	}
	return list.Err()
}

// Validate reports missing names, actions or owners and a non-positive
// deadline.
func (s PlaybookStep) Validate() error {
	list := validate.Struct(nil, s)
	list = requiredMember(list, validation.NewPath("owner"), s.Owner, "the team member who does the step")
	list = delay(list, validation.NewPath("within"), s.Within, "a deadline")
	return list.Err()
}

// Validate reports a non-positive or too long delay and an unknown unit.
func (r ReviewRule) Validate() error {
	list := validate.Struct(nil, r)
	if r.Within <= 0 || r.Within > MaxReviewDays {
		list = append(list, validation.OutOfRange(validation.NewPath("within"), r.Within,
			fmt.Sprintf("must be between 1 and %d days", MaxReviewDays)))
	}
	return list.Err()
}

// Validate reports a bucket that is not a positive whole number of seconds
// up to 24h, and a margin outside [0, 1) or beyond validation's decimal
// bounds.
func (d Detection) Validate() error {
	var list validation.ErrorList
	b := time.Duration(d.Bucket)
	switch {
	case b <= 0:
		list = append(list, validation.OutOfRange(validation.NewPath("bucket"), d.Bucket.String(), "must be positive"))
	case !validBucket(b):
		list = append(list, validation.Invalid(validation.NewPath("bucket"), d.Bucket.String(), "must be a whole number of seconds, at most 24h"))
	}
	if fe := validation.CheckDecimal(validation.NewPath("margin"), d.Margin); fe != nil {
		list = append(list, fe)
	} else if d.Margin.Sign() < 0 || d.Margin.GreaterThanOrEqual(decOne) {
		list = append(list, validation.OutOfRange(validation.NewPath("margin"), d.Margin.String(), "must be at least 0 and less than 1"))
	}
	return list.Err()
}

// Validate reports empty terms.
func (k Keywords) Validate() error {
	var list validation.ErrorList
	for _, part := range []struct {
		name  string
		terms []string
	}{{"brand", k.Brand}, {"risky", k.Risky}} {
		for i, t := range part.terms {
			if normalizeWords(t) == "" {
				list = append(list, validation.Required(validation.NewPath(part.name).Index(i), "a term needs at least one letter or digit"))
			}
		}
	}
	return list.Err()
}

// Validate reports the problems of the trigger on its own: a missing name,
// kind or level, a field its kind needs but lacks or does not use but has,
// non-positive windows, thresholds, ratios or shares, and a decimal beyond
// validation's bounds (out_of_range, before any arithmetic on it; see
// validation.CheckDecimal). Whether its level
// exists and its windows fit the plan's bucket is checked by
// [Plan.Validate].
func (t Trigger) Validate() error {
	list := validate.Struct(nil, t)
	if !t.Kind.IsValid() {
		list = positive(list, validation.NewPath("confirm"), t.Confirm, "a confirmation window")
		list = positive(list, validation.NewPath("cooldown"), t.Cooldown, "a cooldown")
		return list.Err()
	}
	use := t.Kind.uses()
	need := func(used bool, name string, set bool, check func()) {
		switch {
		case used && !set:
			list = append(list, validation.Required(validation.NewPath(name), fmt.Sprintf("a %s trigger needs %s", t.Kind, name)))
		case !used && set:
			list = append(list, validation.Conflict(validation.NewPath(name), nil, fmt.Sprintf("a %s trigger does not use %s", t.Kind, name)))
		case used && check != nil:
			check()
		}
	}
	need(use.metric, "metric", t.Metric != "", nil)
	need(use.window, "window", t.Window != 0, func() { list = positive(list, validation.NewPath("window"), t.Window, "a window") })
	need(use.baseline, "baseline", t.Baseline != 0, func() { list = positive(list, validation.NewPath("baseline"), t.Baseline, "a baseline") })
	need(use.span, "span", t.Span != 0, func() { list = positive(list, validation.NewPath("span"), t.Span, "a span") })
	// inBounds reports a decimal beyond validation's bounds, which the
	// comparisons below would pay for with its size, and keeps it out of
	// them.
	inBounds := func(name string, d decimal.Decimal) bool {
		if fe := validation.CheckDecimal(validation.NewPath(name), d); fe != nil {
			list = append(list, fe)
			return false
		}
		return true
	}
	need(use.ratio, "ratio", !t.Ratio.IsZero(), func() {
		if !inBounds("ratio", t.Ratio) {
			return
		}
		if t.Ratio.LessThanOrEqual(decOne) || t.Ratio.GreaterThan(decMax) {
			list = append(list, validation.OutOfRange(validation.NewPath("ratio"), t.Ratio.String(), "must be greater than 1"))
		}
	})
	need(use.k, "k", !t.K.IsZero(), func() {
		if !inBounds("k", t.K) {
			return
		}
		if t.K.Sign() <= 0 || t.K.GreaterThan(decMax) {
			list = append(list, validation.OutOfRange(validation.NewPath("k"), t.K.String(), "must be positive"))
		}
	})
	need(use.share, "share", !t.Share.IsZero(), func() {
		if !inBounds("share", t.Share) {
			return
		}
		if t.Share.Sign() <= 0 || t.Share.GreaterThan(decOne) {
			list = append(list, validation.OutOfRange(validation.NewPath("share"), t.Share.String(), "must be greater than 0 and at most 1"))
		}
	})
	if inBounds("threshold", t.Threshold) && (t.Threshold.Sign() <= 0 || t.Threshold.GreaterThan(decMax)) {
		list = append(list, validation.OutOfRange(validation.NewPath("threshold"), t.Threshold.String(),
			fmt.Sprintf("must be positive and at most %g", maxNumber)))
	}
	list = positive(list, validation.NewPath("confirm"), t.Confirm, "a confirmation window")
	list = positive(list, validation.NewPath("cooldown"), t.Cooldown, "a cooldown")
	return list.Err()
}

// positive appends a problem when d is not positive: required when it is
// zero, out of range when it is negative.
// delay is positive for a level's durations, which are also at most
// MaxDelay.
func delay(list validation.ErrorList, p *validation.Path, d Duration, what string) validation.ErrorList {
	if d > Duration(MaxDelay) {
		return append(list, validation.OutOfRange(p, d.String(), fmt.Sprintf("must be at most %d days", MaxDelay/(24*time.Hour))))
	}
	return positive(list, p, d, what)
}

func positive(list validation.ErrorList, p *validation.Path, d Duration, what string) validation.ErrorList {
	switch {
	case d == 0:
		return append(list, validation.Required(p, what+" is required"))
	case d < 0:
		return append(list, validation.OutOfRange(p, d.String(), "must be positive"))
	}
	return list
}
