package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
)

func TestQuickstartText(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, t.TempDir(), false))
	text := out.String()
	for _, want := range []string{
		verifiedplan.BrandName, "KPI progress", "Instagram engagement rate", "on track", "off track",
		"The next two weeks of posts", "Mon 15 Feb 10:00 CET  instagram  routine", "Fri 26 Feb 10:00 CET",
		"0 errors, 0 warnings, 1 info", "calendar.skipped: routines[0]", "objective: Raise share of voice",
		"Office Coffee Week (linkedin): 4 entries from @bluebird-coffee-roasters on LinkedIn, @lucia-ortega on LinkedIn",
		// The accounts, and the whole post as each account publishes it.
		"publishes from  @bluebirdcoffee on Instagram", "@lucia-ortega on LinkedIn              Lucía Ortega, founder",
		"watches         @cafeslaestrella on Instagram",
		"@lucia-ortega (a variant, in the account's own words)", `alt text "Lucía Ortega tastes a Huila espresso at the roastery"`,
		"video:         origin-huila.mp4, 8m30s", "title:         Huila, from farm to cup",
		"first comment: The guide, free to download: https://bluebird.coffee/office-guide?utm_source=lucia-ortega&utm_medium=social&",
		// The planted flaws, caught, and the entries held back.
		"entries[9].media: has 11 attachments; Instagram allows 10 [out_of_range]",
		"entries[10].title: is 113 characters long; at most 100 allowed [too_long]",
		"2 errors, 0 warnings, 1 info", "Caught: 2 findings the plan itself does not have.",
		"entries[9]  instagram Tue 23 Feb 12:00, because of entries[9].media",
		"Wed 17 Feb 12:00 CET  linkedin   post     @bluebird-coffee-roasters @lucia-ortega  The office tasting guide",
		// The exports: an .ics, and both dialects for each account.
		"bluebird.ics", "hootsuite-linkedin-bluebird-coffee-roasters.csv  Hootsuite", "sprout-linkedin-lucia-ortega.csv",
		"1 post from @lucia-ortega on LinkedIn", "to add in the tool: 2 images, 1 first comment",
		// Attribution, per campaign, entry and account.
		"Office Coffee Week  ", "from @lucia-ortega  ", "95 clicks", "from youtube",
		"not attributed: 12 clicks on https://bluebird.coffee/office-week: its URL carries no UTM tags",
		"Triage", "urgent", "crisis keyword", "banned word", "Opinion leaders", "x @coffeefacts",
		"Crisis drill", "first_response critical  met", "statement      critical  late · linkedin",
		"acknowledge              Mateo Ruiz", "publish                  Lucía Ortega · instagram",
		"too early to judge: \"Office Coffee Week\"", "overdue: Draft the Office Coffee Week posts",
	} {
		assert.Contains(t, text, want)
	}
	// Two weeks end before Monday 1 March.
	assert.NotContains(t, text, "Mon 1 Mar")
	// The held-back posts are in no list of what goes out.
	assert.NotContains(t, text, "Harvest day in Huila")
}

