package strategy_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// briefPlan is the sample plan with saved replies and approval policies.
func briefPlan() *strategy.Strategy {
	p := verifiedplan.Plan()
	p.Community.Replies = community.SavedReplies{
		{ID: "thanks", Name: "Thank you", Text: "Thanks, {author_name}! — {agent_name}"},
		{ID: "office", Name: "Office tasting", Text: "Book a tasting at bluebird.coffee/office — {agent_name}", Channels: []channel.Channel{channel.LinkedIn}},
		{ID: "tiktok", Name: "TikTok duet", Text: "Duet us! — {agent_name}", Channels: []channel.Channel{channel.TikTok}},
	}
	p.Approvals = strategy.Approvals{
		Posts: calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
			{Name: "brand lead", Members: []uuid.UUID{verifiedplan.Strategist}, Require: calendar.RequireAny, Expires: calendar.Duration(24 * time.Hour)},
		}},
		Replies: calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
			{Name: "strategist", Roles: []string{string(strategy.RoleStrategist)}, Require: calendar.RequireAny},
		}},
	}
	return p
}

func kinds(items []strategy.BriefItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.At.Format("Mon 02 15:04 MST") + " " + string(it.Kind) + " " + it.Title
		if it.At.IsZero() {
			out[i] = "undated " + string(it.Kind) + " " + it.Title
		}
	}
	return out
}

func TestBriefCommunityManager(t *testing.T) {
	plan := briefPlan()
	b, err := plan.Brief(verifiedplan.CommunityManager, verifiedplan.AsOf, nil)
	require.NoError(t, err)

	assert.Equal(t, "Europe/Madrid", b.Zone)
	assert.Equal(t, verifiedplan.CommunityManagerName, b.Person.Name)
	assert.Equal(t, []string{"craft", "traceable origins", "warmth"}, b.Values)
	assert.Equal(t, []string{"cheap", "unfortunately"}, b.Voice.BannedWords)
	assert.Equal(t, "sign-off", b.Voice.Required[0].Name)
	assert.Equal(t, "2027-02-15T00:00:00+01:00", b.From.Format(time.RFC3339))
	assert.Equal(t, "2027-02-22T00:00:00+01:00", b.To.Format(time.RFC3339))

	assert.Equal(t, []string{
		"Wed 10 18:00 CET assignment Draft the Office Coffee Week posts",
		"Mon 15 10:00 CET slot brewing tips (reel)",
		"Tue 16 09:00 CET slot office coffee (article)",
		"Tue 16 18:00 CET slot behind the scenes (carousel)",
		"Wed 17 10:00 CET slot brewing tips (reel)",
		"Wed 17 12:00 CET entry The office tasting guide: how to choose coffee your whole team will like",
		"Thu 18 09:00 CET slot office coffee (article)",
		"Fri 19 10:00 CET slot brewing tips (reel)",
	}, kinds(b.Week))
	assert.True(t, b.Week[0].Overdue, "due on 10 February, open on the 15th")
	assert.Equal(t, "Office Coffee Week", b.Week[5].Campaign.Name)
	assert.Equal(t, []channel.AccountRef{{Channel: channel.LinkedIn, Handle: "bluebird-coffee-roasters"}}, b.Week[5].Accounts)

	require.Len(t, b.Objectives, 3)
	engage, voice, offices := b.Objectives[0], b.Objectives[1], b.Objectives[2]
	assert.Equal(t, []string{"Instagram engagement rate", "Instagram followers"}, engage.KPIs)
	assert.Len(t, engage.Routines, 2, "both Instagram routines feed the Instagram KPIs")
	assert.Equal(t, 4, engage.ThisWeek)
	assert.Empty(t, voice.Routines, "share of voice names no network: no routine in particular serves it")
	assert.Equal(t, []strategy.Ref{{ID: plan.Assignments[2].ID, Name: "Send the weekly insight digest"}}, voice.Assignments)
	assert.Equal(t, 0, voice.ThisWeek)
	assert.Equal(t, 3, offices.Entries, "the three Office Coffee Week posts from 15 February on")
	assert.Equal(t, []string{"Office Coffee Week"}, refNames(offices.Campaigns))
	assert.Equal(t, []string{"office coffee (article) on LinkedIn"}, refNames(offices.Routines))
	assert.Equal(t, 4, offices.ThisWeek, "the overdue assignment, two LinkedIn slots and the guide")

	assert.Equal(t, []string{"thanks", "office"}, replyIDs(b.Replies), "no TikTok reply for someone who publishes on Instagram and LinkedIn")

	require.Len(t, b.Approvals, 2)
	assert.Equal(t, "posts", b.Approvals[0].For)
	assert.Equal(t, []string{verifiedplan.StrategistName}, refNames(b.Approvals[0].Steps[0].Members))
	assert.False(t, b.Approvals[0].Steps[0].You)
	assert.Equal(t, []string{"refund promise"}, b.Approvals[1].Triggers)

	require.Len(t, b.Crisis, 3)
	high := b.Crisis[1]
	assert.Equal(t, "high", high.Name)
	assert.Equal(t, verifiedplan.CommunityManagerName, high.Handler.Name)
	assert.Equal(t, verifiedplan.StrategistName, high.Approver.Name)
	assert.Equal(t, []calendar.Duration{calendar.Duration(15 * time.Minute), calendar.Duration(30 * time.Minute)},
		[]calendar.Duration{high.Escalation[0].After, high.Escalation[1].After}, "delays add up from the moment the incident reaches the level")
	assert.Equal(t, calendar.Duration(12*time.Hour), high.Pause)
	assert.Equal(t, calendar.Duration(0), b.Crisis[0].Pause)
	assert.True(t, high.You)
}

