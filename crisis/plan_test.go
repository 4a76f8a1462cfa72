package crisis_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/validation"
)

func TestSamplePlanIsValid(t *testing.T) {
	require.NoError(t, samplePlan().Validate())
}

func TestPlanValidation(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(p *crisis.Plan)
		code   validation.Code
		path   string
	}{
		{"no name", func(p *crisis.Plan) { p.Name = "" }, validation.CodeRequired, "name"},
		{"bad zone", func(p *crisis.Plan) { p.Zone = "Mars/Olympus" }, validation.CodeInvalid, "zone"},
		{"no channels", func(p *crisis.Plan) { p.Channels = nil }, validation.CodeRequired, "channels"},
		{"unknown channel", func(p *crisis.Plan) { p.Channels[1] = "myspace" }, validation.CodeNotSupported, "channels[1]"},
		{"repeated channel", func(p *crisis.Plan) { p.Channels[1] = channel.Instagram }, validation.CodeDuplicate, "channels[1]"},
		{"no levels", func(p *crisis.Plan) { p.Levels = nil; p.Triggers = nil }, validation.CodeRequired, "levels"},
		{"duplicate level", func(p *crisis.Plan) { p.Levels[1].Name = "low" }, validation.CodeDuplicate, "levels[1].name"},
		{"duplicate rank", func(p *crisis.Plan) { p.Levels[1].Rank = 1 }, validation.CodeDuplicate, "levels[1].rank"},
		{"unordered levels", func(p *crisis.Plan) { p.Levels[0].Rank, p.Levels[1].Rank = 2, 1 }, validation.CodeOrder, "levels[1].rank"},
		{"rank not positive", func(p *crisis.Plan) { p.Levels[0].Rank = 0 }, validation.CodeOutOfRange, "levels[0].rank"},
		{"no meaning", func(p *crisis.Plan) { p.Levels[0].Meaning = "" }, validation.CodeRequired, "levels[0].meaning"},
		{"no handler", func(p *crisis.Plan) { p.Levels[0].Handler = uuid.Nil }, validation.CodeRequired, "levels[0].handler"},
		{"no first response target", func(p *crisis.Plan) { p.Levels[2].FirstResponse = 0 }, validation.CodeRequired, "levels[2].firstResponse"},
		{"negative first response", func(p *crisis.Plan) { p.Levels[2].FirstResponse = d("-1h") }, validation.CodeOutOfRange, "levels[2].firstResponse"},
		{"no approver", func(p *crisis.Plan) { p.Levels[1].Approver = uuid.Nil }, validation.CodeRequired, "levels[1].approver"},
		{"no backup approver", func(p *crisis.Plan) { p.Levels[0].BackupApprover = uuid.Nil }, validation.CodeRequired, "levels[0].backupApprover"},
		{"same approvers", func(p *crisis.Plan) { p.Levels[0].BackupApprover = ana }, validation.CodeConflict, "levels[0].backupApprover"},
		{"no escalation", func(p *crisis.Plan) { p.Levels[0].Escalation.Steps = nil }, validation.CodeRequired, "levels[0].escalation.steps"},
		{"repeating a round that takes no time", func(p *crisis.Plan) {
			p.Levels[0].Escalation.Steps[0].After, p.Levels[0].Escalation.Steps[1].After = 0, 0
		}, validation.CodeConflict, "levels[0].escalation.repeat"},
		{"negative delay", func(p *crisis.Plan) { p.Levels[0].Escalation.Steps[1].After = d("-5m") }, validation.CodeOutOfRange, "levels[0].escalation.steps[1].after"},
		{"nobody to notify", func(p *crisis.Plan) { p.Levels[0].Escalation.Steps[0].Notify = nil }, validation.CodeRequired, "levels[0].escalation.steps[0].notify"},
		{"nil member to notify", func(p *crisis.Plan) { p.Levels[3].Escalation.Steps[0].Notify[1] = uuid.Nil }, validation.CodeRequired, "levels[3].escalation.steps[0].notify[1]"},
		{"member notified twice", func(p *crisis.Plan) { p.Levels[3].Escalation.Steps[0].Notify[1] = ana }, validation.CodeDuplicate, "levels[3].escalation.steps[0].notify[1]"},
		{"repeat out of range", func(p *crisis.Plan) { p.Levels[0].Escalation.Repeat = -1 }, validation.CodeOutOfRange, "levels[0].escalation.repeat"},
		{"active channel without statement", func(p *crisis.Plan) { p.Levels[3].Statements = p.Levels[3].Statements[:1] }, validation.CodeRequired, "levels[3].statements[x]"},
		{"statement over the limit", func(p *crisis.Plan) { p.Levels[1].Statements[1].Text = strings.Repeat("a", 281) }, validation.CodeTooLong, "levels[1].statements[1].text"},
		{"statement twice", func(p *crisis.Plan) { p.Levels[1].Statements[1].Channel = channel.Instagram }, validation.CodeDuplicate, "levels[1].statements[1].channel"},
		{"empty statement", func(p *crisis.Plan) { p.Levels[1].Statements[0].Text = "" }, validation.CodeRequired, "levels[1].statements[0].text"},
		{"playbook without deadline", func(p *crisis.Plan) { p.Levels[0].Playbook[0].Within = 0 }, validation.CodeRequired, "levels[0].playbook[0].within"},
		{"playbook without owner", func(p *crisis.Plan) { p.Levels[0].Playbook[0].Owner = uuid.Nil }, validation.CodeRequired, "levels[0].playbook[0].owner"},
		{"review never", func(p *crisis.Plan) { p.Levels[0].Review.Within = 0 }, validation.CodeOutOfRange, "levels[0].review.within"},
		{"review unit", func(p *crisis.Plan) { p.Levels[0].Review.Unit = "fortnights" }, validation.CodeNotSupported, "levels[0].review.unit"},
		{"business days without hours", func(p *crisis.Plan) { p.Levels[0].Review.Unit = crisis.BusinessDays }, validation.CodeRequired, "hours"},
		{"bad hours", func(p *crisis.Plan) { p.Hours = &calendar.BusinessHours{} }, validation.CodeRequired, "hours.zone"},
		{"no bucket", func(p *crisis.Plan) { p.Detection.Bucket = 0 }, validation.CodeOutOfRange, "detection.bucket"},
		{"bucket of a fraction of a second", func(p *crisis.Plan) { p.Detection.Bucket = d("1500ms") }, validation.CodeInvalid, "detection.bucket"},
		{"margin of one", func(p *crisis.Plan) { p.Detection.Margin = num("1") }, validation.CodeOutOfRange, "detection.margin"},
		{"negative margin", func(p *crisis.Plan) { p.Detection.Margin = num("-0.1") }, validation.CodeOutOfRange, "detection.margin"},
		{"trigger to unknown level", func(p *crisis.Plan) { p.Triggers[1].Level = "severe" }, validation.CodeNotFound, "triggers[1].level"},
		{"duplicate trigger", func(p *crisis.Plan) { p.Triggers[1].Name = "volume-spike" }, validation.CodeDuplicate, "triggers[1].name"},
		{"unknown kind", func(p *crisis.Plan) { p.Triggers[1].Kind = "vibes" }, validation.CodeNotSupported, "triggers[1].kind"},
		{"zero threshold", func(p *crisis.Plan) { p.Triggers[0].Threshold = num("0") }, validation.CodeOutOfRange, "triggers[0].threshold"},
		{"negative threshold", func(p *crisis.Plan) { p.Triggers[2].Threshold = num("-3") }, validation.CodeOutOfRange, "triggers[2].threshold"},
		{"ratio of one", func(p *crisis.Plan) { p.Triggers[0].Ratio = num("1") }, validation.CodeOutOfRange, "triggers[0].ratio"},
		{"no ratio", func(p *crisis.Plan) { p.Triggers[0].Ratio = num("0") }, validation.CodeRequired, "triggers[0].ratio"},
		{"share above one", func(p *crisis.Plan) { p.Triggers[1].Share = num("1.5") }, validation.CodeOutOfRange, "triggers[1].share"},
		{"negative k", func(p *crisis.Plan) { p.Triggers[4].K = num("-2") }, validation.CodeOutOfRange, "triggers[4].k"},
		{"no metric", func(p *crisis.Plan) { p.Triggers[0].Metric = "" }, validation.CodeRequired, "triggers[0].metric"},
		{"field the kind does not use", func(p *crisis.Plan) { p.Triggers[3].Window = d("1h") }, validation.CodeConflict, "triggers[3].window"},
		{"window not whole buckets", func(p *crisis.Plan) { p.Triggers[2].Window = d("62m") }, validation.CodeInvalid, "triggers[2].window"},
		{"negative window", func(p *crisis.Plan) { p.Triggers[2].Window = d("-1h") }, validation.CodeOutOfRange, "triggers[2].window"},
		{"window too long", func(p *crisis.Plan) { p.Triggers[2].Window = d("10000h") }, validation.CodeOutOfRange, "triggers[2].window"},
		{"no confirmation", func(p *crisis.Plan) { p.Triggers[2].Confirm = 0 }, validation.CodeRequired, "triggers[2].confirm"},
		{"negative cooldown", func(p *crisis.Plan) { p.Triggers[2].Cooldown = d("-1h") }, validation.CodeOutOfRange, "triggers[2].cooldown"},
		{"channel not active", func(p *crisis.Plan) { p.Triggers[3].Channel = channel.TikTok }, validation.CodeConflict, "triggers[3].channel"},
		{"keyword trigger without keywords", func(p *crisis.Plan) { p.Keywords = crisis.Keywords{} }, validation.CodeRequired, "keywords"},
		{"empty keyword", func(p *crisis.Plan) { p.Keywords.Risky[1] = "  !" }, validation.CodeRequired, "keywords.risky[1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := samplePlan()
			c.mutate(p)
			err := p.Validate()
			require.Error(t, err)
			assert.ErrorIs(t, err, validation.ErrInvalid)
			assert.True(t, validation.Has(err, c.code, c.path), "want %s at %s, got %v", c.code, c.path, err)
		})
	}
}

