package member

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
)

func TestName(t *testing.T) {
	ana, eva := uuid.NewSHA1(uuid.NameSpaceOID, []byte("ana")), uuid.NewSHA1(uuid.NameSpaceOID, []byte("eva"))
	names := map[uuid.UUID]string{ana: "Ana", eva: " "}
	assert.Equal(t, "Ana", Name(names, ana))
	assert.Equal(t, eva.String(), Name(names, eva), "a blank name falls back to the ID")
	assert.Equal(t, eva.String(), Name(nil, eva))
	assert.Empty(t, Name(names, uuid.Nil))
	assert.Equal(t, "Ana, "+eva.String(), Join(names, []uuid.UUID{ana, eva}, ", "))
	assert.Empty(t, Join(names, nil, ", "))
}

func TestCheck(t *testing.T) {
	ana := uuid.NewSHA1(uuid.NameSpaceOID, []byte("ana"))
	type problem struct {
		i                 int
		missing, repeated bool
	}
	var got []problem
	Check([]uuid.UUID{ana, uuid.Nil, ana, uuid.Nil}, func(i int, missing, repeated bool) {
		got = append(got, problem{i, missing, repeated})
	})
	assert.Equal(t, []problem{{1, true, false}, {2, false, true}, {3, true, false}}, got)
}
