package calendar

import (
	"fmt"
	"slices"
	"time"

	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// CSVDialect is the bulk-upload tool a CSV file is written for: each tool
// has its own columns and its own upload rules, which [CheckCSV] checks.
type CSVDialect string

// The dialects.
const (
	// CSVHootsuite is Hootsuite's bulk composer (and the tools that copied
	// its format): three columns without a header, date-time, message
	// and link; times on a CSVMinuteStep-minute step, one post per time.
	// The default (the empty dialect means it).
	CSVHootsuite CSVDialect = "hootsuite"
	// CSVSprout is Sprout Social's bulk scheduling import: a header row
	// with the documented column names (see [CSVDialect.Header]), the
	// date and the 24-hour time in columns of their own, the link inside
	// the message, and posts at least SproutMinSpacing apart.
	CSVSprout CSVDialect = "sprout"
)

var allCSVDialects = []CSVDialect{CSVHootsuite, CSVSprout}

// IsValid reports whether d is a known dialect.
func (d CSVDialect) IsValid() bool { return slices.Contains(allCSVDialects, d) }

// String returns the dialect's identifier, such as "sprout".
func (d CSVDialect) String() string { return string(d) }

// MarshalText encodes a known dialect (or the zero dialect, as ""); an
// unknown one is an error.
func (d CSVDialect) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.CSVDialect", d, allCSVDialects)
}

// UnmarshalText accepts exactly the identifiers of the known dialects.
func (d *CSVDialect) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.CSVDialect", text, allCSVDialects, d)
}

// Header returns the header row [WriteCSV] writes for the dialect, or nil
// for a dialect whose files have none (Hootsuite's, and the empty
// dialect). The tool matches the names exactly, case included. The slice
// is new on each call.
func (d CSVDialect) Header() []string {
	if d == CSVSprout {
		return []string{"date", "time_24hr", "message_text"}
	}
	return nil
}

// SproutMinSpacing is how far apart Sprout Social's bulk import requires
// the posts of one file to be.
const SproutMinSpacing = 10 * time.Minute

// sproutMessage is what a Sprout row's message_text holds for a post: its
// text, and its link on a line of its own after it unless the text holds
// the link already, as a whole URL (a longer URL that starts with the link
// is another link). Sprout's import has no link column: a link is part of
// the message, and the network shows it (or its preview) from there.
func sproutMessage(text, link string) string {
	if link == "" || containsURL(text, link) {
		return text
	}
	if text == "" {
		return link
	}
	return text + "\n" + link
}

// checkSproutSpacing reports each row less than SproutMinSpacing after
// another row (by instant, whatever their order in the file), at
// rows[i].at. rows holds the rows' instants, the zero time for a row whose
// time is already reported.
func checkSproutSpacing(at []time.Time, loc *time.Location) validation.ErrorList {
	idx := make([]int, 0, len(at))
	for i, t := range at {
		if !t.IsZero() {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(i, j int) int { return at[i].Compare(at[j]) })
	var list validation.ErrorList
	for k := 1; k < len(idx); k++ {
		prev, cur := idx[k-1], idx[k]
		if gap := at[cur].Sub(at[prev]); gap < SproutMinSpacing {
			shown := at[cur].In(loc).Format("2006-01-02 15:04 MST")
			list = append(list, validation.Conflict(validation.NewPath("rows").Index(cur).Child("at"), shown,
				fmt.Sprintf("row %d is %v after row %d; Sprout needs posts at least %v apart", cur+1, gap, prev+1, SproutMinSpacing)))
		}
	}
	return list
}