func refNames(rs []strategy.Ref) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name
	}
	return out
}

func replyIDs(rs community.SavedReplies) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func TestBriefStrategistHasAQuietWeek(t *testing.T) {
	b, err := briefPlan().Brief(verifiedplan.Strategist, verifiedplan.AsOf, nil)
	require.NoError(t, err)
	assert.Empty(t, b.Week, "Lucía owns no routine, entry or assignment")
	assert.True(t, b.Approvals[0].Steps[0].You)
	assert.True(t, b.Approvals[1].Steps[0].You, "she holds the strategist role")
	assert.Len(t, b.Replies, 3, "someone who publishes nowhere gets every reply")
	for _, o := range b.Objectives {
		assert.Zero(t, o.ThisWeek)
		assert.Empty(t, o.Routines)
	}
}

func TestBriefErrors(t *testing.T) {
	invalid := briefPlan()
	invalid.Team[0].Roles = nil
	tests := []struct {
		name   string
		plan   *strategy.Strategy
		person uuid.UUID
		asOf   time.Time
		opts   *strategy.BriefOptions
		is     error
		path   string
		code   validation.Code
	}{
		{"unknown member", briefPlan(), uuid.New(), verifiedplan.AsOf, nil, nil, "member", validation.CodeNotFound},
		{"nil member", briefPlan(), uuid.Nil, verifiedplan.AsOf, nil, nil, "member", validation.CodeNotFound},
		{"zero as-of", briefPlan(), verifiedplan.CommunityManager, time.Time{}, nil, strategy.ErrAsOf, "", ""},
		{"bad zone", briefPlan(), verifiedplan.CommunityManager, verifiedplan.AsOf, &strategy.BriefOptions{Zone: "Mars/Olympus"}, nil, "options.zone", validation.CodeInvalid},
		{"local zone", briefPlan(), verifiedplan.CommunityManager, verifiedplan.AsOf, &strategy.BriefOptions{Zone: "Local"}, nil, "options.zone", validation.CodeInvalid},
		{"invalid plan", invalid, verifiedplan.CommunityManager, verifiedplan.AsOf, nil, nil, "team[0].roles", ""},
		{"nil plan", nil, verifiedplan.CommunityManager, verifiedplan.AsOf, nil, nil, "plan", validation.CodeRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.plan.Brief(tt.person, tt.asOf, tt.opts)
			require.Error(t, err)
			assert.Nil(t, b)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
				return
			}
			var ve *validation.Error
			require.True(t, errors.As(err, &ve), "%v", err)
			found := false
			for _, fe := range ve.Errors {
				if fe.Path == tt.path && (tt.code == "" || fe.Code == tt.code) {
					found = true
				}
			}
			assert.True(t, found, "want %s %s in %v", tt.path, tt.code, err)
		})
	}
}

// An unknown member and a bad zone are reported together.
func TestBriefReportsEveryProblem(t *testing.T) {
	_, err := briefPlan().Brief(uuid.New(), verifiedplan.AsOf, &strategy.BriefOptions{Zone: "Mars/Olympus"})
	var ve *validation.Error
	require.ErrorAs(t, err, &ve)
	var paths []string
	for _, fe := range ve.Errors {
		paths = append(paths, fe.Path)
	}
	assert.ElementsMatch(t, []string{"member", "options.zone"}, paths)
}

