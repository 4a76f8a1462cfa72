package kpi

import (
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// moneyPostFormula returns the inputs of a formula whose per-post value
// reads money, in the order of Formula.Inputs (numerator first), and its
// scale. One of the inputs is Spend: a post without it is unpaid.
func moneyPostFormula(f Formula) (num, den Metric, scale decimal.Decimal, ok bool) {
	switch f {
	case CostPerClick:
		return Spend, Clicks, one, true
	case CostPerMille:
		return Spend, Impressions, thousand, true
	case CostPerAcquisition:
		return Spend, Conversions, one, true
	case ReturnOnInvestment:
		return Revenue, Spend, hundred, true
	}
	return "", "", decimal.Decimal{}, false
}

// moneyValue returns the money formula f over num and den, its inputs in
// the order of Formula.Inputs, as the function that names it computes it
// (CostPerClickOf, ReturnOnInvestmentOf): num × scale ÷ den rounded to
// Precision places, with num less den (revenue − spend) for
// ReturnOnInvestment. A zero den is ErrUndefined naming what.
func moneyValue(f Formula, num, den decimal.Decimal, what string) (decimal.Decimal, error) {
	_, _, scale, _ := moneyPostFormula(f)
	if f == ReturnOnInvestment {
		num = num.Sub(den)
	}
	return ratio(num, den, scale, what)
}

// moneyTable is the result of reading a money formula's inputs per post:
// one row per post, in order of its first result, with the inputs as the
// exact decimals the results hold.
type moneyTable struct {
	t        postTable // rs, first, have and otherAges; num and den unused
	num, den []decimal.Decimal
	spendBit uint8 // the bit of have that is Spend
	currency string
}

// moneyPostKey is a post, its handle in lower case.
type moneyPostKey struct {
	entry   uuid.UUID
	ch      channel.Channel
	account string
}

// readMoneyPosts reads the results of the money formula f's inputs at
// age, per post, as readPosts does for counts: it checks every result it
// reads and reports each problem with its index. Money is read exactly,
// never rounded. Every amount read must be in one currency: the first
// one in another is ErrMixedCurrencies, naming both results and both
// currencies. It allocates per result; counts use readPosts.
func (rs PostResults) readMoneyPosts(f Formula, age Age) (*moneyTable, error) {
	numM, denM, _, ok := moneyPostFormula(f)
	if !ok {
		return nil, fmt.Errorf("%w: %q has no per-post value in money (see PostFormulas)", ErrInvalidArgument, f)
	}
	if age < 0 {
		return nil, fmt.Errorf("%w: negative age %s", ErrInvalidArgument, age)
	}
	m := &moneyTable{t: postTable{rs: rs}, spendBit: 1}
	if denM == Spend {
		m.spendBit = 2
	}
	var (
		list  validation.ErrorList
		rows  = map[moneyPostKey]int32{}
		curAt = -1 // the first amount read
		mixed error
	)
	for i := range rs {
		r := &rs[i]
		var bit uint8
		switch r.Metric {
		case numM:
			bit = 1
		case denM:
			bit = 2
		default:
			continue
		}
		if r.Age != age {
			m.t.otherAges++
			continue
		}
		p := (*validation.Path)(nil).Index(i)
		var errs validation.ErrorList
		if r.Entry == uuid.Nil {
			errs = append(errs, validation.Required(p.Child("entry"), "a post result names the calendar entry that was published"))
		}
		errs = append(errs, r.checkChannelAccount(p)...)
		money := r.Metric.Unit() == UnitMoney
		errs = append(errs, checkValue(p.Child("value"), r.Value, r.Metric.Unit(), true)...)
		errs = append(errs, checkCurrency(p.Child("currency"), r.Currency, money, true)...)
		if len(errs) == 0 && !money {
			if _, ok := countValue(r.Value); !ok {
				errs = append(errs, validation.OutOfRange(p.Child("value"), r.Value.String(), "a count read per post is at most 9223372036854775807"))
			}
		}
		if len(errs) > 0 {
			list = append(list, errs...)
			continue
		}
		if money {
			switch {
			case curAt < 0:
				curAt = i
			case mixed == nil && r.Currency != rs[curAt].Currency:
				mixed = fmt.Errorf("%w: [%d].currency is %s but [%d].currency is %s; %s compares posts in one currency: select the results of one",
					ErrMixedCurrencies, i, r.Currency, curAt, rs[curAt].Currency, f)
			}
		}
		k := moneyPostKey{r.Entry, r.Channel, strings.ToLower(r.Account)}
		row, found := rows[k]
		if !found {
			row = int32(len(m.t.first))
			rows[k] = row
			m.t.first = append(m.t.first, int32(i))
			m.t.have = append(m.t.have, 0)
			m.num = append(m.num, decimal.Decimal{})
			m.den = append(m.den, decimal.Decimal{})
		}
		if m.t.have[row]&bit != 0 {
			list = append(list, validation.Duplicate(p, fmt.Sprintf("%s of entry %s at age %s, twice", r.Metric, r.Entry, r.Age)))
			continue
		}
		m.t.have[row] |= bit
		if bit == 1 {
			m.num[row] = r.Value
		} else {
			m.den[row] = r.Value
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	if mixed != nil {
		return nil, mixed
	}
	if curAt >= 0 {
		m.currency = rs[curAt].Currency
	}
	return m, nil
}

// maxPostRate is MaxPostRate.
var maxPostRate = MaxPostRate()

// rates computes each complete post's value as the function that names f
// does, as a coefficient at Precision places: vals and rows hold the posts
// with a value; undefined, incomplete and unpaid list the rest.
func (m *moneyTable) rates(f Formula) (vals []int64, rows []int32, undefined, incomplete, unpaid []PostKey, err error) {
	_, denM, _, _ := moneyPostFormula(f)
	vals = make([]int64, 0, len(m.t.first))
	rows = make([]int32, 0, len(m.t.first))
	for i, have := range m.t.have {
		switch {
		case have&m.spendBit == 0:
			unpaid = append(unpaid, m.t.key(i))
		case have != 3:
			incomplete = append(incomplete, m.t.key(i))
		case m.den[i].IsZero():
			undefined = append(undefined, m.t.key(i))
		default:
			v, err := moneyValue(f, m.num[i], m.den[i], string(denM))
			if err != nil {
				return nil, nil, nil, nil, nil, err
			}
			c, ok := coefficient(v)
			if !ok {
				return nil, nil, nil, nil, nil, fmt.Errorf("%w: %s of entry %s is %s, beyond MaxPostRate", ErrInvalidArgument, f, m.t.key(i).Entry, v)
			}
			vals = append(vals, c)
			rows = append(rows, int32(i))
		}
	}
	return vals, rows, undefined, incomplete, unpaid, nil
}

// coefficient returns v, a decimal with at most Precision places, as an
// int64 coefficient at Precision places, or false when |v| exceeds
// MaxPostRate.
func coefficient(v decimal.Decimal) (int64, bool) {
	if v.Abs().GreaterThan(maxPostRate) {
		return 0, false
	}
	// |v| ≤ MaxPostRate: the coefficient fits an int64.
	c := v.Shift(Precision)
	if !c.IsInteger() {
		return 0, false
	}
	return c.IntPart(), true
}

// perPostMoney is PerPost for a money formula.
func (rs PostResults) perPostMoney(f Formula, age Age) (PerPost, error) {
	m, err := rs.readMoneyPosts(f, age)
	if err != nil {
		return PerPost{}, err
	}
	vals, rows, undefined, incomplete, unpaid, err := m.rates(f)
	if err != nil {
		return PerPost{}, err
	}
	out := PerPost{Formula: f, Age: age, Currency: m.currency, Undefined: undefined, Incomplete: incomplete,
		Unpaid: unpaid, OtherAges: m.t.otherAges}
	out.Values = make([]PostValue, len(vals))
	for i, v := range vals {
		out.Values[i] = PostValue{Post: m.t.key(int(rows[i])), Value: fixed(v)}
	}
	var num, den []decimal.Decimal
	for i, have := range m.t.have {
		if have == 3 {
			num = append(num, m.num[i])
			den = append(den, m.den[i])
		}
	}
	// Every value was checked against validation's bounds as it was read.
	if out.Numerator, err = Sum(num); err != nil {
		return PerPost{}, err
	}
	if out.Denominator, err = Sum(den); err != nil {
		return PerPost{}, err
	}
	return out, nil
}
