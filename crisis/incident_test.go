package crisis_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
)

// opened is a Friday, 10:00 in Madrid.
var opened = time.Date(2026, 3, 6, 10, 0, 0, 0, mustZone("Europe/Madrid"))

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func after(s string) time.Time { return opened.Add(time.Duration(d(s))) }

func openModerate(t *testing.T) (*crisis.Plan, *crisis.Incident) {
	t.Helper()
	p := samplePlan()
	inc, err := crisis.Open(p, "moderate", opened)
	require.NoError(t, err)
	return p, inc
}

type row struct {
	kind   crisis.ItemKind
	at     string
	status crisis.Status
}

func rows(items []crisis.Item) []row {
	out := make([]row, len(items))
	for i, it := range items {
		out[i] = row{it.Kind, it.At.Sub(opened).String(), it.Status}
	}
	return out
}

func TestTimelineAtOpening(t *testing.T) {
	p, inc := openModerate(t)
	items, err := inc.Timeline(p, opened)
	require.NoError(t, err)
	assert.Equal(t, []row{
		{crisis.ItemNotify, "15m0s", crisis.StatusScheduled},
		{crisis.ItemNotify, "30m0s", crisis.StatusScheduled},
		{crisis.ItemPlaybook, "30m0s", crisis.StatusPending},
		{crisis.ItemNotify, "45m0s", crisis.StatusScheduled},
		{crisis.ItemNotify, "1h0m0s", crisis.StatusScheduled},
		{crisis.ItemFirstResponse, "2h0m0s", crisis.StatusPending},
		{crisis.ItemStatement, "2h0m0s", crisis.StatusPending},
		{crisis.ItemStatement, "2h0m0s", crisis.StatusPending},
	}, rows(items))
	assert.Equal(t, []uuid.UUID{ana}, items[1].Notify)
	assert.Equal(t, 1, items[3].Round)
	assert.Equal(t, channel.Instagram, items[6].Channel)
	assert.Equal(t, "brief-team", items[2].Name)
	assert.Equal(t, "Europe/Madrid", items[0].At.Location().String())
}

func TestAcknowledgeStopsEscalation(t *testing.T) {
	p, inc := openModerate(t)
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("20m"), By: eva}))

	due, err := inc.Due(p, after("40m"))
	require.NoError(t, err)
	assert.Equal(t, []row{
		{crisis.ItemPlaybook, "30m0s", crisis.StatusOverdue},
		{crisis.ItemFirstResponse, "2h0m0s", crisis.StatusPending},
		{crisis.ItemStatement, "2h0m0s", crisis.StatusPending},
		{crisis.ItemStatement, "2h0m0s", crisis.StatusPending},
	}, rows(due), "no notification is due once someone acknowledged")

	items, err := inc.Timeline(p, after("40m"))
	require.NoError(t, err)
	assert.Equal(t, crisis.StatusNotified, items[0].Status, "the 15-minute step fired before the acknowledgement")
	assert.Equal(t, crisis.StatusCancelled, items[1].Status)

	state, level, err := inc.Status(p)
	require.NoError(t, err)
	assert.Equal(t, crisis.StateAcknowledged, state)
	assert.Equal(t, "moderate", level)
}

func TestDueWhileNobodyAcknowledges(t *testing.T) {
	p, inc := openModerate(t)
	due, err := inc.Due(p, after("50m"))
	require.NoError(t, err)
	assert.Equal(t, []row{
		{crisis.ItemNotify, "15m0s", crisis.StatusNotified},
		{crisis.ItemNotify, "30m0s", crisis.StatusNotified},
		{crisis.ItemPlaybook, "30m0s", crisis.StatusOverdue},
		{crisis.ItemNotify, "45m0s", crisis.StatusNotified},
		{crisis.ItemFirstResponse, "2h0m0s", crisis.StatusPending},
		{crisis.ItemStatement, "2h0m0s", crisis.StatusPending},
		{crisis.ItemStatement, "2h0m0s", crisis.StatusPending},
	}, rows(due))
}

