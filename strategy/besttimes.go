package strategy

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
)

// ErrNoTimeEvidence is returned by ProposeRoutines when the ranking shows no
// slot better than another (kpi.BestTimes.Evidence is false): moving a
// routine on that evidence would follow noise.
var ErrNoTimeEvidence = errors.New("strategy: the posts' times show no slot better than another")

// ErrTooFewSlots is returned by ProposeRoutines when fewer ranked slots than
// the posts asked for keep the channel's rules.
var ErrTooFewSlots = errors.New("strategy: not enough ranked slots keep the channel's rules")

// ProposeRoutines proposes the weekly routines that publish postsPerWeek
// posts from account in the best slots of best (kpi.RankTimes of the
// account's posts, read in the zone of start: the audience's), keeping the
// channel's rules: its allowed hours (read on the week of start), its
// minimum spacing between any two chosen slots (around the week, so Sunday
// 23:00 and Monday 00:00 are an hour apart) and its daily cap.
//
// Slots are taken by score, best first (the ranking's order); a slot that
// breaks a rule with those already taken is passed over. The chosen slots
// become one routine per hour of the day, FREQ=WEEKLY with the days of
// that hour (BYDAY), starting at the first of its days on or after start's
// date, at that hour in start's zone (calendar.Date: a wall time the
// clocks skip moves as RFC 5545 says). Each routine's ID is derived from
// the account and the hour, so the same proposal gives the same IDs; its
// pillar and format are left for the strategist. The slots chosen are
// returned beside the routines, with their evidence.
//
// Errors: postsPerWeek outside 1 to 168, an unknown channel or a malformed
// handle; ErrNoTimeEvidence when best.Evidence is false; ErrTooFewSlots
// (saying how many fit) when the rules leave fewer slots than asked for.
func ProposeRoutines(best kpi.BestTimes, postsPerWeek int, account channel.AccountRef, start time.Time, rules calendar.ChannelRules) ([]calendar.Routine, []kpi.SlotScore, error) {
	switch {
	case postsPerWeek < 1 || postsPerWeek > 7*24:
		return nil, nil, fmt.Errorf("strategy: %d posts a week: must be 1 to 168", postsPerWeek)
	case !account.Channel.IsValid():
		return nil, nil, fmt.Errorf("strategy: %q is not a known channel", account.Channel)
	case account.Handle != "" && channel.CheckHandle(nil, account.Handle) != nil:
		return nil, nil, fmt.Errorf("strategy: %q is not a handle", account.Handle)
	case start.IsZero():
		return nil, nil, errors.New("strategy: the proposal's start is required")
	case !best.Evidence:
		return nil, nil, ErrNoTimeEvidence
	}
	loc := start.Location()
	y, m, d := start.Date()
	// weekStart is the Sunday of start's week, the week allowed hours are
	// read on.
	weekStart := calendar.LocalDate{Year: y, Month: m, Day: d}.AddDays(-int(start.Weekday()))
	at := func(s kpi.HourSlot) time.Time {
		day := weekStart.AddDays(int(s.Weekday))
		return calendar.Date(day.Year, day.Month, day.Day, s.Hour, 0, 0, 0, loc)
	}
	// hourOfWeek places a slot on the week's clock: 0 to 167.
	hourOfWeek := func(s kpi.HourSlot) int { return int(s.Weekday)*24 + s.Hour }
	gap := rules.MinSpacing.Std()
	var chosen []kpi.SlotScore
	perDay := [7]int{}
	for _, s := range best.Slots {
		if len(chosen) == postsPerWeek {
			break
		}
		if rules.AllowedHours != nil && !rules.AllowedHours.Open(at(s.Slot)) {
			continue
		}
		if rules.DailyCap > 0 && perDay[s.Slot.Weekday] >= rules.DailyCap {
			continue
		}
		fits := true
		for _, c := range chosen {
			apart := hourOfWeek(s.Slot) - hourOfWeek(c.Slot)
			apart = min((apart%168+168)%168, (-apart%168+168)%168)
			if time.Duration(apart)*time.Hour < gap {
				fits = false
				break
			}
		}
		if !fits {
			continue
		}
		chosen = append(chosen, s)
		perDay[s.Slot.Weekday]++
	}
	if len(chosen) < postsPerWeek {
		return nil, nil, fmt.Errorf("%w: %d of the %d posts a week fit", ErrTooFewSlots, len(chosen), postsPerWeek)
	}
	// One routine per hour, with its days.
	days := map[int][]time.Weekday{}
	for _, c := range chosen {
		days[c.Slot.Hour] = append(days[c.Slot.Hour], c.Slot.Weekday)
	}
	hours := make([]int, 0, len(days))
	for h := range days {
		hours = append(hours, h)
	}
	slices.Sort(hours)
	startDate := calendar.LocalDate{Year: y, Month: m, Day: d}
	routines := make([]calendar.Routine, 0, len(hours))
	for _, h := range hours {
		ds := days[h]
		slices.Sort(ds)
		codes := make([]string, len(ds))
		for i, wd := range ds {
			codes[i] = strings.ToUpper(wd.String()[:2])
		}
		rule, err := calendar.ParseRule("FREQ=WEEKLY;BYDAY=" + strings.Join(codes, ","))
		if err != nil {
			return nil, nil, err
		}
		first := startDate
		for !slices.Contains(ds, first.Weekday()) {
			first = first.AddDays(1)
		}
		id := uuid.NewSHA1(uuid.NameSpaceURL, fmt.Appendf(nil, "tandem:proposed-routine:%s/%s/%02d", account.Channel, strings.ToLower(account.Handle), h))
		routines = append(routines, calendar.Routine{
			ID: id, Channel: account.Channel, Account: account.Handle,
			Recurrence: calendar.Recurrence{Start: calendar.Date(first.Year, first.Month, first.Day, h, 0, 0, 0, loc), Rule: rule},
		})
	}
	return routines, chosen, nil
}

