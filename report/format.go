package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// The layouts of instants, on the plan's wall clock.
const (
	dayLayout   = "Mon 2 Jan 2006"
	timeLayout  = "2006-01-02 15:04 MST"
	shortLayout = "2 Jan"
)

// dec prints a decimal as tandem prints it: its own digits. A decimal
// beyond validation's bounds, which no valid value holds, prints in short
// scientific notation instead of its possibly millions of digits.
func dec(d decimal.Decimal) string {
	if !validation.DecimalWithin(d) {
		return scientific(d)
	}
	return d.String()
}

// scientific prints d as "-1.2345e+40", from its coefficient's first
// digits.
func scientific(d decimal.Decimal) string {
	c := d.Coefficient()
	sign := ""
	if c.Sign() < 0 {
		sign = "-"
		c.Neg(c)
	}
	digits := c.String()
	exp := int64(d.Exponent()) + int64(len(digits)) - 1
	m := digits[:1]
	if rest := strings.TrimRight(digits[1:min(len(digits), 6)], "0"); rest != "" {
		m += "." + rest
	}
	e := strconv.FormatInt(exp, 10)
	if exp >= 0 {
		e = "+" + e
	}
	return sign + m + "e" + e
}

// approx prints a figure the review computed (a measured value, a
// forecast, a median, a score) for a sentence: to two decimal places, or
// four when it is under 1 in size, without adding digits it does not have.
// A division leaves ten places, which a reader skims past; the table beside
// each chart keeps every digit.
func approx(d decimal.Decimal) string {
	if !validation.DecimalWithin(d) {
		return scientific(d)
	}
	places := int32(2)
	if d.Abs().LessThan(decimal.NewFromInt(1)) {
		places = 4
	}
	if d.Exponent() < -places {
		d = d.Round(places)
	}
	return d.String()
}

// approxPtr is approx of a figure that may be undefined.
func approxPtr(d *decimal.Decimal) string {
	if d == nil {
		return "undefined"
	}
	return approx(*d)
}

// fixed prints a decimal with two places, as kpi prints shares.
func fixed(d decimal.Decimal) string {
	if !validation.DecimalWithin(d) {
		return scientific(d)
	}
	return d.StringFixed(2)
}

// unitText names the unit of a KPI's values for an axis label.
func unitText(u kpi.Unit, currency string) string {
	switch u {
	case kpi.UnitPercent:
		return "percent"
	case kpi.UnitMoney:
		if currency != "" {
			return clean(currency)
		}
		return "money"
	case kpi.UnitDuration:
		return "seconds"
	case kpi.UnitCount:
		return "count"
	case kpi.UnitRatio:
		return "ratio"
	}
	if u == "" {
		return "no unit"
	}
	return clean(string(u))
}

// when prints an instant on the wall clock of loc; the zero instant is
// "not set".
func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "not set"
	}
	return t.In(loc).Format(timeLayout)
}

// day prints the local day of an instant.
func day(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "not set"
	}
	return t.In(loc).Format(dayLayout)
}

// duration prints d as a Go duration without its zero tail: "8h",
// "1h5m", "30m", "45s".
func duration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// shorten cuts s to n characters, ending it with "…" when cut; charts
// give the whole text in a tooltip and their table.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }

// plural returns "1 post" or "3 posts".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}
