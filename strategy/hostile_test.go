package strategy_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
)

// hostilePlans are plans, written as JSON by someone else, that once made
// the plan path hang or blow up (issue 13). Each must now pass through
// the whole path within its budget.
func hostilePlans(t testing.TB) map[string][]byte {
	good, err := json.Marshal(verifiedplan.Plan())
	require.NoError(t, err)
	plan := string(good)
	firstRule := regexp.MustCompile(`"rule":"[^"]*"`)
	withRule := func(rule string) []byte {
		loc := firstRule.FindStringIndex(plan)
		require.NotNil(t, loc, "the sample plan has a routine")
		return []byte(plan[:loc[0]] + `"rule":"` + rule + `"` + plan[loc[1]:])
	}
	// Replaces the plan's entries with the given ones.
	withEntries := func(entries []calendar.Entry) []byte {
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(good, &m))
		data, err := json.Marshal(entries)
		require.NoError(t, err)
		m["entries"] = data
		out, err := json.Marshal(m)
		require.NoError(t, err)
		return out
	}
	sample := verifiedplan.Plan().Entries[0]
	loc, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	same := make([]calendar.Entry, 3000)
	for i := range same {
		e := sample
		e.ID = uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "hostile-%d", i))
		e.RoutineID = uuid.Nil
		e.At = time.Date(2027, 3, 1, 9, 0, 0, 0, loc).Add(time.Duration(i) * time.Minute)
		same[i] = e
	}
	farApart := []calendar.Entry{sample, sample}
	farApart[1].ID = uuid.NewSHA1(uuid.NameSpaceOID, []byte("hostile-far"))
	farApart[1].RoutineID = uuid.Nil
	farApart[0].RoutineID = uuid.Nil
	farApart[1].At = time.Date(9999, 6, 1, 10, 0, 0, 0, loc)
	// Issue 14: a plan of a hundred thousand accounts on one network,
	// whose entries name accounts it does not have and post from a hundred
	// accounts each, with a variant and a tagged link for each.
	manyAccounts := func() []byte {
		p := verifiedplan.Plan()
		for i := range 100_000 {
			p.Accounts = append(p.Accounts, channel.Account{Channel: channel.Instagram, Handle: fmt.Sprint("page-", i)})
		}
		p.Campaigns[0].Links = strategy.LinkPolicy{Medium: "social", Source: strategy.LinkSourceAccount}
		for i := range p.Entries {
			e := &p.Entries[i]
			if e.Channel != channel.Instagram {
				continue
			}
			for j := range calendar.MaxEntryAccounts {
				h := fmt.Sprint("page-", j)
				if i == 0 {
					h = fmt.Sprint("nobody-", j)
				}
				e.Accounts = append(e.Accounts, h)
				e.Variants = append(e.Variants, calendar.Variant{Account: h, Text: e.Text + " " + e.Link})
			}
		}
		data, err := json.Marshal(p)
		require.NoError(t, err)
		return data
	}
	return map[string][]byte{
		"100k accounts, entries from 100 accounts each": manyAccounts(),
		// item 1: a routine of one post a second.
		"secondly routine": withRule("FREQ=SECONDLY"),
		"minutely routine": withRule("FREQ=MINUTELY;BYHOUR=9,10,11"),
		// item 2: thousands of posts with one text.
		"3000 posts, one text": withEntries(same),
		// item 3: a rule of 2.5 million unknown parts.
		"rule of 2.5M parts": withRule(strings.Repeat("X=1;", 2_500_000)),
		// item 6: a budget of a million digits.
		"million-digit amount": []byte(strings.Replace(plan, `"amount":"`, `"amount":"1`+strings.Repeat("0", 1_000_000), 1)),
		// item 12: one entry in 9999 beside the plan's own.
		"entry in 9999": withEntries(farApart),
	}
}

