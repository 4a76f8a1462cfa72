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
	require.NoError(t, calendar.WriteCSV(&buf, entries, madrid, now, nil))
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
