package community_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/validation"
)

// The strong-negative rules read the classifier's intensity: a furious
// message comes before a mildly unhappy one, and a furious one from an
// influential author before all.
func TestAssessIntensity(t *testing.T) {
	p := samplePolicy()
	p.Sentiment = community.SentimentRules{}
	p.Priority.StrongNegative = community.PriorityHigh
	p.Priority.StrongNegativeAt = 600
	p.Priority.InfluentialComplaint = community.PriorityUrgent
	p.Priority.Negative = community.PriorityNormal
	p.Priority.Influential = community.PriorityNormal
	r, err := community.NewResponder(p, nil)
	require.NoError(t, err)
	in := func(text string, followers int64) community.Interaction {
		return community.Interaction{ID: "x", Kind: community.KindComment, Channel: channel.Instagram, Text: text,
			Author: community.Author{Handle: "someone", Followers: followers}, At: at(12, 9, 0)}
	}
	c := community.DefaultClassifier()
	furious := "This is the WORST coffee I have ever had, absolutely disgusting!!"
	mild := "The coffee was a bit weak today"
	require.LessOrEqual(t, c.Intensity(furious), -600, "%+v", c.Score(furious))
	require.Greater(t, c.Intensity(mild), -600, "%+v", c.Score(mild))
	require.Equal(t, community.Negative, c.Classify(mild))

	a := r.Assess(in(furious, 100))
	assert.Equal(t, community.PriorityHigh, a.Priority)
	assert.Equal(t, []community.Reason{community.ReasonNegative, community.ReasonStrongNegative}, a.Reasons)

	a = r.Assess(in(mild, 100))
	assert.Equal(t, community.PriorityNormal, a.Priority)
	assert.NotContains(t, a.Reasons, community.ReasonStrongNegative)

	a = r.Assess(in(furious, 80_000))
	assert.Equal(t, community.PriorityUrgent, a.Priority)
	assert.Equal(t, []community.Reason{community.ReasonNegative, community.ReasonInfluential, community.ReasonStrongNegative, community.ReasonInfluentialComplaint}, a.Reasons)

	// A caller's positive label wins over the text: not a complaint.
	lab := in(furious, 80_000)
	lab.Sentiment = community.Positive
	assert.NotContains(t, r.Assess(lab).Reasons, community.ReasonStrongNegative)

	// Triage puts the influential complaint first.
	items, err := r.Triage(community.Inbox{
		{ID: "a", Kind: community.KindComment, Channel: channel.Instagram, Text: mild, Author: community.Author{Handle: "a", Followers: 10}, At: at(12, 8, 0)},
		{ID: "b", Kind: community.KindComment, Channel: channel.Instagram, Text: furious, Author: community.Author{Handle: "b", Followers: 90_000}, At: at(12, 9, 0)},
	}, at(12, 10, 0))
	require.NoError(t, err)
	assert.Equal(t, "b", items[0].ID)
}

func TestPriorityIntensityRulesValidate(t *testing.T) {
	p := samplePolicy()
	p.Priority.StrongNegative = community.PriorityHigh
	err := p.Validate()
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "priority.strongNegativeAt", verr.Errors[0].Path)

	p.Priority.StrongNegativeAt = 1000
	require.ErrorAs(t, p.Validate(), &verr)
	assert.Equal(t, validation.CodeOutOfRange, verr.Errors[0].Code)

	// A classifier without intensity cannot serve these rules.
	p.Priority.StrongNegativeAt = 500
	kc, err := community.NewKeywordClassifier(community.EnglishSentimentRules())
	require.NoError(t, err)
	_, err = community.NewResponder(p, kc)
	assert.True(t, errors.Is(err, community.ErrNoIntensity), "%v", err)
	_, err = community.NewResponder(p, nil)
	assert.NoError(t, err, "the default classifier scores intensity")
}
