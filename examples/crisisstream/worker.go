package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tandemsocial/tandem/crisis"
)

// WorkerOptions configures a Worker.
type WorkerOptions struct {
	// Config is the layout Setup created; the worker reads its
	// Partitions.
	Config Config
	// Plans returns a brand's crisis plan. It is called once per brand
	// whose detector the worker builds or restores, and must give every
	// worker the same plan for a brand: a restored detector continues
	// exactly only under the plan it was saved with. Required.
	Plans func(brand string) (*crisis.Plan, error)
	// Errors, when set, is told of what went wrong: a *Rejected for a
	// message the detector refused (it is consumed and the detector goes
	// on; it may be told more than once, by every worker that applies the
	// message), and any other error for a step that failed and will be
	// retried (the message goes back to the partition).
	Errors func(error)
}

// Rejected is a signal stream message that the worker consumed without
// taking all of it: one that does not decode, a signal the detector
// refused (the others of the message are taken), a brand with no plan or
// a name CheckBrand refuses (its messages are dropped), or a checkpoint that no longer fits the brand's
// plan (the detector then starts afresh after the checkpoint's message).
type Rejected struct {
	Brand string
	// Seq is the message's sequence in the signal stream.
	Seq uint64
	Err error
}

func (r *Rejected) Error() string {
	return fmt.Sprintf("crisisstream: %s, message %d: %v", r.Brand, r.Seq, r.Err)
}

func (r *Rejected) Unwrap() error { return r.Err }

// Worker runs the detectors of the brands whose messages it takes from
// the partitions. Any number of workers, in one process or many, share
// the partitions; see the package documentation for why the alerts come
// out exactly once however they start, stop and crash.
type Worker struct {
	js     jetstream.JetStream
	kv     jetstream.KeyValue
	alerts jetstream.Stream
	opts   WorkerOptions

	// crash, set by tests, is called at each step of handling a message,
	// with the number of alerts the message raised; a non-nil error stops
	// the worker there, as if its process died.
	crash func(step string, alerts int) error
}

// The steps at which a test can crash a worker.
const (
	stepApplied      = "applied"      // the detector took the message, nothing written
	stepCheckpointed = "checkpointed" // the checkpoint is written, no alert published
	stepPublished    = "published"    // one alert is published (called after each)
	stepAcked        = "acked"        // the message is acknowledged
)

// NewWorker opens the streams and the bucket that Setup created.
func NewWorker(ctx context.Context, js jetstream.JetStream, opts WorkerOptions) (*Worker, error) {
	if opts.Plans == nil {
		return nil, errors.New("crisisstream: WorkerOptions.Plans is required")
	}
	kv, err := js.KeyValue(ctx, StateBucket)
	if err != nil {
		return nil, fmt.Errorf("checkpoint bucket: %w", err)
	}
	alerts, err := js.Stream(ctx, AlertStream)
	if err != nil {
		return nil, fmt.Errorf("alert stream: %w", err)
	}
	return &Worker{js: js, kv: kv, alerts: alerts, opts: opts}, nil
}

// errCrash stops a worker in a test.
var errCrash = errors.New("crisisstream: worker crashed")

// Run takes messages from every partition until ctx is done or the
// connection closes, and returns nil then. It returns early only with an
// error that no retry can mend (a partition's consumer is missing).
func (w *Worker) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := w.opts.Config.partitions()
	consumers := make([]jetstream.Consumer, n)
	for k := range n {
		c, err := w.js.Consumer(ctx, SignalStream, ConsumerPrefix+strconv.Itoa(k))
		if err != nil {
			return fmt.Errorf("consumer of partition %d: %w", k, err)
		}
		consumers[k] = c
	}
	var wg sync.WaitGroup
	for _, c := range consumers {
		wg.Go(func() {
			if errors.Is(w.partition(ctx, c), errCrash) {
				cancel()
			}
		})
	}
	wg.Wait()
	return nil
}

// brandState is a worker's copy of a brand's detector, as of the
// checkpoint revision rev in the bucket (0: none yet), which applied the
// signal stream up to and including sequence seq.
type brandState struct {
	det *crisis.Detector
	seq uint64
	rev uint64
}

