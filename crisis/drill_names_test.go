package crisis_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/crisis"
)

// The report prints people by the names the caller gave, by member ID
// where it gave none, and keeps the names for later.
func TestDrillPrintsNames(t *testing.T) {
	p := samplePlan()
	run := func(names map[uuid.UUID]string) *crisis.DrillReport {
		rep, err := crisis.Drill(p, crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script(), Names: names})
		require.NoError(t, err)
		return rep
	}
	named := run(names)
	assert.Contains(t, named.String(), "notified · ana, carla\n")
	assert.Equal(t, "diego", named.Name(diego))

	bare := run(nil)
	assert.Contains(t, bare.String(), "notified · "+ana.String()+", "+carla.String()+"\n")
	assert.Equal(t, named.Timeline, bare.Timeline, "names change the printing, not the timeline")

	partial := map[uuid.UUID]string{ana: "Ana García"}
	some := run(partial)
	assert.Contains(t, some.String(), "notified · Ana García, "+carla.String()+"\n")
	partial[ana] = "changed"
	assert.Equal(t, "Ana García", some.Name(ana), "the report keeps its own copy of the names")

	back := roundTrip(t, *named)
	assert.Equal(t, names, back.Names)
	assert.Equal(t, named.Timeline[3].Who, back.Timeline[3].Who)
}

// A member renamed after the plan was written is still who the plan
// means: the plan holds member IDs, names only print them.
func TestDrillAfterRename(t *testing.T) {
	renamed := map[uuid.UUID]string{ana: "ana", bruno: "bruno", carla: "Carla Ruiz", diego: "diego", eva: "eva"}
	rep, err := crisis.Drill(samplePlan(), crisis.NegativeSpike(&crisis.SpikeOptions{Seed: 1}), &crisis.DrillOptions{Responses: script(), Names: renamed})
	require.NoError(t, err)
	assert.Empty(t, rep.Refused(), "carla still publishes as the level's approver")
	assert.Contains(t, rep.String(), "publish                  Carla Ruiz · x")
}
