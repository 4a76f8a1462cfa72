package calendar

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/internal/civil"
	"github.com/tandemsocial/tandem/internal/member"
	"github.com/tandemsocial/tandem/validation"
)

// ICSOptions configure [WriteICS]. Every field is optional; the zero
// value, or a nil pointer, means the defaults.
type ICSOptions struct {
	// ProdID is the PRODID; empty means "-//tandem//calendar//EN".
	ProdID string
	// Domain is the right-hand side of every UID; empty means "tandem".
	Domain string
	// PostDuration is how long a post event lasts in calendar clients;
	// zero means 30 minutes.
	PostDuration Duration
	// ZoneYears is how many years after the later of the stamp and the
	// last dated element each VTIMEZONE covers, and how many years of a
	// routine's instances from its start; zero means 5.
	ZoneYears int
	// Names gives the team members' names by member ID, for the routines'
	// DESCRIPTION ("Owner: Ana García"); an owner without a name there is
	// written by ID. A name must be UTF-8 without control characters.
	// strategy.Strategy.MemberNames gives a plan's.
	Names map[uuid.UUID]string
}

func (o ICSOptions) validate() validation.ErrorList {
	var list validation.ErrorList
	if o.PostDuration < 0 {
		list = append(list, validation.OutOfRange(validation.NewPath("postDuration"), o.PostDuration.String(), "must not be negative"))
	}
	if o.ZoneYears < 0 || o.ZoneYears > 100 {
		list = append(list, validation.OutOfRange(validation.NewPath("zoneYears"), o.ZoneYears, "must be from 0 to 100"))
	}
	if !utf8.ValidString(o.Domain) || strings.ContainsFunc(o.Domain, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '@' }) {
		list = append(list, validation.Invalid(validation.NewPath("domain"), o.Domain, "must be a host name"))
	}
	if strings.ContainsFunc(o.ProdID, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		list = append(list, validation.Invalid(validation.NewPath("prodId"), o.ProdID, "must not hold control characters"))
	}
	return append(list, member.CheckNames(nil, o.Names)...)
}

