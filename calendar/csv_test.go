package calendar_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

func TestWriteCSV(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	ny := mustZone(t, "America/New_York")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	entries := []calendar.Entry{
		post("c1", channel.Facebook, wall(madrid, 2026, 3, 2, 10, 0), "Spring menu, \"new\"\nsee you"),
		post("c2", channel.Facebook, wall(ny, 2026, 3, 2, 9, 5), "=HYPERLINK(\"http://evil\")"),
		post("c3", channel.Facebook, wall(madrid, 2026, 3, 29, 3, 0), "+1 for tapas"),
		post("c4", channel.Facebook, wall(madrid, 2026, 3, 30, 9, 0), "@all -10% \tdeal"),
	}
	entries[0].Link = "https://example.com/menu?a=1,2"
	var buf bytes.Buffer
	// Formula-like messages need an explicit policy since issue 12 item 19
	// (the default refuses them): this test pins the apostrophe.
	require.NoError(t, calendar.WriteCSV(&buf, entries, madrid, now, &calendar.CSVOptions{Formulas: calendar.CSVFormulaApostrophe}))
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"02/03/2026 10:00", "Spring menu, \"new\"\nsee you", "https://example.com/menu?a=1,2"},
		{"02/03/2026 15:05", "'=HYPERLINK(\"http://evil\")", ""},
		{"29/03/2026 03:00", "'+1 for tapas", ""},
		{"30/03/2026 09:00", "'@all -10% \tdeal", ""},
	}, rows)

	buf.Reset()
	require.NoError(t, calendar.WriteCSV(&buf, entries[:1], ny, now, &calendar.CSVOptions{MonthFirst: true}))
	assert.True(t, strings.HasPrefix(buf.String(), "03/02/2026 04:00,"), buf.String())
}

func TestWriteCSVUploadRules(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	entries := []calendar.Entry{
		post("r0", channel.X, now.Add(5*time.Minute), "too soon"),
		post("r1", channel.X, wall(madrid, 2026, 3, 2, 10, 7), "off the 5-minute step"),
		post("r2", channel.X, wall(madrid, 2026, 3, 2, 11, 0), "slot taken"),
		post("r3", channel.X, wall(madrid, 2026, 3, 2, 11, 0), "same slot"),
		post("r4", channel.Instagram, wall(madrid, 2026, 3, 2, 12, 0), "other channel"),
		post("r5", channel.X, wall(madrid, 2026, 3, 2, 13, 0), ""),
		post("r6", channel.X, wall(madrid, 2026, 3, 2, 14, 0).Add(30*time.Second), "seconds"),
	}
	var buf bytes.Buffer
	err := calendar.WriteCSV(&buf, entries, madrid, now, nil)
	require.Error(t, err)
	assert.Empty(t, buf.String(), "nothing is written when a rule is broken")
	for _, want := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeOutOfRange, "rows[0].at"},
		{validation.CodeInvalid, "rows[1].at"},
		{validation.CodeDuplicate, "rows[3].at"},
		{validation.CodeConflict, "rows[4].channel"},
		{validation.CodeRequired, "rows[5].message"},
		{validation.CodeInvalid, "rows[6].at"},
	} {
		assert.True(t, validation.Has(err, want.code, want.path), "%s %s in %v", want.code, want.path, err)
	}
	assert.False(t, validation.Has(err, validation.CodeDuplicate, "rows[2].at"))

	var many []calendar.Entry
	for i := range calendar.CSVMaxRows + 1 {
		many = append(many, post(fmt.Sprint("m", i), channel.X, wall(madrid, 2026, 4, 1, 0, 0).Add(time.Duration(i)*time.Hour), "x"))
	}
	err = calendar.CheckCSV(many, madrid, now, nil)
	assert.True(t, validation.Has(err, validation.CodeTooLong, "rows"), "%v", err)
	require.NoError(t, calendar.CheckCSV(many[:calendar.CSVMaxRows], madrid, now, nil))

	err = calendar.CheckCSV(nil, nil, time.Time{}, nil)
	assert.True(t, validation.Has(err, validation.CodeRequired, "now"))
	assert.True(t, validation.Has(err, validation.CodeRequired, "zone"))
}

func TestNeutralizeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":         "",
		"=1+1":     "'=1+1",
		"+34 600":  "'+34 600",
		"-5":       "'-5",
		"@SUM(A1)": "'@SUM(A1)",
		"\tx":      "'\tx",
		"\rx":      "'\rx",
		"hello =1": "hello =1",
		"'quoted":  "'quoted",
		"日本語":      "日本語",
	} {
		assert.Equal(t, want, calendar.NeutralizeCell(in), "%q", in)
	}
}

