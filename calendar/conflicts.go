package calendar

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/enum"
	"github.com/tandemsocial/tandem/internal/strictjson"
)

// ConflictKind names a rule that a set of entries breaks.
type ConflictKind string

// The conflicts [Conflicts] reports, in the order it sorts them at one
// instant.
const (
	// ConflictTooClose: two posts on one channel closer than its
	// MinSpacing.
	ConflictTooClose ConflictKind = "too_close"
	// ConflictOverDailyCap: more posts on one channel in one local day
	// than its DailyCap.
	ConflictOverDailyCap ConflictKind = "over_daily_cap"
	// ConflictInBlackout: a post inside a blackout that covers its
	// channel; one conflict per post, naming the first such blackout of
	// Rules.Blackouts and counting the others.
	ConflictInBlackout ConflictKind = "in_blackout"
	// ConflictOutsideHours: a post outside its channel's AllowedHours.
	ConflictOutsideHours ConflictKind = "outside_allowed_hours"
	// ConflictNearDuplicate: a group of posts on one channel whose texts
	// are near-duplicates, each within DuplicateDays of another of the
	// group; reported once per group, naming every post.
	ConflictNearDuplicate ConflictKind = "near_duplicate"
)

var allConflictKinds = []ConflictKind{
	ConflictTooClose, ConflictOverDailyCap, ConflictInBlackout, ConflictOutsideHours, ConflictNearDuplicate,
}

// IsValid reports whether k is a known kind.
func (k ConflictKind) IsValid() bool { return slices.Contains(allConflictKinds, k) }

// String returns the kind's identifier, such as "too_close".
func (k ConflictKind) String() string { return string(k) }

// MarshalText encodes a known kind; an unknown one is an error.
func (k ConflictKind) MarshalText() ([]byte, error) {
	return enum.Marshal("calendar.ConflictKind", k, allConflictKinds)
}

// UnmarshalText accepts exactly the identifiers of the known kinds.
func (k *ConflictKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal("calendar.ConflictKind", text, allConflictKinds, k)
}

// Conflict is one broken rule. JSON writes At as wall time plus zone, like
// [Entry.At].
type Conflict struct {
	// Kind is the rule broken.
	Kind ConflictKind
	// Channel is the channel of the entries.
	Channel channel.Channel
	// Entries are the IDs of the entries involved, in time order: the
	// pair for too_close, every post of the group for near_duplicate,
	// every post of the day for over_daily_cap, the one entry otherwise.
	// An entry is in at most one near_duplicate group, so all the
	// conflicts of a call name at most a few IDs per entry.
	Entries []uuid.UUID
	// At is the instant of the first entry involved, in its zone.
	At time.Time
	// Detail is a sentence for people.
	Detail string
}

type conflictJSON struct {
	Kind    ConflictKind    `json:"kind"`
	Channel channel.Channel `json:"channel"`
	Entries []uuid.UUID     `json:"entries"`
	At      string          `json:"at,omitempty"`
	Zone    string          `json:"zone,omitempty"`
	Detail  string          `json:"detail"`
}

// MarshalJSON writes At as wall time plus zone name.
func (c Conflict) MarshalJSON() ([]byte, error) {
	at, zone, err := atZone.encode(c.At)
	if err != nil {
		return nil, err
	}
	return json.Marshal(conflictJSON{Kind: c.Kind, Channel: c.Channel, Entries: c.Entries, At: at, Zone: zone, Detail: c.Detail})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *Conflict) UnmarshalJSON(data []byte) error {
	var j conflictJSON
	if err := strictjson.Unmarshal(data, &j); err != nil {
		return err
	}
	at, err := atZone.decode(j.At, j.Zone)
	if err != nil {
		return err
	}
	*c = Conflict{Kind: j.Kind, Channel: j.Channel, Entries: j.Entries, At: at, Detail: j.Detail}
	return nil
}

// counts reports whether an entry in status s takes part in the checks:
// cancelled, paused and failed entries will not go out at their instant.
func counts(s Status) bool {
	switch s {
	case StatusCancelled, StatusPaused, StatusFailed:
		return false
	}
	return true
}

