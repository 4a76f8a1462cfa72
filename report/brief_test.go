package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/report"
	"github.com/tandemsocial/tandem/strategy"
)

// briefSample is the sample plan with saved replies and approvals.
func briefSample() *strategy.Strategy {
	p := verifiedplan.Plan()
	p.Community.Replies = community.SavedReplies{
		{ID: "thanks", Name: "Thank you", Text: "Thanks, {author_name}!\n— {agent_name}"},
		{ID: "office", Name: "Office tasting", Text: "Book a tasting at bluebird.coffee/office — {agent_name}", Channels: []channel.Channel{channel.LinkedIn}},
	}
	p.Approvals = strategy.Approvals{
		Posts: calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
			{Name: "brand lead", Members: []uuid.UUID{verifiedplan.Strategist}, Require: calendar.RequireAny, Expires: calendar.Duration(24 * time.Hour)},
		}},
		Replies: calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
			{Roles: []string{string(strategy.RoleStrategist)}, Require: calendar.RequireAll},
		}},
	}
	return p
}

func brief(t *testing.T, p *strategy.Strategy, who uuid.UUID, asOf time.Time, opts *strategy.BriefOptions) *strategy.Brief {
	t.Helper()
	b, err := p.Brief(who, asOf, opts)
	require.NoError(t, err)
	return b
}

// render writes b both ways.
func render(t *testing.T, b *strategy.Brief) (html, text string) {
	t.Helper()
	var h, x bytes.Buffer
	require.NoError(t, report.WriteBriefHTML(&h, b))
	require.NoError(t, report.WriteBriefText(&x, b))
	return h.String(), x.String()
}

// selfContained fails when the page could load or run anything: a tag
// that loads or runs, an attribute that points elsewhere or handles an
// event, or a style that imports. Text from the plan is escaped, so every
// "<" in the page opens one of the template's own tags.
func selfContained(t testing.TB, html string) {
	if m := loadingTag.FindString(html); m != "" {
		t.Errorf("the page holds %q", m)
	}
	if m := loadingAttr.FindString(html); m != "" {
		t.Errorf("the page holds %q", m)
	}
	if i, j := strings.Index(html, "<style>"), strings.Index(html, "</style>"); i < 0 || j < i {
		t.Errorf("the page has no inline style")
	} else if css := strings.ToLower(html[i:j]); strings.Contains(css, "url(") || strings.Contains(css, "@import") {
		t.Errorf("the style loads something")
	}
	if !utf8.ValidString(html) {
		t.Errorf("the page is not valid UTF-8")
	}
}

var (
	loadingTag  = regexp.MustCompile(`(?i)<(script|link|img|iframe|object|embed|svg|base|form|input|a)\b`)
	loadingAttr = regexp.MustCompile(`(?i)<[^>]*\b(src|href|action|on[a-z]+)\s*=`)
)

// cleanText fails on invalid UTF-8 and on control characters other than
// the line breaks.
func cleanText(t testing.TB, text string) {
	if !utf8.ValidString(text) {
		t.Errorf("the text is not valid UTF-8")
	}
	for _, r := range text {
		if r != '\n' && unicode.IsControl(r) {
			t.Errorf("the text holds the control character %U", r)
			return
		}
	}
}

func TestWriteBriefCommunityManager(t *testing.T) {
	b := brief(t, briefSample(), verifiedplan.CommunityManager, verifiedplan.AsOf, nil)
	html, text := render(t, b)

	require.True(t, strings.HasPrefix(html, "<!DOCTYPE html>"))
	selfContained(t, html)
	last := -1
	for _, id := range report.BriefSections() {
		at := strings.Index(html, `<section id="`+id+`">`)
		require.GreaterOrEqual(t, at, 0, id)
		assert.Equal(t, 1, strings.Count(html, `id="`+id+`"`), id)
		assert.Greater(t, at, last, "%s comes in page order", id)
		last = at
	}
	cleanText(t, text)

	// The same content both ways: each of these is in the page and in the text.
	for _, want := range []string{
		"Brief for Mateo Ruiz — Bluebird Coffee Roasters",
		"Europe/Madrid",
		"Mon 15 Feb 2027 to Sun 21 Feb 2027",
		"cheap, unfortunately",
		"sign-off",
		"refund promise",
		"Raise share of voice among Madrid roasters from 18% to 25%",
		"Send the weekly insight digest",
		"Wed 10 Feb 18:00 CET",
		"Monday 15 February",
		"10:00 CET",
		"brewing tips (reel)",
		"@bluebird-coffee-roasters on LinkedIn",
		"in progress; campaign Office Coffee Week; overdue",
		"Office tasting",
		"Step 1 (brand lead)",
		"within 24h",
		"when a reply holds: refund promise",
		"Step 1: any strategist",
		"(all of them)",
		"first public response within 30m",
		"after 30m: Lucía Ortega",
		"posts pause for up to 48h",
	} {
		assert.Contains(t, html, want)
		assert.Contains(t, text, want)
	}
	for i, line := range strings.Split(text, "\n") {
		assert.LessOrEqual(t, utf8.RuneCountInString(line), report.BriefTextWidth, "line %d: %q", i+1, line)
	}
}

