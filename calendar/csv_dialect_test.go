package calendar_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// sproutDocumentedHeaders are the column headers Sprout Social documents
// as required for a bulk scheduling file, in its Help Center article "How
// do I use bulk scheduling?"
// (https://support.sproutsocial.com/hc/en-us/articles/115005864203-How-do-I-use-bulk-scheduling,
// as read on 2026-12-07): "All column headers are case sensitive. […] The
// following column headers are required for the .CSV to work in Sprout:
// date […] time_24hr […] message_text". The same article documents the
// date as dd/mm/yyyy or mm/dd/yyyy (an import preference), the time in
// 24-hour format, posts at least 10 minutes apart and at least 10 minutes
// after the upload, up to 350 messages an import, and message text within
// the network's character count; it shows no column for a profile, which
// is chosen in Sprout at import.
var sproutDocumentedHeaders = []string{"date", "time_24hr", "message_text"}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	require.NoError(t, err, s)
	return rows
}

// TestSproutHeadersAsDocumented: the header row of a Sprout file is the
// documented list exactly, case included (Sprout matches the names
// case-sensitively), and nothing more; Hootsuite's files have none.
func TestSproutHeadersAsDocumented(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	entries := []calendar.Entry{post("h1", channel.Facebook, wall(madrid, 2026, 3, 2, 10, 0), "Spring menu")}
	var buf bytes.Buffer
	require.NoError(t, calendar.WriteCSV(&buf, entries, madrid, now, &calendar.CSVOptions{Dialect: calendar.CSVSprout}))
	rows := readCSV(t, buf.String())
	require.NotEmpty(t, rows)
	assert.Equal(t, sproutDocumentedHeaders, rows[0])
	assert.True(t, strings.HasPrefix(buf.String(), strings.Join(sproutDocumentedHeaders, ",")+"\n"), "the header is written byte for byte: %q", buf.String())
	assert.Equal(t, sproutDocumentedHeaders, calendar.CSVSprout.Header())

	// Case matters: a header that differs only in case is not the
	// documented one, and the written header holds no capital.
	for i, h := range rows[0] {
		assert.Equal(t, strings.ToLower(h), h, "header %d", i)
		assert.NotEqual(t, strings.ToUpper(h[:1])+h[1:], h)
	}
	// The slice is the caller's: changing it changes no later file.
	calendar.CSVSprout.Header()[0] = "Date"
	assert.Equal(t, sproutDocumentedHeaders, calendar.CSVSprout.Header())

	assert.Nil(t, calendar.CSVHootsuite.Header())
	assert.Nil(t, calendar.CSVDialect("").Header())
	buf.Reset()
	require.NoError(t, calendar.WriteCSV(&buf, entries, madrid, now, &calendar.CSVOptions{Dialect: calendar.CSVHootsuite}))
	assert.Equal(t, "02/03/2026 10:00,Spring menu,\n", buf.String())
}

