// Package enum is the one implementation of the text encoding of tandem's
// string enums. Every enum marshals, unmarshals and checks its values
// through it, so that all of them behave as channel.Channel does: an
// unknown value never reaches JSON silently, and decoding accepts exactly
// the known values and otherwise returns a *validation.EnumError listing
// them.
package enum

import (
	"slices"

	"github.com/tandemsocial/tandem/validation"
)

// Valid reports whether v is one of all.
func Valid[T comparable](v T, all []T) bool { return slices.Contains(all, v) }

// Marshal encodes v when it is one of all or the zero value, and otherwise
// returns the *validation.EnumError that decoding it would give. typeName
// is the qualified Go type, such as "crisis.Level".
//
// The zero value encodes as the empty text so that a half-built value
// (json.Marshal(calendar.Entry{})) can always be encoded, logged or stored
// as a draft. Decoding stays strict: Unmarshal refuses the empty text, and
// every Validate reports a missing enum as required.
func Marshal[T ~string](typeName string, v T, all []T) ([]byte, error) {
	if v != "" && !Valid(v, all) {
		_, err := validation.ParseEnum(typeName, []byte(v), all)
		return nil, err
	}
	return []byte(v), nil
}

// Unmarshal decodes text strictly into *dst: exactly one of all, or a
// *validation.EnumError with *dst unchanged.
func Unmarshal[T ~string](typeName string, text []byte, all []T, dst *T) error {
	v, err := validation.ParseEnum(typeName, text, all)
	if err != nil {
		return err
	}
	*dst = v
	return nil
}
