package main

import (
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
)

// The brand's accounts. On LinkedIn it publishes from two: its company page
// and its founder's profile, so every LinkedIn entry and routine names the
// account (or both) it is posted from. On Instagram and YouTube it has one
// account each, which its entries and routines need not name.
const (
	// brandHandle is the brand's account on Instagram and on YouTube.
	brandHandle = "bluebirdcoffee"
	// companyPage is the brand's LinkedIn company page.
	companyPage = "bluebird-coffee-roasters"
	// founder is the LinkedIn profile of Lucía Ortega, the founder (and
	// the plan's strategist), who posts the office campaign in her own
	// words.
	founder = "lucia-ortega"
)

// media is where the sample's pictures and videos are published from.
const media = "https://bluebird.coffee/media/"

// newPlan returns the quickstart's plan: the sample plan of
// examples/verifiedplan, with what the brand really publishes on top of it.
// Lucía's LinkedIn profile is a second account on LinkedIn; the office
// campaign's posts go out from both accounts, hers in her own words, with
// images, a video and a first comment, and their links tagged with the
// account that published them; the brand's YouTube channel carries the
// Origin Stories film. Each call builds a new plan, so that a copy can be
// changed freely (see flawedPlan).
func newPlan() (*strategy.Strategy, error) {
	p := verifiedplan.Plan()
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	at := func(month time.Month, day, hour, min int) time.Time {
		return calendar.Date(2027, month, day, hour, min, 0, 0, loc)
	}
	id := verifiedplan.IDs.ID
	origin, office := campaign(p, "origin-stories"), campaign(p, "office-coffee-week")
	if origin == nil || office == nil {
		return nil, fmt.Errorf("the sample plan lacks the Origin Stories or the Office Coffee Week campaign")
	}

	// The accounts: Lucía's LinkedIn profile beside the company page, and a
	// YouTube channel for the brewing films home brewers asked for.
	p.Accounts = append(p.Accounts,
		channel.Account{Channel: channel.LinkedIn, Handle: founder, Name: verifiedplan.StrategistName + ", founder"},
		channel.Account{Channel: channel.YouTube, Handle: brandHandle, Name: verifiedplan.BrandName},
	)
	p.Channels = append(p.Channels, strategy.ChannelPlan{Channel: channel.YouTube,
		Purpose:  "brewing films and origin stories for home brewers",
		Audience: []uuid.UUID{id("segment", "home-brewers")}, Pillars: []string{"origin stories", "brewing tips"}})
	origin.Channels = append(origin.Channels, channel.YouTube)
	// The crisis plan covers every network the brand publishes on.
	p.Crisis.Channels = append(p.Crisis.Channels, channel.YouTube)
	for i := range p.Crisis.Levels {
		p.Crisis.Levels[i].Statements = append(p.Crisis.Levels[i].Statements, crisis.Statement{Channel: channel.YouTube,
			Text: "We have seen your comments and are looking into it. We will update you here within the hour. — The Bluebird team"})
	}

	// Every link of both campaigns is tagged for attribution: Origin
	// Stories names the network a click comes from, Office Coffee Week the
	// account, so that the company page's clicks and Lucía's are told
	// apart.
	origin.Links = strategy.LinkPolicy{Medium: "social"}
	office.Links = strategy.LinkPolicy{Medium: "social", Source: strategy.LinkSourceAccount}

	// With two accounts on LinkedIn, LinkedIn's routine and entries name
	// theirs.
	for i := range p.Routines {
		if p.Routines[i].Channel == channel.LinkedIn {
			p.Routines[i].Account = companyPage
		}
	}
	for i := range p.Entries {
		if p.Entries[i].Channel == channel.LinkedIn {
			p.Entries[i].Accounts = []string{companyPage}
		}
	}

	// The office tasting guide goes out from both accounts: two pictures,
	// the link in the first comment (where LinkedIn does not hold it
	// against the post's reach), and Lucía's own words and picture.
	guide := entry(p, "office-guide")
	if guide == nil {
		return nil, fmt.Errorf("the sample plan lacks the office-guide entry")
	}
	guide.Accounts = []string{companyPage, founder}
	guide.FirstComment = "The guide, free to download: " + guide.Link
	guide.Media = []channel.Media{
		{Kind: channel.Image, URL: media + "office-guide-cover.jpg", AltText: "The cover of the office tasting guide: three cups on a meeting-room table"},
		{Kind: channel.Image, URL: media + "office-guide-cupping.jpg", AltText: "Mateo pours a cupping for an office team in Madrid"},
	}
	guide.Variants = []calendar.Variant{{Account: founder,
		Text:  "I wrote this guide for every office manager who asked me how to choose a coffee the whole team will like. Twelve years of tastings, in six pages.",
		Media: []channel.Media{{Kind: channel.Image, URL: media + "lucia-tasting.jpg", AltText: "Lucía Ortega tastes a Huila espresso at the roastery"}},
	}}

	p.Entries = append(p.Entries,
		// The week opened on Monday morning, from both accounts, with a
		// short video: the post whose clicks the attribution shows.
		calendar.Entry{ID: id("entry", "office-week-opens"), Channel: channel.LinkedIn, At: at(time.February, 15, 8, 0),
			Accounts: []string{companyPage, founder}, CampaignID: office.ID, Owner: verifiedplan.CommunityManager,
			Status: calendar.StatusPublished,
			Text:   "Office Coffee Week starts today: a free tasting for your team, and the coffee your office will agree on.",
			Link:   "https://bluebird.coffee/office-week", FirstComment: "Book your office's tasting: https://bluebird.coffee/office-week",
			Media: []channel.Media{{Kind: channel.Video, URL: media + "office-week.mp4", Duration: 45 * time.Second, Thumbnail: media + "office-week.jpg"}},
			Variants: []calendar.Variant{{Account: founder,
				Text: "Our team tasted with forty offices last year. This week I would love to taste with yours: book a slot, it is on us."}}},
		// The Origin Stories film, on YouTube: a title, as YouTube needs,
		// the video with its length and thumbnail, and a first comment.
		calendar.Entry{ID: id("entry", "origin-film"), Channel: channel.YouTube, At: at(time.February, 5, 17, 0),
			CampaignID: origin.ID, Owner: verifiedplan.CommunityManager, Status: calendar.StatusPublished,
			Title: "Huila, from farm to cup: Doña Rosa's beans become your espresso",
			Text:  "Twelve years, one farm, one family. Doña Rosa shows how our Huila beans are grown, picked and dried. Order the beans: https://bluebird.coffee/origin-huila",
			Link:  "https://bluebird.coffee/origin-huila", FirstComment: "Which brew method should we film next?",
			Media: []channel.Media{{Kind: channel.Video, URL: media + "origin-huila.mp4", Duration: 8*time.Minute + 30*time.Second, Thumbnail: media + "origin-huila-thumb.jpg"}}},
	)
	setUpDesk(p)
	ownKPIs(p)
	return p, nil
}