func TestQuickstartJSON(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, t.TempDir(), true))
	var r report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	assert.Equal(t, verifiedplan.BrandName, r.Brand)
	require.Len(t, r.Objectives, 3)
	kpis := 0
	for _, o := range r.Objectives {
		for _, k := range o.KPIs {
			assert.True(t, k.Progress.Status.IsValid(), k.Name)
			kpis++
		}
	}
	assert.Equal(t, 4, kpis)
	assert.True(t, r.Verification.Report.OK())
	require.Len(t, r.Flaws.New, 2, "the two planted flaws, and nothing else")
	require.Len(t, r.Flaws.HeldBack, 2)
	assert.Equal(t, "entries[9]", r.Flaws.HeldBack[0].Path)
	assert.Equal(t, channel.Instagram, r.Flaws.HeldBack[0].Channel)
	assert.Equal(t, "entries[10]", r.Flaws.HeldBack[1].Path)
	assert.Equal(t, channel.YouTube, r.Flaws.HeldBack[1].Channel)
	assert.Equal(t, channel.Accounts{
		{Channel: channel.Instagram, Handle: "bluebirdcoffee", Name: verifiedplan.BrandName},
		{Channel: channel.LinkedIn, Handle: companyPage, Name: verifiedplan.BrandName},
		{Channel: channel.LinkedIn, Handle: founder, Name: verifiedplan.StrategistName + ", founder"},
		{Channel: channel.YouTube, Handle: "bluebirdcoffee", Name: verifiedplan.BrandName},
	}, r.Accounts.Own)
	assert.Len(t, r.Files, 5, "one .ics, and a Hootsuite and a Sprout file for each LinkedIn account")
	require.Len(t, r.Attribution.Result.Campaigns, 2)
	assert.Equal(t, int64(695), r.Attribution.Result.Total.Clicks)
	require.Len(t, r.Attribution.Result.Unattributed, 1)
	assert.Equal(t, 4, r.Attribution.Result.Unattributed[0].Visit, "the untagged visit")
	assert.NotEmpty(t, r.Recommendations)
	require.NotEmpty(t, r.Posts)
	for i, p := range r.Posts {
		assert.False(t, p.At.Before(r.AsOf), "post %d before now", i)
		assert.True(t, p.At.Before(r.AsOf.AddDate(0, 0, 14)), "post %d after two weeks", i)
	}
	require.NotEmpty(t, r.Inbox.Triage)
	assert.Equal(t, community.PriorityUrgent, r.Inbox.Triage[0].Assessment.Priority)
	assert.Len(t, r.Inbox.Leaders, 3)
	assert.NotEmpty(t, r.Drill.Timeline)
	assert.Len(t, r.Drill.Missed, 1)
	assert.Equal(t, verifiedplan.CommunityManagerName, r.Drill.Names[verifiedplan.CommunityManager], "the timeline's member IDs come with their names")
}

// The exports land in the folder given: an .ics with every post's
// accounts and attachments, and one file per account in each CSV dialect.
func TestQuickstartWritesExports(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	require.NoError(t, run(&out, dir, false))
	ics, err := os.ReadFile(filepath.Join(dir, "bluebird.ics"))
	require.NoError(t, err)
	text := string(ics)
	assert.True(t, strings.HasPrefix(text, "BEGIN:VCALENDAR\r\n"))
	assert.Contains(t, text, "TZID:Europe/Madrid")
	assert.Equal(t, 3, strings.Count(text, "RRULE:"), "one per routine")
	assert.Equal(t, 3, strings.Count(text, `\nOwner: Mateo Ruiz`), "owners by name, not by member ID")
	assert.Equal(t, 2, strings.Count(text, "X-TANDEM-ACCOUNT:lucia-ortega\r\n"), "the two posts the founder publishes too")
	assert.Contains(t, text, "X-TANDEM-ACCOUNT:bluebird-coffee-roasters\r\n")
	assert.Contains(t, text, "ATTACH;FMTTYPE=video/mp4:https://bluebird.coffee/media/origin-huila.mp4")
	assert.Contains(t, text, "SUMMARY:YouTube @bluebirdcoffee: Huila\\, from farm to cup")
	assert.NotContains(t, text, "harvest", "the held-back posts stay out")

	for _, c := range []struct {
		file, header, row string
	}{
		{"hootsuite-linkedin-bluebird-coffee-roasters.csv", "", "17/02/2027 12:00,The office tasting guide: how to choose coffee your whole team will like,https://bluebird.coffee/office-guide?utm_source=bluebird-coffee-roasters&"},
		{"hootsuite-linkedin-lucia-ortega.csv", "", `17/02/2027 12:00,"I wrote this guide`},
		{"sprout-linkedin-bluebird-coffee-roasters.csv", "date,time_24hr,message_text\n", "17/02/2027,12:00,\"The office tasting guide"},
		{"sprout-linkedin-lucia-ortega.csv", "date,time_24hr,message_text\n", "\nhttps://bluebird.coffee/office-guide?utm_source=lucia-ortega&"},
	} {
		csv, err := os.ReadFile(filepath.Join(dir, c.file))
		require.NoError(t, err, c.file)
		assert.True(t, strings.HasPrefix(string(csv), c.header), "%s: %q", c.file, csv)
		assert.Contains(t, string(csv), c.row, c.file)
		assert.NotContains(t, string(csv), "Free tasting", "%s: drafts stay out", c.file)
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	require.NoError(t, err)
	assert.Len(t, names, 4, "no Instagram or YouTube post is left to upload: the flawed ones are held back")
}

// The report is the same on every run: the quickstart never reads the clock.
func TestQuickstartDeterministic(t *testing.T) {
	dir := t.TempDir()
	var a, b bytes.Buffer
	require.NoError(t, run(&a, dir, true))
	require.NoError(t, run(&b, dir, true))
	assert.Equal(t, a.String(), b.String())
}