func TestWriteBriefQuietWeek(t *testing.T) {
	b := brief(t, briefSample(), verifiedplan.Strategist, verifiedplan.AsOf, nil)
	html, text := render(t, b)
	for _, out := range []string{html, text} {
		assert.Contains(t, out, "Nothing is planned for you from Mon 15 Feb 2027 to Sun 21 Feb 2027")
		assert.Contains(t, out, "None of your work serves it directly.")
	}
	assert.Contains(t, html, `you</span>`, "she approves posts")

	empty := &strategy.Brief{Person: strategy.Member{ID: uuid.New()}}
	html, text = render(t, empty)
	selfContained(t, html)
	for _, out := range []string{html, text} {
		for _, want := range []string{"The plan sets no voice rules.", "The plan has no objectives.", "Nothing is planned for you",
			"No saved reply applies to you.", "No approval is needed", "The plan has no crisis ladder yet"} {
			assert.Contains(t, out, want)
		}
	}
}

// A community manager in New York whose week crosses the November change
// from EDT to EST sees a daily 10:00 routine at 10:00 on every day, each
// with its own abbreviation.
func TestWriteBriefAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	plan := briefSample()
	rule, err := calendar.ParseRule("FREQ=DAILY")
	require.NoError(t, err)
	plan.Routines = append(plan.Routines, calendar.Routine{
		ID: verifiedplan.IDs.ID("routine", "ny-story"), Channel: channel.Instagram, Pillar: "daily story", Format: "story",
		Owner: verifiedplan.CommunityManager, Recurrence: calendar.Recurrence{Start: calendar.Date(2026, 10, 26, 10, 0, 0, 0, ny), Rule: rule},
	})
	b := brief(t, plan, verifiedplan.CommunityManager, time.Date(2026, 10, 29, 8, 0, 0, 0, ny), &strategy.BriefOptions{Zone: "America/New_York"})
	html, text := render(t, b)
	for _, out := range []string{html, text} {
		assert.Equal(t, 3, strings.Count(out, "10:00 EDT"), "Thursday to Saturday")
		assert.Equal(t, 4, strings.Count(out, "10:00 EST"), "Sunday 1 November to Wednesday")
		assert.Contains(t, out, "Sunday 1 November")
		assert.Contains(t, out, "America/New_York")
		assert.NotContains(t, out, "09:00 EST")
	}
}

func TestWriteBriefInTokyo(t *testing.T) {
	b := brief(t, briefSample(), verifiedplan.CommunityManager, verifiedplan.AsOf, &strategy.BriefOptions{Zone: "Asia/Tokyo"})
	html, text := render(t, b)
	for _, out := range []string{html, text} {
		assert.Contains(t, out, "Asia/Tokyo")
		assert.Contains(t, out, "18:00 JST")
		assert.Contains(t, out, "Wednesday 17 February")
		assert.NotContains(t, out, " CET")
	}
}

// A brief read back from JSON prints the same: its times are shown in its
// zone again, whatever offset JSON kept.
func TestWriteBriefAfterJSON(t *testing.T) {
	b := brief(t, briefSample(), verifiedplan.CommunityManager, verifiedplan.AsOf, &strategy.BriefOptions{Zone: "America/New_York"})
	data, err := json.Marshal(b)
	require.NoError(t, err)
	var back strategy.Brief
	require.NoError(t, json.Unmarshal(data, &back))
	h1, t1 := render(t, b)
	h2, t2 := render(t, &back)
	assert.Equal(t, h1, h2)
	assert.Equal(t, t1, t2)
}

type failWriter struct{ after int }

var errWrite = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errWrite
	}
	w.after--
	return len(p), nil
}

func TestWriteBriefErrors(t *testing.T) {
	assert.ErrorIs(t, report.WriteBriefHTML(&bytes.Buffer{}, nil), report.ErrNoBrief)
	assert.ErrorIs(t, report.WriteBriefText(&bytes.Buffer{}, nil), report.ErrNoBrief)
	b := brief(t, briefSample(), verifiedplan.CommunityManager, verifiedplan.AsOf, nil)
	assert.ErrorIs(t, report.WriteBriefHTML(&failWriter{}, b), errWrite)
	assert.ErrorIs(t, report.WriteBriefText(&failWriter{}, b), errWrite)
}

