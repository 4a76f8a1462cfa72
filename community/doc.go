// Package community is the community manager's toolbox: the inbox of
// interactions and its triage, the brand's voice, response targets and the
// response-time report, opinion leaders and the relationships built with
// them, watchlists, insights for the strategist, and adherence to the
// publishing routines.
//
// Like the rest of tandem it works on plain values: it stores nothing,
// calls no network and never reads the clock; every "now" is a parameter.
//
// # Interactions and the inbox
//
// An [Interaction] is a comment, reply, mention, direct message, review or
// share ([Kind]) on a [channel.Channel], by an [Author], at an instant, in a
// thread, with an optional [Sentiment] label. An [Inbox] is a set of them;
// [Inbox.Validate] reports, with paths such as "[3].replyTo", interactions
// without a channel or instant, duplicate IDs, and replies to interactions
// that are not in the inbox or that live on another channel, account or
// thread.
//
// A brand may have several accounts on one network (a company page and its
// founder's profile). [Interaction.Account] names the brand's account the
// interaction reached, by its handle on the interaction's channel, written
// without "@" and compared without regard to case (channel.SameHandle);
// empty means the brand's only account there, so an inbox of a brand with
// one account per network names none. The plan (package strategy) checks
// that the accounts are its own; this package checks their form
// (channel.CheckHandle).
//
// # Sentiment
//
// Labels come from the caller or from a [Classifier] the caller plugs in.
// tandem's default, [DefaultClassifier], is a [LexiconClassifier]: a
// lexicon- and rule-based scorer for social-media text that gives each
// text a label and a signed intensity ([SentimentScore]). Its data is a
// [Lexicon] per language: thousands of terms with valences from -4 to +4
// (words, phrases such as "never again", slang such as "wtf" and "meh",
// emoticons and emoji) and the language's rule words (negators, boosters,
// dampeners, contrast words). [EnglishLexicon] ships; [Lexicon.With]
// extends it with a brand's own words, and another language is another
// Lexicon. The rules (negation, boosters and dampeners, "but", capitals,
// exclamation marks, elongated words) and their weights are documented on
// [LexiconClassifier]; the label is decided exactly, in integers.
//
// A policy's keyword lists ([SentimentRules]) extend the English lexicon
// when [NewResponder] is given no classifier ([PolicyLexicon]). The older
// [KeywordClassifier], a count of the listed words and phrases, remains a
// classifier of its own; [EnglishSentimentRules] is its small starting
// list.
//
// # Response policy, triage and the response-time report
//
// A [ResponsePolicy] holds the desk's business hours (calendar's
// [calendar.BusinessHours]), response [Target]s per kind and priority,
// [PriorityRules] (negative, question, influential author, crisis
// keywords, and from the classifier's intensity a strongly negative
// message, and a strongly negative one from an influential author: the
// complaint that travels furthest first) and the sentiment keywords. The tightest applicable target
// wins: an interaction never waits longer than the target for its kind or
// the target for its priority (an urgent direct message gets the urgent
// target when that is shorter), and the catch-all target applies only
// when no other does. [NewResponder] compiles it into a [Responder], which
//
//   - assesses an interaction's priority with the reasons ([Responder.Assess]);
//   - computes due times in business time ([Responder.Due]);
//   - orders an inbox for answering, by priority and by the business time
//     left before each target is breached ([Responder.Triage]), in
//     linear-logarithmic time;
//   - reports response rates, first-response times (mean, median, 90th
//     percentile, in business time) and breaches, overall, by channel, by
//     the brand's account ([AccountStats], for the interactions that name
//     one) and by team member, using kpi's formulas, and yields kpi
//     observations, on the account where the interaction names one
//     ([Responder.Report], [ResponseReport.Observations]). A [Response]
//     names the team member who answered by member ID
//     (strategy.Member.ID), as every type of the package that names a
//     team member does ([Insight.RaisedBy], [Transition.By]): a name
//     would split one person's figures when it is written differently;
//   - turns interactions into the crisis detector's signals
//     ([Responder.Signals]).
//
// The policy also names the brand's own handles ([ResponsePolicy.Brand]).
// What the brand writes is not an item to answer: triage, the report and
// the signals leave it out, and a reply by the brand answers its parent
// ([Responder.ByBrand]).
//
// # Voice check
//
// A [VoicePolicy] is the brand's voice: tone and form of address, banned
// words and phrases, required elements such as a sign-off, emoji and link
// rules, phrases that need approval (promises of refunds), and the
// channel's text limit. [VoiceChecker.Check] applies it to a draft reply and
// returns [Finding]s with byte and rune positions. Patterns are RE2 (Go's
// regexp), so no pattern and no input can make a check slow.
//
// # Saved replies
//
// A [SavedReply] is a template with named variables: {author_name} is a
// variable, {{ and }} write literal braces, and any other brace is an
// error that [SavedReply.Validate] reports at its byte offset (paths such
// as "[2].text" in [SavedReplies]). The vocabulary ([KnownReplyVariables])
// holds author_handle, account and channel, which [SavedReply.Render]
// takes from the interaction, and author_name, brand_name and agent_name,
// which the caller gives; a reply declares its own variables in
// Variables. Render refuses a variable without a value, naming each
// ([ErrMissingVariable]), so no placeholder is ever sent; values are
// inserted as they are, never read as templates. It works in time linear
// in the template and the result, which it measures before building and
// caps at [MaxReplyBytes] ([ErrReplyTooLong]).
//
// [VoiceChecker.CheckReply] renders a reply for an interaction and checks
// the text with the voice policy and the text limits of the
// interaction's channel: a [ReplyCheck] with the findings. A reply with a
// finding of severity error is [ReplyCheck.Blocked]; one that holds a
// phrase of the policy's NeedsApproval list [ReplyCheck.NeedsApproval],
// and [ReplyCheck.RequestApproval] starts its calendar.Approval under the
// plan's reply policy (strategy.Approvals.Replies): nobody approves their
// own reply.
//
// # Opinion leaders and relationships
//
// [Inbox.Graph] builds the interaction graph (who mentions, replies to and
// shares whom) as a compressed-sparse-row [Graph]; [Graph.PageRank] ranks
// its nodes by power iteration to a tolerance, handing the rank of
// dangling nodes to every node. [RankLeaders] combines that centrality
// with reach, engagement with the brand and relevance to the brand's
// topics into a score, each leader with the [LeaderFigures] that explain
// it. A leader's [Account] is a channel.AccountRef (its handle without
// "@", in lower case), the same value a plan's accounts are named by. A [Relationship] then follows a leader through the pipeline
// (identified, contacted, engaged, partner, lapsed); [CheckTransition]
// refuses moves that skip a stage or go backwards without a cause.
//
// # Watchlists
//
// A [Watchlist] names the brand, its competitors, topics and keywords.
// [NewWatcher] compiles every pattern of every term into one [Matcher], an
// Aho–Corasick automaton over case-folded text (whole words are marks the
// automaton reads, not checks after each match), so each text is read
// once whatever the number of terms, and which terms it mentions is found
// in time linear in the text and the terms, however the terms nest. [Watcher.Count] counts mentions per period
// ([Periods] makes calendar days, weeks or months); [WatchCounts] gives
// share of voice through kpi ([WatchCounts.ShareOfVoice],
// [WatchCounts.Observations]) and rising terms by period-over-period growth
// ([WatchCounts.Rising]).
//
// # Insights
//
// An [Insight] is what the community manager feeds back to the strategist:
// a need, question, complaint, trend, opportunity, threat or competitor
// move, with the interactions that show it, the channel, the audience
// segment, the objective it bears on, who raised it and when. [Summarize]
// gives the period's top insights.
//
// [DraftInsights] drafts them before anyone asks: from the tags the inbox
// rules gave interactions and their sentiment, a tag whose complaints (or,
// failing that, whose interactions) in the latest week number at least
// ten and doubled over the week before becomes a complaint (or trend)
// draft, with the counts, the interactions as evidence and the objective
// the tag is linked to ([DraftOptions] changes the period, the minimum
// and the rise). Counts are compared in integers; weeks are calendar days
// of the end's zone.
//
// # Routine adherence
//
// [Adherence] compares the calendar's routines with what was published:
// each slot on time, late or missed, publications that filled no slot
// extra, and adherence per routine and channel.
//
// # Inbox rules and routing
//
// Triage orders the inbox; [InboxRules] and [Responder.Route] decide what
// happens to each item. tandem decides; the host acts.
//
// An [InboxRule] has a [Condition] (kinds, channels, the brand's
// accounts, sentiment labels and intensity, words, RE2 patterns, the
// author's followers and verified flag, languages, and whether the
// business hours are open) and [Actions] (tags, a priority, a member or a
// queue, a suggestion to hide, a saved reply); [NewRuleSet] compiles the
// rules, reporting with paths such as "rules[2].when.followersAtLeast"
// every rule that is malformed or can never match. [RuleSet.Apply]
// evaluates them in order: every condition of a rule must hold; a
// matching rule adds its tags, sets the priority, assignment and saved
// reply unless an earlier matching rule set them, may suggest hiding, and
// with Stop ends the evaluation. The [RuleOutcome] names the rules that
// matched and the rule behind each decision. Words are matched by one
// [Matcher] for all rules, patterns by Go's regexp (RE2, at most
// [MaxRulePatternLength] bytes), so no rule and no text makes Apply slow.
// Sentiment comes from the interaction's label or a [SentimentLabeler]
// such as a [Responder]; intensity, in thousandths from -1000 to 1000,
// from an [IntensityScorer] the caller plugs in (a sentiment scorer
// satisfies it, or [IntensityFunc] adapts one).
//
// An [Interaction] may carry its Language, a BCP 47 tag ("en", "es-MX")
// whose form is checked by hand. [Responder.Route] gives triaged items to
// [Agents] — team members with working hours, channels, languages,
// capacity and the items they already hold — in the items' order: an
// item stays with whoever holds its thread, then its author
// ([RouteOptions.Owners] carries them over from earlier routing), and
// otherwise goes to the least loaded agent who covers its channel and
// language and is on shift by its due time, ties taking turns. Each
// [Assignment] says why ("same thread as c1", "least loaded of 3 on
// instagram/es"); items nobody can take in time are [Unassigned], with
// the reason (no channel, no language, no shift by the due time, everyone
// at capacity). Routing costs O(n log a) for n items and a agents, plus
// O(a) per distinct channel and language.
//
// # Limits
//
// Every call's time and memory are bounded by the size of its input:
//
//   - Business time (due times, triage, the report) is counted by whole
//     weeks, not day by day: its cost grows with the holidays and DST
//     changes in the span, not with the span. Instants outside the years
//     1 to 9999 and open time beyond a time.Duration are errors matching
//     calendar.ErrBusinessRange.
//   - [VoiceChecker.Check] returns at most [MaxVoiceFindings] findings,
//     the first by position, and a *[TooManyFindingsError] counting the
//     rest; findings beyond the cap are counted, never built.
//   - Which terms a text mentions ([Watcher.Match], [Matcher.AppendPatterns],
//     [Watcher.Count]) and the sentiment [KeywordClassifier] gives it cost
//     time linear in the text and the terms, however the terms nest;
//     [LexiconClassifier.Score] costs time linear in the text and does
//     not allocate, and a lexicon's terms are at most [MaxTermBytes]
//     bytes and [MaxPhraseWords] words;
//     [Matcher.Matches] yields every occurrence, so its cost also grows
//     with the number of occurrences.
//   - Leader weights lie between 0 and [MaxLeaderWeight] with at most
//     [LeaderWeightPlaces] decimal places; edge weights of a [Graph]
//     between [MinEdgeWeight] and [MaxEdgeWeight], with at most
//     [MaxGraphNodes] nodes and [MaxGraphEdges] edges; PageRank runs at
//     most [MaxPageRankIterations] iterations and never returns a value
//     that is not finite ([ErrNotFinite]).
//   - [Periods] makes and [Watcher.Count] counts at most [MaxPeriods]
//     periods (the counts are one int per term and period); [Adherence]
//     expands at most [MaxSlots] routine slots ([ErrTooManySlots]), after
//     the calendar's own bound ([calendar.MaxSlots], a rule with COUNT
//     counted from its start) has passed; it matches them with the
//     publications in O((slots + publications) log publications).
//   - Every type that holds a decimal (leader weights and figures,
//     adherence, response and trend figures) decodes strictly even through
//     plain json.Unmarshal: keys exactly as tandem writes them, each once,
//     and each decimal's size checked from its text (validation's decimal
//     bounds) before it is decoded.
//
// # Errors
//
// Every type a caller fills in has a Validate method returning nil or a
// *validation.Error that lists every problem with its JSON path. Other
// errors are sentinels of this package ([ErrUnknownChannel], [ErrPeriods],
// [ErrNoPeriod], [ErrTooManySlots], [ErrTooManyFindings], [ErrNotFinite])
// or of the packages it uses, wrapped with %w.
package community
