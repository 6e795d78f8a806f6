package runs

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/url"
	"strconv"

	"github.com/runsuite/runsuite/contract"
)

// guard checks what every method checks before sending: a context, and path
// arguments that can form a path. It returns the expanded path.
func guard(ctx context.Context, method string, op contract.Operation, args ...string) (string, error) {
	if ctx == nil {
		return "", &ArgumentError{Method: method, Message: "nil Context"}
	}
	path, err := op.ExpandPath(args...)
	if err != nil {
		var pe *contract.PathArgError
		if errors.As(err, &pe) {
			return "", &ArgumentError{Method: method, Field: pe.Param, Message: pe.Msg}
		}
		return "", &ArgumentError{Method: method, Message: err.Error()}
	}
	return path, nil
}

// paramError turns a parameter violation into an *ArgumentError.
func paramError(method string, err error) error {
	if err == nil {
		return nil
	}
	var pe *contract.ParamError
	if errors.As(err, &pe) {
		return &ArgumentError{Method: method, Field: pe.Field, Message: pe.Error()}
	}
	return &ArgumentError{Method: method, Message: err.Error()}
}

// streamTwins maps each method with a stream twin to that twin.
var streamTwins = map[string]string{
	"Create":                     "CreateStreamRaw",
	"CreateStreamRaw":            "Create",
	"SubmitToolOutputs":          "SubmitToolOutputsStreamRaw",
	"SubmitToolOutputsStreamRaw": "SubmitToolOutputs",
}

// checkStreamFlag refuses a stream flag smuggled through Extra: a truthy
// "stream" on a non-stream method, a false or null one on a stream method
// (CONTRACT §1.3, with Go method names). It returns the Extra to send:
// stream methods drop the key, since they force "stream": true themselves.
func checkStreamFlag(method string, op contract.Operation, extra map[string]any) (map[string]any, error) {
	v, present := extra["stream"]
	if !present {
		return extra, nil
	}
	truthy := v != nil && v != false
	switch {
	case !op.Stream && truthy:
		return nil, &ArgumentError{Method: method, Field: "stream", Message: "Please use `" + streamTwins[method] + "` for the streaming use case."}
	case op.Stream && !truthy:
		return nil, &ArgumentError{Method: method, Field: "stream", Message: "Please use `" + streamTwins[method] + "` for the non-streaming use case."}
	case op.Stream:
		clean := maps.Clone(extra)
		delete(clean, "stream")
		return clean, nil
	}
	return extra, nil
}

// body marshals params and, for stream methods, sets "stream": true last,
// as the SDKs do.
func body(method string, params any, streaming bool) ([]byte, error) {
	b, err := json.Marshal(params)
	if err == nil && streaming {
		b, err = contract.AppendBodyField(b, "stream", true)
	}
	if err != nil {
		return nil, &ArgumentError{Method: method, Message: "encode body: " + err.Error()}
	}
	return b, nil
}

// includeQuery adds include[] values.
func includeQuery(q url.Values, include []contract.RunStepInclude) url.Values {
	for _, v := range include {
		q.Add("include[]", string(v))
	}
	return q
}

// listQuery encodes cursor-list parameters, leaving zero values out.
func listQuery(after, before string, limit int, order contract.Order) url.Values {
	q := url.Values{}
	if after != "" {
		q.Set("after", after)
	}
	if before != "" {
		q.Set("before", before)
	}
	if limit != 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	if order != "" {
		q.Set("order", string(order))
	}
	return q
}
