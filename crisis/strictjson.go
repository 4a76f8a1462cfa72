package crisis

// This file makes every type that holds a decimal decode strictly, even
// through plain encoding/json (see the package documentation on decoding).

import "github.com/tandemsocial/tandem/internal/strictjson"

// UnmarshalJSON decodes Detection strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (d *Detection) UnmarshalJSON(data []byte) error {
	type plain Detection
	return strictjson.Plain(data, d, (*plain)(d))
}

// UnmarshalJSON decodes Evidence strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (e *Evidence) UnmarshalJSON(data []byte) error {
	type plain Evidence
	return strictjson.Plain(data, e, (*plain)(e))
}

// UnmarshalJSON decodes Trigger strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (t *Trigger) UnmarshalJSON(data []byte) error {
	type plain Trigger
	return strictjson.Plain(data, t, (*plain)(t))
}
