// Package strategytest verifies social-media plans in go test.
//
// A team that writes its plan as Go code (or decodes it from JSON) checks
// it like any other code:
//
//	func TestPlan(t *testing.T) {
//		strategytest.Verify(t, myplan.Plan())
//	}
//
// # Verifying
//
// Verify runs strategy.Verify and fails the test once, listing every finding
// of severity error; VerifyWith chooses the least severity that fails and
// passes options to strategy.Verify. Both return the report. The helpers
// take a TB, the small part of testing.TB they use, so that a test can pass
// a recorder and prove that a flawed plan is reported. ExpectFinding and
// HasFinding check that a report holds a given rule's finding at a path.
//
// # Golden calendars
//
// CalendarText prints a plan's calendar over a window, one line per routine
// slot or entry, on the plan's wall clock (a slot that a blackout skips is
// marked skip, with the blackout's reason); GoldenCalendar compares it with
// a file under testdata/, and rewrites the file when the test runs with
// -strategytest.update. The flag is namespaced (as net/http/httptest's
// are), so a test package that imports strategytest keeps -update for
// itself.
//
// # Crisis drills
//
// Drill runs the plan's crisis plan against a series of signals (recorded,
// or synthetic such as crisis.NegativeSpike) and a scripted team, and fails
// the test unless the outcome is the one a DrillWant describes: enough
// alerts, the levels reached, the people notified, no more missed
// deadlines and no more refused responses than allowed.
package strategytest
