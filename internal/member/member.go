// Package member prints references to team members for people. tandem
// refers to a person by the member's ID (strategy.Member.ID) everywhere; a
// caller that wants names passes a map from ID to name, and whatever has no
// name there is printed by its ID, so nothing is ever hidden.
package member

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/validation"
)

// Name returns the name names gives id, or the ID itself when it has
// none. The nil ID is the empty string.
func Name(names map[uuid.UUID]string, id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	if n, ok := names[id]; ok && strings.TrimSpace(n) != "" {
		return n
	}
	return id.String()
}

// Join returns the names of ids (see Name), separated by sep.
func Join(names map[uuid.UUID]string, ids []uuid.UUID, sep string) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(Name(names, id))
	}
	return b.String()
}

// Check reports the problems of a list of references that must name
// someone and must not repeat: for each index, whether the ID is nil and
// whether it repeats an earlier one.
func Check(ids []uuid.UUID, report func(i int, missing, repeated bool)) {
	seen := make(map[uuid.UUID]bool, len(ids))
	for i, id := range ids {
		switch {
		case id == uuid.Nil:
			report(i, true, false)
		case seen[id]:
			report(i, false, true)
		}
		seen[id] = true
	}
}

// CheckNames reports, at p.names[<id>] in the order of the IDs, every name
// that a printed line could not carry as written: invalid UTF-8 or a
// control character (a line break in a name would forge a line of a
// timeline or an iCalendar property).
func CheckNames(p *validation.Path, names map[uuid.UUID]string) validation.ErrorList {
	var list validation.ErrorList
	for _, id := range slices.SortedFunc(maps.Keys(names), func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }) {
		if name := names[id]; !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			list = append(list, validation.Invalid(p.Child("names").Key(id.String()), validation.Excerpt(name), "must be UTF-8 without control characters"))
		}
	}
	return list
}
