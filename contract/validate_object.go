package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Violation is one way a JSON object breaks the contract's shape (CONTRACT
// §3, §4.1): a missing key, a wrong JSON type, a value outside an enum, a
// wrong object constant or id prefix, a negative timestamp or index.
type Violation struct {
	// Pointer is the RFC 6901 JSON pointer of the offending value ("" for
	// the whole document); for a missing key it points at the key.
	Pointer string
	// Expected and Got say what the contract wants and what was there.
	Expected string
	Got      string
	// Msg says in a few words what is wrong.
	Msg string
}

// String renders the violation on one line.
func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "(root)"
	}
	return fmt.Sprintf("%s: %s: expected %s, got %s", p, v.Msg, v.Expected, v.Got)
}

// The object kinds CheckObject knows besides the ObjectX constants.
const (
	// KindAssistant is an assistant object (the set-up surface runs need).
	KindAssistant = "assistant"
	// KindError is the {"error": {...}} envelope of an error answer (§9).
	KindError = "error"
	// KindErrorObject is a bare ErrorObject (§3.6), the data of an SSE
	// error event.
	KindErrorObject = "error.object"
)

// ObjectKinds returns the kinds CheckObject validates, sorted.
func ObjectKinds() []string {
	out := make([]string, 0, len(objectRules))
	for k := range objectRules {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// CheckObject validates data, a JSON document of the given kind, against
// the shapes of CONTRACT §3 and §4.1 and returns every violation found (nil
// when it conforms). kind is one of ObjectKinds: "thread.run",
// "thread.run.step", "thread.message", "thread", "assistant",
// "thread.run.step.delta", "thread.message.delta", "error" (the
// {"error":{...}} envelope), "error.object" (a bare ErrorObject) or "list"
// (whose items are validated by their own "object" field). Unknown keys are
// allowed. It never panics, whatever data holds.
func CheckObject(kind string, data []byte) []Violation {
	r, ok := objectRules[kind]
	if !ok {
		return []Violation{{Expected: "one of " + strings.Join(ObjectKinds(), ", "), Got: fmt.Sprintf("kind %q", kind), Msg: "unknown object kind"}}
	}
	v, err := parseJSON(data)
	if err != nil {
		return []Violation{{Expected: "a JSON object", Got: err.Error(), Msg: "body is not valid JSON"}}
	}
	var c shapeChecker
	r(&c, "", v)
	return c.out
}

// parseJSON decodes exactly one JSON value, keeping numbers exact.
func parseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid JSON: data after the first value")
	}
	return v, nil
}

// shapeChecker collects violations.
// Rules descend only as deep as the contract's shapes, so nesting in
// unknown keys costs nothing.
type shapeChecker struct {
	out []Violation
}

func (c *shapeChecker) add(ptr, expected string, got any, msg string) {
	c.out = append(c.out, Violation{Pointer: ptr, Expected: expected, Got: describe(got), Msg: msg})
}

// rule validates the value v found at ptr.
type rule func(c *shapeChecker, ptr string, v any)

// describe renders a JSON value briefly for Violation.Got.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case missingValue:
		return "no such key"
	case string:
		if len(x) > 60 {
			return fmt.Sprintf("string %q…", x[:60])
		}
		return fmt.Sprintf("string %q", x)
	case json.Number:
		return "number " + x.String()
	case bool:
		return fmt.Sprintf("boolean %t", x)
	case []any:
		return fmt.Sprintf("array of %d", len(x))
	case map[string]any:
		return fmt.Sprintf("object with %d keys", len(x))
	}
	return fmt.Sprintf("%v", v)
}

// missingValue stands for an absent key in describe.
type missingValue struct{}

// pointerToken escapes one RFC 6901 reference token.
func pointerToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func child(ptr, key string) string { return ptr + "/" + pointerToken(key) }

// field is one key of an object rule.
type field struct {
	key      string
	optional bool
	nullable bool
	rule     rule
}

func req(key string, r rule) field     { return field{key: key, rule: r} }
func reqNull(key string, r rule) field { return field{key: key, nullable: true, rule: r} }
func opt(key string, r rule) field     { return field{key: key, optional: true, rule: r} }
func optNull(key string, r rule) field {
	return field{key: key, optional: true, nullable: true, rule: r}
}
func withCheck(f field, r rule) field     { f.rule = both(f.rule, r); return f }
func both(a, b rule) rule                 { return func(c *shapeChecker, p string, v any) { a(c, p, v); b(c, p, v) } }
func anyValue(*shapeChecker, string, any) {}

// object validates a JSON object with the given fields; unknown keys pass.
func object(fields ...field) rule {
	return func(c *shapeChecker, ptr string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			c.add(ptr, "object", v, "wrong type")
			return
		}
		for _, f := range fields {
			p := child(ptr, f.key)
			x, present := m[f.key]
			switch {
			case !present && f.optional:
			case !present:
				c.add(p, "required key", missingValue{}, "missing key")
			case x == nil && f.nullable:
			case x == nil:
				c.add(p, "a non-null value", nil, "null not allowed")
			default:
				f.rule(c, p, x)
			}
		}
	}
}

