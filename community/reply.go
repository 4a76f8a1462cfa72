package community

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/validation"
)

// MaxReplyBytes bounds a saved reply: its template text and the text it
// renders to, in UTF-8 bytes. It is above every network's longest text.
const MaxReplyBytes = 256 << 10

// MaxVariableName is the longest variable name, in bytes.
const MaxVariableName = 64

// The variables every saved reply may use. Those marked "from the
// interaction" are filled by Render from the interaction answered; the
// others come from the caller's vars.
const (
	// VarAuthorHandle is the author's handle with one leading "@", from
	// the interaction.
	VarAuthorHandle = "author_handle"
	// VarAccount is the handle of the brand's account the interaction
	// reached, with one leading "@", from the interaction (missing when
	// the interaction names none).
	VarAccount = "account"
	// VarChannel is the network's display name ("Instagram"), from the
	// interaction.
	VarChannel = "channel"
	// VarAuthorName is the author's name as the reply addresses them.
	VarAuthorName = "author_name"
	// VarBrandName is the brand's name.
	VarBrandName = "brand_name"
	// VarAgentName is the name of the person replying, for a signature.
	VarAgentName = "agent_name"
)

// fromInteraction are the variables Render takes from the interaction;
// knownVars are all the variables of the vocabulary, in documentation
// order.
var (
	fromInteraction = []string{VarAuthorHandle, VarAccount, VarChannel}
	knownVars       = []string{VarAuthorHandle, VarAccount, VarChannel, VarAuthorName, VarBrandName, VarAgentName}
)

// KnownReplyVariables returns the names of the variables every saved
// reply may use without declaring them. The slice is a copy.
func KnownReplyVariables() []string { return slices.Clone(knownVars) }

// The errors of rendering a saved reply. Each is wrapped with the names
// involved; match them with errors.Is.
var (
	// ErrMissingVariable: a variable the template uses has no value (or
	// an empty one).
	ErrMissingVariable = errors.New("community: saved reply variable has no value")
	// ErrReplyVariable: a value the caller gave cannot be used: not valid
	// UTF-8, or for a variable Render takes from the interaction.
	ErrReplyVariable = errors.New("community: saved reply variable cannot be used")
	// ErrReplyChannel: the saved reply is not meant for the interaction's
	// channel.
	ErrReplyChannel = errors.New("community: saved reply is not for this channel")
	// ErrReplyTooLong: the rendered text would exceed MaxReplyBytes.
	ErrReplyTooLong = errors.New("community: rendered reply is too long")
	// ErrReplyLanguage: the reply is in another language than the
	// interaction (both named, and neither a prefix of the other: "es"
	// answers "es-MX", "es-ES" does not).
	ErrReplyLanguage = errors.New("community: saved reply is in another language than the interaction")
	// ErrReplyBlocked: the rendered reply has findings of severity error;
	// it must change before anyone approves it.
	ErrReplyBlocked = errors.New("community: the reply breaks the brand's voice")
	// ErrNoApprovalNeeded: the rendered reply holds nothing that needs
	// approval.
	ErrNoApprovalNeeded = errors.New("community: the reply needs no approval")
)

// SavedReply is a template for answering interactions: a text with named
// variables, rendered for one interaction by [SavedReply.Render] and
// checked against the brand's voice and the channel's limits by
// [VoiceChecker.CheckReply].
//
// The template syntax is small on purpose. {name} is a variable: a name
// of lower-case ASCII letters, digits and underscores that starts with a
// letter, at most MaxVariableName bytes, with no spaces inside the braces.
// {{ writes a literal "{" and }} a literal "}". Any other brace is an
// error that Validate reports with its byte offset. Values are inserted as
// they are, never read as templates themselves.
type SavedReply struct {
	// ID identifies the reply; unique within [SavedReplies].
	ID string `json:"id"`
	// Name is what the community manager picks it by.
	Name string `json:"name"`
	// Text is the template.
	Text string `json:"text"`
	// Variables declares the caller's own variables ("order_id") beside
	// the known ones (see KnownReplyVariables).
	Variables []string `json:"variables,omitempty"`
	// Channels are the networks the reply is written for; empty for all.
	Channels []channel.Channel `json:"channels,omitempty"`
	// Language is the BCP 47 tag of the reply's language ("es",
	// "en-GB"); empty when not said.
	Language string `json:"language,omitempty"`
}

// SavedReplies is a team's set of saved replies.
type SavedReplies []SavedReply

// Validate reports every problem with the replies, with paths such as
// "[2].text": each reply's own problems and repeated IDs.
func (rs SavedReplies) Validate() error {
	var list validation.ErrorList
	seen := make(map[string]bool, len(rs))
	for i, r := range rs {
		p := validation.NewPath("").Index(i)
		list = append(list, r.validate(p)...)
		if r.ID != "" && seen[r.ID] {
			list = append(list, validation.Duplicate(p.Child("id"), r.ID))
		}
		seen[r.ID] = true
	}
	return list.Err()
}

// Validate reports every problem with r: a missing ID, name or text, a
// template over MaxReplyBytes or not in UTF-8, every unbalanced brace and
// malformed or unknown variable of the template (with its byte offset), a
// declared variable that is malformed, repeated or one of the known ones,
// an unknown or repeated channel, and a language that is not a BCP 47 tag.
func (r SavedReply) Validate() error { return r.validate(nil).Err() }

func (r SavedReply) validate(p *validation.Path) validation.ErrorList {
	var list validation.ErrorList
	if strings.TrimSpace(r.ID) == "" {
		list = append(list, validation.Required(p.Child("id"), ""))
	}
	if strings.TrimSpace(r.Name) == "" {
		list = append(list, validation.Required(p.Child("name"), ""))
	}
	declared := make(map[string]bool, len(r.Variables))
	for i, v := range r.Variables {
		vp := p.Child("variables").Index(i)
		switch {
		case !validVarName(v):
			list = append(list, validation.Invalid(vp, v, "a variable name is lower-case ASCII letters, digits and underscores, starting with a letter"))
		case slices.Contains(knownVars, v):
			list = append(list, validation.Conflict(vp, v, "is a known variable; it needs no declaration"))
		case declared[v]:
			list = append(list, validation.Duplicate(vp, v))
		}
		declared[v] = true
	}
	tp := p.Child("text")
	switch {
	case strings.TrimSpace(r.Text) == "":
		list = append(list, validation.Required(tp, ""))
	case len(r.Text) > MaxReplyBytes:
		list = append(list, validation.OutOfRange(tp, len(r.Text), fmt.Sprintf("a template holds at most %d bytes", MaxReplyBytes)))
	case !utf8.ValidString(r.Text):
		list = append(list, validation.Invalid(tp, nil, "must be UTF-8"))
	default:
		_, problems := parseTemplate(r.Text)
		for _, pr := range problems {
			list = append(list, validation.Invalid(tp, pr.text, pr.detail))
		}
		for _, v := range templateVars(r.Text) {
			if !slices.Contains(knownVars, v.name) && !declared[v.name] {
				list = append(list, validation.Invalid(tp, "{"+v.name+"}",
					fmt.Sprintf("unknown variable at byte %d: declare it in variables or use one of %s", v.at, strings.Join(knownVars, ", "))))
			}
		}
	}
	seen := make(map[channel.Channel]bool, len(r.Channels))
	for i, c := range r.Channels {
		cp := p.Child("channels").Index(i)
		switch {
		case !c.IsValid():
			list = append(list, checkReplyChannel(cp, c)...)
		case seen[c]:
			list = append(list, validation.Duplicate(cp, string(c)))
		}
		seen[c] = true
	}
	if r.Language != "" {
		if fe := checkLanguage(p.Child("language"), r.Language); fe != nil {
			list = append(list, fe)
		}
	}
	return list
}

func checkReplyChannel(p *validation.Path, c channel.Channel) validation.ErrorList {
	if c == "" {
		return validation.ErrorList{validation.Required(p, "")}
	}
	return validation.ErrorList{validation.NotSupported(p, string(c), channel.All())}
}

// validVarName reports whether s is a variable name: a lower-case ASCII
// letter, then lower-case letters, digits and underscores.
func validVarName(s string) bool {
	if s == "" || len(s) > MaxVariableName || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_') {
			return false
		}
	}
	return true
}

// segment is a piece of a parsed template: literal text, or a variable
// when name is set.
type segment struct {
	lit  string
	name string
	at   int // byte offset of the variable's "{"
}

type templateProblem struct {
	text   string
	detail string
}

// maxTemplateProblems bounds the problems parseTemplate describes; the
// rest are counted in one more.
const maxTemplateProblems = 20

// parseTemplate reads a template in one pass: every byte is looked at
// once by the loop and at most once more by the scan for a closing brace,
// which stops at the next brace. It returns the segments and the problems
// found.
func parseTemplate(s string) ([]segment, []templateProblem) {
	var (
		segs     []segment
		problems []templateProblem
		lit      strings.Builder
		omitted  int
	)
	problem := func(text, detail string) {
		if len(problems) < maxTemplateProblems {
			problems = append(problems, templateProblem{text, detail})
		} else {
			omitted++
		}
	}
	flush := func() {
		if lit.Len() > 0 {
			segs = append(segs, segment{lit: lit.String()})
			lit.Reset()
		}
	}
	start := 0 // start of the literal run not yet copied
	for i := 0; i < len(s); {
		switch s[i] {
		case '{':
			lit.WriteString(s[start:i])
			if i+1 < len(s) && s[i+1] == '{' {
				lit.WriteByte('{')
				i += 2
				start = i
				continue
			}
			j := i + 1
			for j < len(s) && s[j] != '}' && s[j] != '{' {
				j++
			}
			if j == len(s) || s[j] == '{' {
				problem(excerpt(s[i:j]), fmt.Sprintf("unclosed { at byte %d: close it with } or write {{ for a literal {", i))
				lit.WriteString(s[i:j])
				i, start = j, j
				continue
			}
			name := s[i+1 : j]
			if !validVarName(name) {
				problem(excerpt(s[i:j+1]), fmt.Sprintf("malformed variable at byte %d: a name is lower-case ASCII letters, digits and underscores, starting with a letter, at most %d bytes", i, MaxVariableName))
			}
			flush()
			segs = append(segs, segment{name: name, at: i})
			i = j + 1
			start = i
		case '}':
			lit.WriteString(s[start:i])
			if i+1 < len(s) && s[i+1] == '}' {
				lit.WriteByte('}')
				i += 2
				start = i
				continue
			}
			problem("}", fmt.Sprintf("unmatched } at byte %d: write }} for a literal }", i))
			lit.WriteByte('}')
			i++
			start = i
		default:
			i++
		}
	}
	lit.WriteString(s[start:])
	flush()
	if omitted > 0 {
		problems = append(problems, templateProblem{"", fmt.Sprintf("and %d more brace problems", omitted)})
	}
	return segs, problems
}

// templateVars returns the well-formed variables of s, each once, in the
// order of first use.
func templateVars(s string) []segment {
	segs, _ := parseTemplate(s)
	var out []segment
	seen := map[string]bool{}
	for _, g := range segs {
		if g.name != "" && validVarName(g.name) && !seen[g.name] {
			seen[g.name] = true
			out = append(out, g)
		}
	}
	return out
}

// excerpt shortens a piece of template for a message.
func excerpt(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Render fills r's template for interaction in: author_handle, account
// and channel come from in, every other variable from vars. It refuses,
// never leaving a placeholder or a hole: a template that does not
// validate (the *validation.Error of Validate); an interaction on a
// channel r is not for (ErrReplyChannel) or in another language than r's,
// when both are named (ErrReplyLanguage); variables without a value, or
// with an empty one (ErrMissingVariable, naming each in order of first
// use); a value for a variable taken from the interaction, or one not in
// UTF-8 (ErrReplyVariable); and a result longer than MaxReplyBytes
// (ErrReplyTooLong). Entries of vars the template does not use are
// ignored.
//
// Render takes time linear in the template and the result: it measures
// the result before building it.
func (r SavedReply) Render(in Interaction, vars map[string]string) (string, error) {
	if err := r.Validate(); err != nil {
		return "", err
	}
	if len(r.Channels) > 0 && !slices.Contains(r.Channels, in.Channel) {
		return "", fmt.Errorf("%w: %q is for %v, the interaction is on %q", ErrReplyChannel, r.ID, r.Channels, string(in.Channel))
	}
	if r.Language != "" && in.Language != "" && !languagesMeet(r.Language, in.Language) {
		return "", fmt.Errorf("%w: %q is in %q, the interaction in %q", ErrReplyLanguage, r.ID, r.Language, in.Language)
	}
	segs, _ := parseTemplate(r.Text)
	values := make(map[string]string, len(segs))
	var missing, bad []string
	for _, g := range segs {
		if g.name == "" {
			continue
		}
		if _, done := values[g.name]; done {
			continue
		}
		v, given := vars[g.name]
		if slices.Contains(fromInteraction, g.name) {
			if given {
				bad = append(bad, g.name+" comes from the interaction")
			}
			v = interactionVar(g.name, in)
		}
		switch {
		case v == "":
			missing = append(missing, g.name)
		case !utf8.ValidString(v):
			bad = append(bad, g.name+" is not UTF-8")
		}
		values[g.name] = v
	}
	if len(bad) > 0 {
		return "", fmt.Errorf("%w: %s", ErrReplyVariable, strings.Join(bad, "; "))
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("%w: %s", ErrMissingVariable, strings.Join(missing, ", "))
	}
	size := 0
	for _, g := range segs {
		n := len(g.lit)
		if g.name != "" {
			n = len(values[g.name])
		}
		if n > MaxReplyBytes-size {
			return "", fmt.Errorf("%w: more than %d bytes", ErrReplyTooLong, MaxReplyBytes)
		}
		size += n
	}
	var b strings.Builder
	b.Grow(size)
	for _, g := range segs {
		if g.name != "" {
			b.WriteString(values[g.name])
		} else {
			b.WriteString(g.lit)
		}
	}
	return b.String(), nil
}

// interactionVar is the value of a variable taken from in.
func interactionVar(name string, in Interaction) string {
	at := func(h string) string {
		if h = strings.TrimPrefix(h, "@"); h == "" {
			return ""
		}
		return "@" + h
	}
	switch name {
	case VarAuthorHandle:
		return at(in.Author.Handle)
	case VarAccount:
		return at(in.Account)
	case VarChannel:
		if in.Channel.IsValid() {
			return in.Channel.Name()
		}
	}
	return ""
}

// ReplyCheck is a saved reply rendered for one interaction and checked
// against the brand's voice and the channel's text limits.
type ReplyCheck struct {
	// Reply is the saved reply's ID.
	Reply string `json:"reply"`
	// Interaction is the ID of the interaction answered.
	Interaction string `json:"interaction"`
	// Channel is the network the reply goes out on.
	Channel channel.Channel `json:"channel"`
	// Text is the rendered reply.
	Text string `json:"text"`
	// Findings are the voice check's findings on Text (see
	// VoiceChecker.Check), the channel's text limits included.
	Findings []Finding `json:"findings,omitempty"`
	// Omitted counts the findings beyond MaxVoiceFindings that the check
	// left out.
	Omitted int `json:"omitted,omitempty"`
}

// Blocked reports whether the reply must change before it is sent: a
// finding of severity error.
func (c ReplyCheck) Blocked() bool {
	return slices.ContainsFunc(c.Findings, func(f Finding) bool { return f.Severity == SeverityError })
}

// NeedsApproval reports whether the reply holds a phrase of the voice
// policy's NeedsApproval list, or had findings left out (which might be
// such phrases): someone other than its author must approve it before it
// is sent.
func (c ReplyCheck) NeedsApproval() bool {
	return c.Omitted > 0 || slices.ContainsFunc(c.Findings, func(f Finding) bool { return f.Severity == SeverityApproval })
}

// RequestApproval starts the approval of a reply that needs one, under
// the plan's reply policy, by its author at instant at (see
// calendar.RequestApproval). A blocked reply is ErrReplyBlocked, one that
// needs no approval ErrNoApprovalNeeded; a policy that does not validate
// is its *validation.Error.
func (c ReplyCheck) RequestApproval(policy calendar.ApprovalPolicy, author uuid.UUID, at time.Time) (calendar.Approval, error) {
	switch {
	case c.Blocked():
		return calendar.Approval{}, fmt.Errorf("%w: reply %q has errors to fix first", ErrReplyBlocked, c.Reply)
	case !c.NeedsApproval():
		return calendar.Approval{}, fmt.Errorf("%w: reply %q", ErrNoApprovalNeeded, c.Reply)
	}
	return calendar.RequestApproval(policy, author, at)
}

// CheckReply renders r for interaction in with vars ([SavedReply.Render])
// and checks the text with the voice policy and the limits of the
// interaction's channel ([VoiceChecker.Check]). A reply that cannot be
// rendered returns Render's error and no check; a text with more than
// MaxVoiceFindings findings returns the check, with Omitted counting the
// rest, and the *TooManyFindingsError.
func (c *VoiceChecker) CheckReply(r SavedReply, in Interaction, vars map[string]string) (ReplyCheck, error) {
	text, err := r.Render(in, vars)
	if err != nil {
		return ReplyCheck{}, err
	}
	rc := ReplyCheck{Reply: r.ID, Interaction: in.ID, Channel: in.Channel, Text: text}
	fs, err := c.Check(text, in.Channel)
	rc.Findings = fs
	var many *TooManyFindingsError
	if errors.As(err, &many) {
		rc.Omitted = many.Omitted
		return rc, err
	}
	if err != nil {
		return ReplyCheck{}, err
	}
	return rc, nil
}
