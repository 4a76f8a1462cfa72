package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tandemsocial/tandem/crisis"
)

// A feeder, a worker and a reader of alerts on one embedded server.
func ExampleWorker() {
	dir, _ := os.MkdirTemp("", "crisisstream-example-")
	defer os.RemoveAll(dir)
	srv, err := startServer(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Shutdown()
	nc, _ := nats.Connect("", nats.InProcessServer(srv))
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	cfg := Config{Partitions: 2}
	if err := Setup(ctx, js, cfg); err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range demoMessages(1, 1) {
		if err := Publish(ctx, js, "bluebird", m); err != nil {
			fmt.Println(err)
			return
		}
	}

	w, err := NewWorker(ctx, js, WorkerOptions{
		Config: cfg,
		Plans:  func(brand string) (*crisis.Plan, error) { return demoPlan(brand), nil },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	err = WaitIdle(ctx, js, cfg, time.Minute)
	stop()
	fmt.Println(err, <-done)

	alerts, _ := ReadAlerts(ctx, js)
	for _, a := range alerts["bluebird"][:3] {
		fmt.Println(a.At.Format("15:04"), a.Level)
	}
	// Output:
	// <nil> <nil>
	// 05:40 high
	// 06:05 critical
	// 06:10 critical
}

func ExampleDecodeMessage() {
	m, err := DecodeMessage([]byte(`{"signals":[{"at":"2027-03-01T10:00:00Z","channel":"x","mentions":40,"negative":12}]}`))
	fmt.Println(len(m.Signals), m.Signals[0].Channel, m.Signals[0].Negative, err)
	_, err = DecodeMessage([]byte(`{"Signals":[]}`))
	fmt.Println(err)
	// Output:
	// 1 x 12 <nil>
	// crisisstream: malformed message: unknown field "Signals"
}

func ExampleCheckBrand() {
	fmt.Println(CheckBrand("bluebird-coffee"))
	fmt.Println(CheckBrand("bluebird.coffee"))
	// Output:
	// <nil>
	// crisisstream: a brand is 1 to 128 letters, digits, '-' or '_': "bluebird.coffee"
}
