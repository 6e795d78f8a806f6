package conformance

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// This file holds the request body schemas of CONTRACT §2 as the client
// rules apply them (the OpenAPI spec's CreateRunRequest, ModifyRunRequest
// and SubmitToolOutputsRunRequest, all additionalProperties: false): keys,
// JSON types, required keys and enums. Numeric bounds are left to
// contract's Validate methods (see client_body.go), so they are stated once.

// jsonKind is the JSON type a schema node expects.
type jsonKind uint8

const (
	kAny jsonKind = iota
	kString
	kNumber
	kInteger
	kBool
	kObject
	kArray
	kStringMap // an object whose values are strings (metadata)
)

var jsonKindName = map[jsonKind]string{
	kAny: "any value", kString: "a string", kNumber: "a number", kInteger: "an integer",
	kBool: "a boolean", kObject: "an object", kArray: "an array", kStringMap: "an object of strings",
}

// bodyNode is one value of a request body schema.
type bodyNode struct {
	jsonKind jsonKind
	nullable bool
	props    map[string]*bodyNode // kObject: the allowed keys
	required []string             // kObject
	open     bool                 // kObject: any keys (JSON Schema of a function)
	elem     *bodyNode            // kArray
	minItems int                  // kArray
	enum     []string             // kString
	oneOf    []*bodyNode          // a union, chosen by the value's JSON type
}

func nString(enum ...string) *bodyNode   { return &bodyNode{jsonKind: kString, enum: enum} }
func nNumber() *bodyNode                 { return &bodyNode{jsonKind: kNumber} }
func nInteger() *bodyNode                { return &bodyNode{jsonKind: kInteger} }
func nBool() *bodyNode                   { return &bodyNode{jsonKind: kBool} }
func nStringMap() *bodyNode              { return &bodyNode{jsonKind: kStringMap} }
func nOpenObject() *bodyNode             { return &bodyNode{jsonKind: kObject, open: true} }
func nArray(elem *bodyNode) *bodyNode    { return &bodyNode{jsonKind: kArray, elem: elem} }
func nOneOf(alts ...*bodyNode) *bodyNode { return &bodyNode{oneOf: alts} }
func nObject(props map[string]*bodyNode, required ...string) *bodyNode {
	return &bodyNode{jsonKind: kObject, props: props, required: required}
}

// orNull returns a copy of n that also accepts null.
func (n *bodyNode) orNull() *bodyNode {
	c := *n
	c.nullable = true
	return &c
}

// atLeast returns a copy of n, an array bodyNode, with a minimum length.
func (n *bodyNode) atLeast(min int) *bodyNode {
	c := *n
	c.minItems = min
	return &c
}

