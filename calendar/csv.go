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

// The upload rules of bulk-scheduling tools (Hootsuite's bulk composer and
// the tools that copied its format), checked by [WriteCSV] before it
// writes anything.
const (
	// CSVMinLead is how long after the upload a post may be scheduled at
	// the earliest.
	CSVMinLead = 10 * time.Minute
	// CSVMinuteStep: post times fall on minutes that are multiples of it.
	CSVMinuteStep = 5
	// CSVMaxRows is the most posts one file may hold.
	CSVMaxRows = 350
)

// CSVOptions configure [WriteCSV] and [CheckCSV]. Every field is
// optional; the zero value, or a nil pointer, means the defaults.
type CSVOptions struct {
	// MonthFirst writes dates as MM/DD/YYYY instead of DD/MM/YYYY.
	MonthFirst bool
	// Formulas says what to do with a message that a spreadsheet would
	// read as a formula; empty means CSVFormulaRefuse.
	Formulas CSVFormulaPolicy
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

// WriteCSV writes one channel account's entries as a bulk-upload CSV file:
// one row per entry, in the order given, without a header, UTF-8, with
// three columns:
//
//	date-time   local time in loc, "DD/MM/YYYY HH:MM" (24-hour
//	            clock; "MM/DD/YYYY HH:MM" with MonthFirst)
//	message     the entry's text, exactly
//	link        the entry's link, or empty
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
	if err := CheckCSV(entries, loc, now, opts); err != nil {
		return err
	}
	var o CSVOptions
	if opts != nil {
		o = *opts
	}
	layout := csvLayout(o)
	cw := csv.NewWriter(w)
	for _, e := range entries {
		text := e.Text
		if o.Formulas == CSVFormulaApostrophe {
			text = NeutralizeCell(text)
		}
		row := []string{e.At.In(loc).Format(layout), text, e.Link}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvLayout is the date-time layout of the options.
func csvLayout(o CSVOptions) string {
	if o.MonthFirst {
		return "01/02/2006 15:04"
	}
	return "02/01/2006 15:04"
}

// CheckCSV reports every rule that entries break, as [WriteCSV] checks
// them, without writing. The upload tools' rules: every entry on the same
// channel, a message present, a time at least CSVMinLead after now, on a
// minute that is a multiple of CSVMinuteStep with zero seconds, at most one
// post per written time, and at most CSVMaxRows rows. And the file's: a
// time whose local wall clock occurs twice in loc (the hour repeated when
// clocks fall back) is refused, because the written time could not say
// which instant it means; a message must fit the channel's limits (as
// Entry.Validate checks them for the .ics export) and must be text the
// file carries exactly (no control character but tab and line feed, no
// carriage return, which CSV readers turn into a line feed, valid UTF-8);
// a message that starts like a formula is refused under the default
// policy. Each problem is a validation error at rows[i] (rows[i].at,
// rows[i].message, …).
//
// A missing upload instant is an error at "now"; a missing zone, or one
// that is not an IANA zone (time.Local, a fixed offset), an error at
// "zone"; an unknown policy an error at "options.formulas".
func CheckCSV(entries []Entry, loc *time.Location, now time.Time, opts *CSVOptions) error {
	var o CSVOptions
	if opts != nil {
		o = *opts
	}
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
	if o.Formulas != "" && !o.Formulas.IsValid() {
		list = append(list, validation.NotSupported(validation.NewPath("options", "formulas"), string(o.Formulas), allCSVFormulaPolicies))
	}
	if len(entries) > CSVMaxRows {
		list = append(list, validation.TooLong(validation.NewPath("rows"), nil, len(entries), CSVMaxRows, "rows"))
	}
	if len(list) > 0 {
		return list.Err()
	}
	layout := csvLayout(o)
	earliest := now.Add(CSVMinLead)
	slots := make(map[string]int, len(entries))
	var first channel.Channel
	for i, e := range entries {
		p := validation.NewPath("rows").Index(i)
		if i == 0 {
			first = e.Channel
		} else if e.Channel != first {
			list = append(list, validation.Conflict(p.Child("channel"), string(e.Channel),
				fmt.Sprintf("row %d is on %s but the file is for %s: write one file per channel account", i+1, e.Channel, first)))
		}
		list = append(list, checkCSVMessage(p.Child("message"), i, e, o.Formulas)...)
		list = append(list, checkLink(p, "link", e.Link)...)
		if e.At.IsZero() {
			list = append(list, validation.Required(p.Child("at"), fmt.Sprintf("row %d has no time", i+1)))
			continue
		}
		local := e.At.In(loc)
		shown := local.Format("2006-01-02 15:04:05 MST")
		if local.Before(earliest) {
			list = append(list, validation.OutOfRange(p.Child("at"), shown,
				fmt.Sprintf("row %d is at %s; posts must be at least %v after %s", i+1, shown, CSVMinLead, now.In(loc).Format("2006-01-02 15:04 MST"))))
		}
		if local.Minute()%CSVMinuteStep != 0 || local.Second() != 0 || local.Nanosecond() != 0 {
			list = append(list, validation.Invalid(p.Child("at"), shown,
				fmt.Sprintf("row %d is at %s; times must fall on a multiple of %d minutes", i+1, shown, CSVMinuteStep)))
		}
		if civil.KindOf(local) == civil.Repeated {
			list = append(list, validation.Invalid(p.Child("at"), shown,
				fmt.Sprintf("row %d is at %s, a time that occurs twice in %s (the clocks go back): the file cannot say which; move the post out of that hour", i+1, shown, loc)))
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
	return list.Err()
}

// checkCSVMessage checks the message of row i at p: present, within the
// channel's limits, carried exactly by the file, and not like a formula
// unless the policy says what to do with one.
func checkCSVMessage(p *validation.Path, i int, e Entry, policy CSVFormulaPolicy) validation.ErrorList {
	if e.Text == "" {
		return validation.ErrorList{validation.Required(p, fmt.Sprintf("row %d has no message", i+1))}
	}
	var list validation.ErrorList
	// The limits apply to what will be published: under the apostrophe
	// policy, the apostrophe too.
	published := e.Text
	if policy == CSVFormulaApostrophe {
		published = NeutralizeCell(published)
	}
	if lim, ok := e.Channel.Limits(); ok {
		list = append(list, lim.CheckText(p, published)...)
	}
	if bad, ok := uncarried(e.Text); ok {
		list = append(list, validation.Invalid(p, nil,
			fmt.Sprintf("row %d's message holds %s, which the file cannot publish as written", i+1, bad)))
	}
	if (policy == "" || policy == CSVFormulaRefuse) && startsFormula(e.Text) {
		list = append(list, validation.Invalid(p, nil,
			fmt.Sprintf("row %d's message starts with %q, which a spreadsheet runs as a formula; reword it, or choose CSVOptions.Formulas (apostrophe: the apostrophe is published; verbatim: the cell may run)", i+1, e.Text[:1])))
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
