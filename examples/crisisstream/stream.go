package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tandemsocial/tandem/crisis"
)

// The names of what Setup creates on the server.
const (
	// SignalStream holds the brands' signals, subject signals.<brand>,
	// stored as signals.<partition>.<brand>.
	SignalStream = "CRISIS_SIGNALS"
	// AlertStream holds the alerts, subject alerts.<brand>.
	AlertStream = "CRISIS_ALERTS"
	// StateBucket is the key-value bucket of the detectors' checkpoints,
	// one key per brand.
	StateBucket = "CRISIS_DETECTORS"
	// ConsumerPrefix names the durable pull consumer of each partition:
	// detect-0, detect-1, …
	ConsumerPrefix = "detect-"
)

// Config says how the streams, the bucket and the consumers are laid out.
// The zero value means the defaults.
type Config struct {
	// Partitions is how many partitions the brands are spread over: the
	// server maps signals.<brand> to one of them by a hash of the brand,
	// and each partition is read strictly in order. It bounds how many
	// workers do useful work at once. Zero means 8. It is fixed when the
	// stream is created: changing it moves brands between partitions, so
	// drain the stream first.
	Partitions int
	// Replicas is how many servers of a cluster keep each stream, the
	// bucket and each consumer. Zero means 1; use 3 on a cluster.
	Replicas int
	// AckWait is how long a partition waits for a worker that took a
	// message before it gives the message to another worker: how long a
	// crashed worker holds up its partitions. Zero means 30s.
	AckWait time.Duration
	// DuplicateWindow is how long the alert stream remembers alert IDs to
	// drop the ones published twice. Zero means one hour.
	DuplicateWindow time.Duration
}

func (c Config) partitions() int {
	if c.Partitions <= 0 {
		return 8
	}
	return c.Partitions
}

func (c Config) replicas() int {
	if c.Replicas <= 0 {
		return 1
	}
	return c.Replicas
}

func (c Config) ackWait() time.Duration {
	if c.AckWait <= 0 {
		return 30 * time.Second
	}
	return c.AckWait
}

func (c Config) duplicateWindow() time.Duration {
	if c.DuplicateWindow <= 0 {
		return time.Hour
	}
	return c.DuplicateWindow
}

// Setup creates, or updates to cfg, the signal stream with its partition
// mapping, one durable pull consumer per partition, the alert stream and
// the checkpoint bucket. Every worker and feeder may call it: it is
// idempotent.
func Setup(ctx context.Context, js jetstream.JetStream, cfg Config) error {
	n := cfg.partitions()
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:     SignalStream,
		Subjects: []string{"signals.*"},
		SubjectTransform: &jetstream.SubjectTransformConfig{
			Source:      "signals.*",
			Destination: fmt.Sprintf("signals.{{partition(%d,1)}}.{{wildcard(1)}}", n),
		},
		Storage:  jetstream.FileStorage,
		Replicas: cfg.replicas(),
	}); err != nil {
		return fmt.Errorf("signal stream: %w", err)
	}
	for k := range n {
		if _, err := js.CreateOrUpdateConsumer(ctx, SignalStream, jetstream.ConsumerConfig{
			Durable:       ConsumerPrefix + strconv.Itoa(k),
			FilterSubject: fmt.Sprintf("signals.%d.*", k),
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       cfg.ackWait(),
			// One message of a partition in flight at a time: the
			// partition is read in order whichever worker takes it.
			MaxAckPending: 1,
			MaxDeliver:    -1,
			Replicas:      cfg.replicas(),
		}); err != nil {
			return fmt.Errorf("consumer of partition %d: %w", k, err)
		}
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       AlertStream,
		Subjects:   []string{"alerts.*"},
		Storage:    jetstream.FileStorage,
		Replicas:   cfg.replicas(),
		Duplicates: cfg.duplicateWindow(),
	}); err != nil {
		return fmt.Errorf("alert stream: %w", err)
	}
	if _, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:   StateBucket,
		Storage:  jetstream.FileStorage,
		Replicas: cfg.replicas(),
	}); err != nil {
		return fmt.Errorf("checkpoint bucket: %w", err)
	}
	return nil
}

