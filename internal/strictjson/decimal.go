package strictjson

import (
	"bytes"
	"fmt"
	"reflect"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/validation"
)

var (
	decimalType     = reflect.TypeFor[decimal.Decimal]()
	nullDecimalType = reflect.TypeFor[decimal.NullDecimal]()
)

// unicodeMinus is U+2212, which shopspring/decimal reads as "-".
var unicodeMinus = []byte("\u2212")

// checkDecimalText checks a decimal's JSON value (a number, or a string
// whose raw bytes shopspring/decimal reads without unescaping) before any
// decoder sees it: at most validation.MaxDecimalLength bytes, at most
// validation.MaxDecimalDigits digits written out and an exponent within
// ±validation.MaxDecimalExponent. It reads the text once and does
// no big-number arithmetic, so decimal's decoder (quadratic in the number
// of digits) never runs on an oversized value, whatever
// decimal.MaxDecodeExponent is set to. A text it accepts decodes to a value
// that validation.CheckDecimal accepts, and the other way round (the fuzz
// target FuzzDecimalText checks it); text shopspring/decimal cannot read at
// all is an invalid value here already.
func checkDecimalText(p *validation.Path, data []byte) *validation.FieldError {
	s, fe := decimalText(p, data)
	if fe != nil {
		return fe
	}
	digits, exp, ok := scanDecimal(s)
	switch {
	case !ok:
		return validation.Invalid(p, validation.Excerpt(string(s)), "is not a decimal number")
	case exp < -validation.MaxDecimalExponent || exp > validation.MaxDecimalExponent:
		return validation.OutOfRange(p, string(s), fmt.Sprintf("has exponent %d; a decimal may have at most %d digits after the point and an exponent of at most %d",
			exp, validation.MaxDecimalExponent, validation.MaxDecimalExponent))
	case int64(digits)+max(exp, 0) > validation.MaxDecimalDigits:
		return validation.OutOfRange(p, string(s), fmt.Sprintf("has %d digits written out; a decimal may have at most %d", int64(digits)+max(exp, 0), validation.MaxDecimalDigits))
	}
	return nil
}

// decimalText returns the text of a decimal's JSON value as
// shopspring/decimal reads it (a string's raw bytes between the quotes),
// or an out_of_range error when it is longer than
// validation.MaxDecimalLength. The length alone bounds what decimal's
// decoder costs; it is all that a field tagged strictjson:"wide" gets.
func decimalText(p *validation.Path, data []byte) ([]byte, *validation.FieldError) {
	s := data
	if len(s) > 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	if len(s) > validation.MaxDecimalLength {
		return nil, validation.OutOfRange(p, validation.Excerpt(string(s)),
			fmt.Sprintf("is %d bytes long; a decimal is written in at most %d", len(s), validation.MaxDecimalLength))
	}
	return s, nil
}

// isDecimal reports whether t is one of shopspring/decimal's value types.
func isDecimal(t reflect.Type) bool { return t == decimalType || t == nullDecimalType }

// scanDecimal reads s as decimal.NewFromString does, for the texts it
// accepts: an optional sign ("+", "-" or U+2212), digits with at most one
// point (at least one digit), and an optional exponent ("e" or "E", an
// optional sign, digits). It returns the number of digits of the
// coefficient (without leading zeros) and the exponent of the value, or
// false for any other text. An exponent too large for any use (decimal
// reads an int32) saturates at about 10^12, out of range either way.
func scanDecimal(s []byte) (digits int, exp int64, ok bool) {
	i := sign(s)
	n, frac, point := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' && !point {
			point = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		n++
		if point {
			frac++
		}
		if c != '0' || digits > 0 {
			digits++
		}
	}
	if n == 0 {
		return 0, 0, false
	}
	var e int64
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return 0, 0, false
		}
		i++
		neg := i < len(s) && (s[i] == '-' || bytes.HasPrefix(s[i:], unicodeMinus))
		i += sign(s[i:])
		if i == len(s) {
			return 0, 0, false
		}
		for ; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, 0, false
			}
			if e <= 1<<40 {
				e = e*10 + int64(c-'0')
			}
		}
		if neg {
			e = -e
		}
	}
	return digits, e - int64(frac), true
}

// sign returns the length of the sign s begins with: 0, 1 for "+" or "-",
// or 3 for U+2212.
func sign(s []byte) int {
	switch {
	case len(s) > 0 && (s[0] == '+' || s[0] == '-'):
		return 1
	case bytes.HasPrefix(s, unicodeMinus):
		return 3
	}
	return 0
}