// checkpoint is what the bucket holds for a brand: the detector's state
// after the message seq, and the alerts that message raised (an outbox:
// they are published after the checkpoint is written, and whoever loads
// the checkpoint publishes those not yet published).
type checkpoint struct {
	Seq      uint64          `json:"seq"`
	Detector json.RawMessage `json:"detector"`
	Outbox   []crisis.Alert  `json:"outbox,omitempty"`
}

// partition takes one partition's messages, one at a time. Its cache of
// detectors is its own: a brand lives in one partition.
func (w *Worker) partition(ctx context.Context, c jetstream.Consumer) error {
	cache := map[string]*brandState{}
	for ctx.Err() == nil {
		wait, stop := context.WithTimeout(ctx, time.Second)
		msg, err := c.Next(jetstream.FetchContext(wait))
		stop()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, nats.ErrConnectionClosed) {
				return nil
			}
			if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, jetstream.ErrNoMessages) {
				w.report(err)
			}
			continue
		}
		if err := w.handle(ctx, cache, msg); err != nil {
			if errors.Is(err, errCrash) {
				return err
			}
			w.report(err)
			// Retry soon, from the checkpoint: the cache may be wrong.
			_ = msg.NakWithDelay(50 * time.Millisecond)
		}
	}
	return nil
}

func (w *Worker) report(err error) {
	if w.opts.Errors != nil {
		w.opts.Errors(err)
	}
}

func (w *Worker) step(name string, alerts int) error {
	if w.crash != nil {
		return w.crash(name, alerts)
	}
	return nil
}

// handle applies one message to its brand's detector: apply, write the
// checkpoint if the bucket still holds the state the worker started from,
// publish the alerts, acknowledge. On a conflict it reloads the brand and
// tries again; on any other error the brand is dropped from the cache and
// the error returned, the message not acknowledged.
func (w *Worker) handle(ctx context.Context, cache map[string]*brandState, msg jetstream.Msg) error {
	meta, err := msg.Metadata()
	if err != nil {
		return err
	}
	seq := meta.Sequence.Stream
	tokens := strings.Split(msg.Subject(), ".")
	brand := tokens[len(tokens)-1]
	if err := CheckBrand(brand); err != nil { // sent by hand: it cannot name a checkpoint
		w.report(&Rejected{Brand: brand, Seq: seq, Err: err})
		return msg.Term()
	}
	for {
		st := cache[brand]
		if st == nil {
			if st, err = w.load(ctx, brand, seq); err != nil {
				var rej *Rejected
				if errors.As(err, &rej) { // no plan for the brand: nothing to do with its messages
					w.report(err)
					return msg.Term()
				}
				return err
			}
			cache[brand] = st
		}
		if seq <= st.seq { // applied already, by this worker or another
			return w.ack(msg)
		}
		alerts := w.apply(st.det, brand, seq, msg.Data())
		if err := w.step(stepApplied, len(alerts)); err != nil {
			return err
		}
		rev, err := w.save(ctx, brand, st, seq, alerts)
		if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
			// Another worker moved the brand on since this copy was
			// loaded: what this worker computed is stale. Nothing of it
			// was written or published.
			delete(cache, brand)
			continue
		}
		if err != nil {
			delete(cache, brand)
			return fmt.Errorf("checkpoint of %s: %w", brand, err)
		}
		st.seq, st.rev = seq, rev
		if err := w.step(stepCheckpointed, len(alerts)); err != nil {
			return err
		}
		if err := w.publish(ctx, brand, alerts); err != nil {
			delete(cache, brand) // whoever loads the checkpoint publishes the rest
			return err
		}
		return w.ack(msg)
	}
}

func (w *Worker) ack(msg jetstream.Msg) error {
	if err := msg.Ack(); err != nil {
		return err
	}
	return w.step(stepAcked, 0)
}

// apply feeds a message to det and returns the alerts it raised. What it
// cannot take is reported as *Rejected; the rest is taken.
func (w *Worker) apply(det *crisis.Detector, brand string, seq uint64, data []byte) []crisis.Alert {
	m, err := DecodeMessage(data)
	if err != nil {
		w.report(&Rejected{Brand: brand, Seq: seq, Err: err})
		return nil
	}
	var alerts []crisis.Alert
	for _, s := range m.Signals {
		if alerts, err = det.Observe(s, alerts); err != nil {
			w.report(&Rejected{Brand: brand, Seq: seq, Err: err})
		}
	}
	if !m.Advance.IsZero() {
		if alerts, err = det.Advance(m.Advance, alerts); err != nil {
			w.report(&Rejected{Brand: brand, Seq: seq, Err: err})
		}
	}
	return alerts
}

