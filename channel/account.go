package channel

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tandemsocial/tandem/validation"
)

// MaxHandleLength is the most characters a handle may have. The longest
// handles tandem knows are Mastodon's user@server and Bluesky's domain
// names (up to 253 characters); 300 leaves room for both.
const MaxHandleLength = 300

// Account is a presence on one network: the brand's company page, a
// showcase page, an executive's profile, or a competitor's account that
// the community manager watches.
//
// An account is named by its network and its handle, which other values
// (entries, routines, KPIs, observations, interactions, crisis statements
// and pauses) use to refer to it. Handles are written without the leading
// "@" and compared without regard to case, as every network compares
// them.
type Account struct {
	// Channel is the network the account is on.
	Channel Channel `json:"channel"`
	// Handle is the account's handle on the network, without "@":
	// "acmecoffee", "jane@mastodon.social", "acme.bsky.social".
	Handle string `json:"handle"`
	// Name is how people call the account ("Acme Coffee", "Jane Roe,
	// founder"); optional.
	Name string `json:"name,omitempty"`
	// PlatformID is the ID the caller's publishing platform (or the
	// network's API) uses for the account: a Sprout Social profile ID, a
	// Hootsuite social profile ID, a Facebook page ID. Optional; the bulk
	// exports that need it say so.
	PlatformID string `json:"platformId,omitempty"`
	// Competitor names the competitor that holds the account; empty for
	// the brand's own accounts. The brand publishes only from its own.
	Competitor string `json:"competitor,omitempty"`
	// Zone is the IANA time zone most of the account's audience lives in
	// ("America/Mexico_City"); empty means the plan's zone.
	Zone string `json:"zone,omitempty"`
}

// Own reports whether the account is the brand's own.
func (a Account) Own() bool { return a.Competitor == "" }

// Ref returns the reference that names a: its network and handle.
func (a Account) Ref() AccountRef { return AccountRef{Channel: a.Channel, Handle: a.Handle} }

// String prints the account as "@handle on Network".
func (a Account) String() string { return a.Ref().String() }

// Location loads the account's audience zone; an empty Zone returns nil
// and no error, meaning "the plan's zone".
func (a Account) Location() (*time.Location, error) {
	if a.Zone == "" {
		return nil, nil
	}
	return loadZone(a.Zone)
}

// loadZone loads an IANA zone by name, refusing "Local" and the empty
// name, which time.LoadLocation accepts but which name no IANA zone.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("channel: %q is not an IANA time zone", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("channel: %q is not an IANA time zone", name)
	}
	return loc, nil
}

// Validate reports every problem with a: an unknown network, a missing or
// malformed handle, a platform ID or name with control characters, and a
// zone that is not an IANA zone.
func (a Account) Validate() error {
	return a.validate(func() *validation.Path { return nil }).Err()
}

func (a Account) validate(at func() *validation.Path) validation.ErrorList {
	// Paths are built only for the problems found: a plan may hold many
	// accounts, validated on every Validate and Verify.
	var list validation.ErrorList
	switch {
	case a.Channel == "":
		list = append(list, validation.Required(at().Child("channel"), ""))
	case !a.Channel.IsValid():
		list = append(list, validation.NotSupported(at().Child("channel"), string(a.Channel), all))
	}
	if fe := CheckHandle(nil, a.Handle); fe != nil {
		fe.Path = at().Child("handle").String()
		list = append(list, fe)
	}
	for _, f := range [...]struct{ name, value string }{
		{"name", a.Name}, {"platformId", a.PlatformID}, {"competitor", a.Competitor},
	} {
		if fe := checkLabel(nil, f.value); fe != nil {
			fe.Path = at().Child(f.name).String()
			list = append(list, fe)
		}
	}
	if a.Zone != "" {
		if _, err := loadZone(a.Zone); err != nil {
			list = append(list, validation.Invalid(at().Child("zone"), a.Zone, "is not an IANA time zone"))
		}
	}
	return list
}

