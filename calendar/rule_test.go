package calendar_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/validation"
)

func TestParseRulePrintsBack(t *testing.T) {
	tests := []struct{ in, out string }{
		{"FREQ=DAILY", "FREQ=DAILY"},
		{"RRULE:FREQ=DAILY;COUNT=10", "FREQ=DAILY;COUNT=10"},
		{"rrule:freq=weekly;byday=mo,we,fr;byhour=10;byminute=0", "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0"},
		{"BYDAY=+1MO,-1FR;FREQ=MONTHLY", "FREQ=MONTHLY;BYDAY=1MO,-1FR"},
		{"FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO", "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO"},
		{"FREQ=YEARLY;INTERVAL=1;BYWEEKNO=20,-1;BYDAY=MO;WKST=SU", "FREQ=YEARLY;INTERVAL=1;BYWEEKNO=20,-1;BYDAY=MO;WKST=SU"},
		{"FREQ=MONTHLY;BYMONTHDAY=+15,-3;BYSETPOS=1,-1", "FREQ=MONTHLY;BYMONTHDAY=15,-3;BYSETPOS=1,-1"},
		{"FREQ=YEARLY;BYYEARDAY=1,100,-1", "FREQ=YEARLY;BYYEARDAY=1,100,-1"},
		{"FREQ=SECONDLY;INTERVAL=30;BYSECOND=0,30;BYMINUTE=05", "FREQ=SECONDLY;INTERVAL=30;BYMINUTE=5;BYSECOND=0,30"},
		{" FREQ=DAILY;; ", "FREQ=DAILY"},
		{"FREQ=DAILY;BYHOUR=9,9", "FREQ=DAILY;BYHOUR=9,9"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := calendar.ParseRule(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.out, r.String())
			again, err := calendar.ParseRule(r.String())
			require.NoError(t, err)
			assert.Equal(t, r, again)
		})
	}
}

func TestParseRuleFields(t *testing.T) {
	r, err := calendar.ParseRule("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU;WKST=SU")
	require.NoError(t, err)
	assert.Equal(t, calendar.Rule{
		Freq:      calendar.Monthly,
		Interval:  2,
		Count:     10,
		ByDay:     []calendar.WeekdayNum{{N: 1, Day: calendar.Sunday}, {N: -1, Day: calendar.Sunday}},
		WeekStart: calendar.Sunday,
	}, r)
	r, err = calendar.ParseRule("FREQ=DAILY;UNTIL=19971224T000000Z;BYMONTH=1,12")
	require.NoError(t, err)
	assert.True(t, r.Until.Equal(time.Date(1997, 12, 24, 0, 0, 0, 0, time.UTC)))
	assert.Equal(t, []time.Month{time.January, time.December}, r.ByMonth)
}

