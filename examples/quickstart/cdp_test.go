package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// browser is headless Chromium driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: JSON messages ended by a NUL byte, commands on
// the browser's fd 3, answers and events on its fd 4). A pipe needs no
// port, no websocket and no dependency.
type browser struct {
	cmd      *exec.Cmd
	toChrome io.WriteCloser
	mu       sync.Mutex
	nextID   int
	waiting  map[int]chan cdpMessage
	events   chan cdpMessage
	dropped  atomic.Int64 // events that found events full
	done     chan struct{}
	stderr   syncBuffer // the browser's log, written by exec's goroutine
}

// syncBuffer is a bytes.Buffer that exec's copying goroutine writes while a
// failing call reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// cdpMessage is an answer (ID, Result, Error) or an event (Method, Params).
type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *cdpError       `json:"error,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
}

type cdpError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// startBrowser starts Chromium at path, headless, with a fresh profile.
func startBrowser(t *testing.T, path string) *browser {
	t.Helper()
	// fd 3: the browser reads our commands; fd 4: it writes to us.
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{toChrome: cmdW, waiting: map[int]chan cdpMessage{}, events: make(chan cdpMessage, 1<<16), done: make(chan struct{})}
	b.cmd = exec.Command(path,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	b.cmd.ExtraFiles = []*os.File{cmdR, outW}
	b.cmd.Stderr = &b.stderr
	// Chromium's helper processes inherit its stderr: Wait would wait for
	// them too. WaitDelay bounds that once the browser itself has gone.
	b.cmd.WaitDelay = 5 * time.Second
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmdR.Close()
	outW.Close()
	go b.read(outR)
	t.Cleanup(func() {
		_ = b.call("", "Browser.close", nil, nil) // closes its helpers too
		cmdW.Close()
		done := make(chan struct{})
		go func() { _ = b.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = b.cmd.Process.Kill()
			<-done
		}
	})
	return b
}

// read hands each message from the browser to the call waiting for it, or
// to events.
func (b *browser) read(r io.Reader) {
	defer close(b.done)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 256<<20) // screenshots come back whole
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			return i + 1, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	for sc.Scan() {
		var m cdpMessage
		if json.Unmarshal(sc.Bytes(), &m) != nil {
			continue
		}
		if m.ID != 0 {
			b.mu.Lock()
			ch := b.waiting[m.ID]
			delete(b.waiting, m.ID)
			b.mu.Unlock()
			if ch != nil {
				ch <- m
			}
			continue
		}
		select {
		case b.events <- m:
		default: // counted: a lost event could hide a console error
			b.dropped.Add(1)
		}
	}
}

// call sends method with params (to the page session, when not empty) and
// decodes the result into out, which may be nil.
func (b *browser) call(session, method string, params, out any) error {
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMessage, 1)
	b.waiting[id] = ch
	b.mu.Unlock()
	msg, err := json.Marshal(struct {
		ID        int    `json:"id"`
		Method    string `json:"method"`
		Params    any    `json:"params,omitempty"`
		SessionID string `json:"sessionId,omitempty"`
	}{id, method, params, session})
	if err != nil {
		return err
	}
	if _, err := b.toChrome.Write(append(msg, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-b.done:
		return fmt.Errorf("%s: the browser closed its pipe; its log:\n%s", method, b.stderr.String())
	case <-time.After(60 * time.Second):
		return fmt.Errorf("%s: no answer in 60 s", method)
	}
}

// waitFor returns the events before the first of method on session, which
// it waits for.
func (b *browser) waitFor(session, method string) ([]cdpMessage, error) {
	var seen []cdpMessage
	deadline := time.After(60 * time.Second)
	for {
		select {
		case m := <-b.events:
			seen = append(seen, m)
			if m.Method == method && m.SessionID == session {
				return seen, nil
			}
		case <-b.done:
			return seen, fmt.Errorf("waiting for %s: the browser closed its pipe", method)
		case <-deadline:
			return seen, fmt.Errorf("waiting for %s: nothing in 60 s", method)
		}
	}
}

// drain returns the events that came in so far.
func (b *browser) drain() []cdpMessage {
	var seen []cdpMessage
	for {
		select {
		case m := <-b.events:
			seen = append(seen, m)
		default:
			return seen
		}
	}
}

// consoleErrors returns, from events, the console errors, uncaught
// exceptions and error log entries (a resource that failed to load, a
// content security policy that refused one) as sentences.
func consoleErrors(events []cdpMessage) []string {
	var errs []string
	for _, m := range events {
		switch m.Method {
		case "Runtime.consoleAPICalled":
			var p struct {
				Type string `json:"type"`
				Args []struct {
					Value any `json:"value"`
				} `json:"args"`
			}
			if json.Unmarshal(m.Params, &p) == nil && (p.Type == "error" || p.Type == "assert") {
				errs = append(errs, fmt.Sprintf("console.%s %v", p.Type, p.Args))
			}
		case "Runtime.exceptionThrown":
			errs = append(errs, "exception: "+string(m.Params))
		case "Log.entryAdded":
			var p struct {
				Entry struct {
					Level, Source, Text, URL string
				} `json:"entry"`
			}
			if json.Unmarshal(m.Params, &p) == nil && p.Entry.Level == "error" {
				errs = append(errs, fmt.Sprintf("%s: %s %s", p.Entry.Source, p.Entry.Text, p.Entry.URL))
			}
		}
	}
	return errs
}
