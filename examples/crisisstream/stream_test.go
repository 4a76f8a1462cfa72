package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/crisis"
)

// testBrands are the brands the tests feed: four of the demo's, over
// three partitions, so that some partition holds two brands.
var testBrands = demoBrands[:4]

// testConfig is the layout of the tests: a crashed worker's message goes
// to another worker after half a second.
var testConfig = Config{Partitions: 3, AckWait: 500 * time.Millisecond}

// env is one embedded server with the streams set up and the test brands
// fed.
type env struct {
	t   *testing.T
	srv *server.Server
	js  jetstream.JetStream
	cfg Config
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	srv, err := startServer(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(srv.Shutdown)
	e := &env{t: t, srv: srv, cfg: cfg}
	nc := e.connect()
	e.js, err = jetstream.New(nc)
	require.NoError(t, err)
	ctx := t.Context()
	require.NoError(t, Setup(ctx, e.js, cfg))
	for _, b := range testBrands {
		for _, m := range demoMessages(b.seed, 2) {
			require.NoError(t, Publish(ctx, e.js, b.name, m))
		}
	}
	return e
}

func (e *env) connect() *nats.Conn {
	e.t.Helper()
	nc, err := nats.Connect("", nats.InProcessServer(e.srv))
	require.NoError(e.t, err)
	e.t.Cleanup(nc.Close)
	return nc
}

// worker is a running Worker on its own connection.
type worker struct {
	nc      *nats.Conn
	stop    context.CancelFunc
	done    chan struct{}
	crashed atomic.Bool
	errs    chan error
}

// crashAt says where a worker dies: at the n-th time it reaches step
// (counting only messages that raised alerts when withAlerts is set).
type crashAt struct {
	step       string
	n          int
	withAlerts bool
}

// start runs a worker; with a crash point, the worker dies there: its
// connection closes at once, with no acknowledgement, flush or
// checkpoint of what any of its partitions is doing.
func (e *env) start(at *crashAt) *worker {
	e.t.Helper()
	w := &worker{nc: e.connect(), done: make(chan struct{}), errs: make(chan error, 1000)}
	js, err := jetstream.New(w.nc)
	require.NoError(e.t, err)
	wk, err := NewWorker(e.t.Context(), js, WorkerOptions{
		Config: e.cfg,
		Plans: func(brand string) (*crisis.Plan, error) {
			for _, b := range testBrands {
				if b.name == brand {
					return demoPlan(brand), nil
				}
			}
			return nil, fmt.Errorf("no plan for %s", brand)
		},
		Errors: func(err error) {
			select {
			case w.errs <- err:
			default:
			}
		},
	})
	require.NoError(e.t, err)
	if at != nil {
		var mu sync.Mutex
		count := 0
		wk.crash = func(step string, alerts int) error {
			if w.crashed.Load() {
				return errCrash
			}
			if step != at.step || at.withAlerts && alerts == 0 {
				return nil
			}
			mu.Lock()
			count++
			n := count
			mu.Unlock()
			if n == at.n {
				w.crashed.Store(true)
				w.nc.Close()
				return errCrash
			}
			return nil
		}
	}
	ctx, stop := context.WithCancel(e.t.Context())
	w.stop = stop
	go func() {
		defer close(w.done)
		assert.NoError(e.t, wk.Run(ctx))
	}()
	e.t.Cleanup(func() { stop(); <-w.done })
	return w
}

// wait stops w once it has crashed.
func (w *worker) waitCrash(t *testing.T) {
	t.Helper()
	select {
	case <-w.done:
	case <-time.After(20 * time.Second):
		t.Fatal("the worker did not reach its crash point")
	}
	require.True(t, w.crashed.Load(), "the worker stopped without crashing")
}

// idle waits until every message fed is applied and acknowledged.
func (e *env) idle() {
	e.t.Helper()
	require.NoError(e.t, WaitIdle(e.t.Context(), e.js, e.cfg, 30*time.Second))
}

// left counts the messages not yet acknowledged.
func (e *env) left() uint64 {
	e.t.Helper()
	var n uint64
	for k := range e.cfg.partitions() {
		c, err := e.js.Consumer(e.t.Context(), SignalStream, fmt.Sprintf("%s%d", ConsumerPrefix, k))
		require.NoError(e.t, err)
		n += c.CachedInfo().NumPending + uint64(c.CachedInfo().NumAckPending)
	}
	return n
}

// alerts returns what the alert stream holds, as JSON, by brand in the
// order stored: what a subscriber to alerts.> receives.
func (e *env) alerts() map[string][]string {
	e.t.Helper()
	s, err := e.js.Stream(e.t.Context(), AlertStream)
	require.NoError(e.t, err)
	raw, err := readRaw(e.t.Context(), s)
	require.NoError(e.t, err)
	out := map[string][]string{}
	for _, m := range raw {
		brand := strings.TrimPrefix(m.Subject, "alerts.")
		out[brand] = append(out[brand], string(m.Data))
	}
	return out
}

// reference runs each test brand's detector in memory, without a
// stream: the alerts of a process that never stops.
func reference(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, b := range testBrands {
		det, err := crisis.NewDetector(demoPlan(b.name))
		require.NoError(t, err)
		var alerts []crisis.Alert
		for _, m := range demoMessages(b.seed, 2) {
			for _, s := range m.Signals {
				alerts, err = det.Observe(s, alerts)
				require.NoError(t, err)
			}
			if !m.Advance.IsZero() {
				alerts, err = det.Advance(m.Advance, alerts)
				require.NoError(t, err)
			}
		}
		require.GreaterOrEqual(t, len(alerts), 5, "brand %s: the test needs several alerts per brand", b.name)
		for _, a := range alerts {
			data, err := json.Marshal(a)
			require.NoError(t, err)
			out[b.name] = append(out[b.name], string(data))
		}
	}
	return out
}

func TestUninterrupted(t *testing.T) {
	e := newEnv(t, testConfig)
	w := e.start(nil)
	e.idle()
	assert.Equal(t, reference(t), e.alerts())
	assert.Empty(t, w.errs)
}

// TestCrash stops a worker abruptly at each step of handling a message,
// mid-stream, then lets another worker finish: the alert stream must hold
// exactly the alerts of the uninterrupted run, none lost, none twice.
func TestCrash(t *testing.T) {
	want := reference(t)
	cases := []struct {
		name string
		at   crashAt
		cfg  func(*Config)
		// together runs the second worker from the start, beside the
		// one that crashes.
		together bool
	}{
		{name: "after applying, before the checkpoint", at: crashAt{step: stepApplied, n: 150}},
		{name: "after the checkpoint, before its alerts", at: crashAt{step: stepCheckpointed, n: 12, withAlerts: true}},
		{name: "after the first alert, before the others and the ack", at: crashAt{step: stepPublished, n: 20}},
		{
			// The alert stream has forgotten the alert IDs by the time
			// the message comes back: only the last alert stored for the
			// brand keeps the alert from being published twice.
			name: "after an alert, the duplicate window past", at: crashAt{step: stepPublished, n: 9},
			cfg: func(c *Config) { c.DuplicateWindow = 100 * time.Millisecond },
		},
		{name: "after the ack", at: crashAt{step: stepAcked, n: 400}},
		{name: "beside a running worker", at: crashAt{step: stepCheckpointed, n: 25, withAlerts: true}, together: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each has its own server; most of the time is the AckWait
			cfg := testConfig
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			e := newEnv(t, cfg)
			first := e.start(&tc.at)
			var second *worker
			if tc.together {
				second = e.start(nil)
			}
			first.waitCrash(t)
			if !tc.together {
				require.NotZero(t, e.left(), "the worker crashed after the last message")
				second = e.start(nil)
			}
			e.idle()
			assert.Equal(t, want, e.alerts())
			assert.Empty(t, second.errs)
		})
	}
}

