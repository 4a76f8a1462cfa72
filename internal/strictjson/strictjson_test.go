package strictjson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/internal/strictjson"
	"github.com/tandemsocial/tandem/validation"
)

type color string

func (c *color) UnmarshalText(text []byte) error {
	v, err := validation.ParseEnum("test.color", text, []color{"red", "green"})
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// self decodes itself and refuses a negative value, with a field path of
// its own.
type self struct{ N int }

func (s *self) UnmarshalJSON(data []byte) error {
	var raw struct {
		N int `json:"n"`
	}
	if err := strictjson.Unmarshal(data, &raw); err != nil {
		return err
	}
	if raw.N < 0 {
		return validation.ErrorList{validation.OutOfRange(validation.NewPath("n"), raw.N, "must not be negative")}.Err()
	}
	s.N = raw.N
	return nil
}

type Base struct {
	Shared string `json:"shared"`
}

type doc struct {
	Base
	Name    string           `json:"name"`
	Count   int8             `json:"count,omitempty"`
	Ratio   float64          `json:"ratio"`
	On      bool             `json:"on"`
	Color   color            `json:"color"`
	Colors  map[color]int    `json:"colors"`
	Items   []item           `json:"items"`
	Pair    [2]int           `json:"pair"`
	Self    self             `json:"self"`
	Ptr     *item            `json:"ptr"`
	Any     any              `json:"any"`
	Quoted  int              `json:"quoted,string"`
	Skipped string           `json:"-"`
	Raw     json.RawMessage  `json:"raw"`
	ByName  map[string]*item `json:"byName"`
	NoTag   string
	hidden  string // unexported fields are not JSON fields
}

type item struct {
	Title string `json:"title"`
}

var _ = doc{}.hidden

func check(t *testing.T, input string) error {
	t.Helper()
	return strictjson.Check([]byte(input), reflect.TypeFor[doc]())
}

func TestCheckAcceptsWhatFitsExactly(t *testing.T) {
	good := `{"shared":"s","name":"n","count":-128,"ratio":1.5e3,"on":false,"color":"red","colors":{"green":1},
		"items":[{"title":"a"},{"title":"b"}],"pair":[1,2],"self":{"n":3},"ptr":null,"any":{"x":[1,{"y":2}]},
		"quoted":"12","raw":{"anything":true},"byName":{"k":{"title":"t"},"nil":null},"NoTag":"x"}`
	require.NoError(t, check(t, good))
	var d doc
	require.NoError(t, strictjson.Unmarshal([]byte(good), &d))
	assert.Equal(t, "s", d.Shared)
	assert.Equal(t, 12, d.Quoted)
	assert.Equal(t, 3, d.Self.N)
	assert.Equal(t, color("green"), func() color {
		for k := range d.Colors {
			return k
		}
		return ""
	}())
}

func TestCheckReportsEveryProblemWithItsPath(t *testing.T) {
	tests := []struct {
		name, input string
		code        validation.Code
		path        string
	}{
		{"case of a name", `{"Name":"x"}`, validation.CodeNotSupported, "Name"},
		{"case of a promoted name", `{"Shared":"x"}`, validation.CodeNotSupported, "Shared"},
		{"unknown nested", `{"items":[{"title":"a"},{"titel":"b"}]}`, validation.CodeNotSupported, "items[1].titel"},
		{"skipped field is unknown", `{"Skipped":"x"}`, validation.CodeNotSupported, "Skipped"},
		{"unexported field is unknown", `{"hidden":"x"}`, validation.CodeNotSupported, "hidden"},
		{"Go name of an untagged field, wrong case", `{"notag":"x"}`, validation.CodeNotSupported, "notag"},
		{"duplicate key", `{"name":"a","name":"b"}`, validation.CodeDuplicate, "name"},
		{"duplicate nested key", `{"ptr":{"title":"a","title":"b"}}`, validation.CodeDuplicate, "ptr.title"},
		{"duplicate map key", `{"byName":{"k":null,"k":null}}`, validation.CodeDuplicate, "byName.k"},
		{"string for a number", `{"count":"1"}`, validation.CodeInvalid, "count"},
		{"number for a string", `{"name":1}`, validation.CodeInvalid, "name"},
		{"object for a list", `{"items":{}}`, validation.CodeInvalid, "items"},
		{"string for a bool", `{"on":"true"}`, validation.CodeInvalid, "on"},
		{"overflow", `{"count":128}`, validation.CodeOutOfRange, "count"},
		{"fraction for an int", `{"count":1.5}`, validation.CodeOutOfRange, "count"},
		{"too many in an array", `{"pair":[1,2,3]}`, validation.CodeTooLong, "pair"},
		{"unknown enum", `{"color":"blue"}`, validation.CodeNotSupported, "color"},
		{"number for an enum", `{"color":1}`, validation.CodeInvalid, "color"},
		{"unknown enum as a map key", `{"colors":{"blue":1}}`, validation.CodeNotSupported, "colors[blue]"},
		{"type's own decoder, re-rooted", `{"self":{"n":-1}}`, validation.CodeOutOfRange, "self.n"},
		{"type's own decoder is strict too", `{"self":{"N":1}}`, validation.CodeNotSupported, "self.N"},
		{"quoted with a non-number", `{"quoted":"x"}`, validation.CodeInvalid, "quoted"},
		{"not an object", `[]`, validation.CodeInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := check(t, tt.input)
			require.Error(t, err)
			assert.True(t, errors.Is(err, validation.ErrInvalid), "%v", err)
			assert.True(t, validation.Has(err, tt.code, tt.path), "%v", err)
		})
	}

	err := check(t, `{"Name":"x","name":"y","name":"z","color":"blue","items":[{"Title":"t"}]}`)
	var verr *validation.Error
	require.True(t, errors.As(err, &verr))
	assert.Len(t, verr.Errors, 4, "%v", err)
	assert.True(t, errors.Is(err, validation.ErrUnknownValue), "the enum's own error is kept")
	assert.Contains(t, err.Error(), `did you mean "name"?`)
}

