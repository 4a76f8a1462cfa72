package validation

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknownValue is matched by every *EnumError.
var ErrUnknownValue = errors.New("unknown value")

// EnumError is returned when text names no value of an enum type, such as
// an unknown channel in JSON. It lists the values that are valid.
type EnumError struct {
	Type  string   // the Go type, such as "channel.Channel"
	Value string   // the text that was given, as an Excerpt
	Valid []string // every valid value, in declaration order
}

// Error prints the unknown value and the valid ones.
func (e *EnumError) Error() string {
	quoted := make([]string, len(e.Valid))
	for i, v := range e.Valid {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return fmt.Sprintf("%s: unknown value %q; valid values are %s", e.Type, e.Value, strings.Join(quoted, ", "))
}

// Is reports whether target is ErrUnknownValue.
func (e *EnumError) Is(target error) bool { return target == ErrUnknownValue }

// ParseEnum returns the value of valid that equals text exactly, or an
// *EnumError naming typeName and listing valid. Enum types use it in their
// UnmarshalText so that decoding is strict.
func ParseEnum[T ~string](typeName string, text []byte, valid []T) (T, error) {
	for _, v := range valid {
		if string(v) == string(text) {
			return v, nil
		}
	}
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = string(v)
	}
	var zero T
	return zero, &EnumError{Type: typeName, Value: Excerpt(string(text)), Valid: names}
}

// Has reports whether err is a validation error that lists a problem with
// the given code at the given path.
func Has(err error, code Code, path string) bool {
	var verr *Error
	return errors.As(err, &verr) && verr.Has(code, path)
}
