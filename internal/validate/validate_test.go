package validate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/internal/validate"
	"github.com/tandemsocial/tandem/validation"
)

type mood string

func (m mood) IsValid() bool { return m == "happy" || m == "sad" }

type inner struct {
	Zone string `json:"zone" validate:"required,iana_zone"`
}

type sample struct {
	Name     string   `json:"name" validate:"required"`
	Mood     mood     `json:"mood" validate:"enum"`
	Currency string   `json:"currency" validate:"omitempty,currency"`
	Count    int      `json:"count" validate:"gte=0"`
	Tags     []string `json:"tags" validate:"max=2"`
	Items    []inner  `json:"items" validate:"dive"`
	Secret   string   `json:"-" validate:"required"`
}

func TestStruct(t *testing.T) {
	ok := sample{Name: "a", Mood: "happy", Currency: "EUR", Items: []inner{{Zone: "Europe/Madrid"}}, Secret: "x"}
	assert.Empty(t, validate.Struct(nil, ok))
	assert.Empty(t, validate.Struct(nil, &ok))

	bad := sample{Mood: "meh", Currency: "eur", Count: -1, Tags: []string{"a", "b", "c"},
		Items: []inner{{Zone: "Europe/Madrid"}, {Zone: "Mars/Base"}, {}}}
	list := validate.Struct(validation.NewPath("plan"), bad)
	err := list.Err()
	for _, c := range []struct {
		code validation.Code
		path string
	}{
		{validation.CodeRequired, "plan.name"},
		{validation.CodeNotSupported, "plan.mood"},
		{validation.CodeInvalid, "plan.currency"},
		{validation.CodeOutOfRange, "plan.count"},
		{validation.CodeTooLong, "plan.tags"},
		{validation.CodeInvalid, "plan.items[1].zone"},
		{validation.CodeRequired, "plan.items[2].zone"},
		{validation.CodeRequired, "plan.Secret"},
	} {
		assert.True(t, validation.Has(err, c.code, c.path), "%s at %s in %v", c.code, c.path, err)
	}
	assert.Len(t, list, 8)
}

func TestStructNil(t *testing.T) {
	var p *sample
	list := validate.Struct(validation.NewPath("x"), p)
	assert.True(t, validation.Has(list.Err(), validation.CodeRequired, "x"))
}

func TestZoneAndCurrency(t *testing.T) {
	assert.True(t, validate.IsZoneName("America/New_York"))
	assert.True(t, validate.IsZoneName("UTC"))
	assert.False(t, validate.IsZoneName(""))
	assert.False(t, validate.IsZoneName("Local"))
	assert.False(t, validate.IsZoneName("+02:00"))
	assert.True(t, validate.IsCurrencyCode("USD"))
	assert.False(t, validate.IsCurrencyCode("usd"))
	assert.False(t, validate.IsCurrencyCode("US"))
}
