package cassette

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/runsuite/runsuite/internal/realtraffic"
)

// canary is the fake API key planted in the samples and tests; it must
// never come out of this package.
const canary = "sk-canary0123456789abcdef"

// realTrafficFiles lists the recordings of ../shared/real-traffic, skipping
// the test when the folder is absent.
func realTrafficFiles(tb testing.TB) []string {
	tb.Helper()
	dir := realtraffic.DirFor(tb) // skips when absent, fails instead under RUNSUITE_REQUIRE_REAL_TRAFFIC
	var files []string
	for _, pattern := range []string{"*.json", "*.yaml"} {
		m, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		tb.Fatalf("no recordings in %s", dir)
	}
	return files
}

// assertScrubbed fails when any field of c still holds something key-like
// or the canary.
func assertScrubbed(tb testing.TB, name string, c *vcr.Cassette) {
	tb.Helper()
	data, err := Marshal(c)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	if strings.Contains(string(data), "canary") {
		tb.Errorf("%s: the canary survived: %s", name, excerpt(string(data), "canary"))
	}
	for _, it := range c.Interactions {
		for _, s := range []string{it.Request.URL, it.Request.Body, it.Response.Body} {
			if ScrubString(s) != s {
				tb.Errorf("%s #%d: key-like text left: %s", name, it.ID, excerpt(s, "sk-"))
			}
		}
		for _, h := range []map[string][]string{it.Request.Headers, it.Response.Headers} {
			for k, vs := range h {
				for _, v := range vs {
					if ScrubString(v) != v || (isSecretHeader(k) && v != Placeholder && !strings.HasSuffix(v, " "+Placeholder)) {
						tb.Errorf("%s #%d: header %s = %q", name, it.ID, k, v)
					}
				}
			}
		}
	}
}

func isSecretHeader(name string) bool {
	for _, s := range secretHeaders {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// excerpt returns text around the first sub in s.
func excerpt(s, sub string) string {
	i := strings.Index(s, sub)
	if i < 0 {
		return ""
	}
	return s[max(0, i-40):min(len(s), i+60)]
}

func TestImportRealTraffic(t *testing.T) {
	t.Parallel()
	files := realTrafficFiles(t)
	out := t.TempDir()
	total := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		format, err := DetectFormat(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		want, err := realtraffic.LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Import(format, f, data)
		if err != nil {
			t.Errorf("Import(%s): %v", filepath.Base(f), err)
			continue
		}
		if len(c.Interactions) != len(want) {
			t.Errorf("%s: got %d interactions, want %d", filepath.Base(f), len(c.Interactions), len(want))
		}
		assertScrubbed(t, filepath.Base(f), c)
		// Written and read back, the cassette is a go-vcr cassette with the
		// same interactions.
		path := filepath.Join(out, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+".yaml")
		if err := Write(c, path); err != nil {
			t.Fatal(err)
		}
		back, err := Load(path)
		if err != nil {
			t.Fatalf("Load(%s): %v", path, err)
		}
		if len(back.Interactions) != len(want) {
			t.Errorf("%s read back: got %d interactions, want %d", filepath.Base(path), len(back.Interactions), len(want))
		}
		for i, it := range back.Interactions {
			if it.Response.Body != string(want[i].ResponseBody) || it.Response.Code != want[i].Status || it.Request.Method != want[i].Method {
				t.Errorf("%s #%d: got %s %d and a %d-byte body, want %s %d and %d bytes", filepath.Base(path), i,
					it.Request.Method, it.Response.Code, len(it.Response.Body), want[i].Method, want[i].Status, len(want[i].ResponseBody))
				break
			}
		}
		total += len(want)
	}
	if total == 0 {
		t.Error("no interactions imported")
	}
}

func TestImportSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file   string
		format Format
		// what the interactions must hold, in order
		methods  []string
		codes    []int
		paths    []string
		beta     string
		streamAt int // index of the event-stream answer, -1 for none
	}{
		{"vcrpy_sample.yaml", FormatVCRPy, []string{"POST", "GET"}, []int{200, 200},
			[]string{"/v1/threads/thread_sample/runs", "/v1/threads/thread_sample/runs/run_sample1/steps"}, "assistants=v1", -1},
		{"rubyvcr_sample.yaml", FormatRubyVCR, []string{"POST", "GET", "POST"}, []int{200, 200, 400},
			[]string{"/v1/threads/thread_sample/runs", "/v1/threads/thread_sample/runs/run_sample1", "/v1/threads/thread_sample/runs/run_sample1/cancel"},
			"assistants=v2", 0},
		{"dotnet_sample.json", FormatDotNet, []string{"POST", "GET"}, []int{200, 404},
			[]string{"/v1/threads/thread_sample/runs", "/v1/threads/thread_sample/runs/run_missing"}, "assistants=v2", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata", tt.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := DetectFormat(data); got != tt.format || err != nil {
				t.Errorf("DetectFormat = %q, %v; want %q", got, err, tt.format)
			}
			c, err := ImportFile(tt.format, path)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Interactions) != len(tt.methods) {
				t.Fatalf("got %d interactions, want %d", len(c.Interactions), len(tt.methods))
			}
			for i, it := range c.Interactions {
				if it.Request.Method != tt.methods[i] || it.Response.Code != tt.codes[i] || !strings.Contains(it.Request.URL, tt.paths[i]) {
					t.Errorf("#%d: got %s %s %d, want %s %s %d", i, it.Request.Method, it.Request.URL, it.Response.Code, tt.methods[i], tt.paths[i], tt.codes[i])
				}
				if got := it.Request.Headers.Get("OpenAI-Beta"); got != tt.beta {
					t.Errorf("#%d: OpenAI-Beta %q, want %q (old traffic is kept as it is)", i, got, tt.beta)
				}
				if i == tt.streamAt && !strings.HasSuffix(it.Response.Body, "data: [DONE]\n\n") {
					t.Errorf("#%d: stream body %q does not end with data: [DONE]", i, it.Response.Body)
				}
				if strings.HasPrefix(it.Response.Body, "\x1f\x8b") || it.Response.Headers.Get("Content-Encoding") != "" {
					t.Errorf("#%d: response still gzip encoded", i)
				}
			}
			assertScrubbed(t, tt.file, c)
		})
	}
}

