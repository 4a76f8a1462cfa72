// Package strictjsontest checks, for tests, that a type holding decimals
// decodes strictly even through plain encoding/json: a decimal beyond
// validation's bounds is refused before shopspring/decimal's decoder runs,
// and keys are matched exactly, once each.
package strictjsontest

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/validation"
)

// MaxBytes is what decoding a document that holds one decimal of a
// million digits may allocate in total: a few copies of the document, far
// from the gigabytes decimal's decoder spends on such a value.
const MaxBytes = 32 << 20

// Case is one type to check.
type Case struct {
	// Name names the type in failures ("kpi.Baseline").
	Name string
	// New returns a pointer to a fresh value of the type.
	New func() any
	// Decimal is the JSON name of one of its decimal fields.
	Decimal string
}

// Run checks every case with json.Unmarshal, as a caller that never heard
// of tandem's decoders would decode it:
//
//   - a decimal of a million digits, as a string and as a number, is
//     out_of_range at its field and costs less than MaxBytes;
//   - the field's name in another case is not_supported;
//   - the field given twice is a duplicate;
//   - a small value decodes.
func Run(t *testing.T, cases []Case) {
	t.Helper()
	million := "1" + strings.Repeat("0", 1_000_000)
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			for _, form := range []string{`"` + million + `"`, million} {
				doc := []byte(`{"` + tc.Decimal + `":` + form + `}`)
				var err error
				used := allocated(func() { err = json.Unmarshal(doc, tc.New()) })
				require.Error(t, err)
				assert.True(t, validation.Has(err, validation.CodeOutOfRange, tc.Decimal), "%.300v", err)
				assert.Less(t, used, uint64(MaxBytes), "bytes allocated to refuse a million digits")
			}

			other := strings.ToUpper(tc.Decimal[:1]) + tc.Decimal[1:]
			if other == tc.Decimal {
				other = strings.ToLower(tc.Decimal[:1]) + tc.Decimal[1:]
			}
			err := json.Unmarshal([]byte(`{"`+other+`":"1"}`), tc.New())
			assert.True(t, validation.Has(err, validation.CodeNotSupported, other), "%v", err)

			err = json.Unmarshal([]byte(`{"`+tc.Decimal+`":"1","`+tc.Decimal+`":"2"}`), tc.New())
			assert.True(t, validation.Has(err, validation.CodeDuplicate, tc.Decimal), "%v", err)

			v := tc.New()
			require.NoError(t, json.Unmarshal([]byte(`{"`+tc.Decimal+`":"1.5"}`), v))
			out, err := json.Marshal(v)
			require.NoError(t, err)
			assert.Contains(t, string(out), `"`+tc.Decimal+`":"1.5"`)
		})
	}
}

// allocated returns the bytes fn allocates in total.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
