// Package validate holds tandem's one shared *validator.Validate and turns its
// errors into validation field errors.
//
// go-playground/validator wants a single instance whose custom rules and tag
// name function are registered before first use (registration is not safe
// for concurrent use). The instance is built once, at package initialisation,
// and never changed afterwards, so using it from many goroutines is safe.
//
// Struct tags cover rules about one field (required, ranges, enums). Rules
// that cross fields or packages are plain Go in the owning package.
//
// Custom tags:
//
//	enum      the field's IsValid() method must report true (enum types)
//	iana_zone the string must name an IANA time zone known to time.LoadLocation
//	currency  the string must be an ISO 4217 alphabetic code: three upper-case letters
package validate

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/tandemsocial/tandem/validation"
)

// instance is written once, here, and only read afterwards.
var instance = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(jsonName)
	must(v.RegisterValidation("enum", isValidEnum))
	must(v.RegisterValidation("iana_zone", isIANAZone))
	must(v.RegisterValidation("currency", isCurrency))
	return v
}

func must(err error) {
	if err != nil {
		// Only reachable through a programming error in newValidator.
		panic(err)
	}
}

// jsonName makes the validator report fields by their JSON names.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return f.Name
	}
	return name
}

type validity interface{ IsValid() bool }

func isValidEnum(fl validator.FieldLevel) bool {
	f := fl.Field()
	if f.CanInterface() {
		if v, ok := f.Interface().(validity); ok {
			return v.IsValid()
		}
	}
	return false
}

func isIANAZone(fl validator.FieldLevel) bool {
	return IsZoneName(fl.Field().String())
}

// IsZoneName reports whether name is an IANA zone name that this system can
// load. "UTC" is accepted; the empty string and "Local" are not, because a
// plan must not depend on the machine it runs on.
func IsZoneName(name string) bool {
	if name == "" || name == "Local" {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

func isCurrency(fl validator.FieldLevel) bool {
	return IsCurrencyCode(fl.Field().String())
}

// IsCurrencyCode reports whether s has the form of an ISO 4217 alphabetic
// code: exactly three upper-case ASCII letters.
func IsCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// Struct checks the struct tags of v (a struct or a pointer to one) and
// returns the problems found, with paths below p. A nil pointer gives one
// CodeRequired error at p.
func Struct(p *validation.Path, v any) validation.ErrorList {
	err := instance.Struct(v)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		// InvalidValidationError: nil or not a struct.
		return validation.ErrorList{validation.Required(p, "")}
	}
	list := make(validation.ErrorList, 0, len(verrs))
	for _, fe := range verrs {
		list = append(list, convert(p, fe))
	}
	return list
}

// convert maps one validator error onto tandem's codes.
func convert(p *validation.Path, fe validator.FieldError) *validation.FieldError {
	// Namespace is "Type.field.sub[0].x"; drop the type name, which is not
	// part of a JSON path.
	path := fe.Namespace()
	if _, rest, ok := strings.Cut(path, "."); ok {
		path = rest
	}
	full := joinPath(p, path)
	value := fe.Value()
	out := &validation.FieldError{Path: full, Value: printable(value)}
	switch fe.Tag() {
	case "required", "required_if", "required_unless", "required_with", "required_without":
		out.Code = validation.CodeRequired
		out.Value = nil
		out.Detail = "is required"
	case "oneof", "enum":
		out.Code = validation.CodeNotSupported
		out.Detail = fmt.Sprintf("%q is not supported", fmt.Sprint(value))
		if fe.Param() != "" {
			out.Detail += "; valid values are " + fe.Param()
		}
	case "iana_zone":
		out.Code = validation.CodeInvalid
		out.Detail = fmt.Sprintf("%q is not an IANA time zone name", fmt.Sprint(value))
	case "currency":
		out.Code = validation.CodeInvalid
		out.Detail = fmt.Sprintf("%q is not an ISO 4217 currency code", fmt.Sprint(value))
	case "max", "lte", "lt":
		if k := fe.Kind(); k == reflect.String || k == reflect.Slice || k == reflect.Map {
			out.Code = validation.CodeTooLong
			out.Detail = "is longer than " + fe.Param()
			break
		}
		out.Code = validation.CodeOutOfRange
		out.Detail = fmt.Sprintf("must be %s %s", relation(fe.Tag()), fe.Param())
	case "min", "gte", "gt":
		out.Code = validation.CodeOutOfRange
		if k := fe.Kind(); k == reflect.String || k == reflect.Slice || k == reflect.Map {
			out.Detail = "is shorter than " + fe.Param()
			break
		}
		out.Detail = fmt.Sprintf("must be %s %s", relation(fe.Tag()), fe.Param())
	case "unique":
		out.Code = validation.CodeDuplicate
		out.Detail = "holds duplicate values"
	default:
		out.Code = validation.CodeInvalid
		out.Detail = fmt.Sprintf("fails the %q rule", fe.Tag())
	}
	return out
}

func relation(tag string) string {
	switch tag {
	case "max", "lte":
		return "at most"
	case "lt":
		return "less than"
	case "min", "gte":
		return "at least"
	default:
		return "greater than"
	}
}

// printable keeps simple values and drops composite ones, which would make
// the error hard to read and to marshal.
func printable(v any) any {
	switch x := v.(type) {
	case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return x
	case fmt.Stringer:
		return x.String()
	}
	return nil
}

func joinPath(p *validation.Path, rel string) string {
	base := p.String()
	switch {
	case base == "":
		return rel
	case rel == "":
		return base
	case rel[0] == '[':
		return base + rel
	}
	return base + "." + rel
}
