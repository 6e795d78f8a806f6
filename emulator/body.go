package emulator

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/runsuite/runsuite/contract"
)

// This file reads a request body into the generic JSON tree that
// contract.CheckRequestBody checks, refusing bodies that are not UTF-8, nest
// too deeply or are not one JSON object, and holds decodeBody, which checks
// the tree against its schema and decodes the body into its params type.

// decodeBody checks body against the schema of b and decodes it into v.
// It returns the generic tree too, for wording later errors.
func decodeBody(body []byte, b contract.RequestBody, v any) (map[string]any, *apiError) {
	tree, aerr := parseBody(body)
	if aerr != nil {
		return nil, aerr
	}
	issues, err := contract.CheckRequestBody(b, tree, 1)
	if err != nil {
		return nil, badRequest("", "Invalid request: %v.", err)
	}
	if len(issues) > 0 {
		return nil, badRequest(issues[0].Param, "%s", issues[0].Message)
	}
	// The tree passed the schema, so the typed decode only fails on values
	// the schema lets through but Go cannot hold.
	if err := json.Unmarshal(body, v); err != nil && len(strings.TrimSpace(string(body))) > 0 {
		return nil, badRequest("", "Invalid request body: %s.", err)
	}
	return tree, nil
}

// parseBody decodes a request body into a generic JSON tree. An empty body
// reads as an empty object. Numbers stay json.Number so that their text
// survives for error messages.
func parseBody(body []byte) (map[string]any, *apiError) {
	if len(strings.TrimSpace(string(body))) == 0 {
		return map[string]any{}, nil
	}
	if !utf8.Valid(body) {
		return nil, errInvalidUTF8(body)
	}
	if depth := jsonDepth(body); depth > MaxJSONDepth {
		return nil, badRequest("", "Invalid body: JSON nested %d levels deep; at most %d levels are allowed.", depth, MaxJSONDepth)
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errMalformedJSON()
	}
	if rest := body[dec.InputOffset():]; len(strings.TrimSpace(string(rest))) > 0 {
		return nil, errMalformedJSON() // trailing data after the value
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errMalformedJSON()
	}
	return obj, nil
}

// MaxJSONDepth is how deeply a request body's arrays and objects may nest.
const MaxJSONDepth = 128

// jsonDepth returns how deeply the arrays and objects of body nest,
// ignoring brackets inside strings; it stops counting past MaxJSONDepth.
func jsonDepth(body []byte) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest > MaxJSONDepth {
					return deepest
				}
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}

// errInvalidUTF8 is the 400 of a body that is not UTF-8: it is refused
// rather than read with its bad bytes replaced.
func errInvalidUTF8(body []byte) *apiError {
	off := 0
	for off < len(body) {
		r, n := utf8.DecodeRune(body[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	return badRequest("", "Invalid body: the request body is not valid UTF-8 (invalid byte at offset %d).", off)
}

// join extends a parameter path with an object key.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
