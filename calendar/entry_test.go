package calendar_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

func TestTransitionTable(t *testing.T) {
	allowed := map[calendar.Status][]calendar.Status{
		calendar.StatusDraft:     {calendar.StatusInReview, calendar.StatusCancelled},
		calendar.StatusInReview:  {calendar.StatusDraft, calendar.StatusApproved, calendar.StatusCancelled},
		calendar.StatusApproved:  {calendar.StatusDraft, calendar.StatusScheduled, calendar.StatusPaused, calendar.StatusCancelled},
		calendar.StatusScheduled: {calendar.StatusApproved, calendar.StatusPublished, calendar.StatusFailed, calendar.StatusPaused, calendar.StatusCancelled},
		calendar.StatusFailed:    {calendar.StatusScheduled, calendar.StatusCancelled},
		calendar.StatusPaused:    {calendar.StatusApproved, calendar.StatusScheduled, calendar.StatusCancelled},
	}
	for _, from := range calendar.Statuses() {
		for _, to := range calendar.Statuses() {
			want := false
			for _, s := range allowed[from] {
				want = want || s == to
			}
			e := calendar.Entry{Status: from}
			err := e.Transition(to)
			if want {
				assert.NoError(t, err, "%s -> %s", from, to)
				assert.Equal(t, to, e.Status)
				continue
			}
			require.Error(t, err, "%s -> %s", from, to)
			assert.ErrorIs(t, err, calendar.ErrIllegalTransition)
			var te *calendar.TransitionError
			require.True(t, errors.As(err, &te))
			assert.Equal(t, from, te.From)
			assert.Equal(t, to, te.To)
			assert.Equal(t, from, e.Status, "a refused transition leaves the entry alone")
		}
	}
	assert.True(t, calendar.StatusPublished.Final())
	assert.True(t, calendar.StatusCancelled.Final())
	assert.False(t, calendar.StatusPaused.Final())
	assert.Equal(t, []calendar.Status{calendar.StatusScheduled, calendar.StatusCancelled}, calendar.StatusFailed.Next())
}

func TestStatusText(t *testing.T) {
	for _, s := range calendar.Statuses() {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back calendar.Status
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	var s calendar.Status
	err := s.UnmarshalText([]byte("Published"))
	assert.ErrorIs(t, err, validation.ErrUnknownValue)
	_, err = calendar.Status("sent").MarshalText()
	assert.ErrorIs(t, err, validation.ErrUnknownValue)
}

func TestEntryValidate(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	good := post("e1", channel.Instagram, wall(madrid, 2026, 3, 2, 10, 0), "Spring menu is here")
	require.NoError(t, good.Validate())

	tests := []struct {
		name string
		edit func(*calendar.Entry)
		code validation.Code
		path string
	}{
		{"no id", func(e *calendar.Entry) { e.ID = [16]byte{} }, validation.CodeRequired, "id"},
		{"no channel", func(e *calendar.Entry) { e.Channel = "" }, validation.CodeRequired, "channel"},
		{"unknown channel", func(e *calendar.Entry) { e.Channel = "myspace" }, validation.CodeNotSupported, "channel"},
		{"no time", func(e *calendar.Entry) { e.At = time.Time{} }, validation.CodeRequired, "at"},
		{"local zone", func(e *calendar.Entry) { e.At = e.At.In(time.Local) }, validation.CodeInvalid, "at"},
		{"fixed zone", func(e *calendar.Entry) { e.At = e.At.In(time.FixedZone("", 3600)) }, validation.CodeInvalid, "at"},
		{"fixed zone named like an IANA zone", func(e *calendar.Entry) {
			e.At = e.At.In(time.FixedZone("Europe/Madrid", 5*3600))
		}, validation.CodeInvalid, "at"},
		{"text too long", func(e *calendar.Entry) { e.Text = strings.Repeat("a", 2201) }, validation.CodeTooLong, "text"},
		{"scheduled without text", func(e *calendar.Entry) { e.Text = "" }, validation.CodeRequired, "text"},
		{"relative link", func(e *calendar.Entry) { e.Link = "/menu" }, validation.CodeInvalid, "link"},
		{"link with CRLF", func(e *calendar.Entry) { e.Link = "https://a.example/\r\nX-EVIL:1" }, validation.CodeInvalid, "link"},
		{"javascript link", func(e *calendar.Entry) { e.Link = "javascript:alert(1)" }, validation.CodeInvalid, "link"},
		{"unknown status", func(e *calendar.Entry) { e.Status = "sent" }, validation.CodeNotSupported, "status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good
			tt.edit(&e)
			err := e.Validate()
			require.Error(t, err)
			assert.True(t, validation.Has(err, tt.code, tt.path), "%v", err)
		})
	}

	draft := good
	draft.Text, draft.Status = "", calendar.StatusDraft
	assert.NoError(t, draft.Validate(), "a draft may have no text yet")
	utc := good
	utc.At = good.At.UTC()
	assert.NoError(t, utc.Validate(), "UTC is a zone")
}

