package kpi

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestToFloat: the fast conversion gives what shopspring/decimal gives.
func TestToFloat(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "0.1", "3.14159", "123456789012345", "1234567890123456789", "1e22", "1e-22", "5e-23", "7e23", "-0.000123", "99.99"} {
		d := decimal.RequireFromString(s)
		if got, want := toFloat(d), d.InexactFloat64(); got != want {
			t.Errorf("toFloat(%s) = %v, want %v", s, got, want)
		}
	}
}
