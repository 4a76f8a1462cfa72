//go:build race

package race

// Enabled is true when the program is built with the race detector.
const Enabled = true