func TestImportGzipMarkedUncompressed(t *testing.T) {
	t.Parallel()
	c, err := ImportFile(FormatVCRPy, filepath.Join("testdata", "vcrpy_sample.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	it := c.Interactions[0]
	if !it.Response.Uncompressed || !strings.HasPrefix(it.Response.Body, `{"id":"run_sample1"`) {
		t.Errorf("got uncompressed=%v body %q, want a gunzipped body marked uncompressed", it.Response.Uncompressed, it.Response.Body)
	}
	if got := it.Request.URL; !strings.Contains(got, "api_key="+Placeholder) {
		t.Errorf("URL %q: api_key not scrubbed", got)
	}
}

func TestImportErrors(t *testing.T) {
	t.Parallel()
	vcrpy := func(method, uri string, code int) string {
		return "interactions:\n- request: {method: " + method + ", uri: '" + uri + "', body: null, headers: {}}\n" +
			"  response: {body: {string: ''}, headers: {}, status: {code: " + strconv.Itoa(code) + "}}\n"
	}
	good := "- request: {method: GET, uri: 'https://api.openai.com/v1/threads/t/runs', body: null, headers: {}}\n" +
		"  response: {body: {string: ''}, headers: {}, status: {code: 200}}\n"
	tests := []struct {
		name        string
		format      Format
		data        string
		interaction int // -1: the file as a whole
		is          error
	}{
		{"not YAML", FormatVCRPy, "interactions: [\n", -1, nil},
		{"JSON as VCR.py", FormatVCRPy, `{"Entries":[]}`, -1, nil},
		{"no interactions", FormatVCRPy, "version: 1\n", -1, nil},
		{"empty interactions", FormatVCRPy, "interactions: []\n", -1, nil},
		{"another API", FormatVCRPy, vcrpy("GET", "https://api.github.com/repos/a/b", 200), 0, ErrNotAssistantsTraffic},
		{"relative URL", FormatVCRPy, vcrpy("GET", "/v1/threads/t/runs", 200), 0, nil},
		{"no method", FormatVCRPy, vcrpy("''", "https://api.openai.com/v1/threads", 200), 0, nil},
		{"bad status", FormatVCRPy, vcrpy("GET", "https://api.openai.com/v1/threads", 42), 0, nil},
		{"second interaction bad", FormatVCRPy, "interactions:\n" + good + strings.TrimPrefix(vcrpy("GET", "ftp://x/threads", 200), "interactions:\n"), 1, nil},
		{"bad base64", FormatVCRPy, "interactions:\n" + good + "- request: {method: GET, uri: 'https://api.openai.com/v1/threads'}\n  response: {body: {string: !!binary '***'}, headers: {}, status: {code: 200}}\n", 1, nil},
		{"body is a mapping", FormatVCRPy, "interactions:\n- request: {method: GET, uri: 'https://api.openai.com/v1/threads', body: {a: 1}}\n  response: {body: {string: ''}, status: {code: 200}}\n", 0, nil},
		{"Ruby without http_interactions", FormatRubyVCR, "recorded_with: VCR 6\n", -1, nil},
		{"Ruby bad binary", FormatRubyVCR, "http_interactions:\n- request: {method: get, uri: 'https://api.openai.com/v1/threads'}\n  response: {status: {code: 200}, body: {string: !binary '@@'}}\n", 0, nil},
		{".NET not JSON", FormatDotNet, "interactions: []\n", -1, nil},
		{".NET without Entries", FormatDotNet, `{"Variables":{}}`, -1, nil},
		{".NET body of wrong type", FormatDotNet, `{"Entries":[{"RequestUri":"https://api.openai.com/v1/threads","RequestMethod":"GET","StatusCode":200,"ResponseBody":{"a":}}]}`, -1, nil},
		{"unknown format", Format("har"), "{}", -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Import(tt.format, "sample.rec", []byte(tt.data))
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v (cassette %v), want an *ImportError", err, c != nil)
			}
			if ie.File != "sample.rec" || ie.Interaction != tt.interaction {
				t.Errorf("got file %q interaction %d, want sample.rec interaction %d (%v)", ie.File, ie.Interaction, tt.interaction, err)
			}
			if !strings.HasPrefix(err.Error(), "sample.rec: ") {
				t.Errorf("error %q does not start with the file name", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("got %v, want errors.Is %v", err, tt.is)
			}
		})
	}
}

func TestImportFilesWritesCassettes(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	written, err := ImportFiles(FormatRubyVCR, out, filepath.Join("testdata", "rubyvcr_sample.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 1 || filepath.Base(written[0]) != "rubyvcr_sample.yaml" {
		t.Fatalf("got %v, want one rubyvcr_sample.yaml", written)
	}
	data, err := os.ReadFile(written[0])
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := DetectFormat(data); got != FormatGoVCR {
		t.Errorf("written file is %q, want a go-vcr cassette", got)
	}
	if strings.Contains(string(data), "canary") {
		t.Errorf("written cassette holds the canary")
	}
	if _, err := ImportFiles(FormatRubyVCR, out, filepath.Join("testdata", "missing.yaml")); err == nil {
		t.Error("a missing file imported without error")
	}
}
