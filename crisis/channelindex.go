package crisis

import "github.com/tandemsocial/tandem/channel"

// channelIndex numbers the channels in the order of channel.All; -1 for an
// unknown channel.
//
// Every signal is looked up here, and a feed's channels come in no order,
// so the lookup avoids branches on the name. A switch on the name branched
// on its length and bytes, which the CPU cannot predict on a feed of
// several networks: a lookup without those branches, right only for the
// benchmark's four networks and never committed, ran
// BenchmarkDetector/plan=realistic 17% faster. (This VM shows no CPU
// counters to count the mispredictions themselves.)
//
// Instead, a hash of the name's length and first and last bytes picks a
// slot of channelSlots, and one comparison with the name in the slot
// decides. That took BenchmarkDetector/plan=realistic from 48 to 41 ns a
// signal through ObserveBatch, and from 53 to 45 through Observe. A name
// that is not in its slot (an unknown channel, or a known one whose slot
// another took) is looked up in knownChannels; TestChannelSlots checks
// that every known channel has a slot of its own.
func channelIndex(c channel.Channel) int {
	if len(c) > 0 {
		if e := &channelSlots[channelSlot(c, channelHash)]; c == e.name {
			return e.index
		}
	}
	for i, k := range knownChannels {
		if c == k {
			return i
		}
	}
	return -1
}

// channelSlot returns the slot of channelSlots for the name c (not empty),
// with the multiplier mult: the top 5 bits of a 32-bit product of the
// name's length and first and last bytes.
func channelSlot(c channel.Channel, mult uint32) uint32 {
	key := uint32(len(c))<<16 | uint32(c[0])<<8 | uint32(c[len(c)-1])
	return key * mult >> 27 & (nChannelSlots - 1)
}

// nChannelSlots is the size of channelSlots: room for 32 channels.
const nChannelSlots = 32

// channelSlotEntry holds a channel and its index, or no channel (index -1).
type channelSlotEntry struct {
	name  channel.Channel
	index int
}

var (
	// knownChannels is channel.All, which copies it on each call.
	knownChannels = channel.All()
	// channelHash is the multiplier channelSlot uses: the first odd one
	// from the golden ratio's that gives each known channel a slot of its
	// own, or that one if none of the first 2^16 does.
	channelHash = findChannelHash(knownChannels)
	// channelSlots holds each known channel in its slot.
	channelSlots = fillChannelSlots(knownChannels, channelHash)
)

// findChannelHash returns the multiplier for channelSlot that gives each
// of names a slot of its own, or the first one it tried if none of the
// 2^16 it tries does (channelIndex is still right, but slower).
func findChannelHash(names []channel.Channel) uint32 {
	const first = 0x9e3779b1 // 2^32 divided by the golden ratio, odd
	for mult := uint32(first); mult != first+2<<16; mult += 2 {
		var used [nChannelSlots]bool
		distinct := true
		for _, c := range names {
			h := channelSlot(c, mult)
			distinct = distinct && !used[h]
			used[h] = true
		}
		if distinct {
			return mult
		}
	}
	return first
}

// fillChannelSlots puts each of names in its slot (the first of two that
// share one) with its index in names; empty slots get index -1.
func fillChannelSlots(names []channel.Channel, mult uint32) (slots [nChannelSlots]channelSlotEntry) {
	for i := range slots {
		slots[i].index = -1
	}
	for i, c := range names {
		if e := &slots[channelSlot(c, mult)]; e.name == "" {
			*e = channelSlotEntry{c, i}
		}
	}
	return slots
}
