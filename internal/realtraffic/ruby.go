package realtraffic

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// rubyCassette is a cassette of Ruby's VCR gem.
type rubyCassette struct {
	HTTPInteractions []struct {
		Request struct {
			Method  string          `yaml:"method"`
			URI     string          `yaml:"uri"`
			Body    rubyBody        `yaml:"body"`
			Headers map[string]list `yaml:"headers"`
		} `yaml:"request"`
		Response struct {
			Status struct {
				Code    int    `yaml:"code"`
				Message string `yaml:"message"`
			} `yaml:"status"`
			Headers map[string]list `yaml:"headers"`
			Body    rubyBody        `yaml:"body"`
		} `yaml:"response"`
		RecordedAt string `yaml:"recorded_at"`
	} `yaml:"http_interactions"`
	RecordedWith string `yaml:"recorded_with"`
}

// rubyBody is a Ruby VCR body: {encoding, string} where string may carry
// the !binary tag, or {encoding, base64_string} as newer VCR versions write
// binary bodies.
type rubyBody struct {
	Encoding     string    `yaml:"encoding"`
	String       yaml.Node `yaml:"string"`
	Base64String yaml.Node `yaml:"base64_string"`
}

// bytes returns the body's bytes, nil when empty.
func (b *rubyBody) bytes() ([]byte, error) {
	if b.Base64String.Kind != 0 && b.Base64String.Tag != "!!null" {
		n := b.Base64String
		n.Tag = "!!binary"
		return nodeBytes(&n)
	}
	return nodeBytes(&b.String)
}

// ParseRubyVCR returns the exchanges of a Ruby VCR cassette (YAML with
// http_interactions[], header values as lists, recorded_with: VCR x.y), in
// recorded order. Methods are upper-cased; !binary and base64_string bodies
// are base64 decoded, and gzip bodies are gunzipped. An error about one
// interaction is an *InteractionError.
func ParseRubyVCR(data []byte) (xs []Exchange, err error) {
	defer recoverParse(&err)
	var c rubyCassette
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	if c.HTTPInteractions == nil {
		return nil, errors.New("no http_interactions")
	}
	xs = make([]Exchange, 0, len(c.HTTPInteractions))
	for i, it := range c.HTTPInteractions {
		req, err := it.Request.Body.bytes()
		if err != nil {
			return nil, &InteractionError{Index: i, Err: fmt.Errorf("request body: %w", err)}
		}
		respHeader := header(it.Response.Headers)
		raw, err := it.Response.Body.bytes()
		if err != nil {
			return nil, &InteractionError{Index: i, Err: fmt.Errorf("response body: %w", err)}
		}
		resp, err := decodeBody(raw, respHeader.Get("Content-Encoding"))
		if err != nil {
			return nil, &InteractionError{Index: i, Err: fmt.Errorf("response body: %w", err)}
		}
		xs = append(xs, Exchange{
			Method:         strings.ToUpper(it.Request.Method),
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
