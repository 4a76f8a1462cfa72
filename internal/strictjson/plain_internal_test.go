package strictjson

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/validation"
)

// leaf and mid decode themselves with Plain, and count the calls that
// decode (not the probe).
type leaf struct {
	Value decimal.Decimal `json:"value"`
	Color string          `json:"color"`
}

var leafCalls, midCalls int

func (l *leaf) UnmarshalJSON(data []byte) error {
	if !isProbe(data) {
		leafCalls++
	}
	type plain leaf
	return Plain(data, l, (*plain)(l))
}

type mid struct {
	Name   string `json:"name"`
	Leaves []leaf `json:"leaves"`
	Single *leaf  `json:"single,omitempty"`
}

func (m *mid) UnmarshalJSON(data []byte) error {
	if !isProbe(data) {
		midCalls++
	}
	type plain mid
	return Plain(data, m, (*plain)(m))
}

type top struct {
	Mids []mid `json:"mids"`
}

func (t *top) UnmarshalJSON(data []byte) error {
	type plain top
	return Plain(data, t, (*plain)(t))
}

// TestPlainIsWalkedInPlace: a document of nested Plain types decodes each
// value's bytes once (each UnmarshalJSON runs once per value, from
// encoding/json: Check walks the plain twins instead of calling it), and
// Check still reports every problem at its path.
func TestPlainIsWalkedInPlace(t *testing.T) {
	const n = 50
	var b strings.Builder
	b.WriteString(`{"mids":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name":"m%d","leaves":[{"value":"%d.5","color":"red"},{"value":"1","color":"blue"}],"single":{"value":"2"}}`, i, i)
	}
	b.WriteString(`]}`)
	leafCalls, midCalls = 0, 0
	var v top
	require.NoError(t, Unmarshal([]byte(b.String()), &v))
	assert.Equal(t, n, midCalls)
	assert.Equal(t, 3*n, leafCalls)
	require.Len(t, v.Mids, n)
	assert.True(t, v.Mids[7].Leaves[0].Value.Equal(decimal.RequireFromString("7.5")))
	assert.True(t, v.Mids[7].Single.Value.Equal(decimal.NewFromInt(2)))

	// Every problem, at its path, through Check and through plain
	// encoding/json alike.
	bad := `{"mids":[{"name":"a","leaves":[{"value":"1e29","Color":"red"},{"value":"1","value":"2"}]},` +
		`{"Name":"b","single":{"value":"` + strings.Repeat("9", 39) + `","extra":1}}]}`
	for name, decode := range map[string]func() error{
		"Unmarshal":     func() error { return Unmarshal([]byte(bad), new(top)) },
		"encoding/json": func() error { return json.Unmarshal([]byte(bad), new(top)) },
	} {
		t.Run(name, func(t *testing.T) {
			err := decode()
			for _, want := range []struct {
				code validation.Code
				path string
			}{
				{validation.CodeOutOfRange, "mids[0].leaves[0].value"},
				{validation.CodeNotSupported, "mids[0].leaves[0].Color"},
				{validation.CodeDuplicate, "mids[0].leaves[1].value"},
				{validation.CodeNotSupported, "mids[1].Name"},
				{validation.CodeOutOfRange, "mids[1].single.value"},
				{validation.CodeNotSupported, "mids[1].single.extra"},
			} {
				assert.True(t, validation.Has(err, want.code, want.path), "%s %s: %v", want.code, want.path, err)
			}
		})
	}
}

// TestPlainNull: null through a Plain type changes nothing, and a
// document that does not name a field leaves it as it was, as
// encoding/json does for a type without a decoder.
func TestPlainNull(t *testing.T) {
	v := mid{Name: "kept", Single: &leaf{Color: "red"}}
	require.NoError(t, json.Unmarshal([]byte(`null`), &v))
	assert.Equal(t, "kept", v.Name)
	require.NoError(t, json.Unmarshal([]byte(`{"single":null}`), &v))
	assert.Equal(t, "kept", v.Name)
	assert.Nil(t, v.Single)
	l := leaf{Color: "red"}
	require.NoError(t, json.Unmarshal([]byte(`{"value":"3"}`), &l))
	assert.Equal(t, "red", l.Color)
	// A probe that is not the probe's bytes is an ordinary null.
	require.NoError(t, l.UnmarshalJSON([]byte("null")))
	assert.Equal(t, "red", l.Color)
}