// checkLabel accepts the empty string or UTF-8 text of at most
// MaxHandleLength characters without control characters.
func checkLabel(p *validation.Path, s string) *validation.FieldError {
	if s == "" {
		return nil
	}
	if !utf8.ValidString(s) {
		return validation.Invalid(p, validation.Excerpt(s), "must be UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > MaxHandleLength {
		return validation.TooLong(p, validation.Excerpt(s), n, MaxHandleLength, "characters")
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return validation.Invalid(p, validation.Excerpt(s), "must not contain control characters")
	}
	return nil
}

// CheckHandle reports, at p, what is wrong with handle as an account's
// handle: empty, a leading "@" (write the handle without it), a space or
// control character, invalid UTF-8, or more than MaxHandleLength
// characters. It returns nil for a good handle.
func CheckHandle(p *validation.Path, handle string) *validation.FieldError {
	switch {
	case handle == "":
		return validation.Required(p, "")
	case !utf8.ValidString(handle):
		return validation.Invalid(p, validation.Excerpt(handle), "must be UTF-8")
	case handle[0] == '@':
		return validation.Invalid(p, validation.Excerpt(handle), "write the handle without the leading @")
	}
	if n := utf8.RuneCountInString(handle); n > MaxHandleLength {
		return validation.TooLong(p, validation.Excerpt(handle), n, MaxHandleLength, "characters")
	}
	if strings.IndexFunc(handle, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return validation.Invalid(p, validation.Excerpt(handle), "must not contain spaces or control characters")
	}
	return nil
}

// SameHandle reports whether two handles name the same account on one
// network: equal without regard to case or a leading "@".
func SameHandle(a, b string) bool { return handleKey(a) == handleKey(b) }

// AccountRef names an account: a network and a handle. Values that
// publish or measure something on an account carry one as two fields, the
// channel and the account's handle; an empty Handle names the network as a
// whole (see [Accounts.Resolve]).
type AccountRef struct {
	Channel Channel `json:"channel"`
	Handle  string  `json:"handle,omitempty"`
}

// String prints r as "@handle on Network", or the network's name alone
// when r has no handle.
func (r AccountRef) String() string {
	if r.Handle == "" {
		return r.Channel.Name()
	}
	return "@" + strings.TrimPrefix(r.Handle, "@") + " on " + r.Channel.Name()
}

// Is reports whether r names a: the same network and the same handle.
func (r AccountRef) Is(a Account) bool {
	return r.Channel == a.Channel && SameHandle(r.Handle, a.Handle)
}

// Accounts are the accounts a plan knows: the brand's own, on one or
// several networks (several on one network allowed), and the competitors'
// it watches.
type Accounts []Account

// Errors of [Accounts.Resolve], matched with errors.Is.
var (
	// ErrUnknownAccount: the reference names no account of the list.
	ErrUnknownAccount = errors.New("channel: no such account")
	// ErrAmbiguousAccount: the reference names a network but no handle,
	// and the brand has several accounts there.
	ErrAmbiguousAccount = errors.New("channel: several accounts on the network")
	// ErrNotOwnAccount: the reference names a competitor's account where
	// only the brand's own can act (publishing, answering).
	ErrNotOwnAccount = errors.New("channel: not the brand's own account")
)

// Validate reports every problem of every account, with paths such as
// [2].handle, and two accounts with one handle on one network (compared
// without regard to case) or one platform ID on one network.
func (as Accounts) Validate() error { return as.validate(nil).Err() }

func (as Accounts) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	type key struct {
		c Channel
		h string
	}
	handles := make(map[key]int, len(as))
	ids := make(map[key]int)
	for i, a := range as {
		ap := func() *validation.Path { return p.Index(i) }
		list = append(list, a.validate(ap)...)
		k := key{a.Channel, handleKey(a.Handle)}
		if j, dup := handles[k]; dup && a.Handle != "" {
			list = append(list, &validation.FieldError{Path: ap().Child("handle").String(), Code: validation.CodeDuplicate,
				Value: a.Handle, Detail: fmt.Sprintf("is %s, as account %d is", a.Ref(), j)})
		} else {
			handles[k] = i
		}
		if a.PlatformID == "" {
			continue
		}
		k = key{a.Channel, a.PlatformID}
		if j, dup := ids[k]; dup {
			list = append(list, &validation.FieldError{Path: ap().Child("platformId").String(), Code: validation.CodeDuplicate,
				Value: a.PlatformID, Detail: fmt.Sprintf("is also the platform ID of account %d on %s", j, a.Channel.Name())})
		} else {
			ids[k] = i
		}
	}
	return list
}