func TestFullCourse(t *testing.T) {
	p, inc := openModerate(t)
	for _, e := range []crisis.Event{
		{Kind: crisis.EventAcknowledge, At: after("10m"), By: eva},
		{Kind: crisis.EventComplete, At: after("25m"), Step: "brief-team"},
		{Kind: crisis.EventPublish, At: after("40m"), Channel: channel.X, By: bruno},
		{Kind: crisis.EventEscalate, At: after("1h"), Level: "critical", By: ana},
		{Kind: crisis.EventAcknowledge, At: after("1h3m"), By: carla},
		{Kind: crisis.EventPublish, At: after("1h20m"), Channel: channel.X, By: diego},
		{Kind: crisis.EventPublish, At: after("1h40m"), Channel: channel.Instagram, By: carla},
		{Kind: crisis.EventDeEscalate, At: after("5h"), Level: "high"},
		{Kind: crisis.EventResolve, At: after("26h"), By: carla},
	} {
		require.NoError(t, inc.Record(p, e), "%s at %s", e.Kind, e.At)
	}
	items, err := inc.Timeline(p, after("30h"))
	require.NoError(t, err)
	byKey := map[string]crisis.Status{}
	for _, it := range items {
		byKey[string(it.Kind)+"/"+it.Level+"/"+it.At.Sub(opened).String()+"/"+string(it.Channel)+it.Name] = it.Status
	}
	assert.Equal(t, crisis.StatusMet, byKey["first_response/moderate/2h0m0s/"])
	// Moderate's Instagram statement was never published before the
	// escalation, which came before its deadline: no longer needed.
	assert.Equal(t, crisis.StatusCancelled, byKey["statement/moderate/2h0m0s/instagram"])
	assert.Equal(t, crisis.StatusMet, byKey["statement/moderate/2h0m0s/x"])
	// Critical asks for its statements within 30 minutes: X at 20
	// minutes, Instagram at 40.
	assert.Equal(t, crisis.StatusMet, byKey["statement/critical/1h30m0s/x"])
	assert.Equal(t, crisis.StatusLate, byKey["statement/critical/1h30m0s/instagram"])
	// Critical's legal step was due 2h after the escalation; the level
	// stayed critical until 5h: missed.
	assert.Equal(t, crisis.StatusMissed, byKey["playbook/critical/3h0m0s/legal"])
	assert.Equal(t, crisis.StatusMet, byKey["playbook/critical/1h30m0s/brief-team"], "completed before, still counts")
	// Critical's first page at 1h05 came after the acknowledgement at 1h03.
	assert.Equal(t, crisis.StatusCancelled, byKey["notify/critical/1h5m0s/"])
	// High, entered at 5h already acknowledged, pages nobody; its
	// statements were due at 6h and never published: missed at resolution.
	assert.Equal(t, crisis.StatusCancelled, byKey["notify/high/5h15m0s/"])
	assert.Equal(t, crisis.StatusMissed, byKey["statement/high/6h0m0s/x"])

	due, err := inc.Due(p, after("30h"))
	require.NoError(t, err)
	assert.Empty(t, due, "nothing is due after resolution")

	r, err := inc.Review(p)
	require.NoError(t, err)
	assert.Equal(t, "critical", r.Level)
	assert.Equal(t, crisis.Duration(0), r.TimeToDetect)
	assert.Equal(t, d("40m"), r.TimeToFirstResponse)
	assert.Equal(t, d("2h"), r.FirstResponseTarget)
	assert.True(t, r.FirstResponseMet)
	assert.Equal(t, d("26h"), r.TimeToResolve)
	assert.Equal(t, 1, r.Escalations)
	assert.Equal(t, 1, r.DeEscalations)
	assert.Equal(t, 3, r.Statements)
	assert.Equal(t, 1, r.Late)
	assert.Equal(t, 3, r.Missed) // legal, high's two statements
	// Resolved Saturday 12:00; critical reviews within 3 calendar days.
	assert.Equal(t, time.Date(2026, 3, 10, 12, 0, 0, 0, mustZone("Europe/Madrid")), r.MeetingDue)

	b, err := json.Marshal(inc)
	require.NoError(t, err)
	var back crisis.Incident
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	r2, err := back.Review(p)
	require.NoError(t, err)
	assert.Equal(t, r.TimeToResolve, r2.TimeToResolve)
	rb, err := json.Marshal(r)
	require.NoError(t, err)
	var rback crisis.Review
	require.NoError(t, json.Unmarshal(rb, &rback))
	assert.True(t, rback.MeetingDue.Equal(r.MeetingDue))
	assert.Equal(t, r.TimeToFirstResponse, rback.TimeToFirstResponse)
}

