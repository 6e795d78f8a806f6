package openaigo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// ErrMissingRawJSON reports an openai-go result that carries no raw JSON,
// so it cannot be converted to a contract type without loss.
var ErrMissingRawJSON = errors.New("openai-go result has no raw JSON")

// missingParam matches the argument errors openai-go returns, before
// sending anything, for empty path parameters ("missing required
// thread_id parameter").
var missingParam = regexp.MustCompile(`^missing required (\w+) parameter$`)

// maxErrorBody caps APIError.Body, as the reference client does.
const maxErrorBody = 64 << 10

// mapError turns an error from openai-go into the runs error types:
// *openai.Error becomes *runs.APIError, an empty-path-parameter refusal
// becomes *runs.ArgumentError, and anything else is wrapped with what.
func mapError(method, what string, err error) error {
	var apiErr *openai.Error
	if errors.As(err, &apiErr) {
		return fmt.Errorf("%s: %w", what, toAPIError(apiErr))
	}
	var se *ssestream.StreamError
	if errors.As(err, &se) {
		return fmt.Errorf("%s: %w", what, toStreamError(se))
	}
	if m := missingParam.FindStringSubmatch(err.Error()); m != nil {
		return &runs.ArgumentError{Method: method, Field: m[1], Message: err.Error()}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// toAPIError copies the fields of openai-go's error. openai-go reads type,
// code, param and message from inside the {"error": {...}} envelope.
func toAPIError(e *openai.Error) *runs.APIError {
	out := &runs.APIError{
		StatusCode: e.StatusCode,
		Type:       e.Type,
		Code:       e.Code,
		Param:      e.Param,
		Message:    e.Message,
	}
	if req := e.Request; req != nil {
		out.Method = req.Method
		if req.URL != nil {
			u := *req.URL
			u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
			out.URL = u.String()
		}
	}
	if res := e.Response; res != nil {
		out.Header = res.Header
		out.RequestID = res.Header.Get("x-request-id")
		if res.Body != nil {
			// openai-go re-populates the body with the bytes it read; put
			// them back again so DumpResponse keeps working.
			b, _ := io.ReadAll(res.Body)
			res.Body = io.NopCloser(bytes.NewReader(b))
			out.Body = b[:min(len(b), maxErrorBody)]
		}
	}
	return out
}

// toStreamError converts openai-go's error for stream data with a top-level
// "error" key. The error object is read from the event data; when that is
// not an error envelope (openai-go also stops on "error": null), the
// message openai-go built is kept.
func toStreamError(se *ssestream.StreamError) *runs.StreamError {
	out := &runs.StreamError{Event: contract.EventName(se.Event.Type)}
	if obj, ok := contract.ErrorEnvelope(se.Event.Data); ok {
		out.Object = *obj
	} else {
		out.Object.Message = se.Message
	}
	return out
}

// decodeRaw decodes the raw JSON of an openai-go result into a contract
// type.
func decodeRaw[T any](what, raw string) (*T, error) {
	if raw == "" {
		return nil, fmt.Errorf("%s: %w", what, ErrMissingRawJSON)
	}
	var v T
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return nil, fmt.Errorf("%s: decode result: %w", what, err)
	}
	return &v, nil
}
