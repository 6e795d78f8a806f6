package realtraffic

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// cassette is a VCR.py cassette.
type cassette struct {
	Interactions []struct {
		Request struct {
			Body    *string         `yaml:"body"`
			Headers map[string]list `yaml:"headers"`
			Method  string          `yaml:"method"`
			URI     string          `yaml:"uri"`
		} `yaml:"request"`
		Response struct {
			Body struct {
				String *string `yaml:"string"` // !!binary is decoded to raw bytes
			} `yaml:"body"`
			Headers map[string]list `yaml:"headers"`
			Status  struct {
				Code int `yaml:"code"`
			} `yaml:"status"`
		} `yaml:"response"`
	} `yaml:"interactions"`
}

func parseCassette(data []byte) ([]Exchange, error) {
	var c cassette
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	if c.Interactions == nil {
		return nil, errors.New("no interactions")
	}
	xs := make([]Exchange, 0, len(c.Interactions))
	for i, it := range c.Interactions {
		respHeader := header(it.Response.Headers)
		resp, err := decodeBody(bytesOf(it.Response.Body.String), respHeader.Get("Content-Encoding"))
		if err != nil {
			return nil, fmt.Errorf("interaction %d: response body: %w", i, err)
		}
		xs = append(xs, Exchange{
			Method:         it.Request.Method,
			URL:            it.Request.URI,
			RequestHeader:  header(it.Request.Headers),
			RequestBody:    bytesOf(it.Request.Body),
			Status:         it.Response.Status.Code,
			ResponseHeader: respHeader,
			ResponseBody:   resp,
		})
	}
	return xs, nil
}

// bytesOf returns the bytes of a recorded body, nil when absent or empty.
func bytesOf(s *string) []byte {
	if s == nil || *s == "" {
		return nil
	}
	return []byte(*s)
}

// decodeBody gunzips a body recorded with Content-Encoding gzip or starting
// with the gzip magic number; other bodies are returned unchanged.
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
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	return out, nil
}
