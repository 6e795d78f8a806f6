package conformance

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
)

func TestEventCounterCountsServedEvents(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 4*maxLineHead)
	tests := []struct {
		name   string
		stream string
		want   []string
	}{
		{"LF", "event: thread.run.created\ndata: {}\n\nevent: done\ndata: [DONE]\n\n", []string{"thread.run.created", "done"}},
		{"CRLF", "event: thread.run.created\r\ndata: {}\r\n\r\n", []string{"thread.run.created"}},
		{"CR", "event:thread.run.queued\rdata: {}\r\r", []string{"thread.run.queued"}},
		{"no event line is message", "data: x\n\n", []string{"message"}},
		{"no data dispatches nothing", "event: thread.run.created\n\n: comment\n\n", nil},
		{"long data line", "event: thread.message.delta\ndata: " + long + "\n\n", []string{"thread.message.delta"}},
		{"name longer than kept", "event: " + long + "\ndata: {}\n\n", []string{OtherEvent}},
		{"unterminated last event", "event: done\ndata: [DONE]\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, chunk := range []int{1, 2, 7, len(tc.stream)} {
				var got []string
				ec := &eventCounter{onEvent: func(n string) { got = append(got, n) }}
				for b := []byte(tc.stream); len(b) > 0; {
					n := min(chunk, len(b))
					ec.Write(b[:n]) //nolint:errcheck // never fails
					b = b[n:]
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("in chunks of %d: got %q, want %q", chunk, got, tc.want)
				}
				if cap(ec.line) > 2*maxLineHead {
					t.Errorf("in chunks of %d: line buffer grew to %d bytes, want at most %d", chunk, cap(ec.line), 2*maxLineHead)
				}
			}
		})
	}
}

func FuzzEventCounter(f *testing.F) {
	f.Add([]byte("event: thread.run.created\ndata: {}\n\nevent: done\ndata: [DONE]\n\n"), uint8(3))
	f.Add([]byte("event: a\r\ndata\r\n\r\n\r\rdata: x\r\n"), uint8(1))
	f.Fuzz(func(t *testing.T, stream []byte, chunk uint8) {
		whole := countEvents(stream, len(stream)+1)
		if parts := countEvents(stream, int(chunk)+1); !slices.Equal(whole, parts) {
			t.Fatalf("chunks of %d changed the events: whole %q, chunked %q", int(chunk)+1, whole, parts)
		}
		for _, n := range whole {
			if len(n) > maxLineHead {
				t.Fatalf("name of %d bytes counted, longer than the %d kept", len(n), maxLineHead)
			}
		}
	})
}

func countEvents(stream []byte, chunk int) []string {
	var got []string
	ec := &eventCounter{onEvent: func(n string) { got = append(got, n) }}
	for len(stream) > 0 {
		n := min(chunk, len(stream))
		ec.Write(stream[:n]) //nolint:errcheck // never fails
		stream = stream[n:]
	}
	return got
}

func FuzzInspect(f *testing.F) {
	f.Add("POST", runsPath+"?"+includeQ, `{"assistant_id":"a","stream":true}`)
	f.Add("GET", stepsPath+"?include=x&after&limit=0", "")
	f.Add("GET", "/v1/threads/%zz/runs/../x", `[`)
	f.Add("POST", submitPath, `{"tool_outputs":[{"output":1}],"stream":"x","metadata":{"a":{}}}`)
	f.Fuzz(func(t *testing.T, method, target, body string) {
		if method == "" || strings.ContainsAny(method, " \r\n") {
			return
		}
		r := &Request{Method: method, Header: http.Header{}, Body: []byte(body)}
		r.Path, r.RawQuery, _ = strings.Cut(target, "?")
		r.Operation, r.PathArgs = matchOperation(method, r.Path, r.Body)
		for id, fs := range Inspect(r) {
			for _, f := range fs {
				if f.Message == "" || f.Request != r.Line() {
					t.Fatalf("%s: finding without message or request line: %+v", id, f)
				}
			}
		}
	})
}

func TestInspectorCapsFindingsAndStillAnswers(t *testing.T) {
	t.Parallel()
	answered := 0
	in := NewInspector(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answered++
		io.Copy(io.Discard, r.Body) //nolint:errcheck // test handler
		w.WriteHeader(http.StatusTeapot)
	}), 3)
	for range 5 {
		req := httptest.NewRequest("GET", runPath, nil) // no auth, no beta
		w := httptest.NewRecorder()
		in.ServeHTTP(w, req)
		if w.Code != http.StatusTeapot {
			t.Fatalf("violating request answered %d, want the wrapped handler's %d", w.Code, http.StatusTeapot)
		}
	}
	if answered != 5 || in.Requests() != 5 {
		t.Fatalf("got %d answered, %d inspected, want 5 and 5", answered, in.Requests())
	}
	for _, r := range in.Results() {
		switch r.ID {
		case "client.header.beta", "client.header.auth":
			if r.Status != StatusFail || len(r.Findings) != 4 || !strings.Contains(r.Findings[3].Message, "2 more findings") {
				t.Errorf("%s: got %s with %d findings (%v), want fail with 3 kept and a note of 2 more", r.ID, r.Status, len(r.Findings), r.Findings)
			}
		default:
			if r.Status != StatusPass {
				t.Errorf("%s: got %s, want pass", r.ID, r.Status)
			}
		}
	}
}

