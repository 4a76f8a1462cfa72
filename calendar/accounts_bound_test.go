package calendar_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/internal/budget"
	"github.com/tandemsocial/tandem/validation"
)

// TestManyAccountsStayLinear: an entry posted from 40,000 accounts (a
// 400 KB plan) is one too_long problem, found at once; tagging refuses it
// and grouping it costs one pass. Pairwise duplicate checks took 88 s.
func TestManyAccountsStayLinear(t *testing.T) {
	e := post("many", channel.LinkedIn, wall(mustZone(t, "Europe/Madrid"), 2027, 3, 1, 10, 0), "hello")
	e.Link = "https://acme.example/"
	for i := range 40_000 {
		e.Accounts = append(e.Accounts, fmt.Sprint("Acct", i))
	}
	budget.Within(t, "validate, tag and group an entry of 40,000 accounts", 20e9, func() {
		err := e.Validate()
		assert.True(t, validation.Has(err, validation.CodeTooLong, "accounts"), "%v", err)
		_, err = calendar.TagEntry(e, func(string) calendar.LinkTags { return linkTags })
		assert.Error(t, err)
		groups := calendar.GroupByAccount([]calendar.Entry{e, e})
		assert.Len(t, groups, 40_000)
	})
}
