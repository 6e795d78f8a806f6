package contract

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// decodeTree decodes a JSON object body the way CheckRequestBody expects.
func decodeTree(t testing.TB, body string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return m
}

func TestCheckRequestBodyFirstIssue(t *testing.T) {
	tests := []struct {
		name     string
		body     RequestBody
		json     string
		want     RequestIssue
		wantNone bool
	}{
		{name: "fits", body: BodyCreateRun, json: `{"assistant_id":"asst_1","temperature":1.5,"metadata":{"k":"v"},"stream":true}`, wantNone: true},
		{name: "fits with nulls", body: BodyCreateRun, json: `{"assistant_id":"asst_1","tools":null,"tool_choice":null,"top_p":null}`, wantNone: true},
		{name: "function parameters are open", body: BodyCreateRun, json: `{"assistant_id":"a","tools":[{"type":"function","function":{"name":"f","parameters":{"anything":[1,{"x":null}]}}}]}`, wantNone: true},
		{name: "unknown key", body: BodyCreateRun, json: `{"assistant_id":"a","zeta":1}`, want: RequestIssue{
			Kind: IssueUnknownKey, Param: "zeta", Pointer: "/zeta", Expected: "no such key (additionalProperties: false)", Got: `"zeta"`,
			Message: "Unrecognized request argument supplied: zeta"}},
		{name: "unknown key before missing key", body: BodyCreateRun, json: `{"zeta":1}`, want: RequestIssue{
			Kind: IssueUnknownKey, Param: "zeta", Pointer: "/zeta", Expected: "no such key (additionalProperties: false)", Got: `"zeta"`,
			Message: "Unrecognized request argument supplied: zeta"}},
		{name: "missing key", body: BodyCreateRun, json: `{"top_p":"x"}`, want: RequestIssue{
			Kind: IssueMissingKey, Param: "assistant_id", Pointer: "/assistant_id", Expected: "a required key", Got: "absent",
			Message: "Missing required parameter: 'assistant_id'."}},
		{name: "wrong type", body: BodyCreateRun, json: `{"assistant_id":"a","top_p":"x"}`, want: RequestIssue{
			Kind: IssueWrongType, Param: "top_p", Pointer: "/top_p", Expected: "a number or null", Got: "a string",
			Message: "Invalid type for 'top_p': expected a number, but got a string instead."}},
		{name: "null where not nullable", body: BodyCreateRun, json: `{"assistant_id":"a","parallel_tool_calls":null}`, want: RequestIssue{
			Kind: IssueWrongType, Param: "parallel_tool_calls", Pointer: "/parallel_tool_calls", Expected: "a boolean", Got: "null",
			Message: "Invalid type for 'parallel_tool_calls': expected a boolean, but got null instead."}},
		{name: "decimal for integer", body: BodyCreateRun, json: `{"assistant_id":"a","max_prompt_tokens":1.5}`, want: RequestIssue{
			Kind: IssueWrongType, Param: "max_prompt_tokens", Pointer: "/max_prompt_tokens", Expected: "an integer or null", Got: "a decimal 1.5",
			Message: "Invalid type for 'max_prompt_tokens': expected an integer, but got a decimal instead."}},
		{name: "integer out of range", body: BodyCreateRun, json: `{"assistant_id":"a","max_prompt_tokens":99999999999999999999}`, want: RequestIssue{
			Kind: IssueIntegerRange, Param: "max_prompt_tokens", Pointer: "/max_prompt_tokens", Expected: "an integer that fits 64 bits", Got: "99999999999999999999",
			Message: "Invalid 'max_prompt_tokens': integer out of range, got 99999999999999999999."}},
		{name: "number out of range", body: BodyCreateRun, json: `{"assistant_id":"a","temperature":1e999}`, want: RequestIssue{
			Kind: IssueNumberRange, Param: "temperature", Pointer: "/temperature", Expected: "a number that fits 64 bits", Got: "1e999",
			Message: "Invalid 'temperature': number out of range, got 1e999."}},
		{name: "enum", body: BodyCreateRun, json: `{"assistant_id":"a","tool_choice":"sometimes"}`, want: RequestIssue{
			Kind: IssueNotInEnum, Param: "tool_choice", Pointer: "/tool_choice", Expected: "one of none, auto, required", Got: `"sometimes"`,
			Message: "Invalid value: 'sometimes'. Supported values are: 'none', 'auto', and 'required'."}},
		{name: "union of the wrong type", body: BodyCreateRun, json: `{"assistant_id":"a","tool_choice":3}`, want: RequestIssue{
			Kind: IssueWrongType, Param: "tool_choice", Pointer: "/tool_choice", Expected: "a string or an object or null", Got: "an integer",
			Message: "Invalid type for 'tool_choice': expected one of a string or an object, but got an integer instead."}},
		{name: "union alternative checked", body: BodyCreateRun, json: `{"assistant_id":"a","tool_choice":{"type":"web"}}`, want: RequestIssue{
			Kind: IssueNotInEnum, Param: "tool_choice.type", Pointer: "/tool_choice/type", Expected: "one of function, code_interpreter, file_search", Got: `"web"`,
			Message: "Invalid value: 'web'. Supported values are: 'function', 'code_interpreter', and 'file_search'."}},
		{name: "metadata value", body: BodyModifyRun, json: `{"metadata":{"a/b":1}}`, want: RequestIssue{
			Kind: IssueWrongType, Param: "metadata.a/b", Pointer: "/metadata/a~1b", Expected: "a string", Got: "an integer",
			Message: "Invalid type for 'metadata.a/b': expected a string, but got an integer instead."}},
		{name: "metadata not an object", body: BodyModifyMessage, json: `{"metadata":[]}`, want: RequestIssue{
			Kind: IssueWrongType, Param: "metadata", Pointer: "/metadata", Expected: "an object of strings or null", Got: "an array",
			Message: "Invalid type for 'metadata': expected an object, but got an array instead."}},
		{name: "nested array item", body: BodyCreateRun, json: `{"assistant_id":"a","tools":[{"type":"function","function":{"name":"f"}},{"type":"web"}]}`, want: RequestIssue{
			Kind: IssueNotInEnum, Param: "tools[1].type", Pointer: "/tools/1/type", Expected: "one of code_interpreter, file_search, function", Got: `"web"`,
			Message: "Invalid value: 'web'. Supported values are: 'code_interpreter', 'file_search', and 'function'."}},
		{name: "empty content array", body: BodyCreateMessage, json: `{"role":"user","content":[]}`, want: RequestIssue{
			Kind: IssueTooFewItems, Param: "content", Pointer: "/content", Expected: "at least 1 items", Got: "0 items",
			Message: "Invalid 'content': empty array. Expected an array with minimum length 1, but got an empty array instead."}},
		{name: "too many vector stores", body: BodyCreateThread, json: `{"tool_resources":{"file_search":{"vector_store_ids":["a","b"]}}}`, want: RequestIssue{
			Kind: IssueTooManyItems, Param: "tool_resources.file_search.vector_store_ids", Pointer: "/tool_resources/file_search/vector_store_ids",
			Expected: "at most 1 items", Got: "2 items",
			Message: "Invalid 'tool_resources.file_search.vector_store_ids': array too long. Expected an array with maximum length 1, but got an array with length 2 instead."}},
		{name: "modify refuses new vector stores", body: BodyModifyThread, json: `{"tool_resources":{"file_search":{"vector_stores":[]}}}`, want: RequestIssue{
			Kind: IssueUnknownKey, Param: "tool_resources.file_search.vector_stores", Pointer: "/tool_resources/file_search/vector_stores",
			Expected: "no such key (additionalProperties: false)", Got: `"vector_stores"`,
			Message: "Unrecognized request argument supplied: tool_resources.file_search.vector_stores"}},
		{name: "thread and run nests the thread", body: BodyCreateThreadAndRun, json: `{"assistant_id":"a","thread":{"messages":[{"role":"system","content":"x"}]}}`, want: RequestIssue{
			Kind: IssueNotInEnum, Param: "thread.messages[0].role", Pointer: "/thread/messages/0/role", Expected: "one of user, assistant", Got: `"system"`,
			Message: "Invalid value: 'system'. Supported values are: 'user' and 'assistant'."}},
		{name: "submit needs tool outputs", body: BodySubmitToolOutputs, json: `{"stream":true}`, want: RequestIssue{
			Kind: IssueMissingKey, Param: "tool_outputs", Pointer: "/tool_outputs", Expected: "a required key", Got: "absent",
			Message: "Missing required parameter: 'tool_outputs'."}},
		{name: "assistant needs a model", body: BodyCreateAssistant, json: `{}`, want: RequestIssue{
			Kind: IssueMissingKey, Param: "model", Pointer: "/model", Expected: "a required key", Got: "absent",
			Message: "Missing required parameter: 'model'."}},
		{name: "modify assistant has no required key", body: BodyModifyAssistant, json: `{"reasoning_effort":"max"}`, wantNone: true},
		{name: "empty modify fits", body: BodyModifyRun, json: `{}`, wantNone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issues, err := CheckRequestBody(tt.body, decodeTree(t, tt.json), 1)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if tt.wantNone {
				if len(issues) != 0 {
					t.Fatalf("got %d issues (%+v), want none", len(issues), issues)
				}
				return
			}
			if len(issues) != 1 {
				t.Fatalf("got %d issues (%+v), want 1", len(issues), issues)
			}
			if issues[0] != tt.want {
				t.Errorf("got  %+v\nwant %+v", issues[0], tt.want)
			}
		})
	}
}

