package community

// This file makes every type that holds a decimal decode strictly, even
// through plain encoding/json (see the package documentation on decoding).

import (
	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/strictjson"
)

// UnmarshalJSON decodes Adherent strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (a *Adherent) UnmarshalJSON(data []byte) error {
	type plain Adherent
	return strictjson.Plain(data, a, (*plain)(a))
}

// UnmarshalJSON decodes LeaderWeights strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (w *LeaderWeights) UnmarshalJSON(data []byte) error {
	type plain LeaderWeights
	return strictjson.Plain(data, w, (*plain)(w))
}

// UnmarshalJSON decodes LeaderFigures strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (f *LeaderFigures) UnmarshalJSON(data []byte) error {
	type plain LeaderFigures
	return strictjson.Plain(data, f, (*plain)(f))
}

// UnmarshalJSON decodes Leader strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (l *Leader) UnmarshalJSON(data []byte) error {
	type plain Leader
	return strictjson.Plain(data, l, (*plain)(l))
}

// UnmarshalJSON decodes ResponseStats strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (s *ResponseStats) UnmarshalJSON(data []byte) error {
	type plain ResponseStats
	return strictjson.Plain(data, s, (*plain)(s))
}

// UnmarshalJSON decodes VoiceShare strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (v *VoiceShare) UnmarshalJSON(data []byte) error {
	type plain VoiceShare
	return strictjson.Plain(data, v, (*plain)(v))
}

// UnmarshalJSON decodes RisingOptions strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (o *RisingOptions) UnmarshalJSON(data []byte) error {
	type plain RisingOptions
	return strictjson.Plain(data, o, (*plain)(o))
}

// UnmarshalJSON decodes Trend strictly: keys exactly as the fields' JSON
// names, each once, and decimals within validation's bounds, checked
// before they are read (a *validation.Error with every problem).
func (t *Trend) UnmarshalJSON(data []byte) error {
	type plain Trend
	return strictjson.Plain(data, t, (*plain)(t))
}

// The types below embed a type that decodes itself, whose UnmarshalJSON
// they would otherwise inherit and so decode only the embedded part. Each
// decodes through a wire struct that embeds a method-less copy of the
// embedded type instead, with every field, strictly; fields the document
// does not name keep their value, as encoding/json does.

// UnmarshalJSON decodes RoutineAdherence strictly, as Adherent decodes.
func (r *RoutineAdherence) UnmarshalJSON(data []byte) error {
	type adherent Adherent
	w := struct {
		Routine uuid.UUID       `json:"routine"`
		Channel channel.Channel `json:"channel"`
		adherent
	}{r.Routine, r.Channel, adherent(r.Adherent)}
	if err := strictjson.Unmarshal(data, &w); err != nil {
		return err
	}
	*r = RoutineAdherence{Routine: w.Routine, Channel: w.Channel, Adherent: Adherent(w.adherent)}
	return nil
}

// UnmarshalJSON decodes ChannelAdherence strictly, as Adherent decodes.
func (c *ChannelAdherence) UnmarshalJSON(data []byte) error {
	type adherent Adherent
	w := struct {
		Channel channel.Channel `json:"channel"`
		adherent
		Extra int `json:"extra"`
	}{c.Channel, adherent(c.Adherent), c.Extra}
	if err := strictjson.Unmarshal(data, &w); err != nil {
		return err
	}
	*c = ChannelAdherence{Channel: w.Channel, Adherent: Adherent(w.adherent), Extra: w.Extra}
	return nil
}

// UnmarshalJSON decodes ChannelStats strictly, as ResponseStats decodes.
func (c *ChannelStats) UnmarshalJSON(data []byte) error {
	type responseStats ResponseStats
	w := struct {
		Channel channel.Channel `json:"channel"`
		responseStats
	}{c.Channel, responseStats(c.ResponseStats)}
	if err := strictjson.Unmarshal(data, &w); err != nil {
		return err
	}
	*c = ChannelStats{Channel: w.Channel, ResponseStats: ResponseStats(w.responseStats)}
	return nil
}

// UnmarshalJSON decodes AccountStats strictly, as ResponseStats decodes.
func (a *AccountStats) UnmarshalJSON(data []byte) error {
	type responseStats ResponseStats
	w := struct {
		Channel channel.Channel `json:"channel"`
		Account string          `json:"account"`
		responseStats
	}{a.Channel, a.Account, responseStats(a.ResponseStats)}
	if err := strictjson.Unmarshal(data, &w); err != nil {
		return err
	}
	*a = AccountStats{Channel: w.Channel, Account: w.Account, ResponseStats: ResponseStats(w.responseStats)}
	return nil
}
