package calendar

import (
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"github.com/tandemsocial/tandem/channel"
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
}

// WriteCSV writes one channel account's entries as a bulk-upload CSV file:
// one row per entry, in the order given, without a header, UTF-8, with
// three columns:
//
//	date-time   local time in loc, "DD/MM/YYYY HH:MM" (24-hour
//	            clock; "MM/DD/YYYY HH:MM" with MonthFirst)
//	message     the entry's text
//	link        the entry's link, or empty
//
// A message or link that a spreadsheet would read as a formula (one that
// starts with =, +, -, @, a tab or a carriage return) is written with a
// leading apostrophe, which spreadsheets show as text. Quoting follows
// RFC 4180 (encoding/csv).
//
// Before writing anything WriteCSV checks the tools' upload rules and
// returns a *validation.Error naming each bad row (rows[i] is entries[i]):
// every entry on the same channel, a message present, a time at least
// CSVMinLead after now, on a minute that is a multiple of
// CSVMinuteStep with zero seconds, at most one post per time slot, and at
// most CSVMaxRows rows. Nothing is written when a rule is broken.
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
	layout := "02/01/2006 15:04"
	if o.MonthFirst {
		layout = "01/02/2006 15:04"
	}
	cw := csv.NewWriter(w)
	for _, e := range entries {
		row := []string{e.At.In(loc).Format(layout), NeutralizeCell(e.Text), NeutralizeCell(e.Link)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CheckCSV reports the upload rules that entries break, as [WriteCSV]
// checks them, without writing. A missing upload instant is an error at
// "now"; a missing zone, or one that is not an IANA zone (time.Local, a
// fixed offset), an error at "zone".
func CheckCSV(entries []Entry, loc *time.Location, now time.Time, opts *CSVOptions) error {
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
	if len(entries) > CSVMaxRows {
		list = append(list, validation.TooLong(validation.NewPath("rows"), nil, len(entries), CSVMaxRows, "rows"))
	}
	if len(list) > 0 {
		return list.Err()
	}
	earliest := now.Add(CSVMinLead)
	slots := make(map[time.Time]int, len(entries))
	var first channel.Channel
	for i, e := range entries {
		p := validation.NewPath("rows").Index(i)
		if i == 0 {
			first = e.Channel
		} else if e.Channel != first {
			list = append(list, validation.Conflict(p.Child("channel"), string(e.Channel),
				fmt.Sprintf("row %d is on %s but the file is for %s: write one file per channel account", i+1, e.Channel, first)))
		}
		if e.Text == "" {
			list = append(list, validation.Required(p.Child("message"), fmt.Sprintf("row %d has no message", i+1)))
		}
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
		slot := local.Truncate(time.Minute)
		if j, ok := slots[slot]; ok {
			list = append(list, &validation.FieldError{Path: p.Child("at").String(), Code: validation.CodeDuplicate, Value: shown,
				Detail: fmt.Sprintf("row %d is in the same time slot as row %d: one post per slot", i+1, j+1)})
		} else {
			slots[slot] = i
		}
	}
	return list.Err()
}

// NeutralizeCell returns s with a leading apostrophe when a spreadsheet
// would read it as a formula: when it starts with =, +, -, @, a tab or a
// carriage return. Other text is returned as it is.
func NeutralizeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
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
