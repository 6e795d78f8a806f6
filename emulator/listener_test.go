package emulator

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// FuzzEnvelopeFor checks the listener's rewrite on any bytes: it never
// panics, leaves alone what is not an error answer, and turns an error
// answer into a well-formed HTTP answer with the status kept and a JSON
// envelope as its body.
func FuzzEnvelopeFor(f *testing.F) {
	f.Add([]byte("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request"))
	f.Add([]byte("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large"))
	f.Add([]byte("HTTP/1.1 400 Bad Request: malformed Host header\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: malformed Host header"))
	f.Add([]byte("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{}"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"))
	f.Add([]byte("event: done\ndata: [DONE]\n\n"))
	f.Add([]byte("HTTP/1.1 4xx"))
	f.Fuzz(func(t *testing.T, p []byte) {
		out, ok := envelopeFor(p)
		if !ok {
			return
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(out)), nil)
		if err != nil {
			t.Fatalf("rewrite of %q is not an HTTP answer: %v\n%s", p, err, out)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Status[:3]; !strings.HasPrefix(string(p[9:]), got) {
			t.Errorf("status: got %s, want the original %q", got, p[9:12])
		}
		var env envelope
		if err := json.Unmarshal(body, &env); err != nil || env.Error.Message == "" || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("body %q is not a JSON envelope (%v)", body, err)
		}
	})
}

// FuzzJSONDepth checks the depth count against encoding/json: a body
// within the cap that encoding/json reads is never refused for depth.
func FuzzJSONDepth(f *testing.F) {
	f.Add([]byte(`{"a":[[[{"b":"[[[["}]]]}`))
	f.Add([]byte(`"\"[[["`))
	f.Add([]byte(strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1)))
	f.Fuzz(func(t *testing.T, p []byte) {
		d := jsonDepth(p)
		if d < 0 {
			t.Fatalf("negative depth %d", d)
		}
		if !json.Valid(p) {
			return
		}
		want := 0
		dec := json.NewDecoder(bytes.NewReader(p))
		depth := 0
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch tok {
			case json.Delim('{'), json.Delim('['):
				depth++
				want = max(want, depth)
			case json.Delim('}'), json.Delim(']'):
				depth--
			}
		}
		if min(want, MaxJSONDepth+1) != min(d, MaxJSONDepth+1) {
			t.Errorf("depth of %q: got %d, want %d", p, d, want)
		}
	})
}