func TestPlanValidationListsEveryProblem(t *testing.T) {
	p := samplePlan()
	p.Levels[0].BackupApprover = ana
	p.Levels[1].FirstResponse = 0
	p.Triggers[0].Level = "nope"
	p.Detection.Bucket = 0
	err := p.Validate()
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	assert.GreaterOrEqual(t, len(verr.Errors), 4)
	var nilPlan *crisis.Plan
	assert.True(t, validation.Has(nilPlan.Validate(), validation.CodeRequired, ""))
}

func TestPlanJSONRoundTrip(t *testing.T) {
	p := samplePlan()
	madrid, err := time.LoadLocation("Europe/Madrid")
	require.NoError(t, err)
	hours := calendar.Weekdays(madrid, calendar.ClockRange{Start: calendar.Clock{Hour: 9}, End: calendar.Clock{Hour: 18}})
	p.Hours = &hours
	p.Levels[1].Review.Unit = crisis.BusinessDays
	require.NoError(t, p.Validate())
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"firstResponse":"2h0m0s"`)
	assert.Contains(t, string(b), `"ratio":"3"`)
	var back crisis.Plan
	require.NoError(t, json.Unmarshal(b, &back))
	require.NoError(t, back.Validate())
	b2, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	assert.True(t, back.Triggers[1].Share.Equal(num("0.4")))
	// People are member IDs, written as UUIDs.
	assert.Contains(t, string(b), `"approver":"`+carla.String()+`"`)
	assert.Equal(t, carla, back.Levels[2].Approver)
	assert.Equal(t, []uuid.UUID{ana, carla}, back.Levels[3].Escalation.Steps[0].Notify)
	assert.Equal(t, carla, back.Levels[3].Playbook[1].Owner)

	var strict crisis.Plan
	// A name where a member ID belongs is refused, whatever field it is in.
	for _, field := range []string{`"handler":"eva"`, `"approver":"Ana"`, `"backupApprover":""`,
		`"escalation":{"steps":[{"notify":["community manager"]}]}`, `"playbook":[{"owner":"eva"}]`} {
		assert.Error(t, json.Unmarshal([]byte(`{"levels":[{`+field+`}]}`), &strict), field)
	}
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"levels":[{"review":{"unit":"weeks"}}]}`), &strict), validation.ErrUnknownValue)
	assert.Error(t, json.Unmarshal([]byte(`{"detection":{"bucket":"5 minutes"}}`), &strict))
}

