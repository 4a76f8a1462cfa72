package crisis

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/channel"
)

func TestChannelIndexMatchesAll(t *testing.T) {
	all := channel.All()
	assert.LessOrEqual(t, len(all), 32, "the seen mask is a uint32")
	for i, c := range all {
		assert.Equal(t, i, channelIndex(c), c)
	}
	assert.Equal(t, -1, channelIndex("myspace"))
	assert.Equal(t, -1, channelIndex(""))
}

func TestFloorDiv(t *testing.T) {
	for _, c := range []struct{ a, b, want int64 }{
		{10, 5, 2}, {11, 5, 2}, {-1, 5, -1}, {-5, 5, -1}, {-6, 5, -2}, {0, 5, 0},
	} {
		assert.Equal(t, c.want, floorDiv(c.a, c.b), "%d/%d", c.a, c.b)
	}
}
