package cassette

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	const base = "http://127.0.0.1:4010/v1/threads/t1/runs"
	tests := []struct {
		name              string
		method, url, body string
		recMethod, recURL string
		recBody           string
		want              []string
	}{
		{"same", "POST", base, `{"a":1}`, "POST", base, `{"a":1}`, nil},
		{"other host and scheme", "POST", "https://api.openai.com/v1/threads/t1/runs", `{}`, "POST", base, `{}`, nil},
		{"key order and spacing", "POST", base, `{"b":[1,2],"a":{"y":1,"x":2}}`, "POST", base, "{\"a\": {\"x\": 2, \"y\": 1}, \"b\": [1, 2]}", nil},
		{"number spelling", "POST", base, `{"t":1.0,"n":10}`, "POST", base, `{"t":1,"n":1e1}`, nil},
		{"query order and encodings", "GET", base + "/r/steps?limit=2&include%5B%5D=a%5B%2A%5D&order=asc", "",
			"GET", base + "/r/steps?include[]=a%5B*%5D&order=asc&limit=2", "", nil},
		{"query repeated values as a multiset", "GET", base + "?x=1&x=2", "", "GET", base + "?x=2&x=1", "", nil},
		{"method", "GET", base, "", "POST", base, "", []string{"method: got GET, want POST"}},
		{"path", "GET", base + "/run_1", "", "GET", base + "/run_2", "",
			[]string{"path: got /v1/threads/t1/runs/run_1, want /v1/threads/t1/runs/run_2"}},
		{"query value", "GET", base + "?limit=2", "", "GET", base + "?limit=3", "", []string{`query limit: got ["2"], want ["3"]`}},
		{"query key missing", "GET", base, "", "GET", base + "?order=asc", "", []string{`query order: got no such key, want ["asc"]`}},
		{"query key extra", "GET", base + "?after=x", "", "GET", base, "", []string{`query after: got ["x"], want no such key`}},
		{"body value", "POST", base, `{"metadata":{"k":"a"}}`, "POST", base, `{"metadata":{"k":"b"}}`,
			[]string{`body /metadata/k: got "a", want "b"`}},
		{"body key missing", "POST", base, `{}`, "POST", base, `{"stream":true}`, []string{"body /stream: got no such key, want true"}},
		{"body key extra", "POST", base, `{"stream":true}`, "POST", base, `{}`, []string{"body /stream: got true, want no such key"}},
		{"body array", "POST", base, `{"tools":[{"type":"a"}]}`, "POST", base, `{"tools":[{"type":"b"},{"type":"c"}]}`,
			[]string{"body /tools: got 1 items, want 2", `body /tools/0/type: got "a", want "b"`}},
		{"body type", "POST", base, `{"a":"1"}`, "POST", base, `{"a":1}`, []string{`body /a: got "1", want 1`}},
		{"pointer escaping", "POST", base, `{"a/b~c":1}`, "POST", base, `{"a/b~c":2}`, []string{"body /a~1b~0c: got 1, want 2"}},
		{"not JSON", "POST", base, "a=1", "POST", base, "a=2", []string{`body: got "a=1", want "a=2"`}},
		{"body against none", "POST", base, `{}`, "POST", base, "", []string{`body: got "{}", want no body`}},
		{"empty against empty", "POST", base, "", "POST", base, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(tt.method, tt.url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			got := Diff(req, vcr.Request{Method: tt.recMethod, URL: tt.recURL, Body: tt.recBody})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Diff (-want +got):\n%s", diff)
			}
			if Match(req, vcr.Request{Method: tt.recMethod, URL: tt.recURL, Body: tt.recBody}) != (len(tt.want) == 0) {
				t.Errorf("Match disagrees with Diff")
			}
			// The body is put back for the next reader.
			rest, _ := io.ReadAll(req.Body)
			if string(rest) != tt.body {
				t.Errorf("body after Diff: got %q, want %q", rest, tt.body)
			}
		})
	}
}

func TestDiffBounded(t *testing.T) {
	t.Parallel()
	var a, b strings.Builder
	a.WriteString("{")
	b.WriteString("{")
	for i := range 100 {
		if i > 0 {
			a.WriteString(",")
			b.WriteString(",")
		}
		a.WriteString(`"k` + string(rune('a'+i%26)) + strings.Repeat("x", i) + `":1`)
		b.WriteString(`"k` + string(rune('a'+i%26)) + strings.Repeat("x", i) + `":2`)
	}
	a.WriteString("}")
	b.WriteString("}")
	got := DiffBodies([]byte(a.String()), []byte(b.String()))
	if len(got) > maxDiffs+2 {
		t.Errorf("got %d differences, want at most %d", len(got), maxDiffs+2)
	}
}