var (
	toolNode = nObject(map[string]*bodyNode{
		"type": nString("code_interpreter", "file_search", "function"),
		"file_search": nObject(map[string]*bodyNode{
			"max_num_results": nInteger(),
			"ranking_options": nObject(map[string]*bodyNode{
				"ranker":          nString("auto", "default_2024_08_21"),
				"score_threshold": nNumber(),
			}, "score_threshold"),
		}),
		"function": nObject(map[string]*bodyNode{
			"name":        nString(),
			"description": nString(),
			"parameters":  nOpenObject(),
			"strict":      nBool().orNull(),
		}, "name"),
	}, "type")

	detailNode = nString("auto", "low", "high")

	messageNode = nObject(map[string]*bodyNode{
		"role": nString("user", "assistant"),
		"content": nOneOf(nString(), nArray(nObject(map[string]*bodyNode{
			"type":       nString("text", "image_file", "image_url"),
			"text":       nString(),
			"image_file": nObject(map[string]*bodyNode{"file_id": nString(), "detail": detailNode}, "file_id"),
			"image_url":  nObject(map[string]*bodyNode{"url": nString(), "detail": detailNode}, "url"),
		}, "type")).atLeast(1)),
		"attachments": nArray(nObject(map[string]*bodyNode{
			"file_id": nString(),
			"tools":   nArray(nObject(map[string]*bodyNode{"type": nString("code_interpreter", "file_search")}, "type")),
		})).orNull(),
		"metadata": nStringMap().orNull(),
	}, "role", "content")

	// runCreateBody is CreateRunRequest without "stream", which the
	// client.body.stream rule owns.
	runCreateBody = nObject(map[string]*bodyNode{
		"assistant_id":            nString(),
		"additional_instructions": nString().orNull(),
		"additional_messages":     nArray(messageNode).orNull(),
		"instructions":            nString().orNull(),
		"max_completion_tokens":   nInteger().orNull(),
		"max_prompt_tokens":       nInteger().orNull(),
		"metadata":                nStringMap().orNull(),
		"model":                   nString().orNull(),
		"parallel_tool_calls":     nBool(),
		"reasoning_effort":        nString("none", "minimal", "low", "medium", "high", "xhigh", "max").orNull(),
		"response_format": nOneOf(nString("auto"), nObject(map[string]*bodyNode{
			"type": nString("text", "json_object", "json_schema"),
			"json_schema": nObject(map[string]*bodyNode{
				"name":        nString(),
				"description": nString(),
				"schema":      nOpenObject(),
				"strict":      nBool().orNull(),
			}, "name"),
		}, "type")).orNull(),
		"temperature": nNumber().orNull(),
		"tool_choice": nOneOf(nString("none", "auto", "required"), nObject(map[string]*bodyNode{
			"type":     nString("function", "code_interpreter", "file_search"),
			"function": nObject(map[string]*bodyNode{"name": nString()}, "name"),
		}, "type")).orNull(),
		"tools": nArray(toolNode).orNull(),
		"top_p": nNumber().orNull(),
		"truncation_strategy": nObject(map[string]*bodyNode{
			"type":          nString("auto", "last_messages"),
			"last_messages": nInteger().orNull(),
		}, "type").orNull(),
	}, "assistant_id")

	runUpdateBody = nObject(map[string]*bodyNode{"metadata": nStringMap().orNull()})

	submitBody = nObject(map[string]*bodyNode{
		"tool_outputs": nArray(nObject(map[string]*bodyNode{
			"output":       nString(),
			"tool_call_id": nString(),
		})),
	}, "tool_outputs")
)

// bodyIssue is one place a body does not fit its schema.
type bodyIssue struct {
	pointer  string // RFC 6901
	expected string
	got      string
	msg      string
}

// maxSchemaIssues bounds what one body can produce.
const maxSchemaIssues = 16

// check collects the issues of v against n at pointer, at most
// maxSchemaIssues in all. skipTop names top-level keys left to other rules.
func (n *bodyNode) check(pointer string, v any, out *[]bodyIssue, skipTop ...string) {
	if len(*out) >= maxSchemaIssues {
		return
	}
	if v == nil {
		if !n.nullable && n.jsonKind != kAny {
			*out = append(*out, bodyIssue{pointer, n.want(), "null", "wrong type"})
		}
		return
	}
	if n.oneOf != nil {
		got := jsonKindOf(v)
		for _, alt := range n.oneOf {
			if alt.jsonKind == got || alt.jsonKind == kNumber && got == kInteger || alt.jsonKind == kStringMap && got == kObject {
				alt.check(pointer, v, out)
				return
			}
		}
		*out = append(*out, bodyIssue{pointer, n.want(), jsonKindName[got], "wrong type"})
		return
	}
	got := jsonKindOf(v)
	switch n.jsonKind {
	case kAny:
	case kString:
		if got != kString {
			break
		}
		if s := v.(string); len(n.enum) > 0 && !slices.Contains(n.enum, s) {
			*out = append(*out, bodyIssue{pointer, "one of " + strings.Join(n.enum, ", "), strconv.Quote(s), "value outside the enum"})
		}
		return
	case kNumber:
		if got == kNumber || got == kInteger {
			return
		}
	case kInteger:
		if got == kInteger {
			if _, err := strconv.ParseInt(string(v.(json.Number)), 10, 64); err != nil {
				*out = append(*out, bodyIssue{pointer, "an integer that fits 64 bits", string(v.(json.Number)), "integer out of range"})
			}
			return
		}
		if got == kNumber {
			*out = append(*out, bodyIssue{pointer, "an integer", "a decimal " + string(v.(json.Number)), "wrong type"})
			return
		}
	case kBool:
		if got == kBool {
			return
		}
	case kStringMap:
		if m, ok := v.(map[string]any); ok {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if _, ok := m[k].(string); !ok {
					*out = append(*out, bodyIssue{pointer + "/" + pointerToken(k), "a string", jsonKindName[jsonKindOf(m[k])], "wrong type"})
				}
			}
			return
		}
	case kObject:
		if m, ok := v.(map[string]any); ok {
			n.checkObject(pointer, m, out, skipTop)
			return
		}
	case kArray:
		if a, ok := v.([]any); ok {
			if len(a) < n.minItems {
				*out = append(*out, bodyIssue{pointer, fmt.Sprintf("at least %d items", n.minItems), fmt.Sprintf("%d items", len(a)), "array too short"})
			}
			for i, item := range a {
				n.elem.check(pointer+"/"+strconv.Itoa(i), item, out)
			}
			return
		}
	}
	*out = append(*out, bodyIssue{pointer, n.want(), jsonKindName[got], "wrong type"})
}

