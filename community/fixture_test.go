package community_test

import (
	"time"

	_ "time/tzdata"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// The sample brand of the examples and tests: Cafetal, a coffee roaster in
// Madrid whose desk answers Monday to Friday, 09:00–18:00 Madrid time.

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

var madrid = mustZone("Europe/Madrid")

// memberID is the member ID (strategy.Member.ID) of a person of Cafetal's
// desk: team members are referred to by ID, never by name.
func memberID(name string) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://cafetal.example/team/"+name))
}

// ana and luis answer Cafetal's inbox.
var ana, luis = memberID("ana"), memberID("luis")

func mustRange(s string) calendar.ClockRange {
	r, err := calendar.ParseClockRange(s)
	if err != nil {
		panic(err)
	}
	return r
}

// samplePolicy is Cafetal's response policy.
func samplePolicy() community.ResponsePolicy {
	hours := calendar.Weekdays(madrid, mustRange("09:00-18:00"))
	hours.Holidays = []calendar.LocalDate{{Year: 2026, Month: time.January, Day: 6}}
	return community.ResponsePolicy{
		Hours: hours,
		Targets: []community.Target{
			{Within: calendar.Duration(8 * time.Hour)},
			{Priority: community.PriorityHigh, Within: calendar.Duration(2 * time.Hour)},
			{Priority: community.PriorityUrgent, Within: calendar.Duration(30 * time.Minute)},
			{Kind: community.KindDirectMessage, Within: calendar.Duration(4 * time.Hour)},
			{Kind: community.KindReview, Priority: community.PriorityHigh, Within: calendar.Duration(1 * time.Hour)},
		},
		Priority: community.PriorityRules{
			Negative:              community.PriorityHigh,
			Question:              community.PriorityHigh,
			QuestionWords:         []string{"how do I", "can someone"},
			Influential:           community.PriorityHigh,
			InfluentialFollowers:  50_000,
			VerifiedIsInfluential: true,
			Crisis:                community.PriorityUrgent,
			CrisisKeywords:        []string{"food poisoning", "glass", "lawsuit"},
		},
		Sentiment: community.EnglishSentimentRules(),
	}
}

// at is an instant in Madrid in January 2026 (Monday the 12th is day 12).
func at(day, hour, min int) time.Time {
	return time.Date(2026, time.January, day, hour, min, 0, 0, madrid)
}

// sampleInbox is a Monday morning at Cafetal.
func sampleInbox() community.Inbox {
	return community.Inbox{
		{ID: "c1", Kind: community.KindComment, Channel: channel.Instagram, Thread: "post-1",
			Author: community.Author{Handle: "@lucia", Followers: 800}, At: at(12, 8, 10),
			Text: "Love the new Ethiopian roast!", To: []string{"cafetal"}},
		{ID: "c2", Kind: community.KindComment, Channel: channel.Instagram, Thread: "post-1",
			Author: community.Author{Handle: "marco", Followers: 120}, At: at(12, 8, 40),
			Text: "Does the decaf come in whole beans?"},
		{ID: "r1", Kind: community.KindReply, Channel: channel.Instagram, Thread: "post-1", ReplyTo: "c1",
			Author: community.Author{Handle: "baristabea", Followers: 61_000}, At: at(12, 9, 5),
			Text: "Agreed, best roast this year", To: []string{"cafetal"}},
		{ID: "m1", Kind: community.KindMention, Channel: channel.X,
			Author: community.Author{Handle: "coffeefacts", Followers: 240_000, Verified: true}, At: at(12, 7, 30),
			Text: "Tasting notes from @cafetal and @lucia: cocoa, citrus, honey", To: []string{"cafetal", "lucia"}},
		{ID: "d1", Kind: community.KindDirectMessage, Channel: channel.Instagram, Thread: "dm-77",
			Author: community.Author{Handle: "pablo", Followers: 45}, At: at(12, 9, 50),
			Text: "My order arrived broken and I want a refund", To: []string{"cafetal"}},
		{ID: "v1", Kind: community.KindReview, Channel: channel.Facebook,
			Author: community.Author{Handle: "ines", Followers: 300}, At: at(12, 10, 15),
			Text: "Found glass in the bag. Terrible.", To: []string{"cafetal"}},
		{ID: "s1", Kind: community.KindShare, Channel: channel.X,
			Author: community.Author{Handle: "lucia", Followers: 800}, At: at(12, 10, 20),
			To: []string{"coffeefacts"}},
	}
}

// sampleVoice is Cafetal's voice: friendly, informal, signed by the team
// member, no promises of refunds without approval.
func sampleVoice() community.VoicePolicy {
	return community.VoicePolicy{
		Tone:            community.ToneFriendly,
		Address:         community.AddressInformal,
		MaxExclamations: 1,
		NoShouting:      true,
		BannedWords:     []string{"cheap", "unfortunately"},
		BannedPhrases:   []community.VoiceRule{{Name: "blame the customer", Pattern: `(?i)\byou should have\b`}},
		OffTone:         []community.VoiceRule{{Name: "stiff opening", Pattern: `(?i)^dear (sir|madam)`}},
		Required:        []community.VoiceRule{{Name: "sign-off", Pattern: `(?m)^— [A-Z][a-z]+$`}},
		NeedsApproval:   []community.VoiceRule{{Name: "refund promise", Pattern: `(?i)\b(refund|money back|compensat\w*)\b`}},
		Emoji:           community.EmojiRule{Max: 1},
		Links:           community.LinkRule{Domains: []string{"cafetal.es"}},
	}
}
