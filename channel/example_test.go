package channel_test

import (
	"fmt"
	"strings"
	"time"

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

func ExampleLimits_CheckPost() {
	ig, _ := channel.Instagram.Limits()
	carousel := channel.Post{Text: "Eleven reasons to visit us #coffee"}
	for i := range 11 {
		carousel.Media = append(carousel.Media, channel.Media{Kind: channel.Image, URL: fmt.Sprintf("https://cdn.example/%d.jpg", i)})
	}
	for _, fe := range ig.CheckPost(validation.NewPath("entries").Index(4), carousel) {
		fmt.Println(fe.Path, fe.Code, fe.Detail)
	}

	yt, _ := channel.YouTube.Limits()
	upload := channel.Post{
		Title: strings.Repeat("How to brew ", 9), // 108 characters
		Media: []channel.Media{{Kind: channel.Video, URL: "https://cdn.example/v60.mp4", Duration: 8 * time.Minute}},
	}
	for _, fe := range yt.CheckPost(validation.NewPath("entries").Index(9), upload) {
		fmt.Println(fe.Path, fe.Code, fe.Detail)
	}
	// Output:
	// entries[4].media out_of_range has 11 attachments; Instagram allows 10
	// entries[9].title too_long is 108 characters long; at most 100 allowed
}
