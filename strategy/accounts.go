package strategy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// validateAccounts checks the plan's accounts and every reference to one:
// the list itself (handles, one handle per network), the competitors that
// hold accounts, a brand account on every network the plan chose, and the
// accounts the entries and routines publish from. Paths are built only for
// the problems found.
func (s *Strategy) validateAccounts(list validation.ErrorList, ix *index) validation.ErrorList {
	list = append(list, s.Accounts.ValidateAt(validation.NewPath("accounts"))...)
	competitors := make(map[string]bool, len(s.Research.Competitors))
	for _, c := range s.Research.Competitors {
		competitors[c.Name] = true
	}
	for i, a := range s.Accounts {
		if a.Competitor != "" && !competitors[a.Competitor] {
			list = append(list, validation.NotFound(validation.NewPath("accounts").Index(i).Child("competitor"), a.Competitor,
				"names no competitor of the research"))
		}
	}
	for i, c := range s.Channels {
		if c.Channel.IsValid() && ix.accounts.OwnCount(c.Channel) == 0 {
			list = append(list, validation.Required(validation.NewPath("channels").Index(i).Child("channel"),
				fmt.Sprintf("the brand has no account on %s: add the account it publishes from to accounts, {\"channel\":%q,\"handle\":\"…\"}", c.Channel.Name(), c.Channel)))
		}
	}
	for i, e := range s.Entries {
		if !e.Channel.IsValid() {
			continue
		}
		for j, h := range e.Targets() {
			if _, err := ix.accounts.Resolve(channel.AccountRef{Channel: e.Channel, Handle: h}); err != nil {
				at := func() *validation.Path { return validation.NewPath("entries").Index(i).Child("accounts").Index(j) }
				if h == "" {
					at = func() *validation.Path { return validation.NewPath("entries").Index(i).Child("accounts") }
				}
				list = append(list, accountError(at(), h, err))
			}
		}
	}
	for i, r := range s.Routines {
		if !r.Channel.IsValid() {
			continue
		}
		if _, err := ix.accounts.Resolve(channel.AccountRef{Channel: r.Channel, Handle: r.Account}); err != nil {
			list = append(list, accountError(validation.NewPath("routines").Index(i).Child("account"), r.Account, err))
		}
	}
	// Links a campaign tags must not carry UTM tags of their own that the
	// policy's would overwrite (other problems with a link are the entry's
	// own).
	for i, e := range s.Entries {
		ci, ok := ix.campaigns[e.CampaignID]
		if !ok || s.Campaigns[ci].Links.IsZero() || !carriesUTM(e) {
			continue
		}
		for _, fe := range s.outgoing(ix, i).untaggable {
			if fe.Code == validation.CodeConflict || fe.Code == validation.CodeDuplicate {
				list = append(list, fe)
			}
		}
	}
	// A KPI may measure any account the plan knows, a competitor's too.
	for i, k := range s.KPIs {
		for j, ref := range k.Accounts {
			if ref.Channel.IsValid() && ref.Handle != "" {
				if _, ok := ix.accounts.Find(ref); !ok {
					list = append(list, validation.NotFound(validation.NewPath("kpis").Index(i).Child("accounts").Index(j).Child("handle"), ref.Handle,
						fmt.Sprintf("%s is not among the plan's accounts", ref)))
				}
			}
		}
	}
	// Statements are published, and pauses hold posts, from the brand's
	// own accounts only.
	own := func(p func() *validation.Path, ref channel.AccountRef) {
		if !ref.Channel.IsValid() || ref.Handle == "" {
			return
		}
		if _, err := ix.accounts.Resolve(ref); err != nil {
			list = append(list, accountError(p(), ref.Handle, err))
		}
	}
	for i, l := range s.Crisis.Levels {
		lp := func() *validation.Path { return validation.NewPath("crisis", "levels").Index(i) }
		for j, st := range l.Statements {
			own(func() *validation.Path { return lp().Child("statements").Index(j).Child("account") },
				channel.AccountRef{Channel: st.Channel, Handle: st.Account})
		}
		if l.Pause != nil {
			for j, ref := range l.Pause.Accounts {
				own(func() *validation.Path { return lp().Child("pause", "accounts").Index(j).Child("handle") }, ref)
			}
		}
	}
	return list
}

// accountError turns an error of channel.AccountIndex.Resolve into a field
// error at p: required when the reference names no handle and the brand
// has several accounts on the network, not_found otherwise.
func accountError(p *validation.Path, handle string, err error) *validation.FieldError {
	detail := strings.TrimPrefix(err.Error(), "channel: ")
	if errors.Is(err, channel.ErrAmbiguousAccount) {
		return validation.Required(p, detail)
	}
	return validation.NotFound(p, handle, detail)
}

// publishingAccounts returns the brand's accounts an entry or routine on c
// publishes from, by handle (an empty handle: its only account on c),
// resolved; an unresolved reference is left out (Validate reports it).
func publishingAccounts(ix *channel.AccountIndex, c channel.Channel, handles []string) []channel.Account {
	out := make([]channel.Account, 0, len(handles))
	for _, h := range handles {
		if a, err := ix.Resolve(channel.AccountRef{Channel: c, Handle: h}); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// carriesUTM reports whether a link of e (its own or a variant's) may
// carry a UTM parameter: a cheap test before tagging it.
func carriesUTM(e calendar.Entry) bool {
	has := func(link string) bool {
		return strings.Contains(link, "utm_") || strings.Contains(strings.ToLower(link), "utm%5f")
	}
	if has(e.Link) {
		return true
	}
	for _, v := range e.Variants {
		if has(v.Link) {
			return true
		}
	}
	return false
}
