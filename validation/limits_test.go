package validation_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/validation"
)

func problem(i int) *validation.FieldError {
	return validation.Invalid(validation.NewPath("items").Index(i), i, "is bad")
}

// TestErrorListCap: however many problems a list collects, through Add,
// Merge or plain append, the *Error keeps the first MaxErrors and counts
// the rest, in Omitted and in its text.
func TestErrorListCap(t *testing.T) {
	const n = 2_500_000
	tests := []struct {
		name  string
		build func() validation.ErrorList
	}{
		{"add", func() validation.ErrorList {
			var l validation.ErrorList
			for i := range n {
				if l.Full() {
					l = l.Omit(1)
					continue
				}
				l = l.Add(problem(i))
			}
			return l
		}},
		{"append", func() validation.ErrorList {
			l := make(validation.ErrorList, 0, 3*validation.MaxErrors)
			for i := range 3 * validation.MaxErrors {
				l = append(l, problem(i))
			}
			return l.Omit(n - 3*validation.MaxErrors)
		}},
		{"merge", func() validation.ErrorList {
			var inner validation.ErrorList
			for i := range n {
				inner = inner.Add(problem(i))
			}
			var l validation.ErrorList
			l = l.Add(validation.Required(validation.NewPath("name"), ""))
			return l.Merge(validation.NewPath("plan"), inner.Err()).Merge(nil, errors.New("plain"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.build()
			if tt.name != "append" {
				require.LessOrEqual(t, len(l), validation.MaxErrors+1)
			}
			err := l.Err()
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			assert.Len(t, verr.Errors, validation.MaxErrors)
			total := n
			if tt.name == "merge" {
				total = n + 2
			}
			assert.Equal(t, total-validation.MaxErrors, verr.Omitted)
			assert.Equal(t, total-validation.MaxErrors, l.Omitted())
			assert.True(t, validation.Has(err, validation.CodeInvalid, verr.Errors[1].Path), "Has works on what was kept")
			assert.NotNil(t, verr.Find(verr.Errors[0].Path))
			assert.False(t, verr.Has(validation.CodeOmitted, ""))
			text := err.Error()
			assert.Less(t, len(text), 100*validation.MaxErrors)
			assert.True(t, strings.HasSuffix(text, fmt.Sprintf("; and %s more problems", commas(total-validation.MaxErrors))), text[len(text)-60:])
		})
	}
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestErrorListFullCostsNothing: adding to a full list allocates nothing.
func TestErrorListFullCostsNothing(t *testing.T) {
	var l validation.ErrorList
	for i := range validation.MaxErrors {
		l = l.Add(problem(i))
	}
	require.True(t, l.Full())
	fe := problem(0)
	l = l.Add(fe) // the counting element
	allocs := testing.AllocsPerRun(1000, func() {
		l = l.Add(fe)
		l = l.Omit(3)
	})
	assert.Zero(t, allocs)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 1_000_000 {
		l = l.Add(fe)
	}
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20))
}

// TestErrorJSONOmitted: the count travels in JSON, and Error() of a
// hand-built or decoded *Error is bounded too.
func TestErrorJSONOmitted(t *testing.T) {
	var l validation.ErrorList
	for i := range validation.MaxErrors + 5 {
		l = l.Add(problem(i))
	}
	b, err := json.Marshal(l.Err())
	require.NoError(t, err)
	assert.Contains(t, string(b), `"omitted":5`)
	assert.NotContains(t, string(b), `"code":"omitted"`)
	var back validation.Error
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, 5, back.Omitted)
	assert.Equal(t, l.Err().Error(), back.Error())

	big := &validation.Error{}
	for i := range 10 * validation.MaxErrors {
		big.Errors = append(big.Errors, problem(i))
	}
	assert.True(t, strings.HasSuffix(big.Error(), "; and 900 more problems"))
	one := &validation.Error{Omitted: 1}
	assert.Equal(t, "invalid: 1 problem", one.Error())
}
