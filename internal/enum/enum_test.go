package enum_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

type color string

var colors = []color{"red", "green"}

func TestMarshal(t *testing.T) {
	b, err := enum.Marshal("test.color", color("red"), colors)
	require.NoError(t, err)
	assert.Equal(t, "red", string(b))

	_, err = enum.Marshal("test.color", color("blue"), colors)
	var ee *validation.EnumError
	require.True(t, errors.As(err, &ee), "%v", err)
	assert.ErrorIs(t, err, validation.ErrUnknownValue)

	// The zero value encodes (a half-built value must be encodable), but
	// decoding what it wrote is still refused.
	b, err = enum.Marshal("test.color", color(""), colors)
	require.NoError(t, err)
	assert.Empty(t, b)
	var c color
	assert.ErrorIs(t, enum.Unmarshal("test.color", b, colors, &c), validation.ErrUnknownValue)
}

func TestUnmarshal(t *testing.T) {
	c := color("green")
	require.NoError(t, enum.Unmarshal("test.color", []byte("red"), colors, &c))
	assert.Equal(t, color("red"), c)

	for _, bad := range []string{"", "Red", "red ", "blue"} {
		err := enum.Unmarshal("test.color", []byte(bad), colors, &c)
		assert.ErrorIs(t, err, validation.ErrUnknownValue, "%q", bad)
		assert.Equal(t, color("red"), c, "unchanged after %q", bad)
	}
}

func TestValid(t *testing.T) {
	assert.True(t, enum.Valid(color("green"), colors))
	assert.False(t, enum.Valid(color(""), colors))
}
