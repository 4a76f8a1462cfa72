package crisis_test

import (
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/internal/race"
)

// TestShareSweep is the sweep: every share from 0.01 to 0.99 and
// every count of mentions from 1 to 1,000 whose negative mentions make
// exactly that share (4,200 cases), with one negative mention less and one
// more, each checked against exact rational arithmetic, through Observe and
// ObserveBatch.
func TestShareSweep(t *testing.T) {
	type pair struct{ neg, men int64 }
	var cases []pair
	exact := 0
	for men := int64(1); men <= 1000; men++ {
		for j := int64(1); j <= 99; j++ {
			if j*men%100 != 0 {
				continue
			}
			exact++
			if race.Enabled && exact%5 != 0 {
				continue
			}
			neg := j * men / 100
			cases = append(cases, pair{neg - 1, men}, pair{neg, men})
			if neg+1 <= men {
				cases = append(cases, pair{neg + 1, men})
			}
		}
	}
	require.Equal(t, 4200, exact)
	for _, group := range [][2]int64{{1, 50}, {51, 99}} {
		var ts []crisis.Trigger
		for j := group[0]; j <= group[1]; j++ {
			tr := oneBucketTrigger(crisis.TriggerNegativeShare)
			tr.Name, tr.Window, tr.Share, tr.Threshold = fmt.Sprint(j), d("5m"), decimal.New(j, -2), num("1")
			ts = append(ts, tr)
		}
		p := planWith(ts...)
		sigs := make([]crisis.Signal, len(cases))
		for i, c := range cases {
			sigs[i] = crisis.Signal{At: bucket(i), Channel: channel.X, Mentions: c.men, Negative: max(c.neg, 0)}
		}
		alerts := bothWays(t, p, sigs)
		fired := map[int64]map[string]bool{} // bucket → triggers
		for _, a := range alerts {
			b := int64(a.At.Sub(t0)/(5*time.Minute)) - 1
			fired[b] = map[string]bool{}
			for _, e := range a.Evidence {
				fired[b][e.Trigger] = e.Fired
			}
		}
		wrong := 0
		for i, c := range cases {
			for j := group[0]; j <= group[1]; j++ {
				want := big.NewRat(max(c.neg, 0), c.men).Cmp(big.NewRat(j, 100)) >= 0
				if fired[int64(i)][fmt.Sprint(j)] != want {
					wrong++
					if wrong <= 5 {
						t.Errorf("%d negative of %d at %d%%: fired %v, want %v", max(c.neg, 0), c.men, j, !want, want)
					}
				}
			}
		}
		require.Zero(t, wrong, "decisions that disagree with the exact answer, of %d", len(cases)*int(group[1]-group[0]+1))
	}
}
