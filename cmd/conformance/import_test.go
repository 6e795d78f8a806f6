package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/cassette"
)

// samples are the hand-written recordings of package cassette.
var samples = map[cassette.Format]string{
	cassette.FormatVCRPy:   "../../cassette/testdata/vcrpy_sample.yaml",
	cassette.FormatRubyVCR: "../../cassette/testdata/rubyvcr_sample.yaml",
	cassette.FormatDotNet:  "../../cassette/testdata/dotnet_sample.json",
}

func TestImport(t *testing.T) {
	t.Parallel()
	for format, file := range samples {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			r := runMain(t, t.Context(), nil, "import", "--from", string(format), "--out", out, file)
			if r.code != exitOK {
				t.Fatalf("exit %d, want 0; stderr %q", r.code, r.stderr)
			}
			base := filepath.Base(file)
			dst := filepath.Join(out, strings.TrimSuffix(base, filepath.Ext(base))+".yaml")
			if !strings.Contains(r.stdout, dst) {
				t.Errorf("stdout %q does not name %s", r.stdout, dst)
			}
			data, err := os.ReadFile(dst)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := cassette.DetectFormat(data); got != cassette.FormatGoVCR {
				t.Errorf("%s is %q, want a go-vcr cassette", dst, got)
			}
			if strings.Contains(string(data), "canary") {
				t.Errorf("%s holds the canary", dst)
			}
		})
	}
}

func TestImportAuto(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	args := []string{"import", "--from", "auto", "--out", out}
	for _, f := range samples {
		args = append(args, f)
	}
	r := runMain(t, t.Context(), nil, args...)
	if r.code != exitOK || strings.Count(r.stdout, " -> ") != len(samples) {
		t.Errorf("exit %d, stdout %q; want 0 and one line per file", r.code, r.stdout)
	}
}

func TestImportRefusesOtherFiles(t *testing.T) {
	t.Parallel()
	other := writeTemp(t, "github.yaml", []byte("interactions:\n- request: {method: GET, uri: 'https://api.github.com/user', body: null, headers: {}}\n"+
		"  response: {body: {string: '{}'}, headers: {}, status: {code: 200}}\n"))
	out := t.TempDir()
	r := runMain(t, t.Context(), nil, "import", "--from", "vcrpy", "--out", out, other, samples[cassette.FormatVCRPy])
	if r.code != exitUsage {
		t.Errorf("exit %d, want 2", r.code)
	}
	if !strings.Contains(r.stderr, other+": interaction 0 (GET https://api.github.com/user)") {
		t.Errorf("stderr %q does not name the file and the interaction", r.stderr)
	}
	if !strings.Contains(r.stdout, "vcrpy_sample") {
		t.Errorf("the good file was not imported: stdout %q", r.stdout)
	}
}

func TestImportUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"import"},
		{"import", "--from", "vcrpy", "--out", "x"},
		{"import", "--from", "har", "--out", "x", "f.har"},
		{"import", "--from", "govcr", "--out", "x", "f.yaml"},
		{"import", "--out", "x", "f.yaml"},
	} {
		r := runMain(t, t.Context(), nil, args...)
		if r.code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, r.code)
		}
	}
}
