package kpi

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// MaxWindowDays is the longest measurement window a KPI may have.
const MaxWindowDays = 3660

// maxNameLength is the longest KPI name, in characters.
const maxNameLength = 200

// Direction says which way a KPI should move.
type Direction string

// The directions.
const (
	// Increase: the KPI should rise from the baseline to at least the
	// target (followers, engagement rate).
	Increase Direction = "increase"
	// Decrease: the KPI should fall from the baseline to at most the target
	// (cost per click, first-response time).
	Decrease Direction = "decrease"
	// Within: the KPI should stay inside a band (a cost per mille between
	// 4 and 6 EUR) until the deadline.
	Within Direction = "within"
)

var allDirections = []Direction{Increase, Decrease, Within}

// IsValid reports whether d is a known direction.
func (d Direction) IsValid() bool { return enum.Valid(d, allDirections) }

// String returns the direction's identifier.
func (d Direction) String() string { return string(d) }

// MarshalText encodes a known direction; an unknown one is an error.
func (d Direction) MarshalText() ([]byte, error) {
	return enum.Marshal("kpi.Direction", d, allDirections)
}

// UnmarshalText accepts exactly the known directions.
func (d *Direction) UnmarshalText(text []byte) error {
	return enum.Unmarshal("kpi.Direction", text, allDirections, d)
}

// Measure is what a KPI measures: one raw metric or one formula. Exactly
// one of the two is set.
type Measure struct {
	Metric  Metric  `json:"metric,omitempty"`
	Formula Formula `json:"formula,omitempty"`
}

// Unit is the unit of the measure's values: the metric's or the formula's.
func (m Measure) Unit() Unit {
	if m.Formula != "" {
		return m.Formula.Unit()
	}
	return m.Metric.Unit()
}

// Inputs returns the metrics the measure reads.
func (m Measure) Inputs() []Metric {
	if m.Formula != "" {
		return m.Formula.Inputs()
	}
	if m.Metric.IsValid() {
		return []Metric{m.Metric}
	}
	return nil
}

// String returns the metric or formula identifier.
func (m Measure) String() string {
	if m.Formula != "" {
		return string(m.Formula)
	}
	return string(m.Metric)
}

func (m Measure) validate(p *validation.Path) validation.ErrorList {
	switch {
	case m.Metric == "" && m.Formula == "":
		return validation.ErrorList{validation.Required(p, "needs a metric or a formula")}
	case m.Metric != "" && m.Formula != "":
		return validation.ErrorList{validation.Conflict(p.Child("formula"), string(m.Formula), "set a metric or a formula, not both")}
	case m.Metric != "" && !m.Metric.IsValid():
		return validation.ErrorList{validation.NotSupported(p.Child("metric"), string(m.Metric), allMetrics)}
	case m.Formula != "" && !m.Formula.IsValid():
		return validation.ErrorList{validation.NotSupported(p.Child("formula"), string(m.Formula), allFormulas)}
	}
	return nil
}

// Baseline is where a KPI starts: its value measured at an instant.
type Baseline struct {
	Value decimal.Decimal `json:"value"`
	At    time.Time       `json:"at"`
}

// Target is where a KPI should be by its deadline. For a KPI that should
// stay within a band, Value is not used and must be zero; the band is in
// [KPI.Band].
type Target struct {
	Value    decimal.Decimal `json:"value,omitzero"`
	Deadline time.Time       `json:"deadline"`
}

// Band is the range, Low to High inclusive, that a KPI with direction
// Within should stay in.
type Band struct {
	Low  decimal.Decimal `json:"low"`
	High decimal.Decimal `json:"high"`
}

// Milestone is an intermediate target: the value the KPI should have
// reached at an instant between the baseline and the deadline.
type Milestone struct {
	Value decimal.Decimal `json:"value"`
	At    time.Time       `json:"at"`
}