// wrapped decodes itself through Unmarshal, like tandem's calendar types:
// its own problems (an unknown enum and an unknown key) all come back, at
// their paths below the parent's.
type wrapped struct{ inner }

type inner struct {
	Color color `json:"color"`
	Name  string
}

func (w *wrapped) UnmarshalJSON(data []byte) error { return strictjson.Unmarshal(data, &w.inner) }

func TestNestedDecoderKeepsEveryProblem(t *testing.T) {
	type outer struct {
		Parts []wrapped `json:"parts"`
	}
	err := strictjson.Check([]byte(`{"parts":[{"color":"red"},{"color":"blue","name":"x"}]}`), reflect.TypeFor[outer]())
	require.Error(t, err)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "parts[1].color"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "parts[1].name"), "%v", err)
	assert.True(t, errors.Is(err, validation.ErrUnknownValue), "the enum's error is kept: %v", err)
	assert.Contains(t, err.Error(), `"name" is not a field of this object`)
}

func TestCheckSyntaxAndNull(t *testing.T) {
	var syn *json.SyntaxError
	assert.True(t, errors.As(check(t, `{"name":`), &syn))
	assert.NoError(t, check(t, `null`))
	assert.NoError(t, check(t, `{"name":null,"items":null,"self":{"n":null}}`))
}

type node struct {
	Kids []node `json:"kids"`
}

// The walk follows the type, so a deep document of a recursive type stops
// at MaxDepth instead of exhausting the stack, and unknown deep values are
// skipped without descending.
func TestCheckDepthIsBounded(t *testing.T) {
	deep := strings.Repeat(`{"kids":[`, 5000) + strings.Repeat(`]}`, 5000)
	err := strictjson.Check([]byte(deep), reflect.TypeFor[node]())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "levels deep")

	unknown := `{"extra":` + strings.Repeat(`[`, 5000) + strings.Repeat(`]`, 5000) + `}`
	err = check(t, unknown)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "extra"), "%v", err)
}

func TestUnmarshalNeedsAPointer(t *testing.T) {
	assert.Error(t, strictjson.Unmarshal([]byte(`{}`), doc{}))
	assert.Error(t, strictjson.Unmarshal([]byte(`{}`), (*doc)(nil)))
}

// FuzzCheck: Check never panics, and whatever it accepts encoding/json
// decodes, with unknown fields disallowed, into the same value that
// Unmarshal returns.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		`{"name":"n","count":1,"items":[{"title":"a"}],"colors":{"red":2}}`,
		`{"Name":"x"}`, `{"name":"a","name":"b"}`, `{"pair":[1,2,3]}`, `{"self":{"n":-1}}`,
		`{"quoted":"12"}`, `{"byName":{"k":{"title":"t"}}}`, `null`, `[]`, `{"any":[[[[]]]]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := strictjson.Check(data, reflect.TypeFor[doc]())
		if err != nil {
			return
		}
		var std doc
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&std); err != nil {
			t.Fatalf("Check accepted %q, encoding/json refuses it: %v", data, err)
		}
		var strict doc
		if err := strictjson.Unmarshal(data, &strict); err != nil {
			t.Fatalf("Check accepted %q, Unmarshal refuses it: %v", data, err)
		}
	})
}
