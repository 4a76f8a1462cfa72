package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tandemsocial/tandem/crisis"
)

func main() {
	var o options
	flag.StringVar(&o.url, "url", "", "NATS URL of a JetStream server or cluster (comma-separated seeds); empty starts an embedded server")
	flag.IntVar(&o.workers, "workers", 2, "how many workers to run, each with its own connection")
	flag.IntVar(&o.cfg.Partitions, "partitions", 4, "how many partitions the brands are spread over")
	flag.IntVar(&o.cfg.Replicas, "replicas", 1, "replicas of each stream, bucket and consumer (3 on a cluster)")
	flag.BoolVar(&o.reset, "reset", false, "delete the demo's streams and bucket first (needed to run the demo again on a server that keeps them)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "crisisstream:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	url     string
	workers int
	cfg     Config
	reset   bool
}

// run feeds the demo brands' listening data to the signal stream, runs the
// workers until every partition is drained, and prints the alerts the
// alert stream holds.
func run(ctx context.Context, w io.Writer, o options) error {
	connect := func() (*nats.Conn, error) { return nats.Connect(o.url) }
	if o.url == "" {
		dir, err := os.MkdirTemp("", "crisisstream-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		srv, err := startServer(dir)
		if err != nil {
			return err
		}
		defer srv.Shutdown()
		connect = func() (*nats.Conn, error) { return nats.Connect("", nats.InProcessServer(srv)) }
	}
	nc, err := connect()
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	if o.reset {
		for _, name := range []string{SignalStream, AlertStream} {
			if err := js.DeleteStream(ctx, name); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
				return err
			}
		}
		if err := js.DeleteKeyValue(ctx, StateBucket); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
			return err
		}
	}
	if err := Setup(ctx, js, o.cfg); err != nil {
		return err
	}

	// The listening tool's feed: the brands' buckets interleaved, as
	// they would arrive live.
	feeds := make([][]Message, len(demoBrands))
	total := 0
	for i, b := range demoBrands {
		feeds[i] = demoMessages(b.seed, 2)
		total += len(feeds[i])
	}
	for n := 0; ; n++ {
		sent := false
		for i, b := range demoBrands {
			if n < len(feeds[i]) {
				if err := Publish(ctx, js, b.name, feeds[i][n]); err != nil {
					return err
				}
				sent = true
			}
		}
		if !sent {
			break
		}
	}
	fmt.Fprintf(w, "fed %d messages for %d brands over %d partitions; %d workers\n", total, len(demoBrands), o.cfg.partitions(), o.workers)

	plans := map[string]*crisis.Plan{}
	for _, b := range demoBrands {
		plans[b.name] = demoPlan(b.name)
	}
	wctx, stopWorkers := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range max(o.workers, 1) {
		wnc, err := connect()
		if err != nil {
			stopWorkers()
			wg.Wait()
			return err
		}
		wjs, err := jetstream.New(wnc)
		if err == nil {
			var wk *Worker
			if wk, err = NewWorker(ctx, wjs, WorkerOptions{
				Config: o.cfg,
				Plans: func(brand string) (*crisis.Plan, error) {
					if p, ok := plans[brand]; ok {
						return p, nil
					}
					return nil, fmt.Errorf("no crisis plan for brand %q", brand)
				},
				Errors: func(err error) { fmt.Fprintln(os.Stderr, "crisisstream:", err) },
			}); err == nil {
				wg.Go(func() {
					defer wnc.Close()
					_ = wk.Run(wctx)
				})
			}
		}
		if err != nil {
			wnc.Close()
			stopWorkers()
			wg.Wait()
			return err
		}
	}
	err = WaitIdle(ctx, js, o.cfg, 10*time.Minute)
	stopWorkers()
	wg.Wait()
	if err != nil {
		return err
	}

	alerts, err := ReadAlerts(ctx, js)
	if err != nil {
		return err
	}
	brands := make([]string, 0, len(alerts))
	for b := range alerts {
		brands = append(brands, b)
	}
	slices.Sort(brands)
	for _, b := range brands {
		fmt.Fprintf(w, "\n%s: %d alerts\n", b, len(alerts[b]))
		for _, a := range alerts[b] {
			var fired []string
			for _, e := range a.Evidence {
				if e.Fired {
					fired = append(fired, e.Trigger)
				}
			}
			uncertain := ""
			if a.Uncertain {
				uncertain = " (uncertain: a higher trigger came near)"
			}
			fmt.Fprintf(w, "  %s  %-8s  %s%s\n", a.At.Format("Mon 15:04 MST"), a.Level, strings.Join(fired, ", "), uncertain)
		}
	}
	return nil
}

// startServer starts an embedded NATS server with JetStream storing in
// dir, reachable only in this process.
func startServer(dir string) (*server.Server, error) {
	srv, err := server.NewServer(&server.Options{JetStream: true, StoreDir: dir, DontListen: true, NoSigs: true})
	if err != nil {
		return nil, err
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, errors.New("embedded NATS server did not start")
	}
	return srv, nil
}

// WaitIdle polls the partitions until each has acknowledged its last
// message: every message fed so far is applied, checkpointed and its
// alerts published. It gives up after timeout.
//
// It compares the consumer's ack floor with the last message of the
// partition's subjects, not the consumer's pending counts: the server
// updates those after it acknowledges a publish, and on a loaded machine
// a check right after publishing could read them as zero before the
// messages count (seen as an example that read no alerts).
func WaitIdle(ctx context.Context, js jetstream.JetStream, cfg Config, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	s, err := js.Stream(ctx, SignalStream)
	if err != nil {
		return err
	}
	for {
		busy := false
		for k := range cfg.partitions() {
			last, err := s.GetLastMsgForSubject(ctx, fmt.Sprintf("signals.%d.*", k))
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				continue // nothing fed to this partition
			}
			if err != nil {
				return err
			}
			c, err := js.Consumer(ctx, SignalStream, fmt.Sprintf("%s%d", ConsumerPrefix, k))
			if err != nil {
				return err
			}
			if info := c.CachedInfo(); info.AckFloor.Stream < last.Sequence || info.NumAckPending > 0 {
				busy = true
				break
			}
		}
		if !busy {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("partitions still busy: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// ReadAlerts returns every alert the alert stream holds, by brand, in
// the order they were stored.
func ReadAlerts(ctx context.Context, js jetstream.JetStream) (map[string][]crisis.Alert, error) {
	s, err := js.Stream(ctx, AlertStream)
	if err != nil {
		return nil, err
	}
	raw, err := readRaw(ctx, s)
	if err != nil {
		return nil, err
	}
	out := map[string][]crisis.Alert{}
	for _, m := range raw {
		var a crisis.Alert
		if err := json.Unmarshal(m.Data, &a); err != nil {
			return nil, fmt.Errorf("alert %d: %w", m.Sequence, err)
		}
		brand := strings.TrimPrefix(m.Subject, "alerts.")
		out[brand] = append(out[brand], a)
	}
	return out, nil
}

// readRaw returns the messages a stream holds, in order.
func readRaw(ctx context.Context, s jetstream.Stream) ([]*jetstream.RawStreamMsg, error) {
	info, err := s.Info(ctx)
	if err != nil {
		return nil, err
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
