package cassette

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

func TestDetectFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want Format // "" for an error
	}{
		{"dotnet", "\ufeff  {\"Entries\":[]}", FormatDotNet},
		{"go-vcr", "---\nversion: 2\ninteractions: []\n", FormatGoVCR},
		{"vcrpy", "interactions: []\nversion: 1\n", FormatVCRPy},
		{"rubyvcr", "---\nhttp_interactions: []\nrecorded_with: VCR 6.3.1\n", FormatRubyVCR},
		{"empty", " \n", ""},
		{"other YAML", "title: notes\n", ""},
		{"a list", "- a\n- b\n", ""},
		{"broken YAML", "interactions: [\n", ""},
	}
	for _, tt := range tests {
		got, err := DetectFormat([]byte(tt.data))
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	for _, s := range []string{"vcrpy", "rubyvcr", "dotnet", "govcr"} {
		if f, err := ParseFormat(s); err != nil || string(f) != s {
			t.Errorf("ParseFormat(%q) = %q, %v", s, f, err)
		}
	}
	if _, err := ParseFormat("har"); err == nil {
		t.Error("ParseFormat(har): no error")
	}
}

func TestLoadGoVCRErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, data := range map[string]string{
		"v1.yaml":   "version: 1\ninteractions:\n- request: {uri: 'https://api.openai.com/v1/threads', method: GET}\n  response: {status: {code: 200}, body: {string: ''}}\n",
		"v3.yaml":   "version: 3\ninteractions: []\n",
		"nil.yaml":  "version: 2\ninteractions:\n- null\n",
		"type.yaml": "version: 2\ninteractions: 7\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		var ie *ImportError
		if name == "v1.yaml" {
			// version 1 with uri is a VCR.py cassette, imported.
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if !errors.As(err, &ie) || ie.File != path {
			t.Errorf("%s: got %v, want an *ImportError naming the file", name, err)
		}
		if name == "v3.yaml" && !errors.Is(err, vcr.ErrUnsupportedCassetteFormat) {
			t.Errorf("%s: got %v, want ErrUnsupportedCassetteFormat", name, err)
		}
	}
}