// Conflicts reports every rule of rules that entries break. Cancelled,
// paused and failed entries are ignored. The result is sorted by instant,
// then kind (in the order of the ConflictKind constants), channel and entry
// IDs, so the same input always gives the same report.
//
// The spacing and daily-cap checks sort each channel's entries once and
// are O(n log n); the blackout check is O((n+b) log b) for b blackouts
// and reports an entry once, however many blackouts cover it; the
// near-duplicate check compares each entry with the entries of its channel
// in the DuplicateDays before it that share a pair of adjacent words with
// it (found through an index of word pairs) and are not yet in its group,
// so its cost does not grow with the number of posts in the window unless
// their texts overlap without being near-duplicates; k copies of one text
// cost O(k).
//
// Near-duplicates are reported by group: the posts of a channel linked by
// the relation "within DuplicateDays of each other, with near-duplicate
// texts", directly or through other posts of the group (a text reposted
// every day for a month, with a 7-day window, is one group of 30). Each
// group is one near_duplicate conflict that names all its posts.
//
// Two texts are near-duplicates when, after normalisation (lower case;
// links starting with http://, https:// or www. removed; every character
// that is not a letter, digit or combining mark turned into a space;
// whitespace collapsed), they are equal, or the Jaccard similarity of
// their sets of adjacent word pairs (the single word, for a one-word text)
// is at least DuplicateSimilarity percent. Texts that normalise to nothing
// are never near-duplicates.
//
// Conflicts judges entries, not routine slots: a slot inside a blackout is
// skipped (see [Slots]) and is no conflict, while an entry inside one, even
// an entry that fills a skipped slot, is reported as in_blackout, naming
// the blackout's reason, for a person to move or cancel.
//
// Rules must be valid: invalid rules are an error and no report.
func Conflicts(entries []Entry, rules Rules) ([]Conflict, error) {
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	states, err := rules.compile()
	if err != nil {
		return nil, err
	}
	var out []Conflict
	var dup dupScratch
	for c, list := range byChannel(entries, counts) {
		st := states[c]
		out = append(out, spacingConflicts(c, list, st.rules)...)
		out = append(out, capConflicts(c, list, st.rules)...)
		out = append(out, dup.conflicts(c, list, rules)...)
		cover := newBlackoutCover(c, rules.Blackouts)
		for _, e := range list {
			if st.hours != nil && !st.hours.open(e.At) {
				out = append(out, Conflict{
					Kind: ConflictOutsideHours, Channel: c, Entries: []uuid.UUID{e.ID}, At: e.At,
					Detail: fmt.Sprintf("%s is outside the allowed hours of %s", humanTime(e.At), c),
				})
			}
			if k := cover.conflict(c, e); k != nil {
				out = append(out, *k)
			}
		}
	}
	slices.SortStableFunc(out, compareConflicts)
	return out, nil
}

// blackoutCover finds, for one channel's entries in time order, the
// blackouts that cover each: the first in the order of Rules.Blackouts and
// how many. Every blackout is started and ended once, so n entries under b
// blackouts cost O((n + b) log b), however the blackouts overlap.
type blackoutCover struct {
	list         []Blackout
	byFrom, byTo []int   // positions in list of the blackouts on the channel
	nFrom, nTo   int     // how many have started (From <= x), ended (To <= x)
	started      minInts // the started positions; some ended
}

func newBlackoutCover(c channel.Channel, list []Blackout) *blackoutCover {
	k := &blackoutCover{list: list}
	for i, b := range list {
		if b.Applies(c) {
			k.byFrom = append(k.byFrom, i)
		}
	}
	k.byTo = slices.Clone(k.byFrom)
	slices.SortStableFunc(k.byFrom, func(i, j int) int { return list[i].From.Compare(list[j].From) })
	slices.SortStableFunc(k.byTo, func(i, j int) int { return list[i].To.Compare(list[j].To) })
	return k
}

// conflict returns the one in_blackout conflict of e, naming the first
// blackout that covers it and counting the others, or nil: an entry under
// many blackouts is one conflict, not one per blackout. Entries come in
// time order.
func (k *blackoutCover) conflict(c channel.Channel, e Entry) *Conflict {
	x := e.At
	for k.nFrom < len(k.byFrom) && !x.Before(k.list[k.byFrom[k.nFrom]].From) {
		k.started.push(k.byFrom[k.nFrom])
		k.nFrom++
	}
	for k.nTo < len(k.byTo) && !x.Before(k.list[k.byTo[k.nTo]].To) {
		k.nTo++
	}
	// A blackout once ended stays ended for later entries.
	for len(k.started) > 0 && !x.Before(k.list[k.started[0]].To) {
		k.started.pop()
	}
	if len(k.started) == 0 {
		return nil
	}
	// Blackouts cover [From, To): those covering x have started and not
	// ended; From <= To, so every ended one has started.
	more := k.nFrom - k.nTo - 1
	b := k.list[k.started[0]]
	detail := fmt.Sprintf("%s is inside a blackout (%s) from %s to %s", humanTime(e.At), b.Reason, humanTime(b.From), humanTime(b.To))
	if more > 0 {
		detail += fmt.Sprintf(", and inside %d more", more)
	}
	return &Conflict{Kind: ConflictInBlackout, Channel: c, Entries: []uuid.UUID{e.ID}, At: e.At, Detail: detail}
}