func TestParseRuleErrors(t *testing.T) {
	type want struct {
		code validation.Code
		path string
	}
	tests := []struct {
		in   string
		want []want
	}{
		{"", []want{{validation.CodeRequired, "freq"}}},
		{"COUNT=5", []want{{validation.CodeRequired, "freq"}}},
		{"FREQ=FORTNIGHTLY", []want{{validation.CodeNotSupported, "freq"}}},
		{"FREQ=DAILY;FREQ=WEEKLY", []want{{validation.CodeDuplicate, "freq"}}},
		{"FREQ=DAILY;FOO=1", []want{{validation.CodeNotSupported, "foo"}}},
		{"FREQ=DAILY;RSCALE=GREGORIAN", []want{{validation.CodeNotSupported, "rscale"}}},
		{"FREQ=DAILY;COUNT", []want{{validation.CodeInvalid, "count"}}},
		{"FREQ=DAILY;INTERVAL=0", []want{{validation.CodeOutOfRange, "interval"}}},
		{"FREQ=DAILY;INTERVAL=-1", []want{{validation.CodeOutOfRange, "interval"}}},
		{"FREQ=DAILY;INTERVAL=x", []want{{validation.CodeOutOfRange, "interval"}}},
		{"FREQ=DAILY;COUNT=0", []want{{validation.CodeOutOfRange, "count"}}},
		{"FREQ=DAILY;COUNT=99999999999999999999", []want{{validation.CodeOutOfRange, "count"}}},
		{"FREQ=DAILY;COUNT=3;UNTIL=20260101T000000Z", []want{{validation.CodeConflict, "until"}}},
		{"FREQ=DAILY;UNTIL=20260101T000000", []want{{validation.CodeInvalid, "until"}}},
		{"FREQ=DAILY;UNTIL=20260101", []want{{validation.CodeInvalid, "until"}}},
		{"FREQ=DAILY;UNTIL=20261301T000000Z", []want{{validation.CodeInvalid, "until"}}},
		{"FREQ=WEEKLY;BYDAY=MO,TU,XX", []want{{validation.CodeInvalid, "byday[2]"}}},
		{"FREQ=WEEKLY;BYDAY=MO,0TU", []want{{validation.CodeInvalid, "byday[1]"}}},
		{"FREQ=WEEKLY;BYDAY=", []want{{validation.CodeInvalid, "byday"}}},
		{"FREQ=DAILY;BYHOUR=", []want{{validation.CodeInvalid, "byhour"}}},
		{"FREQ=DAILY;BYHOUR=1,,2", []want{{validation.CodeInvalid, "byhour[1]"}}},
		{"FREQ=DAILY;BYHOUR=-1", []want{{validation.CodeInvalid, "byhour[0]"}}},
		{"FREQ=DAILY;BYHOUR=24", []want{{validation.CodeOutOfRange, "byhour[0]"}}},
		{"FREQ=DAILY;BYMINUTE=0,60", []want{{validation.CodeOutOfRange, "byminute[1]"}}},
		{"FREQ=DAILY;BYSECOND=60", []want{{validation.CodeOutOfRange, "bysecond[0]"}}},
		{"FREQ=DAILY;BYMONTH=13", []want{{validation.CodeOutOfRange, "bymonth[0]"}}},
		{"FREQ=MONTHLY;BYMONTHDAY=0", []want{{validation.CodeOutOfRange, "bymonthday[0]"}}},
		{"FREQ=MONTHLY;BYMONTHDAY=-32", []want{{validation.CodeOutOfRange, "bymonthday[0]"}}},
		{"FREQ=YEARLY;BYYEARDAY=367", []want{{validation.CodeOutOfRange, "byyearday[0]"}}},
		{"FREQ=YEARLY;BYWEEKNO=54", []want{{validation.CodeOutOfRange, "byweekno[0]"}}},
		{"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", []want{{validation.CodeOutOfRange, "bysetpos[0]"}}},
		{"FREQ=DAILY;WKST=XX", []want{{validation.CodeNotSupported, "wkst"}}},
		// N/A in the table of §3.3.10.
		{"FREQ=WEEKLY;BYMONTHDAY=1", []want{{validation.CodeInvalid, "bymonthday"}}},
		{"FREQ=MONTHLY;BYYEARDAY=1", []want{{validation.CodeInvalid, "byyearday"}}},
		{"FREQ=DAILY;BYYEARDAY=1", []want{{validation.CodeInvalid, "byyearday"}}},
		{"FREQ=MONTHLY;BYWEEKNO=1", []want{{validation.CodeInvalid, "byweekno"}}},
		{"FREQ=WEEKLY;BYDAY=1MO", []want{{validation.CodeInvalid, "byday[0]"}}},
		{"FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO", []want{{validation.CodeConflict, "byday[0]"}}},
		{"FREQ=DAILY;BYSETPOS=1", []want{{validation.CodeInvalid, "bysetpos"}}},
		// Ordinals and day combinations that never match.
		{"FREQ=MONTHLY;BYDAY=6MO", []want{{validation.CodeOutOfRange, "byday[0]"}}},
		{"FREQ=YEARLY;BYMONTH=3;BYDAY=-6MO", []want{{validation.CodeOutOfRange, "byday[0]"}}},
		{"FREQ=YEARLY;BYDAY=54MO", []want{{validation.CodeOutOfRange, "byday[0]"}}},
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", []want{{validation.CodeConflict, "bymonthday"}}},
		{"FREQ=YEARLY;BYMONTH=4,6;BYMONTHDAY=31,-31", []want{{validation.CodeConflict, "bymonthday"}}},
		{"FREQ=MONTHLY;BYDAY=1FR;BYMONTHDAY=20", []want{{validation.CodeConflict, ""}}},
		{"FREQ=YEARLY;BYMONTH=2;BYYEARDAY=1", []want{{validation.CodeConflict, ""}}},
		{"FREQ=YEARLY;BYMONTH=1;BYWEEKNO=20", []want{{validation.CodeConflict, ""}}},
		// Every problem at once.
		{"FREQ=DAILY;INTERVAL=0;BYHOUR=25;BYDAY=XX", []want{
			{validation.CodeOutOfRange, "interval"}, {validation.CodeOutOfRange, "byhour[0]"}, {validation.CodeInvalid, "byday[0]"}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := calendar.ParseRule(tt.in)
			require.Error(t, err)
			assert.True(t, errors.Is(err, validation.ErrInvalid), "want a *validation.Error, got %v", err)
			for _, w := range tt.want {
				assert.True(t, validation.Has(err, w.code, w.path), "want %s at %q in %v", w.code, w.path, err)
			}
			assert.True(t, r.IsZero())
		})
	}
}