// TestWriteCSVSproutRows: date and 24-hour time in columns of their own,
// in the account's zone, the link inside the message (Sprout has no link
// column) unless the text holds it already.
func TestWriteCSVSproutRows(t *testing.T) {
	madrid, ny := mustZone(t, "Europe/Madrid"), mustZone(t, "America/New_York")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	e1 := post("s1", channel.LinkedIn, wall(madrid, 2026, 3, 2, 9, 5), "Spring menu, \"new\"")
	e1.Link = "https://example.com/menu?a=1,2"
	e2 := post("s2", channel.LinkedIn, wall(madrid, 2026, 3, 2, 21, 7), "Read it at https://example.com/blog today")
	e2.Link = "https://example.com/blog"
	e3 := post("s3", channel.LinkedIn, wall(madrid, 2026, 3, 12, 23, 59), "-20% tonight")
	var buf bytes.Buffer
	opts := &calendar.CSVOptions{Dialect: calendar.CSVSprout, Formulas: calendar.CSVFormulaApostrophe}
	require.NoError(t, calendar.WriteCSV(&buf, []calendar.Entry{e1, e2, e3}, madrid, now, opts))
	assert.Equal(t, [][]string{
		sproutDocumentedHeaders,
		{"02/03/2026", "09:05", "Spring menu, \"new\"\nhttps://example.com/menu?a=1,2"},
		{"02/03/2026", "21:07", "Read it at https://example.com/blog today"},
		{"12/03/2026", "23:59", "'-20% tonight"},
	}, readCSV(t, buf.String()))

	buf.Reset()
	opts.MonthFirst = true
	require.NoError(t, calendar.WriteCSV(&buf, []calendar.Entry{e3}, ny, now, opts))
	assert.Equal(t, []string{"03/12/2026", "18:59", "'-20% tonight"}, readCSV(t, buf.String())[1])

	// The channel's limits apply to the message as written, link included:
	// X counts the line break as 1 character and a link as 23.
	x := post("s4", channel.X, wall(madrid, 2026, 3, 2, 10, 0), strings.Repeat("a", 256))
	x.Link = "https://example.com/" + strings.Repeat("p", 100)
	require.NoError(t, calendar.CheckCSV([]calendar.Entry{x}, madrid, now, &calendar.CSVOptions{Dialect: calendar.CSVSprout}))
	x.Text += "a"
	err := calendar.CheckCSV([]calendar.Entry{x}, madrid, now, &calendar.CSVOptions{Dialect: calendar.CSVSprout})
	assert.True(t, validation.Has(err, validation.CodeTooLong, "rows[0].message"), "%v", err)
	err = calendar.CheckCSV([]calendar.Entry{x}, madrid, now, nil)
	assert.True(t, validation.Has(err, validation.CodeTooLong, "rows[0].message"), "Hootsuite publishes the link column after the message: %v", err)
	x.Text = x.Text[:256]
	require.NoError(t, calendar.CheckCSV([]calendar.Entry{x}, madrid, now, nil))

	// A longer URL in the text that starts with the link is another URL:
	// the link is still written.
	m := post("s5", channel.LinkedIn, wall(madrid, 2026, 3, 2, 11, 0), "Last year's menu: https://example.com/menu/2025")
	m.Link = "https://example.com/menu"
	buf.Reset()
	require.NoError(t, calendar.WriteCSV(&buf, []calendar.Entry{m}, madrid, now, &calendar.CSVOptions{Dialect: calendar.CSVSprout}))
	assert.Equal(t, "Last year's menu: https://example.com/menu/2025\nhttps://example.com/menu", readCSV(t, buf.String())[1][2])
}

// TestWriteCSVSproutRules: Sprout's posts must be at least 10 minutes
// apart (9 are refused, 10 accepted, whatever the rows' order), at least
// 10 minutes after the upload, on a whole minute; Hootsuite's 5-minute
// step does not apply to it.
func TestWriteCSVSproutRules(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	sprout := &calendar.CSVOptions{Dialect: calendar.CSVSprout}
	base := wall(madrid, 2026, 3, 2, 10, 0)
	at := func(d time.Duration) []calendar.Entry {
		return []calendar.Entry{
			post("a", channel.Facebook, base, "first"),
			post("b", channel.Facebook, base.Add(d), "second"),
		}
	}
	var buf bytes.Buffer
	err := calendar.WriteCSV(&buf, at(9*time.Minute), madrid, now, sprout)
	assert.True(t, validation.Has(err, validation.CodeConflict, "rows[1].at"), "%v", err)
	assert.False(t, validation.Has(err, validation.CodeConflict, "rows[0].at"), "%v", err)
	assert.Empty(t, buf.String(), "nothing is written when a rule is broken")
	require.NoError(t, calendar.WriteCSV(&buf, at(10*time.Minute), madrid, now, sprout))
	assert.Equal(t, []string{"02/03/2026", "10:10", "second"}, readCSV(t, buf.String())[2])

	// The later post is named, wherever it is in the file; a third post
	// close to the second is named too.
	rows := []calendar.Entry{
		post("c", channel.Facebook, base.Add(12*time.Minute), "c"),
		post("d", channel.Facebook, base.Add(3*time.Minute), "d"),
		post("e", channel.Facebook, base, "e"),
		post("f", channel.Facebook, base.Add(60*time.Minute), "f"),
	}
	err = calendar.CheckCSV(rows, madrid, now, sprout)
	assert.True(t, validation.Has(err, validation.CodeConflict, "rows[1].at"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeConflict, "rows[0].at"), "%v", err)
	assert.False(t, validation.Has(err, validation.CodeConflict, "rows[2].at"), "%v", err)
	assert.False(t, validation.Has(err, validation.CodeConflict, "rows[3].at"), "%v", err)

	// Off Hootsuite's 5-minute step is fine for Sprout; seconds are not
	// (the file writes hours and minutes), nor a time too soon.
	odd := []calendar.Entry{
		post("g", channel.Facebook, base.Add(7*time.Minute), "g"),
		post("h", channel.Facebook, base.Add(time.Hour+30*time.Second), "h"),
		post("i", channel.Facebook, now.Add(9*time.Minute), "i"),
	}
	err = calendar.CheckCSV(odd, madrid, now, sprout)
	assert.False(t, validation.Has(err, validation.CodeInvalid, "rows[0].at"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "rows[1].at"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "rows[2].at"), "%v", err)
	err = calendar.CheckCSV(odd[:1], madrid, now, nil)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "rows[0].at"), "Hootsuite keeps its step: %v", err)

	// A repeated wall time cannot be written in either dialect.
	autumn := wall(madrid, 2026, 10, 25, 2, 30)
	err = calendar.CheckCSV([]calendar.Entry{post("j", channel.Facebook, autumn, "j")}, madrid, now, sprout)
	assert.True(t, validation.Has(err, validation.CodeInvalid, "rows[0].at"), "%v", err)

	var many []calendar.Entry
	for i := range calendar.CSVMaxRows + 1 {
		many = append(many, post("m"+time.Duration(i).String(), channel.X, base.Add(time.Duration(i)*time.Hour), "x"))
	}
	err = calendar.CheckCSV(many, madrid, now, sprout)
	assert.True(t, validation.Has(err, validation.CodeTooLong, "rows"), "%v", err)
	require.NoError(t, calendar.CheckCSV(many[:calendar.CSVMaxRows], madrid, now, sprout))
}

