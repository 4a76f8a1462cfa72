package community_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/community"
)

// TestTriageBusinessRange: an interaction whose instant is outside the
// years business time covers is an error matching
// calendar.ErrBusinessRange, and the error quotes the ID as an excerpt,
// not whole.
func TestTriageBusinessRange(t *testing.T) {
	rsp, err := community.NewResponder(samplePolicy(), nil)
	require.NoError(t, err)
	in := sampleInbox()[0]
	in.ID = strings.Repeat("x", 1<<20)
	in.At = time.Date(-5000, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = rsp.Triage(community.Inbox{in}, at(12, 11, 0))
	require.ErrorIs(t, err, calendar.ErrBusinessRange)
	assert.Less(t, len(err.Error()), 1000)
	_, _, err = rsp.Due(in, community.PriorityNormal)
	require.ErrorIs(t, err, calendar.ErrBusinessRange)
	assert.Less(t, len(err.Error()), 1000)
}