func TestEntryJSON(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	first := wall(ny, 2026, 11, 1, 1, 30)
	second := first.Add(time.Hour) // 01:30 EST, the repeated hour
	require.Equal(t, 1, second.Hour())

	tests := []struct {
		name   string
		entry  calendar.Entry
		wantAt string
	}{
		{"plain", post("j1", channel.LinkedIn, wall(ny, 2026, 3, 2, 9, 5), "hello"), `"at":"2026-03-02T09:05:00","zone":"America/New_York"`},
		{"first of a repeated hour", post("j2", channel.X, first, "one"), `"at":"2026-11-01T01:30:00","zone":"America/New_York"`},
		{"second of a repeated hour", post("j3", channel.X, second, "two"), `"at":"2026-11-01T01:30:00-05:00","zone":"America/New_York"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.entry
			e.CampaignID = idOf("campaign")
			e.Link = "https://example.com/a"
			e.Owner = ana
			b, err := json.Marshal(e)
			require.NoError(t, err)
			assert.Contains(t, string(b), tt.wantAt)
			assert.Contains(t, string(b), `"campaignId"`)
			assert.NotContains(t, string(b), `"routineId"`)
			var back calendar.Entry
			require.NoError(t, json.Unmarshal(b, &back))
			assert.True(t, back.At.Equal(e.At))
			assert.Equal(t, e.At.Location().String(), back.At.Location().String())
			back.At = e.At
			assert.Equal(t, e, back)
		})
	}
}

func TestEntryJSONBadInput(t *testing.T) {
	tests := []struct {
		name, json string
		code       validation.Code
		path       string
	}{
		{"no zone", `{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","channel":"x","at":"2026-03-02T10:00:00","status":"draft"}`, validation.CodeRequired, "zone"},
		{"unknown zone", `{"channel":"x","at":"2026-03-02T10:00:00","zone":"Mars/Olympus","status":"draft"}`, validation.CodeInvalid, "zone"},
		{"Local", `{"channel":"x","at":"2026-03-02T10:00:00","zone":"Local","status":"draft"}`, validation.CodeInvalid, "zone"},
		{"bad time", `{"channel":"x","at":"2 March","zone":"UTC","status":"draft"}`, validation.CodeInvalid, "at"},
		{"offset that the zone does not have", `{"channel":"x","at":"2026-03-02T10:00:00+05:00","zone":"Europe/Madrid","status":"draft"}`, validation.CodeInvalid, "at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e calendar.Entry
			err := json.Unmarshal([]byte(tt.json), &e)
			require.Error(t, err)
			assert.True(t, validation.Has(err, tt.code, tt.path), "%v", err)
		})
	}
	var e calendar.Entry
	err := json.Unmarshal([]byte(`{"channel":"x","status":"posted"}`), &e)
	assert.ErrorIs(t, err, validation.ErrUnknownValue)

	_, err = json.Marshal(calendar.Entry{ID: idOf("z"), Channel: channel.X, At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600)), Status: calendar.StatusDraft})
	assert.Error(t, err, "JSON cannot carry a fixed zone")
}