// WriteICS writes cal as an RFC 5545 iCalendar file:
//
//   - each routine as one recurring VEVENT: DTSTART with TZID (the
//     routine's wall clock), RRULE, one EXDATE per instance removed (in
//     DTSTART's form, at the wall time the rule generated for it) and one
//     RDATE per extra instant (in UTC). The routine's active period is
//     folded into the rule: a later From moves DTSTART to the first
//     instance from From on (and lowers COUNT by the instances skipped),
//     an Until lowers COUNT or UNTIL. A routine left with no instance is
//     not written. Each of its slots that a blackout of cal skips gets an
//     EXDATE (at most [MaxICSExDates] per routine, or the export is
//     refused), so a reader that follows RFC 5545 expands it to exactly the
//     slots [Slots] gives for the routine and cal.Blackouts (Routine.Between
//     less the skipped slots). Where the routine's own rule lands in a DST
//     gap or repeated hour, readers differ (see Routine.WallClockShifts).
//   - each routine's account, when it names one, in its SUMMARY
//     ("Instagram @acme routine: …") and as X-TANDEM-ACCOUNT.
//   - each entry as a VEVENT lasting PostDuration: SUMMARY is the channel,
//     the accounts' handles and the title or the text's first line
//     ([EntrySummary]), DESCRIPTION the whole text, then the title, first
//     comment, attachments and each account's variant
//     ([EntryDescription]), URL the link, one ATTACH per attachment of
//     the entry and its variants (RFC 5545 §3.8.1.1: the file's URL, with
//     FMTTYPE when its extension names a media type tandem knows for the
//     attachment's kind, such as image/jpeg, video/mp4 or
//     application/pdf; without it otherwise), STATUS from the lifecycle
//     (cancelled: CANCELLED; draft, in review, paused: TENTATIVE; else
//     CONFIRMED), X-TANDEM-CHANNEL, one X-TANDEM-ACCOUNT per account the
//     entry names (none for the brand's only account, unnamed), and
//     X-TANDEM-STATUS.
//   - each milestone as a VEVENT (a DATE for an all-day one), each
//     blackout as a VEVENT from From to To.
//   - one VTIMEZONE per zone used, built from Go's zone data (see
//     "Export" in the package documentation).
//
// Readers do not all follow RFC 5545 on wall times that a DST change skips
// or repeats: ical.js, python-icalendar and libical read a repeated wall
// time (01:30 on New York's fall-back night) as its second occurrence,
// where RFC 5545 and tandem take the first. So single instants (entries,
// milestones, blackout ends) are written as local time with a TZID only
// when their wall time occurs once, and in UTC when it occurs twice,
// whichever occurrence they are; RDATEs are always in UTC (libical ignores
// TZID on RDATE); instants in UTC are written with a Z. Every reader then
// places them where tandem does. A routine's rule cannot be written so: its
// DTSTART must stay a wall time for the rule to keep the zone's wall clock,
// so where the rule's own wall time falls in a gap or a repeated hour no
// encoding satisfies every reader, and readers may place those instances
// elsewhere. [Routine.WallClockShifts] lists them, for a plan check to
// warn about.
//
// UIDs are derived from the IDs ("entry-<id>@tandem"), so they stay the
// same from one export to the next; a blackout, which has no ID, gets a
// name-based UUID of its content. Text is escaped, lines are folded at 75
// octets without splitting a UTF-8 sequence, and every line ends with
// CRLF. iCalendar has whole seconds; fractions are dropped.
//
// stamp is written as every component's DTSTAMP: when the file was made
// (tandem never reads the clock). opts may be nil.
//
// cal, stamp and opts are validated first (errors at "calendar.…",
// "stamp" and "options.…"); nothing is written when they are invalid. The
// file is written with one call to w.Write.
func WriteICS(w io.Writer, cal Calendar, stamp time.Time, opts *ICSOptions) error {
	var o ICSOptions
	if opts != nil {
		o = *opts
	}
	var list validation.ErrorList
	list = list.Merge(validation.NewPath("calendar"), cal.Validate())
	if stamp.IsZero() {
		list = append(list, validation.Required(validation.NewPath("stamp"), "DTSTAMP is required: when the file is made"))
	}
	list = list.Merge(validation.NewPath("options"), o.validate().Err())
	if err := list.Err(); err != nil {
		return err
	}
	if o.ProdID == "" {
		o.ProdID = "-//tandem//calendar//EN"
	}
	if o.Domain == "" {
		o.Domain = "tandem"
	}
	if o.PostDuration == 0 {
		o.PostDuration = Duration(30 * time.Minute)
	}
	if o.ZoneYears == 0 {
		o.ZoneYears = 5
	}
	// An entry's event must end within the years too.
	for i, e := range cal.Entries {
		if end := e.At.Add(o.PostDuration.Std()); !inYears(end) {
			list = append(list, yearsError(validation.NewPath("calendar").Child("entries").Index(i).Child("at"), end))
		}
	}
	if err := list.Err(); err != nil {
		return err
	}
	x := icsExport{opts: o, at: stamp, stamp: stamp.UTC().Format("20060102T150405Z"), zones: map[string]*zoneSpan{}}

	// The routines written, each with its encoding: a routine with no
	// instance is left out.
	var routines []Routine
	var encoded []icsRoutine
	for i, r := range cal.Routines {
		if err := r.icsBound(cal.Blackouts); err != nil {
			return fmt.Errorf("calendar: routines[%d]: %w", i, err)
		}
	}
	for i, r := range cal.Routines {
		ir, ok, err := r.ics(cal.Blackouts)
		if err != nil {
			return fmt.Errorf("calendar: routines[%d]: %w", i, err)
		}
		if ok {
			routines = append(routines, r)
			encoded = append(encoded, ir)
			// The rule's instances run on: its first ZoneYears (or up
			// to its UNTIL), and its UNTIL.
			reach := ir.start.AddDate(o.ZoneYears, 0, 0)
			if !ir.rule.Until.IsZero() {
				reach = earlier(reach, ir.rule.Until)
				x.use(ir.rule.Until.In(ir.start.Location()), ir.rule.Until)
			}
			x.use(ir.start, ir.start)
			x.cover(ir.start, reach)
			for _, t := range ir.exdates {
				x.use(t, t)
			}
		}
	}
	for _, e := range cal.Entries {
		x.use(e.At, e.At.Add(o.PostDuration.Std()))
	}
	for _, m := range cal.Milestones {
		x.use(m.At, m.At)
	}
	for _, b := range cal.Blackouts {
		x.use(b.From, b.To)
	}

	iw := &x.w
	iw.line("BEGIN", "VCALENDAR")
	iw.line("VERSION", "2.0")
	iw.text("PRODID", o.ProdID)
	iw.line("CALSCALE", "GREGORIAN")
	iw.line("METHOD", "PUBLISH")
	if cal.Name != "" {
		iw.text("X-WR-CALNAME", cal.Name)
	}
	x.writeZones()
	for i, ir := range encoded {
		x.writeRoutine(routines[i], ir)
	}
	for _, e := range cal.Entries {
		x.writeEntry(e)
	}
	for _, m := range cal.Milestones {
		x.writeMilestone(m)
	}
	for _, b := range cal.Blackouts {
		x.writeBlackout(b)
	}
	iw.line("END", "VCALENDAR")
	_, err := w.Write(iw.buf.Bytes())
	return err
}

