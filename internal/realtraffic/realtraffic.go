// Package realtraffic loads recorded HTTP traffic of real OpenAI clients
// (.NET test-proxy session records and Python VCR.py cassettes) so tests can
// check the harness against what real clients send and receive.
package realtraffic

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// EnvDir names the environment variable that overrides the location of the
// recorded traffic folder.
const EnvDir = "RUNSUITE_REAL_TRAFFIC"

const modulePath = "github.com/runsuite/runsuite"

// Exchange is one recorded request/response pair.
type Exchange struct {
	Source         string // file base name
	Index          int    // position in the file
	Method         string
	URL            string // as recorded
	RequestHeader  http.Header
	RequestBody    []byte // nil when none
	Status         int
	StatusMessage  string      // the reason phrase, when the format records one
	ResponseHeader http.Header // as recorded, including Content-Encoding
	ResponseBody   []byte      // decoded (gunzipped) bytes
}

// MaxFileSize caps the size of a recording LoadFile reads.
const MaxFileSize = 256 << 20

// InteractionError is an error about one interaction of a recording.
type InteractionError struct {
	Index int // 0-based position in the file
	Err   error
}

// Error names the interaction and the cause.
func (e *InteractionError) Error() string { return fmt.Sprintf("interaction %d: %v", e.Index, e.Err) }

// Unwrap returns the cause.
func (e *InteractionError) Unwrap() error { return e.Err }

// recoverParse turns a panic of a decoder below into an error, so that no
// input can crash a caller; it is deferred by each Parse function.
func recoverParse(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("malformed recording: %v", r)
	}
}

// IsEventStream reports whether the response is a server-sent event stream
// (Content-Type text/event-stream, with or without parameters).
func (e Exchange) IsEventStream() bool {
	mediaType, _, _ := strings.Cut(e.ResponseHeader.Get("Content-Type"), ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), "text/event-stream")
}

// Dir returns the folder holding the recorded traffic: $RUNSUITE_REAL_TRAFFIC
// when set, otherwise shared/real-traffic next to the module root. When the
// folder cannot be found, or holds no recording Load reads, the error wraps fs.ErrNotExist and names the
// variables to set, unless $RUNSUITE_REQUIRE_REAL_TRAFFIC is set (see
// EnvRequire): then it is a *RequiredError, which does not wrap
// fs.ErrNotExist, so that tests which skip on fs.ErrNotExist fail. Tests
// get the folder with DirFor.
func Dir() (string, error) {
	dir, err := findDir()
	if err == nil {
		err = holdsRecordings(dir)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "", requireFound(err)
	}
	return dir, err
}

// holdsRecordings reports, wrapping fs.ErrNotExist, a folder without a
// *.json or *.yaml file, where tests would find nothing to check.
func holdsRecordings(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("real traffic folder: %w", err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".json" || ext == ".yaml") {
			return nil
		}
	}
	return fmt.Errorf("real traffic folder %s holds no *.json or *.yaml recording: %w", dir, fs.ErrNotExist)
}

// findDir locates the folder, wrapping fs.ErrNotExist when it is missing.
func findDir() (string, error) {
	dir := os.Getenv(EnvDir)
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "..", "shared", "real-traffic")
	}
	info, err := os.Stat(dir)
	if err != nil {
		return "", fmt.Errorf("real traffic folder: %w", err)
	}
	if !info.IsDir() {
		return "", fmt.Errorf("real traffic folder %s is not a directory: %w", dir, fs.ErrNotExist)
	}
	return dir, nil
}

// moduleRoot walks up from the working directory to the folder whose go.mod
// declares this module.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find module root: %w", err)
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && moduleName(data) == modulePath {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("find module root: no go.mod for %s above the working directory: %w", modulePath, fs.ErrNotExist)
		}
		dir = parent
	}
}

// moduleName returns the path on the module line of a go.mod file.
func moduleName(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		fields := strings.Fields(line)
		if len(fields) == 2 && fields[0] == "module" {
			return strings.Trim(fields[1], "\"`")
		}
	}
	return ""
}

// Load returns every exchange of every *.json and *.yaml file in dir, sorted
// by file name, then by position in the file.
func Load(dir string) ([]Exchange, error) {
	entries, err := os.ReadDir(dir) // sorted by file name
	if err != nil {
		return nil, fmt.Errorf("load real traffic: %w", err)
	}
	var all []Exchange
	for _, entry := range entries {
		ext := filepath.Ext(entry.Name())
		if entry.IsDir() || (ext != ".json" && ext != ".yaml") {
			continue
		}
		xs, err := LoadFile(filepath.Join(dir, entry.Name()))
		if err != nil {
			return nil, err
		}
		all = append(all, xs...)
	}
	return all, nil
}

// LoadFile returns the exchanges of one recording: a .NET session record
// (.json), or a VCR.py or Ruby VCR cassette (.yaml, .yml), in recorded
// order.
func LoadFile(path string) ([]Exchange, error) {
	name := filepath.Base(path)
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("load real traffic: %w", err)
	}
	var xs []Exchange
	switch filepath.Ext(name) {
	case ".json":
		xs, err = ParseDotNet(data)
	case ".yaml", ".yml":
		if IsRubyVCR(data) {
			xs, err = ParseRubyVCR(data)
		} else {
			xs, err = ParseVCRPy(data)
		}
	default:
		err = errors.New("unknown format, want .json, .yaml or .yml")
	}
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	for i := range xs {
		xs[i].Source = name
		xs[i].Index = i
	}
	return xs, nil
}

// readFile reads a whole file of at most MaxFileSize bytes.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: over %d bytes", path, MaxFileSize)
	}
	return data, nil
}

// IsRubyVCR reports whether a YAML document looks like a Ruby VCR cassette:
// it has a top-level http_interactions key.
func IsRubyVCR(data []byte) bool {
	for line := range bytes.Lines(data) {
		if bytes.HasPrefix(line, []byte("http_interactions:")) {
			return true
		}
	}
	return false
}

// Streams returns only the exchanges whose response is an event stream.
func Streams(xs []Exchange) []Exchange {
	var out []Exchange
	for _, x := range xs {
		if x.IsEventStream() {
			out = append(out, x)
		}
	}
	return out
}