// ValidateAt is Validate with paths below p ("accounts[2].handle"), for a
// type that holds a list of accounts in a field.
func (as Accounts) ValidateAt(p *validation.Path) validation.ErrorList { return as.validate(p) }

// Find returns the account r names exactly, and false when there is none.
// A reference without a handle finds nothing; see Resolve.
func (as Accounts) Find(r AccountRef) (Account, bool) {
	if r.Handle == "" {
		return Account{}, false
	}
	for _, a := range as {
		if r.Is(a) {
			return a, true
		}
	}
	return Account{}, false
}

// Resolve returns the account a value that acts for the brand (an entry,
// a routine, a statement) refers to. A reference with a handle must name
// one of the brand's own accounts; a reference without one names the
// brand's only own account on the network, so that a plan with one account
// per network is as short to write as one without accounts. The error
// matches ErrUnknownAccount, ErrAmbiguousAccount or ErrNotOwnAccount, and
// says which accounts there are.
//
// Resolve looks through the list; to resolve many references, build an
// [AccountIndex] once.
func (as Accounts) Resolve(r AccountRef) (Account, error) { return as.Index().Resolve(r) }

// AccountIndex finds a list's accounts by reference in constant time.
// Build it with [Accounts.Index]; it reads the list it was built from,
// which must not change while the index is used.
type AccountIndex struct {
	accounts Accounts
	byKey    map[accountKey]int
	own      map[Channel][]int
}

type accountKey struct {
	c Channel
	h string
}

// handleKey is the form in which handles are compared: without the "@",
// lower-cased.
func handleKey(h string) string { return strings.ToLower(strings.TrimPrefix(h, "@")) }

// Index indexes the accounts by network and handle. Of two accounts with
// one handle on one network (which Validate reports), the first is found.
func (as Accounts) Index() *AccountIndex {
	ix := &AccountIndex{accounts: as, byKey: make(map[accountKey]int, len(as)), own: map[Channel][]int{}}
	for i, a := range as {
		k := accountKey{a.Channel, handleKey(a.Handle)}
		if _, dup := ix.byKey[k]; !dup {
			ix.byKey[k] = i
		}
		if a.Own() {
			ix.own[a.Channel] = append(ix.own[a.Channel], i)
		}
	}
	return ix
}

// Find returns the account r names exactly, as [Accounts.Find] does.
func (ix *AccountIndex) Find(r AccountRef) (Account, bool) {
	if r.Handle == "" {
		return Account{}, false
	}
	i, ok := ix.byKey[accountKey{r.Channel, handleKey(r.Handle)}]
	if !ok {
		return Account{}, false
	}
	return ix.accounts[i], true
}

// Resolve returns the account r refers to, as [Accounts.Resolve] does.
func (ix *AccountIndex) Resolve(r AccountRef) (Account, error) {
	if r.Handle != "" {
		a, ok := ix.Find(r)
		switch {
		case !ok:
			return Account{}, fmt.Errorf("%w: %s is not among the plan's accounts (the brand's on %s: %s)", ErrUnknownAccount, r, r.Channel.Name(), ix.ownOn(r.Channel))
		case !a.Own():
			return Account{}, fmt.Errorf("%w: %s is %s's", ErrNotOwnAccount, r, a.Competitor)
		}
		return a, nil
	}
	switch own := ix.own[r.Channel]; len(own) {
	case 0:
		return Account{}, fmt.Errorf("%w: the brand has no account on %s", ErrUnknownAccount, r.Channel.Name())
	case 1:
		return ix.accounts[own[0]], nil
	default:
		return Account{}, fmt.Errorf("%w: the brand has %d accounts on %s (%s); name one", ErrAmbiguousAccount, len(own), r.Channel.Name(), ix.ownOn(r.Channel))
	}
}

