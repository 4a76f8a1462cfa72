package calendar

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/civil"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/validation"
)

// The upload rules of bulk-scheduling tools, checked by [WriteCSV] before
// it writes anything. CSVMinLead and CSVMaxRows hold for every dialect;
// CSVMinuteStep for Hootsuite's; SproutMinSpacing for Sprout's.
const (
	// CSVMinLead is how long after the upload a post may be scheduled at
	// the earliest.
	CSVMinLead = 10 * time.Minute
	// CSVMinuteStep: in Hootsuite's dialect, post times fall on minutes
	// that are multiples of it.
	CSVMinuteStep = 5
	// CSVMaxRows is the most posts one file may hold (Hootsuite's bulk
	// composer and Sprout's bulk import both take 350; a Sprout trial
	// account takes 50, which tandem does not know about).
	CSVMaxRows = 350
)

// CSVOptions configure [WriteCSV] and [CheckCSV]. Every field is
// optional; the zero value, or a nil pointer, means the defaults.
type CSVOptions struct {
	// Dialect is the tool the file is for; empty means CSVHootsuite.
	Dialect CSVDialect
	// Account is the handle of the account the file is for (the tools
	// take one file per account, chosen when it is uploaded). Every row's
	// entry must be published from it (name it in Entry.Accounts, or name
	// no account: the brand's only account on the channel), and each row
	// carries that account's post, its variant applied (Entry.Post).
	// Empty: each entry's only account, the same for every row; an entry
	// with several accounts is then an error, since the file could be for
	// any of them.
	Account string
	// MonthFirst writes dates as MM/DD/YYYY instead of DD/MM/YYYY.
	MonthFirst bool
	// Formulas says what to do with a message that a spreadsheet would
	// read as a formula; empty means CSVFormulaRefuse.
	Formulas CSVFormulaPolicy
	// OmitUnsupported writes a post whose title, first comment or media
	// the dialect has no column for without them: the tool publishes
	// the rest, and a person adds them in the tool after the upload. By
	// default such a post is refused, naming the row and the field
	// (rows[i].media), because the tool would publish less than the plan
	// says.
	OmitUnsupported bool
}

// CSVFormulaPolicy says what [WriteCSV] does with a message that starts
// like a spreadsheet formula (with =, +, -, @ or a tab). The file is read
// by two programs: the upload tool publishes each cell's text as it is,
// and a spreadsheet that opens the file runs a cell that starts like a
// formula. No text satisfies both, so the caller chooses.
type CSVFormulaPolicy string

// The formula policies.
const (
	// CSVFormulaRefuse: such a message is an error naming its row, and
	// nothing is written. The default: reword the post ("Only today:
	// -20%"), or choose another policy.
	CSVFormulaRefuse CSVFormulaPolicy = "refuse"
	// CSVFormulaApostrophe: the message is written after an apostrophe,
	// which spreadsheets show as text; the upload tool publishes the
	// apostrophe too.
	CSVFormulaApostrophe CSVFormulaPolicy = "apostrophe"
	// CSVFormulaVerbatim: the message is written as it is and published
	// as it is; a spreadsheet that opens the file may run it as a formula.
	CSVFormulaVerbatim CSVFormulaPolicy = "verbatim"
)

var allCSVFormulaPolicies = []CSVFormulaPolicy{CSVFormulaRefuse, CSVFormulaApostrophe, CSVFormulaVerbatim}

// IsValid reports whether p is a known policy.
func (p CSVFormulaPolicy) IsValid() bool { return slices.Contains(allCSVFormulaPolicies, p) }

// String returns the policy's identifier, such as "refuse".
func (p CSVFormulaPolicy) String() string { return string(p) }

// MarshalText encodes a known policy (or the zero policy, as ""); an
// unknown one is an error.
func (p CSVFormulaPolicy) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.CSVFormulaPolicy", p, allCSVFormulaPolicies)
}

// UnmarshalText accepts exactly the identifiers of the known policies.
func (p *CSVFormulaPolicy) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.CSVFormulaPolicy", text, allCSVFormulaPolicies, p)
}

