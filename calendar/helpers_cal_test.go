package calendar_test

import (
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
)

// idOf derives a stable test ID from a readable key.
func idOf(key string) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("tandem-test:"+key))
}

// The team members who own routines and entries in the tests, by member
// ID (strategy.Member.ID), and their names for the exports.
var (
	ana, bea  = idOf("member/ana"), idOf("member/bea")
	teamNames = map[uuid.UUID]string{ana: "ana", bea: "bea"}
)

// wall builds a wall time in loc with calendar.Date.
func wall(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
	return calendar.Date(y, m, d, h, min, 0, 0, loc)
}

// post returns a scheduled entry on c at t with the given text, and an
// image on a network that publishes no post without media (Instagram).
func post(key string, c channel.Channel, t time.Time, text string) calendar.Entry {
	e := calendar.Entry{ID: idOf(key), Channel: c, At: t, Text: text, Status: calendar.StatusScheduled}
	return withMedia(e)
}

// withMedia gives e an image when its network needs an attachment.
func withMedia(e calendar.Entry) calendar.Entry {
	if l, ok := e.Channel.Limits(); ok && l.MinAttachments > 0 && len(e.Media) == 0 {
		e.Media = []channel.Media{{Kind: channel.Image, URL: "https://cdn.example/" + e.ID.String() + ".jpg"}}
	}
	return e
}

// draftsWithMedia gives each draft on a network whose posts need media an
// image, as the queue's approved content has.
func draftsWithMedia(queue []calendar.Draft) []calendar.Draft {
	for i, d := range queue {
		if l, ok := d.Channel.Limits(); ok && l.MinAttachments > 0 && len(d.Media) == 0 {
			queue[i].Media = []channel.Media{{Kind: channel.Image, URL: "https://cdn.example/" + d.ID.String() + ".jpg"}}
		}
	}
	return queue
}
