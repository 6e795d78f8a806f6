package conformance

import (
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"testing"

	"github.com/runsuite/runsuite/internal/realtraffic"
)

// TestRecordedClientRequestsBreakNoRule runs the client rules on every
// request of the recorded traffic of real clients (.NET 2.5.0 test-proxy
// sessions, Python VCR.py cassettes; CONTRACT §8): what real clients sent
// to the live API must break no rule. The only exception is a recording
// artifact: requests whose recorder removed the Authorization header (or
// replaced it with "Sanitized") are not held against client.header.auth.
func TestRecordedClientRequestsBreakNoRule(t *testing.T) {
	t.Parallel()
	dir, err := realtraffic.Dir()
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("recorded traffic not found (%v); set %s to its folder to run this test", err, realtraffic.EnvDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	xs, err := realtraffic.Load(dir)
	if err != nil {
		t.Fatalf("load recorded traffic: %v", err)
	}
	judged, scrubbed := 0, 0
	for _, x := range xs {
		u, err := url.Parse(x.URL)
		if err != nil {
			t.Fatalf("%s #%d: recorded URL: %v", x.Source, x.Index, err)
		}
		r := NewRequest(&http.Request{Method: x.Method, RequestURI: u.RequestURI(), URL: u, Header: x.RequestHeader}, x.RequestBody)
		judged++
		// VCR.py drops the header; the .NET test proxy replaces it with
		// "Sanitized".
		auth := x.RequestHeader.Values("Authorization")
		noAuth := len(auth) == 0 || len(auth) == 1 && auth[0] == "Sanitized"
		if noAuth {
			scrubbed++
		}
		for id, fs := range Inspect(r) {
			if id == "client.header.auth" && noAuth {
				continue
			}
			t.Errorf("%s #%d %s: %s flagged it: %v", x.Source, x.Index, r.Line(), id, fs)
		}
	}
	if judged == 0 {
		t.Fatal("no recorded request to judge")
	}
	t.Logf("%d recorded requests judged; %d had their Authorization header removed or sanitized by the recorder", judged, scrubbed)
}