// WriteCSV writes one account's entries as a bulk-upload CSV file for the
// tool opts.Dialect names: one row per entry, in the order given, UTF-8,
// each row carrying the post of the account the file is for
// (opts.Account; see [CSVOptions]).
//
// Hootsuite's bulk composer (CSVHootsuite, the default) takes three
// columns and no header:
//
//	date-time   local time in loc, "DD/MM/YYYY HH:MM" (24-hour
//	            clock; "MM/DD/YYYY HH:MM" with MonthFirst)
//	message     the post's text, exactly
//	link        the post's link, or empty
//
// Sprout Social's bulk import (CSVSprout) takes a header row with the
// column names it documents, matched case and all
// ([CSVDialect.Header]), then one row per post:
//
//	date          local date in loc, "DD/MM/YYYY" ("MM/DD/YYYY" with
//	              MonthFirst: the same choice is made in Sprout's import
//	              preferences)
//	time_24hr     local time in loc, "HH:MM" (24-hour clock)
//	message_text  the post's text, then its link on a line of its own
//	              unless the text holds it already: Sprout's columns
//	              have no link of their own
//
// Sprout's file names no profile: the profile is chosen in Sprout when
// the file is imported, so no platform ID is needed.
//
// Neither tool's documented columns carry a title, a first comment or
// media: a post with any of them is refused unless opts.OmitUnsupported
// says to write it without them.
//
// What the upload tool publishes is exactly the text written, and no cell
// runs as a formula when a spreadsheet opens the file: a message that
// starts like a formula cannot be both, and opts.Formulas says what to do
// with it (by default it is refused; see [CSVFormulaPolicy]). Links are
// absolute http(s) URLs, which never start like a formula. Quoting follows
// RFC 4180 (encoding/csv).
//
// Before writing anything WriteCSV checks every entry with [CheckCSV] and
// returns a *validation.Error naming each bad row (rows[i] is entries[i]);
// nothing is written when a rule is broken.
//
// loc is the account's zone, in which the times are written; now is the
// instant of the upload (tandem never reads the clock). Both are
// required; opts may be nil.
func WriteCSV(w io.Writer, entries []Entry, loc *time.Location, now time.Time, opts *CSVOptions) error {
	var o CSVOptions
	if opts != nil {
		o = *opts
	}
	rows, list := planCSV(entries, loc, now, o)
	if err := list.Err(); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if h := o.Dialect.Header(); h != nil {
		if err := cw.Write(h); err != nil {
			return err
		}
	}
	date := "02/01/2006"
	if o.MonthFirst {
		date = "01/02/2006"
	}
	for _, r := range rows {
		message := r.message
		if o.Formulas == CSVFormulaApostrophe {
			message = NeutralizeCell(message)
		}
		var row []string
		if o.Dialect == CSVSprout {
			row = []string{r.at.Format(date), r.at.Format("15:04"), message}
		} else {
			row = []string{r.at.Format(date + " 15:04"), message, r.link}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CheckCSV reports every rule that entries break, as [WriteCSV] checks
// them, without writing. Each problem is a validation error at rows[i]
// (rows[i].at, rows[i].message, …) for entries[i], or at options.… for a
// bad option.
//
// The upload tools' rules: every entry on the same channel and published
// from the account the file is for (rows[i].channel, rows[i].accounts), a
// message present, a time at least CSVMinLead after now, at most
// CSVMaxRows rows; in Hootsuite's dialect a time on a minute that is a
// multiple of CSVMinuteStep with zero seconds and at most one post per
// written time; in Sprout's a time with zero seconds and every post at
// least SproutMinSpacing after every other (rows[i].at names the later of
// two). And the file's: a time whose local wall clock occurs twice in loc
// (the hour repeated when clocks fall back) is refused, because the
// written time could not say which instant it means; a message, with its
// link (inside it in Sprout's dialect; after it, as Hootsuite publishes
// the link column, unless the message holds it already), must fit the
// channel's limits (as
// Entry.Validate checks them for the .ics export) and must be text the
// file carries exactly (no control character but tab and line feed, no
// carriage return, which CSV readers turn into a line feed, valid UTF-8);
// a link must be an absolute http(s) URL; a message that starts like a
// formula is refused under the default policy; a title, first comment or
// media no column carries are refused unless OmitUnsupported
// (rows[i].title, rows[i].firstComment, rows[i].media).
//
// A missing upload instant is an error at "now"; a missing zone, or one
// that is not an IANA zone (time.Local, a fixed offset), an error at
// "zone"; an unknown dialect or policy an error at "options.dialect" or
// "options.formulas"; a malformed account handle an error at
// "options.account".
func CheckCSV(entries []Entry, loc *time.Location, now time.Time, opts *CSVOptions) error {
	var o CSVOptions
	if opts != nil {
		o = *opts
	}
	_, list := planCSV(entries, loc, now, o)
	return list.Err()
}

// csvRow is what one row of a CSV file says: the local time, the message
// (before any apostrophe) and the link column (empty in Sprout's dialect,
// whose message holds the link).
type csvRow struct {
	at      time.Time
	message string
	link    string
}

// planCSV checks entries for a file with options o and returns its rows,
// or the problems found (and rows that must not be written).
func planCSV(entries []Entry, loc *time.Location, now time.Time, o CSVOptions) ([]csvRow, validation.ErrorList) {
	var list validation.ErrorList
	if now.IsZero() {
		list = append(list, validation.Required(validation.NewPath("now"), "the upload instant is required"))
	}
	if loc == nil {
		list = append(list, validation.Required(validation.NewPath("zone"), "the account's zone is required"))
	} else {
		at := now
		if at.IsZero() {
			at = time.Unix(0, 0)
		}
		if f := zoneFaultOf(at.In(loc), nil); f != zoneOK {
			list = append(list, f.fieldError(validation.NewPath("zone"), at.In(loc)))
		}
	}
	if o.Dialect != "" && !o.Dialect.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("options", "dialect"), string(o.Dialect), allCSVDialects))
	}
	if o.Formulas != "" && !o.Formulas.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("options", "formulas"), string(o.Formulas), allCSVFormulaPolicies))
	}
	if o.Account != "" {
		if fe := channel.CheckHandle(validation.NewPath("options", "account"), o.Account); fe != nil {
			list = append(list, fe)
		}
	}
	if len(entries) > CSVMaxRows {
		list = append(list, validation.TooLong(validation.NewPath("rows"), nil, len(entries), CSVMaxRows, "rows"))
	}
	if len(list) > 0 {
		return nil, list
	}
	sprout := o.Dialect == CSVSprout
	layout := "02/01/2006 15:04"
	if o.MonthFirst {
		layout = "01/02/2006 15:04"
	}
	earliest := now.Add(CSVMinLead)
	rows := make([]csvRow, len(entries))
	slots := make(map[string]int, len(entries))
	var spaced []time.Time
	if sprout {
		spaced = make([]time.Time, len(entries))
	}
	var first channel.Channel
	// fileHandle is the account the rows name when opts names none, and
	// fileRow the first row that named it.
	fileHandle, fileRow := "", 0
	for i, e := range entries {
		p := validation.NewPath("rows").Index(i)
		if i == 0 {
			first = e.Channel
		} else if e.Channel != first {
			list = append(list, validation.Conflict(p.Child("channel"), string(e.Channel),
				fmt.Sprintf("row %d is on %s but the file is for %s: write one file per channel account", i+1, e.Channel, first)))
		}
		handle := o.Account
		switch {
		case o.Account != "":
			if len(e.Accounts) > 0 && !e.targets(o.Account) {
				list = append(list, validation.NotFound(p.Child("accounts"), o.Account,
					fmt.Sprintf("row %d is published from %s, not from @%s, whom the file is for", i+1, handles(e.Accounts), strings.TrimPrefix(o.Account, "@"))))
			}
		case len(e.Accounts) > 1:
			list = append(list, validation.Conflict(p.Child("accounts"), nil,
				fmt.Sprintf("row %d is published from %s: write one file per account and name it in CSVOptions.Account (GroupByAccount makes the groups)", i+1, handles(e.Accounts))))
		case len(e.Accounts) == 1:
			handle = e.Accounts[0]
			if fileHandle == "" {
				fileHandle, fileRow = handle, i
			} else if !channel.SameHandle(handle, fileHandle) {
				list = append(list, validation.Conflict(p.Child("accounts"), handle,
					fmt.Sprintf("row %d is published from @%s but row %d from @%s: write one file per account", i+1, handle, fileRow+1, fileHandle)))
			}
		}
		post := e.Post(handle)
		list = append(list, checkCSVParts(p, i, o, post)...)
		// The limits apply to the post as the network gets it: Sprout's
		// message holds the link; Hootsuite publishes the link column
		// after the message, so it counts too (as the network counts a
		// link: 23 characters on X, its length on LinkedIn).
		message, link := post.Text, post.Link
		if sprout {
			message, link = sproutMessage(post.Text, post.Link), ""
		}
		counted := message
		if link != "" && !containsURL(message, link) {
			counted = message + " " + link
		}
		list = append(list, checkCSVMessage(p.Child("message"), i, e.Channel, message, counted, o.Formulas)...)
		list = append(list, checkLink(p, "link", post.Link)...)
		if e.At.IsZero() {
			list = append(list, validation.Required(p.Child("at"), fmt.Sprintf("row %d has no time", i+1)))
			continue
		}
		local := e.At.In(loc)
		rows[i] = csvRow{at: local, message: message, link: link}
		shown := local.Format("2006-01-02 15:04:05 MST")
		if local.Before(earliest) {
			list = append(list, validation.OutOfRange(p.Child("at"), shown,
				fmt.Sprintf("row %d is at %s; posts must be at least %v after %s", i+1, shown, CSVMinLead, now.In(loc).Format("2006-01-02 15:04 MST"))))
		}
		switch {
		case !sprout && (local.Minute()%CSVMinuteStep != 0 || local.Second() != 0 || local.Nanosecond() != 0):
			list = append(list, validation.Invalid(p.Child("at"), shown,
				fmt.Sprintf("row %d is at %s; times must fall on a multiple of %d minutes", i+1, shown, CSVMinuteStep)))
		case sprout && (local.Second() != 0 || local.Nanosecond() != 0):
			list = append(list, validation.Invalid(p.Child("at"), shown,
				fmt.Sprintf("row %d is at %s; the file writes hours and minutes: times must fall on a whole minute", i+1, shown)))
		}
		if civil.KindOf(local) == civil.Repeated {
			list = append(list, validation.Invalid(p.Child("at"), shown,
				fmt.Sprintf("row %d is at %s, a time that occurs twice in %s (the clocks go back): the file cannot say which; move the post out of that hour", i+1, shown, loc)))
			continue
		}
		if sprout {
			spaced[i] = e.At
			continue
		}
		written := local.Format(layout)
		if j, ok := slots[written]; ok {
			list = append(list, &validation.FieldError{Path: p.Child("at").String(), Code: validation.CodeDuplicate, Value: shown,
				Detail: fmt.Sprintf("row %d is in the same time slot as row %d: one post per slot", i+1, j+1)})
		} else {
			slots[written] = i
		}
	}
	if sprout {
		list = append(list, checkSproutSpacing(spaced, loc)...)
	}
	if len(list) > 0 {
		return nil, list
	}
	return rows, nil
}

