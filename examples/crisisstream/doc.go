// Command crisisstream runs tandem's crisis detectors for many brands on
// NATS JetStream: signals arrive on a stream keyed by brand, any number of
// workers share the brands, each brand's detector is checkpointed to a
// JetStream key-value bucket, and alerts are published to a subject.
// A worker may crash at any instant, and the alerts still come out
// exactly once, the same as those of one process that never stopped.
//
// It is its own Go module (like internal/bench), so the NATS server and
// client never enter the library's go.mod. It needs Go 1.26, as
// nats-server v2.14 and later do; the library itself still builds with
// Go 1.24.
//
//	cd examples/crisisstream
//	go run .                                   # an embedded server, five demo brands, two workers
//	go run . -url nats://127.0.0.1:4222 -reset # the same on your server
//	go test ./...                              # the crash tests, on an embedded server
//
// # Subjects, streams and the bucket
//
// A listening tool publishes a brand's buckets to signals.<brand> (see
// Publish and Message: the signals of one bucket, one per channel, or an
// instant to advance the detector to). A brand is a subject token and a
// key: letters, digits, '-' and '_' (CheckBrand).
//
// Setup creates, idempotently:
//
//   - the stream CRISIS_SIGNALS on signals.*, which maps each subject on
//     arrival to signals.<partition>.<brand> with the server's
//     deterministic partition function ({{partition(N,1)}}, a hash of the
//     brand), so the feeders need not know how many partitions there are;
//   - one durable pull consumer per partition, detect-0 … detect-N-1,
//     filtered on signals.<k>.*, with explicit acks and MaxAckPending 1;
//   - the stream CRISIS_ALERTS on alerts.*, with a duplicate window
//     (Config.DuplicateWindow, an hour by default);
//   - the bucket CRISIS_DETECTORS: one key per brand, holding the
//     checkpoint.
//
// # Who owns a brand
//
// Every worker pulls from every partition's consumer: the consumer is the
// partition's queue group, and JetStream hands each message to one of the
// workers waiting on it. With MaxAckPending 1, a partition has at most one
// message out at a time, and the next one leaves only once that one is
// acknowledged: whichever worker takes a message, the partition is read
// strictly in stream order, so each brand's signals are too. A brand is
// owned, for the length of one message, by the worker that holds it;
// partitions run side by side, so N partitions keep up to N workers busy.
// A message takes a few round trips (fetch, checkpoint, alerts, ack):
// a few milliseconds on one machine (the demo's 1,445 messages over four
// partitions take about a second), so a partition handles some hundreds
// of messages a second. A thousand brands sending one message per
// 5-minute bucket send about three a second: a handful of partitions is
// plenty, and more partitions are for spreading the work over machines.
//
// Each worker keeps the detectors of the brands it has seen in memory,
// with the checkpoint revision they belong to. When another worker has
// moved a brand on since, the worker's copy is stale; it notices when it
// writes its checkpoint (below) and reloads the brand from the bucket.
//
// # Exactly once
//
// A worker handles message m (stream sequence s) of brand b so:
//
//  1. It takes b's detector from memory, or loads b's checkpoint from the
//     bucket (key b: the detector's state, the sequence of the last
//     message applied, and that message's alerts, the outbox) and
//     publishes the outbox alerts the alert stream does not hold yet.
//  2. If s is not after the checkpoint's sequence, m was applied already
//     (this is a redelivery): it acknowledges m and stops.
//  3. It feeds m to the detector, which gives the alerts m raises.
//  4. It writes the new checkpoint (state, s, those alerts as the outbox)
//     on condition that the key still holds the revision its copy came
//     from (a compare-and-set: kv.Create or kv.Update with the revision).
//     If the condition fails, another worker moved b on: nothing of what
//     this worker computed was written or published; it drops its copy
//     and goes back to 1.
//  5. It publishes the alerts to alerts.<b>, each with the message ID
//     alert/<b>/<instant> and waiting for the stream to store it.
//  6. It acknowledges m.
//
// Why no alert is lost: the alerts of m are in the bucket (the outbox) at
// the moment m's effect on the detector is. A worker that dies before 4
// left no trace, and m is redelivered after Config.AckWait and applied
// again from the same checkpoint. One that dies after 4 left the outbox;
// the checkpoint that follows it is written only by a worker that wrote
// this one and finished 5, or that loaded it and published its outbox in
// 1. So whenever a checkpoint exists, every alert of the earlier ones is
// on the alert stream, and its own are published by whoever goes on from
// it.
//
// Why none is doubled: the compare-and-set in 4 lets exactly one worker
// apply each message to each revision of a brand, so each alert is made
// once (step 2 turns every redelivery into an acknowledgement). It may be
// published more than once only when a worker dies during 5 or a loader
// in 1 races the writer. The loader publishes only the outbox alerts
// later than the last alert the stream holds for the brand (a detector
// raises at most one alert per bucket, at its end, so the instant orders
// and names a brand's alerts); and when two workers publish the same
// alert at once, the stream's duplicate window drops the second by its
// message ID. The first check does not depend on time, so a worker that
// comes back hours after a crash still publishes nothing twice; the
// window only has to cover the race, a few seconds.
//
// Why the alerts are right: a detector restored from its saved state
// continues exactly as if it had never stopped (crisis.Detector's
// MarshalJSON), every worker builds a brand's detector from the same plan
// (WorkerOptions.Plans), and the partition feeds each brand's messages in
// order, each once into each revision. So the alerts on alerts.<b> are
// those of one process reading b's signals from start to end, in the
// same order. The test (stream_test.go) checks exactly that: it feeds
// four brands, crashes a worker at every step of the list above in turn
// (closing its connection, no flush, no ack), lets another worker finish,
// and compares the alert stream with a detector run in memory, byte for
// byte. Leaving out any one of the outbox, the last-alert check, the
// compare-and-set or MaxAckPending 1 makes some of its cases fail.
//
// A message the detector cannot take (it does not decode, a signal out of
// order or a duplicate, a brand without a plan or with a name CheckBrand
// refuses) is consumed as far as it goes and reported to
// WorkerOptions.Errors as a *Rejected, so one bad message never blocks a
// partition. Errors talking to the server are reported too and the
// message is retried. A checkpoint that does not decode (not written by a
// worker) is an error of that kind: the brand's partition waits for a
// person rather than replay the brand from its first message.
//
// # Running it on a NATS cluster
//
// Nothing in the workers depends on the embedded server. On a cluster:
//
//  1. Run three or five nats-server nodes with JetStream enabled and a
//     cluster block naming one another (see the NATS documentation,
//     "JetStream Clustering"), each with its own store_dir on local disk.
//
//  2. Create the layout with three replicas, so that losing a server
//     loses nothing that was acknowledged, streams, bucket and consumers
//     alike: call Setup with Config{Replicas: 3, Partitions: 16} when a
//     service starts (it is idempotent). To try the demo on the cluster
//     first (it deletes and recreates the streams and the bucket named
//     above, so give it an account of its own):
//
//     go run . -url nats://n1:4222,nats://n2:4222,nats://n3:4222 -replicas 3 -partitions 16 -reset
//
//  3. Start as many worker processes as you like, on any machines, with
//     the same Config and a WorkerOptions.Plans that reads each brand's
//     plan from where you keep plans; each runs NewWorker and Run. Start
//     more to spread the partitions; stop any of them at any time. A
//     crashed worker's message waits Config.AckWait (30 seconds by
//     default) before another worker takes it; the rest of its partitions
//     carry on at once.
//
//  4. Feeders publish with Publish, or any NATS client, to signals.<brand>
//     with a Nats-Msg-Id header that names the bucket, so that a retried
//     publish is dropped. Subscribers read alerts.> from the CRISIS_ALERTS
//     stream with a durable consumer of their own.
//
// The partition count is part of the stream: to change it, stop the
// feeders, let the workers drain the stream, and run Setup with the new
// count. The signal stream keeps every message (limits retention); on a
// long-running system give it a MaxAge longer than the longest outage you
// plan to recover from, since a brand's checkpoint records how far it
// read, not what it read.
package main
