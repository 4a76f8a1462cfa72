package community_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/validation"
)

// Repeated evidence is found with a set, not by comparing every pair
// (200,000 IDs were 2e10 comparisons).
func TestInsightManyEvidence(t *testing.T) {
	in := community.Insight{ID: uuid.New(), Kind: community.InsightNeed, Title: "t", RaisedBy: uuid.New(), RaisedAt: at(12, 9, 0)}
	for i := range 200_000 {
		in.Evidence = append(in.Evidence, fmt.Sprintf("interaction-%07d", i))
	}
	in.Evidence = append(in.Evidence, in.Evidence[7])
	var err error
	budget.Check(t, "Insight.Validate", budget.ForJSON(t, in), func() { err = in.Validate() })
	require.True(t, validation.Has(err, validation.CodeDuplicate, "evidence[200000]"), "%v", err)
}

// Reach adds audiences that each pass Validate without wrapping round.
func TestSummarizeReachSaturates(t *testing.T) {
	b := community.Inbox{
		{ID: "a", Kind: community.KindComment, Channel: channel.Instagram, Author: community.Author{Handle: "@a", Followers: math.MaxInt64}, At: at(12, 9, 0)},
		{ID: "b", Kind: community.KindComment, Channel: channel.Instagram, Author: community.Author{Handle: "@b", Followers: math.MaxInt64}, At: at(12, 9, 0)},
	}
	require.NoError(t, b.Validate())
	ins := []community.Insight{{ID: uuid.New(), Kind: community.InsightNeed, Title: "t", Evidence: []string{"a", "b"}, RaisedBy: uuid.New(), RaisedAt: at(12, 9, 0)}}
	s, err := community.Summarize(ins, b, calendar.Window{From: at(12, 0, 0), To: at(13, 0, 0)}, 0)
	require.NoError(t, err)
	require.Equal(t, int64(math.MaxInt64), s.Top[0].Reach)
}
