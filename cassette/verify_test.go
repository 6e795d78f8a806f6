package cassette

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/conformance"
)

// resultsByID indexes a report's results.
func resultsByID(r *conformance.Report) map[string]conformance.Result {
	m := map[string]conformance.Result{}
	for _, res := range r.Results {
		m[res.ID] = res
	}
	return m
}

func TestVerifyRecordingsPass(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../recordings/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no recordings: %v", err)
	}
	r, err := Verify(t.Context(), files...)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range r.Results {
		if res.Status == conformance.StatusFail || res.Status == conformance.StatusWarn || res.Status == conformance.StatusError {
			t.Errorf("%s %s: %v", res.Status, res.ID, res.Findings)
		}
	}
	byID := resultsByID(r)
	for _, id := range []string{"client.header.beta", "stream.done-last", "runs.create.shape", "runs.update.shape", RuleAnswerShape, RuleErrorEnvelope} {
		if byID[id].Status != conformance.StatusPass {
			t.Errorf("%s: got %s, want pass (the recordings exercise it)", id, byID[id].Status)
		}
	}
	if r.Command != "verify" || r.Summary.Total != len(r.Results) || r.SchemaVersion != conformance.SchemaVersion {
		t.Errorf("report header: command %q, summary %+v, %d results", r.Command, r.Summary, len(r.Results))
	}
}

func TestVerifyRealTraffic(t *testing.T) {
	t.Parallel()
	files := realTrafficFiles(t)
	r, err := Verify(t.Context(), files...)
	if err != nil {
		t.Fatal(err)
	}
	byID := resultsByID(r)
	// What the live API and real clients did that the contract does not
	// say comes out as findings with the rule's id and level.
	// VCR.py recorders dropped Authorization (a MUST failure of the
	// recording); the live API's known departures from the shapes are
	// SHOULD warnings under their own rule, not payload or shape failures.
	for _, want := range []struct {
		id     string
		status conformance.Status
		level  conformance.Level
	}{
		{"client.header.auth", conformance.StatusFail, conformance.LevelMust},
		{RuleLiveDeviation, conformance.StatusWarn, conformance.LevelShould},
	} {
		id, res := want.id, byID[want.id]
		if res.Status != want.status || res.Level != want.level || len(res.Findings) == 0 {
			t.Errorf("%s: got %s %s with %d findings, want %s %s with findings", id, res.Status, res.Level, len(res.Findings), want.level, want.status)
			continue
		}
		f := res.Findings[0]
		if !strings.Contains(f.Request, " #") || !strings.Contains(f.Request, "https://api.openai.com/") {
			t.Errorf("%s: finding %q does not name its file and interaction", id, f.Request)
		}
	}
	for _, id := range []string{"stream.payload-valid", RuleAnswerShape, "stream.done-last", "stream.text-deltas-concat", "client.header.beta"} {
		if byID[id].Status != conformance.StatusPass {
			t.Errorf("%s: got %s, want pass: %v", id, byID[id].Status, byID[id].Findings)
		}
	}
	for _, res := range r.Results {
		if len(res.Findings) > MaxFindingsPerRule+1 {
			t.Errorf("%s keeps %d findings, want at most %d", res.ID, len(res.Findings), MaxFindingsPerRule+1)
		}
	}
}

// brokenCassette is a recording of a server and a client breaking the
// contract: a request without the beta header, a stream without done,
// a run without its id, an error answer that is not the envelope.
const brokenCassette = `---
version: 2
interactions:
    - id: 0
      request:
        body: '{"assistant_id":"asst_1","stream":true}'
        headers:
            Authorization: [Bearer sk-leakedleakedleaked0000]
            Content-Type: [application/json]
        url: http://127.0.0.1:4010/v1/threads/thread_1/runs
        method: POST
      response:
        body: |+
            event: thread.run.created
            data: {"id":"run_1","object":"thread.run","created_at":1,"thread_id":"thread_1","assistant_id":"asst_1","status":"queued"}

        headers:
            Content-Type: [text/event-stream]
        status: 200 OK
        code: 200
    - id: 1
      request:
        headers:
            Authorization: [Bearer x]
            OpenAI-Beta: [assistants=v2]
        url: http://127.0.0.1:4010/v1/threads/thread_1/runs/run_1
        method: GET
      response:
        body: '{"object":"thread.run"}'
        headers:
            Content-Type: [application/json]
        status: 200 OK
        code: 200
    - id: 2
      request:
        headers:
            Authorization: [Bearer x]
            OpenAI-Beta: [assistants=v2]
        url: http://127.0.0.1:4010/v1/threads/thread_1/runs/run_2
        method: GET
      response:
        body: 'not found'
        headers:
            Content-Type: [text/plain]
        status: 404 Not Found
        code: 404
`

func TestVerifyFindsBrokenTraffic(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(path, []byte(brokenCassette), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := Verify(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	byID := resultsByID(r)
	for id, wantInteraction := range map[string]string{
		"client.header.beta":       "#0",
		"stream.done-last":         "#0",
		"runs.retrieve.shape":      "#1",
		"errors.json-content-type": "#2",
		RuleErrorEnvelope:          "#2",
	} {
		res := byID[id]
		if res.Status != conformance.StatusFail || len(res.Findings) == 0 {
			t.Errorf("%s: got %s, want a failure", id, res.Status)
			continue
		}
		if !strings.Contains(res.Findings[0].Request, path+" "+wantInteraction+" ") {
			t.Errorf("%s: finding at %q, want interaction %s", id, res.Findings[0].Request, wantInteraction)
		}
	}
	var out bytes.Buffer
	if err := conformance.NewJSONReporter(r)(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "leaked") {
		t.Error("the JSON report holds the cassette's key")
	}
}

func TestVerifyCanaryNeverReachesAReport(t *testing.T) {
	t.Parallel()
	r, err := Verify(t.Context(), filepath.Join("testdata", "vcrpy_sample.yaml"), filepath.Join("testdata", "rubyvcr_sample.yaml"), filepath.Join("testdata", "dotnet_sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	reporters := map[string]conformance.Reporter{
		"text": conformance.NewTextReporter(r), "json": conformance.NewJSONReporter(r),
		"junit": conformance.NewJUnitReporter(r), "markdown": conformance.NewMarkdownReporter(r),
	}
	for name, rep := range reporters {
		var out bytes.Buffer
		if err := rep(&out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(out.String(), "canary") {
			t.Errorf("the %s report holds the canary: %s", name, excerpt(out.String(), "canary"))
		}
	}
	// The v1 sample's old beta header is a finding, not a crash.
	if res := resultsByID(r)["client.header.beta"]; res.Status != conformance.StatusFail {
		t.Errorf("client.header.beta: got %s, want the assistants=v1 sample to fail it", res.Status)
	}
}

func TestVerifyErrors(t *testing.T) {
	t.Parallel()
	if _, err := Verify(t.Context(), filepath.Join(t.TempDir(), "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want os.ErrNotExist", err)
	}
	notRec := filepath.Join(t.TempDir(), "notes.yaml")
	if err := os.WriteFile(notRec, []byte("title: not a recording\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var ie *ImportError
	if _, err := Verify(t.Context(), notRec); !errors.As(err, &ie) || ie.File != notRec {
		t.Errorf("not a recording: got %v, want an *ImportError naming the file", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Verify(ctx, filepath.Join("testdata", "vcrpy_sample.yaml")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}
