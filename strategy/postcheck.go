package strategy

import (
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/validation"
)

// CheckPosts reports every problem of the post results rs against the
// plan, as a *validation.Error with paths below rs ([3].entry), after
// rs.Validate's own (a negative count, a repeated figure, a missing
// currency):
//
//   - a result whose entry is not one of the plan's entries (not_found at
//     [i].entry): the plan cannot say what that post was;
//   - a result on another network than its entry's (conflict at
//     [i].channel);
//   - a result whose account is not a brand account of the plan, or is not
//     one the entry is published from (not_found at [i].account; an empty
//     handle is the brand's only account on the network, required when it
//     has two);
//   - a spend whose currency is not that of the budget of the entry's
//     campaign, when the campaign has a budget (conflict at
//     [i].currency): spend is paced against that budget, and amounts in
//     two currencies are never added.
//
// Review checks ReviewOptions.Posts with it, so that no result is left out
// of what works without a word.
func (s *Strategy) CheckPosts(rs kpi.PostResults) error {
	return s.checkPosts(rs, s.Accounts.Index())
}

// checkPosts is CheckPosts with the plan's account index.
func (s *Strategy) checkPosts(rs kpi.PostResults, ix *channel.AccountIndex) error {
	if err := rs.Validate(); err != nil {
		return err
	}
	entries := make(map[uuid.UUID]int, len(s.Entries))
	for i, e := range s.Entries {
		if _, dup := entries[e.ID]; !dup {
			entries[e.ID] = i
		}
	}
	currencies := make(map[uuid.UUID]string, len(s.Campaigns))
	for _, c := range s.Campaigns {
		if c.Budget.Currency != "" {
			currencies[c.ID] = c.Budget.Currency
		}
	}
	var list validation.ErrorList
	for i, r := range rs {
		p := validation.NewPath("").Index(i)
		ei, ok := entries[r.Entry]
		if !ok {
			list = list.Add(validation.NotFound(p.Child("entry"), r.Entry.String(), "no entry of the plan has this ID"))
		} else {
			list = append(list, checkPostOfEntry(p, ix, s, ei, r, currencies)...)
		}
		if list.Full() {
			list = list.Omit(len(rs) - i - 1)
			break
		}
	}
	return list.Err()
}

// checkPostOfEntry checks result r of entry s.Entries[ei]: its network, its
// account and the currency of its spend.
func checkPostOfEntry(p *validation.Path, ix *channel.AccountIndex, s *Strategy, ei int, r kpi.PostResult, currencies map[uuid.UUID]string) validation.ErrorList {
	e := &s.Entries[ei]
	var list validation.ErrorList
	if r.Channel != e.Channel {
		return list.Add(validation.Conflict(p.Child("channel"), string(r.Channel), fmt.Sprintf("entry %s is published on %s", e.ID, e.Channel)))
	}
	a, err := ix.Resolve(channel.AccountRef{Channel: r.Channel, Handle: r.Account})
	switch {
	case err != nil:
		list = list.Add(accountError(p.Child("account"), r.Account, err))
	case !publishesFrom(ix, e.Channel, e.Targets(), a):
		list = list.Add(validation.NotFound(p.Child("account"), r.Account, fmt.Sprintf("entry %s is not published from %s", e.ID, a)))
	}
	if want, ok := currencies[e.CampaignID]; ok && r.Metric == kpi.Spend && r.Currency != want {
		list = list.Add(validation.Conflict(p.Child("currency"), r.Currency, fmt.Sprintf("the budget of the entry's campaign is in %s", want)))
	}
	return list
}

// publishesFrom reports whether one of handles on c resolves to a.
func publishesFrom(ix *channel.AccountIndex, c channel.Channel, handles []string, a channel.Account) bool {
	return slices.ContainsFunc(handles, func(h string) bool {
		b, err := ix.Resolve(channel.AccountRef{Channel: c, Handle: h})
		return err == nil && channel.SameHandle(b.Handle, a.Handle)
	})
}