func TestKeywordsMatch(t *testing.T) {
	k := samplePlan().Keywords
	for text, want := range map[string]bool{
		"Got food poisoning at BRISA today!!":     true,
		"@brisacoffee my kid got sick":            true,
		"brisa's new menu is great":               false,
		"food poisoning everywhere this week":     false,
		"Brisa: food—poisoning? no, just tired":   true,
		"brisas are lovely; I feel sick of rain":  false,
		"boycott brisa":                           true,
		"@brisacoffeeshop is sick":                false,
		"#brisa sick":                             false,
		"Brisa\u00a0sick":                         true,
		"the lawsuit against Brisa was dismissed": true,
	} {
		assert.Equal(t, want, k.Match(text), text)
	}
}

func TestEnumsAreStrict(t *testing.T) {
	var k crisis.TriggerKind
	assert.ErrorIs(t, k.UnmarshalText([]byte("Volume")), validation.ErrUnknownValue)
	_, err := crisis.TriggerKind("vibes").MarshalText()
	assert.Error(t, err)
	for _, c := range []interface {
		IsValid() bool
		MarshalText() ([]byte, error)
	}{crisis.TriggerVolume, crisis.MetricKeywordHits, crisis.BusinessDays, crisis.StateOpen, crisis.EventDeEscalate, crisis.ItemNotify, crisis.StatusMissed} {
		assert.True(t, c.IsValid())
		b, err := c.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, strings.ToLower(string(b)), string(b))
	}
}
