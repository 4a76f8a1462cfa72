package validation_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/validation"
)

type phase struct {
	Name string
}

// validatePhase reports problems relative to the phase itself.
func validatePhase(ph phase) error {
	var list validation.ErrorList
	if ph.Name == "" {
		list = append(list, validation.Required(validation.NewPath("name"), ""))
	}
	return list.Err()
}

// A validator walks a value, passing paths down and collecting every problem.
func Example() {
	phases := []phase{{Name: "teaser"}, {}}
	var list validation.ErrorList
	for i, ph := range phases {
		list = list.Merge(validation.NewPath("campaigns").Index(0).Child("phases").Index(i), validatePhase(ph))
	}
	err := list.Err()

	var verr *validation.Error
	if errors.As(err, &verr) {
		for _, fe := range verr.Errors {
			fmt.Println(fe.Path, fe.Code)
		}
	}
	fmt.Println(errors.Is(err, validation.ErrInvalid))
	// Output:
	// campaigns[0].phases[1].name required
	// true
}

func ExamplePath() {
	p := validation.NewPath("campaigns").Index(2).Child("phases").Index(0).Child("end")
	fmt.Println(p)
	// Output: campaigns[2].phases[0].end
}

// A list keeps the first MaxErrors problems and counts the rest: a loop
// over millions of bad items builds only what is kept.
func ExampleErrorList_Omit() {
	var list validation.ErrorList
	for i := range 2_500_000 {
		if list.Full() {
			list = list.Omit(1) // counted, not built
			continue
		}
		list = list.Add(validation.Required(validation.NewPath("items").Index(i).Child("name"), ""))
	}
	var verr *validation.Error
	errors.As(list.Err(), &verr)
	text := verr.Error()
	fmt.Println(len(verr.Errors), verr.Omitted)
	fmt.Println(text[len(text)-56:])
	// Output:
	// 100 2499900
	// items[99].name: is required; and 2,499,900 more problems
}

// A decimal built in Go is checked for size before any arithmetic on it:
// CheckDecimal names the field and never prints a billion digits.
func ExampleCheckDecimal() {
	budget := decimal.New(15, 1_000_000_000) // 15 followed by a billion zeros
	fmt.Println(validation.DecimalWithin(decimal.RequireFromString("1500.00")))
	fmt.Println(validation.CheckDecimal(validation.NewPath("budgets").Index(0).Child("amount"), budget))
	// Output:
	// true
	// budgets[0].amount: has exponent 1000000000; a decimal may have at most 28 digits after the point and an exponent of at most 28
}
