package channel

import (
	"strings"
	"testing"
)

// fieldsEntities is countEntities as it was first written, over
// strings.Fields: the reference the allocation-free split must match.
func fieldsEntities(text string) (hashtags, mentions, links int) {
	for _, w := range strings.Fields(text) {
		switch {
		case len(w) > 1 && w[0] == '#':
			hashtags++
		case len(w) > 1 && w[0] == '@':
			mentions++
		case isLink(w):
			links++
		}
	}
	return hashtags, mentions, links
}

// FuzzCountEntities: countEntities splits words exactly as strings.Fields
// does, Unicode spaces and invalid UTF-8 included, and allocates nothing.
func FuzzCountEntities(f *testing.F) {
	for _, s := range []string{
		"", " ", "#", "# @ ", "#tag @name https://a.example http://b x",
		"\u00a0#nbsp\u2003@em\u3000https://ideographic ", "#a\xff@b \xff#c", "\t\n#x\v@y\f\r",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, l := countEntities(s)
		wh, wm, wl := fieldsEntities(s)
		if h != wh || m != wm || l != wl {
			t.Fatalf("%q: %d %d %d, strings.Fields gives %d %d %d", s, h, m, l, wh, wm, wl)
		}
		if n := testing.AllocsPerRun(1, func() { countEntities(s) }); n != 0 {
			t.Fatalf("%q: %v allocations", s, n)
		}
	})
}
