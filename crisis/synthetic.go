package crisis

import (
	"iter"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/channel"
)

// SpikeOptions shapes the synthetic series of [NegativeSpike]. Every field
// is optional: the zero value, or a nil pointer, means the defaults given
// with each field.
type SpikeOptions struct {
	// Seed selects the noise; the same options always give the same
	// series.
	Seed uint64
	// Start is the first bucket; it must be aligned to Bucket. Zero means
	// 2026-01-05T00:00:00Z.
	Start time.Time
	// Bucket is the width of a bucket; a drill needs the plan's
	// Detection.Bucket. Zero means 5 minutes.
	Bucket time.Duration
	// Buckets is the length of the series. Zero means 432 (36 hours of
	// 5-minute buckets).
	Buckets int
	// Channels are the networks with signals, one signal per channel per
	// bucket. Empty means Instagram and X.
	Channels []channel.Channel
	// Mentions is the mean number of mentions per bucket and channel
	// outside the spike. Zero means 20.
	Mentions int
	// NegativePercent is the share of negative mentions outside the spike,
	// in percent. Zero means 10.
	NegativePercent int
	// SpikeAt is the bucket in which the spike starts. Zero means two
	// thirds into the series.
	SpikeAt int
	// SpikeLength is how many buckets the spike lasts. Zero means 36.
	SpikeLength int
	// SpikeFactor multiplies the mentions at the peak of the spike. Zero
	// means 8.
	SpikeFactor int
	// SpikeNegativePercent is the share of negative mentions at the peak,
	// in percent. Zero means 70.
	SpikeNegativePercent int
	// KeywordPercent is the share of the spike's negative mentions that
	// match the keyword rule, in percent. Zero means 20.
	KeywordPercent int
	// Reach is the audience of the largest author who joins at the peak.
	// Zero means 2,500,000.
	Reach int64
}

func (o SpikeOptions) withDefaults() SpikeOptions {
	if o.Start.IsZero() {
		o.Start = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	if o.Bucket == 0 {
		o.Bucket = 5 * time.Minute
	}
	def(&o.Buckets, 432)
	if len(o.Channels) == 0 {
		o.Channels = []channel.Channel{channel.Instagram, channel.X}
	}
	def(&o.Mentions, 20)
	def(&o.NegativePercent, 10)
	def(&o.SpikeAt, o.Buckets*2/3)
	def(&o.SpikeLength, 36)
	def(&o.SpikeFactor, 8)
	def(&o.SpikeNegativePercent, 70)
	def(&o.KeywordPercent, 20)
	if o.Reach == 0 {
		o.Reach = 2_500_000
	}
	return o
}

// NegativeSpike returns a seeded synthetic series for drills: a steady
// stream of mentions with some noise, then a spike that ramps up over a
// third of its length, holds, and fades over the last third, during which
// mentions grow SpikeFactor times, turn mostly negative, name risky
// keywords, and draw in one author with a large audience at the peak. The
// series is bounded by Buckets and is the same for the same options. A
// negative number leaves out what it sizes: a negative SpikeLength means
// no spike, a negative Mentions no mentions. opts may be nil; it is read
// once, when NegativeSpike is called, and never changed.
func NegativeSpike(opts *SpikeOptions) iter.Seq[Signal] {
	var o SpikeOptions
	if opts != nil {
		o = *opts
		o.Channels = slices.Clone(o.Channels)
	}
	o = o.withDefaults()
	return func(yield func(Signal) bool) {
		rng := splitmix(o.Seed)
		third := max(o.SpikeLength/3, 1)
		for b := 0; b < o.Buckets; b++ {
			at := o.Start.Add(time.Duration(b) * o.Bucket)
			// intensity of the spike in thousandths: 0 outside, 1000 at
			// the plateau.
			var k int64
			if i := b - o.SpikeAt; i >= 0 && i < o.SpikeLength {
				switch {
				case i < third:
					k = int64(1000 * (i + 1) / third)
				case i >= o.SpikeLength-third:
					k = int64(1000 * (o.SpikeLength - i) / third)
				default:
					k = 1000
				}
			}
			for ci, c := range o.Channels {
				base := int64(max(o.Mentions, 0))
				mean := base + base*int64(max(o.SpikeFactor-1, 0))*k/1000
				// ±20% noise
				noise := int64(rng.next()%41) - 20
				mentions := max(mean+mean*noise/100, 0)
				negPct := int64(max(o.NegativePercent, 0)) + (int64(max(o.SpikeNegativePercent, 0))-int64(max(o.NegativePercent, 0)))*k/1000
				negative := min(mentions*negPct/100, mentions)
				positive := (mentions - negative) / 4
				hits := negative * int64(max(o.KeywordPercent, 0)) * k / 1000 / 100
				reach := int64(rng.next() % 40_000)
				if k == 1000 && ci == len(o.Channels)-1 && b == o.SpikeAt+o.SpikeLength/2 {
					reach = o.Reach
				}
				s := Signal{At: at, Channel: c, Mentions: mentions, Negative: negative, Positive: positive, Reach: reach, KeywordHits: min(hits, mentions)}
				if !yield(s) {
					return
				}
			}
		}
	}
}

// rng64 is SplitMix64: small, fast and the same on every platform and Go
// version, which a drill's golden timeline needs.
type rng64 struct{ s uint64 }

func splitmix(seed uint64) *rng64 { return &rng64{seed} }

func (r *rng64) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