func TestEscalationShortensFirstResponse(t *testing.T) {
	p, inc := openModerate(t)
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventEscalate, At: after("10m"), Level: "critical"}))
	items, err := inc.Timeline(p, after("10m"))
	require.NoError(t, err)
	for _, it := range items {
		if it.Kind == crisis.ItemFirstResponse {
			assert.Equal(t, after("40m"), it.At)
			assert.Equal(t, "critical", it.Level)
		}
	}
	state, level, err := inc.Status(p)
	require.NoError(t, err)
	assert.Equal(t, crisis.StateOpen, state)
	assert.Equal(t, "critical", level)
}

func TestIllegalEvents(t *testing.T) {
	p, inc := openModerate(t)
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventComplete, At: after("5m"), Step: "brief-team"}))
	acked := *inc
	acked.Events = append([]crisis.Event(nil), inc.Events...)
	require.NoError(t, acked.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, At: after("10m"), By: eva}))
	resolved := acked
	resolved.Events = append([]crisis.Event(nil), acked.Events...)
	require.NoError(t, resolved.Record(p, crisis.Event{Kind: crisis.EventResolve, At: after("1h")}))

	cases := []struct {
		name string
		inc  *crisis.Incident
		e    crisis.Event
		want error
	}{
		{"publish before acknowledging", inc, crisis.Event{Kind: crisis.EventPublish, At: after("20m"), Channel: channel.X, By: ana}, crisis.ErrIllegalEvent},
		{"publish by someone else", &acked, crisis.Event{Kind: crisis.EventPublish, At: after("20m"), Channel: channel.X, By: eva}, crisis.ErrNotApprover},
		{"publish where there is no statement", &acked, crisis.Event{Kind: crisis.EventPublish, At: after("20m"), Channel: channel.TikTok, By: ana}, crisis.ErrNoStatement},
		{"acknowledge twice", &acked, crisis.Event{Kind: crisis.EventAcknowledge, At: after("20m"), By: eva}, crisis.ErrIllegalEvent},
		{"escalate downwards", &acked, crisis.Event{Kind: crisis.EventEscalate, At: after("20m"), Level: "low"}, crisis.ErrIllegalEvent},
		{"escalate sideways", &acked, crisis.Event{Kind: crisis.EventEscalate, At: after("20m"), Level: "moderate"}, crisis.ErrIllegalEvent},
		{"de-escalate upwards", &acked, crisis.Event{Kind: crisis.EventDeEscalate, At: after("20m"), Level: "high"}, crisis.ErrIllegalEvent},
		{"unknown level", &acked, crisis.Event{Kind: crisis.EventEscalate, At: after("20m"), Level: "apocalyptic"}, crisis.ErrUnknownLevel},
		{"unknown step", &acked, crisis.Event{Kind: crisis.EventComplete, At: after("20m"), Step: "legal"}, crisis.ErrUnknownStep},
		{"step twice", &acked, crisis.Event{Kind: crisis.EventComplete, At: after("20m"), Step: "brief-team"}, crisis.ErrIllegalEvent},
		{"back in time", &acked, crisis.Event{Kind: crisis.EventResolve, At: after("9m")}, crisis.ErrEventOrder},
		{"before the opening", inc, crisis.Event{Kind: crisis.EventAcknowledge, At: after("-1m"), By: eva}, crisis.ErrEventOrder},
		{"anything after resolve", &resolved, crisis.Event{Kind: crisis.EventComplete, At: after("2h"), Step: "brief-team"}, crisis.ErrIllegalEvent},
		{"resolve twice", &resolved, crisis.Event{Kind: crisis.EventResolve, At: after("2h")}, crisis.ErrIllegalEvent},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := json.Marshal(c.inc)
			assert.ErrorIs(t, c.inc.Record(p, c.e), c.want)
			after, _ := json.Marshal(c.inc)
			assert.JSONEq(t, string(before), string(after), "incident unchanged")
		})
	}

	// Malformed events are validation errors.
	err := acked.Record(p, crisis.Event{Kind: crisis.EventPublish, At: after("20m"), By: ana})
	assert.True(t, hasPath(err, "channel"), err)
	err = acked.Record(p, crisis.Event{Kind: crisis.EventAcknowledge, By: ana})
	assert.True(t, hasPath(err, "at"), err)
	err = acked.Record(p, crisis.Event{Kind: crisis.EventResolve, At: after("20m"), Level: "low"})
	assert.True(t, hasPath(err, "level"), err)

	// A review needs a resolved incident; a plan with another name refuses.
	_, err = acked.Review(p)
	assert.ErrorIs(t, err, crisis.ErrNotResolved)
	other := samplePlan()
	other.Name = "other"
	_, err = acked.Timeline(other, after("1h"))
	assert.ErrorIs(t, err, crisis.ErrPlanMismatch)
	_, err = crisis.Open(p, "apocalyptic", opened)
	assert.ErrorIs(t, err, crisis.ErrUnknownLevel)
}

