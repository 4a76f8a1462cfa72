package calendar

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
)

// The index names the blackout the plain scan names: the first in order
// that covers the instant on the channel.
func TestBlackoutIndexAgreesWithScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	chans := []channel.Channel{channel.Instagram, channel.LinkedIn}
	for round := range 300 {
		var list []Blackout
		for i := range rng.IntN(20) {
			from := start.Add(time.Duration(rng.IntN(30)) * time.Hour)
			b := Blackout{From: from, To: from.Add(time.Duration(rng.IntN(8)) * time.Hour), Reason: fmt.Sprint(i)}
			if rng.IntN(2) == 0 {
				b.Channels = []channel.Channel{chans[rng.IntN(2)]}
			}
			list = append(list, b)
		}
		for _, c := range chans {
			x := newBlackoutIndex(list, c)
			for h := -2; h < 40; h++ {
				at := start.Add(time.Duration(h)*time.Hour + time.Duration(rng.IntN(2))*30*time.Minute)
				want := -1
				for i, b := range list {
					if b.Covers(c, at) {
						want = i
						break
					}
				}
				require.Equal(t, want, x.covering(at), "round %d %s at %v", round, c, at)
			}
		}
	}
}
