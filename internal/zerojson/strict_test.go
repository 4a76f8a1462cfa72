package zerojson

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/validation"
)

// TestDecimalHoldersDecodeStrictly: every exported struct type with a
// decimal field decodes itself strictly (strictjson.Plain), so that plain
// json.Unmarshal checks its decimals from their text and refuses a key
// that is no field. A new type with a decimal is caught here.
func TestDecimalHoldersDecodeStrictly(t *testing.T) {
	unmarshaler := reflect.TypeFor[json.Unmarshaler]()
	for name, zero := range zeros {
		typ := reflect.TypeOf(zero)
		if !holdsDecimal(typ) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			if !assert.True(t, reflect.PointerTo(typ).Implements(unmarshaler), "%s has a decimal but no strict UnmarshalJSON", name) {
				return
			}
			err := json.Unmarshal([]byte(`{"noSuchField":1}`), reflect.New(typ).Interface())
			assert.True(t, validation.Has(err, validation.CodeNotSupported, "noSuchField"), "%v", err)
		})
	}
}

// holdsDecimal reports whether struct type t has a field whose type is a
// decimal, or a pointer, slice, array or map of decimals.
func holdsDecimal(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		ft := t.Field(i).Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Array || ft.Kind() == reflect.Map {
			ft = ft.Elem()
		}
		if ft == reflect.TypeFor[decimal.Decimal]() || ft == reflect.TypeFor[decimal.NullDecimal]() {
			return true
		}
	}
	return false
}
