package strictjson

import (
	"encoding/json"
	"reflect"
	"sync"
)

// Plain is the whole body of the UnmarshalJSON of a type that holds
// decimals or other values a caller must not be able to slip past
// tandem's checks, so that plain encoding/json reads it as strictly as
// Check does:
//
//	func (b *Baseline) UnmarshalJSON(data []byte) error {
//		type plain Baseline // the same fields, no methods: no recursion
//		return strictjson.Plain(data, b, (*plain)(b))
//	}
//
// It is [UnmarshalAs]: data is checked as v's type (errors name it) and
// decoded into twin, a pointer to v's plain twin over the same value. Like encoding/json, it leaves the fields
// the document does not name as they are, and null changes nothing.
//
// Check recognizes such a type (by calling its UnmarshalJSON once per
// type with a probe that only Plain answers) and walks its plain twin in
// place instead of calling its UnmarshalJSON, which would check the
// value's bytes once more and decode them for nothing at every level of
// nesting.
func Plain(data []byte, v, twin any) error {
	if isProbe(data) {
		return plainTwin{reflect.TypeOf(twin)}
	}
	return UnmarshalAs(data, v, twin)
}

// probe is the JSON value Check hands a decoder to learn whether it is
// Plain: null, which every UnmarshalJSON takes as "change nothing", and
// which Plain tells from any other null by the address of its bytes.
var probe = [4]byte{'n', 'u', 'l', 'l'}

func isProbe(data []byte) bool { return len(data) == len(probe) && &data[0] == &probe[0] }

// plainTwin is Plain's answer to the probe: the type of its twin
// pointer.
type plainTwin struct{ ptr reflect.Type }

func (plainTwin) Error() string { return "strictjson: a plain twin" }

// plainCache holds, for each json.Unmarshaler type Check has met, its
// plain twin or nil. The answer never changes, so the cache only saves
// the probe.
var plainCache sync.Map // reflect.Type → reflect.Type (nil: not Plain)

// plainOf returns the type Check walks for t, a json.Unmarshaler: its
// plain twin when its UnmarshalJSON is Plain, or nil.
func plainOf(t reflect.Type) reflect.Type {
	if v, ok := plainCache.Load(t); ok {
		twin, _ := v.(reflect.Type)
		return twin
	}
	var twin reflect.Type
	err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(probe[:])
	if pt, ok := err.(plainTwin); ok && pt.ptr != nil && pt.ptr.Kind() == reflect.Pointer &&
		pt.ptr.Elem() != t && !reflect.PointerTo(pt.ptr.Elem()).Implements(unmarshalerType) {
		twin = pt.ptr.Elem()
	}
	plainCache.Store(t, twin)
	return twin
}
