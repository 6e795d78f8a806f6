package cassette

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/runsuite/runsuite/internal/realtraffic"
)

// ErrNotAssistantsTraffic says a recording holds no request to the
// Assistants API (no path under threads or assistants).
var ErrNotAssistantsTraffic = errors.New("not a recording of the Assistants API: no request to threads or assistants")

// ImportError is why a recording could not be read or converted. It names
// the file and, when one interaction is at fault, that interaction.
type ImportError struct {
	File string
	// Interaction is the 0-based index of the faulty interaction, -1 when
	// the file as a whole is.
	Interaction int
	// Request is the faulty interaction's "METHOD URL", when known.
	Request string
	Err     error
}

// Error names the file, the interaction when one is at fault, and the cause.
func (e *ImportError) Error() string {
	switch {
	case e.Interaction < 0:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.Request != "":
		return fmt.Sprintf("%s: interaction %d (%s): %v", e.File, e.Interaction, e.Request, e.Err)
	default:
		return fmt.Sprintf("%s: interaction %d: %v", e.File, e.Interaction, e.Err)
	}
}

// Unwrap returns the cause.
func (e *ImportError) Unwrap() error { return e.Err }

// Import converts a foreign recording held in data into a go-vcr v4
// cassette, scrubbed. name is the file the data came from; it names the
// cassette and every error. Recorded traffic is kept as it was (old beta
// headers, odd query encodings, chunked streams); gzip bodies are stored
// decoded, with Content-Encoding dropped and the response marked
// uncompressed, as go-vcr records a body net/http gunzipped.
func Import(format Format, name string, data []byte) (*vcr.Cassette, error) {
	var (
		xs  []realtraffic.Exchange
		err error
	)
	switch format {
	case FormatVCRPy:
		xs, err = realtraffic.ParseVCRPy(data)
	case FormatRubyVCR:
		xs, err = realtraffic.ParseRubyVCR(data)
	case FormatDotNet:
		xs, err = realtraffic.ParseDotNet(data)
	case FormatGoVCR:
		return decodeGoVCR(name, data)
	default:
		_, err = ParseFormat(string(format))
		return nil, &ImportError{File: name, Interaction: -1, Err: err}
	}
	if err != nil {
		var ie *realtraffic.InteractionError
		if errors.As(err, &ie) {
			return nil, &ImportError{File: name, Interaction: ie.Index, Err: ie.Err}
		}
		return nil, &ImportError{File: name, Interaction: -1, Err: fmt.Errorf("not a %s recording: %w", format, err)}
	}
	if len(xs) == 0 {
		return nil, &ImportError{File: name, Interaction: -1, Err: errors.New("no interactions")}
	}
	c := vcr.New(strings.TrimSuffix(name, filepath.Ext(name)))
	assistants := false
	for i, x := range xs {
		u, err := checkExchange(x)
		if err != nil {
			return nil, &ImportError{File: name, Interaction: i, Request: ScrubString(x.Method + " " + x.URL), Err: err}
		}
		assistants = assistants || isAssistantsPath(u.Path)
		it := fromExchange(x, u)
		Scrub(it)
		c.AddInteraction(it)
	}
	if !assistants {
		return nil, &ImportError{File: name, Interaction: 0, Request: ScrubString(xs[0].Method + " " + xs[0].URL), Err: ErrNotAssistantsTraffic}
	}
	c.IsNew = false
	return c, nil
}

// ImportFile reads and converts one foreign recording (see Import).
func ImportFile(format Format, path string) (*vcr.Cassette, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return Import(format, path, data)
}

// ImportFiles converts each file and writes it into dir as NAME.yaml, NAME
// being the file's base name without its extension. It stops at the first
// file that fails and returns the paths written so far.
func ImportFiles(format Format, dir string, files ...string) ([]string, error) {
	var written []string
	for _, f := range files {
		c, err := ImportFile(format, f)
		if err != nil {
			return written, err
		}
		base := filepath.Base(f)
		out := filepath.Join(dir, strings.TrimSuffix(base, filepath.Ext(base))+".yaml")
		if err := Write(c, out); err != nil {
			return written, err
		}
		written = append(written, out)
	}
	return written, nil
}

// checkExchange refuses what cannot be an HTTP exchange: no method or one
// with spaces, a URL that is not absolute http(s), a status outside 100-599.
func checkExchange(x realtraffic.Exchange) (*url.URL, error) {
	if x.Method == "" || strings.ContainsAny(x.Method, " \t\r\n/") {
		return nil, fmt.Errorf("method %q is not an HTTP method", x.Method)
	}
	u, err := url.Parse(x.URL)
	if err != nil {
		return nil, fmt.Errorf("URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("URL %q is not an absolute http(s) URL", ScrubURL(x.URL))
	}
	if x.Status < 100 || x.Status > 599 {
		return nil, fmt.Errorf("status %d is not an HTTP status", x.Status)
	}
	return u, nil
}

// isAssistantsPath reports whether a path has a threads or assistants
// segment, as every Assistants API path (OpenAI's or Azure's) does.
func isAssistantsPath(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "threads" || seg == "assistants" {
			return true
		}
	}
	return false
}

// fromExchange builds a go-vcr interaction from a parsed exchange.
func fromExchange(x realtraffic.Exchange, u *url.URL) *vcr.Interaction {
	reqHeader := x.RequestHeader.Clone()
	if reqHeader == nil {
		reqHeader = http.Header{}
	}
	respHeader := x.ResponseHeader.Clone()
	if respHeader == nil {
		respHeader = http.Header{}
	}
	uncompressed := false
	if ce := respHeader.Get("Content-Encoding"); ce != "" && strings.EqualFold(strings.TrimSpace(ce), "gzip") {
		respHeader.Del("Content-Encoding")
		respHeader.Del("Content-Length")
		uncompressed = true
	}
	status := x.StatusMessage
	if status == "" {
		status = http.StatusText(x.Status)
	}
	return &vcr.Interaction{
		Request: vcr.Request{
			Proto:         "HTTP/1.1",
			ProtoMajor:    1,
			ProtoMinor:    1,
			ContentLength: int64(len(x.RequestBody)),
			Host:          u.Host,
			Body:          string(x.RequestBody),
			Headers:       reqHeader,
			URL:           x.URL,
			Method:        x.Method,
		},
		Response: vcr.Response{
			Proto:         "HTTP/1.1",
			ProtoMajor:    1,
			ProtoMinor:    1,
			ContentLength: int64(len(x.ResponseBody)),
			Uncompressed:  uncompressed,
			Body:          string(x.ResponseBody),
			Headers:       respHeader,
			Status:        strconv.Itoa(x.Status) + " " + status,
			Code:          x.Status,
		},
	}
}
