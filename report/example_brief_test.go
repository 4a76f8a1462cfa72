package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/report"
	"github.com/tandemsocial/tandem/strategy"
)

// smallPlan is a one-person café's plan: one objective, one routine, one
// saved reply and one approval step.
func smallPlan() *strategy.Strategy {
	ids := strategy.NewIDSpace("corner-cafe")
	loc, _ := time.LoadLocation("Europe/Madrid")
	ana, olga := ids.ID("member", "ana"), ids.ID("member", "olga")
	followers := ids.ID("kpi", "followers")
	rule, _ := calendar.ParseRule("FREQ=WEEKLY;BYDAY=TU,FR")
	return &strategy.Strategy{
		ID: ids.ID("plan"), Zone: "Europe/Madrid",
		Brand: strategy.Brand{Name: "Corner Café", Values: []string{"neighbourhood", "slow mornings"},
			Voice: community.VoicePolicy{Tone: community.ToneFriendly, BannedWords: []string{"cheap"},
				Required:      []community.VoiceRule{{Name: "sign-off", Pattern: `— Ana$`}},
				NeedsApproval: []community.VoiceRule{{Name: "refund", Pattern: `(?i)refund`}}}},
		Goal: strategy.Goal{Statement: "Fill the terrace on spring mornings", Deadline: time.Date(2027, 6, 1, 0, 0, 0, 0, loc)},
		Objectives: []strategy.Objective{{ID: ids.ID("objective", "followers"), Statement: "Reach 2,000 Instagram followers",
			Rationale: "neighbours who follow come back", Deadline: time.Date(2027, 5, 31, 0, 0, 0, 0, loc), KPIs: []uuid.UUID{followers}}},
		Channels: []strategy.ChannelPlan{{Channel: channel.Instagram, Purpose: "the terrace's mornings", PostsPerWeek: 2}},
		Accounts: channel.Accounts{{Channel: channel.Instagram, Handle: "cornercafe"}},
		KPIs: []kpi.KPI{{ID: followers, Name: "Instagram followers", Measure: kpi.Measure{Metric: kpi.Followers},
			Channels: []channel.Channel{channel.Instagram}, Unit: kpi.UnitCount, Direction: kpi.Increase,
			Baseline: kpi.Baseline{At: time.Date(2027, 3, 1, 0, 0, 0, 0, loc), Value: decimal.NewFromInt(1200)},
			Target:   kpi.Target{Deadline: time.Date(2027, 5, 31, 0, 0, 0, 0, loc), Value: decimal.NewFromInt(2000)}}},
		Team: []strategy.Member{
			{ID: olga, Name: "Olga", Roles: []strategy.Role{strategy.RoleStrategist}, WeeklyHours: decimal.NewFromInt(4)},
			{ID: ana, Name: "Ana", Roles: []strategy.Role{strategy.RoleCommunityManager}, WeeklyHours: decimal.NewFromInt(6)},
		},
		Routines: []calendar.Routine{{ID: ids.ID("routine", "terrace"), Channel: channel.Instagram, Pillar: "terrace mornings", Format: "photo",
			Owner: ana, Recurrence: calendar.Recurrence{Start: calendar.Date(2027, 3, 2, 9, 30, 0, 0, loc), Rule: rule}}},
		Assignments: []strategy.Assignment{{ID: ids.ID("assignment", "menu"), Title: "Photograph the spring menu", SetBy: olga, Owner: ana,
			Due: time.Date(2027, 3, 19, 17, 0, 0, 0, loc), Status: strategy.AssignmentTodo, Objective: ids.ID("objective", "followers")}},
		Community: strategy.Community{Replies: community.SavedReplies{{ID: "thanks", Name: "Thanks", Text: "Thank you, {author_name}! See you on the terrace. — Ana"}}},
		Approvals: strategy.Approvals{Replies: calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Members: []uuid.UUID{olga}, Require: calendar.RequireAny}}}},
	}
}

// WriteBriefText writes a community manager's brief as plain text for a
// chat message or an email: here Ana's week at a small café.
func ExampleWriteBriefText() {
	plan := smallPlan()
	loc, _ := time.LoadLocation("Europe/Madrid")
	b, err := plan.Brief(plan.Team[1].ID, time.Date(2027, 3, 15, 8, 0, 0, 0, loc), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.WriteBriefText(os.Stdout, b); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Brief for Ana — Corner Café
	// community manager · week of Mon 15 Mar 2027 to Sun 21 Mar 2027
	// As of Mon 15 Mar 2027 08:00 CET; times on the Europe/Madrid clock.
	//
	// VALUES AND VOICE
	// Values: neighbourhood, slow mornings
	// Tone: friendly
	// Never write: cheap
	// Every reply has: sign-off (— Ana$)
	// Needs approval: refund ((?i)refund)
	//
	// OBJECTIVES AND YOUR PART
	// Goal: Fill the terrace on spring mornings
	// 1. Reach 2,000 Instagram followers (by Mon 31 May 2027)
	//    KPIs: Instagram followers
	//    Your part: 3 items of your week; routines: terrace mornings (photo) on
	//      Instagram; assignments: Photograph the spring menu
	//
	// YOUR WEEK
	// Tuesday 16 March
	//   09:30 CET  to prepare: terrace mornings (photo) — @cornercafe on Instagram
	// Friday 19 March
	//   09:30 CET  to prepare: terrace mornings (photo) — @cornercafe on Instagram
	//   17:00 CET  task: Photograph the spring menu
	//       to do
	//
	// SAVED REPLIES
	// - Thanks (every network)
	//   “Thank you, {author_name}! See you on the terrace. — Ana”
	//
	// APPROVALS
	// Replies — when a reply holds: refund
	//   Step 1: Olga (any one of them)
	//
	// CRISIS: WHOM TO CALL
	// The plan has no crisis ladder yet: ask the strategist whom to call.
}
