package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// This file checks a decoded request body against the request schemas of
// validate_request_schemas.go: unknown keys (every request schema has
// additionalProperties: false), JSON types, required keys, enums and array
// lengths. Numeric bounds and metadata sizes are left to the Validate
// methods of the params types, so each bound is stated once.

// IssueKind names how a request body departs from its schema.
type IssueKind uint8

// The kinds of RequestIssue.
const (
	IssueUnknownKey   IssueKind = iota + 1 // a key the schema does not allow
	IssueMissingKey                        // a required key is absent
	IssueWrongType                         // a value of the wrong JSON type
	IssueNotInEnum                         // a string outside its enum
	IssueIntegerRange                      // an integer that does not fit 64 bits
	IssueNumberRange                       // a number that does not fit a float64
	IssueTooFewItems                       // an array shorter than its minimum
	IssueTooManyItems                      // an array longer than its maximum
)

var issueKindNames = map[IssueKind]string{
	IssueUnknownKey:   "unknown key",
	IssueMissingKey:   "missing required key",
	IssueWrongType:    "wrong type",
	IssueNotInEnum:    "value outside the enum",
	IssueIntegerRange: "integer out of range",
	IssueNumberRange:  "number out of range",
	IssueTooFewItems:  "array too short",
	IssueTooManyItems: "array too long",
}

// String returns a short description of the kind, such as "wrong type".
func (k IssueKind) String() string {
	if s, ok := issueKindNames[k]; ok {
		return s
	}
	return "IssueKind(" + strconv.Itoa(int(k)) + ")"
}

// RequestIssue is one place where a request body departs from its schema.
type RequestIssue struct {
	Kind IssueKind
	// Param is the parameter path as the live API names it in an error's
	// param: "tools[2].function.name", "metadata.k" ("" for the body).
	Param string
	// Pointer is the same place as an RFC 6901 JSON pointer:
	// "/tools/2/function/name".
	Pointer string
	// Expected and Got say, for a report, what the schema accepts there
	// and what the body holds.
	Expected, Got string
	// Message is the live API's wording of the 400 that refuses the body
	// (CONTRACT §9), such as "Invalid type for 'top_p': expected a
	// number, but got a string instead.".
	Message string
}

// MaxRequestIssues is the most issues CheckRequestBody reports for one body.
const MaxRequestIssues = 16

// ErrUnknownRequestBody is wrapped by CheckRequestBody's error for a
// RequestBody without a schema.
var ErrUnknownRequestBody = errors.New("contract: unknown request body")

// CheckRequestBody checks body, a JSON object decoded with
// json.Decoder.UseNumber (numbers must be json.Number), against the schema
// of b. It returns at most limit issues (MaxRequestIssues when limit is not
// positive, or above it), in the order the live API finds them, so the
// first is the one its 400 names: within an object the unknown keys come
// first, in key order, then the missing required keys, then the values, in
// key order. A body that fits has no issues.
func CheckRequestBody(b RequestBody, body map[string]any, limit int) ([]RequestIssue, error) {
	s, ok := requestSchemas[b]
	if !ok {
		return nil, fmt.Errorf("check request body %d: %w", b, ErrUnknownRequestBody)
	}
	if limit <= 0 || limit > MaxRequestIssues {
		limit = MaxRequestIssues
	}
	c := issueCollector{limit: limit}
	s.check(&c, "", "", body)
	return c.issues, nil
}

// jsonKind is the JSON type a schema node expects.
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

// schema describes one JSON value of a request body.
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

// issueCollector gathers issues up to a limit.
type issueCollector struct {
	limit  int
	issues []RequestIssue
}

func (c *issueCollector) full() bool { return len(c.issues) >= c.limit }

func (c *issueCollector) add(is RequestIssue) {
	if !c.full() {
		c.issues = append(c.issues, is)
	}
}

