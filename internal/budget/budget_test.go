package budget_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/internal/budget"
)

// recorder is a TB that keeps the failure instead of stopping the test.
type recorder struct{ failed []string }

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

var sink []byte

func TestCheck(t *testing.T) {
	small := budget.Budget{Time: 2 * time.Second, Bytes: 8 << 20}

	var ok recorder
	budget.Check(&ok, "small", small, func() { sink = make([]byte, 1<<10) })
	assert.Empty(t, ok.failed)

	var big recorder
	budget.Check(&big, "big", small, func() {
		for range 64 {
			sink = make([]byte, 1<<20)
		}
	})
	if assert.Len(t, big.failed, 1) {
		assert.Contains(t, big.failed[0], "big: allocated")
	}

	// The cases below are about time and panics: what "big" may still be
	// allocating, had it been abandoned, must not count against them.
	var hang recorder
	stop := make(chan struct{})
	defer close(stop)
	budget.Within(&hang, "hang", 100*time.Millisecond, func() { <-stop })
	if assert.Len(t, hang.failed, 1) {
		assert.Contains(t, hang.failed[0], "hang: still running")
	}

	var boom recorder
	budget.Within(&boom, "boom", 2*time.Second, func() { panic("at the disco") })
	if assert.Len(t, boom.failed, 1) {
		assert.True(t, strings.HasPrefix(boom.failed[0], "boom: panic: at the disco"), boom.failed[0])
	}
}

func TestFor(t *testing.T) {
	assert.Equal(t, budget.Budget{Time: budget.BaseTime, Bytes: budget.BaseBytes}, budget.For(-1))
	assert.Equal(t, uint64(budget.BaseBytes+budget.BytesPerInputByte*1000), budget.For(1000).Bytes)
}
