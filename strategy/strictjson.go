package strategy

// This file makes every type that holds a decimal decode strictly, even
// through plain encoding/json (see the package documentation on decoding).

import "github.com/tandemsocial/tandem/internal/strictjson"

// UnmarshalJSON decodes Presence strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (p *Presence) UnmarshalJSON(data []byte) error {
	type plain Presence
	return strictjson.Plain(data, p, (*plain)(p))
}

// UnmarshalJSON decodes Movement strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (m *Movement) UnmarshalJSON(data []byte) error {
	type plain Movement
	return strictjson.Plain(data, m, (*plain)(m))
}

// UnmarshalJSON decodes Budget strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (b *Budget) UnmarshalJSON(data []byte) error {
	type plain Budget
	return strictjson.Plain(data, b, (*plain)(b))
}

// UnmarshalJSON decodes Member strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (m *Member) UnmarshalJSON(data []byte) error {
	type plain Member
	return strictjson.Plain(data, m, (*plain)(m))
}

// UnmarshalJSON decodes VerifyOptions strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (v *VerifyOptions) UnmarshalJSON(data []byte) error {
	type plain VerifyOptions
	return strictjson.Plain(data, v, (*plain)(v))
}

// UnmarshalJSON decodes EvergreenRank strictly: keys exactly as the fields'
// JSON names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (r *EvergreenRank) UnmarshalJSON(data []byte) error {
	type plain EvergreenRank
	return strictjson.Plain(data, r, (*plain)(r))
}
