package crisis

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/member"
)

// report builds the report as of end. It always returns one; on error it
// holds what could be built.
func (dr *drill) report(end time.Time) (*DrillReport, error) {
	rep := &DrillReport{Alerts: dr.seen, End: end, Names: dr.names}
	for _, ru := range dr.incs {
		rep.Incidents = append(rep.Incidents, *ru.inc)
	}
	loc, err := time.LoadLocation(dr.p.Zone)
	if err != nil {
		return rep, err
	}
	rep.End = end.In(loc)
	var tl []Entry
	for i, a := range rep.Alerts {
		tl = append(tl, Entry{At: a.At, Incident: dr.alertOf[i], Kind: EntryAlert, Level: a.Level, Detail: evidenceText(a)})
	}
	for n, inc := range rep.Incidents {
		num := n + 1
		tl = append(tl, Entry{At: inc.Opened, Incident: num, Kind: EntryOpen, Level: inc.Level})
		for _, e := range inc.Events {
			en := Entry{At: e.At, Incident: num, Kind: EntryKind(e.Kind), Level: e.Level}
			if e.By != uuid.Nil {
				en.Who = []uuid.UUID{e.By}
			}
			switch {
			case e.Channel != "":
				en.Detail = strings.TrimSpace(string(e.Channel) + " " + handleText(e.Account))
			case e.Step != "":
				en.Detail = e.Step
			case e.Kind == EventEscalate && strings.HasPrefix(e.Note, "alert: "):
				en.Detail = e.Note
			}
			tl = append(tl, en)
		}
		items, err := inc.Timeline(dr.p, end)
		if err != nil {
			return rep, fmt.Errorf("crisis: drill incident %d: %w", num, err)
		}
		for _, it := range items {
			en := Entry{At: it.At, Incident: num, Kind: EntryKind(it.Kind), Level: it.Level, Status: it.Status}
			switch it.Kind {
			case ItemNotify:
				if it.Status != StatusNotified {
					continue
				}
				en.Who = it.Notify
			case ItemPause:
				en.Detail = fmt.Sprintf("%s until %s, then %s", joinPaused(it.Channels, it.Accounts), it.Until.In(loc).Format("2006-01-02 15:04"), it.Policy.Resume)
			default:
				if it.Status == StatusCancelled {
					continue
				}
				switch {
				case it.Channel != "":
					en.Detail = strings.TrimSpace(string(it.Channel) + " " + handleText(it.Account))
				case it.Name != "":
					en.Detail = it.Name
					en.Who = []uuid.UUID{it.Owner}
				}
				if !it.Done.IsZero() {
					en.Detail = strings.TrimSpace(en.Detail + " done " + it.Done.In(loc).Format("15:04"))
				}
			}
			tl = append(tl, en)
		}
	}
	tl = append(tl, dr.refused...)
	for i := range tl {
		tl[i].At = tl[i].At.In(loc)
	}
	rank := func(k EntryKind) int { return slices.Index(entryKinds, k) }
	slices.SortStableFunc(tl, func(a, b Entry) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if a.Incident != b.Incident {
			return a.Incident - b.Incident
		}
		return rank(a.Kind) - rank(b.Kind)
	})
	rep.Timeline = tl
	return rep, nil
}

// joinPaused lists what a pause holds: "x, linkedin @janeroe".
func joinPaused(cs []channel.Channel, as []channel.AccountRef) string {
	names := make([]string, 0, len(cs)+len(as))
	for _, c := range cs {
		names = append(names, string(c))
	}
	for _, a := range as {
		names = append(names, string(a.Channel)+" "+handleText(a.Handle))
	}
	return strings.Join(names, ", ")
}

// handleText writes a handle with its "@", and nothing for none.
func handleText(handle string) string {
	if handle == "" {
		return ""
	}
	return "@" + handle
}

func evidenceText(a Alert) string {
	var parts []string
	for _, e := range a.Evidence {
		s := fmt.Sprintf("%s %s≥%s", e.Trigger, e.Observed, e.Threshold)
		if !e.Fired {
			s = fmt.Sprintf("(%s %s of %s)", e.Trigger, e.Observed, e.Threshold)
		}
		parts = append(parts, s)
	}
	text := strings.Join(parts, "; ")
	if a.Uncertain {
		text += "; uncertain, took the higher level"
	}
	return text
}

// Missed returns the deadlines that were missed, met late or are overdue at
// the end of the drill.
func (r *DrillReport) Missed() []Entry {
	var out []Entry
	for _, e := range r.Timeline {
		if e.Status == StatusMissed || e.Status == StatusLate || e.Status == StatusOverdue {
			out = append(out, e)
		}
	}
	return out
}

// Refused returns the scripted responses that the incidents refused when
// they came due ([EntryRefused]), in order. Detail says which response and
// why.
func (r *DrillReport) Refused() []Entry {
	var out []Entry
	for _, e := range r.Timeline {
		if e.Kind == EntryRefused {
			out = append(out, e)
		}
	}
	return out
}

// Name returns the name r.Names gives the team member id, or the ID itself
// when it gives none.
func (r *DrillReport) Name(id uuid.UUID) string { return member.Name(r.Names, id) }

// Notified returns when the team member who (a member ID) was notified.
func (r *DrillReport) Notified(who uuid.UUID) []time.Time {
	var out []time.Time
	for _, e := range r.Timeline {
		if e.Kind == EntryNotify && slices.Contains(e.Who, who) {
			out = append(out, e.At)
		}
	}
	return out
}

// String prints the timeline, one entry per line, with times on the plan's
// wall clock and people by their names in r.Names (by member ID where it
// has none):
//
//	2026-01-06 16:25 CET  #1 alert       high      volume-spike 390≥360
//	2026-01-06 16:37 CET  #1 acknowledge           eva
func (r *DrillReport) String() string {
	var b strings.Builder
	for _, e := range r.Timeline {
		line := fmt.Sprintf("%s  #%d %-14s %-9s", e.At.Format("2006-01-02 15:04 MST"), e.Incident, e.Kind, e.Level)
		var rest []string
		if e.Status != "" {
			rest = append(rest, string(e.Status))
		}
		if len(e.Who) > 0 {
			rest = append(rest, member.Join(r.Names, e.Who, ", "))
		}
		if e.Detail != "" {
			rest = append(rest, e.Detail)
		}
		b.WriteString(strings.TrimRight(line+" "+strings.Join(rest, " · "), " "))
		b.WriteByte('\n')
	}
	return b.String()
}