func TestOpenFromAlert(t *testing.T) {
	p := samplePlan()
	a := crisis.Alert{At: opened, Since: after("-25m"), Level: "high", Evidence: []crisis.Evidence{{Trigger: "negative-share", Kind: crisis.TriggerNegativeShare, Level: "high", Fired: true}}}
	inc, err := crisis.OpenFromAlert(p, a)
	require.NoError(t, err)
	assert.Equal(t, after("-25m"), inc.Began)
	assert.Equal(t, crisis.IncidentID("brisa-coffee", "high", opened), inc.ID)
	again, err := crisis.OpenFromAlert(p, a)
	require.NoError(t, err)
	assert.Equal(t, inc.ID, again.ID, "IDs are stable")
	require.NoError(t, inc.Record(p, crisis.Event{Kind: crisis.EventResolve, At: after("2h")}))
	r, err := inc.Review(p)
	require.NoError(t, err)
	assert.Equal(t, d("25m"), r.TimeToDetect)
	assert.False(t, r.FirstResponseMet)
	assert.Zero(t, r.TimeToFirstResponse)
}

func TestMeetingDue(t *testing.T) {
	p := samplePlan()
	madrid := mustZone("Europe/Madrid")
	hours := calendar.Weekdays(madrid, calendar.ClockRange{Start: calendar.Clock{Hour: 9}, End: calendar.Clock{Hour: 17, Minute: 30}})
	hours.Holidays = []calendar.LocalDate{{Year: 2026, Month: time.March, Day: 9}}
	p.Hours = &hours
	// Friday 6 March 2026, 16:00; Monday 9 is a holiday.
	friday := time.Date(2026, 3, 6, 16, 0, 0, 0, madrid)
	cases := []struct {
		rule crisis.ReviewRule
		want time.Time
	}{
		{crisis.ReviewRule{Within: 3, Unit: crisis.CalendarDays}, time.Date(2026, 3, 9, 16, 0, 0, 0, madrid)},
		{crisis.ReviewRule{Within: 1, Unit: crisis.BusinessDays}, time.Date(2026, 3, 10, 17, 30, 0, 0, madrid)},
		{crisis.ReviewRule{Within: 5, Unit: crisis.BusinessDays}, time.Date(2026, 3, 16, 17, 30, 0, 0, madrid)},
		// DST starts in Madrid on 29 March 2026 at 02:00: 02:30 does not
		// exist and moves past the gap.
		{crisis.ReviewRule{Within: 23, Unit: crisis.CalendarDays}, time.Date(2026, 3, 29, 16, 0, 0, 0, madrid)},
	}
	for _, c := range cases {
		got, err := p.MeetingDue(c.rule, friday)
		require.NoError(t, err)
		assert.True(t, c.want.Equal(got), "%v: got %s want %s", c.rule, got, c.want)
	}
	early := time.Date(2026, 3, 6, 2, 30, 0, 0, madrid)
	got, err := p.MeetingDue(crisis.ReviewRule{Within: 23, Unit: crisis.CalendarDays}, early)
	require.NoError(t, err)
	assert.Equal(t, "2026-03-29T03:30:00+02:00", got.Format(time.RFC3339))
	// Other zones: New York's review runs on the plan's (Madrid) clock.
	ny := time.Date(2026, 3, 6, 20, 0, 0, 0, mustZone("America/New_York"))
	got, err = p.MeetingDue(crisis.ReviewRule{Within: 1, Unit: crisis.CalendarDays}, ny)
	require.NoError(t, err)
	assert.Equal(t, "2026-03-08T02:00:00+01:00", got.Format(time.RFC3339))

	p.Hours = nil
	_, err = p.MeetingDue(crisis.ReviewRule{Within: 1, Unit: crisis.BusinessDays}, friday)
	assert.ErrorIs(t, err, calendar.ErrNoBusinessTime)
}

