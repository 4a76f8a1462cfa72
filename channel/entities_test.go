package channel_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/channel"
)

func TestCountEntities(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       channel.Entities
	}{
		{"empty", "", channel.Entities{}},
		{"plain", "Fresh beans this week", channel.Entities{}},
		{"one of each", "New roast #coffee by @acme: https://acme.example/roast", channel.Entities{Hashtags: 1, Mentions: 1, Links: 1}},
		{"hashtags with punctuation and digits", "#coffee, #2027 #café! #Flat_White", channel.Entities{Hashtags: 4}},
		{"a # alone is none", "# # #", channel.Entities{}},
		{"inside a word is none", "C# and we're#1 and mail@acme.example", channel.Entities{}},
		{"in brackets is none", "(#coffee) [#tea]", channel.Entities{}},
		{"a fragment is part of the link", "https://acme.example/p#top http://acme.example/@team", channel.Entities{Links: 2}},
		{"only lower-case schemes", "HTTPS://ACME.EXAMPLE ftp://acme.example acme.example www.acme.example", channel.Entities{}},
		{"unicode spaces split words", "a\u00a0#nbsp\u2003@em\u3000https://x.example", channel.Entities{Hashtags: 1, Mentions: 1, Links: 1}},
		{"remote mention", "@jane@mastodon.social", channel.Entities{Mentions: 1}},
		{"invalid UTF-8", "#a\xff \xff#b", channel.Entities{Hashtags: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, channel.CountEntities(tc.text))
		})
	}
}

// TestCountEntitiesIsCheckTextRule: the hashtags and links CheckText limits
// are the ones CountEntities counts.
func TestCountEntitiesIsCheckTextRule(t *testing.T) {
	l, ok := channel.Threads.Limits() // at most 1 hashtag
	if !ok {
		t.Fatal("no Threads limits")
	}
	for _, text := range []string{"#a", "#a #b", "C# #a", "(#a) #b", "#a https://x.example/#b"} {
		over := len(l.CheckText(nil, text)) > 0
		assert.Equal(t, channel.CountEntities(text).Hashtags > l.MaxHashtags, over, text)
	}
}

// FuzzCountEntitiesWords: every entity is a word, a hashtag word added
// counts one more, and a text without "#", "@" or ":" has none.
func FuzzCountEntitiesWords(f *testing.F) {
	for _, s := range []string{"", "#", "#a @b https://c", "C# (#x) #y,", "\u00a0#z\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := channel.CountEntities(s)
		words := len(strings.Fields(s))
		if e.Hashtags < 0 || e.Mentions < 0 || e.Links < 0 || e.Hashtags+e.Mentions+e.Links > words {
			t.Fatalf("%q: %+v over %d words", s, e, words)
		}
		// One more hashtag word, after a space, counts one more.
		if got := channel.CountEntities(s + " #x"); got.Hashtags != e.Hashtags+1 {
			t.Fatalf("%q + #x: %d hashtags, want %d", s, got.Hashtags, e.Hashtags+1)
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r == '#' || r == '@' || r == ':' }) {
			if e != (channel.Entities{}) {
				t.Fatalf("%q has no # @ or : but counts %+v", s, e)
			}
		}
	})
}

func ExampleCountEntities() {
	e := channel.CountEntities("Our C# team is hiring #jobs #remote, apply at https://acme.example/jobs#apply or ask @acme")
	fmt.Println(e.Hashtags, "hashtags,", e.Mentions, "mention,", e.Links, "link")
	// Output:
	// 2 hashtags, 1 mention, 1 link
}
