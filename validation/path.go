package validation

import (
	"strconv"
	"strings"
)

// Path is the location of a field inside a value, in JSON field names.
//
// A nil *Path is the root: the value being validated itself. Paths are
// immutable; Child, Index and Key return a new Path and leave the receiver
// unchanged, so one parent path can be shared by many children.
type Path struct {
	parent *Path
	name   string // field name; empty for an index or key step
	index  string // "[3]" or "[key]"; empty for a field step
}

// NewPath returns the path of a top-level field, followed by more nested
// field names if given: NewPath("goal", "deadline") is goal.deadline.
func NewPath(name string, more ...string) *Path {
	return (*Path)(nil).Child(name, more...)
}

// Child returns the path of the named field below p, followed by more nested
// field names if given.
func (p *Path) Child(name string, more ...string) *Path {
	c := &Path{parent: p, name: name}
	for _, m := range more {
		c = &Path{parent: c, name: m}
	}
	return c
}

// Index returns the path of element i of the list at p: items[3].
func (p *Path) Index(i int) *Path {
	return &Path{parent: p, index: "[" + strconv.Itoa(i) + "]"}
}

// Key returns the path of the map entry with key k at p: limits[instagram].
func (p *Path) Key(k string) *Path {
	return &Path{parent: p, index: "[" + k + "]"}
}

// String prints the path as campaigns[2].phases[0].end. The root path
// prints as the empty string.
func (p *Path) String() string {
	if p == nil {
		return ""
	}
	var steps []*Path
	for q := p; q != nil; q = q.parent {
		steps = append(steps, q)
	}
	var b strings.Builder
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if s.index != "" {
			b.WriteString(s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
	}
	return b.String()
}

// join appends a path printed relative to some value (child) to the printed
// path of that value (parent).
func join(parent, child string) string {
	switch {
	case parent == "":
		return child
	case child == "":
		return parent
	case child[0] == '[':
		return parent + child
	default:
		return parent + "." + child
	}
}
