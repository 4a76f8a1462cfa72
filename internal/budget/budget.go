// Package budget lets tests and fuzz targets hold a call to a time and
// memory budget that grows with the size of its input, so a hang or a
// blow-up on hostile input fails as a test instead of stalling CI.
//
// The budgets are deliberately generous: they catch work that is
// quadratic, unbounded or stuck, never a few percent of speed, and they
// hold on a busy two-core machine and under the race detector. Speed
// goals are benchmarks, not budgets.
package budget

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/tandemsocial/tandem/internal/race"
)

// Budget is what one call may spend.
type Budget struct {
	// Time is the wall-clock limit for the call.
	Time time.Duration
	// Bytes is the limit on what the call allocates in total (not what it
	// keeps live): every allocation counts, so work that allocates per
	// step is measured even when the garbage collector frees it at once.
	Bytes uint64
}

// RaceSlowdown multiplies every time limit under the race detector, which
// runs instrumented code several times slower (most on a busy machine).
const RaceSlowdown = 4

// Fixed parts of For: every call may take BaseTime and allocate BaseBytes,
// plus BytesPerInputByte for each byte of its input.
const (
	BaseTime          = 30 * time.Second
	BaseBytes         = 96 << 20
	BytesPerInputByte = 64
)

// For returns the budget of a call whose input is n bytes long: the time
// is fixed (a bounded call on fuzz-sized input takes milliseconds, so 30 s
// only ever catches a hang), the memory grows linearly with n.
func For(n int) Budget {
	return Budget{Time: BaseTime, Bytes: BaseBytes + BytesPerInputByte*uint64(max(n, 0))}
}

// TB is the part of testing.TB that Check uses.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Check runs fn and fails t when fn panics, runs past b.Time (RaceSlowdown times it under the race detector) or allocates
// more than b.Bytes. what names the call in the failure.
//
// fn runs on its own goroutine so that a hang can be reported; on a
// time-out that goroutine is abandoned (the test fails, and the fuzz
// engine keeps the input). Check measures allocation with
// runtime.ReadMemStats, so calls must not run in parallel with other
// allocating work of the same test.
func Check(t TB, what string, b Budget, fn func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	done := make(chan any, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Sprintf("panic: %v\n%s", r, debug.Stack())
				return
			}
			done <- nil
		}()
		fn()
	}()
	limit := b.Time
	if race.Enabled {
		// The race detector runs code several times slower; a hang is
		// still a hang at four times the limit.
		limit *= RaceSlowdown
	}
	timer := time.NewTimer(limit)
	defer timer.Stop()
	// A runaway call is stopped by its allocation as soon as it passes the
	// budget, not only at the end: poll the allocator's counter.
	poll := time.NewTicker(pollEvery)
	defer poll.Stop()
	used := func() uint64 {
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	for {
		select {
		case r := <-done:
			if r != nil {
				t.Fatalf("%s: %v", what, r)
				return
			}
			if u := used(); u > b.Bytes {
				t.Fatalf("%s: allocated %d MiB (budget %d MiB) in %v", what, u>>20, b.Bytes>>20, time.Since(start).Round(time.Millisecond))
			}
			return
		case <-poll.C:
			if u := used(); u > b.Bytes {
				t.Fatalf("%s: allocated %d MiB, past its budget of %d MiB, after %v", what, u>>20, b.Bytes>>20, time.Since(start).Round(time.Millisecond))
				return
			}
		case <-timer.C:
			t.Fatalf("%s: still running after %v (budget %v)", what, time.Since(start).Round(time.Millisecond), limit)
			return
		}
	}
}

// pollEvery is how often Check reads the allocator's counter while the
// call runs; reading it stops the world for microseconds.
const pollEvery = 50 * time.Millisecond

// Within runs fn and fails t when fn panics or has not returned after
// limit: a time budget alone, for a call whose memory is not in question,
// with a limit generous enough that a busy machine cannot make it flaky.
func Within(t TB, what string, limit time.Duration, fn func()) {
	t.Helper()
	Check(t, what, Budget{Time: limit, Bytes: math.MaxUint64}, fn)
}

// ForJSON returns the budget of a call whose input is values, sized as
// their JSON encoding: what a service would have received. It fails t
// when a value does not encode.
func ForJSON(t TB, values ...any) Budget {
	t.Helper()
	n := 0
	for _, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("budget.ForJSON: %v", err)
			return For(0)
		}
		n += len(b)
	}
	return For(n)
}
