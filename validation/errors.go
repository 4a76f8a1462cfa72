package validation

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is matched by every *Error: errors.Is(err, ErrInvalid) reports
// whether err reports invalid input.
var ErrInvalid = errors.New("validation: invalid input")

// Code is the machine-readable kind of a field error. The set is closed: a
// program can switch on it.
type Code string

// The codes a FieldError can carry.
const (
	// CodeRequired: a value that must be set is missing or zero.
	CodeRequired Code = "required"
	// CodeInvalid: the value is malformed or breaks a rule of its own.
	CodeInvalid Code = "invalid"
	// CodeNotSupported: the value is not one of a known set (an enum).
	CodeNotSupported Code = "not_supported"
	// CodeOutOfRange: a number, duration or instant is outside its bounds.
	CodeOutOfRange Code = "out_of_range"
	// CodeTooLong: a text or list is longer than allowed.
	CodeTooLong Code = "too_long"
	// CodeDuplicate: the value repeats one that must be unique.
	CodeDuplicate Code = "duplicate"
	// CodeConflict: the value contradicts another field.
	CodeConflict Code = "conflict"
	// CodeNotFound: a reference points at something that does not exist.
	CodeNotFound Code = "not_found"
	// CodeOrder: items that must be in order are not.
	CodeOrder Code = "out_of_order"
	// CodeOmitted marks the last element of a full ErrorList, which
	// counts the problems not kept (see MaxErrors). An *Error returned by
	// ErrorList.Err never holds it: the count is Error.Omitted.
	CodeOmitted Code = "omitted"
)

// FieldError is one problem with one field.
type FieldError struct {
	// Path is the field, in JSON names: campaigns[2].phases[0].end.
	// It is empty when the problem is with the value as a whole.
	Path string `json:"path"`
	// Code says what kind of problem it is.
	Code Code `json:"code"`
	// Value is the offending value, when there is one worth showing.
	Value any `json:"value,omitempty"`
	// Detail is a sentence for people. Programs must not parse it.
	Detail string `json:"detail"`

	// omitted, in the element that ErrorList.Omit adds, counts the
	// problems not kept; it is 0 in every other FieldError.
	omitted int
}

// isOmitted reports whether fe is the element that counts the problems a
// full ErrorList did not keep.
func (fe *FieldError) isOmitted() bool { return fe != nil && fe.Code == CodeOmitted && fe.omitted > 0 }

// Error prints the field error as "path: detail".
func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Detail
	}
	return e.Path + ": " + e.Detail
}

// Required reports that the field at p must be set.
func Required(p *Path, detail string) *FieldError {
	if detail == "" {
		detail = "is required"
	}
	return &FieldError{Path: p.String(), Code: CodeRequired, Detail: detail}
}

// Invalid reports that value, at p, is malformed or breaks a rule.
func Invalid(p *Path, value any, detail string) *FieldError {
	return &FieldError{Path: p.String(), Code: CodeInvalid, Value: value, Detail: detail}
}

// NotSupported reports that value, at p, is not one of valid.
func NotSupported[T ~string](p *Path, value any, valid []T) *FieldError {
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = fmt.Sprintf("%q", string(v))
	}
	return &FieldError{
		Path:   p.String(),
		Code:   CodeNotSupported,
		Value:  value,
		Detail: fmt.Sprintf("%q is not supported; valid values are %s", fmt.Sprint(value), strings.Join(names, ", ")),
	}
}

// OutOfRange reports that value, at p, is outside its bounds.
func OutOfRange(p *Path, value any, detail string) *FieldError {
	return &FieldError{Path: p.String(), Code: CodeOutOfRange, Value: value, Detail: detail}
}

// TooLong reports that value, at p, has length length where max is allowed.
// unit names what is counted ("characters", "items").
func TooLong(p *Path, value any, length, max int, unit string) *FieldError {
	return &FieldError{
		Path:   p.String(),
		Code:   CodeTooLong,
		Value:  value,
		Detail: fmt.Sprintf("is %d %s long; at most %d allowed", length, unit, max),
	}
}

// Duplicate reports that value, at p, repeats a value that must be unique.
func Duplicate(p *Path, value any) *FieldError {
	return &FieldError{Path: p.String(), Code: CodeDuplicate, Value: value, Detail: fmt.Sprintf("duplicate value %v", value)}
}

// Conflict reports that value, at p, contradicts another field.
func Conflict(p *Path, value any, detail string) *FieldError {
	return &FieldError{Path: p.String(), Code: CodeConflict, Value: value, Detail: detail}
}

// NotFound reports that the reference value, at p, points at nothing.
func NotFound(p *Path, value any, detail string) *FieldError {
	if detail == "" {
		detail = fmt.Sprintf("%v does not exist", value)
	}
	return &FieldError{Path: p.String(), Code: CodeNotFound, Value: value, Detail: detail}
}

// OutOfOrder reports that the item at p is not in the required order.
func OutOfOrder(p *Path, value any, detail string) *FieldError {
	return &FieldError{Path: p.String(), Code: CodeOrder, Value: value, Detail: detail}
}
