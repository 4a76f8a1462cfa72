package community_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// signalPlan is a one-level crisis plan for Cafetal with one-hour buckets
// and a keyword rule that catches "glass" next to the bag.
func signalPlan(t testing.TB) *crisis.Plan {
	t.Helper()
	hour := crisis.Duration(time.Hour)
	member := func(name string) uuid.UUID {
		return uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://cafetal.example/team/"+name))
	}
	ana, luis, marta, quality := member("ana"), member("luis"), member("marta"), member("quality")
	p := &crisis.Plan{
		Name:     "cafetal",
		Zone:     "Europe/Madrid",
		Channels: []channel.Channel{channel.Instagram, channel.Facebook, channel.X},
		Levels: []crisis.Level{{
			Name: "high", Rank: 1, Meaning: "a product safety report", Handler: marta,
			FirstResponse: crisis.Duration(30 * time.Minute),
			Escalation: crisis.Escalation{Steps: []crisis.EscalationStep{
				{After: crisis.Duration(15 * time.Minute), Notify: []uuid.UUID{ana}},
			}, Repeat: 1},
			Approver: ana, BackupApprover: luis,
			Statements: []crisis.Statement{
				{Channel: channel.Instagram, Text: "We are looking into it."},
				{Channel: channel.Facebook, Text: "We are looking into it."},
				{Channel: channel.X, Text: "We are looking into it."},
			},
			Playbook: []crisis.PlaybookStep{{Name: "pull-batch", Action: "Pull the batch", Owner: quality, Within: hour}},
			Review:   crisis.ReviewRule{Within: 3, Unit: crisis.CalendarDays},
		}},
		Triggers: []crisis.Trigger{{
			Name: "risky-keywords", Kind: crisis.TriggerKeyword, Level: "high",
			Window: hour, Threshold: decimal.NewFromInt(3), Confirm: hour, Cooldown: hour,
		}},
		Detection: crisis.Detection{Bucket: hour},
		Keywords:  crisis.Keywords{Brand: []string{"bag", "cafetal"}, Risky: []string{"glass"}},
	}
	require.NoError(t, p.Validate())
	return p
}
