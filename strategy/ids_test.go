package strategy_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/strategy"
)

func TestIDSpace(t *testing.T) {
	acme := strategy.NewIDSpace("acme-coffee")
	other := strategy.NewIDSpace("other-brand")

	a := acme.ID("campaign", "spring-launch")
	assert.Equal(t, a, acme.ID("campaign", "spring-launch"), "stable within a run")
	assert.Equal(t, a, acme.ID("campaign/spring-launch"), "parts are joined with /")
	assert.NotEqual(t, a, other.ID("campaign", "spring-launch"), "brands do not collide")
	assert.NotEqual(t, a, acme.ID("campaign", "summer"))
	assert.Equal(t, uuid.Version(5), a.Version())
	assert.Equal(t, uuid.RFC4122, a.Variant())

	// Pinned, and checked with Python: uuid5(uuid5(uuid5(NAMESPACE_URL,
	// "https://github.com/tandemsocial/tandem"), "acme-coffee"), "campaign/spring-launch").
	// The derivation must never change, or saved plans would churn.
	assert.Equal(t, "63b81ea0-1426-5db2-8f61-7085b1522c51", a.String())

	var zero strategy.IDSpace
	assert.NotEqual(t, uuid.Nil, zero.ID("x"))
	assert.Equal(t, zero.ID("x"), zero.ID("x"))
}
