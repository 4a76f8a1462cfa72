package kpi_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// An observation from another system is read strictly even by plain
// encoding/json: a misspelled key and a value of a thousand digits are
// refused, each at its path, before the value is decoded.
func ExampleObservation_UnmarshalJSON() {
	feed := `{"metric":"clicks","At":"2025-05-01T09:00:00Z","value":"` + strings.Repeat("9", 1000) + `"}`
	var o kpi.Observation
	err := json.Unmarshal([]byte(feed), &o)
	var verr *validation.Error
	if errors.As(err, &verr) {
		for _, fe := range verr.Errors {
			fmt.Println(fe.Code, fe.Path)
		}
	}
	// Output:
	// not_supported At
	// out_of_range value
}