// check collects the issues of v against s; param and pointer name v's
// place ("" for the body itself).
func (s *schema) check(c *issueCollector, param, pointer string, v any) {
	if c.full() {
		return
	}
	if v == nil {
		if !s.nullable && (s.kind != kindAny || s.oneOf != nil) {
			c.add(s.typeIssue(param, pointer, v))
		}
		return
	}
	if s.oneOf != nil {
		got := kindOf(v)
		for _, alt := range s.oneOf {
			if alt.kind == got || alt.kind == kindNumber && got == kindInteger ||
				alt.kind == kindStringMap && got == kindObject {
				alt.check(c, param, pointer, v)
				return
			}
		}
		c.add(s.typeIssue(param, pointer, v))
		return
	}
	switch s.kind {
	case kindAny:
	case kindString:
		str, ok := v.(string)
		if !ok {
			c.add(s.typeIssue(param, pointer, v))
			return
		}
		if len(s.enum) > 0 && !slices.Contains(s.enum, str) {
			c.add(RequestIssue{Kind: IssueNotInEnum, Param: param, Pointer: pointer,
				Expected: "one of " + strings.Join(s.enum, ", "), Got: strconv.Quote(str),
				Message: fmt.Sprintf("Invalid value: '%s'. Supported values are: %s.", str, QuoteList(s.enum))})
		}
	case kindNumber:
		n, ok := v.(json.Number)
		if !ok {
			c.add(s.typeIssue(param, pointer, v))
			return
		}
		if f, err := strconv.ParseFloat(string(n), 64); err != nil || math.IsInf(f, 0) {
			c.add(RequestIssue{Kind: IssueNumberRange, Param: param, Pointer: pointer,
				Expected: "a number that fits 64 bits", Got: string(n),
				Message: fmt.Sprintf("Invalid '%s': number out of range, got %s.", param, n)})
		}
	case kindInteger:
		n, ok := v.(json.Number)
		if !ok || kindOf(v) != kindInteger {
			c.add(s.typeIssue(param, pointer, v))
			return
		}
		if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
			c.add(RequestIssue{Kind: IssueIntegerRange, Param: param, Pointer: pointer,
				Expected: "an integer that fits 64 bits", Got: string(n),
				Message: fmt.Sprintf("Invalid '%s': integer out of range, got %s.", param, n)})
		}
	case kindBool:
		if _, ok := v.(bool); !ok {
			c.add(s.typeIssue(param, pointer, v))
		}
	case kindStringMap:
		m, ok := v.(map[string]any)
		if !ok {
			c.add(s.typeIssue(param, pointer, v))
			return
		}
		str := &schema{kind: kindString}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if _, ok := m[k].(string); !ok {
				c.add(str.typeIssue(joinParam(param, k), pointer+"/"+PointerToken(k), m[k]))
			}
		}
	case kindObject:
		m, ok := v.(map[string]any)
		if !ok {
			c.add(s.typeIssue(param, pointer, v))
			return
		}
		s.checkObject(c, param, pointer, m)
	case kindArray:
		a, ok := v.([]any)
		if !ok {
			c.add(s.typeIssue(param, pointer, v))
			return
		}
		if len(a) < s.minItems {
			c.add(RequestIssue{Kind: IssueTooFewItems, Param: param, Pointer: pointer,
				Expected: fmt.Sprintf("at least %d items", s.minItems), Got: fmt.Sprintf("%d items", len(a)),
				Message: fmt.Sprintf("Invalid '%s': empty array. Expected an array with minimum length %d, but got an empty array instead.", param, s.minItems)})
		}
		if s.maxItems > 0 && len(a) > s.maxItems {
			c.add(RequestIssue{Kind: IssueTooManyItems, Param: param, Pointer: pointer,
				Expected: fmt.Sprintf("at most %d items", s.maxItems), Got: fmt.Sprintf("%d items", len(a)),
				Message: fmt.Sprintf("Invalid '%s': array too long. Expected an array with maximum length %d, but got an array with length %d instead.", param, s.maxItems, len(a))})
		}
		for i, item := range a {
			if c.full() {
				return
			}
			s.elem.check(c, fmt.Sprintf("%s[%d]", param, i), pointer+"/"+strconv.Itoa(i), item)
		}
	}
}