func compareConflicts(a, b Conflict) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	if c := cmpInt(slices.Index(allConflictKinds, a.Kind), slices.Index(allConflictKinds, b.Kind)); c != 0 {
		return c
	}
	if c := compareChannels(a.Channel, b.Channel); c != 0 {
		return c
	}
	return slices.CompareFunc(a.Entries, b.Entries, compareIDs)
}

// byChannel groups by channel the entries whose status keep accepts (all,
// for a nil keep), each group sorted by instant then ID, and walks the
// groups in channel order.
func byChannel(entries []Entry, keep func(Status) bool) iter.Seq2[channel.Channel, []Entry] {
	// Group and sort positions, not entries: swapping ints is cheap where
	// swapping whole entries is not, and the position as the last key
	// keeps the order of equal entries as given, as a stable sort would.
	groups := map[channel.Channel][]int{}
	for i, e := range entries {
		if keep == nil || keep(e.Status) {
			groups[e.Channel] = append(groups[e.Channel], i)
		}
	}
	return func(yield func(channel.Channel, []Entry) bool) {
		for _, c := range sortedChannels(groups) {
			idx := groups[c]
			slices.SortFunc(idx, func(i, j int) int {
				if d := compareEntries(entries[i], entries[j]); d != 0 {
					return d
				}
				return cmp.Compare(i, j)
			})
			list := make([]Entry, len(idx))
			for k, i := range idx {
				list[k] = entries[i]
			}
			if !yield(c, list) {
				return
			}
		}
	}
}

// compareEntries orders entries by instant, then ID.
func compareEntries(a, b Entry) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return compareIDs(a.ID, b.ID)
}

// humanTime prints t for people: local time with its zone abbreviation.
func humanTime(t time.Time) string { return t.Format("2006-01-02 15:04 MST") }

func spacingConflicts(c channel.Channel, list []Entry, cr ChannelRules) []Conflict {
	if cr.MinSpacing <= 0 {
		return nil
	}
	var out []Conflict
	for i := 1; i < len(list); i++ {
		a, b := list[i-1], list[i]
		if gap := b.At.Sub(a.At); gap < cr.MinSpacing.Std() {
			out = append(out, Conflict{
				Kind: ConflictTooClose, Channel: c, Entries: []uuid.UUID{a.ID, b.ID}, At: a.At,
				Detail: fmt.Sprintf("%v apart on %s; at least %v required", gap, c, cr.MinSpacing.Std()),
			})
		}
	}
	return out
}

func capConflicts(c channel.Channel, list []Entry, cr ChannelRules) []Conflict {
	if cr.DailyCap <= 0 || cr.Location == nil {
		return nil
	}
	var out []Conflict
	for i := 0; i < len(list); {
		day := DateOf(list[i].At.In(cr.Location))
		j := i + 1
		for j < len(list) && DateOf(list[j].At.In(cr.Location)) == day {
			j++
		}
		if n := j - i; n > cr.DailyCap {
			ids := make([]uuid.UUID, 0, n)
			for _, e := range list[i:j] {
				ids = append(ids, e.ID)
			}
			out = append(out, Conflict{
				Kind: ConflictOverDailyCap, Channel: c, Entries: ids, At: list[i].At,
				Detail: fmt.Sprintf("%d posts on %s on %s (%s); at most %d", n, c, day, cr.Location, cr.DailyCap),
			})
		}
		i = j
	}
	return out
}

func duplicateConflicts(c channel.Channel, list []Entry, rules Rules) []Conflict {
	var s dupScratch
	return s.conflicts(c, list, rules)
}

// dupScratch holds the buffers of the near-duplicate check, reused from
// one channel to the next so that a call of [Conflicts] allocates them
// once.
type dupScratch struct {
	prints  fingerprints
	head    map[uint64]int32 // bigram -> newest node of its postings, plus 1
	nodes   []posting
	checked []int32
	parent  []int32 // union-find of the entries into groups
}

// posting is one entry in the postings list of a bigram: a linked list
// through dupScratch.nodes from the newest entry to the oldest.
type posting struct {
	entry int32
	next  int32 // index of the next (older) node, plus 1; 0 ends the list
	// skip is a node at or after next such that every node from here to
	// it (it excluded) is in this node's group: the walk jumps over a
	// group it has joined in one step. Groups only grow, so a skip once
	// right stays right.
	skip int32
}

