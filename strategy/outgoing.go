package strategy

import (
	"errors"
	"slices"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// Calendar returns the plan's calendar as it goes out to the networks and
// to the export files ([calendar.WriteICS], [calendar.WriteCSV]):
//
//   - every routine and entry names the account it publishes from, where
//     the plan let it be implied (the brand's only account on the
//     network), so that the exports can say which account posts;
//   - every entry of a campaign with a [LinkPolicy] has its links tagged
//     (calendar.TagEntry), in its own fields and its variants;
//   - the milestones and the calendar rules' blackouts come along.
//
// Each entry is checked again as it will be published: a tagged link
// counts as its whole length on most networks, and 23 characters on X, so
// a text that fitted may no longer fit. When any entry cannot go out as
// planned (its account does not resolve, its link cannot be tagged, or it
// does not validate, before or after tagging) Calendar returns the zero
// Calendar and a *validation.Error naming every such entry
// (entries[3].text), and nothing is dropped silently; Verify's links.tagged
// rule reports the same tagging problems as findings. The plan is not
// changed.
func (s *Strategy) Calendar() (calendar.Calendar, error) {
	ix := newIndex(s)
	cal := calendar.Calendar{
		Routines:   make([]calendar.Routine, len(s.Routines)),
		Entries:    make([]calendar.Entry, len(s.Entries)),
		Milestones: slices.Clone(s.Milestones),
		Blackouts:  slices.Clone(s.CalendarRules.Blackouts),
	}
	var list validation.ErrorList
	for i, r := range s.Routines {
		a, err := ix.accounts.Resolve(channel.AccountRef{Channel: r.Channel, Handle: r.Account})
		if err != nil {
			list = append(list, accountError(validation.NewPath("routines").Index(i).Child("account"), r.Account, err))
		}
		r.Account = a.Handle
		cal.Routines[i] = r
	}
	for i := range s.Entries {
		e, unresolved, untagged := s.outgoing(ix, i)
		list = append(list, unresolved...)
		list = append(list, untagged...)
		cal.Entries[i] = e
	}
	// The calendar's own problems, at the plan's paths (the calendar's
	// lists are the plan's, in the same order), but for those reported
	// above already.
	reported := list.Err()
	for _, fe := range fieldErrors(cal.Validate()) {
		if !validation.Has(reported, fe.Code, fe.Path) {
			list = append(list, fe)
		}
	}
	if len(list) > 0 {
		return calendar.Calendar{}, list.Err()
	}
	return cal, nil
}

// outgoing returns entry i as it is published: its accounts named and its
// links tagged by its campaign's policy. What stands in the way is
// reported at paths below entries[i]: unresolved lists the accounts that do
// not resolve (nothing is tagged then); untagged, a link that cannot be
// tagged and, when the tags change the post, every limit the tagged post
// breaks that the untagged one did not.
func (s *Strategy) outgoing(ix *index, i int) (e calendar.Entry, unresolved, untagged validation.ErrorList) {
	e = s.Entries[i]
	at := func() *validation.Path { return validation.NewPath("entries").Index(i) }
	if !e.Channel.IsValid() {
		return e, nil, nil
	}
	var list validation.ErrorList
	accounts := make(map[string]channel.Account, len(e.Targets()))
	var named []string
	for j, h := range e.Targets() {
		a, err := ix.accounts.Resolve(channel.AccountRef{Channel: e.Channel, Handle: h})
		if err != nil {
			p := at().Child("accounts")
			if h != "" {
				p = p.Index(j)
			}
			list = append(list, accountError(p, h, err))
			continue
		}
		accounts[h] = a
		named = append(named, a.Handle)
	}
	if len(list) > 0 {
		return e, list, nil
	}
	ci, ok := ix.campaigns[e.CampaignID]
	if !ok || e.CampaignID == uuid.Nil || s.Campaigns[ci].Links.IsZero() {
		if len(e.Accounts) == 0 {
			e.Accounts = named
		}
		return e, nil, nil
	}
	policy := s.Campaigns[ci].Links
	tagged, err := calendar.TagEntry(e, func(h string) calendar.LinkTags {
		return policy.tags(e, e.CampaignID, accounts[h])
	})
	if err != nil {
		return e, nil, list.Merge(at(), err)
	}
	if len(tagged.Accounts) == 0 {
		// One implied account: TagEntry tagged the entry's own fields.
		tagged.Accounts = named
	}
	if tagged.Link == e.Link && len(tagged.Variants) == len(e.Variants) && !hasVariantLink(e.Variants) {
		return tagged, nil, nil // no link: nothing changed
	}
	after := tagged.ValidatePost()
	if after == nil {
		return tagged, nil, nil
	}
	before := e.ValidatePost()
	for _, fe := range fieldErrors(after) {
		if !validation.Has(before, fe.Code, fe.Path) {
			fe.Detail = "once its links are tagged: " + fe.Detail
			list = list.Merge(at(), validation.ErrorList{fe}.Err())
		}
	}
	return tagged, nil, list
}

// fieldErrors returns the field errors of err, a *validation.Error, or
// none.
func fieldErrors(err error) validation.ErrorList {
	var verr *validation.Error
	if !errors.As(err, &verr) {
		return nil
	}
	return verr.Errors
}

// hasVariantLink reports whether a variant has a link of its own.
func hasVariantLink(vs []calendar.Variant) bool {
	for _, v := range vs {
		if v.Link != "" {
			return true
		}
	}
	return false
}