// checkCSVParts reports, below p, the parts of row i's post that the
// dialect's columns cannot carry (a title, a first comment, media), unless
// o.OmitUnsupported says to leave them out.
func checkCSVParts(p *validation.Path, i int, o CSVOptions, post channel.Post) validation.ErrorList {
	if o.OmitUnsupported || (post.Title == "" && post.FirstComment == "" && len(post.Media) == 0) {
		return nil
	}
	tool := "Hootsuite's bulk composer"
	if o.Dialect == CSVSprout {
		tool = "Sprout's bulk import"
	}
	var list validation.ErrorList
	for _, part := range []struct {
		field, what string
		set         bool
	}{
		{"title", "a title", post.Title != ""},
		{"firstComment", "a first comment", post.FirstComment != ""},
		{"media", fmt.Sprintf("%d attachments", len(post.Media)), len(post.Media) > 0},
	} {
		if part.set {
			list = append(list, validation.Invalid(p.Child(part.field), nil,
				fmt.Sprintf("row %d's post has %s, for which %s has no column: add it in the tool after the upload and set CSVOptions.OmitUnsupported, or publish it another way", i+1, part.what, tool)))
		}
	}
	return list
}

// handles prints handles as "@a, @b".
func handles(hs []string) string {
	var b strings.Builder
	for i, h := range hs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("@" + strings.TrimPrefix(h, "@"))
	}
	return b.String()
}

