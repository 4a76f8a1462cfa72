package report

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

func TestApprox(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"3.8790709597", "3.88"},
		{"4.5", "4.5"},
		{"13243", "13243"},
		{"0.7269979403", "0.727"}, // four places under 1, trailing zero dropped
		{"0.72", "0.72"},
		{"-16.0474335949", "-16.05"},
		{"0.00004", "0"},
		{"1e50", "1e+50"},
	} {
		assert.Equal(t, c.want, approx(decimal.RequireFromString(c.in)), c.in)
	}
	assert.Equal(t, "undefined", approxPtr(nil))
}
