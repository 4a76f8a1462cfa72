package strategy

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

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
	reported := map[string]bool{} // "entries[3]" for each entry reported
	for i := range s.Entries {
		o := s.outgoing(ix, i)
		if p := o.problems(); len(p) > 0 {
			list = append(list, p...)
			reported[fmt.Sprintf("entries[%d]", i)] = true
		}
		cal.Entries[i] = o.entry
	}
	// The calendar's own problems, at the plan's paths (the calendar's
	// lists are the plan's, in the same order), but for the entries
	// reported above already.
	for _, fe := range fieldErrors(cal.Validate()) {
		entry, _, _ := strings.Cut(fe.Path, "]")
		if !reported[entry+"]"] {
			list = append(list, fe)
		}
	}
	if len(list) > 0 {
		return calendar.Calendar{}, list.Err()
	}
	return cal, nil
}

// outgoingEntry is one entry as it is published, and what stands in its
// way, at paths below entries[i].
type outgoingEntry struct {
	entry calendar.Entry
	// unresolved are the accounts that do not resolve; nothing is tagged
	// then.
	unresolved validation.ErrorList
	// untaggable are the links TagEntry refuses: not absolute http(s)
	// URLs, or carrying UTM tags of their own that the policy's would
	// overwrite.
	untaggable validation.ErrorList
	// overLimit are the limits the tagged post breaks that the untagged
	// one did not.
	overLimit validation.ErrorList
}

// problems returns every problem of o.
func (o outgoingEntry) problems() validation.ErrorList {
	return append(append(append(validation.ErrorList(nil), o.unresolved...), o.untaggable...), o.overLimit...)
}

// outgoing returns entry i as it is published: its accounts named and its
// links tagged by its campaign's policy.
func (s *Strategy) outgoing(ix *index, i int) outgoingEntry {
	e := s.Entries[i]
	out := outgoingEntry{entry: e}
	at := func() *validation.Path { return validation.NewPath("entries").Index(i) }
	if !e.Channel.IsValid() {
		return out
	}
	targets := e.Targets()
	accounts := make(map[string]channel.Account, len(targets))
	var named []string
	for j, h := range targets {
		a, err := ix.accounts.Resolve(channel.AccountRef{Channel: e.Channel, Handle: h})
		if err != nil {
			p := at().Child("accounts")
			if h != "" {
				p = p.Index(j)
			}
			out.unresolved = append(out.unresolved, accountError(p, h, err))
			continue
		}
		accounts[h] = a
		named = append(named, a.Handle)
	}
	if len(out.unresolved) > 0 {
		return out
	}
	if len(e.Accounts) == 0 {
		out.entry.Accounts = named
	}
	ci, ok := ix.campaigns[e.CampaignID]
	if !ok || e.CampaignID == uuid.Nil || s.Campaigns[ci].Links.IsZero() {
		return out
	}
	policy := s.Campaigns[ci].Links
	tagged, err := calendar.TagEntry(e, func(h string) calendar.LinkTags {
		return policy.tags(e, e.CampaignID, accounts[h])
	})
	if err != nil {
		out.untaggable = out.untaggable.Merge(at(), err)
		return out
	}
	if len(tagged.Accounts) == 0 {
		// One implied account: TagEntry tagged the entry's own fields.
		tagged.Accounts = named
	}
	out.entry = tagged
	changed := false
	for _, h := range targets {
		before, after := e.Post(h), tagged.Post(h)
		changed = changed || before.Text != after.Text || before.FirstComment != after.FirstComment || before.Link != after.Link
	}
	if !changed {
		return out
	}
	after := tagged.ValidatePost()
	if after == nil {
		return out
	}
	before := e.ValidatePost()
	for _, fe := range fieldErrors(after) {
		if validation.Has(before, fe.Code, fe.Path) {
			continue
		}
		fe.Detail = "once its links are tagged: " + fe.Detail
		// A variant that tagging made (one account's tagged link) is not
		// in the plan: name the account instead.
		if k, rest, ok := variantIndex(fe.Path); ok && k >= len(e.Variants) && k < len(tagged.Variants) {
			h := tagged.Variants[k].Account
			j := slices.IndexFunc(e.Accounts, func(a string) bool { return channel.SameHandle(a, h) })
			fe.Path = validation.NewPath("accounts").Index(j).String()
			fe.Detail = fmt.Sprintf("@%s's post (%s), %s", strings.TrimPrefix(h, "@"), strings.TrimPrefix(rest, "."), fe.Detail)
		}
		out.overLimit = out.overLimit.Merge(at(), validation.ErrorList{fe}.Err())
	}
	return out
}

// variantIndex reads a path "variants[k]…" into k and the rest.
func variantIndex(path string) (k int, rest string, ok bool) {
	num, ok := strings.CutPrefix(path, "variants[")
	if !ok {
		return 0, "", false
	}
	end := strings.IndexByte(num, ']')
	if end < 0 {
		return 0, "", false
	}
	k, err := strconv.Atoi(num[:end])
	return k, num[end+1:], err == nil
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