// checkCSVMessage checks the message of row i at p, as the file writes it
// on channel c: present, within the channel's limits, carried exactly by
// the file, and not like a formula unless the policy says what to do with
// one.
func checkCSVMessage(p *validation.Path, i int, c channel.Channel, text, counted string, policy CSVFormulaPolicy) validation.ErrorList {
	if text == "" {
		return validation.ErrorList{validation.Required(p, fmt.Sprintf("row %d has no message", i+1))}
	}
	var list validation.ErrorList
	// The limits apply to what will be published (counted: the message
	// and a link the tool adds to it): under the apostrophe policy, the
	// apostrophe too.
	published := counted
	if policy == CSVFormulaApostrophe {
		published = NeutralizeCell(published)
	}
	if lim, ok := c.Limits(); ok {
		list = append(list, lim.CheckText(p, published)...)
	}
	if bad, ok := uncarried(text); ok {
		list = append(list, validation.Invalid(p, nil,
			fmt.Sprintf("row %d's message holds %s, which the file cannot publish as written", i+1, bad)))
	}
	if (policy == "" || policy == CSVFormulaRefuse) && startsFormula(text) {
		list = append(list, validation.Invalid(p, nil,
			fmt.Sprintf("row %d's message starts with %q, which a spreadsheet runs as a formula; reword it, or choose CSVOptions.Formulas (apostrophe: the apostrophe is published; verbatim: the cell may run)", i+1, text[:1])))
	}
	return list
}

