// Package shareddata is how tests and benchmarks find the real data they
// read: ../shared/data, beside the repository, never copied into it. A
// user's clone has no ../shared, so a test that needs a file skips; .ci/run
// sets TANDEM_REQUIRE_DATA=1, which turns the file's absence into a
// failure, so that CI never passes by skipping.
package shareddata

import (
	"os"
	"testing"
)

// Path returns path when the file is there. Otherwise it fails tb under
// TANDEM_REQUIRE_DATA=1 and skips it elsewhere, saying why.
func Path(tb testing.TB, path string) string {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("TANDEM_REQUIRE_DATA") == "1" {
			tb.Fatalf("TANDEM_REQUIRE_DATA=1 but %s is absent (the shared data sits beside the repository, in ../shared/data): %v", path, err)
		}
		tb.Skipf("%s is absent: %v", path, err)
	}
	return path
}
