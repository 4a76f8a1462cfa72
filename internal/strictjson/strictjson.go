// Package strictjson checks that a JSON document fits a Go type exactly,
// before encoding/json decodes it, and says where it does not.
//
// encoding/json matches object keys to struct fields case-insensitively
// ("deadLine" fills Deadline), lets a repeated key overwrite the first one
// silently, and names no location when a nested value is wrong. A plan read
// from another system must not be read differently from what it says, so
// tandem's strict decoders call Check (or Unmarshal) first. Check walks the
// document beside the type and lists, with their JSON paths
// (channels[2].postPerWeek):
//
//   - a key that is no field of the struct, exactly as the field's json tag
//     spells it (CodeNotSupported, naming the field it may have meant);
//   - a key given twice in one object (CodeDuplicate);
//   - a value of the wrong JSON kind for its field (CodeInvalid);
//   - what a type's own UnmarshalJSON or UnmarshalText refuses, re-rooted
//     at the path of the value (an unknown enum value is CodeNotSupported);
//   - a decimal (shopspring/decimal's Decimal or NullDecimal) beyond
//     validation's bounds (MaxDecimalLength bytes, MaxDecimalDigits digits,
//     an exponent within ±MaxDecimalExponent; CodeOutOfRange), checked on
//     its text before decimal's decoder runs. A decimal field of tandem's
//     own saved state, tagged strictjson:"wide", is only held to the
//     length, and its decoder checks the value.
//
// Like every validation.ErrorList, the list keeps the first
// validation.MaxErrors problems and counts the rest; past that, a problem
// costs no memory.
//
// A type that decodes itself (json.Unmarshaler) is checked by calling its
// UnmarshalJSON on a fresh value; such types in tandem decode through
// Unmarshal themselves, so their keys are exact too. A type whose
// UnmarshalJSON is only [Plain] (a strict decoding of its plain twin, so
// that even plain encoding/json reads it strictly) is not called: Check
// walks its plain twin where it stands, reporting every problem at its
// path, so that nested types of this kind cost one more pass over their
// bytes per level instead of twice the work per level.
//
// Check's cost is linear in the size of the document for each level of
// type nesting it descends, and its recursion is bounded by the depth of
// the Go type (and by MaxDepth), never by the depth of the input.
package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/validation"
)

// MaxDepth bounds how deeply Check descends into nested types; a type
// nested deeper (only a recursive type can be) is reported at that depth.
const MaxDepth = 64

// Error is what Check and Unmarshal return: every problem with its path,
// and, for errors.Is and errors.As, the errors that the types' own
// decoders returned (such as a *validation.EnumError).
type Error struct {
	// List holds the problems found, with their JSON paths: the first
	// validation.MaxErrors, and the count of the rest (see
	// validation.ErrorList).
	List validation.ErrorList
	// causes are the decoders' own errors behind some of List.
	causes []error
}

// Error prints every problem, as *validation.Error does.
func (e *Error) Error() string { return e.List.Err().Error() }

// Unwrap returns the *validation.Error of the list and the decoders' own
// errors, so that errors.As finds the field errors and errors.Is matches
// validation.ErrUnknownValue for an unknown enum value.
func (e *Error) Unwrap() []error { return append([]error{e.List.Err()}, e.causes...) }

// Unmarshal checks data against v's type with Check and, when it fits,
// decodes it into v with encoding/json. v must be a non-nil pointer. The
// error is an *Error, or a *json.SyntaxError for malformed JSON.
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("strictjson: Unmarshal needs a non-nil pointer, not %T", v)
	}
	if err := Check(data, rv.Type().Elem()); err != nil {
		return err
	}
	return decode(data, v)
}

// UnmarshalAs checks data against the type v points to, as Unmarshal
// does, and decodes it into twin, a pointer to a type that encoding/json
// reads exactly as that type minus its own decoders: the plain twin of a
// Plain type, or a list of such twins. A decoder that checked the whole
// document uses it so that encoding/json does not check each nested
// value once more:
//
//	var plain []observationJSON // type observationJSON Observation
//	err := strictjson.UnmarshalAs(data, new([]Observation), &plain)
func UnmarshalAs(data []byte, v, twin any) error {
	vt, tw := reflect.TypeOf(v), reflect.ValueOf(twin)
	if vt == nil || vt.Kind() != reflect.Pointer || tw.Kind() != reflect.Pointer || tw.IsNil() {
		return fmt.Errorf("strictjson: UnmarshalAs needs two pointers, not %T and %T", v, twin)
	}
	if err := Check(data, vt.Elem()); err != nil {
		return err
	}
	return decode(data, twin)
}