func (n *bodyNode) checkObject(pointer string, m map[string]any, out *[]bodyIssue, skip []string) {
	if n.open {
		return
	}
	keys := slices.Sorted(maps.Keys(m))
	for _, k := range keys {
		if slices.Contains(skip, k) {
			continue
		}
		if _, ok := n.props[k]; !ok && len(*out) < maxSchemaIssues {
			*out = append(*out, bodyIssue{pointer + "/" + pointerToken(k), "no such key (additionalProperties: false)", strconv.Quote(k), "unknown key"})
		}
	}
	for _, k := range n.required {
		if _, ok := m[k]; !ok && len(*out) < maxSchemaIssues {
			*out = append(*out, bodyIssue{pointer + "/" + pointerToken(k), "a required key", "absent", "missing required key"})
		}
	}
	for _, k := range keys {
		if p, ok := n.props[k]; ok {
			p.check(pointer+"/"+pointerToken(k), m[k], out)
		}
	}
}

// want describes what n accepts.
func (n *bodyNode) want() string {
	var s string
	if n.oneOf != nil {
		names := make([]string, len(n.oneOf))
		for i, alt := range n.oneOf {
			names[i] = jsonKindName[alt.jsonKind]
		}
		s = strings.Join(names, " or ")
	} else {
		s = jsonKindName[n.jsonKind]
	}
	if n.nullable {
		s += " or null"
	}
	return s
}

// jsonKindOf returns the JSON type of a value decoded with UseNumber; numbers
// without a fraction or exponent are integers.
func jsonKindOf(v any) jsonKind {
	switch v := v.(type) {
	case string:
		return kString
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			return kNumber
		}
		return kInteger
	case bool:
		return kBool
	case map[string]any:
		return kObject
	case []any:
		return kArray
	}
	return kAny
}

// pointerToken escapes one JSON pointer reference token (RFC 6901 §3).
func pointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return tokenEscaper.Replace(s)
}

// tokenEscaper and tokenUnescaper apply RFC 6901 §3 and §4.
var (
	tokenEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	tokenUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// fieldPointer turns a contract.ParamError field such as
// "tools[2].file_search.max_num_results" or "metadata.k" into a JSON
// pointer ("/tools/2/file_search/max_num_results"). A metadata key may
// hold dots, so everything after "metadata." is one token.
func fieldPointer(field string) string {
	var b strings.Builder
	for field != "" {
		if rest, ok := strings.CutPrefix(field, "metadata."); ok {
			b.WriteString("/metadata/" + pointerToken(rest))
			break
		}
		part, rest, _ := strings.Cut(field, ".")
		name, idx, _ := strings.Cut(part, "[")
		b.WriteString("/" + pointerToken(name))
		for idx != "" {
			i, after, _ := strings.Cut(idx, "]")
			b.WriteString("/" + i)
			idx = strings.TrimPrefix(after, "[")
		}
		field = rest
	}
	return b.String()
}
