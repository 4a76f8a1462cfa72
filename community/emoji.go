package community

import "github.com/tandemsocial/tandem/internal/grapheme"

// emojiSpans calls fn with the byte span of every emoji in s: a grapheme
// cluster that holds a pictographic code point, a regional-indicator flag
// or a keycap mark, by the same grapheme rules as channel's counting.
func emojiSpans(s string, fn func(start, end int)) {
	grapheme.Clusters(s, func(start, end int) {
		if grapheme.IsEmoji(s[start:end]) {
			fn(start, end)
		}
	})
}
