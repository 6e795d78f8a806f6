package realtraffic

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"go.yaml.in/yaml/v3"
)

// session is a .NET test-proxy session record.
type session struct {
	Entries []struct {
		RequestURI      string          `json:"RequestUri"`
		RequestMethod   string          `json:"RequestMethod"`
		RequestHeaders  map[string]list `json:"RequestHeaders"`
		RequestBody     json.RawMessage `json:"RequestBody"`
		StatusCode      int             `json:"StatusCode"`
		ResponseHeaders map[string]list `json:"ResponseHeaders"`
		ResponseBody    json.RawMessage `json:"ResponseBody"`
	} `json:"Entries"`
}

// list is a header value recorded either as one string or as an array.
type list []string

// UnmarshalYAML accepts a scalar or a sequence of scalars.
func (l *list) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = list{n.Value}
		return nil
	}
	return n.Decode((*[]string)(l))
}

// UnmarshalJSON accepts a string or an array of strings.
func (l *list) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*l = list{one}
		return nil
	}
	return json.Unmarshal(data, (*[]string)(l))
}

// ParseDotNet returns the exchanges of a .NET test-proxy session record
// (JSON with Entries[]), in recorded order. A body recorded as an array of
// strings (an event stream, line by line) is concatenated; any other JSON
// body is kept as compact JSON. An error about one entry is an
// *InteractionError.
func ParseDotNet(data []byte) (xs []Exchange, err error) {
	defer recoverParse(&err)
	var s session
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	if s.Entries == nil {
		return nil, errors.New("no Entries")
	}
	xs = make([]Exchange, 0, len(s.Entries))
	for i, e := range s.Entries {
		req, err := sessionBody(e.RequestBody)
		if err != nil {
			return nil, &InteractionError{Index: i, Err: fmt.Errorf("request body: %w", err)}
		}
		resp, err := sessionBody(e.ResponseBody)
		if err != nil {
			return nil, &InteractionError{Index: i, Err: fmt.Errorf("response body: %w", err)}
		}
		xs = append(xs, Exchange{
			Method:         e.RequestMethod,
			URL:            e.RequestURI,
			RequestHeader:  header(e.RequestHeaders),
			RequestBody:    req,
			Status:         e.StatusCode,
			ResponseHeader: header(e.ResponseHeaders),
			ResponseBody:   resp,
		})
	}
	return xs, nil
}

// sessionBody turns a recorded body into bytes: null is no body, a string is
// the text itself, an array of strings is the concatenated stream chunks, and
// any other JSON value is kept as compact JSON.
func sessionBody(raw json.RawMessage) ([]byte, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return []byte(s), nil
	case '[':
		var chunks []string
		if json.Unmarshal(raw, &chunks) == nil {
			var b bytes.Buffer
			for _, c := range chunks {
				b.WriteString(c)
			}
			return b.Bytes(), nil
		}
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// header builds an http.Header from recorded names, adding names in sorted
// order so that repeated names in different cases keep a stable order.
func header(m map[string]list) http.Header {
	h := make(http.Header, len(m))
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range m[name] {
			h.Add(name, v)
		}
	}
	return h
}
