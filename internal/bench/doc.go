// Package bench holds benchmarks that run tandem side by side with other
// libraries and hand-written loops. It is a separate module so that the
// libraries compared against never enter tandem's own go.mod.
//
// Run them from this folder:
//
//	go test -run '^$' -bench . -count 5
package bench