// TestWriteCSVAccount: a file is for one account; each row carries that
// account's post, its variant applied.
func TestWriteCSVAccount(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	both := post("both", channel.LinkedIn, wall(madrid, 2026, 3, 2, 10, 0), "We opened a new café")
	both.Accounts = []string{"acme", "janeroe"}
	both.Link = "https://example.com/cafe"
	both.Variants = []calendar.Variant{{Account: "JaneRoe", Text: "I opened a new café", Link: "https://example.com/jane"}}
	page := post("page", channel.LinkedIn, wall(madrid, 2026, 3, 3, 10, 0), "Page only")
	page.Accounts = []string{"acme"}
	only := post("only", channel.LinkedIn, wall(madrid, 2026, 3, 4, 10, 0), "The brand's only account")
	entries := []calendar.Entry{both, page, only}

	var buf bytes.Buffer
	require.NoError(t, calendar.WriteCSV(&buf, entries, madrid, now, &calendar.CSVOptions{Account: "acme"}))
	assert.Equal(t, [][]string{
		{"02/03/2026 10:00", "We opened a new café", "https://example.com/cafe"},
		{"03/03/2026 10:00", "Page only", ""},
		{"04/03/2026 10:00", "The brand's only account", ""},
	}, readCSV(t, buf.String()))

	buf.Reset()
	err := calendar.WriteCSV(&buf, entries, madrid, now, &calendar.CSVOptions{Account: "janeroe"})
	assert.True(t, validation.Has(err, validation.CodeNotFound, "rows[1].accounts"), "%v", err)
	assert.False(t, validation.Has(err, validation.CodeNotFound, "rows[0].accounts"), "%v", err)
	assert.False(t, validation.Has(err, validation.CodeNotFound, "rows[2].accounts"), "%v", err)
	assert.Empty(t, buf.String())
	buf.Reset()
	require.NoError(t, calendar.WriteCSV(&buf, []calendar.Entry{both}, madrid, now, &calendar.CSVOptions{Account: "JANEROE", Dialect: calendar.CSVSprout}))
	assert.Equal(t, []string{"02/03/2026", "10:00", "I opened a new café\nhttps://example.com/jane"}, readCSV(t, buf.String())[1])

	// Without an account the file is for each entry's only one, the same
	// for every row.
	err = calendar.CheckCSV(entries, madrid, now, nil)
	assert.True(t, validation.Has(err, validation.CodeConflict, "rows[0].accounts"), "several accounts: %v", err)
	require.NoError(t, calendar.CheckCSV(entries[1:], madrid, now, nil))
	founder := post("founder", channel.LinkedIn, wall(madrid, 2026, 3, 5, 10, 0), "Founder's post")
	founder.Accounts = []string{"janeroe"}
	err = calendar.CheckCSV([]calendar.Entry{page, only, founder}, madrid, now, nil)
	assert.True(t, validation.Has(err, validation.CodeConflict, "rows[2].accounts"), "%v", err)

	err = calendar.CheckCSV(entries, madrid, now, &calendar.CSVOptions{Account: "@acme"})
	assert.True(t, validation.Has(err, validation.CodeInvalid, "options.account"), "%v", err)
	err = calendar.CheckCSV(entries, madrid, now, &calendar.CSVOptions{Dialect: "buffer"})
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "options.dialect"), "%v", err)
}

