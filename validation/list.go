package validation

import (
	"errors"
	"strconv"
	"strings"
)

// MaxErrors is the most problems an ErrorList keeps, and so the most an
// *Error lists. Problems added after that are counted, not kept: the count
// is Error.Omitted, and Error() ends with "and 2,499,990 more problems".
// A list that is full costs no more memory, whatever is added to it.
const MaxErrors = 100

// ErrorList collects field errors. It is not an error itself; call Err to
// get one, which is nil when the list is empty.
//
// Build a list with Add and Merge, which keep the first MaxErrors problems
// and count the rest. A list that holds MaxErrors problems is Full: a
// long loop can then skip building its problems and count them with Omit.
// Once full, a list ends with one element that carries the count (its Code
// is CodeOmitted); Err moves the count to Error.Omitted. Like append, Add,
// Merge and Omit return the list to use from then on.
type ErrorList []*FieldError

// Add appends fe, or only counts it when the list is Full. A nil fe adds
// nothing.
func (l ErrorList) Add(fe *FieldError) ErrorList {
	if fe == nil {
		return l
	}
	if l.Full() {
		return l.Omit(1)
	}
	return append(l, fe)
}

// Full reports whether the list keeps MaxErrors problems, so that what is
// added from now on is only counted.
func (l ErrorList) Full() bool { return l.kept() >= MaxErrors }

// kept is the number of problems the list keeps.
func (l ErrorList) kept() int {
	if n := len(l); n > 0 && l[n-1].isOmitted() {
		return n - 1
	}
	return len(l)
}

// Omit counts n problems that the list does not keep (n <= 0 counts
// nothing). A loop calls it instead of Add once the list is Full, to skip
// building problems that would not be kept.
func (l ErrorList) Omit(n int) ErrorList {
	if n <= 0 {
		return l
	}
	if k := len(l); k > 0 && l[k-1].isOmitted() {
		l[k-1].omitted = addCapped(l[k-1].omitted, n)
		return l
	}
	return append(l, &FieldError{Code: CodeOmitted, Detail: "more problems are counted, not listed", omitted: n})
}

// Omitted returns how many problems the list holds beyond the first
// MaxErrors: those it only counted, and those appended past the cap, which
// Err does not keep either.
func (l ErrorList) Omitted() int {
	n, kept := 0, 0
	for _, fe := range l {
		if fe.isOmitted() {
			n = addCapped(n, fe.omitted)
		} else {
			kept++
		}
	}
	return addCapped(n, max(kept-MaxErrors, 0))
}

// addCapped adds two non-negative counts without overflow.
func addCapped(a, b int) int {
	if b > maxInt-a {
		return maxInt
	}
	return a + b
}

const maxInt = int(^uint(0) >> 1)

// Err returns the list as a *Error, or nil when the list is empty. The
// *Error keeps the first MaxErrors problems and counts the rest in
// Omitted, whether the list was built with Add or with append.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	e := &Error{}
	for _, fe := range l {
		switch {
		case fe.isOmitted():
			e.Omitted = addCapped(e.Omitted, fe.omitted)
		case len(e.Errors) < MaxErrors:
			e.Errors = append(e.Errors, fe)
		default:
			e.Omitted = addCapped(e.Omitted, 1)
		}
	}
	return e
}

// Merge appends the problems that err reports, re-rooted under p. It is how
// a parent adds the result of a part's Validate method:
//
//	list = list.Merge(path.Index(i), campaign.Validate())
//
// A nil err adds nothing. An err that is not a validation error is added as
// one CodeInvalid error at p, so nothing is lost. Like Add, Merge keeps at
// most MaxErrors problems and counts the rest, including those err itself
// counted in Omitted.
func (l ErrorList) Merge(p *Path, err error) ErrorList {
	if err == nil {
		return l
	}
	var verr *Error
	if !errors.As(err, &verr) {
		if l.Full() {
			return l.Omit(1)
		}
		return append(l, Invalid(p, nil, err.Error()))
	}
	prefix := p.String()
	for _, fe := range verr.Errors {
		switch {
		case fe == nil:
			continue
		case fe.isOmitted():
			l = l.Omit(fe.omitted)
			continue
		case l.Full():
			l = l.Omit(1)
			continue
		}
		c := *fe
		c.Path = join(prefix, fe.Path)
		l = append(l, &c)
	}
	return l.Omit(verr.Omitted)
}

// Error is the error that Validate methods return: every problem found in a
// value, up to MaxErrors, and the count of the rest. Find it with
// errors.As; errors.Is(err, ErrInvalid) matches it.
type Error struct {
	// Errors are the problems kept: the first MaxErrors found.
	Errors ErrorList `json:"errors"`
	// Omitted counts the problems found after the first MaxErrors, which
	// are not listed.
	Omitted int `json:"omitted,omitempty"`
}

// Error prints the field errors, separated by "; ", and the count of the
// problems not listed: "invalid: a: is required; … and 2,499,990 more
// problems". It prints at most MaxErrors of them, however many Errors
// holds.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("invalid: ")
	more := max(e.Omitted, 0)
	n := 0
	for _, fe := range e.Errors {
		if fe == nil {
			continue
		}
		if fe.isOmitted() {
			more = addCapped(more, fe.omitted)
			continue
		}
		if n == MaxErrors {
			more = addCapped(more, 1)
			continue
		}
		if n > 0 {
			b.WriteString("; ")
		}
		b.WriteString(fe.Error())
		n++
	}
	if more > 0 {
		if n > 0 {
			b.WriteString("; and ")
		}
		b.WriteString(thousands(more))
		if n > 0 {
			b.WriteString(" more")
		}
		if more == 1 {
			b.WriteString(" problem")
		} else {
			b.WriteString(" problems")
		}
	}
	return b.String()
}

// thousands prints n with a comma every three digits: 2,499,990.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Has reports whether the error lists a problem with the given code at the
// given path. Tests use it to match errors without reading their text. It
// sees the problems kept (see MaxErrors), not those only counted.
func (e *Error) Has(code Code, path string) bool {
	for _, fe := range e.Errors {
		if fe != nil && fe.Code == code && fe.Path == path {
			return true
		}
	}
	return false
}

// Find returns the first field error at path, or nil. Like Has, it sees
// the problems kept.
func (e *Error) Find(path string) *FieldError {
	for _, fe := range e.Errors {
		if fe != nil && fe.Path == path && !fe.isOmitted() {
			return fe
		}
	}
	return nil
}