// BestTimes ranks the weekday × hour slots of account's posts by formula
// f at age (kpi.RankTimes of kpi.PostResults.PerPost): each post is placed
// in the slot its entry went out in, on the wall clock of the account's
// audience zone (channel.Account.Zone, else the plan's Zone). Only the
// results of account's posts are read; account is one of the brand's
// (an empty handle: its only account on the network).
//
// The results are checked against the plan first (see CheckPosts); an
// account that is not the brand's is an error from channel
// (ErrUnknownAccount, ErrAmbiguousAccount, ErrNotOwnAccount), and
// PerPost's and RankTimes' errors are returned as they are.
func (s *Strategy) BestTimes(posts kpi.PostResults, f kpi.Formula, age kpi.Age, account channel.AccountRef) (kpi.BestTimes, error) {
	ix := s.Accounts.Index()
	if err := s.checkPosts(posts, ix); err != nil {
		return kpi.BestTimes{}, err
	}
	planLoc, err := s.Location()
	if err != nil {
		return kpi.BestTimes{}, err
	}
	a, err := ix.Resolve(account)
	if err != nil {
		return kpi.BestTimes{}, err
	}
	if !a.Own() {
		return kpi.BestTimes{}, fmt.Errorf("%w: %s", channel.ErrNotOwnAccount, a)
	}
	return s.bestTimes(ix, posts, f, age, a, planLoc)
}

// bestTimes is BestTimes on posts CheckPosts accepted, for the brand's
// account a; ix is the plan's account index.
func (s *Strategy) bestTimes(ix *channel.AccountIndex, posts kpi.PostResults, f kpi.Formula, age kpi.Age, a channel.Account, planLoc *time.Location) (kpi.BestTimes, error) {
	loc := planLoc
	if a.Zone != "" {
		var err error
		if loc, err = a.Location(); err != nil {
			return kpi.BestTimes{}, err
		}
	}
	own := accountPosts(ix, posts, a)
	pp, err := own.PerPost(f, age)
	if err != nil {
		return kpi.BestTimes{}, err
	}
	at := make(map[uuid.UUID]time.Time, len(s.Entries))
	for _, e := range s.Entries {
		at[e.ID] = e.At
	}
	values := make([]kpi.TimedValue, 0, len(pp.Values))
	for _, v := range pp.Values {
		t := at[v.Post.Entry].In(loc)
		values = append(values, kpi.TimedValue{Slot: kpi.HourSlot{Weekday: t.Weekday(), Hour: t.Hour()}, Value: v.Value})
	}
	return kpi.RankTimes(values)
}

// accountPosts returns the results of posts published from a (results
// CheckPosts accepted), resolving each handle once.
func accountPosts(ix *channel.AccountIndex, posts kpi.PostResults, a channel.Account) kpi.PostResults {
	type ref struct {
		ch     channel.Channel
		handle string
	}
	is := map[ref]bool{}
	var out kpi.PostResults
	for _, r := range posts {
		k := ref{r.Channel, r.Account}
		match, ok := is[k]
		if !ok {
			b, err := ix.Resolve(channel.AccountRef{Channel: r.Channel, Handle: r.Account})
			match = err == nil && b.Channel == a.Channel && channel.SameHandle(b.Handle, a.Handle)
			is[k] = match
		}
		if match {
			out = append(out, r)
		}
	}
	return out
}