func TestInspectorPassesLargeBodiesOnWhole(t *testing.T) {
	t.Parallel()
	var got int64
	in := NewInspector(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.Copy(io.Discard, r.Body)
	}), 0)
	body := `{"assistant_id":"a","instructions":"` + strings.Repeat("x", MaxInspectedBody) + `"}`
	req := httptest.NewRequest("POST", runsPath, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer k")
	req.Header.Set("OpenAI-Beta", "assistants=v2")
	req.Header.Set("Content-Type", "application/json")
	in.ServeHTTP(httptest.NewRecorder(), req)
	if got != int64(len(body)) {
		t.Errorf("wrapped handler read %d bytes, want the whole %d", got, len(body))
	}
	for _, r := range in.Results() {
		if r.ID == "client.body.json" && r.Status != StatusFail {
			t.Errorf("client.body.json on a body over %d bytes: got %s, want fail", MaxInspectedBody, r.Status)
		}
	}
}

func TestStartMockRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0"} {
		cfg := NewMockConfig()
		cfg.Listen = addr
		m, err := StartMock(cfg)
		if !errors.Is(err, ErrNotLoopback) {
			if m != nil {
				m.Close() //nolint:errcheck // test cleanup
			}
			t.Errorf("StartMock(%q): got %v, want ErrNotLoopback", addr, err)
		}
	}
}

func TestMockServesAndReports(t *testing.T) {
	t.Parallel()
	m, err := StartMock(NewMockConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close() //nolint:errcheck // closed below
	if !strings.HasPrefix(m.BaseURL(), "http://127.0.0.1:") {
		t.Fatalf("base URL %q, want loopback", m.BaseURL())
	}
	req, _ := http.NewRequest("POST", m.BaseURL()+"/threads/thread_1/runs", strings.NewReader(`{"assistant_id":"asst_1","stream":true}`))
	req.Header.Set("Authorization", "Bearer k")
	req.Header.Set("Content-Type", "application/json") // no OpenAI-Beta: lenient answers, the rule records
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body) //nolint:errcheck // drained for the event count
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	rep := m.Report("test client")
	if rep.Command != "mock" || rep.Coverage == nil || rep.Coverage.Operations[string(contract.OpCreateStreamRaw)] != 1 {
		t.Fatalf("report %+v: want command mock and one create_stream_raw", rep)
	}
	if resp.StatusCode == http.StatusOK && rep.Coverage.Events[string(contract.EventDone)] != 1 {
		t.Errorf("events %v: want one done counted", rep.Coverage.Events)
	}
	if rep.Verdict() != VerdictFail {
		t.Errorf("verdict %s, want fail for a request without OpenAI-Beta", rep.Verdict())
	}
}

func TestRunClient(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run client commands with")
	}
	tests := []struct {
		name        string
		script      string
		timeout     time.Duration
		wantCode    int
		wantTimeout bool
	}{
		{"sees the mock's environment", `test "$OPENAI_BASE_URL" = http://127.0.0.1:1/v1 && test "$OPENAI_API_KEY" = ` + MockAPIKey, time.Minute, 0, false},
		{"exit status kept", "exit 3", time.Minute, 3, false},
		{"stopped at its timeout", "trap 'exit 42' INT; while :; do sleep 0.05; done", 300 * time.Millisecond, 42, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			run, err := RunClient(t.Context(), "http://127.0.0.1:1/v1", []string{"sh", "-c", tc.script}, nil, &out, &out, tc.timeout)
			if err != nil {
				t.Fatalf("RunClient: %v", err)
			}
			if run.ExitCode != tc.wantCode || run.TimedOut != tc.wantTimeout {
				t.Errorf("got exit %d timed out %v, want %d %v; output %q", run.ExitCode, run.TimedOut, tc.wantCode, tc.wantTimeout, out.String())
			}
		})
	}
	t.Run("interrupt forwarded", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(300*time.Millisecond, cancel)
		run, err := RunClient(ctx, "http://127.0.0.1:1/v1", []string{"sh", "-c", "trap 'exit 7' INT; while :; do sleep 0.05; done"}, nil, io.Discard, io.Discard, time.Minute)
		if err != nil || run.ExitCode != 7 || !run.Interrupted {
			t.Errorf("got %+v, %v; want exit 7 from its INT trap, interrupted", run, err)
		}
	})
	t.Run("missing command", func(t *testing.T) {
		t.Parallel()
		if _, err := RunClient(t.Context(), "http://127.0.0.1:1/v1", []string{"/nonexistent/client"}, nil, io.Discard, io.Discard, time.Minute); err == nil {
			t.Error("got no error for a command that does not exist")
		}
	})
}

func TestInspectorScrubsKeyLikeValues(t *testing.T) {
	t.Parallel()
	in := NewInspector(http.NotFoundHandler(), 0)
	const secret = "sk-live-abcdef0123456789"
	req := httptest.NewRequest("GET", runsPath+"?api_key="+secret+"&order=Bearer%20tok_0123456789", nil)
	req.Header.Set("Authorization", secret) // no scheme: a bare key
	in.ServeHTTP(httptest.NewRecorder(), req)
	n := 0
	for _, r := range in.Results() {
		for _, f := range r.Findings {
			n++
			if s := f.String(); strings.Contains(s, secret) || strings.Contains(s, "tok_0123456789") {
				t.Errorf("%s kept a secret: %s", r.ID, s)
			}
		}
	}
	if n < 3 {
		t.Errorf("got %d findings, want at least 3 (auth, beta, query)", n)
	}
}
