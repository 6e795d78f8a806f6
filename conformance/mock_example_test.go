package conformance_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// A Go team can put the client rules in front of its own test server: the
// Inspector judges every request and still serves it.
func ExampleNewInspector() {
	emu := emulator.NewUnstartedServer(emulator.WithMode(emulator.ModeLenient))
	defer emu.Close()
	in := conformance.NewInspector(emu.Handler(), 0)
	srv := httptest.NewServer(in)
	defer srv.Close()

	c := runs.NewClient(runs.WithBaseURL(srv.URL+"/v1"), runs.WithAPIKey("sk-test"), runs.WithHTTPClient(srv.Client()))
	if _, err := c.Retrieve(context.Background(), "thread_abc", "run_abc"); err != nil {
		fmt.Println(err)
		return
	}
	// A request without OpenAI-Beta is still answered, and recorded.
	req, _ := http.NewRequest("GET", srv.URL+"/v1/threads/thread_abc/runs", nil)
	req.Header.Set("Authorization", "Bearer sk-test")
	if resp, err := srv.Client().Do(req); err == nil {
		resp.Body.Close()
	}

	for _, r := range in.Results() {
		if r.Status != conformance.StatusPass {
			fmt.Println(r.Status, r.ID, r.Findings[0].Request)
		}
	}
	fmt.Println("runs.retrieve calls:", in.Coverage().Operations[string(contract.OpRetrieve)])
	// Output:
	// fail client.header.beta GET /v1/threads/thread_abc/runs
	// runs.retrieve calls: 1
}

// StartMock serves the emulator behind the rules on a loopback port, as
// conformance mock does; RunClient runs a client program against it.
func ExampleStartMock() {
	m, err := conformance.StartMock(conformance.NewMockConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	run, err := conformance.RunClient(context.Background(), m.BaseURL(), []string{"sh", "-c", "exit 0"}, nil, nil, nil, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := m.Close(); err != nil {
		fmt.Println(err)
		return
	}
	rep := m.Report("sh -c 'exit 0'")
	rep.ClientExitCode = &run.ExitCode
	fmt.Println(rep.Command, rep.Verdict(), strings.HasPrefix(m.BaseURL(), "http://127.0.0.1:"))
	// Output: mock pass true
}

// Inspect judges one request with every client rule.
func ExampleInspect() {
	r := httptest.NewRequest("GET", "/v1/threads/thread_1/runs/run_1/steps?include=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content", nil)
	r.Header.Set("Authorization", "Bearer sk-test")
	r.Header.Set("OpenAI-Beta", "assistants=v2")
	for id, findings := range conformance.Inspect(conformance.NewRequest(r, nil)) {
		fmt.Println(id, findings[0].Message)
	}
	// Output: client.query.include include sent without brackets: the server reads include[] and loses the value
}