// hostileBrief puts name and phrase in every text a brief carries.
func hostileBrief(name, phrase string) *strategy.Brief {
	ref := strategy.Ref{ID: uuid.New(), Name: name}
	madrid, _ := time.LoadLocation("Europe/Madrid")
	at := time.Date(2027, 2, 16, 10, 0, 0, 0, madrid)
	return &strategy.Brief{
		AsOf: at, Zone: phrase, From: at.Add(-10 * time.Hour), To: at.AddDate(0, 0, 6),
		Person: strategy.Member{ID: ref.ID, Name: name, Roles: []strategy.Role{strategy.Role(phrase)}},
		Brand:  name, Values: []string{phrase, name}, Goal: phrase,
		Voice: community.VoicePolicy{Tone: community.Tone(phrase), Address: community.Address(name), BannedWords: []string{phrase},
			Required: []community.VoiceRule{{Name: name, Pattern: phrase}}, NeedsApproval: []community.VoiceRule{{Name: phrase, Pattern: name}},
			Links: community.LinkRule{Domains: []string{phrase}}},
		Objectives: []strategy.BriefObjective{{Statement: phrase, KPIs: []string{name}, Routines: []strategy.Ref{ref}, Assignments: []strategy.Ref{ref},
			Campaigns: []strategy.Ref{ref}, ThisWeek: 2, Entries: 1}},
		Week: []strategy.BriefItem{
			{Kind: strategy.BriefAssignment, At: at.AddDate(0, 0, -3), Title: name, Text: phrase, Status: phrase, Overdue: true, Campaign: ref},
			{Kind: strategy.BriefEntry, At: at, Channel: channel.Instagram, Accounts: []channel.AccountRef{{Channel: channel.Instagram, Handle: name}},
				Title: phrase, Text: name, Blackout: phrase, Unowned: true},
			{Kind: strategy.BriefItemKind(phrase), Title: name},
		},
		Replies:    community.SavedReplies{{ID: name, Name: name, Text: phrase, Language: phrase, Channels: []channel.Channel{channel.Channel(name)}}},
		Approvals:  []strategy.BriefApproval{{For: phrase, Triggers: []string{name}, Steps: []strategy.BriefApprovalStep{{Name: phrase, Members: []strategy.Ref{ref}, Roles: []strategy.Role{strategy.Role(name)}, You: true}}}},
		CrisisPlan: name,
		Crisis: []strategy.BriefLevel{{Name: name, Meaning: phrase, Handler: ref, Approver: ref, BackupApprover: ref,
			Escalation: []strategy.BriefEscalation{{After: 1, Notify: []strategy.Ref{ref}}}, Repeat: 1, Pause: 1,
			Playbook: []strategy.BriefPlaybookStep{{Name: name, Action: phrase, Owner: ref}}, You: true}},
	}
}

func checkHostile(t testing.TB, name, phrase string) {
	b := hostileBrief(name, phrase)
	var h, x bytes.Buffer
	if err := report.WriteBriefHTML(&h, b); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteBriefText(&x, b); err != nil {
		t.Fatal(err)
	}
	html := h.String()
	if strings.Contains(strings.ToLower(html), "<script") {
		t.Errorf("unescaped <script in the page")
	}
	if n, most := strings.Count(html, "<"), strings.Count(plainPage, "<"); n > most {
		t.Errorf("the page opens %d tags, more than the same brief with plain text (%d)", n, most)
	}
	selfContained(t, html)
	cleanText(t, x.String())
}

// plainPage is the page of hostileBrief with plain text: no page of
// hostileBrief opens more tags, whatever its text (an empty text leaves
// out what would hold it).
var plainPage = func() string {
	var h bytes.Buffer
	if err := report.WriteBriefHTML(&h, hostileBrief("name", "phrase")); err != nil {
		panic(err)
	}
	return h.String()
}()

var hostile = []string{
	`<script>alert("x")</script>`,
	`Tom & "Jerry" 'O'Brien' <b>bold</b>`,
	"bad \xff\xfe UTF-8 \xc3",
	"control \x00 \x1b[31m red \x7f \u0085 line\u2028sep",
	"</td></tr></table><script src=//evil>",
	`"><img src=x onerror=alert(1)>`,
	"<!-- comment --> <style>*{display:none}</style>",
	"javascript:alert(1) url(http://evil) @import 'x'",
	"",
	strings.Repeat("long", 100),
}

func TestWriteBriefHostileText(t *testing.T) {
	for _, name := range hostile {
		for _, phrase := range hostile {
			checkHostile(t, name, phrase)
		}
	}
	b := hostileBrief(`<script>alert("x")</script>`, `Tom & "Jerry"`)
	html, text := render(t, b)
	assert.Contains(t, html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
	assert.Contains(t, html, "Tom &amp; &#34;Jerry&#34;")
	assert.Contains(t, text, `Brief for <script>alert("x")</script>`, "plain text is text")

	b = hostileBrief("bad \xff name\x00\nnext", "ok")
	html, text = render(t, b)
	assert.Contains(t, html, "Brief for bad \uFFFD name next")
	assert.Contains(t, text, "Brief for bad \uFFFD name next")
}

func FuzzWriteBrief(f *testing.F) {
	for _, h := range hostile {
		f.Add(h, "phrase")
		f.Add("name", h)
	}
	f.Fuzz(func(t *testing.T, name, phrase string) {
		checkHostile(t, name, phrase)
	})
}