// decode decodes data, which Check accepted, into v with encoding/json.
func decode(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		// Check accepted what encoding/json refuses: report it whole
		// rather than lose it.
		return &Error{List: validation.ErrorList{validation.Invalid(nil, nil, err.Error())}, causes: []error{err}}
	}
	return nil
}

// Check reports every way data does not fit type t exactly (see the
// package documentation), or nil. Malformed JSON is a *json.SyntaxError.
func Check(data []byte, t reflect.Type) error {
	if !json.Valid(data) {
		var v any
		return json.Unmarshal(data, &v) // the syntax error, with its offset
	}
	c := checker{}
	c.value(nil, bytes.TrimSpace(data), t, 0)
	if len(c.list) == 0 {
		return nil
	}
	return &Error{List: c.list, causes: c.causes}
}

type checker struct {
	list   validation.ErrorList
	causes []error
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// value checks one JSON value (valid, trimmed) against t.
func (c *checker) value(p *validation.Path, data []byte, t reflect.Type, depth int) {
	if depth > MaxDepth {
		c.list = c.list.Add(validation.Invalid(p, nil, fmt.Sprintf("nested more than %d levels deep", MaxDepth)))
		return
	}
	if isDecimal(t) && string(data) != "null" {
		if fe := checkDecimalText(p, data); fe != nil {
			c.list = append(c.list, fe)
			return
		}
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		if twin := plainOf(t); twin != nil {
			if twin.Kind() == reflect.Struct && string(data) != "null" {
				c.object(p, data, twin, t, depth+1)
			} else {
				c.value(p, data, twin, depth+1)
			}
			return
		}
		c.decoder(p, reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(data))
		return
	}
	null := string(data) == "null"
	if null {
		return // encoding/json leaves the value as it is
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		if data[0] != '"' {
			c.wrongKind(p, data, "a string")
			return
		}
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			c.list = c.list.Add(validation.Invalid(p, nil, err.Error()))
			return
		}
		c.decoder(p, reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)))
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		c.value(p, data, t.Elem(), depth+1)
	case reflect.Struct:
		c.object(p, data, t, t, depth)
	case reflect.Map:
		c.mapping(p, data, t, depth)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && data[0] == '"' {
			return // []byte as base64: encoding/json checks it
		}
		c.array(p, data, t, depth)
	case reflect.Array:
		c.array(p, data, t, depth)
	case reflect.Interface:
		// Any JSON value fits an interface; nothing to check.
	case reflect.String:
		c.kind(p, data, '"', "a string")
	case reflect.Bool:
		if data[0] != 't' && data[0] != 'f' {
			c.wrongKind(p, data, "true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if c.kind(p, data, 'n', "a whole number") {
			if _, err := strconv.ParseInt(string(data), 10, t.Bits()); err != nil {
				c.list = c.list.Add(validation.OutOfRange(p, validation.Excerpt(string(data)), fmt.Sprintf("is not a whole number that fits in %d bits", t.Bits())))
			}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if c.kind(p, data, 'n', "a whole number") {
			if _, err := strconv.ParseUint(string(data), 10, t.Bits()); err != nil {
				c.list = c.list.Add(validation.OutOfRange(p, validation.Excerpt(string(data)), fmt.Sprintf("is not a non-negative whole number that fits in %d bits", t.Bits())))
			}
		}
	case reflect.Float32, reflect.Float64:
		if c.kind(p, data, 'n', "a number") {
			if _, err := strconv.ParseFloat(string(data), t.Bits()); err != nil {
				c.list = c.list.Add(validation.OutOfRange(p, validation.Excerpt(string(data)), "is not a number that fits"))
			}
		}
	default:
		c.list = c.list.Add(validation.Invalid(p, nil, fmt.Sprintf("a %s cannot be decoded from JSON", t)))
	}
}

// kind checks the first byte of data: '"' for a string, 'n' for a number.
func (c *checker) kind(p *validation.Path, data []byte, want byte, what string) bool {
	got := data[0]
	if got == '-' || (got >= '0' && got <= '9') {
		got = 'n'
	}
	if got != want {
		c.wrongKind(p, data, what)
		return false
	}
	return true
}

func (c *checker) wrongKind(p *validation.Path, data []byte, what string) {
	c.list = c.list.Add(validation.Invalid(p, nil, fmt.Sprintf("must be %s, not %s", what, describe(data))))
}