// icsExport is one WriteICS run.
type icsExport struct {
	opts  ICSOptions
	at    time.Time // the stamp
	stamp string    // the stamp as written
	zones map[string]*zoneSpan
	w     icsWriter
}

// zoneSpan is a zone used by the file and the spans of instants its
// VTIMEZONE must cover.
type zoneSpan struct {
	loc   *time.Location
	spans []Window
	last  time.Time // the latest instant used
}

// use records that a time in t's zone appears, reaching until end.
func (x *icsExport) use(t, end time.Time) {
	if z := x.cover(t, end); z != nil {
		z.last = later(z.last, later(t, end))
	}
}

// cover records that the VTIMEZONE of t's zone must cover t to end, and
// returns the zone's record (nil for UTC, which needs none).
func (x *icsExport) cover(t, end time.Time) *zoneSpan {
	name := t.Location().String() // validated by WriteICS
	if name == "UTC" {
		return nil
	}
	end = later(t, end)
	z, ok := x.zones[name]
	if !ok {
		z = &zoneSpan{loc: t.Location(), last: end}
		x.zones[name] = z
	}
	z.spans = append(z.spans, Window{From: t.AddDate(0, 0, -1), To: end})
	return z
}

// zoneGapMerge is the widest gap between two spans of a zone that its
// VTIMEZONE covers anyway: a calendar whose dates are never a year apart
// gets one run of observances, as a reader expects; a date centuries away
// from the others adds its own few observances, not the centuries between.
const zoneGapMerge = 366 * 24 * time.Hour

// writeZones writes one VTIMEZONE per zone used, covering each span used
// and ZoneYears after the later of the stamp and the last instant used,
// within the years MinYear to MaxYear. Spans less than a year apart are
// covered as one; so the observances written are bounded by the number of
// dated elements (and ZoneYears), whatever the years between them.
func (x *icsExport) writeZones() {
	names := make([]string, 0, len(x.zones))
	for n := range x.zones {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		z := x.zones[n]
		tail := later(z.last, x.at)
		spans := append(z.spans, Window{From: tail, To: tail.AddDate(x.opts.ZoneYears, 0, 0)})
		slices.SortFunc(spans, func(a, b Window) int { return a.From.Compare(b.From) })
		merged := spans[:0]
		for _, s := range spans {
			s.From, s.To = later(s.From, minInstant), earlier(s.To, maxInstant)
			if !s.From.Before(s.To) {
				continue
			}
			if k := len(merged); k > 0 && !s.From.After(merged[k-1].To.Add(zoneGapMerge)) {
				merged[k-1].To = later(merged[k-1].To, s.To)
				continue
			}
			merged = append(merged, s)
		}
		x.w.writeVTimezone(z.loc, merged)
	}
}

func (x *icsExport) uid(kind string, id uuid.UUID) string {
	return kind + "-" + id.String() + "@" + x.opts.Domain
}

// instant writes a DATE-TIME property holding a single instant, in the
// form icsInstant chooses.
func (x *icsExport) instant(name string, t time.Time) {
	v, params := icsInstant(t)
	x.w.line(name, v, params...)
}

// wall writes a DATE-TIME property holding a wall time of a routine's
// rule, in loc, in the form icsWall chooses.
func (x *icsExport) wall(name string, wall int64, loc *time.Location) {
	v, params := icsWall(wall, loc)
	x.w.line(name, v, params...)
}

func (x *icsExport) begin(uid string) {
	x.w.line("BEGIN", "VEVENT")
	x.w.line("UID", uid)
	x.w.line("DTSTAMP", x.stamp)
}

