// Package report draws a plan's review: one self-contained HTML page with
// charts, and each chart on its own as an SVG document for tools that embed
// them. It is an export, like the calendar's .ics: the caller writes the
// file where it likes; tandem runs no server and shows no UI.
//
// # The page
//
// [WriteHTML] takes a [Review] (the plan and what the other packages
// returned about it: strategy.Review's results, the observations,
// strategy.Verify's findings, strategy.Trace's matrix, the calendar and the
// windows a crisis paused, the best times per account, a crisis drill, the
// community desk's response report and the opinion leaders) and writes one
// HTML document with inline CSS and inline SVG. It needs no JavaScript and
// loads nothing: no font, script or image from elsewhere. It prints on A4
// and on Letter: the page's margins fit both, and charts and table rows do
// not break across pages.
//
// Each section has a stable id, listed by [Sections]: kpis, calendar,
// what-works, best-times, drill, community, findings, traceability. Each
// chart is a <figure class="chart"> with a data-chart attribute naming its
// kind and a data-points attribute counting the marks it drew (posts,
// values, slots, groups, timeline entries), so that a test can check that
// no chart is empty.
//
// # The charts
//
//   - [KPIChart]: a KPI's observed values, its planned path from the
//     baseline through its milestones to its target, the tolerance band,
//     the forecast to the deadline, and the milestones; for a KPI to stay
//     within a band, the band and its tolerance.
//   - [CalendarChart]: posts per day per account over a span, the
//     blackouts and the windows a crisis paused.
//   - [WhatWorksChart]: each group's median with its 95% interval against
//     the baseline of all posts.
//   - [BestTimesChart]: the weekday × hour grid of an account's posts.
//   - [DrillTimeline]: a drill's levels, alerts, actions, notifications,
//     deadlines met or missed, pauses and refused responses.
//   - [ResponseTimesChart]: first-response times against the response
//     targets.
//
// The findings, the traceability matrix and the opinion leaders are tables.
//
// # The community manager's brief
//
// [WriteBriefHTML] and [WriteBriefText] print a strategy.Brief (see
// strategy.Strategy.Brief) as one self-contained HTML page and as plain
// text for a chat message or an email: one person's week, with stable
// section ids listed by [BriefSections].
//
// # Reading them without the picture
//
// Every chart has a <title> and a <desc>, axis labels with units, a
// sentence that says what it shows, and its figures as a table. Colours
// are greys, and what tells marks apart is their lightness, their dash
// pattern, their marker shape or a fill pattern, so a chart reads printed
// in black and white. Numbers are printed as the rest of tandem prints
// them (decimals with their own digits; shares with two places), durations
// as Go durations, and times on the plan's wall clock.
//
// # Bad input
//
// A missing part of the review is a sentence saying it was not given. An
// empty series, a single observation, an invalid KPI, or values far
// outside the planned range still give a page: a chart that cannot be
// drawn says why, values far out are drawn at the edge of the chart and
// counted in words, and no coordinate is ever NaN or infinite. Every text
// from the caller is escaped (html/template for the page, XML escaping in
// the SVG), invalid UTF-8 and control characters become U+FFFD, so the
// output is well-formed whatever the names hold. The functions never
// panic on their input and never read the clock.
package report