// A community manager in New York whose week crosses the November change
// from EDT to EST sees a daily 10:00 routine at 10:00 every day, and the
// week is 169 hours long: days are counted on the wall clock.
func TestBriefWeekAcrossDST(t *testing.T) {
	ny := mustZone("America/New_York")
	tests := []struct {
		name  string
		asOf  time.Time
		rule  string
		start time.Time
		hours float64
		want  int
	}{
		{"fall back", time.Date(2026, 10, 29, 8, 0, 0, 0, ny), "FREQ=DAILY", time.Date(2026, 10, 26, 10, 0, 0, 0, ny), 169, 7},
		{"spring forward", time.Date(2027, 3, 11, 8, 0, 0, 0, ny), "FREQ=DAILY", time.Date(2027, 3, 1, 10, 0, 0, 0, ny), 167, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := newYorkPlan()
			rule, err := calendar.ParseRule(tt.rule)
			require.NoError(t, err)
			plan.Routines = append(plan.Routines, calendar.Routine{
				ID: verifiedplan.IDs.ID("routine", "daily-story"), Channel: channel.Instagram, Pillar: "daily story", Format: "story",
				Owner: verifiedplan.CommunityManager, Recurrence: calendar.Recurrence{Start: tt.start, Rule: rule},
			})
			b, err := plan.Brief(verifiedplan.CommunityManager, tt.asOf, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.hours, b.To.Sub(b.From).Hours())
			assert.Equal(t, 0, b.From.Hour())
			assert.Equal(t, 0, b.To.Hour())
			var days []int
			for _, it := range b.Week {
				if it.Title != "daily story (story)" {
					continue
				}
				assert.Equal(t, "America/New_York", it.At.Location().String())
				assert.Equal(t, "10:00", it.At.Format("15:04"), "%s", it.At)
				days = append(days, it.At.Day())
			}
			assert.Len(t, days, tt.want)
			for _, it := range b.Week {
				if it.Title == "brewing tips (reel)" {
					assert.Equal(t, "10:00", it.At.Format("15:04"), "the sample routine keeps its wall time too: %s", it.At)
				}
			}
		})
	}
}

// A Madrid plan's community manager who works from Tokyo gets the week of
// Tokyo's calendar days and every time on Tokyo's wall clock.
func TestBriefInAnotherZone(t *testing.T) {
	b, err := briefPlan().Brief(verifiedplan.CommunityManager, verifiedplan.AsOf, &strategy.BriefOptions{Zone: "Asia/Tokyo"})
	require.NoError(t, err)
	assert.Equal(t, "Asia/Tokyo", b.Zone)
	assert.Equal(t, "2027-02-15T00:00:00+09:00", b.From.Format(time.RFC3339))
	assert.Equal(t, "2027-02-15T17:00:00+09:00", b.AsOf.Format(time.RFC3339))
	assert.Equal(t, []string{
		"Thu 11 02:00 JST assignment Draft the Office Coffee Week posts",
		"Mon 15 18:00 JST slot brewing tips (reel)",
		"Tue 16 17:00 JST slot office coffee (article)",
		"Wed 17 02:00 JST slot behind the scenes (carousel)",
		"Wed 17 18:00 JST slot brewing tips (reel)",
		"Wed 17 20:00 JST entry The office tasting guide: how to choose coffee your whole team will like",
		"Thu 18 17:00 JST slot office coffee (article)",
		"Fri 19 18:00 JST slot brewing tips (reel)",
	}, kinds(b.Week))
	assert.Equal(t, "Asia/Tokyo", b.Objectives[0].Deadline.Location().String())
}

