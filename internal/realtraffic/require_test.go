package realtraffic

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDirRequired is not parallel: it sets environment variables.
func TestDirRequired(t *testing.T) {
	existing, empty := t.TempDir(), t.TempDir()
	writeFile(t, existing, "s.json", sessionDoc)
	writeFile(t, empty, "notes.md", "no recordings here")
	missing := filepath.Join(existing, "missing")
	tests := []struct {
		name, dir, require string
		want               string // "ok", "skip" (wraps fs.ErrNotExist), "required" (*RequiredError) or "invalid"
	}{
		{"missing, not required", missing, "", "skip"},
		{"missing, required 0", missing, "0", "skip"},
		{"missing, required 1", missing, "1", "required"},
		{"missing, required true", missing, "true", "required"},
		{"missing, unreadable setting", missing, "yes", "invalid"},
		{"empty, not required", empty, "", "skip"},
		{"empty, required", empty, "1", "required"},
		{"present, required", existing, "1", "ok"},
		{"present, not required", existing, "", "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvDir, tt.dir)
			t.Setenv(EnvRequire, tt.require)
			got, err := Dir()
			var req *RequiredError
			switch tt.want {
			case "ok":
				if err != nil || got != tt.dir {
					t.Errorf("Dir(): got %q, %v; want %q, nil", got, err, tt.dir)
				}
			case "skip":
				if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), EnvDir) || !strings.Contains(err.Error(), EnvRequire) {
					t.Errorf("Dir(): got %v; want an error wrapping fs.ErrNotExist that names %s and %s", err, EnvDir, EnvRequire)
				}
			case "required":
				if !errors.As(err, &req) || errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), EnvRequire) {
					t.Errorf("Dir(): got %v; want a *RequiredError naming %s, not wrapping fs.ErrNotExist", err, EnvRequire)
				}
			case "invalid":
				if err == nil || errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), `"yes"`) {
					t.Errorf("Dir(): got %v; want an error naming the value \"yes\", not wrapping fs.ErrNotExist", err)
				}
			}
		})
	}
}

// fakeTB records what DirFor does; Skipf and Fatalf end the goroutine, as
// testing.T's do.
type fakeTB struct{ skipped, failed string }

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// runDirFor calls DirFor in its own goroutine, since fakeTB may end it.
func runDirFor(tb *fakeTB) (dir string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		dir = DirFor(tb)
	}()
	<-done
	return dir
}

// TestDirFor is not parallel: it sets environment variables.
func TestDirFor(t *testing.T) {
	existing := t.TempDir()
	writeFile(t, existing, "c.yaml", "interactions: []\n")
	missing := filepath.Join(existing, "missing")
	tests := []struct {
		name, dir, require string
		wantDir            string
		wantSkip, wantFail bool
	}{
		{"missing skips", missing, "", "", true, false},
		{"missing fails when required", missing, "1", "", false, true},
		{"present is returned", existing, "1", existing, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvDir, tt.dir)
			t.Setenv(EnvRequire, tt.require)
			var tb fakeTB
			got := runDirFor(&tb)
			if got != tt.wantDir || (tb.skipped != "") != tt.wantSkip || (tb.failed != "") != tt.wantFail {
				t.Fatalf("DirFor: got dir %q, skip %q, fail %q; want dir %q, skip %v, fail %v",
					got, tb.skipped, tb.failed, tt.wantDir, tt.wantSkip, tt.wantFail)
			}
			if msg := tb.skipped + tb.failed; msg != "" && !strings.Contains(msg, EnvRequire) {
				t.Errorf("DirFor: got message %q, want it to name %s", msg, EnvRequire)
			}
		})
	}
}

// envHelper marks the run of TestDirForHelper inside TestDirForExitStatus.
const envHelper = "RUNSUITE_REALTRAFFIC_TEST_HELPER"

// TestDirForHelper is run by TestDirForExitStatus in a child process: it is
// an ordinary test that gets its folder from DirFor.
func TestDirForHelper(t *testing.T) {
	if os.Getenv(envHelper) != "1" {
		t.Skip("run by TestDirForExitStatus only")
	}
	DirFor(t)
}

// TestDirForExitStatus runs a real test that needs the recorded traffic,
// with the folder missing, in a child process of this test binary: it
// passes (as a skip) without EnvRequire and fails with it.
func TestDirForExitStatus(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "missing")
	for _, tt := range []struct {
		require  string
		wantFail bool
		want     string
	}{
		{"", false, "--- SKIP: TestDirForHelper"},
		{"1", true, "--- FAIL: TestDirForHelper"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDirForHelper$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), envHelper+"=1", EnvDir+"="+missing, EnvRequire+"="+tt.require)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if failed := errors.As(err, &exit); failed != tt.wantFail || (err != nil && exit == nil) {
			t.Errorf("%s=%q: got exit error %v, want failure %v\n%s", EnvRequire, tt.require, err, tt.wantFail, out)
		}
		if !strings.Contains(string(out), tt.want) || !strings.Contains(string(out), EnvRequire) {
			t.Errorf("%s=%q: got output\n%s\nwant %q and a message naming %s", EnvRequire, tt.require, out, tt.want, EnvRequire)
		}
	}
}
