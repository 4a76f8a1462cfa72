package crisis

import (
	"math/big"
	mrand "math/rand"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFareyCeil checks fareyCeil against a search over every denominator.
func TestFareyCeil(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		c := big.NewRat(1+rng.Int64N(5000), 1+rng.Int64N(5000))
		n := 1 + rng.Int64N(200)
		var best *big.Rat
		for q := int64(1); q <= n; q++ {
			// the least p with p/q ≥ c: ⌈c·q⌉
			p := new(big.Int).Mul(c.Num(), big.NewInt(q))
			p.Add(p, new(big.Int).Sub(c.Denom(), big.NewInt(1)))
			p.Quo(p, c.Denom())
			f := new(big.Rat).SetFrac(p, big.NewInt(q))
			if best == nil || f.Cmp(best) < 0 {
				best = f
			}
		}
		p, q := fareyCeil(c, big.NewInt(n))
		require.LessOrEqual(t, q.Int64(), n)
		require.Zero(t, best.Cmp(new(big.Rat).SetFrac(p, q)), "c %s, n %d: got %s/%s, want %s", c, n, p, q, best)
	}
}

// TestReduce checks that the reduced ratio decides a ≥ c·b as c does, for
// every a and b in small ranges, and stays within the bounds.
func TestReduce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		c := big.NewRat(rng.Int64N(3000), 1+rng.Int64N(3000))
		if rng.IntN(10) == 0 {
			c = big.NewRat(1+rng.Int64N(1e6), 1) // beyond every a
		}
		maxA, maxB := rng.Int64N(60), 1+rng.Int64N(60)
		num, den := reduce(c, big.NewInt(maxA), big.NewInt(maxB))
		require.LessOrEqual(t, num.Int64(), maxA+1)
		require.LessOrEqual(t, den.Int64(), maxB)
		r := ratio{num: num.Uint64(), den: den.Uint64()}
		for a := int64(0); a <= maxA; a++ {
			for b := int64(0); b <= maxB; b++ {
				want := new(big.Rat).SetInt64(a).Cmp(new(big.Rat).Mul(c, big.NewRat(b, 1))) >= 0
				require.Equal(t, want, r.holds(uint64(a), uint64(b)), "c %s, a %d, b %d: %s/%s", c, a, b, num, den)
			}
		}
	}
}

// TestRatio128 checks the 256-bit comparison against math/big.
func TestRatio128(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	word := func() uint64 {
		switch rng.IntN(4) {
		case 0:
			return 0
		case 1:
			return ^uint64(0) - rng.Uint64N(3)
		}
		return rng.Uint64()
	}
	for range 20000 {
		a, b := u128{word(), word()}, u128{word(), word()}
		r := ratio128{num: u128{word(), word()}, den: u128{word(), word()}}
		if rng.IntN(3) == 0 {
			b, r.num = a, r.den // a tie
		}
		x := new(big.Int).Mul(a.big(), r.den.big())
		y := new(big.Int).Mul(b.big(), r.num.big())
		require.Equal(t, x.Cmp(y) >= 0, r.holds(a, b))
		require.Equal(t, a, u128From(a.big()))
	}
}

// foldRef is foldSmall and foldWide in math/big, from their definition.
func foldRef(mean int64, vr u128, alpha, beta uint64, diff int64) (int64, u128) {
	half := big.NewInt(1 << (alphaShift - 1))
	incr := new(big.Int).Mul(big.NewInt(diff), new(big.Int).SetUint64(alpha))
	incr.Add(incr, half).Rsh(incr, alphaShift) // Rsh floors negative numbers too
	s := new(big.Int).Mul(big.NewInt(diff), incr)
	s.Add(s, vr.big())
	s.Mul(s, new(big.Int).SetUint64(beta)).Add(s, half).Rsh(s, alphaShift)
	return mean + incr.Int64(), u128From(s)
}

// TestFold checks foldSmall (where it applies) and foldWide against
// math/big over values around foldSmall's limits and the bounds of the
// largest scope, and checks that the bounds hold.
func TestFold(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	u := maxCount(-1) << meanShift // the largest mean
	u2 := new(big.Int).Mul(big.NewInt(u), big.NewInt(u))
	pick := func(edges ...int64) int64 {
		e := edges[rng.IntN(len(edges))]
		return max(0, min(u, e+rng.Int64N(5)-2))
	}
	small := 0
	for range 60000 {
		n := []int{1, 2, 3, 7, 24, 1000, MaxWindowBuckets}[rng.IntN(7)]
		alpha, beta := smoothing(n)
		mean := pick(0, 1<<20, 1<<30, 1<<31, u/2, u, rng.Int64N(u))
		x := pick(0, 1<<20, 1<<30, 1<<31, u/2, u, rng.Int64N(u)) >> meanShift
		var vr u128
		switch rng.IntN(4) {
		case 0:
			vr = u128{lo: uint64(rng.Int64N(1 << 62))}
		case 1:
			vr = u128{lo: 1<<62 - uint64(rng.IntN(3))}
		case 2:
			vr = u128From(new(big.Int).Rand(newBigRand(rng), u2))
		}
		diff := x<<meanShift - mean
		wm, wv := foldRef(mean, vr, alpha, beta, diff)
		if gm, gv, ok := foldSmall(mean, vr, alpha, beta, diff); ok {
			small++
			require.Equal(t, wm, gm, "mean %d, var %v, diff %d, n %d", mean, vr, diff, n)
			require.Equal(t, wv, gv, "mean %d, var %v, diff %d, n %d", mean, vr, diff, n)
		}
		gm, gv := foldWide(mean, vr, alpha, beta, diff)
		require.Equal(t, wm, gm)
		require.Equal(t, wv, gv)
		require.True(t, gm >= 0 && gm <= u, "mean out of bounds")
		if vr.big().Cmp(u2) <= 0 {
			require.True(t, gv.big().Cmp(u2) <= 0, "variance out of bounds")
		}
	}
	require.Greater(t, small, 6000, "foldSmall applied too rarely to be tested")
}

// newBigRand adapts rng for big.Int.Rand.
func newBigRand(rng *rand.Rand) *mrand.Rand { return mrand.New(mrand.NewSource(rng.Int64())) }
