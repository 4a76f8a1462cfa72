package crisis_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// ---- random plans and streams from bytes ----

// refBytes reads choices from fuzz bytes; past the end every choice is 0.
type refBytes struct{ b []byte }

func (r *refBytes) n(k int) int {
	if len(r.b) == 0 || k <= 1 {
		return 0
	}
	v := int(r.b[0])
	r.b = r.b[1:]
	return v % k
}

func pick[T any](r *refBytes, xs ...T) T { return xs[r.n(len(xs))] }

var refChannels = []channel.Channel{channel.Instagram, channel.X}

// refPlan builds a valid plan from bytes: one to five triggers of any kind
// the reference covers, on any level, channel and metric, with windows,
// thresholds, confirmations and cooldowns of a few buckets, and a bucket
// width and margin of its own.
func refPlan(r *refBytes) *crisis.Plan {
	p := samplePlan()
	p.Detection = crisis.Detection{
		Bucket: crisis.Duration(pick(r, 5*time.Minute, time.Minute, time.Hour, 15*time.Minute)),
		Margin: num(pick(r, "0.1", "0", "0.25", "0.5", "0.05", "0.9")),
	}
	bk := time.Duration(p.Detection.Bucket)
	bs := func(n int) crisis.Duration { return crisis.Duration(time.Duration(n) * bk) }
	levels := []string{"low", "moderate", "high", "critical"}
	p.Triggers = nil
	for k := range 1 + r.n(5) {
		t := crisis.Trigger{
			Name:     fmt.Sprintf("t%d", k),
			Kind:     pick(r, refKinds...),
			Level:    pick(r, levels...),
			Channel:  pick(r, "", channel.Instagram, channel.X),
			Confirm:  bs(1 + r.n(3)),
			Cooldown: bs(r.n(5)),
		}
		if t.Cooldown == 0 {
			t.Cooldown = bs(1)
		}
		metric := pick(r, crisis.MetricMentions, crisis.MetricNegative, crisis.MetricKeywordHits)
		window := bs(1 + r.n(6))
		switch t.Kind {
		case crisis.TriggerVolume:
			t.Metric, t.Window, t.Baseline = metric, window, bs(1+r.n(8))
			t.Ratio = num(pick(r, "2", "1.1", "1.5", "3", "1.25", "1.0001"))
			t.Threshold = num(pick(r, "1", "5", "20", "2.5", "0.5"))
		case crisis.TriggerNegativeShare:
			t.Window = window
			t.Share = num(pick(r, "0.5", "0.07", "0.3", "0.3333", "1", "0.12345"))
			t.Threshold = num(pick(r, "1", "10", "25", "3.5"))
		case crisis.TriggerKeyword:
			t.Window = window
			t.Threshold = num(pick(r, "3", "1", "10", "7.5"))
		case crisis.TriggerReach:
			t.Threshold = num(pick(r, "1000", "500", "999.5", "5000"))
		case crisis.TriggerAbsolute:
			t.Metric, t.Window = metric, window
			t.Threshold = num(pick(r, "30", "10", "60", "12.5", "1"))
		}
		p.Triggers = append(p.Triggers, t)
	}
	return p
}

// refStream builds a valid stream of signals and Advances from bytes:
// several channels per bucket in any order, quiet stretches longer and
// shorter than the horizon, spikes, and Advances to bucket ends and into
// the bucket being filled.
func refStream(r *refBytes, p *crisis.Plan, n int) []refStep {
	bk := time.Duration(p.Detection.Bucket)
	horizon := newRefDetector(p).horizon
	var steps []refStep
	b := t0
	for range n {
		what := r.n(8)
		if what == 0 { // a quiet stretch
			b = b.Add(time.Duration(1+r.n(int(2*horizon+3))) * bk)
			continue
		}
		chs := slices.Clone(refChannels)
		if r.n(2) == 1 {
			chs[0], chs[1] = chs[1], chs[0]
		}
		chs = chs[:1+r.n(2)]
		spike := int64(1)
		if r.n(5) == 0 {
			spike = int64(3 + r.n(10))
		}
		for _, c := range chs {
			m := int64(r.n(30)) * spike
			neg := int64(0)
			if m > 0 {
				neg = int64(r.n(int(m) + 1))
			}
			pos := int64(0)
			if m-neg > 0 {
				pos = int64(r.n(int(m-neg) + 1))
			}
			kw := int64(0)
			if m > 0 {
				kw = int64(r.n(int(m)/2 + 1))
			}
			reach := int64(r.n(7)) * 250
			steps = append(steps, refStep{sig: crisis.Signal{At: b, Channel: c, Mentions: m, Negative: neg, Positive: pos, KeywordHits: kw, Reach: reach}})
		}
		next := b.Add(bk)
		if what == 1 { // an Advance, into this bucket, to its end or past it
			adv := b.Add(pick(r, bk, bk/2, 2*bk, bk*time.Duration(horizon+2), bk+bk/3))
			steps = append(steps, refStep{advance: adv})
			// The next signal may not be in a bucket the Advance closed.
			for !next.Add(bk).After(adv) {
				next = next.Add(bk)
			}
		}
		b = next
	}
	steps = append(steps, refStep{advance: b.Add(bk)})
	return steps
}