// find returns the entry that stands for i's group.
func (s *dupScratch) find(i int32) int32 {
	for s.parent[i] != i {
		s.parent[i] = s.parent[s.parent[i]]
		i = s.parent[i]
	}
	return i
}

// union puts the groups of i and j together; the older entry (the smaller
// index) stands for the group.
func (s *dupScratch) union(i, j int32) {
	a, b := s.find(i), s.find(j)
	if a > b {
		a, b = b, a
	}
	s.parent[b] = a
}

// past returns the first node after node n (plus 1, 0 for none) whose
// entry is not in the group of n's entry, and remembers it.
func (s *dupScratch) past(n int32) int32 {
	g := s.find(s.nodes[n-1].entry)
	m := s.nodes[n-1].skip
	for m != 0 && s.find(s.nodes[m-1].entry) == g {
		m = s.nodes[m-1].skip
	}
	s.nodes[n-1].skip = m
	return m
}

// conflicts reports the near-duplicate groups among list (one channel's
// entries in time order): the connected groups of the relation "within
// DuplicateDays of each other, with near-duplicate texts", each once, with
// every member.
func (s *dupScratch) conflicts(c channel.Channel, list []Entry, rules Rules) []Conflict {
	days, threshold := rules.duplicateDays(), rules.duplicateSimilarity()
	s.prints.reset(len(list))
	for _, e := range list {
		s.prints.add(e.Text)
	}
	// Two texts can be near-duplicates only if they share a word pair
	// (the threshold is at least 1%, and equal texts share all of theirs),
	// so each entry is compared only with the earlier entries in its
	// window that share one: an inverted index from word pair to entries,
	// in time order. An entry already in the group being built is not
	// compared again, and a run of such entries in a postings list is
	// jumped over (posting.skip), so that k copies of one text cost O(k),
	// not the O(k²) of comparing every pair.
	if s.head == nil {
		s.head = make(map[uint64]int32, len(s.prints.hashes))
	} else {
		clear(s.head)
	}
	s.nodes = s.nodes[:0]
	s.checked = slices.Grow(s.checked[:0], len(list))[:len(list)]
	clear(s.checked) // checked[j] == i+1: j was compared with i
	s.parent = slices.Grow(s.parent[:0], len(list))[:len(list)]
	for i := range s.parent {
		s.parent[i] = int32(i)
	}
	linked := false
	for i := range list {
		fi := s.prints.of(i)
		if len(fi) == 0 {
			continue
		}
		since := list[i].At.AddDate(0, 0, -days)
		for _, b := range fi {
			for n := s.head[b]; n != 0; {
				j := s.nodes[n-1].entry
				if !list[j].At.After(since) {
					break
				}
				if s.find(j) == s.find(int32(i)) {
					n = s.past(n)
					continue
				}
				if s.checked[j] == int32(i+1) {
					n = s.nodes[n-1].next
					continue
				}
				s.checked[j] = int32(i + 1)
				if !nearPrints(fi, s.prints.of(int(j)), threshold) {
					n = s.nodes[n-1].next
					continue
				}
				s.union(int32(i), j)
				linked = true
				n = s.past(n)
			}
		}
		for _, b := range fi {
			h := s.head[b]
			s.nodes = append(s.nodes, posting{entry: int32(i), next: h, skip: h})
			s.head[b] = int32(len(s.nodes))
		}
	}
	if !linked {
		return nil
	}
	// Each group is reported once, in the order of its oldest entry,
	// which stands for it.
	size := s.checked
	clear(size)
	for i := range list {
		size[s.find(int32(i))]++
	}
	var out []Conflict
	at := map[int32]int{} // group -> its conflict in out
	for i := range list {
		g := s.find(int32(i))
		if size[g] < 2 {
			continue
		}
		if g == int32(i) {
			at[g] = len(out)
			out = append(out, Conflict{Kind: ConflictNearDuplicate, Channel: c, Entries: make([]uuid.UUID, 0, size[g]), At: list[i].At})
		}
		k := &out[at[g]]
		k.Entries = append(k.Entries, list[i].ID)
		if len(k.Entries) == int(size[g]) {
			k.Detail = fmt.Sprintf("near-duplicate texts on %s within %d days", c, days)
			if size[g] > 2 {
				k.Detail = fmt.Sprintf("%d near-duplicate texts on %s from %s to %s, each within %d days of another",
					size[g], c, humanTime(k.At), humanTime(list[i].At), days)
			}
		}
	}
	return out
}