// TestWriteCSVUnsupportedParts: neither dialect has a column for a title,
// a first comment or media, so a post with any of them is refused, naming
// the row and the part, unless the caller chooses to leave them out.
func TestWriteCSVUnsupportedParts(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	now := wall(madrid, 2026, 3, 1, 12, 0)
	yt := post("yt", channel.YouTube, wall(madrid, 2026, 3, 2, 10, 0), "How we roast")
	yt.Title = "Roasting day"
	yt.Media = []channel.Media{{Kind: channel.Video, URL: "https://cdn.example.com/roast.mp4"}}
	yt2 := post("yt2", channel.YouTube, wall(madrid, 2026, 3, 3, 10, 0), "Second video")
	yt2.FirstComment = "Subscribe!"
	for _, d := range []calendar.CSVDialect{calendar.CSVHootsuite, calendar.CSVSprout} {
		var buf bytes.Buffer
		err := calendar.WriteCSV(&buf, []calendar.Entry{yt, yt2}, madrid, now, &calendar.CSVOptions{Dialect: d})
		assert.Empty(t, buf.String())
		for _, p := range []string{"rows[0].title", "rows[0].media", "rows[1].firstComment"} {
			assert.True(t, validation.Has(err, validation.CodeInvalid, p), "%s: %s in %v", d, p, err)
		}
		assert.False(t, validation.Has(err, validation.CodeInvalid, "rows[0].firstComment"), "%v", err)
		require.NoError(t, calendar.WriteCSV(&buf, []calendar.Entry{yt, yt2}, madrid, now, &calendar.CSVOptions{Dialect: d, OmitUnsupported: true}))
		header := 0
		if d.Header() != nil {
			header = 1
		}
		assert.Len(t, readCSV(t, buf.String()), header+2)
	}

	// The post is the account's: a variant that publishes no media is
	// fine, the entry's media refused for the other account.
	li := post("li", channel.LinkedIn, wall(madrid, 2026, 3, 2, 10, 0), "Deck")
	li.Accounts = []string{"acme", "janeroe"}
	li.Media = []channel.Media{{Kind: channel.Document, URL: "https://cdn.example.com/deck.pdf"}}
	li.Variants = []calendar.Variant{{Account: "janeroe", Media: []channel.Media{}}}
	require.NoError(t, calendar.CheckCSV([]calendar.Entry{li}, madrid, now, &calendar.CSVOptions{Account: "janeroe"}))
	err := calendar.CheckCSV([]calendar.Entry{li}, madrid, now, &calendar.CSVOptions{Account: "acme"})
	assert.True(t, validation.Has(err, validation.CodeInvalid, "rows[0].media"), "%v", err)
}

func TestCSVDialectText(t *testing.T) {
	var d calendar.CSVDialect
	require.NoError(t, d.UnmarshalText([]byte("sprout")))
	assert.Equal(t, calendar.CSVSprout, d)
	assert.Error(t, d.UnmarshalText([]byte("Sprout")), "identifiers are matched exactly")
	assert.Error(t, d.UnmarshalText([]byte("")))
	assert.Equal(t, calendar.CSVSprout, d, "unchanged by a refused value")
	_, err := calendar.CSVDialect("buffer").MarshalText()
	assert.Error(t, err)
	b, err := calendar.CSVDialect("").MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	assert.True(t, calendar.CSVHootsuite.IsValid())
	assert.False(t, calendar.CSVDialect("").IsValid())
	assert.Equal(t, "hootsuite", calendar.CSVHootsuite.String())
}

