package community

import "unicode"

// emojiSpans calls fn with the byte span of every emoji in s: a grapheme
// cluster that holds a pictographic code point, a regional-indicator flag
// or a keycap mark. The grapheme rules are the ones that matter in posts
// (joiners, variation selectors, skin tones, tags, flag pairs), as in
// channel's counting.
func emojiSpans(s string, fn func(start, end int)) {
	start := 0
	var prev rune = -1
	riRun := 0
	emoji := false
	flush := func(end int) {
		if emoji {
			fn(start, end)
		}
	}
	for i, r := range s {
		if prev >= 0 && !extendsCluster(prev, r, riRun) {
			flush(i)
			start = i
			emoji = false
		}
		if isRegionalIndicator(r) {
			riRun++
		} else {
			riRun = 0
		}
		if (isPictographic(r) && r > 0xFF) || isRegionalIndicator(r) || r == 0x20E3 {
			emoji = true
		}
		prev = r
	}
	if start < len(s) {
		flush(len(s))
	}
}

func extendsCluster(prev, r rune, riRun int) bool {
	switch {
	case prev == '\r' && r == '\n':
		return true
	case prev == '\r' || prev == '\n' || r == '\r' || r == '\n':
		return false
	case r == 0x200D:
		return true
	case prev == 0x200D:
		return isPictographic(r)
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc):
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF:
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF:
		return true
	case r >= 0xE0020 && r <= 0xE007F:
		return true
	case isRegionalIndicator(r) && isRegionalIndicator(prev):
		return riRun%2 == 1
	}
	return false
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// isPictographic approximates Unicode's Extended_Pictographic property with
// the blocks that hold emoji.
func isPictographic(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF,
		r >= 0x2600 && r <= 0x27BF,
		r >= 0x2300 && r <= 0x23FF,
		r >= 0x2B00 && r <= 0x2BFF,
		r >= 0x2190 && r <= 0x21FF,
		r == 0x00A9, r == 0x00AE, r == 0x203C, r == 0x2049, r == 0x2122, r == 0x2139,
		r == 0x3030, r == 0x303D, r == 0x3297, r == 0x3299:
		return true
	}
	return false
}