func (s *schema) checkObject(c *issueCollector, param, pointer string, m map[string]any) {
	if s.open {
		return
	}
	keys := slices.Sorted(maps.Keys(m))
	for _, k := range keys {
		if _, ok := s.props[k]; !ok {
			p := joinParam(param, k)
			c.add(RequestIssue{Kind: IssueUnknownKey, Param: p, Pointer: pointer + "/" + PointerToken(k),
				Expected: "no such key (additionalProperties: false)", Got: strconv.Quote(k),
				Message: "Unrecognized request argument supplied: " + p})
		}
	}
	for _, k := range s.required {
		if _, ok := m[k]; !ok {
			p := joinParam(param, k)
			c.add(RequestIssue{Kind: IssueMissingKey, Param: p, Pointer: pointer + "/" + PointerToken(k),
				Expected: "a required key", Got: "absent",
				Message: fmt.Sprintf("Missing required parameter: '%s'.", p)})
		}
	}
	for _, k := range keys {
		if p, ok := s.props[k]; ok {
			p.check(c, joinParam(param, k), pointer+"/"+PointerToken(k), m[k])
		}
	}
}

// typeIssue is the IssueWrongType of v at a place where s is expected; its
// Message is "Invalid type for 'p': expected a number, but got a string
// instead.".
func (s *schema) typeIssue(param, pointer string, v any) RequestIssue {
	var want, expected string
	if s.oneOf != nil {
		live := make([]string, len(s.oneOf))
		report := make([]string, len(s.oneOf))
		for i, alt := range s.oneOf {
			live[i] = kindNames[alt.kind]
			report[i] = reportKindNames[alt.kind]
		}
		want = "one of " + strings.Join(live, " or ")
		expected = strings.Join(report, " or ")
	} else {
		want = kindNames[s.kind]
		expected = reportKindNames[s.kind]
	}
	if s.nullable {
		expected += " or null"
	}
	got, reported := "null", "null"
	if v != nil {
		got = kindNames[kindOf(v)]
		reported = got
		if s.kind == kindInteger && kindOf(v) == kindNumber {
			got = "a decimal"
			reported = "a decimal " + string(v.(json.Number))
		}
	}
	return RequestIssue{Kind: IssueWrongType, Param: param, Pointer: pointer, Expected: expected, Got: reported,
		Message: fmt.Sprintf("Invalid type for '%s': expected %s, but got %s instead.", param, want, got)}
}

// joinParam extends a parameter path with an object key.
func joinParam(param, key string) string {
	if param == "" {
		return key
	}
	return param + "." + key
}

// kindOf returns the JSON type of a value decoded with UseNumber; numbers
// without a fraction or exponent are integers.
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
	kindAny:       "an unsupported value",
	kindString:    "a string",
	kindNumber:    "a number",
	kindInteger:   "an integer",
	kindBool:      "a boolean",
	kindObject:    "an object",
	kindArray:     "an array",
	kindStringMap: "an object",
}

// reportKindNames name JSON types for RequestIssue.Expected.
var reportKindNames = map[jsonKind]string{
	kindAny:       "any value",
	kindString:    "a string",
	kindNumber:    "a number",
	kindInteger:   "an integer",
	kindBool:      "a boolean",
	kindObject:    "an object",
	kindArray:     "an array",
	kindStringMap: "an object of strings",
}

// JSONTypeName names the JSON type of v, a value decoded with UseNumber,
// with its article, as the live API's messages do: "a string", "an
// integer", "a number" (a number with a fraction or exponent), "a boolean",
// "an object", "an array", "null".
func JSONTypeName(v any) string {
	if v == nil {
		return "null"
	}
	return kindNames[kindOf(v)]
}

// QuoteList renders values as the live API lists them: 'a', 'b', and 'c'
// (or 'a' and 'b').
func QuoteList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "'" + v + "'"
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	case 2:
		return q[0] + " and " + q[1]
	}
	return strings.Join(q[:len(q)-1], ", ") + ", and " + q[len(q)-1]
}

// PointerToken escapes one JSON pointer reference token (RFC 6901 §3).
func PointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return pointerEscaper.Replace(s)
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")
