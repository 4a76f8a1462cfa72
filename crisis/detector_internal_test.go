package crisis

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/channel"
)

func TestChannelIndexMatchesAll(t *testing.T) {
	all := channel.All()
	assert.LessOrEqual(t, len(all), maxChannels, "channel indexes are masked with maxChannels-1")
	for i, c := range all {
		assert.Equal(t, i, channelIndex(c), c)
	}
	assert.Equal(t, -1, channelIndex("myspace"))
	assert.Equal(t, -1, channelIndex(""))
}

// TestChannelSlots: every known channel has a slot of its own, so that
// channelIndex finds it without the loop.
func TestChannelSlots(t *testing.T) {
	for i, c := range channel.All() {
		e := channelSlots[channelSlot(c, channelHash)]
		assert.Equal(t, c, e.name, "slot of %s", c)
		assert.Equal(t, i, e.index, "slot of %s", c)
	}
	// A name of a known channel's length, first and last bytes lands in
	// its slot, and is still unknown.
	assert.Equal(t, -1, channelIndex("ixxxxxxxm"))
	assert.Equal(t, -1, channelIndex("X"))
}

// TestChannelSlotsShared: names that no multiplier tells apart (same
// length, first and last bytes) share a slot; the first keeps it.
func TestChannelSlotsShared(t *testing.T) {
	names := []channel.Channel{"abc", "axc", "q"}
	mult := findChannelHash(names)
	slots := fillChannelSlots(names, mult)
	assert.Equal(t, channel.Channel("abc"), slots[channelSlot("axc", mult)].name)
	filled := 0
	for _, e := range slots {
		if e.name != "" {
			filled++
		} else {
			assert.Equal(t, -1, e.index)
		}
	}
	assert.Equal(t, 2, filled)
}

// FuzzChannelIndex: channelIndex is the position in channel.All, or -1.
func FuzzChannelIndex(f *testing.F) {
	for _, c := range channel.All() {
		f.Add(string(c))
	}
	f.Add("")
	f.Add("ixxxxxxxm")
	f.Fuzz(func(t *testing.T, s string) {
		want := -1
		for i, c := range channel.All() {
			if channel.Channel(s) == c {
				want = i
			}
		}
		if got := channelIndex(channel.Channel(s)); got != want {
			t.Fatalf("channelIndex(%q) = %d, want %d", s, got, want)
		}
	})
}

func TestFloorDiv(t *testing.T) {
	for _, c := range []struct{ a, b, want int64 }{
		{10, 5, 2}, {11, 5, 2}, {-1, 5, -1}, {-5, 5, -1}, {-6, 5, -2}, {0, 5, 0},
	} {
		assert.Equal(t, c.want, floorDiv(c.a, c.b), "%d/%d", c.a, c.b)
	}
}