// anyObject accepts any JSON object.
var anyObject = object()

// array validates a JSON array whose items follow elem.
func array(elem rule) rule {
	return func(c *shapeChecker, ptr string, v any) {
		a, ok := v.([]any)
		if !ok {
			c.add(ptr, "array", v, "wrong type")
			return
		}
		for i, x := range a {
			p := fmt.Sprintf("%s/%d", ptr, i)
			if x == nil {
				c.add(p, "a non-null item", nil, "null item")
				continue
			}
			elem(c, p, x)
		}
	}
}

func str(c *shapeChecker, ptr string, v any) {
	if _, ok := v.(string); !ok {
		c.add(ptr, "string", v, "wrong type")
	}
}

func boolean(c *shapeChecker, ptr string, v any) {
	if _, ok := v.(bool); !ok {
		c.add(ptr, "boolean", v, "wrong type")
	}
}

func number(c *shapeChecker, ptr string, v any) {
	if _, ok := v.(json.Number); !ok {
		c.add(ptr, "number", v, "wrong type")
	}
}

// between validates a number in lo..hi.
func between(lo, hi float64) rule {
	return func(c *shapeChecker, ptr string, v any) {
		n, ok := v.(json.Number)
		if !ok {
			c.add(ptr, "number", v, "wrong type")
			return
		}
		if f, err := n.Float64(); err != nil || f < lo || f > hi {
			c.add(ptr, fmt.Sprintf("a number in %v..%v", lo, hi), v, "out of range")
		}
	}
}

// integer validates a JSON integer, at least min when nonNeg.
func integer(what string, nonNeg bool) rule {
	return func(c *shapeChecker, ptr string, v any) {
		n, ok := v.(json.Number)
		if !ok {
			c.add(ptr, what, v, "wrong type")
			return
		}
		i, err := n.Int64()
		if err != nil {
			c.add(ptr, what, v, "not an integer")
			return
		}
		if nonNeg && i < 0 {
			c.add(ptr, what, v, "negative")
		}
	}
}

var (
	// timestamp is a Unix time in seconds.
	timestamp = integer("a non-negative integer (unix seconds)", true)
	// index is a position in a list.
	index = integer("a non-negative integer index", true)
	// count is a token count or limit.
	count = integer("a non-negative integer", true)
)

// enum validates a string among values.
func enum(values ...string) rule {
	return func(c *shapeChecker, ptr string, v any) {
		s, ok := v.(string)
		if !ok {
			c.add(ptr, "string", v, "wrong type")
			return
		}
		if !slices.Contains(values, s) {
			c.add(ptr, "one of "+strings.Join(values, ", "), v, "value outside the enum")
		}
	}
}

// constant validates the string s.
func constant(s string) rule {
	return func(c *shapeChecker, ptr string, v any) {
		if got, ok := v.(string); !ok || got != s {
			c.add(ptr, fmt.Sprintf("%q", s), v, "wrong constant")
		}
	}
}

// id validates an id string with the given prefix and something after it.
func id(prefix string) rule {
	return func(c *shapeChecker, ptr string, v any) {
		s, ok := v.(string)
		if !ok {
			c.add(ptr, "string", v, "wrong type")
			return
		}
		if len(s) <= len(prefix) || !strings.HasPrefix(s, prefix) {
			c.add(ptr, fmt.Sprintf("an id starting with %q", prefix), v, "wrong id prefix")
		}
	}
}

// stringMap validates an object whose values are strings (metadata).
func stringMap(c *shapeChecker, ptr string, v any) {
	m, ok := v.(map[string]any)
	if !ok {
		c.add(ptr, "object of strings", v, "wrong type")
		return
	}
	for _, k := range sortedKeys(m) {
		if _, ok := m[k].(string); !ok {
			c.add(child(ptr, k), "string", m[k], "metadata value is not a string")
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// union validates an object whose variant is chosen by the string key disc.
func union(disc string, variants map[string]rule) rule {
	names := make([]string, 0, len(variants))
	for k := range variants {
		names = append(names, k)
	}
	slices.Sort(names)
	return func(c *shapeChecker, ptr string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			c.add(ptr, "object", v, "wrong type")
			return
		}
		d, present := m[disc]
		if !present {
			c.add(child(ptr, disc), "one of "+strings.Join(names, ", "), missingValue{}, "missing key")
			return
		}
		s, _ := d.(string)
		r, ok := variants[s]
		if !ok {
			c.add(child(ptr, disc), "one of "+strings.Join(names, ", "), d, "unknown variant")
			return
		}
		r(c, ptr, v)
	}
}

// stringOrObject validates a value that is either a string or an object.
func stringOrObject(s, o rule) rule {
	return func(c *shapeChecker, ptr string, v any) {
		switch v.(type) {
		case string:
			s(c, ptr, v)
		case map[string]any:
			o(c, ptr, v)
		default:
			c.add(ptr, "string or object", v, "wrong type")
		}
	}
}
