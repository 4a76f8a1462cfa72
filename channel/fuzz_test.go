package channel_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

func FuzzUnmarshalText(f *testing.F) {
	for _, c := range channel.All() {
		f.Add(string(c))
	}
	f.Add("MySpace")
	f.Fuzz(func(t *testing.T, s string) {
		var c channel.Channel
		err := c.UnmarshalText([]byte(s))
		if err == nil {
			if !c.IsValid() || string(c) != s {
				t.Fatalf("accepted %q as %q", s, c)
			}
			b, merr := c.MarshalText()
			if merr != nil || string(b) != s {
				t.Fatalf("round trip of %q: %q, %v", s, b, merr)
			}
		} else if c != "" {
			t.Fatalf("failed decode changed the value to %q", c)
		}
	})
}

// FuzzCount checks that every counting is total and sane on any input.
func FuzzCount(f *testing.F) {
	f.Add("hello https://example.com @a@b.c #tag \U0001F468\u200D\U0001F469 e\u0301")
	f.Add("\r\n\r\r\n\U0001F1EA\U0001F1F8\U0001F1EA")
	f.Fuzz(func(t *testing.T, s string) {
		runes := utf8.RuneCountInString(s)
		g := channel.Graphemes(s)
		if g < 0 || g > runes || (runes > 0 && g == 0) {
			t.Fatalf("Graphemes(%q) = %d with %d runes", s, g, runes)
		}
		for _, c := range channel.All() {
			l, _ := c.Limits()
			if n := l.TextLength(s); n < 0 {
				t.Fatalf("%s: negative length %d", c, n)
			}
			_ = l.CheckText(nil, s)
		}
		if n := channel.CountXWeighted.Count(s, 0); n > 2*runes {
			t.Fatalf("x weight %d exceeds twice the runes %d", n, runes)
		}
	})
}

// FuzzLimitsJSON decodes arbitrary JSON as Limits: decoding and Validate
// never panic, and limits that validate survive a JSON round trip.
func FuzzLimitsJSON(f *testing.F) {
	l, _ := channel.Bluesky.Limits()
	b, _ := json.Marshal(l)
	f.Add(string(b))
	f.Add(`{"name":"N","counting":"words","maxText":-3}`)
	f.Fuzz(func(t *testing.T, data string) {
		var l channel.Limits
		if err := json.Unmarshal([]byte(data), &l); err != nil {
			return
		}
		if err := l.Validate(); err != nil {
			return
		}
		out, err := json.Marshal(l)
		if err != nil {
			t.Fatalf("valid limits do not marshal: %v", err)
		}
		var back channel.Limits
		if err := json.Unmarshal(out, &back); err != nil || back != l {
			t.Fatalf("round trip changed %+v into %+v (%v)", l, back, err)
		}
	})
}

// FuzzCheckPost builds a post from fuzzed text and numbers: CheckPost
// never panics on any network, limits without figures (but a title
// length: a zero MaxTitle means no title) pass it, and limits
// cut exactly to the post's own measures pass it too.
func FuzzCheckPost(f *testing.F) {
	f.Add("New menu #coffee https://example.com", "Title", "first comment", "alt text", uint8(3), uint8(1), int64(90_000))
	f.Add("", "", "", "", uint8(0), uint8(0), int64(0))
	f.Add("語\U0001F468\u200D\U0001F469", "t\xff", "@a@b.c", "\r\n", uint8(12), uint8(7), int64(-5))
	f.Fuzz(func(t *testing.T, text, title, comment, alt string, n, kinds uint8, millis int64) {
		post := channel.Post{Text: text, Title: title, FirstComment: comment}
		all := append(channel.MediaKinds(), "hologram")
		for i := range int(n % 40) {
			m := channel.Media{Kind: all[(int(kinds)+i)%len(all)], URL: "https://cdn.example/f"}
			if i%2 == 0 {
				m.AltText = alt
			}
			if m.Kind == channel.Video {
				m.Duration = time.Duration(millis%(1<<40)) * time.Millisecond
			}
			post.Media = append(post.Media, m)
		}
		for _, c := range channel.All() {
			l, _ := c.Limits()
			_ = l.CheckPost(validation.NewPath("post"), post)
		}
		if list := (channel.Limits{Name: "Open", Counting: channel.CountRunes, MaxTitle: math.MaxInt}).CheckPost(nil, post); list != nil {
			t.Fatalf("limits without figures refused the post: %v", list.Err())
		}
		tight := tightLimits(post)
		if err := tight.Validate(); err != nil {
			t.Fatalf("limits cut to the post do not validate: %v (%+v)", err, tight)
		}
		if list := tight.CheckPost(nil, post); list != nil {
			t.Fatalf("limits cut to the post refused it: %v (%+v)", list.Err(), tight)
		}
	})
}

// tightLimits returns limits that post meets exactly: each figure is the
// post's own measure.
func tightLimits(post channel.Post) channel.Limits {
	l := channel.Limits{Name: "Tight", Counting: channel.CountGraphemes, FirstComment: channel.FirstCommentAsComment}
	l.MaxText = l.TextLength(post.Text)
	if post.Title != "" {
		l.MaxTitle = utf8.RuneCountInString(post.Title)
	}
	l.MaxFirstComment = utf8.RuneCountInString(post.FirstComment)
	l.MaxAttachments, l.MinAttachments = len(post.Media), len(post.Media)
	counts := map[channel.MediaKind]int{}
	var kinds []channel.MediaKind
	minVideo, maxVideo := -1, 0
	for _, m := range post.Media {
		counts[m.Kind]++
		if m.Kind.IsValid() {
			kinds = append(kinds, m.Kind)
		}
		if n := utf8.RuneCountInString(m.AltText); n > l.MaxAltText {
			l.MaxAltText = n
		}
		if m.Kind == channel.Video && m.Duration > 0 {
			lo := int(m.Duration / time.Second)                     // whole seconds, rounded down
			hi := int((m.Duration + time.Second - 1) / time.Second) // rounded up
			if minVideo < 0 || lo < minVideo {
				minVideo = lo
			}
			maxVideo = max(maxVideo, hi)
		}
	}
	l.Media = channel.SetOf(kinds...)
	l.MaxImages, l.MaxVideos, l.MaxDocuments = counts[channel.Image], counts[channel.Video], counts[channel.Document]
	l.NoMixedMedia = len(l.Media.Kinds()) <= 1
	if minVideo > 0 {
		l.MinVideoSeconds = minVideo
	}
	l.MaxVideoSeconds = maxVideo
	return l
}