// ErrBrand: a brand name that cannot be a subject token and a key.
var ErrBrand = errors.New("crisisstream: a brand is 1 to 128 letters, digits, '-' or '_'")

// CheckBrand reports whether brand can name a subject token and a
// checkpoint key: 1 to 128 ASCII letters, digits, '-' or '_'.
func CheckBrand(brand string) error {
	if len(brand) == 0 || len(brand) > 128 {
		return fmt.Errorf("%w: %q", ErrBrand, brand)
	}
	for i := 0; i < len(brand); i++ {
		c := brand[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("%w: %q", ErrBrand, brand)
		}
	}
	return nil
}

// Message is one message on the signal stream, for one brand: the signals
// of one bucket (one per channel), an instant to advance the detector to
// (every signal before it has been sent), or both, the signals first.
type Message struct {
	Signals []crisis.Signal `json:"signals,omitempty"`
	Advance time.Time       `json:"advance,omitzero"`
}

// ErrMessage: a signal stream message that is not a Message.
var ErrMessage = errors.New("crisisstream: malformed message")

// DecodeMessage reads a Message strictly: a key that is not exactly a
// field's JSON name (encoding/json alone would take "Signals" or
// "CHANNEL"), a key given twice, a second value after the message, a
// signal without a known channel, or a message with neither signals nor
// an advance is ErrMessage, wrapped with what is wrong.
func DecodeMessage(data []byte) (Message, error) {
	fields, err := exactKeys(data, "signals", "advance")
	if err != nil {
		return Message{}, fmt.Errorf("%w: %w", ErrMessage, err)
	}
	if raw, ok := fields["signals"]; ok {
		var signals []json.RawMessage
		if err := json.Unmarshal(raw, &signals); err != nil {
			return Message{}, fmt.Errorf("%w: signals: %w", ErrMessage, err)
		}
		for i, sig := range signals {
			if _, err := exactKeys(sig, "at", "channel", "mentions", "negative", "positive", "reach", "keywordHits"); err != nil {
				return Message{}, fmt.Errorf("%w: signals[%d]: %w", ErrMessage, i, err)
			}
		}
	}
	var m Message
	if err := json.Unmarshal(data, &m); err != nil {
		return Message{}, fmt.Errorf("%w: %w", ErrMessage, err)
	}
	for i, sig := range m.Signals {
		if !sig.Channel.IsValid() {
			return Message{}, fmt.Errorf("%w: signals[%d].channel: a known channel is required", ErrMessage, i)
		}
	}
	if len(m.Signals) == 0 && m.Advance.IsZero() {
		return Message{}, fmt.Errorf("%w: no signals and no advance", ErrMessage)
	}
	return m, nil
}

// exactKeys reads data as one JSON object whose keys are among names,
// each exactly so and at most once, and returns its fields.
func exactKeys(data []byte, names ...string) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		if !slices.Contains(names, key) {
			return nil, fmt.Errorf("unknown field %q", key)
		}
		if _, dup := fields[key]; dup {
			return nil, fmt.Errorf("field %q given twice", key)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		fields[key] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the object")
	}
	return fields, nil
}

// Publish sends m for brand on signals.<brand> and waits until the
// stream has stored it. The message carries an ID made of the brand and
// the message's last instant, so a feeder that sends the same bucket
// again (a retry after a lost acknowledgement) is ignored within the
// stream's duplicate window (two minutes).
func Publish(ctx context.Context, js jetstream.JetStream, brand string, m Message) error {
	if err := CheckBrand(brand); err != nil {
		return err
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	id := "signals/" + brand
	if len(m.Signals) > 0 {
		id += "/" + m.Signals[0].At.UTC().Format(time.RFC3339)
	}
	if !m.Advance.IsZero() {
		id += "/advance/" + m.Advance.UTC().Format(time.RFC3339)
	}
	_, err = js.PublishMsg(ctx, &nats.Msg{Subject: "signals." + brand, Data: data}, jetstream.WithMsgID(id))
	return err
}

// alertID is the ID an alert is published with: a detector raises at
// most one alert per bucket it closes, so the brand and the alert's
// instant name it.
func alertID(brand string, a crisis.Alert) string {
	return "alert/" + brand + "/" + a.At.UTC().Format(time.RFC3339)
}