func TestRejected(t *testing.T) {
	e := newEnv(t, testConfig)
	ctx := t.Context()
	brand := testBrands[0].name
	msgs := demoMessages(testBrands[0].seed, 2)
	stored := func() uint64 {
		s, err := e.js.Stream(ctx, SignalStream)
		require.NoError(t, err)
		return s.CachedInfo().State.Msgs
	}
	before := stored()
	// A feeder that sends a bucket again: the stream drops it by its ID.
	require.NoError(t, Publish(ctx, e.js, brand, msgs[3]))
	require.Equal(t, before, stored())
	// The same bucket sent by hand, without the ID: the detector refuses
	// it (out of order) and goes on. Then a message that is not one, a
	// brand without a plan and a brand that cannot name a checkpoint.
	data, err := json.Marshal(msgs[3])
	require.NoError(t, err)
	_, err = e.js.Publish(ctx, "signals."+brand, data)
	require.NoError(t, err)
	_, err = e.js.Publish(ctx, "signals."+brand, []byte(`{"signal":[]}`))
	require.NoError(t, err)
	require.NoError(t, Publish(ctx, e.js, "unknown", Message{Advance: demoStart}))
	_, err = e.js.Publish(ctx, "signals.café", data)
	require.NoError(t, err)

	w := e.start(nil)
	e.idle()
	assert.Equal(t, reference(t), e.alerts())
	require.Len(t, w.errs, 5)
	var got []error
	for range 5 {
		err := <-w.errs
		var rej *Rejected
		require.ErrorAs(t, err, &rej)
		got = append(got, err)
	}
	// The partitions run side by side: the brand's come in order, the
	// others' anywhere.
	var mine []error
	others := map[string]error{}
	for _, err := range got {
		if b := err.(*Rejected).Brand; b == brand {
			mine = append(mine, err)
		} else {
			others[b] = err
		}
	}
	assert.ErrorContains(t, others["unknown"], "no plan for unknown")
	assert.ErrorIs(t, others["café"], ErrBrand)
	require.Len(t, mine, 3) // two signals, one per channel, then the malformed message
	assert.ErrorIs(t, mine[0], crisis.ErrOutOfOrder)
	assert.ErrorIs(t, mine[1], crisis.ErrOutOfOrder)
	assert.ErrorIs(t, mine[2], ErrMessage)
}

