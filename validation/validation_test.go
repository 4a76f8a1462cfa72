package validation_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/validation"
)

func TestPathString(t *testing.T) {
	tests := []struct {
		name string
		path *validation.Path
		want string
	}{
		{"root", nil, ""},
		{"field", validation.NewPath("goal"), "goal"},
		{"nested", validation.NewPath("goal", "deadline"), "goal.deadline"},
		{"index", validation.NewPath("campaigns").Index(2).Child("phases").Index(0).Child("end"), "campaigns[2].phases[0].end"},
		{"key", validation.NewPath("limits").Key("instagram"), "limits[instagram]"},
		{"index on root", (*validation.Path)(nil).Index(1), "[1]"},
		{"child of index on root", (*validation.Path)(nil).Index(1).Child("name"), "[1].name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.path.String())
		})
	}
}

func TestPathIsImmutable(t *testing.T) {
	base := validation.NewPath("items")
	a := base.Index(0)
	b := base.Index(1)
	assert.Equal(t, "items", base.String())
	assert.Equal(t, "items[0]", a.String())
	assert.Equal(t, "items[1]", b.String())
}

func TestErrorListErr(t *testing.T) {
	var empty validation.ErrorList
	assert.NoError(t, empty.Err())

	list := validation.ErrorList{
		validation.Required(validation.NewPath("name"), ""),
		validation.OutOfRange(validation.NewPath("budget"), "-1", "must not be negative"),
	}
	err := list.Err()
	require.Error(t, err)
	assert.True(t, errors.Is(err, validation.ErrInvalid))

	var verr *validation.Error
	require.True(t, errors.As(err, &verr))
	assert.Len(t, verr.Errors, 2)
	assert.True(t, verr.Has(validation.CodeRequired, "name"))
	assert.True(t, verr.Has(validation.CodeOutOfRange, "budget"))
	assert.False(t, verr.Has(validation.CodeRequired, "budget"))
	assert.NotNil(t, verr.Find("budget"))
	assert.Nil(t, verr.Find("nothing"))

	wrapped := fmt.Errorf("loading plan: %w", err)
	assert.True(t, validation.Has(wrapped, validation.CodeRequired, "name"))
	assert.False(t, validation.Has(errors.New("other"), validation.CodeRequired, "name"))
}

func TestMerge(t *testing.T) {
	inner := validation.ErrorList{
		validation.Required(validation.NewPath("end"), ""),
		validation.Invalid(nil, nil, "whole value"),
		validation.Invalid((*validation.Path)(nil).Index(0), nil, "first"),
	}.Err()
	p := validation.NewPath("campaigns").Index(2).Child("phases").Index(0)

	var list validation.ErrorList
	list = list.Merge(p, nil)
	assert.Empty(t, list)
	list = list.Merge(p, inner)
	list = list.Merge(validation.NewPath("other"), errors.New("boom"))

	err := list.Err()
	assert.True(t, validation.Has(err, validation.CodeRequired, "campaigns[2].phases[0].end"))
	assert.True(t, validation.Has(err, validation.CodeInvalid, "campaigns[2].phases[0]"))
	assert.True(t, validation.Has(err, validation.CodeInvalid, "campaigns[2].phases[0][0]"))
	assert.True(t, validation.Has(err, validation.CodeInvalid, "other"))

	// Merging leaves the inner error unchanged.
	assert.True(t, validation.Has(inner, validation.CodeRequired, "end"))
}

func TestConstructorsSetCodes(t *testing.T) {
	p := validation.NewPath("f")
	tests := []struct {
		fe   *validation.FieldError
		code validation.Code
	}{
		{validation.Required(p, ""), validation.CodeRequired},
		{validation.Invalid(p, 1, "bad"), validation.CodeInvalid},
		{validation.NotSupported(p, "x", []string{"a", "b"}), validation.CodeNotSupported},
		{validation.OutOfRange(p, 1, "bad"), validation.CodeOutOfRange},
		{validation.TooLong(p, "xx", 2, 1, "characters"), validation.CodeTooLong},
		{validation.Duplicate(p, "x"), validation.CodeDuplicate},
		{validation.Conflict(p, 1, "bad"), validation.CodeConflict},
		{validation.NotFound(p, "id", ""), validation.CodeNotFound},
		{validation.OutOfOrder(p, 1, "bad"), validation.CodeOrder},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			assert.Equal(t, tt.code, tt.fe.Code)
			assert.Equal(t, "f", tt.fe.Path)
			assert.NotEmpty(t, tt.fe.Detail)
			assert.Contains(t, tt.fe.Error(), "f: ")
		})
	}
}

func TestErrorJSON(t *testing.T) {
	err := validation.ErrorList{validation.Required(validation.NewPath("name"), "")}.Err()
	b, jerr := json.Marshal(err)
	require.NoError(t, jerr)
	assert.JSONEq(t, `{"errors":[{"path":"name","code":"required","detail":"is required"}]}`, string(b))

	var back validation.Error
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, err, &back)
}

type color string

func TestParseEnum(t *testing.T) {
	valid := []color{"red", "green"}
	c, err := validation.ParseEnum("test.color", []byte("green"), valid)
	require.NoError(t, err)
	assert.Equal(t, color("green"), c)

	_, err = validation.ParseEnum("test.color", []byte("Green"), valid)
	require.Error(t, err)
	assert.True(t, errors.Is(err, validation.ErrUnknownValue))
	var eerr *validation.EnumError
	require.True(t, errors.As(err, &eerr))
	assert.Equal(t, []string{"red", "green"}, eerr.Valid)
	assert.Equal(t, "Green", eerr.Value)
	assert.Contains(t, err.Error(), `"red", "green"`)
}

func TestExcerpt(t *testing.T) {
	assert.Equal(t, "short", validation.Excerpt("short"))
	exact := strings.Repeat("a", validation.MaxExcerpt)
	assert.Equal(t, exact, validation.Excerpt(exact))
	long := validation.Excerpt(strings.Repeat("é", 1<<19))
	assert.LessOrEqual(t, len(long), validation.MaxExcerpt+32)
	assert.True(t, strings.HasSuffix(long, "…(1048576 bytes)"), long)
	assert.True(t, utf8.ValidString(long), "never splits a rune")
}

// An enum error about a 1 MB input repeats an excerpt, not the input.
func TestEnumErrorIsBounded(t *testing.T) {
	_, err := validation.ParseEnum("test.color", []byte(strings.Repeat("x", 1<<20)), []string{"red"})
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 200)
}
