package conformance

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/runsuite/runsuite/sse"
)

// frame is one SSE event as the stream rewriting helpers of the tests see
// it: SSE frames in, SSE frames out.
type frame struct {
	name string
	data string
}

// parseFrames cuts an event stream into frames; what does not frame (a
// truncated tail) is dropped.
func parseFrames(body []byte) []frame {
	var out []frame
	for f, err := range sse.Events(bytes.NewReader(body)) {
		if err != nil {
			break
		}
		out = append(out, frame{name: f.Event, data: string(f.Data)})
	}
	return out
}

// encodeFrames writes frames back as an event stream.
func encodeFrames(fs []frame) []byte {
	var b []byte
	for _, f := range fs {
		var err error
		if b, err = sse.AppendEvent(b, f.name, []byte(f.data)); err != nil {
			panic("test frame cannot be framed: " + err.Error())
		}
	}
	return b
}

// editFrames returns an edit for rewrite that applies f to the frames of an
// event stream answer; other answers pass unchanged.
func editFrames(f func(r *http.Request, fs []frame) []frame) func(*http.Request, *int, http.Header, []byte) []byte {
	return func(r *http.Request, _ *int, h http.Header, body []byte) []byte {
		if !isEventStream(h.Get("Content-Type")) {
			return body
		}
		return encodeFrames(f(r, parseFrames(body)))
	}
}

// streamRequest matches POST requests whose body sets "stream": true, reading
// the body and putting it back for the handler.
func streamRequest(suffix string) func(r *http.Request) bool {
	path := route(http.MethodPost, suffix)
	return func(r *http.Request) bool {
		if !path(r) || r.Body == nil {
			return false
		}
		var buf bytes.Buffer
		buf.ReadFrom(r.Body) //nolint:errcheck // a short body just does not match
		r.Body.Close()
		r.Body = readCloser{bytes.NewReader(buf.Bytes())}
		return streamFlag(buf.Bytes())
	}
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

// anyStream matches every streamed POST: create, create-thread-and-run and
// submit_tool_outputs.
func anyStream() func(r *http.Request) bool { return streamRequest("") }

// frameAt returns the index of the n-th (0-based) frame named name, or -1.
func frameAt(fs []frame, name string, n int) int {
	for i, f := range fs {
		if f.name == name {
			if n == 0 {
				return i
			}
			n--
		}
	}
	return -1
}

// frameLast returns the index of the last frame named name, or -1.
func frameLast(fs []frame, name string) int {
	for i := len(fs) - 1; i >= 0; i-- {
		if fs[i].name == name {
			return i
		}
	}
	return -1
}

// frameDrop returns fs without frame i.
func frameDrop(fs []frame, i int) []frame {
	if i < 0 || i >= len(fs) {
		return fs
	}
	return append(fs[:i:i], fs[i+1:]...)
}

// frameInsert returns fs with f inserted before index i.
func frameInsert(fs []frame, i int, f frame) []frame {
	if i < 0 || i > len(fs) {
		return fs
	}
	out := append(fs[:i:i], f)
	return append(out, fs[i:]...)
}

// frameSwap exchanges frames i and j.
func frameSwap(fs []frame, i, j int) []frame {
	if i >= 0 && j >= 0 && i < len(fs) && j < len(fs) {
		fs[i], fs[j] = fs[j], fs[i]
	}
	return fs
}

// frameEdit decodes frame i's data as a JSON object, lets f change it and
// encodes it again.
func frameEdit(fs []frame, i int, f func(obj map[string]any)) []frame {
	if i < 0 || i >= len(fs) {
		return fs
	}
	var obj map[string]any
	if json.Unmarshal([]byte(fs[i].data), &obj) != nil {
		return fs
	}
	f(obj)
	out, err := json.Marshal(obj)
	if err != nil {
		return fs
	}
	fs[i].data = string(out)
	return fs
}

// jsonAt walks obj along keys (map keys, or "0", "1"... for arrays) and
// returns the map at the end, or nil.
func jsonAt(obj any, keys ...string) map[string]any {
	cur := obj
	for _, k := range keys {
		switch x := cur.(type) {
		case map[string]any:
			cur = x[k]
		case []any:
			i := int(k[0] - '0')
			if len(k) != 1 || i < 0 || i >= len(x) {
				return nil
			}
			cur = x[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}
