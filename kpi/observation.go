package kpi

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

// MaxScale bounds the exponent of every decimal value tandem accepts from a
// caller: a value may have at most MaxScale digits after the decimal point,
// and its exponent may not exceed MaxScale (1e28 is accepted, 1e29 written
// with a positive exponent is not). It is validation.MaxDecimalExponent,
// one bound for every package; validation.MaxDecimalDigits bounds the
// digits. The bounds keep every computation small and free of decimal's
// exponent-overflow panics.
const MaxScale = validation.MaxDecimalExponent

// Observation is one time-stamped value of one metric, such as the
// impressions an Instagram account had on a day.
type Observation struct {
	// Metric is what was measured.
	Metric Metric `json:"metric"`
	// Channel is the network; empty means the value is not tied to one
	// network (website conversions, or a total rolled up across channels).
	Channel channel.Channel `json:"channel,omitempty"`
	// Account is the handle of the account on Channel the value was
	// measured on ("acmecoffee", written without "@"): the company page,
	// or the founder's profile. Empty means the network as a whole (or
	// the brand's only account there). An account needs its Channel.
	// Handles are compared without regard to case (channel.SameHandle).
	Account string `json:"account,omitempty"`
	// At is when the value was measured: for a counter, the end of the
	// period it counts; for a gauge, the instant of the reading; for a
	// sample, when the measured event ended.
	At time.Time `json:"at"`
	// Value in the metric's unit: a whole non-negative number for counts,
	// a non-negative amount for money, non-negative seconds for durations.
	Value decimal.Decimal `json:"value"`
	// Currency is the ISO 4217 code of a money value, such as "EUR". It is
	// required for money metrics and must be empty for the others.
	Currency string `json:"currency,omitempty"`
}

// Validate reports every problem with the observation, with paths in JSON
// names (metric, channel, account, at, value, currency): an unknown metric
// or channel, a malformed handle (channel.CheckHandle), an account without
// its channel, a missing instant, a value that does not fit the metric's
// unit and a currency where none belongs or missing. It returns nil or a
// *validation.Error.
func (o Observation) Validate() error { return o.validate(nil).Err() }

// valid reports, without allocating, whether validate would find nothing.
func (o Observation) valid() bool {
	u := o.Metric.Unit()
	if u == "" || (o.Channel != "" && !o.Channel.IsValid()) || o.At.IsZero() {
		return false
	}
	if o.Account != "" && (o.Channel == "" || channel.CheckHandle(nil, o.Account) != nil) {
		return false
	}
	if !validation.DecimalWithin(o.Value) {
		return false
	}
	if u != UnitPercent && o.Value.IsNegative() {
		return false
	}
	if u == UnitCount && !o.Value.IsInteger() {
		return false
	}
	if u == UnitMoney {
		return validate.IsCurrencyCode(o.Currency)
	}
	return o.Currency == ""
}

func (o Observation) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	if !o.Metric.IsValid() {
		list = append(list, validation.NotSupported(p.Child("metric"), string(o.Metric), allMetrics))
	}
	if o.Channel != "" && !o.Channel.IsValid() {
		list = append(list, validation.NotSupported(p.Child("channel"), string(o.Channel), channel.All()))
	}
	if o.Account != "" {
		if o.Channel == "" {
			list = append(list, validation.Required(p.Child("channel"), "an observation of an account names the account's network"))
		}
		if fe := channel.CheckHandle(p.Child("account"), o.Account); fe != nil {
			list = append(list, fe)
		}
	}
	if o.At.IsZero() {
		list = append(list, validation.Required(p.Child("at"), ""))
	}
	list = append(list, checkValue(p.Child("value"), o.Value, o.Metric.Unit(), true)...)
	list = append(list, checkCurrency(p.Child("currency"), o.Currency, o.Metric.Unit() == UnitMoney, o.Metric.IsValid())...)
	return list
}

// checkValue checks d against unit, after its size (validation.CheckDecimal),
// so that no arithmetic runs on an oversized value. nonNegative forbids values below zero
// for counts, money and durations (raw metrics); formula results such as a
// return on investment may be negative.
func checkValue(p *validation.Path, d decimal.Decimal, unit Unit, nonNegative bool) validation.ErrorList {
	if fe := validation.CheckDecimal(p, d); fe != nil {
		return validation.ErrorList{fe}
	}
	var list validation.ErrorList
	switch unit {
	case UnitCount:
		if d.IsNegative() {
			list = append(list, validation.OutOfRange(p, d.String(), "a count must not be negative"))
		}
		if !d.IsInteger() {
			list = append(list, validation.Invalid(p, d.String(), "a count must be a whole number"))
		}
	case UnitMoney, UnitDuration:
		if nonNegative && d.IsNegative() {
			list = append(list, validation.OutOfRange(p, d.String(), fmt.Sprintf("%s must not be negative", unitNoun(unit))))
		}
	}
	return list
}

func unitNoun(u Unit) string {
	if u == UnitMoney {
		return "an amount of money"
	}
	return "a duration"
}

// checkCurrency checks that code is a currency code when money is true and
// empty otherwise. known is false when the unit itself is unknown, in which
// case only the form of a non-empty code is checked.
func checkCurrency(p *validation.Path, code string, money, known bool) validation.ErrorList {
	switch {
	case money && code == "":
		return validation.ErrorList{validation.Required(p, "is required for money values")}
	case code != "" && !validate.IsCurrencyCode(code):
		return validation.ErrorList{validation.Invalid(p, code, fmt.Sprintf("%q is not an ISO 4217 currency code", code))}
	case code != "" && !money && known:
		return validation.ErrorList{validation.Invalid(p, code, "only money values have a currency")}
	}
	return nil
}

// Seconds returns d as a decimal number of seconds, exactly: the form in
// which durations are measured (UnitDuration).
func Seconds(d time.Duration) decimal.Decimal { return decimal.New(int64(d), -9) }
