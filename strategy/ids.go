package strategy

import (
	"strings"

	"github.com/google/uuid"
)

// tandemNamespace is the root of every IDSpace: a version 5 UUID of the
// URL "https://github.com/tandemsocial/tandem" in the RFC 9562 URL
// namespace. It is fixed forever; changing it would change every derived ID.
var tandemNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/tandemsocial/tandem"))

// IDSpace derives stable IDs for a plan written as Go code, so that the
// same plan always has the same IDs and golden files do not churn.
//
// An ID is a name-based (version 5, SHA-1) UUID of a readable key inside a
// space named after the brand: two brands that both have a "campaign" called
// "launch" get different IDs, and the same brand gets the same ID in every
// run, on every machine.
//
//	ids := strategy.NewIDSpace("acme-coffee")
//	launch := ids.ID("campaign", "spring-launch")
//
// The zero IDSpace is valid and derives IDs in tandem's root space.
type IDSpace struct {
	ns uuid.UUID
}

// NewIDSpace returns the space of IDs for the named brand (or any other
// scope). The name is used as given: "Acme" and "acme" are different spaces.
func NewIDSpace(name string) IDSpace {
	return IDSpace{ns: uuid.NewSHA1(tandemNamespace, []byte(name))}
}

// ID derives the ID of the thing named by the key parts, such as
// ID("campaign", "spring-launch"). The parts are joined with "/", so
// ID("a/b") equals ID("a", "b").
func (s IDSpace) ID(key ...string) uuid.UUID {
	ns := s.ns
	if ns == uuid.Nil {
		ns = tandemNamespace
	}
	return uuid.NewSHA1(ns, []byte(strings.Join(key, "/")))
}