func (x *icsExport) writeRoutine(r Routine, ir icsRoutine) {
	x.begin(x.uid("routine", r.ID))
	loc := r.Location()
	if ir.rule.IsZero() {
		x.instant("DTSTART", ir.start)
	} else {
		x.wall("DTSTART", ir.startWall, loc)
	}
	x.w.line("DURATION", icsDuration(x.opts.PostDuration.Std()))
	if !ir.rule.IsZero() {
		x.w.line("RRULE", ir.rule.String())
	}
	for _, w := range ir.exWalls {
		x.wall("EXDATE", w, loc)
	}
	for _, t := range ir.rdates {
		x.w.line("RDATE", icsUTC(t))
	}
	summary := r.Channel.Name() + " routine"
	if r.Account != "" {
		summary = r.Channel.Name() + " @" + strings.TrimPrefix(r.Account, "@") + " routine"
	}
	if r.Pillar != "" {
		summary += ": " + r.Pillar
	}
	x.w.text("SUMMARY", summary)
	var desc []string
	for _, kv := range [][2]string{{"Pillar", r.Pillar}, {"Format", r.Format}, {"Owner", member.Name(x.opts.Names, r.Owner)}} {
		if kv[1] != "" {
			desc = append(desc, kv[0]+": "+kv[1])
		}
	}
	if len(desc) > 0 {
		x.w.text("DESCRIPTION", strings.Join(desc, "\n"))
	}
	x.w.text("X-TANDEM-CHANNEL", string(r.Channel))
	if r.Account != "" {
		x.w.text("X-TANDEM-ACCOUNT", strings.TrimPrefix(r.Account, "@"))
	}
	x.w.line("END", "VEVENT")
}

func (x *icsExport) writeEntry(e Entry) {
	x.begin(x.uid("entry", e.ID))
	x.instant("DTSTART", e.At)
	x.w.line("DURATION", icsDuration(x.opts.PostDuration.Std()))
	x.w.text("SUMMARY", EntrySummary(e))
	if d := EntryDescription(e); d != "" {
		x.w.text("DESCRIPTION", d)
	}
	if e.Link != "" {
		x.w.line("URL", e.Link)
	}
	for _, m := range entryAttachments(e) {
		if t := mediaType(m); t != "" {
			x.w.line("ATTACH", m.URL, "FMTTYPE="+t)
		} else {
			x.w.line("ATTACH", m.URL)
		}
	}
	switch e.Status {
	case StatusCancelled:
		x.w.line("STATUS", "CANCELLED")
	case StatusDraft, StatusInReview, StatusPaused:
		x.w.line("STATUS", "TENTATIVE")
	default:
		x.w.line("STATUS", "CONFIRMED")
	}
	x.w.text("X-TANDEM-CHANNEL", string(e.Channel))
	for _, h := range e.Accounts {
		x.w.text("X-TANDEM-ACCOUNT", strings.TrimPrefix(h, "@"))
	}
	x.w.text("X-TANDEM-STATUS", string(e.Status))
	x.w.line("END", "VEVENT")
}

func (x *icsExport) writeMilestone(m Milestone) {
	x.begin(x.uid("milestone", m.ID))
	if m.AllDay {
		x.w.line("DTSTART", m.Day().compact(), "VALUE=DATE")
	} else {
		x.instant("DTSTART", m.At)
	}
	x.w.text("SUMMARY", m.Name)
	x.w.line("TRANSP", "TRANSPARENT")
	x.w.text("X-TANDEM-KIND", "milestone")
	x.w.line("END", "VEVENT")
}

func (x *icsExport) writeBlackout(b Blackout) {
	key := b.From.UTC().Format(time.RFC3339Nano) + "|" + b.To.UTC().Format(time.RFC3339Nano) + "|" + b.Reason
	for _, c := range b.Channels {
		key += "|" + string(c)
	}
	x.begin(x.uid("blackout", uuid.NewSHA1(uuid.NameSpaceOID, []byte(key))))
	x.instant("DTSTART", b.From)
	x.instant("DTEND", b.To.In(b.From.Location()))
	x.w.text("SUMMARY", "Blackout: "+b.Reason)
	x.w.text("X-TANDEM-KIND", "blackout")
	x.w.line("END", "VEVENT")
}

