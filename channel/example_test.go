package channel_test

import (
	"fmt"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

func ExampleChannel_Limits() {
	l, _ := channel.X.Limits()
	fmt.Println(l.Name, l.MaxText, l.Counting)
	fmt.Println(l.TextLength("Spring menu is live 🌸 https://example.com/spring-menu-2026"))
	// Output:
	// X 280 x_weighted
	// 46
}

func ExampleLimits_CheckText() {
	l, _ := channel.Threads.Limits()
	draft := "New season, new flavours #food #spring"
	for _, fe := range l.CheckText(validation.NewPath("posts").Index(0).Child("text"), draft) {
		fmt.Println(fe.Path, fe.Code, fe.Detail)
	}
	// Output:
	// posts[0].text out_of_range has 2 hashtags; Threads allows 1
}

func ExampleParse() {
	_, err := channel.Parse("myspace")
	fmt.Println(err)
	// Output:
	// channel.Channel: unknown value "myspace"; valid values are "instagram", "facebook", "x", "linkedin", "tiktok", "youtube", "pinterest", "threads", "bluesky", "mastodon", "reddit"
}