func TestBriefWeekDetails(t *testing.T) {
	madrid := mustZone("Europe/Madrid")
	at := func(day, hour int) time.Time { return time.Date(2027, 2, day, hour, 0, 0, 0, madrid) }
	tests := []struct {
		name   string
		change func(p *strategy.Strategy)
		person uuid.UUID
		check  func(t *testing.T, b *strategy.Brief)
	}{
		{"an entry filling a slot replaces it", func(p *strategy.Strategy) {
			p.Entries = append(p.Entries, calendar.Entry{ID: verifiedplan.IDs.ID("entry", "tips-aeropress"), Channel: channel.LinkedIn,
				At: at(16, 9), RoutineID: p.Routines[2].ID, Status: calendar.StatusDraft, Text: "AeroPress for offices\nmore"})
		}, verifiedplan.CommunityManager, func(t *testing.T, b *strategy.Brief) {
			assert.Equal(t, "Tue 16 09:00 CET entry AeroPress for offices", kinds(b.Week)[2])
			assert.False(t, b.Week[2].Unowned, "its routine is Mateo's")
			assert.Equal(t, b.Objectives[2].ID, b.Week[2].Objectives[0], "it serves what its routine serves")
		}},
		{"an unowned entry is every community manager's", func(p *strategy.Strategy) {
			p.Entries = append(p.Entries, calendar.Entry{ID: verifiedplan.IDs.ID("entry", "loose"), Channel: channel.LinkedIn,
				At: at(19, 15), Status: calendar.StatusDraft, Text: "A loose post"})
		}, verifiedplan.CommunityManager, func(t *testing.T, b *strategy.Brief) {
			last := b.Week[len(b.Week)-1]
			assert.Equal(t, "A loose post", last.Title)
			assert.True(t, last.Unowned)
		}},
		{"not the strategist's", func(p *strategy.Strategy) {
			p.Entries = append(p.Entries, calendar.Entry{ID: verifiedplan.IDs.ID("entry", "loose"), Channel: channel.LinkedIn,
				At: at(19, 15), Status: calendar.StatusDraft, Text: "A loose post"})
		}, verifiedplan.Strategist, func(t *testing.T, b *strategy.Brief) { assert.Empty(t, b.Week) }},
		{"cancelled entries and done assignments are left out", func(p *strategy.Strategy) {
			p.Entries[4].Status = calendar.StatusCancelled
			p.Assignments[1].Status = strategy.AssignmentDone
		}, verifiedplan.CommunityManager, func(t *testing.T, b *strategy.Brief) {
			assert.Len(t, b.Week, 6)
			assert.Equal(t, 2, b.Objectives[2].Entries)
		}},
		{"an assignment without a due date comes last", func(p *strategy.Strategy) {
			p.Assignments[2].Due = time.Time{}
		}, verifiedplan.CommunityManager, func(t *testing.T, b *strategy.Brief) {
			assert.Equal(t, "undated assignment Send the weekly insight digest", kinds(b.Week)[len(b.Week)-1])
			assert.Equal(t, 1, b.Objectives[1].ThisWeek)
		}},
		{"a blackout holds a slot", func(p *strategy.Strategy) {
			p.CalendarRules.Blackouts = append(p.CalendarRules.Blackouts, calendar.NewDayBlackout(
				calendar.LocalDate{Year: 2027, Month: 2, Day: 17}, calendar.LocalDate{Year: 2027, Month: 2, Day: 17}, madrid, "", channel.Instagram))
		}, verifiedplan.CommunityManager, func(t *testing.T, b *strategy.Brief) {
			assert.Equal(t, "blackout", b.Week[4].Blackout)
			assert.Empty(t, b.Week[5].Blackout, "the LinkedIn guide is not held")
		}},
		{"an assignment due after the week is not listed", func(p *strategy.Strategy) {
			p.Assignments[1].Due = at(22, 0)
		}, verifiedplan.CommunityManager, func(t *testing.T, b *strategy.Brief) {
			assert.Len(t, b.Week, 7)
			assert.Len(t, b.Objectives[2].Assignments, 1, "it still serves its objective")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := briefPlan()
			tt.change(plan)
			b, err := plan.Brief(tt.person, verifiedplan.AsOf, nil)
			require.NoError(t, err)
			tt.check(t, b)
		})
	}
}

func TestBriefTooLong(t *testing.T) {
	plan := briefPlan()
	rule, err := calendar.ParseRule("FREQ=MINUTELY")
	require.NoError(t, err)
	plan.Routines[0].Recurrence.Rule = rule
	_, err = plan.Brief(verifiedplan.CommunityManager, verifiedplan.AsOf, nil)
	assert.ErrorIs(t, err, strategy.ErrBriefTooLong)
}

func TestBriefJSONRoundTrip(t *testing.T) {
	b, err := briefPlan().Brief(verifiedplan.CommunityManager, verifiedplan.AsOf, nil)
	require.NoError(t, err)
	first, err := json.Marshal(b)
	require.NoError(t, err)
	assert.Contains(t, string(first), `"kind":"slot"`)
	assert.Contains(t, string(first), `"firstResponse":"1h0m0s"`)
	var back strategy.Brief
	require.NoError(t, json.Unmarshal(first, &back))
	second, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.JSONEq(t, string(first), string(second))

	var k strategy.BriefItemKind
	assert.Error(t, k.UnmarshalText([]byte("meeting")))
	assert.False(t, strategy.BriefItemKind("meeting").IsValid())
	assert.True(t, strategy.BriefSlot.IsValid())
	assert.Equal(t, "slot", strategy.BriefSlot.String())
}
