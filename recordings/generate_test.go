package recordings

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/cassette"
)

// TestCassettesAreReproducible records every flow twice and requires
// byte-identical cassettes, equal to the committed ones.
func TestCassettesAreReproducible(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := t.TempDir(), t.TempDir()
	first, err := Generate(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(ctx, b); err != nil {
		t.Fatal(err)
	}
	if len(first) != len(Flows()) {
		t.Fatalf("got %d cassettes, want one per flow (%d)", len(first), len(Flows()))
	}
	for _, path := range first {
		name := filepath.Base(path)
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		again, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, again) {
			t.Errorf("%s: two recordings differ:\n%s", name, cmp.Diff(string(again), string(got)))
			continue
		}
		committed, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s is not committed: run make recordings (%v)", name, err)
			continue
		}
		if !bytes.Equal(got, committed) {
			t.Errorf("recordings/%s is stale, run make recordings (-committed +recorded):\n%s", name, cmp.Diff(string(committed), string(got)))
		}
	}
}

// TestCassettesHoldNoSecret checks every committed cassette: no key, no
// credential header with a value other than the placeholder.
func TestCassettesHoldNoSecret(t *testing.T) {
	t.Parallel()
	for _, f := range Flows() {
		c, err := cassette.Load(f.Name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Interactions) == 0 {
			t.Errorf("%s: no interactions", f.Name)
		}
		data, err := os.ReadFile(f.Name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), APIKey) || cassette.ScrubString(string(data)) != string(data) {
			t.Errorf("%s holds a key", f.Name)
		}
		for _, it := range c.Interactions {
			if got := it.Request.Headers.Get("Authorization"); got != "Bearer "+cassette.Placeholder {
				t.Errorf("%s #%d: Authorization %q, want %q", f.Name, it.ID, got, "Bearer "+cassette.Placeholder)
			}
		}
	}
}