func TestCheckBrand(t *testing.T) {
	for _, tc := range []struct {
		brand string
		ok    bool
	}{
		{"bluebird", true},
		{"Blue_Bird-2", true},
		{strings.Repeat("a", 128), true},
		{"", false},
		{strings.Repeat("a", 129), false},
		{"blue.bird", false},
		{"blue*", false},
		{"blue>", false},
		{"blue bird", false},
		{"café", false},
	} {
		err := CheckBrand(tc.brand)
		if tc.ok {
			assert.NoError(t, err, tc.brand)
		} else {
			assert.ErrorIs(t, err, ErrBrand, tc.brand)
		}
	}
}

func TestDecodeMessage(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		ok         bool
	}{
		{"signals", `{"signals":[{"at":"2027-03-01T00:00:00Z","channel":"x","mentions":3,"negative":1,"positive":0,"reach":0,"keywordHits":0}]}`, true},
		{"advance", `{"advance":"2027-03-01T00:05:00Z"}`, true},
		{"empty", `{}`, false},
		{"unknown field", `{"advance":"2027-03-01T00:05:00Z","extra":1}`, false},
		{"unknown channel", `{"signals":[{"at":"2027-03-01T00:00:00Z","channel":"myspace","mentions":3}]}`, false},
		{"trailing data", `{"advance":"2027-03-01T00:05:00Z"} {}`, false},
		{"not json", `signals`, false},
		{"field in another case", `{"Advance":"2027-03-01T00:05:00Z"}`, false},
		{"signal field in another case", `{"signals":[{"at":"2027-03-01T00:00:00Z","Channel":"x","mentions":3}]}`, false},
		{"field twice", `{"advance":"2027-03-01T00:05:00Z","advance":"2027-03-01T00:10:00Z"}`, false},
		{"signal without a channel", `{"signals":[{"at":"2027-03-01T00:00:00Z","mentions":3}]}`, false},
		{"not an object", `[]`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeMessage([]byte(tc.data))
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrMessage)
			}
		})
	}
}

func FuzzDecodeMessage(f *testing.F) {
	for _, m := range demoMessages(1, 1)[:3] {
		data, err := json.Marshal(m)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte(`{"advance":"2027-03-01T00:05:00Z"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := DecodeMessage(data)
		if err != nil {
			require.ErrorIs(t, err, ErrMessage)
			return
		}
		again, err := json.Marshal(m)
		require.NoError(t, err)
		m2, err := DecodeMessage(again)
		require.NoError(t, err)
		require.Equal(t, len(m.Signals), len(m2.Signals))
		require.True(t, m.Advance.Equal(m2.Advance))
	})
}

func FuzzCheckpoint(f *testing.F) {
	det, err := crisis.NewDetector(demoPlan("bluebird"))
	require.NoError(f, err)
	for _, m := range demoMessages(1, 1)[:20] {
		for _, s := range m.Signals {
			_, err = det.Observe(s, nil)
			require.NoError(f, err)
		}
	}
	state, err := det.MarshalJSON()
	require.NoError(f, err)
	data, err := json.Marshal(checkpoint{Seq: 20, Detector: state})
	require.NoError(f, err)
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		cp, err := decodeCheckpoint(data)
		if err != nil {
			return
		}
		d, err := crisis.NewDetector(demoPlan("bluebird"))
		require.NoError(t, err)
		if d.UnmarshalJSON(cp.Detector) == nil {
			_, _ = d.Advance(demoStart.Add(48*time.Hour), nil) // a restored state never panics
		}
	})
}

func TestDemo(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(t.Context(), &out, options{workers: 2, cfg: Config{Partitions: 4}}))
	assert.Contains(t, out.String(), "fed 1445 messages for 5 brands")
	assert.Contains(t, out.String(), "bluebird: 17 alerts")
}
