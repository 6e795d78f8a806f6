package realtraffic

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxBodySize caps a body after base64 and gzip decoding, so that a
// compressed body cannot expand without bound.
const MaxBodySize = 64 << 20

// vcrpyCassette is a VCR.py cassette.
type vcrpyCassette struct {
	Interactions []struct {
		Request struct {
			Body    yaml.Node       `yaml:"body"`
			Headers map[string]list `yaml:"headers"`
			Method  string          `yaml:"method"`
			URI     string          `yaml:"uri"`
		} `yaml:"request"`
		Response struct {
			Body struct {
				String yaml.Node `yaml:"string"`
			} `yaml:"body"`
			Headers map[string]list `yaml:"headers"`
			Status  struct {
				Code    int    `yaml:"code"`
				Message string `yaml:"message"`
			} `yaml:"status"`
		} `yaml:"response"`
	} `yaml:"interactions"`
}

// ParseVCRPy returns the exchanges of a VCR.py cassette (YAML with
// interactions[].request/response), in recorded order. Bodies tagged
// !!binary are base64 decoded, and gzip bodies are gunzipped. An error about
// one interaction is an *InteractionError.
func ParseVCRPy(data []byte) (xs []Exchange, err error) {
	defer recoverParse(&err)
	var c vcrpyCassette
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	if c.Interactions == nil {
		return nil, errors.New("no interactions")
	}
	xs = make([]Exchange, 0, len(c.Interactions))
	for i, it := range c.Interactions {
		req, err := nodeBytes(&it.Request.Body)
		if err != nil {
			return nil, &InteractionError{Index: i, Err: fmt.Errorf("request body: %w", err)}
		}
		respHeader := header(it.Response.Headers)
		raw, err := nodeBytes(&it.Response.Body.String)
		if err != nil {
			return nil, &InteractionError{Index: i, Err: fmt.Errorf("response body: %w", err)}
		}
		resp, err := decodeBody(raw, respHeader.Get("Content-Encoding"))
		if err != nil {
			return nil, &InteractionError{Index: i, Err: fmt.Errorf("response body: %w", err)}
		}
		xs = append(xs, Exchange{
			Method:         it.Request.Method,
			URL:            it.Request.URI,
			RequestHeader:  header(it.Request.Headers),
			RequestBody:    req,
			Status:         it.Response.Status.Code,
			StatusMessage:  it.Response.Status.Message,
			ResponseHeader: respHeader,
			ResponseBody:   resp,
		})
	}
	return xs, nil
}

// parseCassette is ParseVCRPy, kept for the loader.
func parseCassette(data []byte) ([]Exchange, error) { return ParseVCRPy(data) }

// binaryTags are the YAML tags of base64 bodies: the standard !!binary of
// VCR.py and the local !binary of Ruby's Psych.
var binaryTags = map[string]bool{
	"!!binary":                      true,
	"tag:yaml.org,2002:binary":      true,
	"!binary":                       true,
	"tag:ruby.yaml.org,2002:binary": true,
}

// nodeBytes returns the bytes of a recorded body scalar: nil when absent,
// null or empty, base64 decoded when tagged binary, the text otherwise.
func nodeBytes(n *yaml.Node) ([]byte, error) {
	if n.Kind == 0 || n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.ScalarNode {
		return nil, fmt.Errorf("line %d: body is a %s, want a string", n.Line, kindName(n.Kind))
	}
	if binaryTags[n.Tag] {
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(n.Value), ""))
		if err != nil {
			return nil, fmt.Errorf("line %d: binary body: %w", n.Line, err)
		}
		if len(b) == 0 {
			return nil, nil
		}
		return b, nil
	}
	if n.Value == "" {
		return nil, nil
	}
	return []byte(n.Value), nil
}

// kindName names a YAML node kind for error messages.
func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	case yaml.DocumentNode:
		return "document"
	case yaml.AliasNode:
		return "alias"
	default:
		return "scalar"
	}
}

// decodeBody gunzips a body recorded with Content-Encoding gzip or starting
// with the gzip magic number; other bodies are returned unchanged. The
// result is capped at MaxBodySize.
func decodeBody(body []byte, contentEncoding string) ([]byte, error) {
	if len(body) == 0 {
		return nil, nil
	}
	if !strings.EqualFold(strings.TrimSpace(contentEncoding), "gzip") && !bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		return body, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, MaxBodySize+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	if len(out) > MaxBodySize {
		return nil, fmt.Errorf("gunzip: body over %d bytes", MaxBodySize)
	}
	return out, nil
}
