// Package strategy is the aggregate of tandem: a brand's whole social-media
// plan as one value, its structural validation, its verification by named
// rules, its traceability matrix, and the review of its results.
//
// The plan ties the strategist's work (research, goal, objectives, KPIs,
// channels, campaigns, assignments) to the community manager's (routines,
// calendar entries, crisis plan, response policy, watchlist), so that both
// are checked together, in go test, before the plan goes live. Every part
// reuses the type of the package that owns it: calendar.Routine and
// calendar.Entry, kpi.KPI, crisis.Plan, community.ResponsePolicy and
// community.VoicePolicy.
//
// # The plan
//
// A Strategy holds an ID, the IANA Zone the team works in, the Brand (name,
// values, voice), the Research (audience segments per network with their
// interests, competitors with their presence and figures per network,
// trends, opportunities, threats), one Goal with a deadline, the Objectives
// that lead to it (each with KPIs and optionally a parent objective), the
// ChannelPlans (the role each chosen network plays, its audience, posting
// frequency and content pillars), the Accounts (the brand's accounts on
// them, several per network allowed, and the competitors' it watches),
// Campaigns (objectives served, channels, audience, budget, phases,
// resources, link policy), overall Budgets, Milestones, the
// Team (members with roles and weekly hours), Assignments, Routines,
// Entries, CalendarRules, KPIs, the Crisis plan and the Community policy.
//
// JSON names are camelCase. Decode reads a plan strictly: unknown fields,
// unknown enum values and trailing data are errors. Every type of the
// plan that holds a decimal (Budget, Member, Presence, Movement,
// VerifyOptions) decodes just as strictly through plain encoding/json too,
// as in the rest of tandem: keys exactly as their JSON names, once each,
// and decimals checked from their text (see Limits). A plan round-trips
// through JSON unchanged (instants keep their instant; Decode reads the
// plan's own instants back in its Zone).
//
// # Accounts, posts and links
//
// Entries, routines, KPIs, crisis statements and pauses name the account
// they are about by network and handle; an entry or routine that names
// none publishes from the brand's only account on its network, so a plan
// with one account per network names none. Validate resolves every
// reference (see channel.Accounts.Resolve). A plan written before plans had
// accounts (channels but no "accounts") is refused by Decode with
// ErrNoAccounts, which says what to add.
//
// A campaign's LinkPolicy tags its entries' links with UTM parameters
// (utm_campaign = the campaign's ID, utm_content = the entry's, utm_source
// = the network or the account). Strategy.Calendar returns the calendar as
// it goes out, accounts named and links tagged, each post checked again
// once tagged (a tagged link is longer, except where a network counts
// every link as 23 characters); it is what the .ics and CSV exports take.
// Attribute gives the clicks and conversions that come back to the
// campaign, the entry and the account their tags name, and lists the rest.
//
// # Stable IDs
//
// A plan written as Go code needs the same IDs on every run, or golden
// files and saved references churn. An IDSpace derives name-based (version
// 5) UUIDs from readable keys within a space named after the brand:
//
//	ids := strategy.NewIDSpace("bluebird-coffee-roasters")
//	launch := ids.ID("campaign", "origin-stories")
//
// # Validation
//
// Strategy.Validate reports every structural problem at once, with JSON
// paths across all parts: each part's own Validate (re-rooted with
// validation.ErrorList.Merge), missing and duplicate IDs, references to
// nothing (objective → KPI, campaign → objective, entry → campaign or
// routine, assignment → member, …) and cycles of parent objectives.
//
// # People
//
// Every part that names a person (an assignment's setter and owner, a
// routine's or an entry's owner, the crisis ladder's handlers, approvers,
// notify lists and playbook owners)
// holds the member's ID from Team, never a name, so a member whose name is
// written differently stays everything they were responsible for.
// Validate reports an ID that is not on the team as not_found at its path
// (crisis.levels[1].approver). MemberNames gives the names by ID for
// printing: crisis.DrillOptions.Names, the calendar's exports.
//
// # Verification
//
// Verify judges a plan with named rules, each with a default severity
// (error, warning, info), and returns a Report of findings (rule, severity,
// path, message) sorted by severity, rule, path and message; the report
// prints as text (Report.String) and encodes as JSON. The built-in rules:
//
//	plan.valid          error    every problem Validate reports
//	plan.zones          warning  every part that keeps a wall clock (routines, entries,
//	                             milestones, blackouts, channel rules, the crisis plan
//	                             and its hours, the community desk's hours) keeps the
//	                             plan's Zone; a fixed zone such as EST inside
//	                             America/New_York drifts by an hour for half the year
//	smart.specific      error    each objective has a statement
//	smart.measurable    error    each objective has a KPI with a baseline and a target
//	smart.achievable    warning  each objective's KPI plans a change of at most
//	                             VerifyOptions.MaxMonthlyChange (default 20) percent of
//	                             its baseline per 30 days (see MonthlyChange)
//	smart.relevant      error    each top-level objective says how it serves the goal
//	                             (Rationale); no objective is on a cycle of parents
//	smart.time_bound    error    each objective has a deadline no later than the goal's
//	                             and its parent's, and its KPIs are due by it
//	trace.kpis          warning  every KPI measures an objective
//	trace.objectives    warning  a campaign or a sub-objective serves every objective
//	trace.campaigns     error    every campaign serves an objective
//	trace.channels      error    campaigns, routines, entries and KPIs use only the
//	                             channels the plan chose
//	trace.entries       error    every entry belongs to a campaign or a routine; a
//	                             campaign's entries are on its channels and in its dates
//	trace.dates         error    campaigns end by the goal's deadline; phases fall inside
//	                             their campaign; milestones inside theirs and by the deadline
//	trace.phases        error    a campaign's phases do not overlap: each starts when or
//	                             after the one before it ends (phases out of time order
//	                             are a plan.valid error)
//	trace.budget        error    per currency, campaign budgets fit the plan's Budgets and
//	                             resources fit their campaign's budget
//	crisis.coverage     error    a crisis plan exists, has levels, and covers every chosen
//	                             channel (so every level has a holding statement for it)
//	crisis.approvers    warning  every level's approver or backup approver handles it or
//	                             is paged by its escalation (that they are team members
//	                             is a plan.valid error)
//	team.roles          error    someone holds each role (strategist, community manager)
//	team.capacity       warning  the community managers' weekly hours cover the busiest
//	                             week's posts (routine slots no blackout skips and
//	                             entries, at Workload.PostTime each) and the expected
//	                             inbox (at Workload.HandlingTime each)
//	team.assignments    error    live assignments have an owner who is a community manager,
//	                             a due date, and a setter who is a strategist
//	team.approvals      error    every role an approval step names (Approvals.Posts,
//	                             Approvals.Replies) is held by someone on the team (that
//	                             its members are team members is a plan.valid error)
//	team.self_approval  warning  no approval step deadlocks when a community manager, the
//	                             usual author, wrote what it approves: nobody approves their
//	                             own work, so a step whose only possible approver is that
//	                             member, or that requires all of a set holding them (their
//	                             own approval, or a role they alone hold), waits forever
//	calendar.conflicts  warning  every conflict calendar.Conflicts finds (spacing, daily
//	                             caps, blackouts, allowed hours, near-duplicates)
//	calendar.approvals  error    with a post approval policy (Approvals.Posts), every entry
//	                             on its way out (approved, scheduled, paused, failed) carries
//	                             an approval under that policy, approved
//	calendar.frequency  warning  each channel's average posts a week over the plan's whole
//	                             weeks is within 20% (and half a post) of its PostsPerWeek
//	calendar.skipped    info     each routine's slots up to the goal's deadline that a
//	                             blackout of CalendarRules skips (they are not published;
//	                             see calendar.SkippedSlots), one finding per routine and
//	                             blackout, naming the blackout
//	calendar.wall_clock warning  no routine slot up to the goal's deadline has a wall time
//	                             that a DST change skips (the post moves later) or repeats
//	                             (tandem posts the first; .ics readers may take the second)
//	links.tagged        error    every entry of a campaign with a link policy can have its
//	                             links tagged (absolute http(s) URLs without other UTM
//	                             tags), and its post still fits the network's limits once
//	                             they are (a tagged link is longer, except on X and
//	                             Mastodon, which count every link as 23 characters)
//
// VerifyOptions.Severities raises, lowers or silences (SeverityOff) any rule
// by name; VerifyOptions.Rules adds the user's own rules, written as a type
// that implements Rule or with NewRule. Mistakes in the options (an unknown
// rule name or severity, two rules with one name) are findings of the rule
// verify.options, so a typo never silences a rule unnoticed.
//
// Verify never panics and works on invalid plans: every rule skips what it
// cannot judge. The built-in rules share one index of the plan by ID, so a
// run is linear in the plan's size, apart from sorting each channel's
// entries; BenchmarkVerify in internal/bench measures it.
//
// calendar.conflicts reports a group of entries (near-duplicate texts, a
// day over its cap) as one finding at its first entry that names its first
// five entries and counts the rest.
//
// # Limits
//
// A Report is bounded whatever the plan: it keeps the first
// MaxFindingsPerRule (100) findings of each rule, and Report.Omitted counts
// the rest per rule (an Omission: rule, severity, count), in JSON
// ("omitted") and in Report.String ("warning calendar.conflicts: 2900 more
// findings not listed"); Count and OK count them too. plan.valid lists what
// Validate lists: at most validation.MaxErrors problems, and counts the
// rest. A finding past the cap costs no formatting.
//
// Every decimal of a plan (budgets, costs, hours, competitors' figures, KPI
// values, crisis thresholds) is within validation's decimal bounds: 38
// digits written out, an exponent within ±28 (see the Limits of package
// validation). Decode, and json.Unmarshal into any type that holds a
// decimal, refuse a larger one from its text, before decoding it; Validate
// reports one built in Go as out_of_range, and Verify's rules skip it
// rather than compute with it. The calendar's limits (years 1 to 9999,
// calendar.MaxSlots slots in a window, calendar.MaxCount) apply to the
// plan's routines and entries: a rule that meets one reports the
// calendar's error as a finding.
//
// Review lists at most MaxMovements (100,000) campaign movements (one per
// campaign and KPI of the objectives it serves); a plan that would list
// more is ErrTooManyMovements, never a shortened list. A recommendation
// names at most ten campaigns, KPIs or objectives per list, each cut to an
// excerpt, and counts the rest.
//
// PacingOptions.Tolerance is more than 0 and at most 100 (percent; zero
// means DefaultPaceTolerance, 10); PacingOptions.MinDays is at most
// MaxPaceMinDays (3660; zero means DefaultPaceMinDays, 3). A campaign's
// spend adds up to at most validation's decimal bounds; past them Pace
// reports the record that crossed them.
//
// Rivals covers at most MaxRivalPeriods (1,000) periods and builds at most
// MaxRivalFigures (1,000,000) rows of figures (periods times the plan's
// accounts, the brand and its competitors); more is ErrRivalsOptions, never
// a shortened report.
//
// # Approvals
//
// Approvals holds the plan's approval policies (calendar.ApprovalPolicy):
// Posts, which an entry's calendar.Approval follows, and Replies, for
// replies that hold a phrase of the voice policy's NeedsApproval list
// (community.ReplyCheck.RequestApproval). A step names approvers by
// member ID and by Role (written as plain strings in calendar), requires
// any or all of them, and may expire after an elapsed duration. Validate
// checks the policies (approvals.posts.steps[0].require), that roles are
// Roles and that members, entries' approval authors and trail actors are
// on the team; Verify's team.approvals and team.self_approval check the
// policies against the team. Community.Replies holds the desk's saved
// replies (community.SavedReply), validated at community.replies[2].text.
//
// # Traceability
//
// Trace builds the Matrix goal → objective → KPI → campaign → entries (and
// the accounts the entries publish from), with the KPIs, campaigns and
// entries that trace to nothing, for a tool to show
// (Matrix.String) or encode as JSON.
//
// # Review
//
// Review takes the plan, a kpi.Series of observations and an "as of"
// instant, and returns per objective its KPIs' progress (kpi.Evaluate) and
// worst status; per campaign whether each of its KPIs gained more during the
// campaign than in the window of the same length before it (an Effect);
// the overdue assignments; the community manager's insights linked to the
// objectives they bear on; when ReviewOptions.Spend holds the campaigns'
// spend, each campaign's budget pacing (see Pacing below); and
// Recommendations by the rules documented on Recommendation, in this order:
//
//	objective.off_track  an objective off track or missed: the KPIs behind it, and its campaigns
//	                     sorted into helped, did not help and too early to judge
//	objective.at_risk    an objective at risk
//	objective.insights   an objective off track, missed or at risk on which insights bear
//	campaign.no_effect   a started campaign that helped none of its judged KPIs
//	campaign.over_pace   a running campaign over pace (Pace's over_pace: spent more than the
//	                     budget times the share of its time elapsed, plus the tolerance,
//	                     default 10%), once at least PacingOptions.MinDays (default 3) days
//	                     have elapsed; never for a campaign not started, finished, without a
//	                     budget or younger than that minimum. It gives the spend, the budget,
//	                     the share of time elapsed, the spend expected by now and the
//	                     forecast at the end, and names the objectives the campaign serves
//	assignment.overdue   an open assignment past its due date
//	mix.shift            with ReviewOptions.Posts, a pillar or format whose posts do better than
//	                     the median of all posts with kpi.WhatWorks' evidence (at least MinPosts
//	                     posts, default 10, and a 95% interval for its median wholly above);
//	                     never on less; it names the objectives whose KPIs measure the formula
//	routine.move         with ReviewOptions.Posts, a routine whose posts do worse than its
//	                     account's median with the same evidence (a 95% interval wholly
//	                     below), that still publishes in the next four weeks; it proposes
//	                     routines in the account's best free slots (BestTimes,
//	                     ProposeRoutines), or says no better slot keeps the rules
//	rival.share_of_voice with ReviewOptions.Rivals, a competitor whose share of voice rose
//	                     while the brand's fell (see Rivals below)
//
// Review checks ReviewOptions.Posts against the plan first (CheckPosts):
// a result for an entry the plan does not have, on another network than
// its entry's, from an account that is not the brand's or does not publish
// the entry, or a spend in another currency than the budget of the entry's
// campaign is an error at posts[i], never a post left out in silence.
//
// # What works
//
// PostGroupings keys the plan's published posts for kpi.WhatWorks: by
// pillar, format, campaign, the account that published them
// ("instagram/acme"), weekday and hour in that account's audience zone,
// and features of the text the account published (a link or none; the
// hashtags, in bands "0", "1", "2-3", "4+"; the length in characters, in
// bands "short (<80)", "medium (80-199)", "long (200+)": see
// ShortTextBelow, LongTextFrom and ManyHashtagsFrom). PostGroupingsFor
// adds paid or organic, from the posts' own Spend results.
//
// # Best times to post
//
// BestTimes ranks one account's weekday × hour slots from its posts'
// results (kpi.RankTimes of a per-post formula, each post in the slot its
// entry went out in on the audience's clock). ProposeRoutines turns a
// ranking of weekday × hour slots (kpi.RankTimes of an account's posts,
// in its audience's zone) into the weekly routines
// that publish N posts a week in the best slots that keep the channel's
// allowed hours, minimum spacing and daily cap; it refuses to move
// anything when the ranking shows no slot better than another
// (ErrNoTimeEvidence).
//
// RankEvergreen orders the plan's evergreen entries for
// calendar.ReuseEvergreen by the median result of their publications (the
// entry's own and its reuses'), so queue filling reuses what worked best;
// entries not yet measured come last.
//
// # The community manager's brief
//
// Brief gathers one team member's page of the plan as of an instant, for
// the strategist to hand over "in a clear and understandable way": the
// brand's values and voice, the objectives and how the person's work
// serves each, the person's week (routine slots, entries and open
// assignments on their wall clock, over calendar days, never 24-hour
// steps), the saved replies and approval rules that apply, and whom to
// call at each crisis level. Package report prints it as a page or as
// plain text.
//
// # Pacing
//
// Pace compares each campaign's Spend records (amounts spent in periods
// ending at an instant, in the currency of the campaign's budget: the
// caller gives each its campaign, since kpi.Spend observations name an
// account, not a campaign; SpendOf does it for an account that spends for
// one campaign) with its Budget as of an instant: what it spent,
// what it was expected to spend by now (the budget times the share of its
// time elapsed), on, under or over pace within a tolerance, and the
// forecast at its end by linear extrapolation. Time is counted in days of
// the plan's Zone, each local day one day whether it has 23, 24 or 25
// hours; the fraction is exact and the status is decided on exact
// products. A campaign not started has no forecast; one without a budget
// reports its spend with an undefined pace (no_budget). Records for an
// unknown campaign, in another currency, negative or dated outside the
// campaign are a *validation.Error at their index ([3].amount.currency).
//
// Rivals sets the brand beside its competitors (the plan's Accounts with a
// Competitor), period by period (weeks or months of the plan's zone, drawn
// on the calendar, so a month holding a DST change is still its days), from
// observations of followers, posts, engagements and mentions on each
// account: posts per week, engagement rate by followers, follower growth
// (absolute and percent) and share of voice among all tracked accounts, per
// account and per competitor, with the brand ranked among them on each.
// Undefined figures (no observation, zero followers, no mention at all) are
// nil, never zero; observations it does not read are counted in
// RivalsReport.Excluded; observations of accounts the plan does not know
// are errors with their paths.
//
// With ReviewOptions.Rivals, Review adds the rule rival.share_of_voice
// (RivalRecommendations): over the last RivalGainPeriods (3) complete
// periods before the as-of instant, each holding at least
// RivalGainMinMentions (30) mentions of all tracked accounts, when the
// brand's share of voice fell by at least RivalGainMinPoints (5) percentage
// points from the first period to the last, each competitor whose share
// rose by at least as many gets a recommendation to look at what it
// publishes, with both shares at both ends and each period's mentions as
// evidence, linked to the first objective with a share-of-voice KPI. Below
// that evidence it recommends nothing.
//
// # Testing plans
//
// Package strategy/strategytest turns verification into go test
// assertions: strategytest.Verify(t, plan) fails the test listing every
// error, and helpers compare a plan's calendar with a golden file and
// assert a crisis drill's outcome.
package strategy
