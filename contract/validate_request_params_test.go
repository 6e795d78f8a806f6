package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestDescribeParamError(t *testing.T) {
	longValue := strings.Repeat("v", MaxMetadataValueLength+1)
	var manyPairs strings.Builder
	for i := range MaxMetadataPairs + 1 {
		fmt.Fprintf(&manyPairs, `%s"k%d":"v"`, map[bool]string{true: "", false: ","}[i == 0], i)
	}
	manyTools := strings.TrimSuffix(strings.Repeat(`{"type":"code_interpreter"},`, MaxTools+1), ",")
	tests := []struct {
		name      string
		body      string
		wantParam string
		wantMsg   string
	}{
		{"above maximum", `{"assistant_id":"a","temperature":3}`, "temperature",
			"Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead."},
		{"below minimum", `{"assistant_id":"a","top_p":-0.5}`, "top_p",
			"Invalid 'top_p': decimal below minimum value. Expected a value >= 0, but got -0.5 instead."},
		{"token minimum", `{"assistant_id":"a","max_prompt_tokens":1}`, "max_prompt_tokens",
			fmt.Sprintf("Invalid 'max_prompt_tokens': integer below minimum value. Expected a value >= %d, but got 1 instead.", MinTokenLimit)},
		{"indexed bound", `{"assistant_id":"a","tools":[{"type":"code_interpreter"},{"type":"file_search","file_search":{"max_num_results":999}}]}`,
			"tools[1].file_search.max_num_results",
			fmt.Sprintf("Invalid 'tools[1].file_search.max_num_results': integer above maximum value. Expected a value <= %d, but got 999 instead.", MaxFileSearchResults)},
		{"metadata value with a dotted key", `{"assistant_id":"a","metadata":{"a.b":"` + longValue + `"}}`, "metadata.a.b",
			fmt.Sprintf("Invalid 'metadata.a.b': string too long. Expected a string with maximum length %d, but got a string with length %d instead.", MaxMetadataValueLength, MaxMetadataValueLength+1)},
		{"too many metadata pairs", `{"assistant_id":"a","metadata":{` + manyPairs.String() + `}}`, "metadata",
			fmt.Sprintf("Invalid 'metadata': too many properties. Expected an object with at most %d properties, but got an object with %d properties instead.", MaxMetadataPairs, MaxMetadataPairs+1)},
		{"too many tools", `{"assistant_id":"a","tools":[` + manyTools + `]}`, "tools",
			fmt.Sprintf("Invalid 'tools': array too long. Expected an array with maximum length %d, but got an array with length %d instead.", MaxTools, MaxTools+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p RunCreateParams
			if err := json.Unmarshal([]byte(tt.body), &p); err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			verr := p.Validate()
			if verr == nil {
				t.Fatalf("got no Validate error for %s, want one", tt.body)
			}
			param, msg := DescribeParamError(verr, decodeTree(t, tt.body))
			if param != tt.wantParam || msg != tt.wantMsg {
				t.Errorf("got (%q, %q)\nwant (%q, %q)", param, msg, tt.wantParam, tt.wantMsg)
			}
		})
	}
}

func TestDescribeParamErrorOtherErrors(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		body      map[string]any
		wantParam string
		wantMsg   string
	}{
		{"not a ParamError", errors.New("boom"), nil, "", "Invalid request: boom."},
		{"wrapped ParamError", fmt.Errorf("create: %w", &ParamError{Field: "order", Msg: "bad"}), map[string]any{"order": "up"},
			"order", "Invalid value: 'up'. Supported values are: 'asc' and 'desc'."},
		{"value absent from the body", &ParamError{Field: "tools[3].x", Msg: "out of range"}, map[string]any{"tools": []any{}},
			"tools[3].x", "Invalid 'tools[3].x': out of range."},
		{"path through a non-object", &ParamError{Field: "a.b[x].c", Msg: "bad"}, map[string]any{"a": "s"},
			"a.b[x].c", "Invalid 'a.b[x].c': bad."},
		{"list limit", &ParamError{Field: "limit", Msg: "below minimum"}, map[string]any{"limit": json.Number("0")},
			"limit", fmt.Sprintf("Invalid 'limit': integer below minimum value. Expected a value >= %d, but got 0 instead.", MinListLimit)},
		{"metadata key too long", &ParamError{Field: "metadata", Msg: "key too long"}, map[string]any{"metadata": map[string]any{strings.Repeat("k", MaxMetadataKeyLength+1): "v"}},
			"metadata", fmt.Sprintf("Invalid 'metadata': key too long. Expected a key with maximum length %d, but got a key with length %d instead.", MaxMetadataKeyLength, MaxMetadataKeyLength+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			param, msg := DescribeParamError(tt.err, tt.body)
			if param != tt.wantParam || msg != tt.wantMsg {
				t.Errorf("got (%q, %q)\nwant (%q, %q)", param, msg, tt.wantParam, tt.wantMsg)
			}
		})
	}
}