// FuzzPlanPath sends arbitrary JSON down the whole plan path a service
// runs on a plan it was sent: Decode, Validate, Verify, Trace, the
// routines' slots over the plan's period, and the .ics and .csv exports of
// its calendar. Whatever the input, nothing panics and every step, taken
// together, stays within a time and memory budget that grows with the
// input's size only (budget.For).
func FuzzPlanPath(f *testing.F) {
	good, err := json.Marshal(verifiedplan.Plan())
	require.NoError(f, err)
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"objectives":[{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","parent":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}]}`))
	f.Add([]byte(`{"zone":"Europe/Madrid","goal":{"deadline":"2027-01-01T00:00:00Z"},"campaigns":[{"start":"2026-01-01T00:00:00Z","end":"2027-06-01T00:00:00Z"}]}`))
	f.Fuzz(checkPlanPath)
}

// TestHostilePlans sends the plans of issue 13 that once hung or blew up
// down the plan path of FuzzPlanPath. They are a test of their own, not
// seeds of the fuzz target: inputs of megabytes would slow its search.
func TestHostilePlans(t *testing.T) {
	hostile := hostilePlans(t)
	for _, name := range slices.Sorted(maps.Keys(hostile)) {
		t.Run(name, func(t *testing.T) { checkPlanPath(t, hostile[name]) })
	}
}

// checkPlanPath runs planPath on data within budget.For(len(data)), and
// holds what the exports write to maxExport.
func checkPlanPath(t *testing.T, data []byte) {
	var written int
	var lie error
	budget.Check(t, "plan path", budget.For(len(data)), func() { written, lie = planPath(data) })
	if lie != nil {
		t.Fatal(lie)
	}
	if limit := maxExport(len(data)); written > limit {
		t.Fatalf("the exports of a %d-byte plan wrote %d bytes (limit %d)", len(data), written, limit)
	}
}

// maxExport bounds what the .ics and .csv exports of an n-byte plan may
// write: each part of the plan is written once, in a few lines, whatever
// the span of time it covers.
func maxExport(n int) int { return 1<<20 + 64*n }

// counter counts what is written to it.
type counter int

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

// planPath is what a service does with a plan it receives; its results
// are thrown away, only its cost, what it exports and its not panicking
// count. It returns the number of bytes the exports wrote, and an error
// when a result of a valid step cannot be encoded.
func planPath(data []byte) (int, error) {
	plan, err := strategy.Decode(bytes.NewReader(data))
	if err != nil {
		_ = err.Error()
		return 0, nil
	}
	if err := plan.Validate(); err != nil {
		_ = err.Error()
	}
	report := strategy.Verify(plan, nil)
	_ = report.String()
	_, _ = json.Marshal(report)
	_ = strategy.Trace(plan)
	// Review as of the goal's deadline and a year later, with no
	// observations yet.
	empty, err := kpi.NewSeries(nil)
	if err != nil {
		return 0, err
	}
	for _, at := range []time.Time{plan.Goal.Deadline, plan.Goal.Deadline.AddDate(1, 0, 0)} {
		if at.IsZero() {
			continue
		}
		if res, err := strategy.Review(plan, empty, at, nil); err == nil {
			if _, err := json.Marshal(res); err != nil {
				return 0, fmt.Errorf("the review of a plan does not encode: %w", err)
			}
		}
	}
	for _, k := range plan.KPIs {
		_, _, _ = strategy.MonthlyChange(k)
	}

	// The routines' slots over the plan's period: the weeks up to the
	// goal's deadline that Verify looks at.
	to := plan.Goal.Deadline
	if to.IsZero() {
		to = time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	w := calendar.Window{From: to.AddDate(0, 0, -7*strategy.MaxLoadWeeks), To: to}
	if slots, err := calendar.Slots(plan.Routines, plan.CalendarRules.Blackouts, w); err == nil {
		for range slots {
		}
	}
	if skipped, err := calendar.SkippedSlots(plan.Routines, plan.CalendarRules.Blackouts, w); err == nil {
		for range skipped {
		}
	}

	cal := calendar.Calendar{Name: plan.Brand.Name, Routines: plan.Routines, Entries: plan.Entries, Milestones: plan.Milestones, Blackouts: plan.CalendarRules.Blackouts}
	// The calendar as it goes out (accounts named, links tagged), when
	// every entry can go out; and the clicks of its links, attributed.
	if out, err := plan.Calendar(); err == nil {
		out.Name = cal.Name
		cal = out
		var visits []strategy.Visit
		for _, e := range out.Entries {
			for _, h := range e.Targets() {
				visits = append(visits, strategy.Visit{URL: e.Post(h).Link, Clicks: 1})
			}
		}
		if _, err := strategy.Attribute(plan, visits); err != nil {
			return 0, fmt.Errorf("the clicks of a plan's own links are refused: %w", err)
		}
	} else {
		_ = err.Error()
	}
	stamp := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	var out counter
	if cal.Validate() == nil {
		_ = calendar.WriteICS(&out, cal, stamp, &calendar.ICSOptions{Names: plan.MemberNames()})
	}
	loc, err := plan.Location()
	if err != nil {
		return int(out), nil
	}
	for _, g := range calendar.GroupByAccount(cal.Entries) {
		for _, d := range []calendar.CSVDialect{calendar.CSVHootsuite, calendar.CSVSprout} {
			opts := &calendar.CSVOptions{Dialect: d, Account: g.Account, OmitUnsupported: true}
			if calendar.CheckCSV(g.Entries, loc, stamp, opts) == nil {
				_ = calendar.WriteCSV(&out, g.Entries, loc, stamp, opts)
			}
		}
	}
	return int(out), nil
}