// describe names the JSON kind of a value for an error message.
func describe(data []byte) string {
	switch data[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// cause keeps errs for errors.Is and errors.As, up to
// validation.MaxErrors of them, as many as the list keeps problems.
func (c *checker) cause(errs ...error) {
	c.causes = append(c.causes, errs[:min(len(errs), validation.MaxErrors-len(c.causes))]...)
}

// decoder records what a type's own decoder refused, under p. A list of
// problems (a *validation.Error, such as a nested type's own strict
// decoding returns) is re-rooted whole, keeping its causes; only a bare
// enum error (from UnmarshalText) becomes one not_supported at p.
func (c *checker) decoder(p *validation.Path, err error) {
	if err == nil {
		return
	}
	var inner *Error
	if errors.As(err, &inner) {
		c.cause(inner.causes...)
		c.list = c.list.Merge(p, err)
		return
	}
	var verr *validation.Error
	var enumErr *validation.EnumError
	if !errors.As(err, &verr) && errors.As(err, &enumErr) {
		c.list = c.list.Add(validation.NotSupported(p, enumErr.Value, enumErr.Valid))
		c.cause(enumErr)
		return
	}
	if errors.As(err, &enumErr) {
		c.cause(enumErr)
	}
	c.list = c.list.Merge(p, err)
}

// members walks the members of a JSON object, calling f with each key and
// raw value. It reports a key given twice and returns false when data is
// not an object.
func (c *checker) members(p *validation.Path, data []byte, f func(key string, raw []byte)) bool {
	if data[0] != '{' {
		c.wrongKind(p, data, "an object")
		return false
	}
	// Keys seen so far: a short list, then a map for a large object.
	var few [16]string
	seenList := few[:0]
	var seenMap map[string]bool
	eachMember(data, func(key string, raw []byte) {
		dup := false
		if seenMap != nil {
			dup = seenMap[key]
			seenMap[key] = true
		} else {
			dup = slices.Contains(seenList, key)
			seenList = append(seenList, key)
			if len(seenList) > len(few) {
				seenMap = make(map[string]bool, 2*len(seenList))
				for _, k := range seenList {
					seenMap[k] = true
				}
			}
		}
		if dup {
			c.list = c.list.Add(validation.Duplicate(p.Child(validation.Excerpt(key)), validation.Excerpt(key)))
			return
		}
		f(key, raw)
	})
	return true
}

// The scanner below reads JSON that json.Valid accepted (Check tests the
// whole document first), so it only finds where things end; it allocates
// nothing.

// eachMember calls f with each key and raw value of the object data, in
// order, repeated keys included.
func eachMember(data []byte, f func(key string, raw []byte)) {
	for i := skipSpace(data, 1); i < len(data) && data[i] != '}'; {
		end := skipString(data, i)
		key := unquote(data[i:end])
		i = skipSpace(data, skipSpace(data, end)+1) // past ':'
		vend := skipValue(data, i)
		raw := data[i:vend]
		if i = skipSpace(data, vend); i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
		f(key, raw)
	}
}

// eachItem calls f with each item of the array data, in order, until f
// returns false.
func eachItem(data []byte, f func(raw []byte) bool) {
	for i := skipSpace(data, 1); i < len(data) && data[i] != ']'; {
		end := skipValue(data, i)
		raw := data[i:end]
		if i = skipSpace(data, end); i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
		if !f(raw) {
			return
		}
	}
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string that starts at
// data[i] (a quote).
func skipString(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}

// skipValue returns the index just past the value that starts at data[i].
func skipValue(data []byte, i int) int {
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for ; i < len(data); i++ {
			switch data[i] {
			case '"':
				i = skipString(data, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return len(data)
	}
	for i < len(data) && data[i] != ',' && data[i] != '}' && data[i] != ']' && data[i] != ' ' && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' {
		i++
	}
	return i
}

// unquote returns the text of a JSON string as encoding/json reads it
// (escapes resolved, invalid UTF-8 replaced), without decoding when there
// is nothing to resolve.
func unquote(s []byte) string {
	inner := s[1 : len(s)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner)
	}
	var out string
	_ = json.Unmarshal(s, &out) // valid JSON: cannot fail
	return out
}

// object checks the object data against struct type t; errors name it
// named (t, or the type whose plain twin t is).
func (c *checker) object(p *validation.Path, data []byte, t, named reflect.Type, depth int) {
	fields := fieldsOf(t)
	c.members(p, data, func(key string, raw []byte) {
		f, ok := fields.byName[key]
		if !ok {
			if c.list.Full() {
				c.list = c.list.Omit(1) // counted, not built
				return
			}
			short := validation.Excerpt(key)
			fe := &validation.FieldError{Path: p.Child(short).String(), Code: validation.CodeNotSupported, Value: short,
				Detail: fmt.Sprintf("%q is not a field of %s", short, typeName(named))}
			if near, ok := fields.byFold[strings.ToLower(key)]; ok {
				fe.Detail += fmt.Sprintf("; did you mean %q?", near)
			}
			c.list = c.list.Add(fe)
			return
		}
		if f.quoted && raw[0] != '"' && string(raw) != "null" {
			// encoding/json takes only a string (or null) for ",string".
			c.list = c.list.Add(validation.Invalid(p.Child(validation.Excerpt(key)), validation.Excerpt(string(raw)), "must be a scalar written inside a string"))
			return
		}
		if f.quoted && raw[0] == '"' {
			// ",string": a scalar (a string's own JSON text, for a
			// string field) written inside a JSON string.
			var s string
			// encoding/json reads the inner text as it stands: space
			// around it is refused, as it is by encoding/json.
			if json.Unmarshal(raw, &s) != nil || !json.Valid([]byte(s)) || s != strings.TrimSpace(s) || s[0] == '{' || s[0] == '[' || (s[0] == '"') != (f.typ.Kind() == reflect.String) {
				c.list = c.list.Add(validation.Invalid(p.Child(validation.Excerpt(key)), validation.Excerpt(s), "must be a scalar written inside a string"))
				return
			}
			raw = []byte(s)
		}
		if f.wide && isDecimal(f.typ) && string(raw) != "null" {
			// tandem's own saved state: its decoder checks the values.
			if _, fe := decimalText(p.Child(key), raw); fe != nil {
				c.list = append(c.list, fe)
				return
			}
			c.decoder(p.Child(key), reflect.New(f.typ).Interface().(json.Unmarshaler).UnmarshalJSON(raw))
			return
		}
		c.value(p.Child(key), raw, f.typ, depth+1)
	})
}

func (c *checker) mapping(p *validation.Path, data []byte, t reflect.Type, depth int) {
	kt := t.Key()
	textKey := reflect.PointerTo(kt).Implements(textUnmarshalerType)
	c.members(p, data, func(key string, raw []byte) {
		kp := p.Key(validation.Excerpt(key))
		switch {
		case textKey:
			if err := reflect.New(kt).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(key)); err != nil {
				c.decoder(kp, err)
				return
			}
		case kt.Kind() == reflect.String:
		default:
			if _, err := strconv.ParseInt(key, 10, 64); err != nil {
				c.list = c.list.Add(validation.Invalid(kp, validation.Excerpt(key), "is not a whole-number key"))
				return
			}
		}
		c.value(kp, raw, t.Elem(), depth+1)
	})
}

func (c *checker) array(p *validation.Path, data []byte, t reflect.Type, depth int) {
	if data[0] != '[' {
		c.wrongKind(p, data, "an array")
		return
	}
	n := 0
	eachItem(data, func(raw []byte) bool {
		if t.Kind() == reflect.Array && n >= t.Len() {
			c.list = c.list.Add(validation.TooLong(p, nil, n+1, t.Len(), "items"))
			return false
		}
		c.value(p.Index(n), raw, t.Elem(), depth+1)
		n++
		return true
	})
}

// typeName names t in an error: its qualified name when it is exported,
// and "this object" for an anonymous or unexported type (a decoder's own
// wire struct), whose name would mean nothing to the caller.
func typeName(t reflect.Type) string {
	if t.Name() == "" || !ast.IsExported(t.Name()) {
		return "this object"
	}
	return t.String()
}

// field is a struct field as JSON sees it.
type field struct {
	typ    reflect.Type
	quoted bool // the ",string" option
	wide   bool // the tag strictjson:"wide" on a decimal
}

// fieldSet is the JSON view of a struct type: its fields by exact name,
// and each name by its lower case, to suggest the intended field.
type fieldSet struct {
	byName map[string]field
	byFold map[string]string
}

// fieldCache holds the fieldSet of each struct type. A type's fields never
// change, so the cache only avoids repeating the reflection.
var fieldCache sync.Map // reflect.Type → fieldSet

// fieldsOf returns the JSON fields of struct type t: exported fields by
// their json tag name (or Go name), skipping "-", with the fields of
// untagged embedded structs promoted, as encoding/json does.
func fieldsOf(t reflect.Type) fieldSet {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(fieldSet)
	}
	fs := fieldSet{byName: map[string]field{}, byFold: map[string]string{}}
	collect(t, fs, 0)
	fieldCache.Store(t, fs)
	return fs
}

func collect(t reflect.Type, fs fieldSet, depth int) {
	if depth > MaxDepth {
		return
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" {
			et := sf.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				collect(et, fs, depth+1)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if _, taken := fs.byName[name]; taken && depth > 0 {
			continue // a shallower field wins, as in encoding/json
		}
		quoted := false
		for _, o := range strings.Split(opts, ",") {
			quoted = quoted || o == "string"
		}
		fs.byName[name] = field{typ: sf.Type, quoted: quoted, wide: sf.Tag.Get("strictjson") == "wide"}
		fs.byFold[strings.ToLower(name)] = name
	}
}
