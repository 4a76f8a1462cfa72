package strictjson

import (
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/validation"
)

// agree checks the one rule both ways for the JSON value s (what Check
// hands a decimal): the lexical check accepts s exactly when its text is
// short enough and decimal's own UnmarshalJSON reads it as a value that
// validation.CheckDecimal accepts, and then it reads the exponent the
// decoder reads.
func agree(t *testing.T, s string) {
	t.Helper()
	if s == "null" {
		return // Check leaves null to the decoder: it sets nothing
	}
	lexical := checkDecimalText(nil, []byte(s)) == nil
	text := s
	if len(text) > 2 && text[0] == '"' && text[len(text)-1] == '"' {
		text = text[1 : len(text)-1]
	}
	var d decimal.Decimal
	err := d.UnmarshalJSON([]byte(s))
	value := len(text) <= validation.MaxDecimalLength && err == nil && validation.CheckDecimal(nil, d) == nil
	require.Equal(t, value, lexical, "%q: decoder %v (err %v), lexical %v", s, d, err, lexical)
	if lexical {
		_, exp, _ := scanDecimal([]byte(text))
		assert.Equal(t, int64(d.Exponent()), exp, "%q", s)
	}
}

func TestDecimalTextAgreesWithValueCheck(t *testing.T) {
	nines := strings.Repeat("9", validation.MaxDecimalDigits)
	for _, s := range []string{
		"0", "-0", "+0", "1", "-1", "+1", "\u22121", "1.5", ".5", "5.", "-.5", "+.5", "1e5", "1E5", "1e+5", "1e-5", "1e\u22125",
		"1.5e3", "5.e3", ".5e3", "0.00", "000123", "1e28", "1e29", "1e-28", "1e-29", "0e29", "0.0000000000000000000000000001",
		"0.00000000000000000000000000001", nines, "1" + nines, "0000" + nines, nines + ".0", "-" + nines, nines + "e-10",
		strings.Repeat("0", 90) + "1", strings.Repeat("0", 99) + "1", "1e" + strings.Repeat("0", 97) + "1",
		"1e2147483647", "1e2147483648", "1e-2147483648", "1e99999999999999999999999", "1e", "e5", ".", "-", "+", "", "1..5",
		"1.5.", "1e5e5", "1e5.5", ".-5", "1.-5", "1-", "--1", "\u2212\u22121", " 1", "1 ", "0x10", "1_000", "NaN", "Inf",
		"12345678901234567890", "-12345678901234567890.123", "1234567890123456789-", `\u0031`,
	} {
		agree(t, s)
		agree(t, `"`+s+`"`)
	}
}

// FuzzDecimalText checks that the lexical check and the value check are
// one rule: see agree.
func FuzzDecimalText(f *testing.F) {
	for _, s := range []string{"1.5", "-0.0001", "1e28", "1e-29", strings.Repeat("9", 39), "\u22125e\u22123", ".5", "5.", "+1E+2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		agree(t, s)
		agree(t, `"`+s+`"`)
	})
}

// FuzzDecimalValue checks the other direction from values: a decimal is
// within the bounds exactly when its own JSON passes the lexical check
// and decodes back to an equal value, whatever its exponent.
func FuzzDecimalValue(f *testing.F) {
	f.Add([]byte{1}, false, int32(0))
	f.Add([]byte{0x4b, 0x3b, 0x4c, 0xa8, 0x5a, 0x86, 0xc4, 0x7a, 0x09, 0x8a, 0x22, 0x3f, 0xff, 0xff, 0xff, 0xff}, true, int32(-28))
	f.Add([]byte{}, false, int32(29))
	f.Fuzz(func(t *testing.T, coef []byte, neg bool, exp int32) {
		if len(coef) > 40 || exp > 200 || exp < -200 {
			return // printing the value costs its exponent
		}
		c := new(big.Int).SetBytes(coef)
		if neg {
			c.Neg(c)
		}
		d := decimal.NewFromBigInt(c, exp)
		js, err := d.MarshalJSON()
		require.NoError(t, err)
		agree(t, d.String())
		agree(t, string(js))
		if validation.DecimalWithin(d) {
			require.Nil(t, checkDecimalText(nil, js), "%s", js)
			var back decimal.Decimal
			require.NoError(t, back.UnmarshalJSON(js))
			assert.True(t, back.Equal(d), "%s", js)
		}
	})
}

func TestCheckBoundsDecimals(t *testing.T) {
	type money struct {
		Amount decimal.Decimal            `json:"amount"`
		Share  decimal.NullDecimal        `json:"share"`
		Rate   *decimal.Decimal           `json:"rate,omitempty"`
		Rates  []decimal.Decimal          `json:"rates,omitempty"`
		Saved  decimal.Decimal            `json:"saved,omitzero" strictjson:"wide"`
		ByKey  map[string]decimal.Decimal `json:"byKey,omitempty"`
	}
	million := strings.Repeat("1", 1_000_000)
	tests := []struct {
		name, doc string
		code      validation.Code
		path      string
	}{
		{"fits", `{"amount":"12.50","share":null,"rate":"1e28","rates":["1","-0.5"],"saved":"1e-300","byKey":{"a":"3"}}`, "", ""},
		{"number form", `{"amount":12.5,"share":"0.25"}`, "", ""},
		{"a million digits", `{"amount":"` + million + `","share":null}`, validation.CodeOutOfRange, "amount"},
		{"a million digits as a number", `{"amount":` + million + `,"share":null}`, validation.CodeOutOfRange, "amount"},
		{"nullable", `{"amount":"1","share":"1e-29"}`, validation.CodeOutOfRange, "share"},
		{"pointer", `{"amount":"1","share":null,"rate":"1e29"}`, validation.CodeOutOfRange, "rate"},
		{"in a list", `{"amount":"1","share":null,"rates":["1","` + strings.Repeat("9", 39) + `"]}`, validation.CodeOutOfRange, "rates[1]"},
		{"in a map", `{"amount":"1","share":null,"byKey":{"k":"1e-1000000000"}}`, validation.CodeOutOfRange, "byKey[k]"},
		{"wide but too long", `{"amount":"1","share":null,"saved":"` + million + `"}`, validation.CodeOutOfRange, "saved"},
		{"not a number", `{"amount":"12,50","share":null}`, validation.CodeInvalid, "amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m money
			err := Unmarshal([]byte(tt.doc), &m)
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			assert.True(t, validation.Has(err, tt.code, tt.path), "%.300v", err)
			assert.Less(t, len(err.Error()), 1000)
		})
	}
	// tandem's bounds, not decimal's global, decide.
	old := decimal.MaxDecodeExponent
	decimal.MaxDecodeExponent = 1<<31 - 1
	defer func() { decimal.MaxDecodeExponent = old }()
	var m money
	err := Unmarshal([]byte(`{"amount":"1e1000000000","share":null}`), &m)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "amount"), "%v", err)
}
