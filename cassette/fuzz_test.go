package cassette

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// addSamples seeds f with the hand-written recordings, each with its
// format's index in ForeignFormats.
func addSamples(f *testing.F) {
	for i, name := range []string{"vcrpy_sample.yaml", "rubyvcr_sample.yaml", "dotnet_sample.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), data)
	}
	f.Add(uint8(0), []byte("interactions:\n- request: {method: GET, uri: 'https://api.openai.com/v1/threads'}\n  response: {body: {string: !!binary 'H4sI'}, status: {code: 200}}\n"))
	f.Add(uint8(1), []byte("http_interactions:\n- request: {method: get, uri: 'https://api.openai.com/v1/threads', body: {base64_string: '!!'}}\n"))
	f.Add(uint8(2), []byte(`{"Entries":[{"RequestUri":"https://api.openai.com/v1/threads","RequestMethod":"GET","StatusCode":200,"ResponseBody":["a",1]}]}`))
	f.Add(uint8(0), []byte("a: &a [*a, *a, *a]\ninteractions: *a\n"))
}

// FuzzImport checks the importers on any input: no panic; an error is an
// *ImportError naming the file; a cassette has interactions, holds nothing
// key-like, and reads back from its written form with the same count.
func FuzzImport(f *testing.F) {
	addSamples(f)
	formats := ForeignFormats()
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		format := formats[int(which)%len(formats)]
		c, err := Import(format, "fuzz.rec", data)
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || ie.File != "fuzz.rec" {
				t.Fatalf("got %v, want an *ImportError naming the file", err)
			}
			return
		}
		if len(c.Interactions) == 0 {
			t.Fatal("a cassette without interactions")
		}
		for _, it := range c.Interactions {
			for _, s := range []string{it.Request.URL, it.Request.Body, it.Response.Body} {
				if ScrubString(s) != s {
					t.Fatalf("key-like text left in %q", s)
				}
			}
		}
		out, err := Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeGoVCR("back.yaml", out)
		if err != nil {
			t.Fatalf("written cassette does not read back: %v", err)
		}
		if len(back.Interactions) != len(c.Interactions) {
			t.Fatalf("read back %d interactions, wrote %d", len(back.Interactions), len(c.Interactions))
		}
	})
}

// FuzzDiffBodies checks the body comparison: no panic, a body equals
// itself, and equality does not depend on the side.
func FuzzDiffBodies(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":[1,2]}`), []byte(`{"b":[1,2],"a":1.0}`))
	f.Add([]byte(`{"a":{"b":null}}`), []byte(`{"a":{}}`))
	f.Add([]byte(`[1,"x",true]`), []byte(`not json`))
	f.Add([]byte(``), []byte(`{}`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if d := DiffBodies(a, a); len(d) != 0 {
			t.Fatalf("a body differs from itself: %v", d)
		}
		ab, ba := DiffBodies(a, b), DiffBodies(b, a)
		if (len(ab) == 0) != (len(ba) == 0) {
			t.Fatalf("equal one way only: %v / %v", ab, ba)
		}
		req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/x", bytes.NewReader(a))
		if !Match(req, vcr.Request{Method: http.MethodPost, URL: "http://127.0.0.1/v1/x", Body: string(a)}) {
			t.Fatal("a request does not match its own recording")
		}
	})
}

// FuzzScrubString checks the scrubber: idempotent, and nothing key-like
// survives it.
func FuzzScrubString(f *testing.F) {
	f.Add("key sk-abcdefghijklmnop1234 and Bearer abcdefghijklmnopqrstuvwxyz")
	f.Add("sk-sk-sk-abcdefghijklmnop")
	f.Add("BEARER\tsk-abcdefghijklmnop1234")
	f.Fuzz(func(t *testing.T, s string) {
		once := ScrubString(s)
		if twice := ScrubString(once); twice != once {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, once, twice)
		}
		if m := keyPattern.FindString(once); m != "" {
			t.Fatalf("key-like %q left in %q", m, once)
		}
	})
}