// ownOn lists the brand's handles on c, for an error message: "@a, @b",
// the first five and a count of the rest ("@a, …, @e and 12 more"), or
// "none", so that a message stays short however many accounts there are.
func (ix *AccountIndex) ownOn(c Channel) string {
	own := ix.own[c]
	if len(own) == 0 {
		return "none"
	}
	const shown = 5
	hs := make([]string, 0, min(len(own), shown))
	for _, i := range own[:min(len(own), shown)] {
		hs = append(hs, "@"+ix.accounts[i].Handle)
	}
	list := strings.Join(hs, ", ")
	if len(own) > shown {
		list += fmt.Sprintf(" and %d more", len(own)-shown)
	}
	return list
}

// Own returns the brand's own accounts, in order.
func (as Accounts) Own() Accounts {
	var out Accounts
	for _, a := range as {
		if a.Own() {
			out = append(out, a)
		}
	}
	return out
}

// On returns the accounts on c, in order.
func (as Accounts) On(c Channel) Accounts {
	var out Accounts
	for _, a := range as {
		if a.Channel == c {
			out = append(out, a)
		}
	}
	return out
}

// OwnOn returns the brand's own accounts on c, in list order, without
// copying them.
func (ix *AccountIndex) OwnOn(c Channel) iter.Seq[Account] {
	return func(yield func(Account) bool) {
		for _, i := range ix.own[c] {
			if !yield(ix.accounts[i]) {
				return
			}
		}
	}
}

// OwnCount returns how many of the brand's own accounts are on c.
func (ix *AccountIndex) OwnCount(c Channel) int { return len(ix.own[c]) }

// CheckRefs reports, with paths below p ([i].channel, [i].handle), the
// problems of a list of references that narrows a value to some accounts
// (a KPI to the accounts it reads, a pause to the accounts it holds): a
// missing or unknown network, a missing or malformed handle, an account
// listed twice (handles compared without regard to case), and an account
// on one of whole, the networks the same value already covers as a whole
// (a conflict: the network includes the account). It returns nil for a
// good list, and builds paths only for the problems found.
func CheckRefs(p *validation.Path, refs []AccountRef, whole []Channel) validation.ErrorList {
	if len(refs) == 0 {
		return nil
	}
	var list validation.ErrorList
	seen := make(map[accountKey]int, len(refs))
	for i, r := range refs {
		switch {
		case r.Channel == "":
			list = append(list, validation.Required(p.Index(i).Child("channel"), "an account names its network"))
		case !r.Channel.IsValid():
			list = append(list, validation.NotSupported(p.Index(i).Child("channel"), string(r.Channel), all))
		case slices.Contains(whole, r.Channel):
			list = append(list, validation.Conflict(p.Index(i).Child("channel"), string(r.Channel),
				fmt.Sprintf("%s is covered as a whole (channels lists it), which includes %s", r.Channel, r)))
		}
		if r.Handle == "" {
			list = append(list, validation.Required(p.Index(i).Child("handle"), "name the account; to cover the whole network, list it in channels"))
			continue
		}
		if fe := CheckHandle(nil, r.Handle); fe != nil {
			fe.Path = p.Index(i).Child("handle").String()
			list = append(list, fe)
			continue
		}
		k := accountKey{r.Channel, handleKey(r.Handle)}
		if j, dup := seen[k]; dup {
			list = append(list, &validation.FieldError{Path: p.Index(i).Child("handle").String(), Code: validation.CodeDuplicate,
				Value: r.Handle, Detail: fmt.Sprintf("names %s again (first at index %d)", r, j)})
			continue
		}
		seen[k] = i
	}
	return list
}