// compact writes d as 20060102, the iCalendar DATE form.
func (d LocalDate) compact() string { return strings.ReplaceAll(d.String(), "-", "") }

// icsRoutine is a routine's recurrence with its active period folded in.
type icsRoutine struct {
	// start is DTSTART, the routine's first instance. With a rule it is
	// written as startWall, the wall time the rule generated for it
	// (02:30 for an instance a DST gap moved to 03:30), so that the rule
	// keeps its wall clock; without one it is a single instant.
	start     time.Time
	startWall int64
	rule      Rule
	// exdates are the instances excluded, in order, and exWalls the wall
	// times the rule generated for them: EXDATE takes DTSTART's form.
	exdates []time.Time
	exWalls []int64
	// rdates are the extra instants that no EXDATE removes, in order,
	// written in UTC.
	rdates []time.Time
}

// icsBound returns an error matching ErrTooManySlots when encoding the
// routine would expand more than MaxSlots instances: those the blackouts
// cover (each is an EXDATE), and those a COUNT must be lowered by when the
// active period cuts the rule.
func (r Routine) icsBound(blackouts []Blackout) error {
	var mine []Blackout
	for _, b := range blackouts {
		if b.Applies(r.Channel) {
			mine = append(mine, b)
		}
	}
	spans := blackoutSpans(mine, Window{From: minInstant, To: maxInstant})
	if err := checkSlotBound([]Routine{r}, spans); err != nil {
		return err
	}
	if r.Recurrence.Rule.Count == 0 {
		return nil
	}
	end := r.From
	if r.Until.After(end) {
		end = r.Until
	}
	whole := r
	whole.From, whole.Until = time.Time{}, time.Time{}
	return checkSlotBound([]Routine{whole}, []Window{{From: r.Recurrence.Start, To: end}})
}