// KPI is a key performance indicator: a measure with a baseline, a target
// and a deadline, against which observations are judged by [Evaluate].
type KPI struct {
	// ID identifies the KPI. Plans written as Go code derive stable IDs
	// from readable keys with strategy.IDSpace.
	ID uuid.UUID `json:"id"`
	// Name is a short label for people.
	Name string `json:"name"`
	// Measure is the metric or formula measured.
	Measure Measure `json:"measure"`
	// Channels limits the KPI to observations on these networks, whatever
	// account they name. Empty (with Accounts empty too) means every
	// observation, including those with no channel.
	Channels []channel.Channel `json:"channels,omitempty"`
	// Accounts limits the KPI to observations of these accounts (the
	// founder's profile, not the whole of LinkedIn); each names its
	// network and a handle. With Channels too, the KPI reads the
	// observations of either. An observation with no account is a figure
	// of the network as a whole and is never counted for an account:
	// list the network in Channels to read it. A plan with one account per
	// network leaves Accounts empty.
	Accounts []channel.AccountRef `json:"accounts,omitempty"`
	// Unit must be the measure's unit; it is stated so that a plan says
	// what its numbers mean and a mismatch is caught.
	Unit Unit `json:"unit"`
	// Currency is the ISO 4217 code of a money KPI, and empty otherwise.
	Currency string `json:"currency,omitempty"`
	// Direction says which way the KPI should move.
	Direction Direction `json:"direction"`
	// WindowDays is how many days of observations one value of the KPI
	// covers: the value as of an instant t is computed from the
	// observations after t minus WindowDays calendar days and at or before
	// t. Zero means everything since the baseline instant (a running
	// total for counters).
	WindowDays int `json:"windowDays,omitempty"`
	// Baseline is the starting value and when it was measured.
	Baseline Baseline `json:"baseline"`
	// Target is the value to reach and the deadline.
	Target Target `json:"target"`
	// Band is required for direction Within and forbidden otherwise.
	Band *Band `json:"band,omitempty"`
	// Milestones are optional intermediate targets, in time order, for
	// directions Increase and Decrease. The planned path runs straight
	// from the baseline through each milestone to the target.
	Milestones []Milestone `json:"milestones,omitempty"`
	// Tolerance, in percentage points of the planned change (the distance
	// from baseline to target, or the band's width for Within), is how far
	// behind plan the KPI may be and still count as on track: 10 means a
	// KPI expected to be 50% of the way there is on track at 40%. From 0
	// to 100.
	Tolerance decimal.Decimal `json:"tolerance,omitzero"`
}

// Validate reports every problem with the KPI, with paths in JSON names. It
// checks each field (unknown metrics, formulas, units, channels and
// currencies; values that do not fit the unit, such as negative or
// fractional counts) and the rules across fields:
//
//   - accounts each name a known channel and a handle, once (duplicate),
//     and not on a network that channels already reads as a whole
//     (conflict);
//   - unit must be the measure's unit (conflict at unit);
//   - currency is required for money and forbidden otherwise;
//   - target.deadline must be after baseline.at (out_of_range);
//   - for Increase and Decrease, target.value must differ from
//     baseline.value (conflict) and lie in the direction's way
//     (conflict); band must be absent;
//   - for Within, band is required with low below high, target.value must
//     be zero and there are no milestones;
//   - milestones must lie strictly between baseline.at and the deadline,
//     in time order (out_of_order), with values between the baseline and
//     the target that never move against the direction.
func (k KPI) Validate() error { return k.validate(nil).Err() }