// TestGroupByAccount: one group per channel and account, an entry with
// several accounts in each of their groups, handles compared without
// regard to case, in a fixed order.
func TestGroupByAccount(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	at := func(h int) time.Time { return wall(madrid, 2026, 3, 2, h, 0) }
	both := post("both", channel.LinkedIn, at(12), "both")
	both.Accounts = []string{"janeroe", "Acme"}
	page := post("page", channel.LinkedIn, at(10), "page")
	page.Accounts = []string{"acme"}
	jane := post("jane", channel.LinkedIn, at(9), "jane")
	jane.Accounts = []string{"JaneRoe"}
	unnamed := post("unnamed", channel.LinkedIn, at(8), "unnamed")
	ig := post("ig", channel.Instagram, at(11), "ig")
	entries := []calendar.Entry{both, page, jane, unnamed, ig}

	groups := calendar.GroupByAccount(entries)
	type group struct {
		c       channel.Channel
		account string
		ids     []string
	}
	var got []group
	for _, g := range groups {
		var ids []string
		for _, e := range g.Entries {
			ids = append(ids, e.Text)
		}
		got = append(got, group{g.Channel, g.Account, ids})
	}
	assert.Equal(t, []group{
		{channel.Instagram, "", []string{"ig"}},
		{channel.LinkedIn, "", []string{"unnamed"}},
		{channel.LinkedIn, "acme", []string{"page", "both"}},
		{channel.LinkedIn, "JaneRoe", []string{"jane", "both"}},
	}, got)

	// The same groups whatever the input order.
	reversed := []calendar.Entry{ig, unnamed, jane, page, both}
	assert.Equal(t, groups, calendar.GroupByAccount(reversed))

	// Each group is one valid file for its account.
	now := wall(madrid, 2026, 3, 1, 12, 0)
	for _, g := range groups {
		// Instagram posts carry media, which the tool takes after the upload.
		require.NoError(t, calendar.CheckCSV(g.Entries, madrid, now, &calendar.CSVOptions{Account: g.Account, OmitUnsupported: true}), "%s @%s", g.Channel, g.Account)
	}
	assert.Empty(t, calendar.GroupByAccount(nil))
}

// csvGoldenEntries are the posts of the golden CSV files: one account of
// two on LinkedIn, with a variant, a tracked link, a link already in the
// text, quoting, a line break and a formula-like text.
func csvGoldenEntries(t *testing.T) []calendar.Entry {
	madrid := mustZone(t, "Europe/Madrid")
	launch := post("golden-1", channel.LinkedIn, wall(madrid, 2026, 3, 2, 9, 0), "Our spring menu is here, \"finally\".\nCome and taste it.")
	launch.Accounts = []string{"cafeaurora", "chef.ana"}
	launch.Link = "https://example.com/menu?utm_source=linkedin&utm_medium=social"
	launch.Variants = []calendar.Variant{{Account: "chef.ana", Text: "I cooked our spring menu, \"finally\".\nCome and taste it."}}
	inText := post("golden-2", channel.LinkedIn, wall(madrid, 2026, 3, 2, 18, 30), "Read the story at https://example.com/story")
	inText.Accounts = []string{"chef.ana"}
	inText.Link = "https://example.com/story"
	deal := post("golden-3", channel.LinkedIn, wall(madrid, 2026, 3, 3, 13, 15), "-20% on every menu today; book a table")
	deal.Accounts = []string{"chef.ana", "cafeaurora"}
	return []calendar.Entry{launch, inText, deal}
}

// TestWriteCSVGolden: the files of both dialects for one account, byte
// for byte (go test -run TestWriteCSVGolden -update rewrites them).
func TestWriteCSVGolden(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	now := wall(madrid, 2026, 3, 1, 9, 0)
	for _, d := range []calendar.CSVDialect{calendar.CSVHootsuite, calendar.CSVSprout} {
		t.Run(string(d), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, calendar.WriteCSV(&buf, csvGoldenEntries(t), madrid, now,
				&calendar.CSVOptions{Dialect: d, Account: "chef.ana", Formulas: calendar.CSVFormulaVerbatim}))
			path := filepath.Join("testdata", string(d)+".csv")
			if *updateGolden {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -run TestWriteCSVGolden -update to create it")
			assert.Equal(t, string(want), buf.String())
		})
	}
}

