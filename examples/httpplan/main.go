// Command httpplan embeds tandem in an HTTP service: a handler that takes a
// plan posted as JSON, validates it and verifies it, and answers with the
// field errors or the verification report as JSON. It uses only the
// standard library and tandem.
//
//	go run ./examples/httpplan                 # posts two sample plans to the handler and prints the answers
//	go run ./examples/httpplan -addr :8080     # serves POST /plans/verify
//
// Then, for example:
//
//	curl -s --data-binary @plan.json localhost:8080/plans/verify
//
// The handler answers
//
//   - 200 with {"report": {"findings": [...]}, "ok": true|false} for a plan
//     that validates (ok is false when Verify found an error);
//   - 422 with {"errors": [{"path", "code", "value", "detail"}, ...]} for a
//     plan that does not validate: every problem, each with its JSON path;
//   - 400 with {"error": "..."} for a body that is not one plan (malformed
//     JSON, an unknown field or enum value, trailing data);
//   - 413 for a body over 1 MiB, 405 for any method but POST.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/validation"
)

// maxPlanBytes bounds the body the handler reads.
const maxPlanBytes = 1 << 20

// verifyHandler validates and verifies the plan in the request body.
func verifyHandler(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "use POST"})
		return
	}
	plan, err := strategy.Decode(http.MaxBytesReader(w, r.Body, maxPlanBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": fmt.Sprintf("the plan is over %d bytes", tooBig.Limit)})
			return
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	if err := plan.Validate(); err != nil {
		var verr *validation.Error
		if errors.As(err, &verr) {
			// *validation.Error marshals as {"errors": [...]}.
			writeJSON(w, http.StatusUnprocessableEntity, verr)
			return
		}
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	report := strategy.Verify(plan, nil)
	writeJSON(w, http.StatusOK, struct {
		OK     bool            `json:"ok"`
		Report strategy.Report `json:"report"`
	}{report.OK(), report})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		log.Printf("httpplan: writing the answer: %v", err)
	}
}

func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/plans/verify", verifyHandler)
	return mux
}

func main() {
	addr := flag.String("addr", "", "serve on this address (host:port) instead of running the demonstration")
	flag.Parse()
	if *addr != "" {
		srv := &http.Server{Addr: *addr, Handler: newMux(), ReadHeaderTimeout: 10 * time.Second}
		log.Printf("httpplan: POST plans to http://%s/plans/verify", *addr)
		log.Fatal(srv.ListenAndServe())
	}
	if err := demo(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "httpplan:", err)
		os.Exit(1)
	}
}

// demo posts the sample plan, then the same plan with mistakes, to the
// handler, and prints the answers.
func demo(w io.Writer) error {
	good, err := json.Marshal(verifiedplan.Plan())
	if err != nil {
		return err
	}
	flawed := verifiedplan.Plan()
	flawed.Campaigns[0].Objectives = append(flawed.Campaigns[0].Objectives, verifiedplan.IDs.ID("objective", "no-such-objective"))
	flawed.Campaigns[1].Phases[0].End = flawed.Campaigns[1].Phases[0].Start.Add(-time.Hour)
	flawed.Team[0].Name = ""
	bad, err := json.Marshal(flawed)
	if err != nil {
		return err
	}
	mux := newMux()
	for _, c := range []struct {
		name string
		body []byte
	}{
		{"the sample plan", good},
		{"the sample plan with three mistakes", bad},
		{"a plan with a misspelt field", []byte(`{"zone": "Europe/Madrid", "objectivs": []}`)},
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/plans/verify", bytes.NewReader(c.body)))
		fmt.Fprintf(w, "POST /plans/verify (%s): %d %s\n%s\n", c.name, rec.Code, http.StatusText(rec.Code), rec.Body.String())
	}
	return nil
}
