package validation

import (
	"fmt"
	"unicode/utf8"
)

// MaxExcerpt is the most bytes of a caller's text that an error repeats.
const MaxExcerpt = 64

// Excerpt returns s as errors show it: whole when it has at most
// MaxExcerpt bytes, otherwise its first bytes (cut at a rune boundary)
// followed by "…" and its full length, so that an error about a 1 MB input
// stays short:
//
//	"FREQ=DAILY;X=1;X=1;X=1;X=1;X=1;X=1;X=1;X=1;X=1;X=1;X=1;X=1;X=1;X…" (10000000 bytes)
//
// The cut never splits a UTF-8 sequence; invalid bytes are kept as they
// are, for %q to show.
func Excerpt(s string) string {
	if len(s) <= MaxExcerpt {
		return s
	}
	cut := MaxExcerpt
	for cut > MaxExcerpt-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…(%d bytes)", s[:cut], len(s))
}
