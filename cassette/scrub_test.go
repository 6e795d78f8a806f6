package cassette

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

func TestScrubString(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"no secret here", "no secret here"},
		{"key sk-abcdefghijklmnop1234 end", "key REDACTED end"},
		{`{"api_key":"sk-proj-AbC_d-123456789"}`, `{"api_key":"REDACTED"}`},
		{"sk-svcacct-0123456789abcdef", "REDACTED"},
		{"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload", "Authorization: Bearer REDACTED"},
		{"bearer tokens are fine", "bearer tokens are fine"},
		{"sk-short", "sk-short"},
		{"task-abcdefghijklmnop", "task-abcdefghijklmnop"},
	}
	for _, tt := range tests {
		if got := ScrubString(tt.in); got != tt.want {
			t.Errorf("ScrubString(%q): got %q, want %q", tt.in, got, tt.want)
		}
		if got := ScrubString(ScrubString(tt.in)); got != tt.want {
			t.Errorf("ScrubString twice (%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScrubHeader(t *testing.T) {
	t.Parallel()
	h := http.Header{
		"Authorization":       {"Bearer sk-abcdefghijklmnop1234"},
		"Openai-Organization": {"org-123"},
		"Openai-Project":      {"proj_123"},
		"Cookie":              {"a=b"},
		"Set-Cookie":          {"__cf_bm=x", "y=z"},
		"X-Api-Key":           {"k"},
		"Api-Key":             {"azure"},
		"X-Note":              {"sk-abcdefghijklmnop1234"},
		"Openai-Beta":         {"assistants=v2"},
	}
	want := http.Header{
		"Authorization":       {"Bearer REDACTED"},
		"Openai-Organization": {"REDACTED"},
		"Openai-Project":      {"REDACTED"},
		"Cookie":              {"REDACTED"},
		"Set-Cookie":          {"REDACTED", "REDACTED"},
		"X-Api-Key":           {"REDACTED"},
		"Api-Key":             {"REDACTED"},
		"X-Note":              {"REDACTED"},
		"Openai-Beta":         {"assistants=v2"},
	}
	if diff := cmp.Diff(want, ScrubHeader(h)); diff != "" {
		t.Errorf("ScrubHeader (-want +got):\n%s", diff)
	}
	if h.Get("Authorization") != "Bearer sk-abcdefghijklmnop1234" {
		t.Error("ScrubHeader changed its argument")
	}
	if got := ScrubHeader(http.Header{"Authorization": {"sk-abcdefghijklmnop1234"}}).Get("Authorization"); got != Placeholder {
		t.Errorf("a bare key: got %q", got)
	}
}

func TestScrubURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://api.openai.com/v1/threads/t/runs?include[]=step_details.tool_calls%5B%2A%5D", "https://api.openai.com/v1/threads/t/runs?include[]=step_details.tool_calls%5B%2A%5D"},
		{"https://x/v1/a?api_key=secret&limit=2", "https://x/v1/a?api_key=REDACTED&limit=2"},
		{"https://x/v1/a?api-version=2024-05-01&key=abc", "https://x/v1/a?api-version=2024-05-01&key=REDACTED"},
		{"https://x/v1/a?note=sk-abcdefghijklmnop1234", "https://x/v1/a?note=REDACTED"},
		{"https://user:pw@x/v1", "https://REDACTED@x/v1"},
		{"::not a url sk-abcdefghijklmnop1234", "::not a url REDACTED"},
	}
	for _, tt := range tests {
		if got := ScrubURL(tt.in); got != tt.want {
			t.Errorf("ScrubURL(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScrubInteraction(t *testing.T) {
	t.Parallel()
	it := &vcr.Interaction{
		Request: vcr.Request{
			URL:     "https://x/v1/a?token=abc",
			Body:    `{"k":"sk-abcdefghijklmnop1234"}`,
			Headers: http.Header{"Authorization": {"Bearer sk-abcdefghijklmnop1234"}},
			Form:    map[string][]string{"api_key": {"plain"}, "q": {"sk-abcdefghijklmnop1234"}},
		},
		Response: vcr.Response{
			Body:    "echo sk-abcdefghijklmnop1234",
			Headers: http.Header{"Set-Cookie": {"s=1"}},
		},
	}
	Scrub(it)
	if it.Request.URL != "https://x/v1/a?token=REDACTED" || it.Request.Body != `{"k":"REDACTED"}` ||
		it.Request.Form["api_key"][0] != Placeholder || it.Request.Form["q"][0] != Placeholder ||
		it.Response.Body != "echo REDACTED" || it.Response.Headers.Get("Set-Cookie") != Placeholder {
		t.Errorf("not scrubbed: %+v", it)
	}
}
