package emulator

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

	"github.com/runsuite/runsuite/contract"
)

// bound is the range of a numeric parameter, for wording range errors.
type bound struct {
	integer  bool
	min, max float64
	hasMax   bool
}

// bounds are the numeric ranges of CONTRACT §2, by parameter path with
// array indices removed.
var bounds = map[string]bound{
	"temperature":                         {min: 0, max: 2, hasMax: true},
	"top_p":                               {min: 0, max: 1, hasMax: true},
	"max_completion_tokens":               {integer: true, min: contract.MinTokenLimit},
	"max_prompt_tokens":                   {integer: true, min: contract.MinTokenLimit},
	"tools[].file_search.max_num_results": {integer: true, min: 1, max: contract.MaxFileSearchResults, hasMax: true},
	"tools[].file_search.ranking_options.score_threshold": {min: 0, max: 1, hasMax: true},
	"truncation_strategy.last_messages":                   {integer: true, min: 1},
	"limit":                                               {integer: true, min: contract.MinListLimit, max: contract.MaxListLimit, hasMax: true},
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

// paramFailure turns a Validate error into a 400 whose param is the
// *contract.ParamError's Field and whose message is worded like the live
// API's, from the value found at that path in tree.
func paramFailure(err error, tree map[string]any) *apiError {
	var pe *contract.ParamError
	if !errors.As(err, &pe) {
		return badRequest("", "Invalid request: %v.", err)
	}
	if parent, key, ok := metadataValuePath(pe.Field); ok {
		// The key may hold dots, so find the value through its parent.
		m, _ := lookup(tree, parent).(map[string]any)
		s, _ := m[key].(string)
		return badRequest(pe.Field, "Invalid '%s': string too long. Expected a string with maximum length %d, but got a string with length %d instead.",
			pe.Field, contract.MaxMetadataValueLength, utf8.RuneCountInString(s))
	}
	return badRequest(pe.Field, "%s", describeParam(pe, lookup(tree, pe.Field)))
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

func describeParam(pe *contract.ParamError, v any) string {
	field := pe.Field
	switch {
	case field == "order":
		return fmt.Sprintf("Invalid value: '%v'. Supported values are: 'asc' and 'desc'.", v)
	case strings.HasPrefix(field, "include["):
		return fmt.Sprintf("Invalid value: '%v'. Supported values are: '%s'.", v, contract.IncludeFileSearchResultContent)
	case field == "metadata" || strings.HasSuffix(field, ".metadata"):
		if m, ok := v.(map[string]any); ok {
			return describeMetadata(field, m)
		}
	}
	switch v := v.(type) {
	case json.Number:
		if b, ok := bounds[indexRE.ReplaceAllString(field, "[]")]; ok {
			return describeRange(field, string(v), b)
		}
	case []any:
		if field == "tools" && len(v) > contract.MaxTools {
			return fmt.Sprintf("Invalid 'tools': array too long. Expected an array with maximum length %d, but got an array with length %d instead.", contract.MaxTools, len(v))
		}
	}
	return fmt.Sprintf("Invalid '%s': %s.", field, pe.Msg)
}

func describeRange(field, text string, b bound) string {
	kind := "decimal"
	if b.integer {
		kind = "integer"
	}
	f, _ := strconv.ParseFloat(text, 64)
	if b.hasMax && f > b.max {
		return fmt.Sprintf("Invalid '%s': %s above maximum value. Expected a value <= %s, but got %s instead.", field, kind, fmtBound(b.max), text)
	}
	return fmt.Sprintf("Invalid '%s': %s below minimum value. Expected a value >= %s, but got %s instead.", field, kind, fmtBound(b.min), text)
}

func fmtBound(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func describeMetadata(field string, m map[string]any) string {
	if len(m) > contract.MaxMetadataPairs {
		return fmt.Sprintf("Invalid '%s': too many properties. Expected an object with at most %d properties, but got an object with %d properties instead.", field, contract.MaxMetadataPairs, len(m))
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if n := utf8.RuneCountInString(k); n > contract.MaxMetadataKeyLength {
			return fmt.Sprintf("Invalid '%s': key too long. Expected a key with maximum length %d, but got a key with length %d instead.", field, contract.MaxMetadataKeyLength, n)
		}
	}
	return fmt.Sprintf("Invalid '%s'.", field)
}

// checkMetadata applies the metadata bounds of CONTRACT §2.1 to the
// metadata of objects other than runs, as a *contract.ParamError.
func checkMetadata(field string, m map[string]string) error {
	if len(m) > contract.MaxMetadataPairs {
		return &contract.ParamError{Field: field, Msg: "too many pairs"}
	}
	for k, v := range m {
		if utf8.RuneCountInString(k) > contract.MaxMetadataKeyLength || utf8.RuneCountInString(v) > contract.MaxMetadataValueLength {
			return &contract.ParamError{Field: field, Msg: "key or value too long"}
		}
	}
	return nil
}

// lookup finds the value at a parameter path such as
// "tools[2].file_search.max_num_results" in a decoded body.
func lookup(tree map[string]any, path string) any {
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
