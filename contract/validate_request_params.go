package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file words the errors of the params types' Validate methods as the
// live API words the 400s that refuse them, from the request body's values.

// paramBound is the range of a numeric parameter, for wording range errors.
type paramBound struct {
	integer  bool
	min, max float64
	hasMax   bool
}

// paramBounds are the numeric ranges of CONTRACT §2, by parameter path with
// array indices removed.
var paramBounds = map[string]paramBound{
	"temperature":                         {min: 0, max: 2, hasMax: true},
	"top_p":                               {min: 0, max: 1, hasMax: true},
	"max_completion_tokens":               {integer: true, min: MinTokenLimit},
	"max_prompt_tokens":                   {integer: true, min: MinTokenLimit},
	"tools[].file_search.max_num_results": {integer: true, min: 1, max: MaxFileSearchResults, hasMax: true},
	"tools[].file_search.ranking_options.score_threshold": {min: 0, max: 1, hasMax: true},
	"truncation_strategy.last_messages":                   {integer: true, min: 1},
	"limit":                                               {integer: true, min: MinListLimit, max: MaxListLimit, hasMax: true},
}

var paramIndexRE = regexp.MustCompile(`\[\d+\]`)

// DescribeParamError words err, an error of a params type's Validate, as
// the live API words the 400 that refuses the body (CONTRACT §9): param is
// the *ParamError's Field and message says what the value found at that
// place of body, the request decoded with UseNumber, breaks. An error that
// is not a *ParamError is worded as "Invalid request: <err>." with no
// param.
func DescribeParamError(err error, body map[string]any) (param, message string) {
	var pe *ParamError
	if !errors.As(err, &pe) {
		return "", fmt.Sprintf("Invalid request: %v.", err)
	}
	if parent, key, ok := metadataValuePath(pe.Field); ok {
		// The key may hold dots, so find the value through its parent.
		m, _ := lookupParam(body, parent).(map[string]any)
		s, _ := m[key].(string)
		return pe.Field, fmt.Sprintf("Invalid '%s': string too long. Expected a string with maximum length %d, but got a string with length %d instead.",
			pe.Field, MaxMetadataValueLength, utf8.RuneCountInString(s))
	}
	return pe.Field, describeParam(pe, lookupParam(body, pe.Field))
}

// metadataValuePath splits the path of a metadata value, such as
// "metadata.k" or "additional_messages[0].metadata.k", into the metadata
// object's path and the key.
func metadataValuePath(field string) (parent, key string, ok bool) {
	for i := 0; ; {
		j := strings.Index(field[i:], "metadata.")
		if j < 0 {
			return "", "", false
		}
		j += i
		if j == 0 || field[j-1] == '.' {
			return field[:j+len("metadata")], field[j+len("metadata."):], true
		}
		i = j + 1
	}
}

func describeParam(pe *ParamError, v any) string {
	field := pe.Field
	switch {
	case field == "order":
		return fmt.Sprintf("Invalid value: '%v'. Supported values are: 'asc' and 'desc'.", v)
	case strings.HasPrefix(field, "include["):
		return fmt.Sprintf("Invalid value: '%v'. Supported values are: '%s'.", v, IncludeFileSearchResultContent)
	case field == "metadata" || strings.HasSuffix(field, ".metadata"):
		if m, ok := v.(map[string]any); ok {
			return describeMetadata(field, m)
		}
	}
	switch v := v.(type) {
	case json.Number:
		if b, ok := paramBounds[paramIndexRE.ReplaceAllString(field, "[]")]; ok {
			return describeParamRange(field, string(v), b)
		}
	case []any:
		if field == "tools" && len(v) > MaxTools {
			return fmt.Sprintf("Invalid 'tools': array too long. Expected an array with maximum length %d, but got an array with length %d instead.", MaxTools, len(v))
		}
	}
	return fmt.Sprintf("Invalid '%s': %s.", field, pe.Msg)
}

func describeParamRange(field, text string, b paramBound) string {
	kind := "decimal"
	if b.integer {
		kind = "integer"
	}
	f, _ := strconv.ParseFloat(text, 64)
	if b.hasMax && f > b.max {
		return fmt.Sprintf("Invalid '%s': %s above maximum value. Expected a value <= %s, but got %s instead.", field, kind, formatParamBound(b.max), text)
	}
	return fmt.Sprintf("Invalid '%s': %s below minimum value. Expected a value >= %s, but got %s instead.", field, kind, formatParamBound(b.min), text)
}

func formatParamBound(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func describeMetadata(field string, m map[string]any) string {
	if len(m) > MaxMetadataPairs {
		return fmt.Sprintf("Invalid '%s': too many properties. Expected an object with at most %d properties, but got an object with %d properties instead.", field, MaxMetadataPairs, len(m))
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if n := utf8.RuneCountInString(k); n > MaxMetadataKeyLength {
			return fmt.Sprintf("Invalid '%s': key too long. Expected a key with maximum length %d, but got a key with length %d instead.", field, MaxMetadataKeyLength, n)
		}
	}
	return fmt.Sprintf("Invalid '%s'.", field)
}

// lookupParam finds the value at a parameter path such as
// "tools[2].file_search.max_num_results" in a decoded body.
func lookupParam(tree map[string]any, path string) any {
	var cur any = tree
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[name]
		for rest != "" {
			idx, after, ok := strings.Cut(rest, "]")
			if !ok {
				return nil
			}
			i, err := strconv.Atoi(idx)
			a, isArr := cur.([]any)
			if err != nil || !isArr || i < 0 || i >= len(a) {
				return nil
			}
			cur = a[i]
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return cur
}
