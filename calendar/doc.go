// Package calendar is a brand's content calendar: RFC 5545 recurrence,
// publishing routines, scheduled entries and their lifecycle, slots and
// queues, conflicts, blackouts, pause and resume, business hours, and
// export to iCalendar and to the CSV files of bulk-scheduling tools.
//
// Everything is a plain value and every function is pure: nothing reads
// the clock (every "now" is a parameter), nothing is stored, nothing runs
// in the background. The package is built to get time right, because the
// tools people use today do not: daily posts that drift by an hour after a
// DST change, times stored as fixed offsets, posts shown on the wrong day,
// paused posts that all go out at once when the pause lifts.
//
// # Time
//
// Every time.Time in the package carries its location, and that location
// must be an IANA zone (UTC counts): time.Local and fixed offsets are
// validation errors, because a plan must not depend on the machine that
// runs it and a fixed offset forgets the zone's DST rules. JSON writes an
// instant as its local wall time with the zone name beside it:
//
//	{"at":"2026-03-02T10:00:00","zone":"Europe/Madrid"}
//
// The offset is added to the wall time only when the wall time alone would
// name another instant (the second 01:30 of a fall-back night), so every
// value reads back to the same instant in the same zone.
//
// The types that write their own JSON (Entry, Routine, Recurrence,
// Milestone, Blackout, Window, Slot, ChannelRules, BusinessHours, Conflict,
// WallClockShift) also read it strictly, under any decoder, json.Unmarshal
// included: a key must be spelt exactly as written here ("at", never
// "At"), may appear once, and must be known; every problem comes back at
// once as a *validation.Error with its path. A document written by a newer
// tandem with a field this one does not know is refused, never half read.
//
// Wall times are turned into instants with [Date], which follows RFC 5545
// §3.3.5: a time in a DST gap is read with the offset before the gap
// (02:30 on a spring-forward night is 03:30), a time that occurs twice
// means its first occurrence. This holds in every zone, including those
// whose clocks move by 30 minutes (Australia/Lord_Howe), by 45-minute
// offsets (Pacific/Chatham), and at midnight (America/Santiago, where some
// days start at 01:00). Days are never 24 hours: "tomorrow" is a calendar
// day in the zone ([LocalDate.AddDays], time.AddDate), so a local day can
// be 23 or 25 hours long and a daily cap or a blackout day follows it.
//
// # Recurrence
//
// A [Recurrence] is a start instant in a named zone, an RFC 5545 [Rule]
// (FREQ, INTERVAL, COUNT, UNTIL, every BYxxx part, BYSETPOS, WKST) and
// exception and extra dates (EXDATE, RDATE). [ParseRule] reads the RRULE
// text, with or without the "RRULE:" prefix, and [Rule.String] prints it
// back. [Recurrence.Between] yields, in increasing order and in Start's
// location, every instance t with from <= t < to.
//
// Start is always the first instance and counts toward COUNT. A rule works
// on the wall clock of Start's zone: DAILY and longer rules keep their wall
// time across DST changes (10:00 Madrid stays 10:00 Madrid), and every wall
// time they generate is resolved with [Date] as above. A start written
// inside a gap ({"start":"2027-03-28T02:30:00","zone":"Europe/Madrid"})
// is its instant after the gap (03:30) and the rule repeats the wall time
// written (02:30 on the days that have it), as RFC 5545 computes every
// instance from DTSTART's local time ([Recurrence.StartInGap]). Dates
// that do not exist (February 30) are skipped. Every sequence ends: Between stops at
// the caller's window, and a rule that can never match (BYMONTH=2;
// BYMONTHDAY=30, FREQ=HOURLY;INTERVAL=24;BYHOUR=5 from 10:00, or
// FREQ=SECONDLY;BYSETPOS=2, whose one-second periods have no second
// instance) is reported by Validate and, whatever the rule, the engine
// gives up after a whole 400-year Gregorian cycle of empty periods.
// UNTIL must be written in UTC (with a Z) because the start has a zone, and
// COUNT and UNTIL exclude each other.
//
// [Recurrence.WallClockShifts] (and [Routine.WallClockShifts]) list the
// instances in a window whose wall time fell in a DST gap (the post moves
// later) or in a repeated hour (tandem takes the first occurrence; other
// readers of an exported file may take the second), so that a plan check
// can warn about them.
//
// Expanding costs a fixed setup (a few allocations) and then no allocation
// per instance: within one zone period an instant is its wall time minus
// the period's offset, and only wall times near a DST change go through
// Date. A weekly rule expands in about 11 ns per instance on a small
// server, faster than a loop of time.Date calls (internal/bench compares
// both with github.com/teambition/rrule-go).
//
// # Routines and entries
//
// A [Routine] is a community manager's publishing routine: a channel, a
// recurrence in a named zone, a content pillar and format, an owner and an
// active period (From, Until) that narrows the recurrence.
//
// An [Entry] is one publication: channel, instant, text, link, the
// campaign and routine it belongs to, owner, and a [Status].
//
// An owner is a team member, referred to by member ID
// (strategy.Member.ID), never by name, so that a member whose name is
// written differently keeps their routines; strategy.Strategy.Validate
// checks the ID against the plan's team. The .ics export prints owners by
// the names [ICSOptions.Names] gives. The lifecycle
// is enforced by [Entry.Transition]; a move the table does not allow
// returns a *[TransitionError] matching [ErrIllegalTransition] and leaves
// the entry unchanged:
//
//	draft     -> in_review, cancelled
//	in_review -> draft, approved, cancelled
//	approved  -> draft, scheduled, paused, cancelled
//	scheduled -> approved, published, failed, paused, cancelled
//	failed    -> scheduled, cancelled
//	paused    -> approved, scheduled, cancelled
//	published, cancelled: final
//
// A [Milestone] marks a dated point of the plan, at an instant or on a
// whole local day. A [Blackout] is a span in which nothing is published,
// on every channel or on some; [NewDayBlackout] builds one from local
// dates. A [Calendar] gathers routines, entries, milestones and blackouts
// and validates them together.
//
// # Approvals
//
// An [ApprovalPolicy] says who approves a post (or, in package community,
// a reply that holds phrases needing approval) before it goes out: steps
// in order, each with approvers by member ID and by role (roles are
// strategy.Role values, compared as plain strings since calendar cannot
// import strategy), [RequireAny] or [RequireAll] of them, and an optional
// expiry. [RequestApproval] starts an [Approval]; [Approval.Approve],
// [Approval.Reject] and [Approval.Expire] return a new value with one more
// [ApprovalEvent] on its audit trail (who, with which roles, which step,
// what, when, a note) and never change the receiver. The state (status,
// current step, deadline) is replayed from the trail, so a stored approval
// cannot contradict itself, and [Approval.Validate] replays a decoded
// one. Nobody approves their own work ([ErrSelfApproval]); other refusals
// are [ErrNotApprover], [ErrAlreadyApproved], [ErrStepExpired],
// [ErrNotExpired], [ErrAlreadyDecided] and [ErrApprovalEvent], wrapped
// with the actor, step and times.
//
// Expiry is elapsed time: a step's Expires counts from its request (the
// approval that completed the step before it, for later steps), so 48h
// asked for on the Saturday before a spring-forward night ends at a wall
// time one hour later on Monday. A step may be approved strictly before
// its deadline; [Approval.StatusAt] reports a pending approval past it as
// expired before Expire records it.
//
// An entry with an [Entry.Approval] moves to approved or scheduled only
// once the approval is approved, and to in_review only while it is
// pending; otherwise [Entry.Transition] returns an
// *[ApprovalRequiredError] matching [ErrApprovalRequired] and
// [ErrIllegalTransition]. Entries without an approval move as before.
//
// # Slots and queues
//
// [Slots] expands many routines over a [Window] into one time-ordered
// sequence of [Slot] values, leaving out the slots that blackouts skip
// (see Blackouts below). It merges lazily: each routine is expanded once,
// a small batch at a time, and a binary heap picks the earliest head, so
// the cost is O(n log r) for n slots of r routines, memory is O(r), and
// stopping early costs nothing more. A window that could hold more than
// [MaxSlots] slots is refused ([ErrTooManySlots]). Slots at the same
// instant come in a fixed order (channel, then routine ID), so the same
// input always gives the same sequence.
//
// [FillQueue] puts queued [Draft] posts into the next free slots of their
// channel, keeping every rule of [Rules]: one post per slot, the channel's
// minimum spacing, its daily cap counted in local days of the channel's
// zone, its allowed hours, and the blackouts. Posts already on the
// calendar count for every rule. It returns the scheduled entries and the
// drafts no slot could take.
//
// An entry marked [Evergreen] (a least gap in days between uses, a most
// number of uses, a last date) may be published again: [ReuseEvergreen]
// fills free slots with the evergreen posts the caller ranks best (by how
// they did), each reuse an entry whose ReuseOf names the original, within
// the same rules and never a near-duplicate of a post in the days around
// it, its own earlier uses included.
//
// # Blackouts
//
// A [Blackout] is a span in which nothing is published, on every channel
// or on some. One rule holds everywhere: a routine's slot inside a
// blackout that applies to its channel is skipped, and the skip is shown
// with the blackout. A slot is a promise of a post, not a post; a blackout
// exists so that nothing goes out; so a slot in one needs nobody's
// decision and is not published, rather than kept for someone to remove,
// and it stays visible so that nobody is surprised by the gap:
//
//   - [Slots] leaves skipped slots out, so [FillQueue], [Pause] and a
//     plan's capacity and frequency counts never fill or count them;
//     [SkippedSlots] yields them, each with the blackout that skips it
//     (the first, in the order given, that covers it).
//   - [WriteICS] writes an EXDATE for each skipped instance of a routine
//     (at the wall time its rule generated, in DTSTART's form, as RFC 5545
//     requires), and the blackout as an event of its own.
//   - [Conflicts] judges entries, not slots: an entry inside a blackout,
//     one that fills a skipped slot included, is an in_blackout conflict,
//     because a person placed it there and a person moves or cancels it;
//     tandem never moves or cancels an entry on its own.
//   - strategytest.CalendarText prints a skipped slot as "skip" with the
//     blackout's reason, and strategy.Verify reports skipped slots (rule
//     calendar.skipped, at info level), naming the blackout.
//
// [Calendar.Blackouts] are the blackouts of the file [WriteICS] writes,
// applied to its routines; [Rules.Blackouts] are the ones [Conflicts],
// [FillQueue] and [Pause] respect. They are the same values: a plan keeps
// one list and passes it to both (package strategy keeps it in
// Strategy.CalendarRules).
//
// # Conflicts
//
// [Conflicts] reports every rule a set of entries breaks: posts too close
// on one channel, over a daily cap, inside a blackout, outside a channel's
// allowed hours, and near-duplicate texts on one channel within
// [Rules.DuplicateDays]. Two texts are near-duplicates when their
// normalised forms ([NormalizeText]: lower case, links removed,
// punctuation and symbols dropped) are equal or the Jaccard similarity of
// their sets of adjacent word pairs reaches [Rules.DuplicateSimilarity]
// percent. Near-duplicates are reported once per group of posts linked by
// that relation within the window, naming every post of the group, so k
// copies of one text are one conflict, found in O(k). Spacing and caps are
// checked on each channel's entries sorted once, never pairwise; the
// report is sorted, so it is deterministic.
//
// # Pause and resume
//
// [Pause] holds back publishing on some channels during a window, as a
// pure function: it returns the new calendar and the list of [Change]
// values (entry before and after), which is the dry run a person
// approves. The [PausePolicy] says what happens to the held posts: skip
// (cancel them), resume at a bounded rate after the pause (at most
// RatePerHour posts an hour on each channel, counting the posts already
// there), or move each to the next free slot of the channel's routines.
// There is never a burst when the pause lifts. Every status change goes
// through [Entry.Transition] (scheduled -> paused -> scheduled or
// cancelled); a post that finds no place within the horizon stays paused.
// PausePolicy is plain data, so a crisis plan can carry it.
//
// # Business hours
//
// [BusinessHours] are weekly opening hours in an IANA zone (one or more
// [ClockRange] values per weekday) plus holidays. [BusinessHours.AddBusiness]
// adds open time to an instant (with Mon–Fri 09:00–17:00, Friday 16:45 plus
// 30 minutes is Monday 09:15) and [BusinessHours.BusinessBetween] measures
// open time between two instants. Opening and closing times are wall times
// resolved with [Date] on each day, so they are right on both sides of a
// DST change; a schedule without open hours is an error
// ([ErrNoBusinessTime]), never an endless loop. Neither walks day by day:
// whole weeks are counted arithmetically and only the days a holiday or a
// DST change touches are resolved in the zone, so a span of ten thousand
// years costs about as much as its holidays and DST changes. Instants
// outside the years 1 to 9999, a due time after 9999, and open time beyond
// a time.Duration are errors matching [ErrBusinessRange], never a wrapped
// value. The same type describes a channel's allowed posting hours in
// [ChannelRules].
//
// # Export
//
// [WriteICS] writes a [Calendar] as an RFC 5545 file: each routine as one
// recurring VEVENT (DTSTART with TZID, RRULE, EXDATE, RDATE, with the
// routine's active period folded into DTSTART, COUNT and UNTIL), entries,
// milestones and blackouts as VEVENTs, stable UIDs derived from the IDs,
// and DTSTAMP from the caller. A single instant whose wall time occurs
// twice is written in UTC, and so is every RDATE, because readers disagree
// on which occurrence a TZID means; [WallClockKind]'s classification
// (the one [Date] makes) decides. Each zone used gets a VTIMEZONE built from
// Go's own zone data: the observance in effect at the first time used,
// then one observance per transition (STANDARD or DAYLIGHT, with DTSTART
// in the local time before the change, TZOFFSETFROM and TZOFFSETTO), until
// ICSOptions.ZoneYears after the last dated element. Dates more than a
// year from the others get observances of their own, so the VTIMEZONE's
// size follows the dated elements, not the years between them. Explicit observances
// without RRULE describe 30-minute changes, midnight changes and changes
// of standard offset exactly, because nothing is assumed about the rules.
// TEXT values are escaped (backslash, semicolon, comma, line breaks as
// \n), lines are folded at 75 octets without splitting a UTF-8 sequence,
// and every line ends with CRLF, so hostile text cannot add a property.
// The tests read the output back with python-icalendar and
// recurring-ical-events and compare every routine's instances with
// [Routine.Between] over a year in six zones, and entries, milestones and
// blackouts at repeated and skipped wall times with their instants. One
// difference is known and cannot be encoded away: where a routine's own
// rule lands on a repeated wall time, the parser reads the second
// occurrence, where RFC 5545 (and tandem) take the first.
// [Routine.WallClockShifts] lists those instances.
//
// Each entry's event carries its post: SUMMARY names the channel, the
// accounts that publish it and its title or first line ([EntrySummary]:
// "LinkedIn @acme, @janeroe: Spring menu"), DESCRIPTION holds the text,
// title, first comment, attachments (with alt text) and each account's
// variant ([EntryDescription]), every attachment is an ATTACH with the
// file's URL (RFC 5545 §3.8.1.1; FMTTYPE=image/jpeg and the like only when
// the file's extension names a type of the attachment's kind), and every
// account is an X-TANDEM-ACCOUNT, as is a routine's. The tests read the
// accounts and attachments back with python-icalendar too.
//
// [WriteCSV] writes one account's entries for a bulk-scheduling tool, in
// the dialect [CSVOptions].Dialect names ([CSVDialect]):
//
//   - Hootsuite's bulk composer ([CSVHootsuite], the default): no header,
//     three columns, the local date-time in the account's zone ("DD/MM/YYYY
//     HH:MM", or month first), the message and the link; times on a
//     [CSVMinuteStep]-minute step, one post per written time.
//   - Sprout Social's bulk import ([CSVSprout]): the header row Sprout
//     documents, "date,time_24hr,message_text", matched case and all
//     ([CSVDialect.Header]); the local date and the 24-hour time in
//     columns of their own; the link inside the message, on a line of its
//     own, since Sprout has no link column; posts at least
//     [SproutMinSpacing] apart. The file names no profile: it is chosen in
//     Sprout at import.
//
// A file is for one account ([CSVOptions].Account): every row's entry
// must be published from it, and the row carries that account's post, its
// variant applied ([Entry.Post]). [GroupByAccount] splits entries into
// one file's worth per account (an entry with two accounts is in both
// files), and [GroupByChannel] per channel. Neither tool's documented
// columns carry a title, a first comment or media, so a post with any of
// them is refused unless [CSVOptions].OmitUnsupported says to leave them
// out. Rows are UTF-8, quoted by RFC 4180. The upload tool publishes
// exactly the text written, and no cell runs as a formula when a
// spreadsheet opens the file: a message that starts like a formula cannot
// be both, so it is refused unless the caller chooses a
// [CSVFormulaPolicy]. Everything is checked before anything is written
// ([CheckCSV]): the tools' upload rules (times at least [CSVMinLead] after
// the upload, at most [CSVMaxRows] rows, and each dialect's own), a local
// time that occurs twice (which the written time cannot tell apart), the
// channel's text limits on the message as written, and characters the
// file cannot carry exactly; each broken rule is a validation error naming
// the row and the field (rows[3].at, rows[3].media).
//
// # Tracked links
//
// [TagLink] adds a [LinkTags] value's UTM parameters (utm_source,
// utm_medium, utm_campaign, utm_content, utm_term) to an absolute http(s)
// URL, in that fixed order after the existing query, escaped as
// url.QueryEscape does; the existing query and the fragment are kept byte
// for byte. [ParseLinkTags] reads them back, and [UntagLink] removes them,
// so ParseLinkTags(TagLink(u, t)) is t and, for a link u without them,
// UntagLink(TagLink(u, t)) is u. A link that already carries the same tags
// is returned unchanged; one that carries any of them with another value
// is refused (a conflict at link[utm_source]), never overwritten. Problems
// are *validation.Error values. By tandem's convention
// ([EntryLinkTags]) utm_campaign is the campaign's ID and utm_content the
// entry's, so [LinkTags.EntryIDs] attributes a click to both; utm_source
// is the account's handle, or the network when the caller gives none.
//
// # Limits
//
// Every limit a caller can reach is an exported constant, and reaching it
// is an error or a validation problem, never a silent cut:
//
//   - Years: every instant a value holds lies within the years [MinYear]
//     to [MaxYear] (1 to 9999) in every zone, 0001-01-02 to 9999-12-30 in
//     UTC, so that it is written in JSON and .ics with four digits and
//     reads back; Validate refuses others (out_of_range). No recurrence
//     generates an instance in the year 10000 or later.
//   - Rules: INTERVAL is at most [MaxRulePart] (2^31−1), COUNT at most
//     [MaxCount] (10 million, as every COUNT is expanded from the start).
//     Validate refuses a COUNT the rule cannot reach before the year
//     10000, deciding by counting for a COUNT up to [MaxCountCheck].
//   - Slots: one call of [Slots] or [SkippedSlots] expands at most
//     [MaxSlots] (10 million) slots; a window that could hold more is
//     refused with [ErrTooManySlots], from a bound computed from the rules.
//     [WriteICS] refuses a routine whose blackout EXDATEs would be more.
//   - Export: [WriteICS] writes at most [MaxICSExDates] (1,000) EXDATEs
//     for a routine, one per slot its EXDATEs and blackouts remove, and
//     refuses a routine that needs more ([ErrTooManyExDates]). A VTIMEZONE
//     covers each dated element and [ICSOptions].ZoneYears (at most 100)
//     after the last, so its size follows the elements, not the years
//     between them. A CSV file has at most [CSVMaxRows] rows (350, what
//     Hootsuite and Sprout take in one upload).
//   - Links: a UTM tag value has at most [MaxTagLength] (100) characters,
//     what Google Analytics keeps of a parameter value.
//   - Evergreen: [Evergreen].MinGapDays is at most [MaxEvergreenGapDays]
//     (36,600, about a century).
//   - Posts: an entry is published from at most [MaxEntryAccounts] (100)
//     accounts and has at most as many variants; more is one too_long
//     problem, and [TagEntry] refuses such an entry.
//
// # Validation and errors
//
// Every type a caller fills in has a Validate method that returns nil or a
// *validation.Error listing every problem with its JSON path
// (routines[2].recurrence.rule.interval, entries[0].at, to). Functions
// that take such values validate them first and return the error instead
// of a result. Other errors are sentinels matched with errors.Is:
// [ErrIllegalTransition], [ErrNoBusinessTime], [ErrNegativeDuration],
// [ErrTooManySlots], [ErrTooManyExDates].
package calendar
