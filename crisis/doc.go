// Package crisis is a brand's crisis plan as plain values, and the pure
// functions that detect a crisis in listening data, run the incident through
// the plan, pause the publishing calendar, drill the plan before it is needed
// and review it afterwards.
//
// A crisis plan is written before it is needed, so that when negative
// comments pile up the brand answers fast and in one voice. Listening tools
// only send alerts; this package ties the alert to a severity ladder, an
// escalation chain, pre-approved statements and a pause of the calendar.
// Nothing here reads the clock, stores anything or talks to a network:
// every instant is a parameter, and every value round-trips through JSON.
//
// Decoding is strict, through plain encoding/json too, as in the rest of
// tandem: the types that hold a decimal ([Trigger], [Detection],
// [Evidence]) and the detector's state read each key exactly as its JSON
// name, once, and refuse a decimal beyond validation's bounds (see
// Limits) from its text, before decimal's decoder runs; every problem is
// reported at once in a *validation.Error with its path.
//
// # The plan
//
// A [Plan] names its active channels and a ladder of [Level] values, from
// the least to the most severe, in strictly increasing [Level.Rank] (the
// names are the plan's: "low … critical" or "SEV-4 … SEV-1"). Each level
// says what it means, who handles it, the first-response target, an
// [Escalation] policy (ordered steps, each notifying people after a delay,
// zero for a page at once, repeated while nobody acknowledges), an approver
// and a different backup approver, pre-approved holding [Statement]s (at
// least one per active channel, checked against the channel's limits with
// [channel.Limits.CheckText]), whether scheduled publishing pauses and how it
// resumes ([Pause], with the calendar's resume policies), the [PlaybookStep]
// values with owners and deadlines, and when the post-crisis review is due
// ([ReviewRule]).
//
// [Plan.Validate] reports every problem at once with JSON paths: duplicate or
// unordered levels, a level without a first-response target, a handler or
// two distinct approvers, an escalation step that notifies nobody or someone
// twice, an active channel without a holding statement, a statement over its
// channel's limit, two statements for one account, negative escalation
// delays, non-positive deadlines, windows or thresholds, a trigger pointing
// at an unknown level.
//
// # Accounts
//
// A brand may speak from several accounts on one network: a company page
// and its founder's profile. A [Statement] may name the account that
// publishes it ([Statement.Account], a handle on its channel, written
// without "@" and compared without regard to case); a level may then hold
// one statement per account on a channel, and one that names none for the
// network as a whole. [Level.StatementFor] finds an account's statement
// (its own, else the network's), [Level.Statement] the network's (or the
// only statement there, the brand's only account's). A publish [Event]
// names the account it was published from ([Event.Account]), and the
// timeline lists one statement item per statement. A [Pause] may hold back
// some accounts only ([Pause.Accounts]) rather than whole channels
// ([Pause.Channels]). A plan with one account per network names no account
// anywhere and reads as before. The plan checks the form of the accounts
// (a handle, a network of the plan, no repeats); whether they are the
// brand's is checked by strategy.Strategy.Validate, which knows them.
//
// # People
//
// Every person the package names (a level's handler and approvers, the
// people an escalation step notifies, a playbook step's owner, who acted on
// an event or a scripted response) is a team member, referred to by the
// member's ID: the uuid.UUID of strategy.Member.ID. A name would drift: a
// member who changes how their name is written would silently drop out of
// the ladder. A plan written as Go code derives its members' IDs with
// strategy.IDSpace, so they are the same on every run.
//
// The crisis plan does not hold the team, so [Plan.Validate] checks only
// that each person is given (not the nil ID) and that a notify list names
// nobody twice; strategy.Strategy.Validate checks every ID against the
// plan's team. Names are for printing: [DrillOptions.Names] maps IDs to
// names for the drill's printed timeline and the reasons of refused
// responses, and whoever has no name there is printed by ID.
//
// # Triggers
//
// A [Trigger] maps signals to a level. Its [TriggerKind] says what it
// watches: mention volume against its own baseline (the last hour against
// the previous twelve: [TriggerVolume]; or a moving mean plus K standard
// deviations: [TriggerDeviation]), the share of negative mentions
// ([TriggerNegativeShare]), keyword matches ([TriggerKeyword]), an author with
// a large audience ([TriggerReach]) and absolute counts ([TriggerAbsolute]).
// Each has a confirmation window (the condition must hold bucket after bucket
// that long) and a cooldown (the least time between two firings).
//
// Keyword triggers count mentions that name the brand together with a risky
// word ([Keywords]). The detector does not see texts: the caller counts the
// matching mentions per bucket (with [Keywords.Match] or its own matcher) and
// passes the count in [Signal.KeywordHits]. That keeps the detector free of
// text processing and of allocation.
//
// # Detection
//
// A [Detector] reads time-bucketed [Signal] values (instant, channel,
// mentions, negative, positive, reach, keyword hits) in order, one signal per
// channel and bucket, and returns [Alert] values with their [Evidence]: the
// trigger, the baseline, the observed value and the threshold. A bucket is
// judged when it closes, that is when a signal for a later bucket arrives or
// [Detector.Advance] moves past it; a bucket without a signal for a channel
// counts as zero mentions on it. [Detector.ObserveBatch] takes a slice of
// signals at once (a backlog after a restart, a recorded series) with the
// same result as [Detector.Observe] on each.
//
// Buckets are judged the same whether they close one at a time or many at
// once. The one difference is a restart: when a single Observe or Advance
// closes the bucket being filled and more than [Detector.Horizon] of empty
// buckets after it, the detector judges those within the horizon as
// usual, skips the rest (every window is empty there, so no trigger can
// hold), and starts afresh: its windows and moving baselines are emptied
// and warm up again from the bucket it fills next, and cooldowns are kept.
// Closing the same buckets over several calls judges the same buckets but
// does not start afresh, so only triggers that warm up (volume, deviation)
// can tell the two apart.
//
// A trigger judges a bucket once it can. A volume trigger waits until
// Window + Baseline of buckets have closed (since the first signal, or
// since the detector last started afresh), a deviation trigger until Span
// of buckets have gone into its moving mean; the others (negative share,
// keyword, absolute, reach) judge from the first bucket, over the part of
// their window seen so far. A trigger without a channel reads every
// network the signals come from, whether or not the plan lists it.
//
// A trigger's run is the buckets in a row in which its condition holds.
// It fires at the bucket that completes Confirm (at once when Confirm is
// a bucket or less), then again at each bucket of the same run that is at
// least Cooldown after its last firing, without confirming again: the
// cooldown is rounded up to whole buckets and counted between the starts
// of the two buckets, and the evidence's Since stays the start of the run.
// Alert times (At, the end of the bucket judged, and Since) are on the
// plan's Zone.
//
// When several triggers fire in a bucket, the highest level wins. When the
// classification is uncertain, the higher level wins too, and "uncertain"
// is concrete: a trigger of a higher level than any that fired is uncertain
// when its observed value is within [Detection.Margin] of its threshold
// (observed ≥ threshold·(1 − margin)) while it can judge the bucket (warmed
// up, enough mentions). Such near misses appear in the alert's evidence
// with Fired false, and the alert is marked [Alert.Uncertain].
//
// Every threshold is decided exactly, never in floating point: counts are
// integers and thresholds are the plan's decimals, so a negative share of
// 0.07 fires on 7 negative mentions of 100, a volume ratio of 1.1 on 110
// against 100, at any number of decimal places. A deviation trigger keeps
// its moving mean and variance in fixed point (see [Trigger.Span]) and
// decides on them exactly too. The evidence is computed from the numbers
// the detector decided with: its observed value is at or over its
// threshold exactly when the trigger's condition held.
//
// The detector does constant work and no allocation per signal: its ring
// buffers are sized from the plan when it is built, and it allocates only
// to build an alert, appended to a slice the caller passes. A signal that is
// out of order ([ErrOutOfOrder]), a duplicate ([ErrDuplicate]), not aligned
// to a bucket ([ErrMisaligned]) or impossible ([ErrInvalidSignal]) is an
// error and leaves the state unchanged. The state saves and restores with
// encoding/json ([Detector.MarshalJSON], [Detector.UnmarshalJSON]): a
// detector restored into one built from the same plan continues exactly as
// if it had never stopped.
//
// # Incidents
//
// An [Incident] opens from an alert ([OpenFromAlert]) or by hand ([Open]).
// It stores only what happened; everything else is derived from the plan.
// [Incident.Timeline] lists, as of an instant, when the first response is
// due, when each escalation step fires unless someone acknowledges, which
// holding statements apply and by when, and the playbook deadlines, each
// with a [Status]. [Incident.Due] answers "what is due or overdue at t".
//
// Events move it forward through an enforced state machine ([State]):
//
//	open ──acknowledge──▶ acknowledged ──resolve──▶ resolved
//	  ▲                        │
//	  └────────escalate────────┘
//
// Escalating to a higher level pages that level's people and needs a new
// acknowledgement; de-escalating keeps it. Statements are published only once
// someone acknowledged, and only by the level's approver or backup approver.
// [Incident.Record] refuses an illegal event with an error and leaves the
// incident unchanged.
//
// # Publishing pause
//
// A level with a [Pause] holds back the scheduled calendar entries on its
// channels while the incident lasts. Each channel is paused from the moment
// the incident reaches a level that pauses it: when high pauses Instagram
// and critical pauses every channel, an incident opened at high and
// escalated to critical pauses Instagram from the opening and the other
// channels from the escalation. An account named by [Pause.Accounts] is
// paused the same way, by the levels that name it or pause its channel,
// and stays paused while its channel is; an entry published from it, or
// one that names no account on its network (the brand's only account
// there), is held. [Incident.PauseWindows] gives the windows and
// [Incident.ApplyToCalendar] applies them with the calendar's own pause
// function and resume policy, returning the calendar's list of changes.
//
// # Drills
//
// [Drill] runs a plan against a recorded or synthetic signal series (for
// example [NegativeSpike], seeded) and a scripted team ([Response]), and
// returns a [DrillReport]: the alerts, the incidents, who was notified when,
// and which deadlines were met or missed. It is deterministic, so a team can
// assert on it in go test to prove its plan works before a real crisis.
//
// A script is written the way a runbook is: each response is an event after
// a delay counted from a moment of the incident ([Anchor]): its opening (the
// default), each level it reaches, each escalation, or each alert, narrowed
// to one level with [Response.OnLevel]. "Within 10 minutes of any new level,
// the on-call acknowledges" is one response timed from the level, and it
// holds however often the incident escalates or de-escalates. A response
// timed from anything but the opening belongs to the stretch of the incident
// it answers and lapses when the incident changes level or is resolved
// before it is due: the team answers the latest page.
//
// A response that is illegal when it comes due (acknowledging twice,
// publishing without being an approver, anything after the resolution) does
// not end the drill: it is an [EntryRefused] line whose Detail says which
// response and why, and [DrillReport.Refused] lists them beside
// [DrillReport.Missed]. The report always comes back, also with an error
// (a signal the detector refuses): it then holds everything up to where the
// drill stopped. Incidents are numbered from 1 in order of opening,
// everywhere: in [Entry.Incident], in the printed report (#1) and in errors.
//
// # Reviews
//
// [Incident.Review] computes, for a resolved incident, the time to detect,
// the time to first response against its target, the time to resolve, the
// escalations and statements, the missed deadlines, and when the review
// meeting is due ([Plan.MeetingDue]): within N calendar days on the plan's
// wall clock, or N business days of the plan's business hours.
//
// # Limits
//
// A plan has at most [MaxTriggers] triggers, each looking back over at most
// [MaxWindowBuckets] buckets. A level's first-response target, pause,
// playbook deadlines and whole escalation schedule are at most [MaxDelay]
// (366 days); it sends at most [MaxNotifications] notifications and has at
// most [MaxPlaybookSteps] playbook steps, so an incident's timeline grows
// with its events by at most these per stretch at a level, and every
// instant on it is one its JSON can carry. A drill plays at most
// [MaxDrillResponses] responses and schedules at most [MaxDrillCues];
// past either it stops with [ErrRunawayScript] and the report so far. A signal counts at most [MaxCount] mentions
// and [MaxReach] of audience, at the start of a bucket in the years 1 to
// 9999 and never at the zero time.Time; anything else is
// [ErrInvalidSignal]. Within these bounds every window total and moving
// baseline is exact in fixed-width integers, and a detector's memory is
// set by its plan, never by the signals it has seen. A trigger's and the
// detection's decimals are within validation's decimal bounds (38 digits
// written out, an exponent within ±28): Validate reports a larger one, and
// JSON refuses it before decoding it.
//
// [Detector.UnmarshalJSON] restores only a state that a detector of the
// same plan could have reached; any other is [ErrBadState] with a
// *validation.Error naming the first field found wrong: counts beyond a
// signal's bounds or a bucket's, rings that decrease or whose totals are
// not their buckets' sums, rings and warm-ups that disagree on how many
// buckets have closed, channels counting more than all channels together,
// runs, cooldowns and held buckets the history does not explain, a
// trigger not running while its condition holds on the saved windows (or
// running while it does not), a baseline outside what counts can give or,
// during the warm-up, other than its buckets give. What nothing else in
// the state ties is taken as saved: counts within their bounds, the
// instant of the bucket being filled, when a trigger last fired, a reach
// trigger's run, a baseline after its warm-up. No state that restores can
// make the detector panic or overflow.
package crisis
