package validation_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/validation"
)

func TestCheckDecimal(t *testing.T) {
	nines := strings.Repeat("9", validation.MaxDecimalDigits)
	huge := new(big.Int).Exp(big.NewInt(10), big.NewInt(1_000_000), nil) // a million and one digits
	tests := []struct {
		name string
		d    decimal.Decimal
		ok   bool
	}{
		{"zero value", decimal.Decimal{}, true},
		{"small", decimal.RequireFromString("-1234.56"), true},
		{"38 nines", decimal.RequireFromString(nines), true},
		{"minus 38 nines", decimal.RequireFromString("-" + nines), true},
		{"38 nines at the smallest exponent", decimal.RequireFromString(nines).Shift(-28), true},
		{"1e28", decimal.New(1, 28), true},
		{"1e-28", decimal.New(1, -28), true},
		{"10 nines e28", decimal.RequireFromString(strings.Repeat("9", 10)).Shift(28), true},
		{"11 nines e28: 39 digits written out", decimal.RequireFromString(strings.Repeat("9", 11)).Shift(28), false},
		{"38 nines e1", decimal.NewFromBigInt(decimal.RequireFromString(nines).Coefficient(), 1), false},
		{"37 nines e1", decimal.NewFromBigInt(decimal.RequireFromString(nines[1:]).Coefficient(), 1), true},
		{"39 digits", decimal.RequireFromString("1" + nines), false},
		{"minus 39 digits", decimal.RequireFromString("-1" + nines), false},
		{"1e29", decimal.New(1, 29), false},
		{"1e-29", decimal.New(1, -29), false},
		{"zero at exponent 29", decimal.New(0, 29), false},
		{"exponent 1e9", decimal.New(1, 1_000_000_000), false},
		{"exponent -1e9", decimal.New(-7, -1_000_000_000), false},
		{"a million digits", decimal.NewFromBigInt(huge, 0), false},
		{"a million digits, exponent 1e9", decimal.NewFromBigInt(huge, 1_000_000_000), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.ok, validation.DecimalWithin(tt.d))
			fe := validation.CheckDecimal(validation.NewPath("amount"), tt.d)
			if tt.ok {
				assert.Nil(t, fe)
				return
			}
			require.NotNil(t, fe)
			assert.Equal(t, validation.CodeOutOfRange, fe.Code)
			assert.Equal(t, "amount", fe.Path)
			assert.Less(t, len(fe.Error()), 300, "the error stays short")
			if s, ok := fe.Value.(string); ok {
				assert.Less(t, len(s), 200)
			}
		})
	}
}

// TestDecimalWithinDoesNotAllocate: the check sits on hot paths (a
// million observations), so it reads the value in place.
func TestDecimalWithinDoesNotAllocate(t *testing.T) {
	ds := []decimal.Decimal{decimal.New(123456, -2), decimal.RequireFromString(strings.Repeat("9", 38)), decimal.New(1, 40)}
	allocs := testing.AllocsPerRun(100, func() {
		for _, d := range ds {
			validation.DecimalWithin(d)
		}
	})
	assert.Zero(t, allocs)
}

// FuzzCheckDecimal: DecimalWithin and CheckDecimal agree, the error is
// short, and a value within the bounds prints in at most
// MaxDecimalLength bytes.
func FuzzCheckDecimal(f *testing.F) {
	f.Add([]byte{1}, false, int32(0))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, true, int32(28))
	f.Add([]byte{5}, false, int32(-1_000_000_000))
	f.Fuzz(func(t *testing.T, coef []byte, neg bool, exp int32) {
		c := new(big.Int).SetBytes(coef)
		if neg {
			c.Neg(c)
		}
		d := decimal.NewFromBigInt(c, exp)
		within := validation.DecimalWithin(d)
		fe := validation.CheckDecimal(nil, d)
		require.Equal(t, within, fe == nil)
		digits := len(c.String())
		if c.Sign() < 0 {
			digits--
		}
		if c.Sign() == 0 {
			digits = 0
		}
		require.Equal(t, digits+max(int(exp), 0) <= validation.MaxDecimalDigits && exp >= -validation.MaxDecimalExponent && exp <= validation.MaxDecimalExponent, within, "%se%d", c, exp)
		if within {
			assert.LessOrEqual(t, len(d.String()), 40, "a sign, 38 digits and a point")
		} else {
			assert.Less(t, len(fe.Error()), 300)
		}
	})
}