func TestCheckRequestBodyCollectsInOrder(t *testing.T) {
	body := decodeTree(t, `{"b":1,"a":2,"top_p":"x","metadata":{"k2":2,"k1":1},"tools":[{"type":"x"},{"type":"y"}]}`)
	issues, err := CheckRequestBody(BodyCreateRun, body, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, is := range issues {
		got = append(got, is.Kind.String()+" "+is.Pointer)
	}
	want := []string{
		"unknown key /a", "unknown key /b", "missing required key /assistant_id",
		"wrong type /metadata/k1", "wrong type /metadata/k2",
		"value outside the enum /tools/0/type", "value outside the enum /tools/1/type",
		"wrong type /top_p",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got issues\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckRequestBodyLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"assistant_id":"a"`)
	for i := range 40 {
		b.WriteString(`,"k` + strings.Repeat("x", i) + `":1`)
	}
	b.WriteString("}")
	body := decodeTree(t, b.String())
	for _, tt := range []struct{ limit, want int }{{1, 1}, {5, 5}, {0, MaxRequestIssues}, {-1, MaxRequestIssues}, {1000, MaxRequestIssues}} {
		issues, err := CheckRequestBody(BodyCreateRun, body, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(issues) != tt.want {
			t.Errorf("limit %d: got %d issues, want %d", tt.limit, len(issues), tt.want)
		}
	}
}

func TestCheckRequestBodyUnknownBody(t *testing.T) {
	for _, b := range []RequestBody{0, BodyModifyMessage + 1, 255} {
		issues, err := CheckRequestBody(b, map[string]any{}, 1)
		if !errors.Is(err, ErrUnknownRequestBody) {
			t.Errorf("body %d: got error %v, want ErrUnknownRequestBody", b, err)
		}
		if issues != nil {
			t.Errorf("body %d: got issues %+v, want none", b, issues)
		}
	}
}

func TestCheckRequestBodyValuesNotFromUseNumber(t *testing.T) {
	// A float64 is what a decoder without UseNumber gives: refused, not a panic.
	issues, err := CheckRequestBody(BodyCreateRun, map[string]any{"assistant_id": "a", "top_p": 0.5}, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := "Invalid type for 'top_p': expected a number, but got an unsupported value instead."
	if len(issues) != 1 || issues[0].Message != want {
		t.Errorf("got %+v, want one issue %q", issues, want)
	}
}

func TestEveryRequestBodyHasASchema(t *testing.T) {
	for b := BodyCreateRun; b <= BodyModifyMessage; b++ {
		if _, err := CheckRequestBody(b, map[string]any{}, 1); err != nil {
			t.Errorf("body %d: got error %v, want a schema", b, err)
		}
	}
}

func TestQuoteListAndPointerToken(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"a"}, "'a'"}, {[]string{"a", "b"}, "'a' and 'b'"}, {[]string{"a", "b", "c"}, "'a', 'b', and 'c'"}} {
		if got := QuoteList(tt.in); got != tt.want {
			t.Errorf("QuoteList(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{"a": "a", "a/b": "a~1b", "~x": "~0x", "~/": "~0~1"} {
		if got := PointerToken(in); got != want {
			t.Errorf("PointerToken(%q): got %q, want %q", in, got, want)
		}
	}
	for in, want := range map[any]string{nil: "null", "s": "a string", json.Number("1"): "an integer", json.Number("1.0"): "a number", true: "a boolean"} {
		if got := JSONTypeName(in); got != want {
			t.Errorf("JSONTypeName(%v): got %q, want %q", in, got, want)
		}
	}
}

// FuzzCheckRequestBody checks that any JSON object body yields issues
// within the limit, each naming a place, and no panic.
func FuzzCheckRequestBody(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"assistant_id":"a"}`, `{"metadata":{"k":1}}`, `{"tools":[{"type":"function","function":{}}]}`,
		`{"tool_choice":{"type":"x"},"content":[],"thread":{"messages":[{}]}}`, `{"temperature":1e999,"max_prompt_tokens":1.5}`,
	} {
		f.Add(uint8(BodyCreateRun), seed)
		f.Add(uint8(BodyCreateThreadAndRun), seed)
	}
	f.Fuzz(func(t *testing.T, b uint8, body string) {
		dec := json.NewDecoder(strings.NewReader(body))
		dec.UseNumber()
		var m map[string]any
		if dec.Decode(&m) != nil || m == nil {
			return
		}
		issues, err := CheckRequestBody(RequestBody(b), m, 4)
		if err != nil {
			if !errors.Is(err, ErrUnknownRequestBody) {
				t.Fatalf("got error %v, want ErrUnknownRequestBody", err)
			}
			return
		}
		if len(issues) > 4 {
			t.Fatalf("got %d issues, want at most 4", len(issues))
		}
		for _, is := range issues {
			if is.Kind.String() == "" || is.Message == "" || !strings.HasPrefix(is.Pointer, "/") {
				t.Fatalf("got an incomplete issue %+v", is)
			}
		}
	})
}
