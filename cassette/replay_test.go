package cassette

import (
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// writeCassette writes a cassette of GET answers, one per (url, body) pair,
// and returns its path.
func writeCassette(tb testing.TB, answers ...[2]string) string {
	tb.Helper()
	c := vcr.New("c")
	for _, a := range answers {
		c.AddInteraction(&vcr.Interaction{
			Request:  vcr.Request{Method: http.MethodGet, URL: a[0], Headers: http.Header{}},
			Response: vcr.Response{Code: 200, Status: "200 OK", Body: a[1], Headers: http.Header{"Content-Type": {"application/json"}}},
		})
	}
	path := filepath.Join(tb.TempDir(), "c.yaml")
	if err := Write(c, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestReplayerAnswersInOrderOnce(t *testing.T) {
	t.Parallel()
	const run = "http://127.0.0.1:4010/v1/threads/t/runs/r"
	path := writeCassette(t, [2]string{run, `{"status":"queued"}`}, [2]string{run, `{"status":"completed"}`}, [2]string{run + "/steps?limit=1", `{}`})
	r, err := NewReplayer(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	hc := r.Client()
	get := func(u string) (string, error) {
		res, err := hc.Get(u)
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return string(b), err
	}
	// Another host: only method, path, query and body count.
	for _, want := range []string{`{"status":"queued"}`, `{"status":"completed"}`} {
		if got, err := get("https://api.example.test/v1/threads/t/runs/r"); err != nil || got != want {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
	}
	if got := r.Unplayed(); len(got) != 1 || got[0] != 2 {
		t.Errorf("Unplayed: got %v, want [2]", got)
	}
	_, err = get(run + "/steps?limit=2")
	var nm *NoMatchError
	if !errors.As(err, &nm) || !errors.Is(err, vcr.ErrInteractionNotFound) {
		t.Fatalf("got %v, want a *NoMatchError that is ErrInteractionNotFound", err)
	}
	if nm.Nearest != 2 || len(nm.Differences) != 1 || nm.Differences[0] != `query limit: got ["2"], want ["1"]` {
		t.Errorf("got nearest %d %v", nm.Nearest, nm.Differences)
	}
	if _, err := get(run + "/steps?limit=1"); err != nil {
		t.Fatal(err)
	}
	_, err = get(run)
	if !errors.As(err, &nm) || nm.Nearest != -1 || !strings.Contains(err.Error(), "every interaction was replayed already") {
		t.Errorf("all replayed: got %v", err)
	}
	if got := r.Unplayed(); len(got) != 0 || r.Len() != 3 {
		t.Errorf("Unplayed %v Len %d", got, r.Len())
	}
}

func TestNewReplayerErrors(t *testing.T) {
	t.Parallel()
	if _, err := NewReplayer(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("missing cassette: no error")
	}
	if _, err := NewReplayer(filepath.Join("testdata", "dotnet_sample.json")); err == nil {
		t.Error("a file that is not NAME.yaml: no error")
	}
}
