package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tandemsocial/tandem/examples/verifiedplan"
	"github.com/tandemsocial/tandem/validation"
)

func post(t *testing.T, method string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	newMux().ServeHTTP(rec, httptest.NewRequest(method, "/plans/verify", bytes.NewReader(body)))
	return rec
}

func TestVerifyHandler(t *testing.T) {
	good, err := json.Marshal(verifiedplan.Plan())
	require.NoError(t, err)
	rec := post(t, http.MethodPost, good)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var ok struct {
		OK     bool `json:"ok"`
		Report struct {
			Findings []json.RawMessage `json:"findings"`
		} `json:"report"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &ok))
	assert.True(t, ok.OK)

	// Every problem comes back, each with its path and code.
	flawed := verifiedplan.Plan()
	flawed.Team[0].Name = ""
	flawed.Zone = "Mars/Olympus"
	bad, err := json.Marshal(flawed)
	require.NoError(t, err)
	rec = post(t, http.MethodPost, bad)
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
	var verr validation.Error
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &verr))
	assert.True(t, verr.Has(validation.CodeRequired, "team[0].name"), rec.Body.String())
	assert.NotNil(t, verr.Find("zone"), rec.Body.String())

	rec = post(t, http.MethodPost, []byte(`{"zone":"Europe/Madrid","objectivs":[]}`))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Contains(t, rec.Body.String(), "objectivs")

	rec = post(t, http.MethodPost, []byte(`{"brand":{"voice":{"tone":"grumpy"}}}`))
	assert.Equal(t, http.StatusBadRequest, rec.Code, "an unknown enum value is a decoding error")

	rec = post(t, http.MethodPost, []byte(strings.Repeat(" ", maxPlanBytes+1)+"{}"))
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)

	rec = post(t, http.MethodGet, nil)
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, http.MethodPost, rec.Header().Get("Allow"))
}

func TestDemo(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, demo(&out))
	assert.Contains(t, out.String(), "200 OK")
	assert.Contains(t, out.String(), "422 Unprocessable Entity")
	assert.Contains(t, out.String(), "400 Bad Request")
}
