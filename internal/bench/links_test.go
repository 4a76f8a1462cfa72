package bench

import (
	"fmt"
	"maps"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// linkShapes are the links of the bench entries: a bare path, a query, a
// query and a fragment, a fragment alone.
var linkShapes = []string{
	"https://shop.example/products/%d",
	"https://shop.example/products/%d?ref=newsletter&lang=es",
	"https://blog.example/2027/03/post-%d?page=2&sort=new#comments",
	"http://example.com/landing/%d#offer",
}

// linkEntries builds n entries of a few campaigns, each with a link, and
// their tags in tandem's convention, with a term so that both sides set
// all five parameters.
func linkEntries(n int) ([]calendar.Entry, []calendar.LinkTags) {
	channels := channel.All()
	entries := make([]calendar.Entry, n)
	tags := make([]calendar.LinkTags, n)
	for i := range entries {
		entries[i] = calendar.Entry{
			ID:         uuid.NewSHA1(uuid.NameSpaceURL, []byte(fmt.Sprint("bench-entry-", i))),
			Channel:    channels[i%len(channels)],
			CampaignID: uuid.NewSHA1(uuid.NameSpaceURL, []byte(fmt.Sprint("bench-campaign-", i%50))),
			Link:       fmt.Sprintf(linkShapes[i%len(linkShapes)], i),
		}
		tags[i] = calendar.EntryLinkTags(entries[i], "", "social")
		tags[i].Term = "spring sale"
	}
	return entries, tags
}

// netURLTag is the plain net/url way: parse, set the five parameters on
// the decoded query, encode it (sorted by key) and print the URL.
func netURLTag(link string, t calendar.LinkTags) (string, error) {
	u, err := url.Parse(link)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("utm_source", t.Source)
	q.Set("utm_medium", t.Medium)
	q.Set("utm_campaign", t.Campaign)
	q.Set("utm_content", t.Content)
	q.Set("utm_term", t.Term)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// BenchmarkTagLinks tags the links of 100,000 entries with their UTM
// parameters: calendar.TagLink (which also validates the link and the
// tags, refuses conflicting tags and keeps the query byte for byte)
// against a net/url parse, Query().Set ×5, Encode, String loop. Both
// sides are first checked to give every link the same query parameters
// and fragment. ns/link and allocs/link are per link.
func BenchmarkTagLinks(b *testing.B) {
	const n = 100_000
	entries, tags := linkEntries(n)
	for i, e := range entries {
		mine, err := calendar.TagLink(e.Link, tags[i])
		if err != nil {
			b.Fatal(err)
		}
		theirs, err := netURLTag(e.Link, tags[i])
		if err != nil {
			b.Fatal(err)
		}
		mu, _ := url.Parse(mine)
		tu, _ := url.Parse(theirs)
		if !maps.EqualFunc(mu.Query(), tu.Query(), func(a, b []string) bool { return fmt.Sprint(a) == fmt.Sprint(b) }) || mu.Fragment != tu.Fragment {
			b.Fatalf("link %d: TagLink gave %s, net/url %s", i, mine, theirs)
		}
		back, err := calendar.ParseLinkTags(mine)
		if err != nil || back != tags[i] {
			b.Fatalf("link %d: ParseLinkTags(%s) = %+v, %v", i, mine, back, err)
		}
	}
	run := func(b *testing.B, tag func(string, calendar.LinkTags) (string, error)) {
		b.ReportAllocs()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.ResetTimer()
		for range b.N {
			for i, e := range entries {
				if _, err := tag(e.Link, tags[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StopTimer()
		runtime.ReadMemStats(&after)
		links := float64(b.N) * n
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/links, "ns/link")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/links, "allocs/link")
	}
	b.Run("tandem", func(b *testing.B) { run(b, calendar.TagLink) })
	b.Run("net-url", func(b *testing.B) { run(b, netURLTag) })
	// The whole entry, as Strategy.Calendar tags it: the link and the
	// same URL inside the post's text, which the network counts. More
	// work than the loop does (a text to search and rewrite); reported
	// beside it.
	posts := make([]calendar.Entry, n)
	for i, e := range entries {
		e.Text = "New this week, read it here: " + e.Link + " and tell us what you think."
		posts[i] = e
		out, err := calendar.TagEntry(e, func(string) calendar.LinkTags { return tags[i] })
		if err != nil || !strings.Contains(out.Text, out.Link) || out.Link == e.Link {
			b.Fatalf("entry %d: TagEntry = %+v, %v", i, out, err)
		}
	}
	b.Run("tandem-entry", func(b *testing.B) {
		b.ReportAllocs()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.ResetTimer()
		for range b.N {
			for i, e := range posts {
				if _, err := calendar.TagEntry(e, func(string) calendar.LinkTags { return tags[i] }); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StopTimer()
		runtime.ReadMemStats(&after)
		links := float64(b.N) * n
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/links, "ns/link")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/links, "allocs/link")
	})
}
