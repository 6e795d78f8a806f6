package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestApplyMemoryLimit(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(prev) })
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOMEMLIMIT")
	if _, err := applyMemoryLimit(-1); err == nil {
		t.Errorf("applyMemoryLimit(-1): got no error, want one")
	}
	got, err := applyMemoryLimit(300)
	if err != nil || got != 300<<20 || debug.SetMemoryLimit(-1) != 300<<20 {
		t.Errorf("applyMemoryLimit(300): got %d, %v, want %d set", got, err, 300<<20)
	}
	debug.SetMemoryLimit(prev)
	t.Setenv("GOMEMLIMIT", "1GiB")
	if got, _ := applyMemoryLimit(300); got == 300<<20 {
		t.Errorf("applyMemoryLimit with GOMEMLIMIT set: got the flag's limit, want the environment's")
	}
}

func TestLoadProfilesWriteFiles(t *testing.T) {
	dir := t.TempDir()
	var note bytes.Buffer
	p := &loadProfiles{cpuFile: filepath.Join(dir, "cpu.prof"), memFile: filepath.Join(dir, "mem.prof"), note: &note}
	if err := p.start(0); err != nil {
		t.Fatalf("start: %v", err)
	}
	if err := p.stopCPU(); err != nil {
		t.Fatalf("stopCPU: %v", err)
	}
	if err := p.writeHeap(); err != nil {
		t.Fatalf("writeHeap: %v", err)
	}
	for _, name := range []string{"cpu.prof", "mem.prof"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: got %v (err %v), want a non-empty profile", name, fi, err)
		}
	}
	if !strings.Contains(note.String(), "goroutine stacks") {
		t.Errorf("note: got %q, want the memory figures", note.String())
	}
	bad := &loadProfiles{memFile: filepath.Join(dir, "missing", "mem.prof")}
	if err := bad.writeHeap(); err == nil {
		t.Errorf("writeHeap into a missing directory: got no error, want one")
	}
}