func (k KPI) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	if k.ID == uuid.Nil {
		list = append(list, validation.Required(p.Child("id"), ""))
	}
	switch n := utf8.RuneCountInString(k.Name); {
	case n == 0:
		list = append(list, validation.Required(p.Child("name"), ""))
	case n > maxNameLength:
		list = append(list, validation.TooLong(p.Child("name"), nil, n, maxNameLength, "characters"))
	}
	list = append(list, k.Measure.validate(p.Child("measure"))...)
	list = append(list, checkChannels(p.Child("channels"), k.Channels)...)
	if len(k.Accounts) > 0 {
		list = append(list, channel.CheckRefs(p.Child("accounts"), k.Accounts, k.Channels)...)
	}

	unit := k.Unit
	switch mu := k.Measure.Unit(); {
	case !k.Unit.IsValid():
		list = append(list, validation.NotSupported(p.Child("unit"), string(k.Unit), allUnits))
	case mu != "" && mu != k.Unit:
		list = append(list, validation.Conflict(p.Child("unit"), string(k.Unit), fmt.Sprintf("%s is measured in %s", k.Measure, mu)))
		unit = mu
	}
	list = append(list, checkCurrency(p.Child("currency"), k.Currency, unit == UnitMoney, unit.IsValid())...)
	if !k.Direction.IsValid() {
		list = append(list, validation.NotSupported(p.Child("direction"), string(k.Direction), allDirections))
	}
	if k.WindowDays < 0 || k.WindowDays > MaxWindowDays {
		list = append(list, validation.OutOfRange(p.Child("windowDays"), k.WindowDays, fmt.Sprintf("must be from 0 to %d", MaxWindowDays)))
	}

	// Decimals beyond validation's bounds are reported by checkValue and
	// kept out of every comparison below, which would cost their size.
	inBase, inTarget := validation.DecimalWithin(k.Baseline.Value), validation.DecimalWithin(k.Target.Value)
	base, tgt := p.Child("baseline"), p.Child("target")
	list = append(list, checkValue(base.Child("value"), k.Baseline.Value, unit, true)...)
	if k.Baseline.At.IsZero() {
		list = append(list, validation.Required(base.Child("at"), ""))
	}
	if k.Target.Deadline.IsZero() {
		list = append(list, validation.Required(tgt.Child("deadline"), ""))
	} else if !k.Baseline.At.IsZero() && !k.Target.Deadline.After(k.Baseline.At) {
		list = append(list, validation.OutOfRange(tgt.Child("deadline"), k.Target.Deadline.Format(time.RFC3339),
			"must be after baseline.at "+k.Baseline.At.Format(time.RFC3339)))
	}

	switch k.Direction {
	case Increase, Decrease:
		list = append(list, checkValue(tgt.Child("value"), k.Target.Value, unit, true)...)
		if inBase && inTarget {
			switch c := k.Target.Value.Cmp(k.Baseline.Value); {
			case c == 0:
				list = append(list, validation.Conflict(tgt.Child("value"), k.Target.Value.String(), "equals baseline.value: there is nothing to achieve"))
			case (c < 0) != (k.Direction == Decrease):
				list = append(list, validation.Conflict(tgt.Child("value"), k.Target.Value.String(),
					fmt.Sprintf("must be %s than baseline.value %s for direction %s", map[bool]string{true: "lower", false: "higher"}[k.Direction == Decrease], k.Baseline.Value, k.Direction)))
			}
		}
		if k.Band != nil {
			list = append(list, validation.Invalid(p.Child("band"), nil, "is only used with direction within"))
		}
		list = append(list, k.validateMilestones(p.Child("milestones"), unit)...)
	case Within:
		if fe := validation.CheckDecimal(tgt.Child("value"), k.Target.Value); fe != nil {
			list = append(list, fe)
		} else if !k.Target.Value.IsZero() {
			list = append(list, validation.Invalid(tgt.Child("value"), k.Target.Value.String(), "is not used with direction within; set band"))
		}
		if k.Band == nil {
			list = append(list, validation.Required(p.Child("band"), "is required for direction within"))
		} else {
			bp := p.Child("band")
			list = append(list, checkValue(bp.Child("low"), k.Band.Low, unit, true)...)
			list = append(list, checkValue(bp.Child("high"), k.Band.High, unit, true)...)
			if validation.DecimalWithin(k.Band.Low) && validation.DecimalWithin(k.Band.High) && !k.Band.Low.LessThan(k.Band.High) {
				list = append(list, validation.Conflict(bp.Child("high"), k.Band.High.String(), "must be greater than band.low "+k.Band.Low.String()))
			}
		}
		if len(k.Milestones) > 0 {
			list = append(list, validation.Invalid(p.Child("milestones"), nil, "are not used with direction within"))
		}
	}

	if fe := validation.CheckDecimal(p.Child("tolerance"), k.Tolerance); fe != nil {
		list = append(list, fe)
	} else if k.Tolerance.IsNegative() || k.Tolerance.GreaterThan(hundred) {
		list = append(list, validation.OutOfRange(p.Child("tolerance"), k.Tolerance.String(), "must be from 0 to 100 percentage points"))
	}
	return list
}

func (k KPI) validateMilestones(p *validation.Path, unit Unit) validation.ErrorList {
	var list validation.ErrorList
	lo, hi := k.Baseline.Value, k.Target.Value
	if k.Direction == Decrease {
		lo, hi = hi, lo
	}
	ends := validation.DecimalWithin(lo) && validation.DecimalWithin(hi)
	for i, m := range k.Milestones {
		mp := p.Index(i)
		vp := mp.Child("value")
		list = append(list, checkValue(vp, m.Value, unit, true)...)
		prev := i > 0 && validation.DecimalWithin(k.Milestones[i-1].Value)
		switch {
		case m.At.IsZero():
			list = append(list, validation.Required(mp.Child("at"), ""))
		case !m.At.After(k.Baseline.At) || !m.At.Before(k.Target.Deadline):
			list = append(list, validation.OutOfRange(mp.Child("at"), m.At.Format(time.RFC3339), "must be after baseline.at and before target.deadline"))
		case i > 0 && !m.At.After(k.Milestones[i-1].At):
			list = append(list, validation.OutOfOrder(mp.Child("at"), m.At.Format(time.RFC3339), "must be after the previous milestone"))
		}
		switch {
		case !validation.DecimalWithin(m.Value):
		case ends && (m.Value.LessThan(lo) || m.Value.GreaterThan(hi)):
			list = append(list, validation.OutOfRange(vp, m.Value.String(), fmt.Sprintf("must be between the baseline %s and the target %s", k.Baseline.Value, k.Target.Value)))
		case prev && ((k.Direction == Increase && m.Value.LessThan(k.Milestones[i-1].Value)) ||
			(k.Direction == Decrease && m.Value.GreaterThan(k.Milestones[i-1].Value))):
			list = append(list, validation.OutOfOrder(vp, m.Value.String(), fmt.Sprintf("moves against the direction %s from the previous milestone", k.Direction)))
		}
	}
	return list
}