// campaign returns the campaign of p with the key's ID, or nil.
func campaign(p *strategy.Strategy, key string) *strategy.Campaign {
	want := verifiedplan.IDs.ID("campaign", key)
	for i := range p.Campaigns {
		if p.Campaigns[i].ID == want {
			return &p.Campaigns[i]
		}
	}
	return nil
}

// entry returns the entry of p with the key's ID, or nil.
func entry(p *strategy.Strategy, key string) *calendar.Entry {
	want := verifiedplan.IDs.ID("entry", key)
	for i := range p.Entries {
		if p.Entries[i].ID == want {
			return &p.Entries[i]
		}
	}
	return nil
}

// accountsReport is who publishes and what goes out: the brand's accounts,
// the competitors' it watches, and the posts that show the whole post
// best, as the networks receive them (variants applied, links tagged).
type accountsReport struct {
	Own     channel.Accounts `json:"own"`
	Watched channel.Accounts `json:"watched"`
	Posts   []wholePost      `json:"posts"`
}

// wholePost is one entry as each of its accounts publishes it.
type wholePost struct {
	Entry   uuid.UUID       `json:"entry"`
	At      time.Time       `json:"at"`
	Channel channel.Channel `json:"channel"`
	Status  calendar.Status `json:"status"`
	By      []accountPost   `json:"by"`
}

