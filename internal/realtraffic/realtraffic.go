// Package realtraffic loads recorded HTTP traffic of real OpenAI clients
// (.NET test-proxy session records and Python VCR.py cassettes) so tests can
// check the harness against what real clients send and receive.
package realtraffic

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
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
	ResponseHeader http.Header // as recorded, including Content-Encoding
	ResponseBody   []byte      // decoded (gunzipped) bytes
}

// IsEventStream reports whether the response is a server-sent event stream
// (Content-Type text/event-stream, with or without parameters).
func (e Exchange) IsEventStream() bool {
	mediaType, _, _ := strings.Cut(e.ResponseHeader.Get("Content-Type"), ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), "text/event-stream")
}

// Dir returns the folder holding the recorded traffic: $RUNSUITE_REAL_TRAFFIC
// when set, otherwise shared/real-traffic next to the module root. The error
// wraps fs.ErrNotExist when the folder cannot be found.
func Dir() (string, error) {
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
// (.json) or a VCR.py cassette (.yaml), in recorded order.
func LoadFile(path string) ([]Exchange, error) {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load real traffic: %w", err)
	}
	var xs []Exchange
	switch filepath.Ext(name) {
	case ".json":
		xs, err = parseSession(data)
	case ".yaml":
		xs, err = parseCassette(data)
	default:
		err = errors.New("unknown format, want .json or .yaml")
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
