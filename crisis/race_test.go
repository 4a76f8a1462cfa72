//go:build race

package crisis_test

// raceEnabled is true under the race detector, which makes the sweeps run
// a part of their cases: they are single-goroutine checks of arithmetic,
// which run in full without it.
const raceEnabled = true