// fingerprints are the texts of a channel's entries prepared for the
// near-duplicate test: for each text, the sorted set of the hashes of its
// word pairs (of its single word, for a one-word text), all in one backing
// slice. A text that normalises to nothing has an empty set.
//
// A hash is the 64-bit FNV-1a of the pair exactly as the normalised text
// spells it ("word word"); the Jaccard similarity of two sets of hashes is
// that of the sets of pairs unless two different pairs of the texts
// compared share a hash. For texts of up to k pairs, that chance is about
// k²/2⁶⁴ per comparison: for k = 1,000, 5·10⁻¹⁴, far below any rate at
// which a report could be seen to change (and a collision can only make
// two texts look more alike by one pair).
type fingerprints struct {
	hashes []uint64
	ends   []int // hashes[ends[i-1]:ends[i]] is the set of text i
}

const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

func (f *fingerprints) reset(n int) {
	f.hashes = f.hashes[:0]
	f.ends = slices.Grow(f.ends[:0], n)
}

// of returns the set of text i.
func (f *fingerprints) of(i int) []uint64 {
	from := 0
	if i > 0 {
		from = f.ends[i-1]
	}
	return f.hashes[from:f.ends[i]]
}

// add appends the set of text, read as [NormalizeText] reads it, without
// building the normalised text.
func (f *fingerprints) add(text string) {
	from := len(f.hashes)
	var (
		words    int
		prev     uint64 // hash of the previous word and a space
		pair     uint64 // hash of the previous word, a space and the current word so far
		word     uint64 // hash of the current word so far
		inWord   bool
		firstSet uint64 // hash of the first word
	)
	endWord := func() {
		if !inWord {
			return
		}
		inWord = false
		words++
		if words == 1 {
			firstSet = word
		} else {
			f.hashes = append(f.hashes, pair)
		}
		prev = (word ^ ' ') * fnvPrime64
	}
	var buf [utf8.UTFMax]byte
	for field := range fields(text) {
		if isLink(field) {
			continue
		}
		for _, r := range field {
			r = unicode.ToLower(r)
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r) {
				endWord()
				continue
			}
			if !inWord {
				inWord, word, pair = true, fnvOffset64, prev
			}
			for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
				word = (word ^ uint64(c)) * fnvPrime64
				pair = (pair ^ uint64(c)) * fnvPrime64
			}
		}
		endWord()
	}
	if words == 1 {
		f.hashes = append(f.hashes, firstSet)
	}
	set := f.hashes[from:]
	slices.Sort(set)
	f.hashes = f.hashes[:from+len(slices.Compact(set))]
	f.ends = append(f.ends, len(f.hashes))
}

// fields walks the fields of s as [strings.Fields] splits them.
func fields(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i, r := range s {
			if unicode.IsSpace(r) {
				if start >= 0 && !yield(s[start:i]) {
					return
				}
				start = -1
			} else if start < 0 {
				start = i
			}
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// isLink reports whether field, in lower case, starts with http://,
// https:// or www.
func isLink(field string) bool {
	for _, p := range [...]string{"http://", "https://", "www."} {
		if hasLowerPrefix(field, p) {
			return true
		}
	}
	return false
}

// hasLowerPrefix reports whether strings.ToLower(s) starts with the ASCII
// prefix p, without building the lower-case string.
func hasLowerPrefix(s, p string) bool {
	k := 0
	for _, r := range s {
		if k == len(p) {
			return true
		}
		if unicode.ToLower(r) != rune(p[k]) {
			return false
		}
		k++
	}
	return k == len(p)
}

// nearPrints reports whether two non-empty sets of pair hashes are
// near-duplicates at threshold percent (1 to 100): their Jaccard
// similarity, computed by merging the sorted sets, is at least threshold.
// Equal normalised texts have equal sets, so they are near-duplicates.
func nearPrints(a, b []uint64, threshold int) bool {
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	union := len(a) + len(b) - inter
	return union > 0 && inter*100 >= threshold*union
}

// NormalizeText returns text as the near-duplicate check of [Conflicts]
// sees it: lower case, links removed, everything but letters, digits and
// combining marks turned into spaces, whitespace collapsed.
func NormalizeText(text string) string {
	var b strings.Builder
	for _, w := range strings.Fields(text) {
		lw := strings.ToLower(w)
		if strings.HasPrefix(lw, "http://") || strings.HasPrefix(lw, "https://") || strings.HasPrefix(lw, "www.") {
			continue
		}
		for _, r := range lw {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r) {
				b.WriteRune(r)
			} else {
				b.WriteRune(' ')
			}
		}
		b.WriteRune(' ')
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func compareIDs(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }
