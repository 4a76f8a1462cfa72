package strategy

import "github.com/tandemsocial/tandem/internal/enum"

// Severity is how much a finding matters. The order, from most to least
// severe, is error, warning, info; off silences a rule.
type Severity string

// The severities.
const (
	// SeverityError: the plan is wrong and must not go live as it is.
	SeverityError Severity = "error"
	// SeverityWarning: the plan works but a person should look.
	SeverityWarning Severity = "warning"
	// SeverityInfo: worth knowing; no action needed.
	SeverityInfo Severity = "info"
	// SeverityOff silences a rule. Findings never carry it.
	SeverityOff Severity = "off"
)

var severities = []Severity{SeverityError, SeverityWarning, SeverityInfo, SeverityOff}

// rank orders severities: error 3, warning 2, info 1, off and unknown 0.
func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}

// AtLeast reports whether s is as severe as min or more. Off is never at
// least anything.
func (s Severity) AtLeast(min Severity) bool {
	return s.rank() > 0 && s.rank() >= min.rank()
}

// IsValid reports whether s is a known severity.
func (s Severity) IsValid() bool { return s.rank() > 0 || s == SeverityOff }

// String returns the severity's name.
func (s Severity) String() string { return string(s) }

// MarshalText encodes a known severity; an unknown one is an error.
func (s Severity) MarshalText() ([]byte, error) {
	return enum.Marshal("strategy.Severity", s, severities)
}

// UnmarshalText accepts exactly the known severities.
func (s *Severity) UnmarshalText(text []byte) error {
	return enum.Unmarshal("strategy.Severity", text, severities, s)
}
