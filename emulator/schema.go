package emulator

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file checks a decoded JSON body against a small schema, the way the
// live API's request validation words its errors: unknown keys (every
// request schema has additionalProperties: false), wrong types, missing
// required keys, values outside an enum and arrays of the wrong length.

// jsonKind is the JSON type a schema expects.
type jsonKind uint8

const (
	kindAny jsonKind = iota
	kindString
	kindNumber
	kindInteger
	kindBool
	kindObject
	kindArray
	kindStringMap // an object whose values are strings (metadata)
)

// schema describes one JSON value of a request.
type schema struct {
	kind     jsonKind
	nullable bool
	props    map[string]*schema // kindObject: the allowed keys
	required []string           // kindObject: keys that must be present
	open     bool               // kindObject: other keys are allowed and not checked
	elem     *schema            // kindArray: the items
	minItems int                // kindArray
	maxItems int                // kindArray; 0 means no limit
	enum     []string           // kindString: the allowed values
	oneOf    []*schema          // a union: the alternative whose kind matches the value
}

// Constructors keep the schema tables readable.
func sString(enum ...string) *schema { return &schema{kind: kindString, enum: enum} }
func sNumber() *schema               { return &schema{kind: kindNumber} }
func sInteger() *schema              { return &schema{kind: kindInteger} }
func sBool() *schema                 { return &schema{kind: kindBool} }
func sStringMap() *schema            { return &schema{kind: kindStringMap} }
func sAnyObject() *schema            { return &schema{kind: kindObject, open: true} }
func sArray(elem *schema) *schema    { return &schema{kind: kindArray, elem: elem} }
func sOneOf(alts ...*schema) *schema { return &schema{oneOf: alts} }

func sObject(props map[string]*schema, required ...string) *schema {
	return &schema{kind: kindObject, props: props, required: required}
}

// null returns a copy of s that also accepts null.
func (s *schema) null() *schema {
	c := *s
	c.nullable = true
	return &c
}

// items returns a copy of s, an array schema, with length bounds.
func (s *schema) items(min, max int) *schema {
	c := *s
	c.minItems, c.maxItems = min, max
	return &c
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

// check validates v against s; path is the parameter path of v ("" for the
// body itself).
func (s *schema) check(path string, v any) *apiError {
	if v == nil {
		if s.nullable || s.kind == kindAny && s.oneOf == nil {
			return nil
		}
		return typeError(path, s, v)
	}
	if s.oneOf != nil {
		got := kindOf(v)
		for _, alt := range s.oneOf {
			if alt.kind == got || alt.kind == kindNumber && got == kindInteger ||
				alt.kind == kindStringMap && got == kindObject {
				return alt.check(path, v)
			}
		}
		return typeError(path, s, v)
	}
	switch s.kind {
	case kindAny:
		return nil
	case kindString:
		str, ok := v.(string)
		if !ok {
			return typeError(path, s, v)
		}
		if len(s.enum) > 0 && !slices.Contains(s.enum, str) {
			return badRequest(path, "Invalid value: '%s'. Supported values are: %s.", str, quoteList(s.enum))
		}
	case kindNumber:
		n, ok := v.(json.Number)
		if !ok {
			return typeError(path, s, v)
		}
		if f, err := strconv.ParseFloat(string(n), 64); err != nil || math.IsInf(f, 0) {
			return badRequest(path, "Invalid '%s': number out of range, got %s.", path, n)
		}
	case kindInteger:
		n, ok := v.(json.Number)
		if !ok {
			return typeError(path, s, v)
		}
		if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
			if kindOf(v) == kindInteger {
				return badRequest(path, "Invalid '%s': integer out of range, got %s.", path, n)
			}
			return typeError(path, s, v)
		}
	case kindBool:
		if _, ok := v.(bool); !ok {
			return typeError(path, s, v)
		}
	case kindStringMap:
		m, ok := v.(map[string]any)
		if !ok {
			return typeError(path, s, v)
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if _, ok := m[k].(string); !ok {
				return typeError(join(path, k), sString(), m[k])
			}
		}
	case kindObject:
		m, ok := v.(map[string]any)
		if !ok {
			return typeError(path, s, v)
		}
		return s.checkObject(path, m)
	case kindArray:
		a, ok := v.([]any)
		if !ok {
			return typeError(path, s, v)
		}
		if len(a) < s.minItems {
			return badRequest(path, "Invalid '%s': empty array. Expected an array with minimum length %d, but got an empty array instead.", path, s.minItems)
		}
		if s.maxItems > 0 && len(a) > s.maxItems {
			return badRequest(path, "Invalid '%s': array too long. Expected an array with maximum length %d, but got an array with length %d instead.", path, s.maxItems, len(a))
		}
		for i, item := range a {
			if err := s.elem.check(fmt.Sprintf("%s[%d]", path, i), item); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *schema) checkObject(path string, m map[string]any) *apiError {
	if s.open {
		return nil
	}
	keys := slices.Sorted(maps.Keys(m))
	for _, k := range keys {
		if _, ok := s.props[k]; !ok {
			return badRequest(join(path, k), "Unrecognized request argument supplied: %s", join(path, k))
		}
	}
	for _, k := range s.required {
		if _, ok := m[k]; !ok {
			return badRequest(join(path, k), "Missing required parameter: '%s'.", join(path, k))
		}
	}
	for _, k := range keys {
		if err := s.props[k].check(join(path, k), m[k]); err != nil {
			return err
		}
	}
	return nil
}

// join extends a parameter path with an object key.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// kindOf returns the JSON type of a decoded value; numbers without a
// fraction or exponent are integers.
func kindOf(v any) jsonKind {
	switch v := v.(type) {
	case string:
		return kindString
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			return kindNumber
		}
		return kindInteger
	case bool:
		return kindBool
	case map[string]any:
		return kindObject
	case []any:
		return kindArray
	}
	return kindAny
}

// kindNames name JSON types with their article, as the live API does.
var kindNames = map[jsonKind]string{
	kindString:    "a string",
	kindNumber:    "a number",
	kindInteger:   "an integer",
	kindBool:      "a boolean",
	kindObject:    "an object",
	kindArray:     "an array",
	kindStringMap: "an object",
}

// typeError is "Invalid type for 'p': expected a number, but got a string
// instead.".
func typeError(path string, s *schema, v any) *apiError {
	var want string
	if s.oneOf != nil {
		names := make([]string, len(s.oneOf))
		for i, alt := range s.oneOf {
			names[i] = kindNames[alt.kind]
		}
		want = "one of " + strings.Join(names, " or ")
	} else {
		want = kindNames[s.kind]
	}
	got := "null"
	if v != nil {
		got = kindNames[kindOf(v)]
		if s.kind == kindInteger && kindOf(v) == kindNumber {
			got = "a decimal"
		}
	}
	return badRequest(path, "Invalid type for '%s': expected %s, but got %s instead.", path, want, got)
}

// quoteList renders 'a', 'b', and 'c' (or 'a' and 'b').
func quoteList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "'" + v + "'"
	}
	switch len(q) {
	case 1:
		return q[0]
	case 2:
		return q[0] + " and " + q[1]
	}
	return strings.Join(q[:len(q)-1], ", ") + ", and " + q[len(q)-1]
}