func TestRuleValidate(t *testing.T) {
	until := time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)
	tests := []struct {
		name string
		rule calendar.Rule
		code validation.Code
		path string
	}{
		{"zero interval means 1", calendar.Rule{Freq: calendar.Daily}, "", ""},
		{"negative interval", calendar.Rule{Freq: calendar.Daily, Interval: -2}, validation.CodeOutOfRange, "interval"},
		{"negative count", calendar.Rule{Freq: calendar.Daily, Count: -1}, validation.CodeOutOfRange, "count"},
		{"count and until", calendar.Rule{Freq: calendar.Daily, Count: 2, Until: until}, validation.CodeConflict, "until"},
		{"until with nanoseconds", calendar.Rule{Freq: calendar.Daily, Until: until.Add(1)}, validation.CodeInvalid, "until"},
		{"until after 9999", calendar.Rule{Freq: calendar.Daily, Until: until.AddDate(9000, 0, 0)}, validation.CodeOutOfRange, "until"},
		{"until in another zone is an instant", calendar.Rule{Freq: calendar.Daily, Until: until.In(time.FixedZone("X", 3600))}, "", ""},
		{"missing freq", calendar.Rule{Interval: 2}, validation.CodeRequired, "freq"},
		{"upper-case freq is not the enum", calendar.Rule{Freq: "DAILY"}, validation.CodeNotSupported, "freq"},
		{"zero day in byday", calendar.Rule{Freq: calendar.Weekly, ByDay: []calendar.WeekdayNum{{}}}, validation.CodeNotSupported, "byday[0]"},
		{"bad wkst", calendar.Rule{Freq: calendar.Weekly, WeekStart: "mon"}, validation.CodeNotSupported, "wkst"},
		{"month 0", calendar.Rule{Freq: calendar.Yearly, ByMonth: []time.Month{0}}, validation.CodeOutOfRange, "bymonth[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rule.Validate()
			if tt.code == "" {
				assert.NoError(t, err)
				return
			}
			assert.True(t, validation.Has(err, tt.code, tt.path), "want %s at %q in %v", tt.code, tt.path, err)
		})
	}
}

func TestRuleJSON(t *testing.T) {
	type doc struct {
		Rule calendar.Rule `json:"rule"`
	}
	r, err := calendar.ParseRule("FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0")
	require.NoError(t, err)
	b, err := json.Marshal(doc{r})
	require.NoError(t, err)
	assert.JSONEq(t, `{"rule":"FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=10;BYMINUTE=0"}`, string(b))
	var back doc
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, r, back.Rule)

	// An invalid rule does not reach JSON; invalid text does not decode.
	_, err = json.Marshal(doc{calendar.Rule{Freq: calendar.Daily, Interval: -1}})
	assert.ErrorIs(t, err, calendar.ErrRule)
	err = json.Unmarshal([]byte(`{"rule":"FREQ=DAILY;BYHOUR=25"}`), &back)
	assert.True(t, validation.Has(err, validation.CodeOutOfRange, "byhour[0]"), "%v", err)

	// The zero rule is "".
	b, err = json.Marshal(doc{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"rule":""}`, string(b))
}

func TestEnums(t *testing.T) {
	for _, f := range []calendar.Frequency{calendar.Yearly, calendar.Monthly, calendar.Weekly, calendar.Daily, calendar.Hourly, calendar.Minutely, calendar.Secondly} {
		b, err := f.MarshalText()
		require.NoError(t, err)
		var back calendar.Frequency
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, f, back)
	}
	var f calendar.Frequency
	assert.ErrorIs(t, f.UnmarshalText([]byte("DAILY")), validation.ErrUnknownValue)
	_, err := calendar.Frequency("fortnightly").MarshalText()
	assert.ErrorIs(t, err, validation.ErrUnknownValue)

	for d := time.Sunday; d <= time.Saturday; d++ {
		w := calendar.WeekdayOf(d)
		assert.True(t, w.IsValid())
		assert.Equal(t, d, w.Std())
		b, err := w.MarshalText()
		require.NoError(t, err)
		var back calendar.Weekday
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, w, back)
	}
	var w calendar.Weekday
	assert.ErrorIs(t, w.UnmarshalText([]byte("MO")), validation.ErrUnknownValue)
	assert.Equal(t, "-1FR", calendar.WeekdayNum{N: -1, Day: calendar.Friday}.String())
}