func TestMilestoneAndBlackout(t *testing.T) {
	santiago := mustZone(t, "America/Santiago")
	// 2026-09-06 starts at 01:00 in Santiago: midnight falls in the gap.
	m := calendar.NewDayMilestone(idOf("launch"), "Launch", calendar.LocalDate{Year: 2026, Month: 9, Day: 6}, santiago)
	require.NoError(t, m.Validate())
	assert.Equal(t, "2026-09-06T01:00:00-03:00", m.At.Format(time.RFC3339))
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var mb calendar.Milestone
	require.NoError(t, json.Unmarshal(b, &mb))
	assert.True(t, mb.At.Equal(m.At))
	assert.Equal(t, m.Day(), mb.Day())

	bad := m
	bad.At = bad.At.Add(time.Hour)
	assert.True(t, validation.Has(bad.Validate(), validation.CodeInvalid, "at"))
	assert.True(t, validation.Has(calendar.Milestone{}.Validate(), validation.CodeRequired, "name"))

	bo := calendar.NewDayBlackout(calendar.LocalDate{Year: 2026, Month: 4, Day: 4}, calendar.LocalDate{Year: 2026, Month: 4, Day: 5}, santiago, "Holy week", channel.X)
	require.NoError(t, bo.Validate())
	// April 5 2026 is 25 hours long in Santiago (clocks go back at midnight).
	assert.Equal(t, 49*time.Hour, bo.To.Sub(bo.From))
	assert.True(t, bo.Covers(channel.X, wall(santiago, 2026, 4, 5, 23, 59)))
	assert.False(t, bo.Covers(channel.Instagram, wall(santiago, 2026, 4, 5, 12, 0)))
	b, err = json.Marshal(bo)
	require.NoError(t, err)
	assert.JSONEq(t, `{"from":"2026-04-04T00:00:00","to":"2026-04-06T00:00:00","zone":"America/Santiago","reason":"Holy week","channels":["x"]}`, string(b))
	var back calendar.Blackout
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.From.Equal(bo.From) && back.To.Equal(bo.To))
	assert.Equal(t, bo.Channels, back.Channels)

	reversed := calendar.Blackout{From: bo.To, To: bo.From, Channels: []channel.Channel{"x", "x", "fax"}}
	err = reversed.Validate()
	assert.True(t, validation.Has(err, validation.CodeOrder, "to"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeDuplicate, "channels[1]"), "%v", err)
	assert.True(t, validation.Has(err, validation.CodeNotSupported, "channels[2]"), "%v", err)
}

func TestWindow(t *testing.T) {
	madrid := mustZone(t, "Europe/Madrid")
	w := calendar.Window{From: wall(madrid, 2026, 3, 28, 0, 0), To: wall(madrid, 2026, 3, 30, 0, 0)}
	require.NoError(t, w.Validate())
	assert.True(t, w.Contains(w.From))
	assert.False(t, w.Contains(w.To))
	b, err := json.Marshal(w)
	require.NoError(t, err)
	assert.JSONEq(t, `{"from":"2026-03-28T00:00:00","to":"2026-03-30T00:00:00","zone":"Europe/Madrid"}`, string(b))
	var back calendar.Window
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.From.Equal(w.From) && back.To.Equal(w.To))

	err = calendar.Window{From: w.To, To: w.From}.Validate()
	assert.True(t, validation.Has(err, validation.CodeOrder, "to"), "%v", err)
	err = calendar.Window{}.Validate()
	assert.True(t, validation.Has(err, validation.CodeRequired, "from"))
	assert.True(t, validation.Has(err, validation.CodeRequired, "to"))
}

func TestLocalDate(t *testing.T) {
	d, err := calendar.ParseLocalDate("2028-02-29")
	require.NoError(t, err)
	assert.True(t, d.IsValid())
	assert.Equal(t, "2028-03-01", d.AddDays(1).String())
	assert.Equal(t, time.Tuesday, d.Weekday())
	assert.False(t, calendar.LocalDate{Year: 2026, Month: 2, Day: 29}.IsValid())
	_, err = calendar.ParseLocalDate("2026-02-30")
	assert.Error(t, err)
	// The parser accepts exactly the dates IsValid accepts: year 0 parses
	// with time.Parse but is not a valid LocalDate.
	for _, bad := range []string{"0000-01-01", "0000-12-31"} {
		_, err := calendar.ParseLocalDate(bad)
		assert.Error(t, err, bad)
	}
	long, err := calendar.ParseLocalDate(strings.Repeat("9", 1<<20))
	assert.Zero(t, long)
	assert.Less(t, len(err.Error()), 200, "the error repeats an excerpt")
	_, err = calendar.LocalDate{Year: 2026, Month: 2, Day: 30}.MarshalText()
	assert.Error(t, err)
	assert.Equal(t, -1, d.Compare(d.AddDays(1)))
}
