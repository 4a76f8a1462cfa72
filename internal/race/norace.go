//go:build !race

// Package race tells tests whether the race detector is on. It changes
// what allocation counts can promise (sync.Pool drops items at random
// under it, and its instrumentation allocates), and how much of a long
// sweep a test can afford.
package race

// Enabled is true when the program is built with the race detector.
const Enabled = false