// ics folds the routine's active period and the blackouts into its
// recurrence, so that a reader expanding DTSTART, RRULE, EXDATE and RDATE
// as RFC 5545 says gets exactly the routine's slots that no blackout skips
// (Slots with these blackouts). It reports false when none is left.
//
// Every instance removed (by an EXDATE of the routine, or by a blackout
// that applies to its channel) is written as an EXDATE at the wall time
// the rule generated for it, in DTSTART's form, so that a reader that
// resolves a wall time otherwise than RFC 5545 (a repeated one as its
// second occurrence) resolves both alike and still matches them. An
// EXDATE that removes no instance of the rule is left out, and so is an
// RDATE that is removed. RDATEs are single instants, written in UTC. A
// routine without a rule is a set of single instants: the first left is
// DTSTART, the others RDATEs.
//
// A routine that would need more than MaxICSExDates EXDATEs is an error
// matching ErrTooManyExDates.
func (r Routine) ics(blackouts []Blackout) (icsRoutine, bool, error) {
	rec := r.Recurrence
	inActive := func(t time.Time) bool {
		return (r.From.IsZero() || !t.Before(r.From)) && (r.Until.IsZero() || t.Before(r.Until))
	}
	blackedOut := func(t time.Time) bool {
		return slices.ContainsFunc(blackouts, func(b Blackout) bool { return b.Covers(r.Channel, t) })
	}
	// removed are the instants an EXDATE or a blackout takes out.
	var removed []time.Time
	for _, t := range rec.ExDates {
		if inActive(t) {
			removed = append(removed, t)
		}
	}
	var out icsRoutine
	keep := func(t time.Time) bool {
		return inActive(t) && !blackedOut(t) && !slices.ContainsFunc(removed, t.Equal)
	}
	for _, t := range rec.RDates {
		if keep(t) {
			out.rdates = append(out.rdates, t)
		}
	}
	slices.SortFunc(out.rdates, time.Time.Compare)
	out.rdates = slices.CompactFunc(out.rdates, time.Time.Equal)

	if rec.Rule.IsZero() {
		if keep(rec.Start) {
			out.rdates = slices.Insert(out.rdates, 0, rec.Start)
			out.rdates = slices.CompactFunc(out.rdates, time.Time.Equal)
		}
		if len(out.rdates) == 0 {
			return icsRoutine{}, false, nil
		}
		out.start, out.rdates = out.rdates[0], out.rdates[1:]
		return out, true, nil
	}

	// base is the rule alone: its instances are the ones whose wall
	// times matter.
	base := Recurrence{Start: rec.Start, StartInGap: rec.StartInGap, Rule: rec.Rule}
	start, rule := rec.Start, rec.Rule
	// hasRule: the rule (with DTSTART) still yields an instance.
	hasRule := true
	if !r.From.IsZero() && r.From.After(start) {
		if first, ok := base.Next(r.From.Add(-time.Nanosecond)); ok {
			if rule.Count > 0 {
				skipped := 0
				for range base.Between(start, first) {
					skipped++
				}
				rule.Count -= skipped
			}
			start = first
		} else {
			hasRule = false
		}
	}
	if hasRule && !r.Until.IsZero() {
		switch {
		case !start.Before(r.Until):
			hasRule = false
		case rule.Count > 0:
			n := 0
			for range base.Between(start, r.Until) {
				n++
			}
			rule.Count = min(rule.Count, n)
		default:
			last := r.Until.Add(-time.Nanosecond).Truncate(time.Second).UTC()
			if rule.Until.IsZero() || rule.Until.After(last) {
				rule.Until = last
			}
		}
	}
	if !hasRule {
		// Only the extra dates remain: the first becomes DTSTART.
		if len(out.rdates) == 0 {
			return icsRoutine{}, false, nil
		}
		out.start, out.rdates = out.rdates[0], out.rdates[1:]
		return out, true, nil
	}
	out.start, out.rule = start, rule
	out.startWall, _ = base.wallAt(start)

	// The routine's instances that a blackout covers, with their wall
	// times; an RDATE among them was left out above.
	type exclusion struct {
		t    time.Time
		wall int64
	}
	var ex []exclusion
	for _, b := range blackouts {
		if !b.Applies(r.Channel) {
			continue
		}
		from, to := b.From, b.To
		if !r.From.IsZero() && r.From.After(from) {
			from = r.From
		}
		if !r.Until.IsZero() && r.Until.Before(to) {
			to = r.Until
		}
		n := 0
		rec.eachWall(from, to, func(t time.Time, wall int64, _ civil.Kind, fromRule bool) bool {
			if fromRule {
				ex = append(ex, exclusion{t, wall})
				n++
			}
			// One blackout's instances are distinct: past the cap, the
			// export is refused whatever the others add.
			return n <= MaxICSExDates
		})
		if n > MaxICSExDates {
			return icsRoutine{}, false, tooManyExDates(r, n)
		}
	}
	for _, t := range removed {
		if w, ok := base.wallAt(t); ok && !t.Before(start) {
			ex = append(ex, exclusion{t, w})
		}
	}
	slices.SortFunc(ex, func(a, b exclusion) int { return a.t.Compare(b.t) })
	ex = slices.CompactFunc(ex, func(a, b exclusion) bool { return a.t.Equal(b.t) })
	if len(ex) > MaxICSExDates {
		return icsRoutine{}, false, tooManyExDates(r, len(ex))
	}
	for _, e := range ex {
		out.exdates = append(out.exdates, e.t)
		out.exWalls = append(out.exWalls, e.wall)
	}
	return out, true, nil
}

// MaxICSExDates is the most EXDATEs [WriteICS] writes for one routine:
// the slots its own EXDATEs and the blackouts remove. RFC 5545 has no
// "except between" for a recurrence, so each removed slot is a line of its
// own, and a frequent routine under a long blackout (an hourly one over a
// month: 720) would otherwise make a file far larger than the plan. A
// routine that needs more is refused with [ErrTooManyExDates]: end it
// before the blackout (Until) and start another after it, or pause it.
const MaxICSExDates = 1000

// ErrTooManyExDates is the error [WriteICS] returns (wrapped, naming the
// routine) when a routine would need more than [MaxICSExDates] EXDATEs.
var ErrTooManyExDates = errors.New("calendar: more EXDATEs than MaxICSExDates")

func tooManyExDates(r Routine, n int) error {
	return fmt.Errorf("%w: its blackouts and EXDATEs remove at least %d of its slots", ErrTooManyExDates, n)
}

// wallAt returns the wall time (seconds, read as UTC) that made t an
// instance of r, and false when t is not one.
func (r Recurrence) wallAt(t time.Time) (wall int64, ok bool) {
	r.eachWall(t, t.Add(time.Nanosecond), func(x time.Time, w int64, _ civil.Kind, fromRule bool) bool {
		wall, ok = w, fromRule && x.Equal(t)
		return false
	})
	return wall, ok
}
