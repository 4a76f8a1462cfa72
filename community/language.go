package community

import (
	"strings"

	"github.com/tandemsocial/tandem/validation"
)

// Language tags ([Interaction.Language], [Condition.Languages],
// [Agent.Languages]) are BCP 47 tags such as "en", "es-MX" or "zh-Hant".
// tandem checks their form only, by hand, without a registry: a primary
// subtag of 2 or 3 ASCII letters, then optional subtags of 2 to 8 ASCII
// letters or digits, joined by "-". Tags are compared without regard to
// case.

// isLanguageTag reports whether s has the form of a language tag.
func isLanguageTag(s string) bool {
	for i, sub := range strings.Split(s, "-") {
		lo, hi := 2, 8
		if i == 0 {
			hi = 3
		}
		if len(sub) < lo || len(sub) > hi {
			return false
		}
		for _, c := range []byte(sub) {
			letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
			digit := '0' <= c && c <= '9'
			if !letter && (i == 0 || !digit) {
				return false
			}
		}
	}
	return true
}

// checkLanguage reports a tag that is not of the form of a language tag.
func checkLanguage(p *validation.Path, tag string) *validation.FieldError {
	if isLanguageTag(tag) {
		return nil
	}
	return validation.Invalid(p, validation.Excerpt(tag),
		`a language is a BCP 47 tag: 2 or 3 letters ("en", "es"), then optional subtags of 2 to 8 letters or digits joined by "-" ("es-MX", "zh-Hant")`)
}

// checkLanguages reports tags that are not language tags, and repeats
// (ignoring case), with paths under p.
func checkLanguages(p *validation.Path, tags []string) validation.ErrorList {
	var list validation.ErrorList
	seen := make(map[string]bool, len(tags))
	for i, t := range tags {
		if fe := checkLanguage(p.Index(i), t); fe != nil {
			list = list.Add(fe)
			continue
		}
		k := strings.ToLower(t)
		if seen[k] {
			list = list.Add(validation.Duplicate(p.Index(i), t))
		}
		seen[k] = true
	}
	return list
}

// languageMatches reports whether the language range r matches tag t by
// RFC 4647 basic filtering: r equals t, or r is a prefix of t that ends
// where a subtag of t ends ("es" matches "es-MX", "es-MX" does not match
// "es"), ignoring case.
func languageMatches(r, t string) bool {
	if len(r) > len(t) || !strings.EqualFold(r, t[:len(r)]) {
		return false
	}
	return len(r) == len(t) || t[len(r)] == '-'
}

// languagesMeet reports whether a person who writes a and a text in b
// understand each other: one matches the other ("es" and "es-MX" meet,
// "es-MX" and "es-ES" do not).
func languagesMeet(a, b string) bool { return languageMatches(a, b) || languageMatches(b, a) }