// FuzzCheckCSV: in every dialect CheckCSV and WriteCSV agree; a refused
// file writes nothing and names rows or options; a written file reads back
// through encoding/csv as the documented columns, with the text (and, in
// Sprout's dialect, the link) exactly as given, and keeps the dialect's
// spacing rules.
func FuzzCheckCSV(f *testing.F) {
	f.Add("Spring menu", "https://example.com/m", 10, byte(1), false)
	f.Add("=1+1", "", 9, byte(1), false)
	f.Add("a,b\n\"c\"", "https://example.com/a,b", 5, byte(0), true)
	f.Add("", "ftp://x", 0, byte(2), false)
	f.Add("x\r\ny", "https://e.com/ x", -15, byte(1), true)
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		f.Fatal(err)
	}
	dialects := []calendar.CSVDialect{"", calendar.CSVHootsuite, calendar.CSVSprout, "buffer"}
	f.Fuzz(func(t *testing.T, text, link string, gap int, dialect byte, omit bool) {
		d := dialects[int(dialect)%len(dialects)]
		base := calendar.Date(2026, 3, 2, 10, 0, 0, 0, madrid)
		first := calendar.Entry{ID: idOf("f1"), Channel: channel.Facebook, Accounts: []string{"acme", "janeroe"}, At: base,
			Text: "first", Link: "https://example.com/first", Status: calendar.StatusScheduled,
			Variants: []calendar.Variant{{Account: "acme", Text: text, Link: link}}}
		second := calendar.Entry{ID: idOf("f2"), Channel: channel.Facebook, At: base.Add(time.Duration(gap%100000) * time.Minute),
			Text: "second", Status: calendar.StatusScheduled}
		entries := []calendar.Entry{first, second}
		opts := &calendar.CSVOptions{Dialect: d, Account: "acme", Formulas: calendar.CSVFormulaVerbatim, OmitUnsupported: omit}
		now := base.AddDate(0, 0, -1)
		checked := calendar.CheckCSV(entries, madrid, now, opts)
		var buf bytes.Buffer
		written := calendar.WriteCSV(&buf, entries, madrid, now, opts)
		if (checked == nil) != (written == nil) {
			t.Fatalf("CheckCSV: %v; WriteCSV: %v", checked, written)
		}
		if written != nil {
			if buf.Len() != 0 {
				t.Fatal("wrote output for refused input")
			}
			var ve *validation.Error
			if !errors.As(written, &ve) {
				t.Fatalf("not a *validation.Error: %v", written)
			}
			for _, fe := range ve.Errors {
				if !strings.HasPrefix(fe.Path, "rows") && !strings.HasPrefix(fe.Path, "options.") {
					t.Fatalf("error outside rows and options: %v", fe)
				}
			}
			return
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("%q: %v", buf.String(), err)
		}
		message := text
		if message == "" {
			message = "first" // the variant inherits the entry's text
		}
		l := link
		if l == "" {
			l = "https://example.com/first"
		}
		minutes := gap % 100000
		if minutes < 0 {
			minutes = -minutes
		}
		switch d {
		case calendar.CSVSprout:
			if len(rows) != 3 || !slices.Equal(rows[0], sproutDocumentedHeaders) {
				t.Fatalf("sprout file %q", rows)
			}
			if !strings.Contains(message, l) {
				message += "\n" + l
			}
			if rows[1][2] != message && rows[2][2] != message {
				t.Fatalf("message %q not in %q", message, rows)
			}
			if minutes < 10 {
				t.Fatalf("posts %d minutes apart accepted", minutes)
			}
		default:
			if len(rows) != 2 || len(rows[0]) != 3 {
				t.Fatalf("hootsuite file %q", rows)
			}
			found := false
			for _, r := range rows {
				found = found || (r[1] == message && r[2] == l)
			}
			if !found {
				t.Fatalf("message %q and link %q not in %q", message, l, rows)
			}
			if minutes%calendar.CSVMinuteStep != 0 || minutes == 0 {
				t.Fatalf("posts %d minutes apart accepted", minutes)
			}
		}
	})
}
