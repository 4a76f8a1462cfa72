// Package validation is tandem's one error model for invalid input.
//
// Every exported tandem type that a caller fills in has a Validate method.
// When the value is invalid, Validate returns a *Error, which lists every
// problem found at once, not only the first. Each problem is a [FieldError]
// with
//
//   - a Path in JSON field names, such as campaigns[2].phases[0].end,
//   - a machine-readable [Code], such as [CodeRequired] or [CodeOutOfRange],
//   - the offending value, and
//   - a sentence for people.
//
// Programs match errors by code and path, never by the text:
//
//	var verr *validation.Error
//	if errors.As(err, &verr) {
//		for _, fe := range verr.Errors {
//			fmt.Println(fe.Path, fe.Code)
//		}
//	}
//
// errors.Is(err, validation.ErrInvalid) reports whether err is a validation
// error at all.
//
// # Building errors
//
// Validators take the value and its [Path], and pass path.Child(...) or
// path.Index(i) down to the validators of their parts, appending the results
// to an [ErrorList]. An ErrorList is deliberately not an error: a list
// becomes one with [ErrorList.Err], which is nil when the list is empty, so a
// validator can never return a non-nil error that holds no problem.
//
// A type from another package reports its problems relative to itself; a
// parent re-roots them under its own path with [ErrorList.Merge].
//
// # Limits
//
// An error is bounded whatever the input: a list keeps the first
// [MaxErrors] (100) problems and counts the rest. [ErrorList.Add] and
// [ErrorList.Merge] only count once the list is [ErrorList.Full], and a
// long loop can skip building a problem and call [ErrorList.Omit]; the
// count costs no memory. An *Error lists at most MaxErrors problems, has
// the count in [Error.Omitted] (JSON "omitted"), and its text ends with
// "and 2,499,990 more problems". [Error.Has] and [Error.Find] see the
// problems kept. A caller's text is repeated in an error as an [Excerpt]
// of at most [MaxExcerpt] (64) bytes.
//
// Every decimal (github.com/shopspring/decimal) that tandem accepts, from
// JSON or from Go, has at most [MaxDecimalDigits] (38) digits written out
// (so below 10^38 in size) and an exponent within ±[MaxDecimalExponent]
// (28): at most 28 places after the point, and 1e28 but not 1e29 written
// with an exponent. A decimal within these bounds reads back from its own
// JSON within them.
// Decoding reads at most [MaxDecimalLength] (100) bytes of a decimal's text
// and checks its size before decimal's own decoder runs, so a million
// digits are refused in microseconds whatever decimal.MaxDecodeExponent is
// set to. Validate methods, and functions that compute with a caller's
// decimals, check each decimal with [CheckDecimal] before any arithmetic on
// it, and report a larger one as out_of_range at its path. Within these
// bounds every sum, product and comparison tandem makes stays a few dozen
// digits long.
package validation