func TestGroupByChannel(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	entries := []calendar.Entry{
		post("g1", channel.X, wall(madrid, 2026, 3, 2, 11, 0), "b"),
		post("g2", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "a"),
		post("g3", channel.X, wall(madrid, 2026, 3, 2, 10, 0), "a"),
	}
	groups := calendar.GroupByChannel(entries)
	require.Len(t, groups, 2)
	assert.Equal(t, channel.Instagram, groups[0].Channel)
	assert.Equal(t, channel.X, groups[1].Channel)
	assert.Equal(t, idOf("g3"), groups[1].Entries[0].ID)
	assert.Equal(t, idOf("g1"), groups[1].Entries[1].ID)
}

// TestWriteCSVOptionsConvention: the account's zone and the upload
// instant are parameters, the options a pointer that may be nil.
func TestWriteCSVOptionsConvention(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	entries := []calendar.Entry{post("o1", channel.Facebook, wall(madrid, 2026, 3, 2, 10, 0), "Spring menu")}
	var nilOpts, zeroOpts bytes.Buffer
	require.NoError(t, calendar.WriteCSV(&nilOpts, entries, madrid, now, nil))
	require.NoError(t, calendar.WriteCSV(&zeroOpts, entries, madrid, now, &calendar.CSVOptions{}))
	assert.Equal(t, "02/03/2026 10:00,Spring menu,\n", nilOpts.String())
	assert.Equal(t, nilOpts.String(), zeroOpts.String())
	require.NoError(t, calendar.CheckCSV(entries, madrid, now, nil))

	err := calendar.CheckCSV(entries, nil, time.Time{}, nil)
	assert.True(t, validation.Has(err, validation.CodeRequired, "now"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeRequired, "zone"), "%v", err)
	err = calendar.CheckCSV(entries, time.Local, now, nil)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "zone"), "%v", err)
	err = calendar.CheckCSV(entries, time.FixedZone("CET", 3600), now, nil)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "zone"), "%v", err)
}

// TestWriteCSVFormulaPolicy: the text published is the text written, and
// no cell runs as a formula. A message that a spreadsheet would read as a
// formula satisfies only one of the two, so by default it is refused,
// naming the row; the caller may choose explicitly which to give up.
func TestWriteCSVFormulaPolicy(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	entries := []calendar.Entry{
		post("f0", channel.Facebook, wall(madrid, 2026, 3, 2, 10, 0), "20% off today - come early"),
		post("f1", channel.Facebook, wall(madrid, 2026, 3, 2, 11, 0), "-20% off today"),
		post("f2", channel.Facebook, wall(madrid, 2026, 3, 2, 12, 0), "=1+1 is two"),
		post("f3", channel.Facebook, wall(madrid, 2026, 3, 2, 13, 0), "@everyone: tapas"),
	}
	for _, policy := range []*calendar.CSVOptions{nil, {}, {Formulas: calendar.CSVFormulaRefuse}} {
		var buf bytes.Buffer
		err := calendar.WriteCSV(&buf, entries, madrid, now, policy)
		assert.Empty(t, buf.String())
		assert.False(t, validation.Has(err, validation.CodeInvalid, "rows[0].message"), "%v", err)
		for _, p := range []string{"rows[1].message", "rows[2].message", "rows[3].message"} {
			assert.True(t, validation.Has(err, validation.CodeInvalid, p), "%s in %v", p, err)
		}
		assert.EqualError(t, calendar.CheckCSV(entries, madrid, now, policy), err.Error(), "CheckCSV finds what WriteCSV refuses")
	}

	read := func(opts *calendar.CSVOptions) []string {
		var buf bytes.Buffer
		require.NoError(t, calendar.WriteCSV(&buf, entries, madrid, now, opts))
		rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
		require.NoError(t, err)
		var out []string
		for _, r := range rows {
			out = append(out, r[1])
		}
		return out
	}
	// Safe to open, but the upload tool would publish the apostrophe.
	assert.Equal(t, []string{"20% off today - come early", "'-20% off today", "'=1+1 is two", "'@everyone: tapas"},
		read(&calendar.CSVOptions{Formulas: calendar.CSVFormulaApostrophe}))
	// Published as written, but a spreadsheet opening the file may run it.
	assert.Equal(t, []string{"20% off today - come early", "-20% off today", "=1+1 is two", "@everyone: tapas"},
		read(&calendar.CSVOptions{Formulas: calendar.CSVFormulaVerbatim}))

	err := calendar.CheckCSV(entries[:1], madrid, now, &calendar.CSVOptions{Formulas: "escape"})
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "options.formulas"), "%v", err)

	// The channel's limit applies to what is published: with the
	// apostrophe, a message at X's limit is one character over it.
	atLimit := post("x0", channel.X, wall(madrid, 2026, 3, 2, 10, 0), "-"+strings.Repeat("a", 279))
	require.NoError(t, calendar.CheckCSV([]calendar.Entry{atLimit}, madrid, now, &calendar.CSVOptions{Formulas: calendar.CSVFormulaVerbatim}))
	err = calendar.CheckCSV([]calendar.Entry{atLimit}, madrid, now, &calendar.CSVOptions{Formulas: calendar.CSVFormulaApostrophe})
	assert.True(t, validation.Has(err, validation.CodeTooLong, "rows[0].message"), "%v", err)

	var p calendar.CSVFormulaPolicy
	assert.Error(t, p.UnmarshalText([]byte("")))
	require.NoError(t, p.UnmarshalText([]byte("verbatim")))
	assert.Equal(t, calendar.CSVFormulaVerbatim, p)
}

