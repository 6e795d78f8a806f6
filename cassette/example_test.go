package cassette_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/runsuite/runsuite/cassette"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// Import converts a foreign recording, scrubbed, into a go-vcr cassette.
func ExampleImport() {
	data, err := os.ReadFile("testdata/rubyvcr_sample.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	format, _ := cassette.DetectFormat(data)
	c, err := cassette.Import(format, "rubyvcr_sample.yaml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range c.Interactions {
		fmt.Println(it.Request.Method, it.Response.Code, it.Request.Headers.Get("Authorization"))
	}
	// Output:
	// POST 200 Bearer REDACTED
	// GET 200 Bearer REDACTED
	// POST 400
}

// Diff names every field in which a request differs from a recorded one.
func ExampleDiff() {
	c, err := cassette.Load("../recordings/op_update.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := c.Interactions[len(c.Interactions)-1].Request // the update
	req, _ := http.NewRequest(rec.Method, rec.URL, strings.NewReader(`{"metadata":{"by":"recordings","reviewed":"no"}}`))
	for _, d := range cassette.Diff(req, rec) {
		fmt.Println(d)
	}
	// Output:
	// body /metadata/reviewed: got "no", want "yes"
}

// Verify judges recorded traffic offline and returns a report every
// conformance reporter renders.
func ExampleVerify() {
	files, _ := filepath.Glob("../recordings/flow_function_*.yaml")
	report, err := cassette.Verify(context.Background(), files...)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, res := range report.Results {
		if res.ID == "stream.function-arguments-concat" || res.ID == "client.header.beta" {
			fmt.Println(res.Status, res.ID)
		}
	}
	fmt.Println("failures:", report.Summary.Fail)
	// Output:
	// pass client.header.beta
	// pass stream.function-arguments-concat
	// failures: 0
}

// NewReplayer answers a client from a cassette; nothing is dialled.
func ExampleNewReplayer() {
	r, err := cassette.NewReplayer("../recordings/op_retrieve.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Stop()
	c := runs.NewClient(runs.WithBaseURL("http://127.0.0.1:4010/v1"), runs.WithHTTPClient(r.Client()), runs.WithMaxRetries(0))
	_, err = c.Retrieve(context.Background(), "thread_unknown", "run_unknown")
	var miss *cassette.NoMatchError
	fmt.Println(errors.As(err, &miss), miss.Nearest >= 0)
	// Output:
	// true true
}

// NewProxy and Serve record what a client and a server say to each other;
// the client is pointed at the proxy's BaseURL.
func ExampleNewProxy() {
	emu := emulator.NewServer()
	defer emu.Close()
	p, err := cassette.NewProxy(emu.BaseURL())
	if err != nil {
		fmt.Println(err)
		return
	}
	srv, err := cassette.Serve(p, "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := runs.NewClient(runs.WithBaseURL(srv.BaseURL()), runs.WithAPIKey("sk-example-0123456789abcdef"), runs.WithMaxRetries(0))
	_, err = c.Retrieve(context.Background(), "thread_unknown", "run_unknown")
	fmt.Println(err != nil)
	if err := srv.Close(); err != nil {
		fmt.Println(err)
		return
	}
	rec, _ := p.Cassette("example")
	it := rec.Interactions[0]
	fmt.Println(it.Request.Method, it.Response.Code, it.Request.Headers.Get("Authorization"))
	// Output:
	// true
	// GET 404 Bearer REDACTED
}