// An escalation step with no delay pages at once: at the opening, and at
// each escalation to its level, unless someone acknowledges at that same
// instant (as for any step, an acknowledgement at or before its instant
// stops it) or an acknowledgement carries over a de-escalation.
func TestEscalationStepPagesAtOnce(t *testing.T) {
	p := samplePlan()
	for i := range p.Levels {
		p.Levels[i].Escalation.Steps[0].After = 0
	}
	require.NoError(t, p.Validate())
	inc, err := crisis.Open(p, "moderate", opened)
	require.NoError(t, err)
	items, err := inc.Timeline(p, opened)
	require.NoError(t, err)
	assert.Equal(t, row{crisis.ItemNotify, "0s", crisis.StatusNotified}, rows(items)[0])
	assert.Equal(t, []uuid.UUID{eva}, items[0].Notify)
	due, err := inc.Due(p, opened)
	require.NoError(t, err)
	assert.Equal(t, row{crisis.ItemNotify, "0s", crisis.StatusNotified}, rows(due)[0], "due the moment the incident opens")

	for _, e := range []crisis.Event{
		{Kind: crisis.EventAcknowledge, At: after("5m"), By: eva},
		{Kind: crisis.EventEscalate, At: after("20m"), Level: "critical"},
		{Kind: crisis.EventAcknowledge, At: after("20m"), By: carla},
		{Kind: crisis.EventDeEscalate, At: after("1h"), Level: "high"},
	} {
		require.NoError(t, inc.Record(p, e))
	}
	items, err = inc.Timeline(p, after("2h"))
	require.NoError(t, err)
	var got []string
	for _, it := range items {
		if it.Kind == crisis.ItemNotify && it.Step == 0 && it.Round == 0 {
			got = append(got, it.Level+" "+it.At.Sub(opened).String()+" "+string(it.Status))
		}
	}
	assert.Equal(t, []string{"moderate 0s notified", "critical 20m0s cancelled", "high 1h0m0s cancelled"}, got)
}

func TestDrillEscalationStepPagesAtOnce(t *testing.T) {
	p := samplePlan()
	p.Levels[2].Escalation.Steps[0].After = 0 // high pages the community manager at once
	rep, err := crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script()})
	require.NoError(t, err)
	madrid := mustZone("Europe/Madrid")
	require.NotEmpty(t, rep.Timeline)
	var lines []string
	for _, e := range rep.Timeline[:4] {
		lines = append(lines, e.At.In(madrid).Format("15:04")+" "+string(e.Kind)+" "+e.Level+" "+string(e.Status))
	}
	assert.Equal(t, []string{"01:15 alert high ", "01:15 open high ", "01:15 notify high notified", "01:15 pause critical ended"}, lines)
	assert.Equal(t, []uuid.UUID{eva}, rep.Timeline[2].Who)
}