// TestWriteCSVAmbiguousTimes: a local time that occurs twice (the hour
// repeated when clocks fall back) would be uploaded as one text for two
// instants, so either occurrence is refused, naming the row.
func TestWriteCSVAmbiguousTimes(t *testing.T) {
	madrid, ny := mustZone(t, "Europe/Madrid"), mustZone(t, "America/New_York")
	now := wall(madrid, 2026, 10, 1, 12, 0)
	cest := wall(madrid, 2026, 10, 25, 2, 30) // 02:30 CEST
	entries := []calendar.Entry{
		post("a0", channel.Facebook, cest, "first 02:30"),
		post("a1", channel.Facebook, cest.Add(time.Hour), "second 02:30"),
		post("a2", channel.Facebook, wall(madrid, 2026, 10, 25, 3, 0), "03:00 is once"),
		post("a3", channel.Facebook, wall(madrid, 2026, 10, 25, 1, 55), "01:55 is once"),
	}
	var buf bytes.Buffer
	err := calendar.WriteCSV(&buf, entries, madrid, now, nil)
	assert.Empty(t, buf.String())
	assert.True(t, validation.Has(err, validation.CodeInvalid, "rows[0].at"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "rows[1].at"), "%v", err)
	assert.False(t, validation.Has(err, validation.CodeInvalid, "rows[2].at"), "%v", err)
	assert.False(t, validation.Has(err, validation.CodeInvalid, "rows[3].at"), "%v", err)
	assert.False(t, validation.Has(err, validation.CodeDuplicate, "rows[1].at"), "%v", err)

	// The zone that matters is the account's: 02:30 CEST is 20:30 in New
	// York, which occurs once, while 01:30 EDT on New York's fall-back
	// night is ambiguous there.
	require.NoError(t, calendar.CheckCSV(entries[:1], ny, now, nil))
	nyFirst := post("n0", channel.Facebook, wall(ny, 2026, 11, 1, 1, 30), "01:30 EDT")
	err = calendar.CheckCSV([]calendar.Entry{nyFirst}, ny, now, nil)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "rows[0].at"), "%v", err)
}

// TestWriteCSVTextChecks: texts are checked against the channel's limits,
// as the .ics export's validation checks them, and a text that the file
// cannot carry exactly (control characters, a carriage return, which CSV
// readers turn into a line feed, invalid UTF-8) is refused.
func TestWriteCSVTextChecks(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	at := func(h int) time.Time { return wall(madrid, 2026, 3, 2, h, 0) }
	entries := []calendar.Entry{
		post("t0", channel.X, at(8), strings.Repeat("a", 281)),
		post("t1", channel.X, at(9), "nul\x00here"),
		post("t2", channel.X, at(10), "escape \x1b[31m"),
		post("t3", channel.X, at(11), "windows\r\nline"),
		post("t4", channel.X, at(12), "c1 \u0085 next line"),
		post("t5", channel.X, at(13), "bad \xff utf-8"),
		post("t6", channel.X, at(14), "fine\twith a tab\nand a line"),
		post("t7", channel.X, at(15), "del \x7f"),
	}
	var buf bytes.Buffer
	err := calendar.WriteCSV(&buf, entries, madrid, now, nil)
	assert.Empty(t, buf.String())
	assert.True(t, validation.Has(err, validation.CodeTooLong, "rows[0].message"), "%v", err)
	for _, p := range []string{"rows[1].message", "rows[2].message", "rows[3].message", "rows[4].message", "rows[5].message", "rows[7].message"} {
		assert.True(t, validation.Has(err, validation.CodeInvalid, p), "%s in %v", p, err)
	}
	assert.False(t, validation.Has(err, validation.CodeInvalid, "rows[6].message"), "%v", err)

	require.NoError(t, calendar.WriteCSV(&buf, entries[6:7], madrid, now, nil))
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, entries[6].Text, rows[0][1], "published exactly as written")
}
