package strictjson_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

// TestCheckKeepsMaxErrors: a document with a million wrong keys and
// values gives the first validation.MaxErrors problems and the count of
// the rest, and keeps at most as many causes.
func TestCheckKeepsMaxErrors(t *testing.T) {
	const n = 200_000
	type item struct {
		Color color `json:"color"`
	}
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"color":"blue","x%d":1}`, i)
	}
	b.WriteString(`]}`)
	var v struct {
		Items []item `json:"items"`
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := strictjson.Unmarshal([]byte(b.String()), &v)
	runtime.GC()
	runtime.ReadMemStats(&after)
	var verr *validation.Error
	require.True(t, errors.As(err, &verr))
	assert.Len(t, verr.Errors, validation.MaxErrors)
	assert.Equal(t, 2*n-validation.MaxErrors, verr.Omitted)
	assert.ErrorIs(t, err, validation.ErrUnknownValue)
	assert.Less(t, len(err.Error()), 50_000)
	var serr *strictjson.Error
	require.True(t, errors.As(err, &serr))
	assert.LessOrEqual(t, len(serr.Unwrap()), validation.MaxErrors+1)
	// What the error holds on to, once collected, is small.
	runtime.KeepAlive(err)
	assert.Less(t, int64(after.HeapAlloc)-int64(before.HeapAlloc), int64(8<<20))
}
