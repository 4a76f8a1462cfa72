package calendar_test

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// A post's link is tagged with its campaign and its entry; a click that
// comes back with the tagged link is attributed to both.
func ExampleTagLink() {
	entry := calendar.Entry{
		ID:         uuid.MustParse("6f9619ff-8b86-4d01-b42d-00c04fc964ff"),
		Channel:    channel.LinkedIn,
		CampaignID: uuid.MustParse("0b6e3c1a-2f7e-4c55-9a51-2b8f1d3e4a77"),
		Link:       "https://shop.example/spring?lang=es#offer",
	}
	tagged, err := calendar.TagLink(entry.Link, calendar.EntryLinkTags(entry, "", "social"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tagged)

	tags, err := calendar.ParseLinkTags(tagged)
	if err != nil {
		fmt.Println(err)
		return
	}
	id, campaign, ok := tags.EntryIDs()
	fmt.Println(id == entry.ID, campaign == entry.CampaignID, ok)

	original, _ := calendar.UntagLink(tagged)
	fmt.Println(original)

	_, err = calendar.TagLink("https://shop.example/spring?utm_source=newsletter", calendar.EntryLinkTags(entry, "", "social"))
	fmt.Println(validation.Has(err, validation.CodeConflict, "link[utm_source]"))
	// Output:
	// https://shop.example/spring?lang=es&utm_source=linkedin&utm_medium=social&utm_campaign=0b6e3c1a-2f7e-4c55-9a51-2b8f1d3e4a77&utm_content=6f9619ff-8b86-4d01-b42d-00c04fc964ff#offer
	// true true true
	// https://shop.example/spring?lang=es#offer
	// true
}
