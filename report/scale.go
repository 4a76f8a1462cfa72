package report

import (
	"math"
	"time"

	"github.com/shopspring/decimal"
)

// maxAbs bounds every value a chart reads: decimals beyond it (which
// validation refuses but a hand-built value may hold) are drawn at it.
const maxAbs = 1e15

// float returns d as a finite float64, clamped to ±maxAbs.
func float(d decimal.Decimal) float64 {
	// The magnitude from the exponent first: converting 1e1000000 exactly
	// would build a million-digit integer.
	mag := int64(d.Exponent()) + int64(d.NumDigits())
	switch {
	case d.IsZero() || mag < -300:
		return 0
	case mag > 17:
		return float64(d.Sign()) * maxAbs
	}
	f := d.InexactFloat64()
	switch {
	case math.IsNaN(f):
		return 0
	case f > maxAbs:
		return maxAbs
	case f < -maxAbs:
		return -maxAbs
	}
	return f
}

// linear maps the domain [d0, d1] onto the range [r0, r1]. at clamps to
// the range, so a value outside the domain is drawn at its edge.
type linear struct{ d0, d1, r0, r1 float64 }

func (l linear) at(v float64) float64 {
	if math.IsNaN(v) {
		v = l.d0
	}
	span := l.d1 - l.d0
	if span == 0 || math.IsInf(span, 0) || math.IsNaN(span) {
		return (l.r0 + l.r1) / 2
	}
	t := (v - l.d0) / span
	t = math.Max(0, math.Min(1, t))
	return l.r0 + t*(l.r1-l.r0)
}

// timeScale maps instants onto a range; at clamps.
type timeScale struct {
	t0, t1 time.Time
	r0, r1 float64
}

func (s timeScale) at(t time.Time) float64 {
	span := s.t1.Sub(s.t0).Seconds()
	if span <= 0 {
		return (s.r0 + s.r1) / 2
	}
	f := t.Sub(s.t0).Seconds() / span
	f = math.Max(0, math.Min(1, f))
	return s.r0 + f*(s.r1-s.r0)
}

// niceTicks returns about n round values covering [lo, hi], and the
// number of decimal places they need.
func niceTicks(lo, hi float64, n int) ([]float64, int32) {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []float64{lo}, 0
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	// The places a step needs: 2.5 needs one, 0.25 two, 50 none.
	places := int32(0)
	for places < 12 {
		scaled := step * math.Pow(10, float64(places))
		if math.Abs(scaled-math.Round(scaled)) <= 1e-9*math.Max(1, scaled) {
			break
		}
		places++
	}
	var ticks []float64
	for v := math.Ceil(lo/step) * step; v <= hi+step*1e-9 && len(ticks) < 4*n; v += step {
		ticks = append(ticks, v)
	}
	return ticks, places
}

// tickText prints a tick value with places decimals, as tandem prints
// decimals.
func tickText(v float64, places int32) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return decimal.NewFromFloat(v).Round(places).StringFixed(places)
}

// span is a value range with room around it.
type span struct{ lo, hi float64 }

// add widens s to hold v.
func (s *span) add(v float64, first bool) {
	if first {
		s.lo, s.hi = v, v
		return
	}
	s.lo, s.hi = math.Min(s.lo, v), math.Max(s.hi, v)
}

// padded returns s with a margin of a tenth of its width on each side,
// or of one unit when it is a single value.
func (s span) padded() span {
	w := s.hi - s.lo
	if w <= 0 {
		w = math.Max(1, math.Abs(s.lo)/10)
		return span{s.lo - w, s.hi + w}
	}
	return span{s.lo - w/10, s.hi + w/10}
}