// accountPost is what one account publishes of an entry.
type accountPost struct {
	Account string `json:"account"`
	// Variant is true where the account says it in its own words (a
	// variant's text).
	Variant bool `json:"variant,omitempty"`
	channel.Post
}

// newAccountPost is p, the post account publishes.
func newAccountPost(account string, variant bool, p channel.Post) accountPost {
	return accountPost{Account: account, Variant: variant, Post: p}
}

// accounts lists the plan's accounts, and the entries of cal (the
// calendar as it goes out) that show the whole post best: those published
// from more than one account, and those with a title, in time order.
func (s *sample) accounts(cal calendar.Calendar) *accountsReport {
	r := &accountsReport{Own: s.plan.Accounts.Own(), Watched: channel.Accounts{}, Posts: []wholePost{}}
	for _, a := range s.plan.Accounts {
		if !a.Own() {
			r.Watched = append(r.Watched, a)
		}
	}
	for _, e := range cal.Entries {
		if len(e.Accounts) < 2 && e.Title == "" {
			continue
		}
		w := wholePost{Entry: e.ID, At: e.At.In(s.loc), Channel: e.Channel, Status: e.Status}
		for _, h := range e.Accounts {
			w.By = append(w.By, newAccountPost(h, s.hasOwnWords(e.ID, h), e.Post(h)))
		}
		r.Posts = append(r.Posts, w)
	}
	slices.SortStableFunc(r.Posts, func(a, b wholePost) int { return a.At.Compare(b.At) })
	return r
}

// hasOwnWords reports whether the plan's entry id has a variant of its own
// text for account h (tagging adds variants of its own for the links; this
// is the author's).
func (s *sample) hasOwnWords(id uuid.UUID, h string) bool {
	for _, e := range s.plan.Entries {
		if e.ID != id {
			continue
		}
		for _, v := range e.Variants {
			if channel.SameHandle(v.Account, h) && v.Text != "" {
				return true
			}
		}
	}
	return false
}

func printAccounts(w io.Writer, r *accountsReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, a := range r.Own {
		label := ""
		if i == 0 {
			label = "publishes from"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", label, a, a.Name)
	}
	for i, a := range r.Watched {
		label := ""
		if i == 0 {
			label = "watches"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", label, a, a.Competitor)
	}
	tw.Flush()
	for _, p := range r.Posts {
		fmt.Fprintf(w, "\n  %s, %s, %s, from %s:\n", p.At.Format("Mon 2 Jan 15:04 MST"), p.Channel.Name(), p.Status, count(len(p.By), "account"))
		for _, b := range p.By {
			own := ""
			if b.Variant {
				own = " (a variant, in the account's own words)"
			}
			fmt.Fprintf(w, "    @%s%s\n", b.Account, own)
			post := b
			if post.Title != "" {
				fmt.Fprintf(w, "      title:         %s\n", post.Title)
			}
			fmt.Fprintf(w, "      text:          %s\n", shorten(post.Text, 90))
			for _, m := range post.Media {
				fmt.Fprintf(w, "      %-14s %s\n", m.Kind.String()+":", mediaLine(m))
			}
			if post.FirstComment != "" {
				fmt.Fprintf(w, "      first comment: %s\n", post.FirstComment)
			}
			// The tagged link, where the lines above do not show it whole.
			if post.Link != "" && !strings.Contains(shorten(post.Text, 90), post.Link) && !strings.Contains(post.FirstComment, post.Link) {
				fmt.Fprintf(w, "      link:          %s\n", post.Link)
			}
		}
	}
}

// mediaLine prints an attachment: its file name, alt text, length and
// thumbnail, those it has.
func mediaLine(m channel.Media) string {
	parts := []string{path.Base(m.URL)}
	if m.AltText != "" {
		parts = append(parts, fmt.Sprintf("alt text %q", m.AltText))
	}
	if m.Duration > 0 {
		parts = append(parts, m.Duration.String())
	}
	if m.Thumbnail != "" {
		parts = append(parts, "thumbnail "+path.Base(m.Thumbnail))
	}
	return strings.Join(parts, ", ")
}
