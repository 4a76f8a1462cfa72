package kpi

import (
	"strings"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/channel"
)

// The keys of the grouping PostResults.PaidGrouping returns.
const (
	// PaidKey is the group of the posts that had money spent on them.
	PaidKey = "paid"
	// OrganicKey is the group of the others.
	OrganicKey = "organic"
)

// paidPost names a post as PerPost identifies it, its handle in lower
// case.
type paidPost struct {
	entry   uuid.UUID
	channel channel.Channel
	account string
}

// PaidGrouping returns the grouping "paid", which keys a post PaidKey
// when rs hold a Spend result of it greater than zero, at any age, and
// OrganicKey otherwise: a post with no Spend result, or whose spend is
// zero at every age, is organic. Whether a post was promoted is read from
// what was spent on it, not from the plan, so pass the results that hold
// the posts' spend (the same ones WhatWorks ranks, typically).
//
// Posts are told apart as PerPost tells them: by entry, channel and
// handle, handles compared without regard to case. A result with an
// empty handle (the brand's only account on the channel) and one that
// names that account's handle are two posts to kpi, so record a post's
// spend under the handle its other results use.
//
// The set of paid posts is computed once, here: rs may change afterwards
// without changing the grouping. PaidGrouping reads only the metric,
// value and post of each result and does not validate them (see
// Validate); every post gets a key.
func (rs PostResults) PaidGrouping() Grouping {
	paid := map[paidPost]struct{}{}
	for i := range rs {
		r := &rs[i]
		if r.Metric == Spend && r.Value.IsPositive() {
			paid[paidPost{r.Entry, r.Channel, strings.ToLower(r.Account)}] = struct{}{}
		}
	}
	return Grouping{By: "paid", Key: func(k PostKey) (string, bool) {
		if _, ok := paid[paidPost{k.Entry, k.Channel, strings.ToLower(k.Account)}]; ok {
			return PaidKey, true
		}
		return OrganicKey, true
	}}
}