// uncarried describes the first character of s that a CSV file cannot
// carry exactly, and reports whether there is one: a control character
// other than tab and line feed (a carriage return included: CSV readers
// read CRLF inside a field as LF), DEL, a C1 control, or invalid UTF-8.
func uncarried(s string) (string, bool) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return "invalid UTF-8", true
		case r == '\r':
			return "a carriage return (write line breaks as \\n)", true
		case r == '\t' || r == '\n':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return fmt.Sprintf("the control character %U", r), true
		}
	}
	return "", false
}

// startsFormula reports whether a spreadsheet would read s as a formula:
// it starts with =, +, -, @, a tab or a carriage return.
func startsFormula(s string) bool {
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}

// NeutralizeCell returns s with a leading apostrophe when a spreadsheet
// would read it as a formula: when it starts with =, +, -, @, a tab or a
// carriage return. Other text is returned as it is. The apostrophe keeps a
// spreadsheet from running the cell, but it is part of the cell's text:
// a tool that reads the file publishes it (see [CSVFormulaApostrophe]).
func NeutralizeCell(s string) string {
	if startsFormula(s) {
		return "'" + s
	}
	return s
}

// ChannelEntries are the entries of one channel account, for one CSV file.
type ChannelEntries struct {
	Channel channel.Channel
	Entries []Entry
}

// GroupByChannel splits entries into one group per channel, in channel
// order, with the entries of each channel sorted by instant then ID. It
// keeps every entry it is given: filter by status first (usually approved
// and scheduled entries are the ones to upload).
func GroupByChannel(entries []Entry) []ChannelEntries {
	var out []ChannelEntries
	for c, list := range byChannel(entries, nil) {
		out = append(out, ChannelEntries{Channel: c, Entries: list})
	}
	return out
}

// AccountEntries are the entries one account publishes, for one CSV file
// (WriteCSV with CSVOptions.Account set to Account).
type AccountEntries struct {
	// Channel is the network.
	Channel channel.Channel `json:"channel"`
	// Account is the account's handle, as the first of the group's
	// entries spells it; empty for the entries that name no account (the
	// brand's only account on Channel).
	Account string `json:"account,omitempty"`
	// Entries are the account's entries, by instant then ID.
	Entries []Entry `json:"entries"`
}

// GroupByAccount splits entries into one group per channel and account
// they are published from: an entry with several accounts is in the
// group of each (where WriteCSV writes that account's post), and the
// entries that name no account form a group with an empty Account. Groups
// come in channel order, then by handle without regard to case (the
// unnamed account first); handles that differ only in case are one
// account. The entries of each group are sorted by instant, then ID. It
// keeps every entry it is given: filter by status first.
func GroupByAccount(entries []Entry) []AccountEntries {
	var out []AccountEntries
	for c, list := range byChannel(entries, nil) {
		groups := map[string]int{} // lower-case handle -> index in out
		start := len(out)
		// last[g-start] is 1 + the index in list of the entry added to
		// group g last, so that an entry that names a handle twice is in
		// its group once.
		var last []int
		for i, e := range list {
			for _, h := range e.Targets() {
				key := strings.ToLower(strings.TrimPrefix(h, "@"))
				g, ok := groups[key]
				if !ok {
					g = len(out)
					groups[key] = g
					out = append(out, AccountEntries{Channel: c, Account: h})
					last = append(last, 0)
				}
				if last[g-start] == i+1 {
					continue
				}
				last[g-start] = i + 1
				out[g].Entries = append(out[g].Entries, e)
			}
		}
		mine := out[start:]
		slices.SortStableFunc(mine, func(a, b AccountEntries) int {
			return strings.Compare(strings.ToLower(strings.TrimPrefix(a.Account, "@")), strings.ToLower(strings.TrimPrefix(b.Account, "@")))
		})
	}
	return out
}
