package validation

import (
	"errors"
	"strings"
)

// ErrorList collects field errors. It is not an error itself; call Err to
// get one, which is nil when the list is empty.
type ErrorList []*FieldError

// Err returns the list as a *Error, or nil when the list is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return &Error{Errors: l}
}

// Merge appends the problems that err reports, re-rooted under p. It is how
// a parent adds the result of a part's Validate method:
//
//	list = list.Merge(path.Index(i), campaign.Validate())
//
// A nil err adds nothing. An err that is not a validation error is added as
// one CodeInvalid error at p, so nothing is lost.
func (l ErrorList) Merge(p *Path, err error) ErrorList {
	if err == nil {
		return l
	}
	var verr *Error
	if !errors.As(err, &verr) {
		return append(l, Invalid(p, nil, err.Error()))
	}
	prefix := p.String()
	for _, fe := range verr.Errors {
		c := *fe
		c.Path = join(prefix, fe.Path)
		l = append(l, &c)
	}
	return l
}

// Error is the error that Validate methods return: every problem found in a
// value. Find it with errors.As; errors.Is(err, ErrInvalid) matches it.
type Error struct {
	Errors ErrorList `json:"errors"`
}

// Error prints every field error, separated by "; ".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("invalid: ")
	for i, fe := range e.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(fe.Error())
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Has reports whether the error lists a problem with the given code at the
// given path. Tests use it to match errors without reading their text.
func (e *Error) Has(code Code, path string) bool {
	for _, fe := range e.Errors {
		if fe.Code == code && fe.Path == path {
			return true
		}
	}
	return false
}

// Find returns the first field error at path, or nil.
func (e *Error) Find(path string) *FieldError {
	for _, fe := range e.Errors {
		if fe.Path == path {
			return fe
		}
	}
	return nil
}
