package kpi

// This file makes every type that holds a decimal decode strictly, even
// through plain encoding/json (see the package documentation on decoding).

import "github.com/tandemsocial/tandem/internal/strictjson"

// UnmarshalJSON decodes Bucket strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (b *Bucket) UnmarshalJSON(data []byte) error {
	type plain Bucket
	return strictjson.Plain(data, b, (*plain)(b))
}

// UnmarshalJSON decodes Comparison strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (c *Comparison) UnmarshalJSON(data []byte) error {
	type plain Comparison
	return strictjson.Plain(data, c, (*plain)(c))
}

// UnmarshalJSON decodes Point strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (p *Point) UnmarshalJSON(data []byte) error {
	type plain Point
	return strictjson.Plain(data, p, (*plain)(p))
}

// UnmarshalJSON decodes Forecast strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (f *Forecast) UnmarshalJSON(data []byte) error {
	type plain Forecast
	return strictjson.Plain(data, f, (*plain)(f))
}

// UnmarshalJSON decodes Progress strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (p *Progress) UnmarshalJSON(data []byte) error {
	type plain Progress
	return strictjson.Plain(data, p, (*plain)(p))
}

// UnmarshalJSON decodes Baseline strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (b *Baseline) UnmarshalJSON(data []byte) error {
	type plain Baseline
	return strictjson.Plain(data, b, (*plain)(b))
}

// UnmarshalJSON decodes Target strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (t *Target) UnmarshalJSON(data []byte) error {
	type plain Target
	return strictjson.Plain(data, t, (*plain)(t))
}

// UnmarshalJSON decodes Band strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (b *Band) UnmarshalJSON(data []byte) error {
	type plain Band
	return strictjson.Plain(data, b, (*plain)(b))
}

// UnmarshalJSON decodes Milestone strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (m *Milestone) UnmarshalJSON(data []byte) error {
	type plain Milestone
	return strictjson.Plain(data, m, (*plain)(m))
}

// UnmarshalJSON decodes KPI strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (k *KPI) UnmarshalJSON(data []byte) error {
	type plain KPI
	return strictjson.Plain(data, k, (*plain)(k))
}

// UnmarshalJSON decodes Observation strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (o *Observation) UnmarshalJSON(data []byte) error {
	type plain Observation
	return strictjson.Plain(data, o, (*plain)(o))
}

// UnmarshalJSON decodes PostResult strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (r *PostResult) UnmarshalJSON(data []byte) error {
	type plain PostResult
	return strictjson.Plain(data, r, (*plain)(r))
}

// UnmarshalJSON decodes PostValue strictly, as PostResult does.
func (v *PostValue) UnmarshalJSON(data []byte) error {
	type plain PostValue
	return strictjson.Plain(data, v, (*plain)(v))
}

// UnmarshalJSON decodes PerPost strictly, as PostResult does.
func (p *PerPost) UnmarshalJSON(data []byte) error {
	type plain PerPost
	return strictjson.Plain(data, p, (*plain)(p))
}

// UnmarshalJSON decodes MedianInterval strictly, as PostResult does.
func (m *MedianInterval) UnmarshalJSON(data []byte) error {
	type plain MedianInterval
	return strictjson.Plain(data, m, (*plain)(m))
}

// UnmarshalJSON decodes Lift strictly, as PostResult does.
func (l *Lift) UnmarshalJSON(data []byte) error {
	type plain Lift
	return strictjson.Plain(data, l, (*plain)(l))
}

// UnmarshalJSON decodes Group strictly, as PostResult does.
func (g *Group) UnmarshalJSON(data []byte) error {
	type plain Group
	return strictjson.Plain(data, g, (*plain)(g))
}

// UnmarshalJSON decodes Outlier strictly, as PostResult does.
func (o *Outlier) UnmarshalJSON(data []byte) error {
	type plain Outlier
	return strictjson.Plain(data, o, (*plain)(o))
}

// UnmarshalJSON decodes GroupingResult strictly, as PostResult does.
func (g *GroupingResult) UnmarshalJSON(data []byte) error {
	type plain GroupingResult
	return strictjson.Plain(data, g, (*plain)(g))
}

// UnmarshalJSON decodes WhatWorks strictly, as PostResult does.
func (w *WhatWorks) UnmarshalJSON(data []byte) error {
	type plain WhatWorks
	return strictjson.Plain(data, w, (*plain)(w))
}