// save writes the checkpoint after message seq, on condition that the
// bucket still holds revision st.rev, and returns the new revision.
func (w *Worker) save(ctx context.Context, brand string, st *brandState, seq uint64, alerts []crisis.Alert) (uint64, error) {
	state, err := st.det.MarshalJSON()
	if err != nil {
		return 0, err
	}
	data, err := json.Marshal(checkpoint{Seq: seq, Detector: state, Outbox: alerts})
	if err != nil {
		return 0, err
	}
	if st.rev == 0 {
		return w.kv.Create(ctx, brand, data)
	}
	return w.kv.Update(ctx, brand, data, st.rev)
}

// load reads a brand's checkpoint, or builds a fresh detector when there
// is none, and publishes what the checkpoint's outbox holds that the alert
// stream does not. seq is the message being handled, where a detector
// starts afresh when the checkpoint no longer fits the plan.
func (w *Worker) load(ctx context.Context, brand string, seq uint64) (*brandState, error) {
	plan, err := w.opts.Plans(brand)
	if err == nil && plan == nil {
		err = errors.New("no plan")
	}
	if err != nil {
		return nil, &Rejected{Brand: brand, Seq: seq, Err: err}
	}
	det, err := crisis.NewDetector(plan)
	if err != nil {
		return nil, &Rejected{Brand: brand, Seq: seq, Err: err}
	}
	entry, err := w.kv.Get(ctx, brand)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return &brandState{det: det}, nil
	}
	if err != nil {
		return nil, err
	}
	cp, err := decodeCheckpoint(entry.Value())
	if err != nil {
		// Not written by a worker: the partition waits for a person
		// rather than replay the brand from the start.
		return nil, fmt.Errorf("checkpoint of %s: %w", brand, err)
	}
	if err := det.UnmarshalJSON(cp.Detector); err != nil {
		// The brand's plan changed since: its detector starts afresh,
		// from the messages after the checkpoint's.
		w.report(&Rejected{Brand: brand, Seq: seq, Err: fmt.Errorf("checkpoint: %w", err)})
		if det, err = crisis.NewDetector(plan); err != nil {
			return nil, err
		}
	}
	st := &brandState{det: det, seq: cp.Seq, rev: entry.Revision()}
	if len(cp.Outbox) == 0 {
		return st, nil
	}
	last, err := w.lastAlert(ctx, brand)
	if err != nil {
		return nil, err
	}
	var rest []crisis.Alert
	for _, a := range cp.Outbox {
		if a.At.After(last) {
			rest = append(rest, a)
		}
	}
	if err := w.publish(ctx, brand, rest); err != nil {
		return nil, err
	}
	return st, nil
}

// decodeCheckpoint reads a checkpoint strictly.
func decodeCheckpoint(data []byte) (checkpoint, error) {
	var cp checkpoint
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cp); err != nil {
		return checkpoint{}, err
	}
	if dec.More() {
		return checkpoint{}, errors.New("data after the checkpoint")
	}
	return cp, nil
}

// lastAlert returns the instant of the last alert the alert stream holds
// for brand, or the zero time.
func (w *Worker) lastAlert(ctx context.Context, brand string) (time.Time, error) {
	m, err := w.alerts.GetLastMsgForSubject(ctx, "alerts."+brand)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	var a crisis.Alert
	if err := json.Unmarshal(m.Data, &a); err != nil {
		return time.Time{}, fmt.Errorf("last alert of %s: %w", brand, err)
	}
	return a.At, nil
}

// publish sends alerts on alerts.<brand>, in order, each with its ID, and
// waits until the stream has stored each.
func (w *Worker) publish(ctx context.Context, brand string, alerts []crisis.Alert) error {
	for _, a := range alerts {
		data, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if _, err := w.js.PublishMsg(ctx, &nats.Msg{Subject: "alerts." + brand, Data: data}, jetstream.WithMsgID(alertID(brand, a))); err != nil {
			return fmt.Errorf("alert of %s at %s: %w", brand, a.At.Format(time.RFC3339), err)
		}
		if err := w.step(stepPublished, len(alerts)); err != nil {
			return err
		}
	}
	return nil
}
